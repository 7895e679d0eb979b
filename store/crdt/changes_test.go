package crdt_test

import (
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

// The changes since a device's last published heads bring another copy
// to the same state, applied in any order and any number of times.
func TestChangesSinceAndApply(t *testing.T) {
	a, err := crdt.NewPage(store.Page{Title: "Plan", Body: "one"}, store.NewDocID(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b, err := crdt.Load(a.Save(), nil)
	if err != nil {
		t.Fatal(err)
	}
	published := a.Heads()
	for _, ins := range []string{" two", " three"} {
		if err := a.SpliceBody([]store.Splice{{Pos: a.BodyLen(), Ins: ins}}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Commit("edit", time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	changes, err := a.ChangesSince(published)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 2 {
		t.Fatalf("ChangesSince = %d changes, want 2", len(changes))
	}
	// The later change first, then both again: duplicates are harmless and
	// a change waits for the one it depends on.
	for _, batch := range [][][]byte{{changes[1]}, changes, changes} {
		if err := b.ApplyChanges(batch); err != nil {
			t.Fatal(err)
		}
	}
	if a.Heads() != b.Heads() {
		t.Errorf("heads %s, want %s", b.Heads(), a.Heads())
	}
	p, _ := b.Page()
	if p.Body != "one two three" {
		t.Errorf("body %q", p.Body)
	}
	if none, _ := a.ChangesSince(a.Heads()); len(none) != 0 {
		t.Errorf("ChangesSince(heads) = %d changes, want none", len(none))
	}
	if _, err := a.ChangesSince("zz"); err == nil {
		t.Error("ChangesSince of malformed heads succeeded")
	}
}
