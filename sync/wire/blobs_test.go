package wire

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"reflect"
	"testing"
)

func hashOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func TestManifestsRoundTrip(t *testing.T) {
	in := []Manifest{
		{Hash: hashOf("a"), Size: 3<<20 + 1, Mime: "video/webm", Name: "walkthrough.webm", Chunks: []string{hashOf("1"), hashOf("2"), hashOf("3"), hashOf("4")}},
		{Hash: hashOf("b"), Size: 10, Mime: "image/png", Name: "", Chunks: []string{hashOf("b")}},
	}
	var p []byte
	for _, m := range in {
		var err error
		if p, err = AppendManifest(p, m); err != nil {
			t.Fatal(err)
		}
	}
	got, err := DecodeManifests(p)
	if err != nil || !reflect.DeepEqual(got, in) {
		t.Fatalf("decoded %+v, %v", got, err)
	}
	// Every cut of the encoding is refused, never read past its end.
	for i := 1; i < len(p); i++ {
		if ms, err := DecodeManifests(p[:i]); err == nil && len(ms) == 2 {
			t.Fatalf("a manifest list cut at %d decoded whole", i)
		}
	}
	// A chunk count larger than the bytes that follow is refused.
	bad := append(bytes.Clone(p[:32]), 10, 0, 0, 0xff, 0xff, 0x03)
	if _, err := DecodeManifests(bad); err == nil {
		t.Fatal("a manifest claiming 65,535 chunks in no bytes was read")
	}
	if _, err := AppendManifest(nil, Manifest{Hash: "../etc"}); err == nil {
		t.Fatal("a manifest with a hash that is not one was encoded")
	}
}

func TestHashesAndChunks(t *testing.T) {
	hs := []string{hashOf("x"), hashOf("y")}
	p, err := EncodeHashes(hs)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := DecodeHashes(p); err != nil || !reflect.DeepEqual(got, hs) {
		t.Fatalf("hashes: %v, %v", got, err)
	}
	if _, err := DecodeHashes(p[:33]); err == nil {
		t.Fatal("33 bytes read as hashes")
	}
	c, err := EncodeChunk(hashOf("x"), []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if h, data, err := DecodeChunk(c); err != nil || h != hashOf("x") || string(data) != "x" {
		t.Fatalf("chunk: %s %q %v", h, data, err)
	}
	if _, _, err := DecodeChunk(c[:32]); err == nil {
		t.Fatal("a chunk with no bytes was read")
	}
}

// A ChunkWriter's frames are WriteFrame's of EncodeChunk, through one
// buffer reused from chunk to chunk.
func TestChunkWriterWritesWhatWriteFrameWould(t *testing.T) {
	var cw ChunkWriter
	for _, data := range [][]byte{bytes.Repeat([]byte{7}, 1<<20), []byte("a short last chunk"), {0}} {
		sum := sha256.Sum256(data)
		h := hex.EncodeToString(sum[:])
		var got, want bytes.Buffer
		if err := cw.WriteChunk(&got, h, data); err != nil {
			t.Fatal(err)
		}
		p, err := EncodeChunk(h, data)
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteFrame(&want, Frame{Type: TypeChunk, Payload: p}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("a chunk of %d bytes: WriteChunk wrote %d bytes unlike WriteFrame's %d", len(data), got.Len(), want.Len())
		}
	}
	if err := cw.WriteChunk(io.Discard, "not a hash", []byte("x")); err == nil {
		t.Error("WriteChunk took a malformed hash")
	}
}
