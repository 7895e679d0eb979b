package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/store/trace"
)

// Benchmarks for make bench. The trace replays read the files named in
// $LONGHAND_TRACE (comma-separated paths), or the traces in store/trace/testdata.

func traceFiles(b *testing.B) []string {
	if env := os.Getenv("LONGHAND_TRACE"); env != "" {
		return strings.Split(env, ",")
	}
	dir, err := trace.Dir()
	if err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json.gz"))
	return files
}

func loadTrace(b *testing.B, path string) *trace.Trace {
	tr, err := trace.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	return tr
}

// BenchmarkTraceReplayStore replays a trace through the store's real edit
// path: one durable EditPage per patch, each on the revision the last one
// returned, as an editor would send them.
func BenchmarkTraceReplayStore(b *testing.B) {
	for _, path := range traceFiles(b) {
		tr := loadTrace(b, path)
		b.Run(tr.Name, func(b *testing.B) {
			for b.Loop() {
				replayStore(b, tr)
			}
		})
	}
}

func replayStore(b *testing.B, tr *trace.Trace) {
	ctx := context.Background()
	resetPeakRSS()
	path := filepath.Join(b.TempDir(), "longhand.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	db.CreateWorkspace(ctx, "", "Bench", "UTC")
	p, err := db.CreatePage(ctx, inSpace(db, "Trace", tr.StartContent))
	if err != nil {
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, tr.Patches())
	rev := p.Rev
	start := time.Now()
	for _, tx := range tr.Txns {
		for _, s := range tx {
			t0 := time.Now()
			res, err := db.EditPage(ctx, p.ID, store.Edit{Base: rev, Splices: []store.Splice{s}})
			lat = append(lat, time.Since(t0))
			if err != nil {
				b.Fatal(err)
			}
			rev = res.Rev
		}
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	total := time.Since(start)
	peak := peakRSS()

	// Cold open: the text from the row, then the page ready for an edit.
	t0 := time.Now()
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	got, err := db.FindPage(ctx, p.ID)
	visible := time.Since(t0)
	if err != nil {
		b.Fatal(err)
	}
	if got.Body != tr.EndContent {
		b.Fatalf("replayed body has %d bytes, endContent %d", len(got.Body), len(tr.EndContent))
	}
	if _, err := db.EditPage(ctx, p.ID, store.Edit{Base: got.Rev}); err != nil {
		b.Fatal(err)
	}
	editable := time.Since(t0)
	db.Close()

	size := dbSize(b, path)
	doc := saveSize(b, path, p.ID)
	if os.Getenv("LONGHAND_BENCH_DBSTAT") != "" {
		raw, _ := sql.Open("sqlite3", path)
		var pages, free int64
		var snap, changes, body int64
		raw.QueryRow("PRAGMA page_count").Scan(&pages)
		raw.QueryRow("PRAGMA freelist_count").Scan(&free)
		raw.QueryRow("SELECT sum(length(snapshot)) FROM docs").Scan(&snap)
		raw.QueryRow("SELECT coalesce(sum(length(bytes)), 0) FROM changes").Scan(&changes)
		raw.QueryRow("SELECT sum(length(packed_body)) FROM pages").Scan(&body)
		raw.Close()
		b.Logf("db %d B: %d pages, %d free; snapshots %d B, changes %d B, row bodies %d B; Save() %d B", size, pages, free, snap, changes, body, doc)
	}
	slices.Sort(lat)
	n := float64(tr.Patches())
	b.ReportMetric(total.Seconds(), "s/replay")
	b.ReportMetric(us(lat[len(lat)/2]), "p50-µs")
	b.ReportMetric(us(lat[len(lat)*99/100]), "p99-µs")
	b.ReportMetric(us(lat[len(lat)*999/1000]), "p99.9-µs")
	b.ReportMetric(float64(size)/n, "db-B/keystroke")
	b.ReportMetric(float64(size)/float64(doc), "db/Save()")
	b.ReportMetric(ms(visible), "visible-ms")
	b.ReportMetric(ms(editable), "editable-ms")
	b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
}

// BenchmarkTraceReplayAutomerge is the baseline: automerge-go alone, one
// commit per 100 patches, nothing stored.
func BenchmarkTraceReplayAutomerge(b *testing.B) {
	for _, path := range traceFiles(b) {
		tr := loadTrace(b, path)
		b.Run(tr.Name, func(b *testing.B) {
			for b.Loop() {
				resetPeakRSS()
				now := time.Now()
				start := time.Now()
				d, err := crdt.NewPage(store.Page{Title: "Trace", Body: tr.StartContent}, store.NewDocID(), now)
				if err != nil {
					b.Fatal(err)
				}
				k := 0
				for _, tx := range tr.Txns {
					for _, s := range tx {
						if err := d.SpliceBody([]store.Splice{s}); err != nil {
							b.Fatal(err)
						}
						if k++; k%100 == 0 {
							d.Commit("", now)
						}
					}
				}
				d.Commit("", now)
				total := time.Since(start)
				p, _ := d.Page()
				if p.Body != tr.EndContent {
					b.Fatal("automerge replay differs from endContent")
				}
				b.ReportMetric(total.Seconds(), "s/replay")
				b.ReportMetric(float64(len(d.Save())), "Save()-B")
				b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MB")
			}
		})
	}
}

// BenchmarkTraceReplaySQLite is the other baseline: a bare single-row
// insert per patch, each its own transaction, in the same WAL settings.
func BenchmarkTraceReplaySQLite(b *testing.B) {
	for _, path := range traceFiles(b) {
		tr := loadTrace(b, path)
		b.Run(tr.Name, func(b *testing.B) {
			for b.Loop() {
				db, err := sql.Open("sqlite3", "file:"+filepath.Join(b.TempDir(), "bare.db")+"?_journal_mode=WAL&_synchronous=NORMAL")
				if err != nil {
					b.Fatal(err)
				}
				db.SetMaxOpenConns(1)
				db.Exec("CREATE TABLE t (pos INTEGER, del INTEGER, ins TEXT)")
				lat := make([]time.Duration, 0, tr.Patches())
				start := time.Now()
				for _, tx := range tr.Txns {
					for _, s := range tx {
						t0 := time.Now()
						if _, err := db.Exec("INSERT INTO t VALUES (?, ?, ?)", s.Pos, s.Del, s.Ins); err != nil {
							b.Fatal(err)
						}
						lat = append(lat, time.Since(t0))
					}
				}
				total := time.Since(start)
				db.Close()
				slices.Sort(lat)
				b.ReportMetric(total.Seconds(), "s/replay")
				b.ReportMetric(us(lat[len(lat)/2]), "p50-µs")
				b.ReportMetric(us(lat[len(lat)*99/100]), "p99-µs")
			}
		})
	}
}

// BenchmarkSearch measures FTS queries on generated workspaces.
func BenchmarkSearch(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			ctx := context.Background()
			db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "longhand.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			db.CreateWorkspace(ctx, "", "Bench", "UTC")
			r := rand.New(rand.NewPCG(1, 2))
			words := vocabulary(r, 20000)
			for i := 0; i < n; i++ {
				if _, err := db.CreatePage(ctx, inSpace(db, sentence(r, words, 6), sentence(r, words, 150))); err != nil {
					b.Fatal(err)
				}
			}
			lat := make([]time.Duration, 0, 2000)
			hits := 0
			for b.Loop() {
				for q := 0; q < 1000; q++ {
					w1, w2 := words[r.IntN(len(words))], words[r.IntN(len(words))]
					query := w1 + " " + w2[:min(len(w2), 3)] // the last word as typed so far
					t0 := time.Now()
					res, err := db.Search(ctx, query, 20)
					lat = append(lat, time.Since(t0))
					if err != nil {
						b.Fatal(err)
					}
					hits += len(res)
				}
			}
			slices.Sort(lat)
			b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
			b.ReportMetric(ms(lat[len(lat)*99/100]), "p99-ms")
			b.ReportMetric(float64(hits)/float64(len(lat)), "hits/query")
		})
	}
}

// vocabulary makes n pronounceable words with a Zipf-like use: common
// words first.
func vocabulary(r *rand.Rand, n int) []string {
	cons, vows := "bcdfghjklmnprstvz", "aeiou"
	out := make([]string, n)
	for i := range out {
		var sb strings.Builder
		for k := 2 + r.IntN(3); k > 0; k-- {
			sb.WriteByte(cons[r.IntN(len(cons))])
			sb.WriteByte(vows[r.IntN(len(vows))])
		}
		out[i] = sb.String()
	}
	return out
}

func sentence(r *rand.Rand, words []string, n int) string {
	z := rand.NewZipf(r, 1.1, 1, uint64(len(words)-1))
	parts := make([]string, n)
	for i := range parts {
		parts[i] = words[z.Uint64()]
	}
	return strings.Join(parts, " ")
}

func dbSize(b *testing.B, path string) int64 {
	var total int64
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			total += fi.Size()
		}
	}
	return total
}

// saveSize is the size of the page's document as one Automerge Save().
func saveSize(b *testing.B, path string, id store.DocID) int {
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	var snap []byte
	raw.QueryRow("SELECT snapshot FROM docs WHERE id = ?", id).Scan(&snap)
	rows, _ := raw.Query("SELECT bytes FROM changes WHERE doc_id = ? ORDER BY seq", id)
	var changes [][]byte
	for rows.Next() {
		var c []byte
		rows.Scan(&c)
		changes = append(changes, c)
	}
	rows.Close()
	d, err := crdt.Load(snap, changes)
	if err != nil {
		b.Fatal(err)
	}
	return len(d.Save())
}

func us(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }
func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

// resetPeakRSS starts a new peak-memory measurement (Linux).
func resetPeakRSS() {
	runtime.GC()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSS returns the peak resident memory since resetPeakRSS, in bytes.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "%d", &kb)
			return kb << 10
		}
	}
	return 0
}
