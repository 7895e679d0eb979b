package relay

import (
	"strings"
	"testing"
)

// A relay answering a TGetObjects decides what it sends; the device keeps
// only the names it asked for, each once, and ends the connection on any
// other, so a hostile relay cannot grow its memory frame by frame.
func TestObjectsKeptAreOnlyThoseAsked(t *testing.T) {
	var a, b [NameSize]byte
	a[0], b[0] = 1, 2
	w := &objectWait{asked: map[[NameSize]byte]bool{a: true}, got: map[[NameSize]byte][]byte{}}
	for range 1000 {
		if err := w.take(a[:], make([]byte, 1024)); err != nil {
			t.Fatalf("an object asked for: %v", err)
		}
	}
	if len(w.got) != 1 {
		t.Fatalf("%d objects kept for one name asked", len(w.got))
	}
	if err := w.take(b[:], []byte("x")); err == nil || !strings.Contains(err.Error(), "did not ask for") {
		t.Fatalf("an object not asked for: %v", err)
	}
	if len(w.got) != 1 {
		t.Fatalf("an object not asked for was kept")
	}
	// A frame for a request already answered is dropped.
	var none *objectWait
	if err := none.take(a[:], []byte("late")); err != nil {
		t.Fatalf("a late object: %v", err)
	}
}
