package membership_test

import (
	"bytes"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
)

// FuzzDecodeEntry feeds arbitrary bytes to the decoder: it must never
// panic, must refuse with EINVALID, and what it accepts must encode back
// to the same bytes (one encoding per entry).
func FuzzDecodeEntry(f *testing.F) {
	t := &testing.T{}
	_, _, _, log := team(t)
	for _, e := range log {
		f.Add(e.Bytes())
	}
	f.Add([]byte{1, 4})
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := membership.Decode(b)
		if err != nil {
			if store.ErrorCode(err) != store.EINVALID {
				t.Fatalf("Decode err=%v, want EINVALID", err)
			}
			return
		}
		if !bytes.Equal(e.Bytes(), b) {
			t.Fatalf("Bytes() differs from the input")
		}
		membership.Fold([]*membership.Entry{e})
	})
}
