package peer

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/sync/engine"
)

// A session cut short leaves this device behind by the documents the
// peer had changed that did not settle; a whole session, by none.
func TestBehindAfterASessionCutShort(t *testing.T) {
	res := &Result{
		Diff: engine.Diff{OnlyTheirs: []store.DocID{"a", "b"}, Both: []store.DocID{"c", "d"}, OnlyMine: []store.DocID{"e"}},
		Docs: engine.Stats{Settled: map[store.DocID]string{"a": "h", "e": "h"}},
	}
	if got := behindAfter(res, errors.New("link cut")); got != 3 {
		t.Errorf("behind = %d, want 3 (b, c and d)", got)
	}
	if got := behindAfter(res, nil); got != 0 {
		t.Errorf("behind after a whole session = %d, want 0", got)
	}
	if got := behindAfter(nil, errors.New("refused")); got != 0 {
		t.Errorf("behind after a refused connection = %d, want 0", got)
	}
}

// readHello takes exactly one hello from the stream and nothing after
// it, or refuses the bytes.
func FuzzReadHello(f *testing.F) {
	f.Add([]byte{21, 2, 0xf6, 0x39, 1, 2, 3})
	f.Add([]byte{21, 1, 0})
	f.Add([]byte{5, 1, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		r := bytes.NewReader(b)
		port, err := readHello(r)
		if err != nil {
			return
		}
		if port < 0 || port > 65535 {
			t.Fatalf("port %d accepted", port)
		}
		used := len(b) - r.Len()
		if used < 3 || b[0] != 21 || int(b[1]) != used-2 {
			t.Fatalf("took %d bytes of %x as a hello", used, b)
		}
	})
}

// What a guest's device may send: comments on pages of its spaces, and
// its own profile; nothing else.
func TestScopeTakesOnlyAGuestsComments(t *testing.T) {
	now := time.Now()
	space, other, guest := store.NewDocID(), store.NewDocID(), store.NewDocID()
	s := &Scope{Member: guest, Spaces: map[store.DocID]bool{space: true}}
	page := func(sp store.DocID) (*crdt.Doc, string) {
		d, err := crdt.NewPage(store.Page{Title: "T", Body: "body", Space: sp}, guest, now)
		if err != nil {
			t.Fatal(err)
		}
		d.Commit("create", now)
		return d, d.Heads()
	}
	d, base := page(space)
	if err := s.takes("p", store.KindPage, d, base); err != nil {
		t.Errorf("an unchanged page: %v", err)
	}
	if err := s.takes("p", store.KindPage, d, ""); err == nil || !strings.Contains(err.Error(), "do not add pages") {
		t.Errorf("a new page: %v", err)
	}
	d.SpliceBody([]store.Splice{{Pos: 0, Ins: "x"}})
	d.Commit("edit", now)
	if err := s.takes("p", store.KindPage, d, base); err == nil || !strings.Contains(err.Error(), "may only comment") {
		t.Errorf("an edited page: %v", err)
	}
	o, obase := page(other)
	if err := s.takes("o", store.KindPage, o, obase); err == nil || !strings.Contains(err.Error(), "outside") {
		t.Errorf("a page of another space: %v", err)
	}
	m, _ := crdt.NewMember(store.Member{ID: guest, Name: "Gus"})
	if err := s.takes(guest, store.KindMember, m, ""); err != nil {
		t.Errorf("the guest's own profile: %v", err)
	}
	if err := s.takes(store.NewDocID(), store.KindMember, m, ""); err == nil {
		t.Error("another member's profile was taken")
	}
	if err := s.takes("w", store.KindPost, m, ""); err == nil {
		t.Error("a post was taken")
	}
}
