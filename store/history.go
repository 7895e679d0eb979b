package store

import (
	"context"
	"time"
)

// Change is one change in a document's history.
type Change struct {
	Hash   string
	Author DocID
	Verb   string // edit, rename page, trash page, ...
	Time   time.Time
}

// Version is a run of changes by one person with no long pause, as a
// history list shows it. Its ID names the document as it was after its
// last change.
type Version struct {
	ID         string
	Author     DocID
	AuthorName string
	Start, End time.Time
	Changes    int
}

// VersionGap is the pause that starts a new version.
const VersionGap = 10 * time.Minute

// GroupVersions groups changes, oldest first, into versions, newest first.
func GroupVersions(changes []Change) []Version {
	var out []Version
	for _, c := range changes {
		if n := len(out); n > 0 && out[n-1].Author == c.Author && c.Time.Sub(out[n-1].End) < VersionGap {
			v := &out[n-1]
			v.ID, v.End, v.Changes = c.Hash, c.Time, v.Changes+1
			continue
		}
		out = append(out, Version{ID: c.Hash, Author: c.Author, Start: c.Time, End: c.Time, Changes: 1})
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// HistoryService reads past versions of pages. Restoring one is a new
// edit on top (see SpliceBetween): history is never rewritten.
type HistoryService interface {
	FindVersions(ctx context.Context, id DocID) ([]Version, error)
	// FindVersion returns the page as it was at a version.
	FindVersion(ctx context.Context, id DocID, version string) (*Page, error)
}

// SpliceBetween returns one splice that turns a into b: the part between
// their common prefix and suffix replaced. Positions are in code points.
func SpliceBetween(a, b string) (Splice, bool) {
	ra, rb := []rune(a), []rune(b)
	p := 0
	for p < len(ra) && p < len(rb) && ra[p] == rb[p] {
		p++
	}
	s := 0
	for s < len(ra)-p && s < len(rb)-p && ra[len(ra)-1-s] == rb[len(rb)-1-s] {
		s++
	}
	if p == len(ra) && p == len(rb) {
		return Splice{}, false
	}
	return Splice{Pos: p, Del: len(ra) - p - s, Ins: string(rb[p : len(rb)-s])}, true
}
