package seal

import (
	"bytes"
	"testing"
)

// FuzzDecodeContent reaches the content decoder directly: through Open,
// only bytes that decrypt under the key would.
func FuzzDecodeContent(f *testing.F) {
	p, _ := encodeContent(&Content{Doc: "0123456789abcdef0123456789abcdef", DocKind: "page", Data: [][]byte{[]byte("abc"), {}}})
	f.Add(p)
	f.Add(make([]byte, MinBucket))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := decodeContent(b)
		if err != nil {
			return
		}
		again, err := encodeContent(c)
		if err != nil {
			t.Fatalf("decoded content does not encode: %v", err)
		}
		if !bytes.Equal(again, b) {
			t.Fatalf("content is not canonical")
		}
	})
}
