package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/seed"
	"github.com/longhand/longhand/store/sqlite"
)

// BenchmarkTreeListing measures what the sidebar asks for at launch and as
// it is used, on workspaces seeded by store/seed (a fifth of the pages at
// the top of one space, 20 under each branch, a chain 8 deep), against
// reading every page's summary, which the tree did before (Pages.List).
// LONGHAND_BENCH_TREE=10000,100000 picks the sizes (default 10,000).
func BenchmarkTreeListing(b *testing.B) {
	sizes := []int{10_000}
	if v := os.Getenv("LONGHAND_BENCH_TREE"); v != "" {
		sizes = nil
		for _, f := range strings.Split(v, ",") {
			n, err := strconv.Atoi(f)
			if err != nil {
				b.Fatal(err)
			}
			sizes = append(sizes, n)
		}
	}
	for _, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			ctx := context.Background()
			db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "longhand.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			t0 := time.Now()
			res, err := seed.Workspace(ctx, db, seed.Shape{Pages: n})
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("seeded %d pages in %v", n, time.Since(t0))
			median := func(f func() error) time.Duration {
				var ds []time.Duration
				for range 21 {
					t := time.Now()
					if err := f(); err != nil {
						b.Fatal(err)
					}
					ds = append(ds, time.Since(t))
				}
				slices.Sort(ds)
				return ds[len(ds)/2]
			}
			for b.Loop() {
				top := median(func() error { _, err := db.FindBranch(ctx, res.Space, "", 0, 100); return err })
				far := median(func() error { _, err := db.FindBranch(ctx, res.Space, "", len(res.Top)-100, 100); return err })
				sub := median(func() error { _, err := db.FindBranch(ctx, "", res.Top[0], 0, 100); return err })
				path := median(func() error { _, err := db.FindTreePath(ctx, res.Deep[len(res.Deep)-1]); return err })
				strays := median(func() error { _, err := db.FindStrays(ctx, res.Space); return err })
				all := median(func() error { _, err := db.FindPages(ctx, store.PageFilter{}); return err })
				b.ReportMetric(ms(top), "top100-ms")
				b.ReportMetric(ms(far), "last100-ms")
				b.ReportMetric(ms(sub), "branch-ms")
				b.ReportMetric(ms(path), "path-ms")
				b.ReportMetric(ms(strays), "strays-ms")
				b.ReportMetric(ms(all), "allpages-ms")
			}
		})
	}
}
