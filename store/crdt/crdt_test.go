package crdt_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/trace"
)

// replayIntoPage applies every transaction of a trace to a new page's
// body, checking each against the body's length, with a commit every
// commitEvery transactions and at the end.
func replayIntoPage(tb testing.TB, tr *trace.Trace, commitEvery int) *crdt.Doc {
	tb.Helper()
	now := time.Unix(1700000000, 0)
	d, err := crdt.NewPage(store.Page{Title: tr.Name, Body: tr.StartContent}, store.NewDocID(), now)
	if err != nil {
		tb.Fatal(err)
	}
	for i, tx := range tr.Txns {
		if _, err := store.ValidateSplices(d.BodyLen(), tx); err != nil {
			tb.Fatalf("txn %d: %v", i, err)
		}
		if err := d.SpliceBody(tx); err != nil {
			tb.Fatalf("txn %d: %v", i, err)
		}
		if (i+1)%commitEvery == 0 {
			if _, err := d.Commit("", now); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if _, err := d.Commit("", now); err != nil {
		tb.Fatal(err)
	}
	return d
}

// Replaying a real editing trace into a page body, a commit every 500
// transactions, ends at the trace's final text, also after a save and load.
func TestTraceReplay(t *testing.T) {
	dir, err := trace.Dir()
	if err != nil {
		t.Fatal(err)
	}
	tr, err := trace.Load(filepath.Join(dir, "seph-blog1.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	d := replayIntoPage(t, tr, 500)
	loaded, err := crdt.Load(d.Save(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, doc := range map[string]*crdt.Doc{"live": d, "loaded": loaded} {
		p, err := doc.Page()
		if err != nil {
			t.Fatal(err)
		}
		if p.Body != tr.EndContent {
			t.Errorf("%s: body has %d bytes, want endContent's %d", name, len(p.Body), len(tr.EndContent))
		}
	}
}

func TestChangeAtMergesLikeAPeer(t *testing.T) {
	now := time.Unix(1700000000, 0)
	d, _ := crdt.NewPage(store.Page{Title: "T", Body: "abc"}, store.NewDocID(), now)
	d.Commit("", now)
	base := d.Heads()
	d.SpliceBody([]store.Splice{{Pos: 3, Ins: "d"}})
	d.Commit("", now)
	if !d.HasHeads(base) || d.HasHeads("zz") {
		t.Fatal("HasHeads")
	}
	if _, err := d.ChangeAt(base, "", now, func(old *crdt.Doc) error {
		if old.BodyLen() != 3 {
			t.Errorf("old version has %d chars, want 3", old.BodyLen())
		}
		return old.SpliceBody([]store.Splice{{Pos: 0, Ins: "_"}})
	}); err != nil {
		t.Fatal(err)
	}
	p, _ := d.Page()
	if p.Body != "_abcd" {
		t.Errorf("Body=%q, want _abcd", p.Body)
	}
}

// Names given to versions on two devices are both kept after a sync, each
// pointing at the text it named.
func TestNamedVersionsMerge(t *testing.T) {
	now := time.Unix(1700000000, 0)
	x, _ := crdt.NewPage(store.Page{Title: "T", Body: "one"}, store.NewDocID(), now)
	x.Commit("create", now)
	y, err := x.Fork()
	if err != nil {
		t.Fatal(err)
	}
	name := func(d *crdt.Doc, id, name string) string {
		h := d.Heads()
		if err := d.AddNamedVersion(store.NamedVersion{ID: id, Name: name, Heads: h, By: "ada", At: now}); err != nil {
			t.Fatal(err)
		}
		d.Commit("name version by ada", now)
		return h
	}
	hx := name(x, "x1", "Sent to legal")
	y.SpliceBody([]store.Splice{{Pos: 3, Ins: " two"}})
	y.Commit("edit", now)
	hy := name(y, "y1", "v1 approved")
	if err := x.AddNamedVersion(store.NamedVersion{ID: "bad", Name: "nowhere", Heads: hy, At: now}); err == nil {
		t.Error("a name for heads the page does not hold was accepted")
	}
	x.Merge(y)
	y.Merge(x)
	for _, d := range []*crdt.Doc{x, y} {
		ns, err := d.NamedVersions()
		if err != nil || len(ns) != 2 {
			t.Fatalf("named versions = %+v, %v; want both", ns, err)
		}
		for _, n := range ns {
			p, err := d.PageAt(n.Heads)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{hx: "one", hy: "one two"}[n.Heads]
			if p.Body != want {
				t.Errorf("%q reads %q, want %q", n.Name, p.Body, want)
			}
		}
	}
}
