package crdt_test

import (
	"path/filepath"
	"testing"

	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/trace"
)

// BenchmarkLoadSnapshot measures loading a page's compacted snapshot after
// each trace, the cost of making a closed page editable.
func BenchmarkLoadSnapshot(b *testing.B) {
	dir, err := trace.Dir()
	if err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json.gz"))
	for _, f := range files {
		tr, err := trace.Load(f)
		if err != nil {
			b.Fatal(err)
		}
		d := replayIntoPage(b, tr, 100)
		snap := d.Save()
		b.Run(tr.Name, func(b *testing.B) {
			for b.Loop() {
				if _, err := crdt.Load(snap, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(snap)), "snapshot-B")
		})
	}
}
