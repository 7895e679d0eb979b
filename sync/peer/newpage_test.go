package peer_test

import (
	"context"
	"testing"

	"github.com/longhand/longhand/store"
)

// Issue 17: the sandbox worker reads each page it checks for a device
// that lacks it and hands back what its rows hold, and the device writes
// them without loading the page again. Those rows must be the ones the sender
// holds: a subpage's space, a thread's anchor, a reviewer, links and the
// search index.
func TestANewPageArrivesWithEveryRow(t *testing.T) {
	ctx := context.Background()
	loader(t)
	dir := t.TempDir()
	a := newWorkspace(t, dir, "ada")
	defer a.close(t)
	b := join(t, a, dir, "bo")
	defer b.close(t)
	syncPair(t, b, a) // each learns of the other, so that bo may review
	spaces, err := a.db.FindSpaces(ctx)
	if err != nil || len(spaces) == 0 {
		t.Fatal(spaces, err)
	}
	parent, err := a.db.CreatePage(ctx, store.NewPage{Title: "Handbook", Body: "How we work, with a pelican.", Space: spaces[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	child, err := a.db.CreatePage(ctx, store.NewPage{Title: "Leave", Body: "See [[Handbook]] first.", Parent: parent.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.db.CreateThread(ctx, parent.ID, "", 7, 11, "Which work?", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := a.db.AddReviewer(ctx, parent.ID, b.me, "2026-12-24"); err != nil {
		t.Fatal(err)
	}
	syncPair(t, b, a)
	converged(t, a, b)

	got, err := b.db.FindPage(ctx, child.ID)
	if err != nil || got.Space != spaces[0].ID || got.Parent != parent.ID {
		t.Errorf("the subpage on the new device: %+v, %v; want space %s under %s", got, err, spaces[0].ID, parent.ID)
	}
	links, err := b.db.FindBacklinks(ctx, parent.ID)
	if err != nil || len(links) != 1 || links[0].ID != child.ID {
		t.Errorf("backlinks of the parent on the new device: %+v, %v", links, err)
	}
	threads, err := b.db.FindThreads(ctx, parent.ID)
	if err != nil || len(threads) != 1 || threads[0].Start != 7 || threads[0].End != 11 || threads[0].Detached {
		t.Errorf("threads on the new device: %+v, %v", threads, err)
	}
	review, err := b.db.FindReview(ctx, parent.ID)
	if err != nil || len(review.Reviewers) != 1 || review.Reviewers[0].Member != b.me {
		t.Errorf("review on the new device: %+v, %v", review, err)
	}
	hits, err := b.db.Search(ctx, "pelican", 10)
	if err != nil || len(hits) != 1 || hits[0].ID != parent.ID {
		t.Errorf("search on the new device: %+v, %v", hits, err)
	}
}
