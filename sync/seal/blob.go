package seal

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/longhand/longhand/store"
)

// This file seals the pieces of files (blobs) for the relay: a chunk, or a
// blob's manifest, is an object stored under a blinded name, encrypted
// under the epoch key, signed by the device that sent it, and padded. The
// relay reads the clear header and checks the signature; it never learns
// a chunk's hash, a blob's hash, a file's name or its exact size.

// errForgedObject is returned for an object whose signature, encryption
// or name does not hold; it is an ErrForged.
var errForgedObject error = forgedObject{}

type forgedObject struct{}

func (forgedObject) Error() string        { return "the piece of a file was altered or forged" }
func (forgedObject) Is(target error) bool { return target == ErrForged }

// ObjectKind says what a sealed object carries.
type ObjectKind byte

const (
	ObjectChunk    ObjectKind = 1 // one chunk of a blob
	ObjectManifest ObjectKind = 2 // a blob's manifest
)

// Limits of a sealed object.
const (
	objVersion = 1
	// ObjectHeaderSize is the clear header: version, kind, key ID, blinded
	// name, sender's key, nonce.
	ObjectHeaderSize = 1 + 1 + 32 + 32 + 32 + chacha20poly1305.NonceSizeX
	// MaxObjectBucket is the largest padded content: a whole chunk fits
	// its bucket exactly, since the content's length is kept outside the
	// bucket (in four bytes of its own, encrypted with it).
	MaxObjectBucket = store.ChunkSize
	// MaxObject is the largest object SealChunk or SealManifest writes and
	// ParseObject reads.
	MaxObject = ObjectHeaderSize + 4 + MaxObjectBucket + chacha20poly1305.Overhead + ed25519.SignatureSize
	minObject = ObjectHeaderSize + 4 + MinBucket + chacha20poly1305.Overhead + ed25519.SignatureSize
)

var objDomain = []byte("longhand blob object v1\x00")

// ObjectHeader is the part of a sealed object the relay can read.
type ObjectHeader struct {
	Kind   ObjectKind
	Key    KeyID
	Name   [32]byte          // the blinded name the object is stored under
	Sender ed25519.PublicKey // the sending device's key; it signed the object
	Nonce  [chacha20poly1305.NonceSizeX]byte
}

func (h *ObjectHeader) encode() []byte {
	b := make([]byte, 0, ObjectHeaderSize)
	b = append(b, objVersion, byte(h.Kind))
	b = append(b, h.Key[:]...)
	b = append(b, h.Name[:]...)
	b = append(b, h.Sender...)
	return append(b, h.Nonce[:]...)
}

// objectName blinds what names an object: an HMAC under a key derived
// from the epoch key, with a domain per kind, so that a chunk and a
// manifest never share a name and the same chunk has another name in the
// next epoch.
func (k *EpochKey) objectName(kind ObjectKind, hash string) [32]byte {
	m := hmac.New(sha256.New, k.derive("blind blob name"))
	switch kind {
	case ObjectChunk:
		m.Write([]byte("chunk\x00"))
	case ObjectManifest:
		m.Write([]byte("manifest\x00"))
	}
	m.Write([]byte(hash))
	return [32]byte(m.Sum(nil))
}

// ChunkName returns the name the relay stores the chunk of hash under.
func (k *EpochKey) ChunkName(hash string) [32]byte { return k.objectName(ObjectChunk, hash) }

// ManifestName returns the name the relay stores the manifest of the blob
// of hash under.
func (k *EpochKey) ManifestName(hash string) [32]byte { return k.objectName(ObjectManifest, hash) }

// sealObject pads content, encrypts it under k with a fresh nonce, and
// signs the whole.
func sealObject(k *EpochKey, s Signer, kind ObjectKind, name [32]byte, content []byte) ([]byte, error) {
	if len(content) == 0 || len(content) > MaxObjectBucket {
		return nil, store.Errorf(store.EINVALID, "A sealed object carries 1 to %d bytes, not %d.", MaxObjectBucket, len(content))
	}
	plain := binary.BigEndian.AppendUint32(make([]byte, 0, 4+bucket(len(content))), uint32(len(content)))
	plain = append(plain, content...)
	plain = append(plain, make([]byte, bucket(len(content))-len(content))...)
	h := &ObjectHeader{Kind: kind, Key: k.ID, Name: name, Sender: s.PublicKey()}
	if _, err := rand.Read(h.Nonce[:]); err != nil {
		return nil, err
	}
	hdr := h.encode()
	aead, _ := chacha20poly1305.NewX(k.derive("blob object"))
	obj := aead.Seal(hdr, h.Nonce[:], plain, hdr)
	return append(obj, s.Sign(append(slices.Clip(objDomain), obj...))...), nil
}

// SealChunk seals one chunk of a blob and returns it with its name.
func SealChunk(k *EpochKey, s Signer, data []byte) ([32]byte, []byte, error) {
	sum := sha256.Sum256(data)
	name := k.ChunkName(hex.EncodeToString(sum[:]))
	obj, err := sealObject(k, s, ObjectChunk, name, data)
	return name, obj, err
}

// SealManifest seals a blob's manifest and returns it with its name.
func SealManifest(k *EpochKey, s Signer, m *store.BlobManifest) ([32]byte, []byte, error) {
	b, err := encodeManifest(m)
	if err != nil {
		return [32]byte{}, nil, err
	}
	name := k.ManifestName(m.Hash)
	obj, err := sealObject(k, s, ObjectManifest, name, b)
	return name, obj, err
}

// ParseObject reads a sealed object's clear header and checks its
// signature and padding, which anyone can: the relay refuses an object its
// sender did not sign. It never decrypts.
func ParseObject(obj []byte) (*ObjectHeader, error) {
	if len(obj) > MaxObject {
		return nil, store.Errorf(store.EINVALID, "The sealed object is larger than %d bytes.", MaxObject)
	}
	if len(obj) < minObject {
		return nil, fmt.Errorf("%w: it is cut short", errForgedObject)
	}
	if obj[0] != objVersion {
		return nil, store.Errorf(store.EINVALID, "The sealed object has version %d; this Longhand reads version %d.", obj[0], objVersion)
	}
	h := &ObjectHeader{Kind: ObjectKind(obj[1])}
	if h.Kind != ObjectChunk && h.Kind != ObjectManifest {
		return nil, fmt.Errorf("%w: %d is not a kind of object", errForgedObject, obj[1])
	}
	o := 2
	h.Key = KeyID(obj[o : o+32])
	o += 32
	h.Name = [32]byte(obj[o : o+32])
	o += 32
	h.Sender = ed25519.PublicKey(slices.Clone(obj[o : o+32]))
	o += 32
	h.Nonce = [24]byte(obj[o : o+24])
	n := len(obj) - ed25519.SignatureSize
	padded := n - ObjectHeaderSize - chacha20poly1305.Overhead - 4
	if padded != bucket(padded) {
		return nil, fmt.Errorf("%w: its size is not padded to a bucket", errForgedObject)
	}
	if !ed25519.Verify(h.Sender, append(slices.Clip(objDomain), obj[:n]...), obj[n:]) {
		return nil, fmt.Errorf("%w: the signature does not match its sender", errForgedObject)
	}
	return h, nil
}

// openObject checks and decrypts an object with the keys in ring and
// returns its content without the padding.
func openObject(ring Keyring, obj []byte, want ObjectKind) (*ObjectHeader, *EpochKey, []byte, error) {
	h, err := ParseObject(obj)
	if err != nil {
		return nil, nil, nil, err
	}
	if h.Kind != want {
		return h, nil, nil, fmt.Errorf("%w: it is not the kind of object asked for", errForgedObject)
	}
	k := ring.Key(h.Key)
	if k == nil {
		return h, nil, nil, ErrUnknownKey
	}
	n := len(obj) - ed25519.SignatureSize
	aead, _ := chacha20poly1305.NewX(k.derive("blob object"))
	plain, err := aead.Open(nil, h.Nonce[:], obj[ObjectHeaderSize:n], obj[:ObjectHeaderSize])
	if err != nil {
		return h, nil, nil, fmt.Errorf("%w: it does not decrypt", errForgedObject)
	}
	size := int(binary.BigEndian.Uint32(plain))
	if size == 0 || size > len(plain)-4 || bucket(size) != len(plain)-4 {
		return h, nil, nil, fmt.Errorf("%w: its length does not fit its padding", errForgedObject)
	}
	if slices.ContainsFunc(plain[4+size:], func(c byte) bool { return c != 0 }) {
		return h, nil, nil, fmt.Errorf("%w: its padding is not zero", errForgedObject)
	}
	return h, k, plain[4 : 4+size], nil
}

// OpenChunk checks and decrypts a sealed chunk with the keys in ring, and
// checks that its name is that of its bytes' hash, so that an object
// moved to another name is refused. The caller must still check that the
// sender is a device of the workspace, and that the name is the one it
// asked for.
func OpenChunk(ring Keyring, obj []byte) (*ObjectHeader, []byte, error) {
	h, k, data, err := openObject(ring, obj, ObjectChunk)
	if err != nil {
		return h, nil, err
	}
	sum := sha256.Sum256(data)
	if k.ChunkName(hex.EncodeToString(sum[:])) != h.Name {
		return h, nil, fmt.Errorf("%w: its bytes are not those its name stands for", errForgedObject)
	}
	return h, data, nil
}

// OpenManifest checks and decrypts a sealed manifest with the keys in
// ring, and checks that its name is that of the blob it describes. The
// caller must still check the sender, and the manifest against its limits
// (store.BlobManifest.Validate).
func OpenManifest(ring Keyring, obj []byte) (*ObjectHeader, *store.BlobManifest, error) {
	h, k, b, err := openObject(ring, obj, ObjectManifest)
	if err != nil {
		return h, nil, err
	}
	m, err := decodeManifest(b)
	if err != nil {
		return h, nil, err
	}
	if k.ManifestName(m.Hash) != h.Name {
		return h, nil, fmt.Errorf("%w: it describes another file than its name stands for", errForgedObject)
	}
	return h, m, nil
}

// encodeManifest writes a manifest: the blob's hash, its size, type and
// name, then its chunks' hashes, each hash as 32 bytes.
func encodeManifest(m *store.BlobManifest) ([]byte, error) {
	if len(m.Mime) > 255 || len(m.Name) > 0xffff {
		return nil, store.Errorf(store.EINVALID, "The manifest of %s is malformed.", m.Hash)
	}
	hash, err := hex.DecodeString(m.Hash)
	if err != nil || len(hash) != 32 {
		return nil, store.Errorf(store.EINVALID, "%q is not a file's hash.", m.Hash)
	}
	b := append([]byte{}, hash...)
	b = binary.BigEndian.AppendUint64(b, uint64(m.Size))
	b = append(b, byte(len(m.Mime)))
	b = append(b, m.Mime...)
	b = binary.BigEndian.AppendUint16(b, uint16(len(m.Name)))
	b = append(b, m.Name...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(m.Chunks)))
	for _, c := range m.Chunks {
		h, err := hex.DecodeString(c)
		if err != nil || len(h) != 32 {
			return nil, store.Errorf(store.EINVALID, "%q is not a chunk's hash.", c)
		}
		b = append(b, h...)
	}
	if len(b) > MaxObjectBucket {
		return nil, store.Errorf(store.EINVALID, "The manifest of %s lists too many chunks for one object.", m.Hash[:12])
	}
	return b, nil
}

var errManifest = errors.New("the manifest is malformed")

// decodeManifest reads what encodeManifest wrote, strictly.
func decodeManifest(b []byte) (*store.BlobManifest, error) {
	bad := func() (*store.BlobManifest, error) { return nil, fmt.Errorf("%w: %w", errForgedObject, errManifest) }
	if len(b) < 32+8+1 {
		return bad()
	}
	m := &store.BlobManifest{Hash: hex.EncodeToString(b[:32]), Size: int64(binary.BigEndian.Uint64(b[32:40]))}
	r := b[40:]
	ml := int(r[0])
	if len(r) < 1+ml+2 {
		return bad()
	}
	m.Mime, r = string(r[1:1+ml]), r[1+ml:]
	nl := int(binary.BigEndian.Uint16(r))
	if len(r) < 2+nl+4 {
		return bad()
	}
	m.Name, r = string(r[2:2+nl]), r[2+nl:]
	count := int(binary.BigEndian.Uint32(r))
	r = r[4:]
	if m.Size < 0 || count != len(r)/32 || len(r)%32 != 0 {
		return bad()
	}
	for i := range count {
		m.Chunks = append(m.Chunks, hex.EncodeToString(r[32*i:32*i+32]))
	}
	return m, nil
}
