package seal

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"fmt"
	"io"

	"filippo.io/edwards25519"
	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/hkdf"

	"github.com/longhand/longhand/store"
)

// KeyID names an epoch key: a hash of the key, which reveals nothing of
// it. The membership log's KindRotateKey entry carries it.
type KeyID [32]byte

// EpochKey is a workspace's content key for one epoch.
type EpochKey struct {
	ID    KeyID
	Epoch uint64
	key   [32]byte
}

// NewEpochKey returns a fresh random key for epoch.
func NewEpochKey(epoch uint64) *EpochKey {
	var k [32]byte
	if _, err := rand.Read(k[:]); err != nil {
		panic("seal: no randomness: " + err.Error())
	}
	return epochKeyOf(epoch, k)
}

func epochKeyOf(epoch uint64, k [32]byte) *EpochKey {
	return &EpochKey{ID: KeyID(sha256.Sum256(append([]byte("longhand epoch key id v1\x00"), k[:]...))), Epoch: epoch, key: k}
}

// derive returns a subkey for one purpose, so that the key that encrypts
// never also blinds.
func (k *EpochKey) derive(purpose string) []byte {
	out := make([]byte, 32)
	if _, err := io.ReadFull(hkdf.New(sha256.New, k.key[:], k.ID[:], []byte("longhand "+purpose+" v1")), out); err != nil {
		panic(err)
	}
	return out
}

// Blind returns the document ID as the relay sees it: an HMAC of the ID
// under a key derived from the epoch key. The same document has another
// blinded ID in the next epoch.
func (k *EpochKey) Blind(id store.DocID) [32]byte {
	m := hmac.New(sha256.New, k.derive("blind document id"))
	m.Write([]byte(id))
	return [32]byte(m.Sum(nil))
}

// Wrapped sizes: version, ephemeral X25519 key, nonce, sealed epoch key.
const (
	wrapVersion = 1
	WrappedSize = 1 + 32 + chacha20poly1305.NonceSizeX + 8 + 32 + chacha20poly1305.Overhead
)

var ErrNotForMe = errors.New("the key was not wrapped for this device, or was altered")

// montgomery returns the X25519 public key birationally equivalent to an
// Ed25519 public key (RFC 7748 section 4.1), refusing points that are not
// on the curve or of small order.
func montgomery(pub ed25519.PublicKey) (*ecdh.PublicKey, error) {
	if len(pub) != ed25519.PublicKeySize {
		return nil, errors.New("not an Ed25519 public key")
	}
	p, err := new(edwards25519.Point).SetBytes(pub)
	if err != nil {
		return nil, fmt.Errorf("not an Ed25519 public key: %w", err)
	}
	// Small-order points would make the shared secret predictable.
	if new(edwards25519.Point).MultByCofactor(p).Equal(edwards25519.NewIdentityPoint()) == 1 {
		return nil, errors.New("the Ed25519 key is of small order")
	}
	return ecdh.X25519().NewPublicKey(p.BytesMontgomery())
}

// montgomeryPrivate returns the X25519 private key of an Ed25519 private
// key: the clamped first half of SHA-512 of the seed, the same scalar
// Ed25519 signs with, so that it matches montgomery(pub).
func montgomeryPrivate(priv ed25519.PrivateKey) (*ecdh.PrivateKey, error) {
	h := sha512.Sum512(priv.Seed())
	s := h[:32]
	s[0] &= 248
	s[31] &= 127
	s[31] |= 64
	return ecdh.X25519().NewPrivateKey(s)
}

func wrapKey(shared, eph, recipient []byte, purpose string) []byte {
	k := make([]byte, chacha20poly1305.KeySize)
	salt := append(append([]byte{}, eph...), recipient...)
	if _, err := io.ReadFull(hkdf.New(sha256.New, shared, salt, []byte("longhand "+purpose+" v1")), k); err != nil {
		panic(err)
	}
	return k
}

// sealTo encrypts msg so that only the holder of the Ed25519 private key
// of recipient can read it: ECIES over X25519 with the recipient's key in
// Montgomery form, an ephemeral key per message, HKDF-SHA256, and
// XChaCha20-Poly1305 with ad bound in.
func sealTo(recipient ed25519.PublicKey, msg, ad []byte, purpose string) ([]byte, error) {
	rx, err := montgomery(recipient)
	if err != nil {
		return nil, err
	}
	eph, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	shared, err := eph.ECDH(rx)
	if err != nil {
		return nil, err
	}
	aead, _ := chacha20poly1305.NewX(wrapKey(shared, eph.PublicKey().Bytes(), rx.Bytes(), purpose))
	out := append([]byte{wrapVersion}, eph.PublicKey().Bytes()...)
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	rand.Read(nonce)
	out = append(out, nonce...)
	return aead.Seal(out, nonce, msg, append(append([]byte{}, ad...), out...)), nil
}

func openFrom(priv ed25519.PrivateKey, sealed, ad []byte, purpose string) ([]byte, error) {
	hdr := 1 + 32 + chacha20poly1305.NonceSizeX
	if len(sealed) < hdr+chacha20poly1305.Overhead || sealed[0] != wrapVersion {
		return nil, ErrNotForMe
	}
	x, err := montgomeryPrivate(priv)
	if err != nil {
		return nil, err
	}
	eph, err := ecdh.X25519().NewPublicKey(sealed[1:33])
	if err != nil {
		return nil, ErrNotForMe
	}
	shared, err := x.ECDH(eph)
	if err != nil {
		return nil, ErrNotForMe
	}
	aead, _ := chacha20poly1305.NewX(wrapKey(shared, sealed[1:33], x.PublicKey().Bytes(), purpose))
	msg, err := aead.Open(nil, sealed[33:hdr], sealed[hdr:], append(append([]byte{}, ad...), sealed[:hdr]...))
	if err != nil {
		return nil, ErrNotForMe
	}
	return msg, nil
}

// Wrap encrypts the epoch key for one device, given its Ed25519 public
// key. Only that device's private key unwraps it.
func (k *EpochKey) Wrap(recipient ed25519.PublicKey) ([]byte, error) {
	var msg [8 + 32]byte
	putUint64(msg[:8], k.Epoch)
	copy(msg[8:], k.key[:])
	return sealTo(recipient, msg[:], k.ID[:], "epoch key wrap")
}

// Unwrap decrypts an epoch key wrapped for this device and checks it is
// the key named id.
func Unwrap(priv ed25519.PrivateKey, id KeyID, wrapped []byte) (*EpochKey, error) {
	if len(wrapped) != WrappedSize {
		return nil, ErrNotForMe
	}
	msg, err := openFrom(priv, wrapped, id[:], "epoch key wrap")
	if err != nil {
		return nil, err
	}
	k := epochKeyOf(getUint64(msg[:8]), [32]byte(msg[8:]))
	if k.ID != id {
		return nil, ErrNotForMe
	}
	return k, nil
}

func putUint64(b []byte, v uint64) {
	for i := 7; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
}

func getUint64(b []byte) uint64 {
	var v uint64
	for _, c := range b[:8] {
		v = v<<8 | uint64(c)
	}
	return v
}
