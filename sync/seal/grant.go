package seal

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/longhand/longhand/store"
)

// Grant is an epoch key wrapped for one device, signed by the device that
// granted it. The relay stores grants; only the recipient can open one.
type Grant struct {
	Key       KeyID
	Recipient [32]byte // the recipient's device ID
	Granter   ed25519.PublicKey
	Wrapped   []byte
	Sig       []byte
}

const (
	grantVersion = 1
	// GrantSize is a grant's encoded size.
	GrantSize = 1 + 32 + 32 + 32 + WrappedSize + ed25519.SignatureSize
)

var grantDomain = []byte("longhand key grant v1\x00")

// NewGrant wraps k for the device with key recipient and signs it.
func NewGrant(k *EpochKey, s Signer, recipient ed25519.PublicKey) ([]byte, error) {
	w, err := k.Wrap(recipient)
	if err != nil {
		return nil, err
	}
	id := sha256.Sum256(recipient)
	b := append([]byte{grantVersion}, k.ID[:]...)
	b = append(b, id[:]...)
	b = append(b, s.PublicKey()...)
	b = append(b, w...)
	return append(b, s.Sign(append(slices.Clip(grantDomain), b...))...), nil
}

// ParseGrant reads a grant and checks its signature.
func ParseGrant(b []byte) (*Grant, error) {
	if len(b) != GrantSize || b[0] != grantVersion {
		return nil, store.Errorf(store.EINVALID, "The key grant is malformed.")
	}
	g := &Grant{Key: KeyID(b[1:33]), Recipient: [32]byte(b[33:65]), Granter: slices.Clone(b[65:97]),
		Wrapped: slices.Clone(b[97 : 97+WrappedSize]), Sig: slices.Clone(b[97+WrappedSize:])}
	if !ed25519.Verify(g.Granter, append(slices.Clip(grantDomain), b[:97+WrappedSize]...), g.Sig) {
		return nil, store.Errorf(store.EINVALID, "The key grant's signature does not match its granter.")
	}
	return g, nil
}

// Open unwraps the grant's key with the recipient's private key.
func (g *Grant) Open(priv ed25519.PrivateKey) (*EpochKey, error) {
	return Unwrap(priv, g.Key, g.Wrapped)
}

// A sealed join request: version, the invitation's ID in the clear (so the
// relay can file it), how many recipients, for each the device ID and the
// body key sealed to it, then the nonce and the body. The body is opaque
// here: sync/relay encodes the join request in it.
const (
	joinVersion  = 1
	sealedKeyLen = 1 + 32 + chacha20poly1305.NonceSizeX + 32 + chacha20poly1305.Overhead
	// MaxJoinRecipients bounds how many devices a join request is sealed to.
	MaxJoinRecipients = 256
	maxJoinBody       = 4096
)

// SealJoin seals body (a join request) so that each of the recipients,
// the workspace's admin and member devices, can open it, and no one else:
// not the relay that stores it.
func SealJoin(invite [16]byte, body []byte, recipients []ed25519.PublicKey) ([]byte, error) {
	if len(recipients) == 0 || len(recipients) > MaxJoinRecipients {
		return nil, store.Errorf(store.EINVALID, "A join request is sealed to 1 to %d devices, not %d.", MaxJoinRecipients, len(recipients))
	}
	if len(body) > maxJoinBody {
		return nil, store.Errorf(store.EINVALID, "The join request is too large.")
	}
	var key [32]byte
	rand.Read(key[:])
	out := append([]byte{joinVersion}, invite[:]...)
	out = binary.BigEndian.AppendUint16(out, uint16(len(recipients)))
	for _, r := range recipients {
		sk, err := sealTo(r, key[:], invite[:], "join key")
		if err != nil {
			return nil, err
		}
		id := sha256.Sum256(r)
		out = append(append(out, id[:]...), sk...)
	}
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	rand.Read(nonce)
	out = append(out, nonce...)
	aead, _ := chacha20poly1305.NewX(key[:])
	return aead.Seal(out, nonce, body, out), nil
}

// JoinInvite returns the invitation a sealed join request names, checking
// only its shape; the relay files requests by it.
func JoinInvite(sealed []byte) ([16]byte, error) {
	if _, _, err := splitJoin(sealed); err != nil {
		return [16]byte{}, err
	}
	return [16]byte(sealed[1:17]), nil
}

func splitJoin(sealed []byte) (keys []byte, rest []byte, err error) {
	bad := store.Errorf(store.EINVALID, "The join request is malformed.")
	if len(sealed) < 1+16+2 || sealed[0] != joinVersion {
		return nil, nil, bad
	}
	n := int(binary.BigEndian.Uint16(sealed[17:]))
	end := 19 + n*(32+sealedKeyLen)
	if n == 0 || n > MaxJoinRecipients || len(sealed) < end+chacha20poly1305.NonceSizeX+chacha20poly1305.Overhead ||
		len(sealed) > end+chacha20poly1305.NonceSizeX+chacha20poly1305.Overhead+maxJoinBody {
		return nil, nil, bad
	}
	return sealed[19:end], sealed[end:], nil
}

// OpenJoin opens a sealed join request with a recipient's private key.
func OpenJoin(priv ed25519.PrivateKey, sealed []byte) ([]byte, error) {
	keys, rest, err := splitJoin(sealed)
	if err != nil {
		return nil, err
	}
	me := sha256.Sum256(priv.Public().(ed25519.PublicKey))
	for len(keys) > 0 {
		id, sk := keys[:32], keys[32:32+sealedKeyLen]
		keys = keys[32+sealedKeyLen:]
		if [32]byte(id) != me {
			continue
		}
		key, err := openFrom(priv, sk, sealed[1:17], "join key")
		if err != nil {
			return nil, err
		}
		aead, _ := chacha20poly1305.NewX(key)
		hdrEnd := len(sealed) - len(rest) + chacha20poly1305.NonceSizeX
		body, err := aead.Open(nil, rest[:chacha20poly1305.NonceSizeX], rest[chacha20poly1305.NonceSizeX:], sealed[:hdrEnd])
		if err != nil {
			return nil, fmt.Errorf("%w: the join request does not decrypt", ErrForged)
		}
		return body, nil
	}
	return nil, ErrNotForMe
}
