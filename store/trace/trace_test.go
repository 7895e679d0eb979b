package trace_test

import (
	"path/filepath"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/trace"
)

func TestLoadSharedTraces(t *testing.T) {
	dir, err := trace.Dir()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file    string
		patches int
		endLen  int
	}{
		{"automerge-paper.json.gz", 259778, 104852},
		{"seph-blog1.json.gz", 137993, 56769},
	} {
		tr, err := trace.Load(filepath.Join(dir, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		if tr.Patches() != tc.patches || len([]rune(tr.EndContent)) != tc.endLen {
			t.Errorf("%s: %d patches, %d chars; want %d, %d", tc.file, tr.Patches(), len([]rune(tr.EndContent)), tc.patches, tc.endLen)
		}
	}
}

func TestApply(t *testing.T) {
	got := string(trace.Apply([]rune("héllo"), []store.Splice{{Pos: 1, Del: 1, Ins: "e"}, {Pos: 5, Ins: " 👋"}}))
	if got != "hello 👋" {
		t.Errorf("Apply=%q", got)
	}
}
