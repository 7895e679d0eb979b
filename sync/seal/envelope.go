package seal

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/longhand/longhand/store"
)

// Kind says what an envelope carries.
type Kind byte

const (
	KindChanges  Kind = 1 // Automerge changes of one document
	KindSnapshot Kind = 2 // a whole document, compacting what came before it
	// KindSnapshotChunks is a whole document too large for one envelope:
	// it carries a ChunkList naming the sealed chunks of the snapshot, and
	// compacts what came before it as a snapshot does.
	KindSnapshotChunks Kind = 3
	// KindPresence carries a presence message (sync/presence) for the
	// workspace's devices online now: the relay forwards it and never
	// stores it. Its content names the workspace, of kind "presence".
	KindPresence Kind = 4
)

// Compacts reports whether an envelope of kind k holds its whole document,
// so that the relay may drop the envelopes of that document it covers.
func (k Kind) Compacts() bool { return k == KindSnapshot || k == KindSnapshotChunks }

func (k Kind) known() bool {
	return k == KindChanges || k == KindSnapshot || k == KindSnapshotChunks || k == KindPresence
}

// Limits of an envelope.
const (
	envVersion = 1
	// HeaderSize is the clear header: version, kind, key ID, blinded
	// document, sender's key, the stream position a snapshot covers, nonce.
	HeaderSize = 1 + 1 + 32 + 32 + 32 + 8 + chacha20poly1305.NonceSizeX
	// MinBucket and MaxBucket bound the padded plaintext: sizes are
	// rounded up to a power of two between them, so that the relay learns
	// at most the order of magnitude of an edit.
	MinBucket = 256
	MaxBucket = 4 << 20
	// MaxEnvelope is the largest envelope Seal writes and Parse reads.
	MaxEnvelope = HeaderSize + MaxBucket + chacha20poly1305.Overhead + ed25519.SignatureSize
	// MaxContent is the most content bytes an envelope can carry.
	MaxContent = MaxBucket - 4
)

var (
	envDomain = []byte("longhand envelope v1\x00")
	// ErrForged is returned for an envelope whose signature, encryption or
	// blinded ID does not hold: altered, truncated, or not from the sender
	// it names.
	ErrForged = errors.New("the envelope was altered or forged")
	// ErrUnknownKey is returned for an envelope sealed under a key this
	// device does not hold.
	ErrUnknownKey = errors.New("the envelope is sealed under a key this device does not hold")
)

// Header is the part of an envelope the relay can read.
type Header struct {
	Kind   Kind
	Key    KeyID
	Doc    [32]byte          // the blinded document ID
	Sender ed25519.PublicKey // the sending device's key; it signed the envelope
	// Covers, for a snapshot, is the last stream position whose envelopes
	// for this document the snapshot includes; the relay may drop those.
	Covers uint64
	Nonce  [chacha20poly1305.NonceSizeX]byte
}

// Content is what an envelope carries, encrypted.
type Content struct {
	Doc     store.DocID
	DocKind store.Kind
	Data    [][]byte // the changes; or one snapshot
}

// Signer signs with a device key; sync/crypto's Identity is one.
type Signer interface {
	PublicKey() ed25519.PublicKey
	Sign(msg []byte) []byte
}

func (h *Header) encode() []byte {
	b := make([]byte, 0, HeaderSize)
	b = append(b, envVersion, byte(h.Kind))
	b = append(b, h.Key[:]...)
	b = append(b, h.Doc[:]...)
	b = append(b, h.Sender...)
	b = binary.BigEndian.AppendUint64(b, h.Covers)
	return append(b, h.Nonce[:]...)
}

// bucket returns the padded size for n bytes.
func bucket(n int) int {
	b := MinBucket
	for b < n {
		b <<= 1
	}
	return b
}

func encodeContent(c *Content) ([]byte, error) {
	if err := c.Doc.Validate(); err != nil {
		return nil, err
	}
	if len(c.DocKind) == 0 || len(c.DocKind) > 32 {
		return nil, fmt.Errorf("document kind %q", c.DocKind)
	}
	var b bytes.Buffer
	b.Write([]byte{0, 0, 0, 0}) // the content's length, filled in below
	b.WriteByte(byte(len(c.Doc)))
	b.WriteString(string(c.Doc))
	b.WriteByte(byte(len(c.DocKind)))
	b.WriteString(string(c.DocKind))
	b.Write(binary.AppendUvarint(nil, uint64(len(c.Data))))
	for _, d := range c.Data {
		b.Write(binary.AppendUvarint(nil, uint64(len(d))))
		b.Write(d)
	}
	n := b.Len() - 4
	if n > MaxContent {
		return nil, store.Errorf(store.EINVALID, "The change is %d bytes; an envelope carries at most %d.", n, MaxContent)
	}
	out := b.Bytes()
	binary.BigEndian.PutUint32(out, uint32(n))
	return append(out, make([]byte, bucket(len(out))-len(out))...), nil
}

// decodeContent reads padded content strictly: the padding must be zeros
// and the size a bucket.
func decodeContent(p []byte) (*Content, error) {
	bad := func(why string) (*Content, error) {
		return nil, fmt.Errorf("%w: its content %s", ErrForged, why)
	}
	if len(p) < 4 || len(p) != bucket(len(p)) {
		return bad("is not padded to a bucket")
	}
	n := int(binary.BigEndian.Uint32(p))
	if n > len(p)-4 {
		return bad("is cut short")
	}
	if slices.ContainsFunc(p[4+n:], func(c byte) bool { return c != 0 }) {
		return bad("has padding that is not zero")
	}
	r := p[4 : 4+n]
	str := func() (string, bool) {
		if len(r) < 1 || len(r) < 1+int(r[0]) {
			return "", false
		}
		s := string(r[1 : 1+int(r[0])])
		r = r[1+int(r[0]):]
		return s, true
	}
	uv := func() (uint64, bool) {
		v, k := binary.Uvarint(r)
		if k <= 0 {
			return 0, false
		}
		r = r[k:]
		return v, true
	}
	doc, ok1 := str()
	kind, ok2 := str()
	count, ok3 := uv()
	if !ok1 || !ok2 || !ok3 || count > uint64(len(r)) {
		return bad("is malformed")
	}
	c := &Content{Doc: store.DocID(doc), DocKind: store.Kind(kind)}
	if c.Doc.Validate() != nil || kind == "" {
		return bad("names no document")
	}
	for range count {
		l, ok := uv()
		if !ok || l > uint64(len(r)) {
			return bad("is malformed")
		}
		c.Data = append(c.Data, slices.Clone(r[:l]))
		r = r[l:]
	}
	if len(r) != 0 {
		return bad("has bytes after its end")
	}
	return c, nil
}

// Seal encrypts content under k, blinds its document ID, and signs the
// envelope with the sending device's key.
func Seal(k *EpochKey, s Signer, kind Kind, covers uint64, c *Content) ([]byte, error) {
	if !kind.known() {
		return nil, fmt.Errorf("envelope kind %d", kind)
	}
	if kind == KindSnapshot && len(c.Data) != 1 {
		return nil, errors.New("a snapshot envelope carries one snapshot")
	}
	if kind == KindSnapshotChunks {
		if _, err := ChunkListOf(c); err != nil {
			return nil, fmt.Errorf("an envelope of snapshot chunks: %w", err)
		}
	}
	if (kind == KindPresence) != (c.DocKind == PresenceKind) || kind == KindPresence && len(c.Data) != 1 {
		return nil, errors.New("a presence envelope carries one presence message, and only it does")
	}
	plain, err := encodeContent(c)
	if err != nil {
		return nil, err
	}
	h := &Header{Kind: kind, Key: k.ID, Doc: k.Blind(c.Doc), Sender: s.PublicKey(), Covers: covers}
	rand.Read(h.Nonce[:])
	hdr := h.encode()
	aead, _ := chacha20poly1305.NewX(k.derive("envelope"))
	env := aead.Seal(hdr, h.Nonce[:], plain, hdr)
	return append(env, s.Sign(append(slices.Clip(envDomain), env...))...), nil
}

// PresenceKind is the content kind of a presence envelope: no document
// has it.
const PresenceKind store.Kind = "presence"

// SealPresence seals a presence message for the workspace ws.
func SealPresence(k *EpochKey, s Signer, ws store.DocID, msg []byte) ([]byte, error) {
	return Seal(k, s, KindPresence, 0, &Content{Doc: ws, DocKind: PresenceKind, Data: [][]byte{msg}})
}

// Parse reads an envelope's clear header and checks its signature, which
// anyone can: the relay refuses an envelope that its sender did not sign.
// It never decrypts.
func Parse(env []byte) (*Header, error) {
	if len(env) > MaxEnvelope {
		return nil, store.Errorf(store.EINVALID, "The envelope is larger than %d bytes.", MaxEnvelope)
	}
	if len(env) < HeaderSize+MinBucket+chacha20poly1305.Overhead+ed25519.SignatureSize {
		return nil, fmt.Errorf("%w: it is cut short", ErrForged)
	}
	if env[0] != envVersion {
		return nil, store.Errorf(store.EINVALID, "The envelope has version %d; this Longhand reads version %d.", env[0], envVersion)
	}
	h := &Header{Kind: Kind(env[1])}
	if !h.Kind.known() {
		return nil, fmt.Errorf("%w: %d is not a kind of envelope", ErrForged, env[1])
	}
	o := 2
	h.Key = KeyID(env[o : o+32])
	o += 32
	h.Doc = [32]byte(env[o : o+32])
	o += 32
	h.Sender = ed25519.PublicKey(slices.Clone(env[o : o+32]))
	o += 32
	h.Covers = binary.BigEndian.Uint64(env[o:])
	o += 8
	h.Nonce = [24]byte(env[o : o+24])
	n := len(env) - ed25519.SignatureSize
	ctLen := n - HeaderSize - chacha20poly1305.Overhead
	if ctLen != bucket(ctLen) {
		return nil, fmt.Errorf("%w: its size is not padded to a bucket", ErrForged)
	}
	if !ed25519.Verify(h.Sender, append(slices.Clip(envDomain), env[:n]...), env[n:]) {
		return nil, fmt.Errorf("%w: the signature does not match its sender", ErrForged)
	}
	return h, nil
}

// Keyring finds epoch keys by ID.
type Keyring interface {
	Key(id KeyID) *EpochKey
}

// Open checks and decrypts an envelope with the keys in ring. The caller
// must still check that the sender is a device of the workspace.
func Open(ring Keyring, env []byte) (*Header, *Content, error) {
	h, err := Parse(env)
	if err != nil {
		return nil, nil, err
	}
	k := ring.Key(h.Key)
	if k == nil {
		return h, nil, ErrUnknownKey
	}
	n := len(env) - ed25519.SignatureSize
	aead, _ := chacha20poly1305.NewX(k.derive("envelope"))
	plain, err := aead.Open(nil, h.Nonce[:], env[HeaderSize:n], env[:HeaderSize])
	if err != nil {
		return h, nil, fmt.Errorf("%w: it does not decrypt", ErrForged)
	}
	c, err := decodeContent(plain)
	if err != nil {
		return h, nil, err
	}
	if k.Blind(c.Doc) != h.Doc {
		return h, nil, fmt.Errorf("%w: it was moved from another document", ErrForged)
	}
	if h.Kind == KindSnapshot && len(c.Data) != 1 {
		return h, nil, fmt.Errorf("%w: a snapshot envelope carries one snapshot", ErrForged)
	}
	if h.Kind == KindSnapshotChunks {
		if _, err := ChunkListOf(c); err != nil {
			return h, nil, err
		}
	}
	if (h.Kind == KindPresence) != (c.DocKind == PresenceKind) || h.Kind == KindPresence && len(c.Data) != 1 {
		return h, nil, fmt.Errorf("%w: presence in an envelope of another kind, or the other way round", ErrForged)
	}
	return h, c, nil
}

// Ring is a Keyring in memory.
type Ring map[KeyID]*EpochKey

func (r Ring) Key(id KeyID) *EpochKey { return r[id] }

// Add adds k.
func (r Ring) Add(k *EpochKey) { r[k.ID] = k }

// Current returns the key of the highest epoch, or nil.
func (r Ring) Current() *EpochKey {
	var cur *EpochKey
	for _, k := range r {
		if cur == nil || k.Epoch > cur.Epoch {
			cur = k
		}
	}
	return cur
}
