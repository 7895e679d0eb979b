package seed_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/seed"
	"github.com/longhand/longhand/store/sqlite"
)

func TestSeedShape(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "longhand.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	t0 := time.Now()
	res, err := seed.Workspace(ctx, db, seed.Shape{Pages: 500})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("500 pages in %v", time.Since(t0))
	ps, err := db.FindPages(ctx, store.PageFilter{Space: res.Space})
	if err != nil {
		t.Fatal(err)
	}
	top, byParent := 0, map[store.DocID]int{}
	for _, p := range ps {
		if p.Parent == "" {
			top++
		}
		byParent[p.Parent]++
	}
	// 500 pages and the space's home page.
	if len(ps) != 501 || top != 101 || len(res.Top) != 100 || len(res.Deep) != 8 {
		t.Fatalf("%d pages, %d at the top, result %d top %d deep", len(ps), top, len(res.Top), len(res.Deep))
	}
	if byParent[res.Top[0]] != 20 || byParent[res.Deep[6]] != 1 || byParent[res.Top[res.DeepTop]] != 1 {
		t.Errorf("subpages: %d under the first, %d under deep 7, %d under the chain's top", byParent[res.Top[0]], byParent[res.Deep[6]], byParent[res.Top[res.DeepTop]])
	}
	if _, err := seed.Workspace(ctx, db, seed.Shape{Pages: 10}); err == nil {
		t.Error("seeding twice: no error")
	}
}
