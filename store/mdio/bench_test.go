package mdio_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store/mdio"
)

var importFiles = flag.Int("import.files", 10_000, "Markdown files in BenchmarkImportFolder")

// BenchmarkImportFolder imports a folder of -import.files Markdown files
// (100 folders of about 4 KB files that link to each other) into a real
// SQLite workspace, and reports the time and the process's peak resident
// memory during the import: the import holds one file's text and one
// Automerge document at a time, so memory stays flat however many files
// there are.
func BenchmarkImportFolder(b *testing.B) {
	ctx := context.Background()
	n := *importFiles
	dir := b.TempDir()
	perFolder := 100
	for i := range n {
		var body bytes.Buffer
		fmt.Fprintf(&body, "---\ndescription: note %d\n---\n# Note %d\n\n", i, i)
		for k := range 8 {
			fmt.Fprintf(&body, "## Part %d\n\n%s\n\n", k, strings.Repeat("Words that fill a paragraph of an ordinary note. ", 9))
		}
		fmt.Fprintf(&body, "```go\nfunc f%d() {}\n```\n\nSee [the next note](n%05d.md#part-1).\n", i, i+1)
		write(b, dir, fmt.Sprintf("f%03d/n%05d.md", i/perFolder, i), body.Bytes())
	}
	for b.Loop() {
		db := openDB(b)
		sps, err := db.FindSpaces(ctx)
		if err != nil {
			b.Fatal(err)
		}
		resetPeakRSS(b)
		start := time.Now()
		rep, err := mdio.ImportDir(ctx, db, sps[0].ID, dir, mdio.DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		if want := n + (n+perFolder-1)/perFolder; len(rep.Pages) != want || len(rep.Skipped) != 0 {
			b.Fatalf("%d pages, %d skipped; want %d", len(rep.Pages), len(rep.Skipped), want)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/import")
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "files/s")
		b.ReportMetric(float64(peakRSS(b))/(1<<20), "peak-RSS-MB")
	}
}

// resetPeakRSS sets the kernel's high-water mark of this process's
// resident memory back to what it uses now (Linux).
func resetPeakRSS(b *testing.B) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("peak memory not reset: %v", err)
	}
}

// peakRSS is the high-water mark of this process's resident memory, in bytes.
func peakRSS(b *testing.B) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb << 10
		}
	}
	b.Fatal("no VmHWM in /proc/self/status")
	return 0
}
