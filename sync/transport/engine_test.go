package transport_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/engine"
	"github.com/longhand/longhand/sync/transport"
)

// The engine runs over a Conn as over any io.ReadWriter.
func TestReconcileOverTransport(t *testing.T) {
	tm := newTeam(t)
	l, _ := listen(t, transport.Config{Identity: tm.admin, Pin: tm.pin()})
	dc, err := dial(t, l, transport.Config{Identity: tm.member, Pin: tm.pin()})
	if err != nil {
		t.Fatal(err)
	}
	ac := accept(t, l)

	var mine, theirs []engine.Doc
	for i := range 2000 {
		d := engine.Doc{ID: store.DocID(fmt.Sprintf("%032x", i)), Heads: "h"}
		mine = append(mine, d)
		if i%500 == 7 {
			d.Heads = "changed"
		}
		if i != 1999 {
			theirs = append(theirs, d)
		}
	}
	a, err := engine.NewSet(mine)
	if err != nil {
		t.Fatal(err)
	}
	b, err := engine.NewSet(theirs)
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		d   engine.Diff
		err error
	}
	done := make(chan result, 1)
	go func() {
		d, _, err := engine.Reconcile(ac, b, false)
		done <- result{d, err}
	}()
	d, _, err := engine.Reconcile(dc, a, true)
	if err != nil {
		t.Fatal(err)
	}
	if r := <-done; r.err != nil {
		t.Fatal(r.err)
	}
	want := []store.DocID{"00000000000000000000000000000007", "000000000000000000000000000001fb",
		"000000000000000000000000000003ef", "000000000000000000000000000005e3"}
	slices.Sort(d.Both)
	if !slices.Equal(d.Both, want) || len(d.OnlyMine) != 1 || d.OnlyMine[0] != store.DocID(fmt.Sprintf("%032x", 1999)) {
		t.Errorf("Diff=%+v, want Both=%v and OnlyMine=[...7cf]", d, want)
	}
}
