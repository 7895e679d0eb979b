package crypto

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
)

// DefaultInviteTTL is how long an invitation works unless told otherwise.
const DefaultInviteTTL = 7 * 24 * time.Hour

// Invite is what an invitation code carries: enough for the joiner to see
// which workspace and who invited them before accepting, and the secret
// that proves they were given the code. The secret is random and
// independent of everything else the code shows.
type Invite struct {
	ID            membership.InviteID
	Secret        [16]byte // 128 bits
	Workspace     store.DocID
	WorkspaceName string
	InviterName   string
	Inviter       membership.DeviceID
	Role          membership.Role
	Expires       time.Time
	// Member is the member ID the invitation is for: a person whose
	// profile the inviter made (a KindInvitePerson entry names it), or a
	// member a new device is for. "" lets the joiner become a new person.
	// The log, not the code, decides: a join as anyone else is refused.
	Member store.DocID
	// PersonName is that person's name as the inviter's directory has it,
	// shown to the joiner before they accept; "" when Member is.
	PersonName string
}

// Distinct refusals of a join, one sentence each.
var (
	ErrInviteUnknown = store.Errorf(store.ENOTFOUND, "This invitation is not known in this workspace. Check that the whole code was copied, or ask for a new invitation.")
	ErrInviteWrong   = store.Errorf(store.EFORBIDDEN, "This invitation code is wrong. Ask the person who invited you to send it again.")
	ErrInviteExpired = store.Errorf(store.EFORBIDDEN, "This invitation has expired. Ask for a new one.")
	ErrInviteUsed    = store.Errorf(store.ECONFLICT, "This invitation has already been used. Each invitation lets one device join; ask for a new one.")
	ErrInviteRevoked = store.Errorf(store.EFORBIDDEN, "This invitation was withdrawn by an admin. Ask for a new one.")
)

// CreateInvite makes a new invitation and the signed log entry that opens
// it. The signer must be an admin's device in st; parents are st's heads.
// forMember names who may join with it: "" for a new person, who chooses
// their own member ID; a member of st for a new device of theirs (role and
// spaces no less than theirs); or any other ID, never removed, for a
// person whose profile exists but who is not in the log yet, who will
// join as that member (a KindInvitePerson entry).
func CreateInvite(st *membership.State, signer membership.Signer, inviterName string, role membership.Role,
	spaces []string, forMember store.DocID, ttl time.Duration, now time.Time) (*Invite, *membership.Entry, error) {
	if st.RoleOf(membership.DeviceIDOf(signer.PublicKey())) != membership.RoleAdmin {
		return nil, nil, store.Errorf(store.EFORBIDDEN, "Only an admin can invite people.")
	}
	kind := membership.KindInvite
	if forMember != "" {
		if err := forMember.Validate(); err != nil {
			return nil, nil, err
		}
		if _, removed := st.RemovedMembers[forMember]; removed {
			return nil, nil, store.Errorf(store.EFORBIDDEN, "This person was removed from the workspace; they cannot be invited again. Add them as a new person.")
		}
		if m := st.Members[forMember]; m == nil {
			kind = membership.KindInvitePerson
		} else if m.Role < role {
			return nil, nil, store.Errorf(store.EINVALID, "An invitation for a device of a %v cannot give less than their role.", m.Role)
		}
	}
	if ttl <= 0 {
		ttl = DefaultInviteTTL
	}
	if ttl > 90*24*time.Hour {
		return nil, nil, store.Errorf(store.EINVALID, "An invitation can last at most 90 days.")
	}
	if role == membership.RoleGuest && len(spaces) == 0 {
		return nil, nil, store.Errorf(store.EINVALID, "Choose the spaces a guest may see.")
	}
	if role != membership.RoleGuest {
		spaces = nil
	}
	inv := &Invite{Workspace: st.Workspace, WorkspaceName: st.Name, InviterName: inviterName, Role: role,
		Inviter: membership.DeviceIDOf(signer.PublicKey()), Expires: now.Add(ttl).Truncate(time.Second).UTC(), Member: forMember}
	rand.Read(inv.ID[:])
	rand.Read(inv.Secret[:])
	e := &membership.Entry{Kind: kind, Workspace: st.Workspace, Time: now, Parents: st.Heads,
		Invite: inv.ID, SecretHash: sha256.Sum256(inv.Secret[:]), Role: role, Expires: inv.Expires,
		ForMember: forMember, Spaces: spaces}
	if err := e.Sign(signer); err != nil {
		return nil, nil, err
	}
	if why := st.Check(e); why != "" {
		return nil, nil, store.Errorf(store.EINVALID, "%s", why)
	}
	return inv, e, nil
}

// RevokeInvite makes the signed entry that withdraws an invitation.
func RevokeInvite(st *membership.State, signer membership.Signer, id membership.InviteID, now time.Time) (*membership.Entry, error) {
	inv := st.Invites[id]
	switch {
	case inv == nil:
		return nil, ErrInviteUnknown
	case inv.Used():
		return nil, ErrInviteUsed
	case inv.Revoked:
		return nil, ErrInviteRevoked
	}
	e := &membership.Entry{Kind: membership.KindRevokeInvite, Workspace: st.Workspace, Time: now, Parents: st.Heads, Invite: id}
	if err := e.Sign(signer); err != nil {
		return nil, err
	}
	if why := st.Check(e); why != "" {
		return nil, store.Errorf(store.EFORBIDDEN, "%s", why)
	}
	return e, nil
}

// JoinRequest is what a joining device sends to a member's device.
type JoinRequest struct {
	Workspace store.DocID
	Invite    membership.InviteID
	Secret    [16]byte
	Member    store.DocID // the new member's ID, or the existing member a device is added for
	Device    ed25519.PublicKey
	DeviceSig []byte // by Device, of membership.JoinMessage
}

// AcceptInvite builds the join request of this device; member is the ID
// the joiner will have as a new person (a new one), unless the invitation
// names the member it is for, whose ID the request then carries.
func AcceptInvite(inv *Invite, id *Identity, member store.DocID, now time.Time) (*JoinRequest, error) {
	if now.After(inv.Expires) {
		return nil, ErrInviteExpired
	}
	if inv.Member != "" {
		member = inv.Member
	}
	if err := member.Validate(); err != nil {
		return nil, err
	}
	pub := id.PublicKey()
	return &JoinRequest{Workspace: inv.Workspace, Invite: inv.ID, Secret: inv.Secret, Member: member, Device: pub,
		DeviceSig: id.Sign(membership.JoinMessage(inv.Workspace, inv.ID, member, pub))}, nil
}

// AdmitJoin checks a join request against the log's state and, when every
// check holds, returns the entry adding the device, signed by signer. The
// checks come in a fixed order, each with its own error: the invitation
// is known, the secret matches, it was not withdrawn, not used, and not
// expired at now.
func AdmitJoin(st *membership.State, signer membership.Signer, req *JoinRequest, now time.Time) (*membership.Entry, error) {
	if req.Workspace != st.Workspace {
		return nil, store.Errorf(store.EINVALID, "This invitation is for another workspace.")
	}
	inv := st.Invites[req.Invite]
	switch {
	case inv == nil:
		return nil, ErrInviteUnknown
	case sha256.Sum256(req.Secret[:]) != inv.SecretHash:
		return nil, ErrInviteWrong
	case inv.Revoked:
		return nil, ErrInviteRevoked
	case inv.Used():
		return nil, ErrInviteUsed
	case now.After(inv.Expires):
		return nil, ErrInviteExpired
	}
	if len(req.Device) != ed25519.PublicKeySize || len(req.DeviceSig) != ed25519.SignatureSize ||
		!ed25519.Verify(req.Device, membership.JoinMessage(req.Workspace, req.Invite, req.Member, req.Device), req.DeviceSig) {
		return nil, store.Errorf(store.EINVALID, "The joining device did not prove it holds its key.")
	}
	e := &membership.Entry{Kind: membership.KindJoin, Workspace: st.Workspace, Time: now, Parents: st.Heads,
		Invite: req.Invite, Secret: req.Secret, Member: req.Member, Device: req.Device, DeviceSig: req.DeviceSig}
	if err := e.Sign(signer); err != nil {
		return nil, err
	}
	if why := st.Check(e); why != "" {
		return nil, store.Errorf(store.EFORBIDDEN, "%s", why)
	}
	return e, nil
}

// The code's binary form: version, invite ID, secret, expiry (Unix
// seconds), role, workspace ID (16 bytes), inviter's device (first 10
// bytes, to compare with the fingerprint), workspace name, inviter name,
// then a CRC-32C of all of it so a mistyped code is told apart from a
// wrong one. Version 2, for an invitation that names its member, puts the
// member ID (16 bytes) after the inviter's device and the person's name
// after the inviter's; an invitation for a new person stays version 1.
const (
	codeVersion       = 1
	codeVersionMember = 2
	codePrefix        = "LH"
	linkPrefix        = "longhand://join?"
	maxCodeBytes      = 1 + 16 + 16 + 8 + 1 + 16 + 10 + 16 + 3*(1+255) + 4
)

var (
	codeEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)
	castagnoli   = crc32.MakeTable(crc32.Castagnoli)
)

// Code returns the invitation as a code to paste, in groups of five.
func (inv *Invite) Code() string {
	var b bytes.Buffer
	names := []string{inv.WorkspaceName, inv.InviterName}
	if inv.Member != "" {
		b.WriteByte(codeVersionMember)
		person := inv.PersonName
		if person == "" {
			person = "?" // names are never empty in a code
		}
		names = append(names, person)
	} else {
		b.WriteByte(codeVersion)
	}
	b.Write(inv.ID[:])
	b.Write(inv.Secret[:])
	binary.Write(&b, binary.BigEndian, inv.Expires.Unix())
	b.WriteByte(byte(inv.Role))
	ws, _ := hex.DecodeString(string(inv.Workspace))
	b.Write(ws)
	b.Write(inv.Inviter[:10])
	if inv.Member != "" {
		m, _ := hex.DecodeString(string(inv.Member))
		b.Write(m)
	}
	for _, s := range names {
		s = clip(s, 255)
		b.WriteByte(byte(len(s)))
		b.WriteString(s)
	}
	binary.Write(&b, binary.BigEndian, crc32.Checksum(b.Bytes(), castagnoli))
	s := codeEncoding.EncodeToString(b.Bytes())
	var groups []string
	for i := 0; i < len(s); i += 5 {
		groups = append(groups, s[i:min(i+5, len(s))])
	}
	return codePrefix + "-" + strings.Join(groups, "-")
}

// Link returns the invitation as a longhand:// link.
func (inv *Invite) Link() string {
	return linkPrefix + url.Values{"code": {inv.Code()}}.Encode()
}

// ParseInvite reads an invitation code or link, as pasted: spaces, line
// breaks, dashes and letter case do not matter. It does not check expiry
// or the secret; AcceptInvite and AdmitJoin do.
func ParseInvite(s string) (*Invite, error) {
	notInvite := store.Errorf(store.EINVALID, "This is not a Longhand invitation. Paste the whole code or link you were sent.")
	s = strings.TrimSpace(s)
	if len(s) > 4096 {
		return nil, notInvite
	}
	if strings.HasPrefix(strings.ToLower(s), linkPrefix) {
		q, err := url.ParseQuery(s[len(linkPrefix):])
		if err != nil || len(q["code"]) != 1 {
			return nil, notInvite
		}
		s = q.Get("code")
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '\n', '\r', '\t':
			return -1
		}
		return r
	}, strings.ToUpper(s))
	if !strings.HasPrefix(s, codePrefix) {
		return nil, notInvite
	}
	raw, err := codeEncoding.DecodeString(s[len(codePrefix):])
	if err != nil || len(raw) < 5 || len(raw) > maxCodeBytes {
		return nil, notInvite
	}
	body, sum := raw[:len(raw)-4], binary.BigEndian.Uint32(raw[len(raw)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, store.Errorf(store.EINVALID, "This invitation code has a typo: its check digits do not match. Copy it again.")
	}
	if body[0] != codeVersion && body[0] != codeVersionMember {
		return nil, store.Errorf(store.EINVALID, "This invitation was made by a newer Longhand. Update Longhand to join.")
	}
	named := body[0] == codeVersionMember
	body = body[1:]
	fixed, nNames := 16+16+8+1+16+10, 2
	if named {
		fixed, nNames = fixed+16, 3
	}
	if len(body) < fixed {
		return nil, notInvite
	}
	inv := &Invite{}
	copy(inv.ID[:], body[0:16])
	copy(inv.Secret[:], body[16:32])
	secs := int64(binary.BigEndian.Uint64(body[32:40]))
	inv.Role = membership.Role(body[40])
	inv.Workspace = store.DocID(hex.EncodeToString(body[41:57]))
	copy(inv.Inviter[:], body[57:67])
	if named {
		inv.Member = store.DocID(hex.EncodeToString(body[67:83]))
	}
	body = body[fixed:]
	var names []string
	for range nNames {
		if len(body) < 1 || len(body) < 1+int(body[0]) {
			return nil, notInvite
		}
		n := int(body[0])
		names = append(names, string(body[1:1+n]))
		body = body[1+n:]
	}
	if len(body) != 0 || secs < 0 || secs > 253402300799 || inv.Role < membership.RoleAdmin || inv.Role > membership.RoleGuest {
		return nil, notInvite
	}
	for _, n := range names {
		if !utf8.ValidString(n) || n == "" || strings.ContainsFunc(n, func(r rune) bool { return r < ' ' || r == 0x7f }) {
			return nil, notInvite
		}
	}
	inv.Expires = time.Unix(secs, 0).UTC()
	inv.WorkspaceName, inv.InviterName = names[0], names[1]
	if named {
		inv.PersonName = names[2]
	}
	return inv, nil
}

// InviterFingerprint is the start of the inviter's device fingerprint, as
// far as the code carries it, to compare with what the inviter sees.
func (inv *Invite) InviterFingerprint() string {
	var d membership.DeviceID
	copy(d[:], inv.Inviter[:10])
	return strings.Join(strings.Fields(Fingerprint(d))[:4], " ")
}

// clip cuts s to at most n bytes without splitting a character.
func clip(s string, n int) string {
	for len(s) > n {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}
