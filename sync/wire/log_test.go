package wire

import (
	"bytes"
	"testing"
)

func TestLogRoundTrip(t *testing.T) {
	in := [][]byte{[]byte("first entry"), {0}, bytes.Repeat([]byte{7}, 300)}
	out, err := DecodeLog(EncodeLog(in))
	if err != nil || len(out) != len(in) {
		t.Fatalf("DecodeLog = %d entries, %v", len(out), err)
	}
	for i := range in {
		if !bytes.Equal(in[i], out[i]) {
			t.Errorf("entry %d = %x, want %x", i, out[i], in[i])
		}
	}
	for _, bad := range [][]byte{nil, {2, 1, 'a'}, {1, 0}, {1, 5, 'a'}, append(EncodeLog(in), 0), {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}} {
		if _, err := DecodeLog(bad); err == nil {
			t.Errorf("DecodeLog(%x) accepted it", bad)
		}
	}
}

func FuzzDecodeLog(f *testing.F) {
	f.Add(EncodeLog([][]byte{[]byte("a"), []byte("bc")}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		entries, err := DecodeLog(b)
		if err != nil {
			return
		}
		if !bytes.Equal(EncodeLog(entries), b) {
			t.Fatalf("accepted a non-canonical encoding %x", b)
		}
	})
}
