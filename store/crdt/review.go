package crdt

import (
	"fmt"
	"sort"
	"time"

	"github.com/automerge/automerge-go"
	"github.com/longhand/longhand/store"
)

// A page's review lives in its root map beside the body:
//
//	pageKind   "" or "meeting"
//	status     "draft", "review" or "decided" ("" reads as draft)
//	owner      member DocID ("" reads as the author)
//	reviewBy   "YYYY-MM-DD" or ""
//	decidedAt, decidedBy
//	reviewers  map of member ID to {state, dueDate, due (Unix ms), requestedBy, requestedAt, updatedAt}
//	preRead    page DocID, for a meeting page
//	ready      bool, for a meeting page
//	decisions  map of decision ID to {text, author, at}
//
// Reviewers and decisions are maps so that two people acting offline both
// keep what they did: two approvals, two decisions logged at once.

type reviewerFields struct {
	State       string `automerge:"state"`
	DueDate     string `automerge:"dueDate"`
	Due         int64  `automerge:"due"`
	RequestedBy string `automerge:"requestedBy"`
	RequestedAt int64  `automerge:"requestedAt"`
	UpdatedAt   int64  `automerge:"updatedAt"`
}

type decisionFields struct {
	Text   string `automerge:"text"`
	Author string `automerge:"author"`
	At     int64  `automerge:"at"`
}

// Review reads a page's review. Page is left for the caller.
func (d *Doc) Review() (*store.Review, error) {
	var r store.Review
	var kind, status, owner, preRead, decidedBy string
	var err error
	for _, f := range []struct {
		key string
		dst *string
	}{{"pageKind", &kind}, {"status", &status}, {"owner", &owner}, {"reviewBy", &r.ReviewBy},
		{"preRead", &preRead}, {"decidedBy", &decidedBy}} {
		if *f.dst, err = d.str(f.key); err != nil {
			return nil, fmt.Errorf("page %s: %w", f.key, err)
		}
	}
	if owner == "" {
		if owner, err = d.str("author"); err != nil {
			return nil, fmt.Errorf("page author: %w", err)
		}
	}
	if r.Meeting.Ready, err = d.bool("ready"); err != nil {
		return nil, fmt.Errorf("page ready: %w", err)
	}
	decidedAt, err := d.int("decidedAt")
	if err != nil {
		return nil, fmt.Errorf("page decidedAt: %w", err)
	}
	r.Kind, r.Status, r.Owner = store.PageKind(kind), store.Status(status), store.DocID(owner)
	if !r.Status.Valid() {
		r.Status = store.StatusDraft
	}
	r.Meeting.PreRead, r.DecidedBy, r.DecidedAt = store.DocID(preRead), store.DocID(decidedBy), store.FromUnixMillis(decidedAt)

	reviewers, err := mapOf[reviewerFields](d, "reviewers")
	if err != nil {
		return nil, err
	}
	for id, f := range reviewers {
		r.Reviewers = append(r.Reviewers, store.Reviewer{Member: store.DocID(id), State: store.ReviewState(f.State),
			DueDate: f.DueDate, Due: store.FromUnixMillis(f.Due), RequestedBy: store.DocID(f.RequestedBy),
			RequestedAt: store.FromUnixMillis(f.RequestedAt), UpdatedAt: store.FromUnixMillis(f.UpdatedAt)})
	}
	sort.Slice(r.Reviewers, func(i, j int) bool {
		a, b := r.Reviewers[i], r.Reviewers[j]
		return a.RequestedAt.Before(b.RequestedAt) || a.RequestedAt.Equal(b.RequestedAt) && a.Member < b.Member
	})
	decisions, err := mapOf[decisionFields](d, "decisions")
	if err != nil {
		return nil, err
	}
	for id, f := range decisions {
		r.Decisions = append(r.Decisions, store.Decision{ID: id, Text: f.Text, Author: store.DocID(f.Author), At: store.FromUnixMillis(f.At)})
	}
	sort.Slice(r.Decisions, func(i, j int) bool {
		a, b := r.Decisions[i], r.Decisions[j]
		return a.At.Before(b.At) || a.At.Equal(b.At) && a.ID < b.ID
	})
	return &r, nil
}

// mapOf reads the root map entry key as a map of string to T; a missing
// entry reads as empty.
func mapOf[T any](d *Doc, key string) (map[string]T, error) {
	v, err := d.am.RootMap().Get(key)
	if err != nil || v.Kind() == automerge.KindVoid {
		return nil, err
	}
	m, err := automerge.As[map[string]T](v)
	if err != nil {
		return nil, fmt.Errorf("page %s: %w", key, err)
	}
	return m, nil
}

// SetStatus moves the page to a status; deciding records who and when.
func (d *Doc) SetStatus(s store.Status, by store.DocID, at time.Time) error {
	fields := map[string]any{"status": string(s)}
	if s == store.StatusDecided {
		fields["decidedAt"], fields["decidedBy"] = store.UnixMillis(at), string(by)
	}
	return d.setRoot(fields)
}

// SetOwner makes a member the page's owner.
func (d *Doc) SetOwner(owner store.DocID) error {
	return d.setRoot(map[string]any{"owner": string(owner)})
}

// SetReviewBy sets the date the page should be looked at again; "" for none.
func (d *Doc) SetReviewBy(date string) error { return d.setRoot(map[string]any{"reviewBy": date}) }

// SetPageKind makes the page a meeting page or an ordinary one.
func (d *Doc) SetPageKind(k store.PageKind) error {
	return d.setRoot(map[string]any{"pageKind": string(k)})
}

// SetPreRead links a meeting page's pre-read.
func (d *Doc) SetPreRead(id store.DocID) error {
	return d.setRoot(map[string]any{"preRead": string(id)})
}

// SetReady marks a meeting page ready or not.
func (d *Doc) SetReady(ready bool) error { return d.setRoot(map[string]any{"ready": ready}) }

// SetReviewer adds a reviewer or changes their entry.
func (d *Doc) SetReviewer(r store.Reviewer) error {
	if err := d.ensureMap("reviewers"); err != nil {
		return err
	}
	err := d.am.Path("reviewers", string(r.Member)).Set(map[string]any{
		"state": string(r.State), "dueDate": r.DueDate, "due": store.UnixMillis(r.Due),
		"requestedBy": string(r.RequestedBy), "requestedAt": store.UnixMillis(r.RequestedAt),
		"updatedAt": store.UnixMillis(r.UpdatedAt),
	})
	if err != nil {
		return fmt.Errorf("set reviewer: %w", err)
	}
	return nil
}

// SetReviewState changes only a reviewer's state, so that it merges with a
// concurrent change of their due date.
func (d *Doc) SetReviewState(member store.DocID, s store.ReviewState, at time.Time) error {
	m := d.am.Path("reviewers", string(member)).Map()
	if err := m.Set("state", string(s)); err != nil {
		return fmt.Errorf("set review state: %w", err)
	}
	if err := m.Set("updatedAt", store.UnixMillis(at)); err != nil {
		return fmt.Errorf("set review state: %w", err)
	}
	return nil
}

// RemoveReviewer takes a member off the page's reviewers.
func (d *Doc) RemoveReviewer(member store.DocID) error {
	if err := d.am.Path("reviewers").Map().Delete(string(member)); err != nil {
		return fmt.Errorf("remove reviewer: %w", err)
	}
	return nil
}

// AddDecision logs a decision.
func (d *Doc) AddDecision(dec store.Decision) error {
	if err := d.ensureMap("decisions"); err != nil {
		return err
	}
	err := d.am.Path("decisions", dec.ID).Set(map[string]any{
		"text": dec.Text, "author": string(dec.Author), "at": store.UnixMillis(dec.At),
	})
	if err != nil {
		return fmt.Errorf("add decision: %w", err)
	}
	return nil
}

// DeleteDecision removes a decision from the log.
func (d *Doc) DeleteDecision(id string) error {
	if err := d.am.Path("decisions").Map().Delete(id); err != nil {
		return fmt.Errorf("delete decision: %w", err)
	}
	return nil
}

func (d *Doc) setRoot(fields map[string]any) error {
	root := d.am.RootMap()
	for k, v := range fields {
		if err := root.Set(k, v); err != nil {
			return fmt.Errorf("set %s: %w", k, err)
		}
	}
	return nil
}

// ensureMap creates an empty map at key unless one is there. Pages made
// before reviews existed have none.
func (d *Doc) ensureMap(key string) error {
	v, err := d.am.RootMap().Get(key)
	if err != nil {
		return err
	}
	if v.Kind() == automerge.KindMap {
		return nil
	}
	return d.am.RootMap().Set(key, map[string]any{})
}
