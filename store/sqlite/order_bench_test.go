package sqlite_test

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/longhand/longhand/store/sqlite"
)

// BenchmarkOrderKeys appends n pages (6-word title, 150-word body, as
// BenchmarkSearch makes them) to one space and reports the length of
// their position keys and the database's bytes per page: with the keys
// of the version before #17 ("older"), the same database once opening
// has renumbered them ("older-renumbered", with the time that took), and
// with the present keys ("bounded").
func BenchmarkOrderKeys(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run("older/"+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				path := appendPages(b, n, olderBetween)
				reportKeys(b, path, n, "")
				resetPeakRSS()
				t0 := time.Now()
				db, err := sqlite.Open(context.Background(), path)
				if err != nil {
					b.Fatal(err)
				}
				opened := time.Since(t0)
				b.ReportMetric(float64(peakRSS())/1e6, "renumber-peak-MB")
				db.Close()
				b.ReportMetric(opened.Seconds(), "renumber-s")
				reportKeys(b, path, n, "renumbered-")
			}
		})
		b.Run("bounded/"+strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				reportKeys(b, appendPages(b, n, nil), n, "")
			}
		})
	}
}

// appendPages makes a workspace and appends n pages to its first space,
// with keys made by between (nil: the present scheme), and closes it.
func appendPages(b *testing.B, n int, between func(a, b string) string) string {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "longhand.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	if between != nil {
		sqlite.SetKeyMaker(db, between)
	}
	db.CreateWorkspace(ctx, "", "Bench", "UTC")
	r := rand.New(rand.NewPCG(1, 2))
	words := vocabulary(r, 20000)
	for i := 0; i < n; i++ {
		if _, err := db.CreatePage(ctx, inSpace(db, sentence(r, words, 6), sentence(r, words, 150))); err != nil {
			b.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// reportKeys reports the keys' average and longest length and the
// database's bytes per page, as the file is and after VACUUM. It reads
// the file with SQLite alone: opening it as Longhand would renumber.
func reportKeys(b *testing.B, path string, n int, prefix string) {
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	var avg float64
	var longest int
	if err := raw.QueryRow("SELECT avg(length(position)), max(length(position)) FROM pages").Scan(&avg, &longest); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(avg, prefix+"avg-chars")
	b.ReportMetric(float64(longest), prefix+"max-chars")
	b.ReportMetric(float64(fileSize(b, path))/float64(n), prefix+"B/page")
	// What the data needs, without the free pages a renumbering leaves.
	vac := vacuumed(b, path)
	b.ReportMetric(float64(fileSize(b, vac))/float64(n), prefix+"vacuumed-B/page")
	os.Remove(vac)
}

func fileSize(b *testing.B, path string) int64 {
	var total int64
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			total += fi.Size()
		}
	}
	return total
}
