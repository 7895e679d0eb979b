package sqlite_test

import (
	"context"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/longhand/longhand/store/sqlite"
)

// BenchmarkSearchAsTyped measures search as a person types it, on pages
// of real text: the Markdown corpus of npm and Debian packages
// ($LONGHAND_CORPUS, which make bench fetches), cut into pages of a
// 6-word title and a 150-word body, $LONGHAND_SEARCH_PAGES of them
// (20,000 unless set; BENCHMARKS.md quotes 100,000). Each query is a word
// of the corpus and the start of another, or the start alone, as typed so
// far: one to four characters. BenchmarkSearch's generated words have
// none of the common words that make real queries slow.
func BenchmarkSearchAsTyped(b *testing.B) {
	dir := os.Getenv("LONGHAND_CORPUS")
	if dir == "" {
		b.Fatal("no corpus: run make bench, which fetches it (scripts/corpus.sh) and sets LONGHAND_CORPUS")
	}
	n := 20_000
	if env := os.Getenv("LONGHAND_SEARCH_PAGES"); env != "" {
		var err error
		if n, err = strconv.Atoi(env); err != nil || n <= 0 {
			b.Fatalf("LONGHAND_SEARCH_PAGES=%q: want a count of pages", env)
		}
	}
	var words []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			words = append(words, strings.Fields(strings.ToValidUTF8(string(data), ""))...)
		}
		return err
	})
	if err != nil || len(words) < 1000 {
		b.Fatalf("read the corpus in %s: %d words, %v", dir, len(words), err)
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "longhand.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.CreateWorkspace(ctx, "", "Bench", "UTC")
	for i, at := 0, 0; i < n; at += 156 {
		if at+156 > len(words) {
			at = 0
		}
		title := strings.Join(words[at:at+6], " ")
		for utf8.RuneCountInString(title) > 120 {
			title = string([]rune(title)[:120])
		}
		if _, err := db.CreatePage(ctx, inSpace(db, title, strings.Join(words[at+6:at+156], " "))); err == nil {
			i++ // a title the store refuses (a control character) is skipped
		}
	}
	// A query's words as a person types them: letters only, lower case.
	r := rand.New(rand.NewPCG(3, 4))
	word := func(least int) string {
		for {
			w := strings.ToLower(strings.TrimFunc(words[r.IntN(len(words))], func(c rune) bool { return c < 'a' || c > 'z' }))
			if len(w) >= least && strings.IndexFunc(w, func(c rune) bool { return c < 'a' || c > 'z' }) < 0 {
				return w
			}
		}
	}
	for b.Loop() {
		for typed := 1; typed <= 4; typed++ {
			for _, alone := range []bool{false, true} {
				lat := make([]time.Duration, 0, 300)
				for range 300 {
					query := word(typed)[:typed]
					if !alone {
						query = word(3) + " " + query
					}
					t0 := time.Now()
					if _, err := db.Search(ctx, query, 20); err != nil {
						b.Fatal(err)
					}
					lat = append(lat, time.Since(t0))
				}
				slices.Sort(lat)
				name := strconv.Itoa(typed) + "char"
				if alone {
					name += "-alone"
				}
				b.ReportMetric(ms(lat[len(lat)/2]), name+"-p50-ms")
				b.ReportMetric(ms(lat[len(lat)*99/100]), name+"-p99-ms")
			}
		}
	}
}
