package seal_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/seal"
)

func hashHex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestChunkRoundTripHidesItsBytesAndHash(t *testing.T) {
	k := seal.NewEpochKey(1)
	a := newDev(t)
	data := bytes.Repeat([]byte("canary-chunk "), 5000)
	name, obj, err := seal.SealChunk(k, a, data)
	if err != nil {
		t.Fatal(err)
	}
	h := hashHex(data)
	if name != k.ChunkName(h) {
		t.Errorf("the chunk is named %x, want ChunkName of its hash", name)
	}
	raw, _ := hex.DecodeString(h)
	if bytes.Contains(obj, []byte("canary-chunk")) || bytes.Contains(obj, raw) || bytes.Contains(obj, []byte(h)) {
		t.Fatal("the sealed chunk shows its bytes or its hash")
	}
	hdr, got, err := seal.OpenChunk(seal.Ring{k.ID: k}, obj)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) || hdr.Name != name || !bytes.Equal(hdr.Sender, a.PublicKey()) || hdr.Key != k.ID {
		t.Errorf("opened %d bytes with header %+v", len(got), hdr)
	}
	// Two seals of the same chunk differ (a fresh nonce each) but share a name.
	name2, obj2, _ := seal.SealChunk(k, a, data)
	if name2 != name || bytes.Equal(obj, obj2) {
		t.Error("sealing the same chunk twice gave another name or the same bytes")
	}
}

func TestManifestRoundTrip(t *testing.T) {
	k := seal.NewEpochKey(3)
	a := newDev(t)
	m := &store.BlobManifest{Hash: hashHex([]byte("whole")), Size: 3 << 20, Mime: "image/png", Name: "canary-plan.png",
		Chunks: []string{hashHex([]byte("1")), hashHex([]byte("2")), hashHex([]byte("3"))}}
	name, obj, err := seal.SealManifest(k, a, m)
	if err != nil {
		t.Fatal(err)
	}
	if name != k.ManifestName(m.Hash) || bytes.Contains(obj, []byte("canary-plan")) {
		t.Fatalf("name %x, or the name of the file shows", name)
	}
	_, got, err := seal.OpenManifest(seal.Ring{k.ID: k}, obj)
	if err != nil {
		t.Fatal(err)
	}
	if got.Hash != m.Hash || got.Size != m.Size || got.Mime != m.Mime || got.Name != m.Name || len(got.Chunks) != 3 || got.Chunks[2] != m.Chunks[2] {
		t.Errorf("opened %+v, want %+v", got, m)
	}
}

func TestObjectsArePadded(t *testing.T) {
	k := seal.NewEpochKey(1)
	a := newDev(t)
	size := func(n int) int {
		_, obj, err := seal.SealChunk(k, a, make([]byte, n))
		if err != nil {
			t.Fatal(err)
		}
		return len(obj)
	}
	if size(1) != size(200) || size(3000) != size(4000) || size(5000) == size(3000) {
		t.Errorf("sizes 1, 200, 3000, 4000, 5000 seal to %d %d %d %d %d", size(1), size(200), size(3000), size(4000), size(5000))
	}
	if full := size(store.ChunkSize); full != seal.MaxObject {
		t.Errorf("a whole chunk seals to %d bytes, want MaxObject %d", full, seal.MaxObject)
	}
	if _, _, err := seal.SealChunk(k, a, make([]byte, store.ChunkSize+1)); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("sealing a chunk over 1 MiB: %v, want EINVALID", err)
	}
}

func TestTamperedObjectsAreRefused(t *testing.T) {
	k := seal.NewEpochKey(1)
	a, mallory := newDev(t), newDev(t)
	ring := seal.Ring{k.ID: k}
	_, obj, err := seal.SealChunk(k, a, []byte("canary-genuine"))
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 1, 5, 40, 70, 100, seal.ObjectHeaderSize + 2, len(obj) - 70, len(obj) - 1} {
		bad := bytes.Clone(obj)
		bad[i] ^= 0x10
		if _, _, err := seal.OpenChunk(ring, bad); err == nil {
			t.Errorf("a flip at byte %d opened", i)
		}
	}
	if _, _, err := seal.OpenChunk(ring, obj[:len(obj)-1]); err == nil {
		t.Error("a truncated object opened")
	}
	// Mallory holds the key (say it leaked) and re-signs an object under
	// her own key: it opens, and names her as its sender, for the caller
	// to refuse.
	_, forged, _ := seal.SealChunk(k, mallory, []byte("canary-genuine"))
	h, _, err := seal.OpenChunk(ring, forged)
	if err != nil || !bytes.Equal(h.Sender, mallory.PublicKey()) {
		t.Errorf("a re-signed object: %v, sender %x", err, h.Sender)
	}
	// An object moved to another name: sealed under a name that is not its
	// bytes' (a manifest's bytes served where a chunk was asked for).
	m := &store.BlobManifest{Hash: hashHex([]byte("x")), Size: 1, Mime: "text/plain", Chunks: []string{hashHex([]byte("x"))}}
	_, mobj, _ := seal.SealManifest(k, a, m)
	if _, _, err := seal.OpenChunk(ring, mobj); !errors.Is(err, seal.ErrForged) {
		t.Errorf("a manifest opened as a chunk: %v, want ErrForged", err)
	}
}

func TestObjectUnderAnotherKeyIsRefused(t *testing.T) {
	k1, k2 := seal.NewEpochKey(1), seal.NewEpochKey(2)
	a := newDev(t)
	_, obj, _ := seal.SealChunk(k2, a, []byte("after the rotation"))
	if _, _, err := seal.OpenChunk(seal.Ring{k1.ID: k1}, obj); !errors.Is(err, seal.ErrUnknownKey) {
		t.Errorf("opening with the old key only: %v, want ErrUnknownKey", err)
	}
}

func TestObjectNamesDifferByEpochAndKind(t *testing.T) {
	k1, k2 := seal.NewEpochKey(1), seal.NewEpochKey(2)
	h := hashHex([]byte("same"))
	names := map[[32]byte]string{}
	for what, n := range map[string][32]byte{
		"chunk, epoch 1": k1.ChunkName(h), "manifest, epoch 1": k1.ManifestName(h),
		"chunk, epoch 2": k2.ChunkName(h), "manifest, epoch 2": k2.ManifestName(h),
	} {
		if other, ok := names[n]; ok {
			t.Errorf("%s and %s share a name", what, other)
		}
		names[n] = what
		if bytes.Contains(n[:], []byte(h[:8])) {
			t.Errorf("%s shows the hash", what)
		}
	}
	if k1.ChunkName(h) == [32]byte(k1.Blind(store.DocID(h[:32]))) {
		t.Error("a chunk's name is a document's blinded ID")
	}
}

// FuzzParseObject: the relay parses objects from any device.
func FuzzParseObject(f *testing.F) {
	k := seal.NewEpochKey(1)
	a := newDev(f)
	_, obj, _ := seal.SealChunk(k, a, []byte("seed"))
	f.Add(obj)
	f.Add([]byte{1, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := seal.ParseObject(b); err != nil {
			return
		}
		seal.OpenChunk(seal.Ring{k.ID: k}, b)
		seal.OpenManifest(seal.Ring{k.ID: k}, b)
	})
}
