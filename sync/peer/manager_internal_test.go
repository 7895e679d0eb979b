package peer

import (
	"bytes"
	"errors"
	"testing"

	"github.com/longhand/longhand/store"
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
