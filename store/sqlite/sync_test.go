package sqlite_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/longhand/longhand/store"
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
