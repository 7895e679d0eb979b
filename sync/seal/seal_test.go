package seal_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/seal"
)

type dev struct{ priv ed25519.PrivateKey }

func newDev(t testing.TB) *dev {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &dev{priv}
}
func (d *dev) PublicKey() ed25519.PublicKey { return d.priv.Public().(ed25519.PublicKey) }
func (d *dev) Sign(m []byte) []byte         { return ed25519.Sign(d.priv, m) }

func content(text string) *seal.Content {
	return &seal.Content{Doc: "0123456789abcdef0123456789abcdef", DocKind: store.KindPage, Data: [][]byte{[]byte(text), []byte("second")}}
}

func TestSealOpenRoundTrip(t *testing.T) {
	k := seal.NewEpochKey(1)
	a := newDev(t)
	env, err := seal.Seal(k, a, seal.KindChanges, 0, content("canary-roundtrip"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(env, []byte("canary-roundtrip")) || bytes.Contains(env, []byte("0123456789abcdef")) {
		t.Fatal("the envelope shows its plaintext or document ID")
	}
	h, c, err := seal.Open(seal.Ring{k.ID: k}, env)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(h.Sender, a.PublicKey()) || h.Doc != k.Blind(c.Doc) || h.Kind != seal.KindChanges {
		t.Errorf("header = %+v", h)
	}
	if c.Doc != "0123456789abcdef0123456789abcdef" || c.DocKind != store.KindPage || len(c.Data) != 2 ||
		string(c.Data[0]) != "canary-roundtrip" || string(c.Data[1]) != "second" {
		t.Errorf("content = %+v", c)
	}
}

func TestSizesArePadded(t *testing.T) {
	k := seal.NewEpochKey(1)
	a := newDev(t)
	size := func(n int) int {
		env, err := seal.Seal(k, a, seal.KindChanges, 0, &seal.Content{Doc: store.NewDocID(), DocKind: store.KindPage, Data: [][]byte{make([]byte, n)}})
		if err != nil {
			t.Fatal(err)
		}
		return len(env)
	}
	if size(1) != size(150) {
		t.Errorf("1 and 150 bytes sealed to %d and %d bytes, want one bucket", size(1), size(150))
	}
	if size(3000) != size(4000) {
		t.Errorf("3000 and 4000 bytes sealed to %d and %d bytes, want one bucket", size(3000), size(4000))
	}
	if size(300) == size(3000) {
		t.Error("300 and 3000 bytes sealed to the same size")
	}
	if _, err := seal.Seal(k, a, seal.KindChanges, 0, &seal.Content{Doc: store.NewDocID(), DocKind: store.KindPage, Data: [][]byte{make([]byte, seal.MaxContent)}}); err == nil {
		t.Error("sealed more than an envelope holds")
	}
}

// Every single-bit flip, every truncation, and moving an envelope to
// another document is refused.
func TestTamperedEnvelopesAreRefused(t *testing.T) {
	k := seal.NewEpochKey(1)
	ring := seal.Ring{k.ID: k}
	env, err := seal.Seal(k, newDev(t), seal.KindChanges, 0, content("x"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range env {
		bad := bytes.Clone(env)
		bad[i] ^= 1 << (i % 8)
		if _, _, err := seal.Open(ring, bad); err == nil {
			t.Fatalf("a flip at byte %d was accepted", i)
		}
	}
	for _, n := range []int{0, 1, seal.HeaderSize, len(env) / 2, len(env) - 1} {
		if _, _, err := seal.Open(ring, env[:n]); err == nil {
			t.Fatalf("the first %d bytes were accepted", n)
		}
	}
	// A member re-signs another's header as themselves: the AEAD binds the sender.
	mallory := newDev(t)
	resigned := bytes.Clone(env[:len(env)-64])
	copy(resigned[2+32+32:], mallory.PublicKey())
	resigned = append(resigned, mallory.Sign(append([]byte("longhand envelope v1\x00"), resigned...))...)
	if _, _, err := seal.Open(ring, resigned); !errors.Is(err, seal.ErrForged) {
		t.Errorf("re-signed envelope: err = %v, want ErrForged", err)
	}
}

func TestEnvelopeUnderUnknownKey(t *testing.T) {
	k1, k2 := seal.NewEpochKey(1), seal.NewEpochKey(2)
	env, _ := seal.Seal(k2, newDev(t), seal.KindChanges, 0, content("x"))
	if _, _, err := seal.Open(seal.Ring{k1.ID: k1}, env); !errors.Is(err, seal.ErrUnknownKey) {
		t.Errorf("err = %v, want ErrUnknownKey", err)
	}
	if k1.Blind("0123456789abcdef0123456789abcdef") == k2.Blind("0123456789abcdef0123456789abcdef") {
		t.Error("a document has the same blinded ID in two epochs")
	}
}

func TestWrapOnlyForRecipient(t *testing.T) {
	k := seal.NewEpochKey(3)
	a, b := newDev(t), newDev(t)
	w, err := k.Wrap(a.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	got, err := seal.Unwrap(a.priv, k.ID, w)
	if err != nil || got.ID != k.ID || got.Epoch != 3 {
		t.Fatalf("Unwrap = %v, %v", got, err)
	}
	if _, err := seal.Unwrap(b.priv, k.ID, w); err == nil {
		t.Error("another device unwrapped the key")
	}
	if _, err := seal.Unwrap(a.priv, seal.NewEpochKey(3).ID, w); err == nil {
		t.Error("the key unwrapped under another key's ID")
	}
	if _, err := k.Wrap(make(ed25519.PublicKey, 32)); err == nil {
		t.Error("wrapped for a small-order key")
	}
}

// Removing a member rotates the key: the removed device holds the old key
// and its own private key, sees every grant the relay stores, and still
// cannot read what is written after its removal.
func TestRemovedDeviceCannotReadAfterRotation(t *testing.T) {
	admin, bob, carol := newDev(t), newDev(t), newDev(t)
	k1 := seal.NewEpochKey(1)
	var grants [][]byte
	for _, d := range []*dev{admin, bob, carol} {
		g, err := seal.NewGrant(k1, admin, d.PublicKey())
		if err != nil {
			t.Fatal(err)
		}
		grants = append(grants, g)
	}
	// Carol is removed: a new key for the others only.
	k2 := seal.NewEpochKey(2)
	for _, d := range []*dev{admin, bob} {
		g, err := seal.NewGrant(k2, admin, d.PublicKey())
		if err != nil {
			t.Fatal(err)
		}
		grants = append(grants, g)
	}
	env, err := seal.Seal(k2, bob, seal.KindChanges, 0, content("canary-after-removal"))
	if err != nil {
		t.Fatal(err)
	}
	carolRing := seal.Ring{}
	bobRing := seal.Ring{}
	for _, raw := range grants {
		g, err := seal.ParseGrant(raw)
		if err != nil {
			t.Fatal(err)
		}
		if k, err := g.Open(carol.priv); err == nil {
			carolRing.Add(k)
		}
		if k, err := g.Open(bob.priv); err == nil {
			bobRing.Add(k)
		}
	}
	if len(carolRing) != 1 || carolRing.Key(k1.ID) == nil {
		t.Fatalf("carol holds %d keys, want only epoch 1", len(carolRing))
	}
	if _, _, err := seal.Open(carolRing, env); err == nil {
		t.Fatal("the removed device read content written after its removal")
	}
	if bobRing.Current().ID != k2.ID {
		t.Fatal("bob does not hold the new key")
	}
	if _, c, err := seal.Open(bobRing, env); err != nil || string(c.Data[0]) != "canary-after-removal" {
		t.Fatalf("bob cannot read: %v", err)
	}
}

func TestGrantSignature(t *testing.T) {
	k := seal.NewEpochKey(1)
	g, _ := seal.NewGrant(k, newDev(t), newDev(t).PublicKey())
	for i := range g {
		bad := bytes.Clone(g)
		bad[i] ^= 0x10
		if _, err := seal.ParseGrant(bad); err == nil {
			t.Fatalf("a grant flipped at byte %d parsed", i)
		}
	}
}

func TestJoinSealedToMembersOnly(t *testing.T) {
	a, b, relay := newDev(t), newDev(t), newDev(t)
	inv := [16]byte{1, 2, 3}
	s, err := seal.SealJoin(inv, []byte("join me"), []ed25519.PublicKey{a.PublicKey(), b.PublicKey()})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := seal.JoinInvite(s); err != nil || got != inv {
		t.Fatalf("JoinInvite = %x, %v", got, err)
	}
	for _, d := range []*dev{a, b} {
		body, err := seal.OpenJoin(d.priv, s)
		if err != nil || string(body) != "join me" {
			t.Fatalf("OpenJoin = %q, %v", body, err)
		}
	}
	if _, err := seal.OpenJoin(relay.priv, s); err == nil {
		t.Error("a device it was not sealed to opened the join request")
	}
	bad := bytes.Clone(s)
	bad[len(bad)-1] ^= 1
	if _, err := seal.OpenJoin(a.priv, bad); err == nil {
		t.Error("an altered join request opened")
	}
}

func FuzzOpen(f *testing.F) {
	k := seal.NewEpochKey(1)
	d := newDev(f)
	env, _ := seal.Seal(k, d, seal.KindChanges, 0, content("x"))
	snap, _ := seal.Seal(k, d, seal.KindSnapshot, 7, &seal.Content{Doc: store.NewDocID(), DocKind: "page", Data: [][]byte{{1}}})
	hash := string(bytes.Repeat([]byte("ab"), 32))
	list, _ := (&seal.ChunkList{Size: 3, Hash: hash, Chunks: []string{hash}}).Content(store.NewDocID(), "page")
	chunks, _ := seal.Seal(k, d, seal.KindSnapshotChunks, 7, list)
	f.Add(env)
	f.Add(snap)
	f.Add(chunks)
	f.Add([]byte{})
	ring := seal.Ring{k.ID: k}
	f.Fuzz(func(t *testing.T, b []byte) {
		h, c, err := seal.Open(ring, b)
		if err == nil && (h == nil || c == nil || c.Doc.Validate() != nil) {
			t.Fatalf("opened without a header or content: %v %v", h, c)
		}
		seal.ParseGrant(b)
		seal.JoinInvite(b)
		seal.OpenJoin(d.priv, b)
	})
}
