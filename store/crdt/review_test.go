package crdt_test

import (
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

// Two reviewers approving, and two people logging decisions, on devices
// that had not seen each other's change: everything survives the merge.
func TestConcurrentReviewsMerge(t *testing.T) {
	now := time.Unix(1700000000, 0)
	owner, bo, cy := store.NewDocID(), store.NewDocID(), store.NewDocID()
	d, _ := crdt.NewPage(store.Page{Title: "Memo"}, owner, now)
	for _, m := range []store.DocID{bo, cy} {
		if err := d.SetReviewer(store.Reviewer{Member: m, State: store.ReviewUnread, DueDate: "2026-03-06", Due: now, RequestedBy: owner, RequestedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	d.SetStatus(store.StatusReview, owner, now)
	d.Commit("", now)
	base := d.Heads()

	d.SetReviewState(bo, store.ReviewApproved, now)
	d.AddDecision(store.Decision{ID: "d1", Text: "Per seat", Author: bo, At: now})
	d.Commit("", now)
	_, err := d.ChangeAt(base, "", now.Add(time.Second), func(peer *crdt.Doc) error {
		if err := peer.SetReviewState(cy, store.ReviewCommented, now); err != nil {
			return err
		}
		return peer.AddDecision(store.Decision{ID: "d2", Text: "From July", Author: cy, At: now.Add(time.Second)})
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := d.Review()
	if err != nil {
		t.Fatal(err)
	}
	if r.Owner != owner || r.Status != store.StatusReview {
		t.Errorf("owner %q status %q", r.Owner, r.Status)
	}
	if s := r.Reviewer(bo).State; s != store.ReviewApproved {
		t.Errorf("Bo's state %q, want approved", s)
	}
	if s := r.Reviewer(cy).State; s != store.ReviewCommented {
		t.Errorf("Cy's state %q, want commented", s)
	}
	if len(r.Decisions) != 2 || r.Decisions[0].ID != "d1" || r.Decisions[1].ID != "d2" {
		t.Errorf("decisions = %+v, want both, oldest first", r.Decisions)
	}
}

// A page written before reviews existed reads as a draft owned by its author.
func TestOldPageReadsAsDraft(t *testing.T) {
	now := time.Unix(1700000000, 0)
	author := store.NewDocID()
	d, _ := crdt.NewPage(store.Page{Title: "Old"}, author, now)
	d.SetStatus("", "", now) // as if the field were never written
	d.SetOwner("")
	r, err := d.Review()
	if err != nil || r.Status != store.StatusDraft || r.Owner != author {
		t.Fatalf("review = %+v, %v", r, err)
	}
}
