package store

import (
	"context"
	"sort"
	"strings"
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
// history list shows it, or a version someone named. Its ID names the
// document as it was after its last change: heads, as FindVersion takes.
type Version struct {
	ID         string
	Author     DocID
	AuthorName string
	Start, End time.Time
	Changes    int

	// A named version: what someone called the page as it was at ID
	// ("Sent to legal"), who and when. Empty for the others.
	Name        string
	NamedBy     DocID
	NamedByName string
	NamedAt     time.Time
}

// NamedVersion is a name someone gave to the page as it was at Heads.
// Named versions are kept in the page's document, so they sync.
type NamedVersion struct {
	ID    string
	Name  string
	Heads string // sorted change hashes, comma-separated
	By    DocID
	At    time.Time
}

// VerbNameVersion is the verb of the change that records a named version.
// It changes no text, so history does not list it as a change.
const VerbNameVersion = "name version"

// MaxVersionName is the longest name of a version, in characters.
const MaxVersionName = 100

// VersionGap is the pause that starts a new version.
const VersionGap = 10 * time.Minute

// GroupVersions groups changes, oldest first, into versions, newest first.
// A named version ends its run: it is listed as its own entry, carrying
// the run of changes that led to it, and never grows with later ones.
// Names given to a state that is not the end of one change (several heads
// after a merge) are listed on their own, with no changes, by their time.
func GroupVersions(changes []Change, named ...NamedVersion) []Version {
	// A name given right after another names the same text: the heads of
	// a naming change stand for the change before it.
	alias := map[string]string{}
	last := ""
	var content []Change
	for _, c := range changes {
		if c.Verb == VerbNameVersion {
			alias[c.Hash] = last
			continue
		}
		last = c.Hash
		content = append(content, c)
	}
	byHash := map[string]NamedVersion{} // the latest name of each state
	var loose []NamedVersion
	for _, n := range named {
		h := n.Heads
		if a, ok := alias[h]; ok {
			h = a
		}
		if h == "" || strings.Contains(h, ",") {
			loose = append(loose, n)
			continue
		}
		if old, ok := byHash[h]; !ok || n.At.After(old.At) || (n.At.Equal(old.At) && n.ID > old.ID) {
			if ok {
				loose = append(loose, old)
			}
			byHash[h] = n
		} else {
			loose = append(loose, n)
		}
	}
	var out []Version
	closed := false
	for _, c := range content {
		if n := len(out); n > 0 && !closed && out[n-1].Author == c.Author && c.Time.Sub(out[n-1].End) < VersionGap {
			v := &out[n-1]
			v.ID, v.End, v.Changes = c.Hash, c.Time, v.Changes+1
		} else {
			out = append(out, Version{ID: c.Hash, Author: c.Author, Start: c.Time, End: c.Time, Changes: 1})
		}
		closed = false
		if n, ok := byHash[c.Hash]; ok {
			v := &out[len(out)-1]
			v.Name, v.NamedBy, v.NamedAt = n.Name, n.By, n.At
			closed = true
			delete(byHash, c.Hash)
		}
	}
	for _, n := range byHash { // names of states this history does not hold
		loose = append(loose, n)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	sort.Slice(loose, func(i, j int) bool { return loose[i].At.After(loose[j].At) })
	for _, n := range loose {
		v := Version{ID: n.Heads, Author: n.By, Start: n.At, End: n.At, Name: n.Name, NamedBy: n.By, NamedAt: n.At}
		i := sort.Search(len(out), func(i int) bool { return !out[i].End.After(n.At) })
		out = append(out[:i], append([]Version{v}, out[i:]...)...)
	}
	return out
}

// HistoryService reads past versions of pages. Restoring one is a new
// edit on top (see SpliceBetween): history is never rewritten.
type HistoryService interface {
	FindVersions(ctx context.Context, id DocID) ([]Version, error)
	// FindVersion returns the page as it was at a version.
	FindVersion(ctx context.Context, id DocID, version string) (*Page, error)
	// NameVersion names the page as it is now, with every edit made so far.
	NameVersion(ctx context.Context, id DocID, name string) (*Version, error)
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
