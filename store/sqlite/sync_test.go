package sqlite_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

// Two sessions with the same peer (this device's call and the peer's, or a
// first sync and the next one) can bring the same new documents at once:
// both take them in, the second as a merge, and neither fails.
func TestTwoSessionsAdoptTheSameNewDocumentAtOnce(t *testing.T) {
	ctx := context.Background()
	from, _ := openDB(t)
	to, _ := openDB(t)
	for round := range 20 {
		p, err := from.CreatePage(ctx, inSpace(from, fmt.Sprintf("Launch plan %d", round), "Ship it on Friday."))
		if err != nil {
			t.Fatal(err)
		}
		doc, _, err := from.SyncOpen(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		snapshot := doc.Save()
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = to.SyncAdopt(ctx, p.ID, store.KindPage, snapshot)
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("round %d, the same page adopted twice at once: %v", round, err)
			}
		}
		got, err := to.FindPage(ctx, p.ID)
		if err != nil || got.Title != p.Title || got.Body != "Ship it on Friday." {
			t.Fatalf("round %d: the page arrived as %+v, %v", round, got, err)
		}
	}
}

// A first sync hands the store its documents a batch at a time: new pages
// go to the writer together, a page this device holds is merged, other
// kinds are stored one by one, and a document that cannot be read fails
// alone. What the sending side gives are its stored bytes, or the document
// saved anew when changes follow them, with the heads of every edit.
func TestSyncAdoptAllAndSnapshots(t *testing.T) {
	ctx := context.Background()
	from, _ := openDB(t)
	to, _ := openDB(t)
	var ids []store.DocID
	for i := range 3 {
		p, err := from.CreatePage(ctx, inSpace(from, fmt.Sprintf("Runbook %d", i), "Restart the queue."))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	title := "Runbook 1, renamed"
	if _, err := from.UpdatePage(ctx, ids[1], store.PageUpdate{Title: &title}); err != nil {
		t.Fatal(err)
	}
	m, err := from.CreateMember(ctx, store.NewMember{Name: "Bo Tanaka", TimeZone: "Asia/Tokyo"})
	if err != nil {
		t.Fatal(err)
	}
	ids = append(ids, m.ID)

	var docs []store.DocSnapshot
	for _, id := range ids {
		snap, kind, heads, err := from.SyncSnapshot(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		d, _, err := from.SyncOpen(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		loaded, err := crdt.Load(snap, nil)
		if err != nil || heads != d.Heads() || loaded.Heads() != heads {
			t.Fatalf("SyncSnapshot of %s: heads %q (loaded: %v), want %q", id, heads, err, d.Heads())
		}
		docs = append(docs, store.DocSnapshot{ID: id, Kind: kind, Snapshot: snap})
	}
	if err := to.SyncAdopt(ctx, ids[0], store.KindPage, docs[0].Snapshot); err != nil {
		t.Fatal(err)
	}
	garbage := store.DocSnapshot{ID: store.NewDocID(), Kind: store.KindPage, Snapshot: []byte("not a document")}
	errs := to.SyncAdoptAll(ctx, append(docs, garbage))
	for i, err := range errs {
		if (i == len(docs)) != (err != nil) {
			t.Errorf("document %d: %v", i, err)
		}
	}
	for i, want := range []string{"Runbook 0", title, "Runbook 2"} {
		if p, err := to.FindPage(ctx, ids[i]); err != nil || p.Title != want || p.Body != "Restart the queue." {
			t.Errorf("page %d arrived as %+v, %v", i, p, err)
		}
	}
	if got, err := to.FindMember(ctx, m.ID); err != nil || got.Name != "Bo Tanaka" {
		t.Errorf("the member arrived as %+v, %v", got, err)
	}
	if _, err := to.FindPage(ctx, garbage.ID); err == nil {
		t.Error("the garbage was stored as a page")
	}
}
