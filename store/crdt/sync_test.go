package crdt_test

import (
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

// The changes a fork made since it was taken carry its edits to another
// copy, which ends with the same heads; applying them twice changes nothing.
func TestChangesSinceCarryEditsToAnotherCopy(t *testing.T) {
	now := time.Unix(1700000000, 0)
	a, _ := crdt.NewPage(store.Page{Title: "T", Body: "abc"}, store.NewDocID(), now)
	a.Commit("", now)
	b, err := crdt.Load(a.Save(), nil)
	if err != nil {
		t.Fatal(err)
	}
	base := b.Heads()
	b.SpliceBody([]store.Splice{{Pos: 3, Ins: "d"}})
	b.Commit("", now)
	b.SpliceBody([]store.Splice{{Pos: 0, Ins: "_"}})
	b.Commit("", now)
	a.SpliceBody([]store.Splice{{Pos: 1, Del: 1}}) // concurrent, on a
	a.Commit("", now)

	changes, err := b.ChangesSince(base)
	if err != nil || len(changes) == 0 {
		t.Fatalf("ChangesSince = %d bytes, %v", len(changes), err)
	}
	for range 2 {
		if err := a.ApplyChanges(changes); err != nil {
			t.Fatal(err)
		}
	}
	p, _ := a.Page()
	if p.Body != "_acd" {
		t.Errorf("Body=%q, want _acd", p.Body)
	}
	if none, _ := b.ChangesSince(b.Heads()); len(none) != 0 {
		t.Errorf("ChangesSince(own heads) = %d bytes, want none", len(none))
	}
	if _, err := b.ChangesSince("not-heads"); err == nil {
		t.Error("ChangesSince accepted malformed heads")
	}
}
