package crdt_test

import (
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

var noStop = crdt.Size{Changes: 1 << 40, Ops: 1 << 40}

// Measure counts, from a saved document's columns, the changes Automerge
// holds and every operation ever made, deleted text included.
func TestMeasureCountsChangesAndDeletedText(t *testing.T) {
	now := time.Unix(1_780_000_000, 0)
	d, err := crdt.NewPage(store.Page{Title: "T"}, store.NewDocID(), now)
	if err != nil {
		t.Fatal(err)
	}
	d.Commit("create", now)
	d.SpliceBody([]store.Splice{{Ins: strings.Repeat("a", 100_000)}}) // deflates to a few hundred bytes
	d.Commit("paste", now)
	d.SpliceBody([]store.Splice{{Pos: 10, Del: 90_000}})
	d.Commit("cut", now)
	snap := d.Save()
	s, err := crdt.Measure(snap, noStop)
	if err != nil {
		t.Fatal(err)
	}
	changes, _ := d.ChangesSince("")
	if s.Changes != len(changes) || s.Ops < 100_000 || s.Ops > 100_100 {
		t.Errorf("Measure(%d bytes) = %+v, want %d changes and 100,000 operations and a few", len(snap), s, len(changes))
	}
	// A change chunk counts its own operations, from its columns: the
	// paste's 100,000 insertions, the cut's 90,000 deletions.
	for i, want := range []int{-1, 100_000, 90_000} {
		c, err := crdt.Measure(changes[i], noStop)
		if err != nil || c.Changes != 1 || want > 0 && (c.Ops < want || c.Ops > want+10) || want < 0 && (c.Ops < 1 || c.Ops > 50) {
			t.Errorf("change %d (%d bytes): %+v, %v; want 1 change of about %d operations", i, len(changes[i]), c, err, want)
		}
	}
	// A change that names other actors (it deletes what another device
	// typed) and has a message is read as well.
	a, b := editedApart(t, 5, 3)
	converge(t, a, b, func([]byte) {})
	before := a.Heads()
	p, _ := a.Page()
	a.SpliceBody([]store.Splice{{Pos: 0, Del: len([]rune(p.Body))}})
	a.Commit("clear the page, which both typed", now)
	cleared, _ := a.ChangesSince(before)
	if c, err := crdt.Measure(cleared[0], noStop); err != nil || c.Ops != len([]rune(p.Body)) {
		t.Errorf("a change deleting %d characters of two actors: %+v, %v", len([]rune(p.Body)), c, err)
	}
	// A document followed by change chunks counts each change.
	s2, err := crdt.Measure(append(append([]byte{}, snap...), changes[1]...), noStop)
	if err != nil || s2.Changes != s.Changes+1 || s2.Ops != s.Ops+100_000 {
		t.Errorf("with one change after: %+v, %v", s2, err)
	}
	// Counting stops once past the limit, so a bomb costs little to refuse.
	if s, err := crdt.Measure(snap, crdt.Size{Changes: 100, Ops: 1000}); err != nil || !s.Over(crdt.Size{Changes: 100, Ops: 1000}) || s.Ops > 2000 {
		t.Errorf("Measure with a stop at 1,000 operations = %+v, %v", s, err)
	}
	for name, b := range map[string][]byte{
		"not automerge": []byte("hello, world"),
		"truncated":     snap[:len(snap)/2],
		"header only":   snap[:9],
	} {
		if _, err := crdt.Measure(b, noStop); err == nil {
			t.Errorf("%s: Measure took it", name)
		}
	}
}

// FuzzMeasure: whatever the bytes, Measure answers without panicking or
// counting past its stop by more than one run.
func FuzzMeasure(f *testing.F) {
	a, b := editedApart(f, 2, 3)
	a.Merge(b)
	f.Add(a.Save())
	cs, _ := a.ChangesSince("")
	f.Add(cs[0])
	f.Add([]byte{0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, 0, 0})
	stop := crdt.Size{Changes: 50, Ops: 500}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := crdt.Measure(b, stop)
		if err == nil && (s.Ops > 2*stop.Ops+1 || s.Changes > 2*stop.Changes+1) {
			t.Fatalf("Measure = %+v past its stop %+v", s, stop)
		}
	})
}
