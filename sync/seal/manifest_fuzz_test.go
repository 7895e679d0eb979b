package seal

import (
	"bytes"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
)

// FuzzDecodeManifest reaches the manifest decoder directly: through
// OpenManifest, only bytes that decrypt under the key would.
func FuzzDecodeManifest(f *testing.F) {
	h := strings.Repeat("ab", 32)
	b, _ := encodeManifest(&store.BlobManifest{Hash: h, Size: 5, Mime: "text/plain", Name: "a.txt", Chunks: []string{h}})
	f.Add(b)
	f.Add(make([]byte, 45))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := decodeManifest(b)
		if err != nil {
			return
		}
		again, err := encodeManifest(m)
		if err != nil {
			t.Fatalf("a decoded manifest does not encode: %v", err)
		}
		if !bytes.Equal(again, b) {
			t.Fatal("the manifest encoding is not canonical")
		}
	})
}
