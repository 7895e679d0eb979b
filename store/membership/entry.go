package membership

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/longhand/longhand/store"
)

// Kind is what an entry does.
type Kind uint8

const (
	KindCreate       Kind = 1 // creates the workspace; its signer's device is the first admin's
	KindInvite       Kind = 2 // opens an invitation
	KindRevokeInvite Kind = 3 // closes an invitation before it is used
	KindJoin         Kind = 4 // adds a device (and, for a new person, a member) through an invitation
	KindSetRole      Kind = 5 // changes a member's role
	KindRemoveMember Kind = 6 // removes a member and all their devices
	KindRemoveDevice Kind = 7 // removes one device
	KindRotateKey    Kind = 8 // starts a new key epoch
	// KindInvitePerson opens an invitation for a person whose profile
	// exists but who is not in the log yet: it names the member ID they
	// will have, so that joining makes them that person, not a second one.
	KindInvitePerson Kind = 9
)

func (k Kind) String() string {
	switch k {
	case KindCreate:
		return "create workspace"
	case KindInvite:
		return "invite"
	case KindRevokeInvite:
		return "revoke invitation"
	case KindJoin:
		return "join"
	case KindSetRole:
		return "set role"
	case KindRemoveMember:
		return "remove member"
	case KindRemoveDevice:
		return "remove device"
	case KindRotateKey:
		return "rotate key"
	case KindInvitePerson:
		return "invite a person"
	}
	return fmt.Sprintf("kind %d", uint8(k))
}

// Role is what a member may do.
type Role uint8

const (
	RoleAdmin  Role = 1 // changes membership and everything else
	RoleMember Role = 2 // reads and writes everything; admits joins through invitations
	RoleGuest  Role = 3 // reads and comments only in the spaces they were invited to
)

func (r Role) String() string {
	switch r {
	case RoleAdmin:
		return "admin"
	case RoleMember:
		return "member"
	case RoleGuest:
		return "guest"
	}
	return fmt.Sprintf("role %d", uint8(r))
}

// ParseRole reads a role's name.
func ParseRole(s string) (Role, error) {
	for _, r := range []Role{RoleAdmin, RoleMember, RoleGuest} {
		if r.String() == s {
			return r, nil
		}
	}
	return 0, store.Errorf(store.EINVALID, "%q is not a role; choose admin, member or guest.", s)
}

// Hash names an entry: the SHA-256 of its encoded bytes, signature included.
type Hash [32]byte

func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// DeviceID names a device: the SHA-256 of its Ed25519 public key.
type DeviceID [32]byte

// DeviceIDOf returns the ID of the device with public key pub.
func DeviceIDOf(pub ed25519.PublicKey) DeviceID { return DeviceID(sha256.Sum256(pub)) }

func (d DeviceID) String() string { return hex.EncodeToString(d[:]) }

// InviteID names an invitation. It is random and independent of the
// invitation's secret.
type InviteID [16]byte

func (i InviteID) String() string { return hex.EncodeToString(i[:]) }

// Limits of the encoding. An entry is small: a few hundred bytes.
const (
	MaxEntrySize = 4096
	MaxParents   = 32
	MaxSpaces    = 32
	maxString    = 200
	version      = 1
)

// Entry is one signed change to the membership. Which body fields are
// used depends on Kind; Encode writes only those.
type Entry struct {
	Kind      Kind
	Workspace store.DocID
	Time      time.Time // as the signer's clock said; informational, except against an invitation's expiry
	Parents   []Hash    // sorted, distinct; empty only for KindCreate
	Signer    ed25519.PublicKey

	Name       string            // Create: the workspace's name
	Member     store.DocID       // Create, Join, SetRole, RemoveMember: the member concerned
	Invite     InviteID          // Invite, InvitePerson, RevokeInvite, Join
	SecretHash [32]byte          // Invite, InvitePerson: SHA-256 of the invitation's secret
	Secret     [16]byte          // Join: the invitation's secret, spent by this join
	Role       Role              // Invite, InvitePerson, SetRole: the role given
	Expires    time.Time         // Invite, InvitePerson: when the invitation stops working
	ForMember  store.DocID       // Invite: the existing member a new device is for, "" for a new person; InvitePerson: the ID the person will have
	Spaces     []string          // Invite, InvitePerson, SetRole: for a guest, the spaces they may read and comment in
	Device     ed25519.PublicKey // Join: the new device's key
	DeviceSig  []byte            // Join: the new device's signature of JoinMessage
	DeviceID   DeviceID          // RemoveDevice
	KeyID      [32]byte          // RotateKey: names the new epoch's key, which travels elsewhere

	Sig []byte // Ed25519 signature by Signer of SignedBytes

	raw    []byte // the encoded entry, set by Decode and Sign
	hash   Hash
	signer DeviceID // of Signer, set by Decode and Sign
}

// Signer signs entries with a device key.
type Signer interface {
	PublicKey() ed25519.PublicKey
	Sign(msg []byte) []byte
}

var (
	entryDomain = []byte("longhand membership entry v1\x00")
	joinDomain  = []byte("longhand join v1\x00")
)

// JoinMessage is what a joining device signs to prove it holds its key
// and wants to join this workspace through this invitation as this member.
func JoinMessage(ws store.DocID, inv InviteID, member store.DocID, device ed25519.PublicKey) []byte {
	var b bytes.Buffer
	b.Write(joinDomain)
	putString(&b, string(ws))
	b.Write(inv[:])
	putString(&b, string(member))
	b.Write(device)
	return b.Bytes()
}

// WorkspaceID returns the ID of the workspace created by the device with
// key creator for the member. Binding the ID to the creator's key means no
// one else can sign a creation of the same workspace, so a peer can never
// be handed a second, forged root of the log.
func WorkspaceID(creator ed25519.PublicKey, member store.DocID) store.DocID {
	sum := sha256.Sum256(append([]byte("longhand workspace v1\x00"+string(member)), creator...))
	return store.DocID(hex.EncodeToString(sum[:16]))
}

// Hash returns the entry's hash; the entry must have been signed or decoded.
func (e *Entry) Hash() Hash { return e.hash }

// Bytes returns the entry's encoding; the entry must have been signed or decoded.
func (e *Entry) Bytes() []byte { return e.raw }

// SignerID returns the ID of the signing device.
func (e *Entry) SignerID() DeviceID {
	if e.raw != nil {
		return e.signer
	}
	return DeviceIDOf(e.Signer)
}

// Sign fills in Signer and Sig and fixes the entry's bytes and hash.
func (e *Entry) Sign(s Signer) error {
	e.Signer = s.PublicKey()
	e.Parents = sortedParents(e.Parents)
	e.Spaces = slices.Compact(slices.Sorted(slices.Values(e.Spaces)))
	body, err := e.body()
	if err != nil {
		return err
	}
	e.Sig = s.Sign(append(slices.Clip(entryDomain), body...))
	e.raw = append(body, e.Sig...)
	e.hash = sha256.Sum256(e.raw)
	e.signer = DeviceIDOf(e.Signer)
	return nil
}

func sortedParents(ps []Hash) []Hash {
	ps = slices.Clone(ps)
	slices.SortFunc(ps, func(a, b Hash) int { return bytes.Compare(a[:], b[:]) })
	return slices.Compact(ps)
}

// body encodes everything but the signature.
func (e *Entry) body() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte(version)
	b.WriteByte(byte(e.Kind))
	putString(&b, string(e.Workspace))
	putInt(&b, e.Time.UnixMilli())
	if len(e.Parents) > MaxParents {
		return nil, store.Errorf(store.EINVALID, "An entry can follow at most %d others.", MaxParents)
	}
	b.WriteByte(byte(len(e.Parents)))
	for _, p := range e.Parents {
		b.Write(p[:])
	}
	if len(e.Signer) != ed25519.PublicKeySize {
		return nil, store.Errorf(store.EINVALID, "The entry has no signing key.")
	}
	b.Write(e.Signer)
	switch e.Kind {
	case KindCreate:
		putString(&b, e.Name)
		putString(&b, string(e.Member))
	case KindInvite, KindInvitePerson:
		b.Write(e.Invite[:])
		b.Write(e.SecretHash[:])
		b.WriteByte(byte(e.Role))
		putInt(&b, e.Expires.UnixMilli())
		putString(&b, string(e.ForMember))
		if len(e.Spaces) > MaxSpaces {
			return nil, store.Errorf(store.EINVALID, "A guest can be invited to at most %d spaces.", MaxSpaces)
		}
		b.WriteByte(byte(len(e.Spaces)))
		for _, s := range e.Spaces {
			putString(&b, s)
		}
	case KindRevokeInvite:
		b.Write(e.Invite[:])
	case KindJoin:
		b.Write(e.Invite[:])
		b.Write(e.Secret[:])
		putString(&b, string(e.Member))
		if len(e.Device) != ed25519.PublicKeySize || len(e.DeviceSig) != ed25519.SignatureSize {
			return nil, store.Errorf(store.EINVALID, "A join needs the new device's key and signature.")
		}
		b.Write(e.Device)
		b.Write(e.DeviceSig)
	case KindSetRole:
		putString(&b, string(e.Member))
		b.WriteByte(byte(e.Role))
		if len(e.Spaces) > MaxSpaces {
			return nil, store.Errorf(store.EINVALID, "A guest can be given at most %d spaces.", MaxSpaces)
		}
		b.WriteByte(byte(len(e.Spaces)))
		for _, s := range e.Spaces {
			putString(&b, s)
		}
	case KindRemoveMember:
		putString(&b, string(e.Member))
	case KindRemoveDevice:
		b.Write(e.DeviceID[:])
	case KindRotateKey:
		b.Write(e.KeyID[:])
	default:
		return nil, store.Errorf(store.EINVALID, "%v is not a kind of membership entry.", e.Kind)
	}
	if b.Len()+ed25519.SignatureSize > MaxEntrySize {
		return nil, store.Errorf(store.EINVALID, "The entry is larger than %d bytes.", MaxEntrySize)
	}
	// Decode's checks apply to what we write, too, so that nothing is
	// signed that no peer would accept.
	out := b.Bytes()
	if _, err := decodeBody(out); err != nil {
		return nil, err
	}
	return out, nil
}

func putString(b *bytes.Buffer, s string) {
	b.WriteByte(byte(len(s)))
	b.WriteString(s)
}

func putInt(b *bytes.Buffer, v int64) {
	var x [8]byte
	binary.BigEndian.PutUint64(x[:], uint64(v))
	b.Write(x[:])
}

// Decode reads one entry strictly: every field must be in range and in
// canonical form, nothing may follow, and the signature must verify.
// Errors are EINVALID with a sentence saying what is wrong.
func Decode(raw []byte) (*Entry, error) {
	if len(raw) > MaxEntrySize {
		return nil, store.Errorf(store.EINVALID, "The membership entry is larger than %d bytes.", MaxEntrySize)
	}
	if len(raw) < ed25519.SignatureSize {
		return nil, store.Errorf(store.EINVALID, "The membership entry is cut short.")
	}
	n := len(raw) - ed25519.SignatureSize
	e, err := decodeBody(raw[:n])
	if err != nil {
		return nil, err
	}
	e.Sig = slices.Clone(raw[n:])
	msg := append(slices.Clip(entryDomain), raw[:n]...)
	if !ed25519.Verify(e.Signer, msg, e.Sig) {
		return nil, store.Errorf(store.EINVALID, "The membership entry's signature does not match its signer.")
	}
	if e.Kind == KindJoin && !ed25519.Verify(e.Device, JoinMessage(e.Workspace, e.Invite, e.Member, e.Device), e.DeviceSig) {
		return nil, store.Errorf(store.EINVALID, "The joining device's signature does not match its key.")
	}
	e.raw = slices.Clone(raw)
	e.hash = sha256.Sum256(raw)
	e.signer = DeviceIDOf(e.Signer)
	return e, nil
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = store.Errorf(store.EINVALID, "The membership entry is malformed: "+format+".", args...)
	}
}

func (r *reader) take(n int) []byte {
	if r.err != nil {
		return make([]byte, n)
	}
	if len(r.b) < n {
		r.fail("it is cut short")
		return make([]byte, n)
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) byte() byte { return r.take(1)[0] }

func (r *reader) int() int64 { return int64(binary.BigEndian.Uint64(r.take(8))) }

func (r *reader) string(what string) string {
	n := int(r.byte())
	s := string(r.take(n))
	if n > maxString {
		r.fail("the %s is too long", what)
	}
	if !utf8.ValidString(s) {
		r.fail("the %s is not valid text", what)
	}
	return s
}

func (r *reader) docID(what string, optional bool) store.DocID {
	id := store.DocID(r.string(what))
	if optional && id == "" {
		return id
	}
	if r.err == nil && id.Validate() != nil {
		r.fail("the %s is not a document ID", what)
	}
	return id
}

func (r *reader) time(what string) time.Time {
	ms := r.int()
	// Years 1970 to 9999: anything else is not a time a device would sign.
	if ms < 0 || ms > 253402300799999 {
		r.fail("the %s is out of range", what)
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

func (r *reader) role() Role {
	role := Role(r.byte())
	if role < RoleAdmin || role > RoleGuest {
		r.fail("%d is not a role", uint8(role))
	}
	return role
}

func (r *reader) spaces() []string {
	n := int(r.byte())
	if n > MaxSpaces {
		r.fail("it lists too many spaces")
		return nil
	}
	var out []string
	for range n {
		id := r.docID("space", false)
		if r.err == nil && len(out) > 0 && out[len(out)-1] >= string(id) {
			r.fail("its spaces are not sorted and distinct")
		}
		out = append(out, string(id))
	}
	return out
}

// decodeBody reads everything but the signature.
func decodeBody(b []byte) (*Entry, error) {
	r := &reader{b: b}
	if v := r.byte(); r.err == nil && v != version {
		return nil, store.Errorf(store.EINVALID, "The membership entry has version %d; this Longhand reads version %d.", v, version)
	}
	e := &Entry{Kind: Kind(r.byte())}
	e.Workspace = r.docID("workspace ID", false)
	e.Time = r.time("time")
	np := int(r.byte())
	if np > MaxParents {
		r.fail("it follows more than %d entries", MaxParents)
	}
	for i := 0; i < np && r.err == nil; i++ {
		p := Hash(r.take(32))
		if i > 0 && bytes.Compare(e.Parents[i-1][:], p[:]) >= 0 {
			r.fail("its parents are not sorted and distinct")
		}
		e.Parents = append(e.Parents, p)
	}
	e.Signer = ed25519.PublicKey(slices.Clone(r.take(ed25519.PublicKeySize)))
	switch e.Kind {
	case KindCreate:
		e.Name = r.string("workspace name")
		e.Member = r.docID("member ID", false)
		if r.err == nil && (e.Name == "" || np != 0) {
			r.fail("a workspace needs a name and follows no entry")
		}
		if r.err == nil && e.Workspace != WorkspaceID(e.Signer, e.Member) {
			r.fail("the workspace ID does not belong to its creator")
		}
	case KindInvite, KindInvitePerson:
		e.Invite = InviteID(r.take(16))
		e.SecretHash = [32]byte(r.take(32))
		e.Role = r.role()
		e.Expires = r.time("expiry")
		e.ForMember = r.docID("member ID", e.Kind == KindInvite)
		e.Spaces = r.spaces()
	case KindRevokeInvite:
		e.Invite = InviteID(r.take(16))
	case KindJoin:
		e.Invite = InviteID(r.take(16))
		e.Secret = [16]byte(r.take(16))
		e.Member = r.docID("member ID", false)
		e.Device = ed25519.PublicKey(slices.Clone(r.take(ed25519.PublicKeySize)))
		e.DeviceSig = slices.Clone(r.take(ed25519.SignatureSize))
	case KindSetRole:
		e.Member = r.docID("member ID", false)
		e.Role = r.role()
		e.Spaces = r.spaces()
	case KindRemoveMember:
		e.Member = r.docID("member ID", false)
	case KindRemoveDevice:
		e.DeviceID = DeviceID(r.take(32))
	case KindRotateKey:
		e.KeyID = [32]byte(r.take(32))
	default:
		r.fail("%d is not a kind of entry", uint8(e.Kind))
	}
	if r.err == nil && e.Kind != KindCreate && np == 0 {
		r.fail("only the workspace's creation follows no entry")
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail("%d bytes follow its end", len(r.b))
	}
	if r.err != nil {
		return nil, r.err
	}
	return e, nil
}
