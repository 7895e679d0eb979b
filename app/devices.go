package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/crypto"
)

// MembershipStore is what the devices service needs of the store.
type MembershipStore interface {
	MembershipState(ctx context.Context) (*membership.State, error)
	AppendMembership(ctx context.Context, e *membership.Entry) error
}

// Devices is the bound service for this device's identity, the devices in
// the workspace, and invitations.
type Devices struct {
	ctx     context.Context
	id      *crypto.Identity // nil when it could not be loaded
	idErr   error
	log     MembershipStore
	members store.MemberService
	ws      store.WorkspaceService
	Now     func() time.Time
	// NewKey, when set, makes the key of the epoch a removal starts and
	// returns its ID for the KindRotateKey entry (the relay service's).
	NewKey func() [32]byte
}

// NewDevices returns the devices service. id is nil when the identity
// could not be loaded, and idErr says why.
func NewDevices(ctx context.Context, id *crypto.Identity, idErr error, log MembershipStore, members store.MemberService, ws store.WorkspaceService) *Devices {
	return &Devices{ctx: ctx, id: id, idErr: idErr, log: log, members: members, ws: ws, Now: time.Now}
}

// DeviceView is a device as the settings show it.
type DeviceView struct {
	ID          string `json:"id"`          // hex of the device ID
	Fingerprint string `json:"fingerprint"` // to compare by eye: eight groups of four
	MemberID    string `json:"memberId"`
	MemberName  string `json:"memberName"`
	Role        string `json:"role"` // admin, member, guest
	AddedAt     string `json:"addedAt"`
	ThisDevice  bool   `json:"thisDevice"`
}

// IdentityView is this device's identity.
type IdentityView struct {
	Fingerprint string `json:"fingerprint"`
	KeyStorage  string `json:"keyStorage"` // "keystore" or "file"
	KeyWhere    string `json:"keyWhere"`   // the keystore entry or the file's path
	InLog       bool   `json:"inLog"`      // the membership log lists this device
}

// Identity says who this device is and where its private key is kept.
func (s *Devices) Identity() (IdentityView, error) {
	if s.id == nil {
		return IdentityView{}, s.idErr
	}
	v := IdentityView{Fingerprint: crypto.Fingerprint(s.id.DeviceID()), KeyStorage: s.id.Storage, KeyWhere: s.id.Where}
	if st, err := s.log.MembershipState(s.ctx); err == nil {
		_, v.InLog = st.Devices[s.id.DeviceID()]
	}
	return v, nil
}

// List returns the devices the membership log lists, by member name.
func (s *Devices) List() ([]DeviceView, error) {
	st, err := s.log.MembershipState(s.ctx)
	if err != nil {
		return nil, err
	}
	out := []DeviceView{}
	for _, d := range st.Devices {
		v := DeviceView{ID: d.ID.String(), Fingerprint: crypto.Fingerprint(d.ID), MemberID: string(d.Member),
			Role: st.Members[d.Member].Role.String(), AddedAt: formatTime(d.AddedAt)}
		if m, err := s.members.FindMember(s.ctx, d.Member); err == nil {
			v.MemberName = m.Name
		}
		v.ThisDevice = s.id != nil && d.ID == s.id.DeviceID()
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b DeviceView) int {
		if c := strings.Compare(a.MemberName, b.MemberName); c != 0 {
			return c
		}
		return strings.Compare(a.AddedAt, b.AddedAt)
	})
	return out, nil
}

// InviteView is an invitation. Code and Link are only filled in when it is
// created: the secret is not kept, so they cannot be shown again.
type InviteView struct {
	ID        string `json:"id"`
	Role      string `json:"role"`
	Expires   string `json:"expires"`
	Code      string `json:"code,omitempty"`
	Link      string `json:"link,omitempty"`
	Status    string `json:"status"` // open, used, revoked, expired
	CreatedAt string `json:"createdAt"`
	// MemberID and MemberName name the person the invitation is for: one
	// whose profile was made before they joined, or a member a new device
	// is for. "" for whoever joins with it as a new person.
	MemberID   string `json:"memberId"`
	MemberName string `json:"memberName"`
	// Once used: the device that joined with it (its fingerprint), whose
	// device it is, and when it joined.
	UsedBy     string `json:"usedBy"`
	UsedByName string `json:"usedByName"`
	UsedAt     string `json:"usedAt"`
}

// NewInvite says what invitation to make.
type NewInvite struct {
	Role   string   `json:"role"`   // admin, member or guest
	Days   int      `json:"days"`   // 0 for the default, 7
	Spaces []string `json:"spaces"` // for a guest: the spaces they may see
	// MemberID is the person, from the directory, the invitation is for:
	// whoever joins with it becomes that person (not a second one), or,
	// when they are in already, a new device of theirs with their role.
	// "" invites a new person, who makes their own profile when joining.
	MemberID string `json:"memberId"`
}

// EventMembershipChanged (no payload) is sent when the membership log
// takes in a new entry, this device's or another's: a device joined or was
// removed, an invitation was made, used or withdrawn, a role changed.
const EventMembershipChanged = "membership:changed"

// membershipChanged is what a data folder calls when its log changes.
func membershipChanged(ev Emitter) func() {
	return func() { ev.Emit(EventMembershipChanged, nil) }
}

func (s *Devices) signer() error {
	if s.id == nil {
		if s.idErr != nil {
			return s.idErr
		}
		return store.Errorf(store.EUNAVAILABLE, "This device has no key.")
	}
	return nil
}

// CreateInvite makes an invitation and records it in the log.
func (s *Devices) CreateInvite(ni NewInvite) (InviteView, error) {
	if err := s.signer(); err != nil {
		return InviteView{}, err
	}
	role, err := membership.ParseRole(ni.Role)
	if err != nil {
		return InviteView{}, err
	}
	if ni.Days < 0 || ni.Days > 90 {
		return InviteView{}, store.Errorf(store.EINVALID, "An invitation can last from 1 to 90 days.")
	}
	for _, sp := range ni.Spaces {
		if err := store.DocID(sp).Validate(); err != nil {
			return InviteView{}, err
		}
	}
	sess, err := s.ws.FindSession(s.ctx)
	if err != nil {
		return InviteView{}, err
	}
	if sess.Me == nil {
		return InviteView{}, store.Errorf(store.EFORBIDDEN, "Set up your profile first.")
	}
	st, err := s.log.MembershipState(s.ctx)
	if err != nil {
		return InviteView{}, err
	}
	if st.Workspace == "" {
		return InviteView{}, store.Errorf(store.EUNAVAILABLE, "This workspace was set up before Longhand signed its membership, so it cannot invite yet.")
	}
	spaces := ni.Spaces
	var person *store.Member
	if ni.MemberID != "" {
		if person, err = s.members.FindMember(s.ctx, store.DocID(ni.MemberID)); err != nil {
			return InviteView{}, err
		}
		// In the log already: the invitation is for a device of theirs,
		// which joins with their role, no more and no less.
		if m := st.Members[person.ID]; m != nil {
			role, spaces = m.Role, m.Spaces
		}
	}
	now := s.Now()
	inv, e, err := crypto.CreateInvite(st, s.id, sess.Me.Name, role, spaces, store.DocID(ni.MemberID), time.Duration(ni.Days)*24*time.Hour, now)
	if err != nil {
		return InviteView{}, err
	}
	v := InviteView{ID: inv.ID.String(), Role: role.String(), Expires: formatTime(inv.Expires), Status: "open", CreatedAt: formatTime(now)}
	if person != nil {
		inv.PersonName = person.Name
		v.MemberID, v.MemberName = string(person.ID), person.Name
	}
	if err := s.log.AppendMembership(s.ctx, e); err != nil {
		return InviteView{}, err
	}
	v.Code, v.Link = inv.Code(), inv.Link()
	return v, nil
}

// name returns the name of a member from the directory, or "".
func (s *Devices) name(id store.DocID) string {
	if id == "" {
		return ""
	}
	if m, err := s.members.FindMember(s.ctx, id); err == nil {
		return m.Name
	}
	return ""
}

// Invites lists the invitations in the log, newest first.
func (s *Devices) Invites() ([]InviteView, error) {
	st, err := s.log.MembershipState(s.ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	out := []InviteView{}
	for _, inv := range st.Invites {
		v := InviteView{ID: inv.ID.String(), Role: inv.Role.String(), Expires: formatTime(inv.Expires),
			CreatedAt: formatTime(inv.CreatedAt), Status: "open", MemberID: string(inv.ForMember), MemberName: s.name(inv.ForMember)}
		if inv.Used() {
			v.UsedBy, v.UsedAt = crypto.Fingerprint(inv.UsedBy), formatTime(inv.UsedAt)
			if d := st.Devices[inv.UsedBy]; d != nil {
				v.UsedByName = s.name(d.Member)
			} else {
				v.UsedByName = v.MemberName // the device was removed since
			}
		}
		switch {
		case inv.Used():
			v.Status = "used"
		case inv.Revoked:
			v.Status = "revoked"
		case now.After(inv.Expires):
			v.Status = "expired"
		}
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b InviteView) int { return strings.Compare(b.CreatedAt, a.CreatedAt) })
	return out, nil
}

// RevokeInvite withdraws an open invitation.
func (s *Devices) RevokeInvite(id string) error {
	if err := s.signer(); err != nil {
		return err
	}
	b, err := hex.DecodeString(id)
	if err != nil || len(b) != 16 {
		return store.Errorf(store.EINVALID, "%q is not an invitation.", id)
	}
	st, err := s.log.MembershipState(s.ctx)
	if err != nil {
		return err
	}
	e, err := crypto.RevokeInvite(st, s.id, membership.InviteID(b), s.Now())
	if err != nil {
		return err
	}
	return s.log.AppendMembership(s.ctx, e)
}

// InvitePreview is what a joiner sees before accepting.
type InvitePreview struct {
	WorkspaceName      string `json:"workspaceName"`
	InviterName        string `json:"inviterName"`
	InviterFingerprint string `json:"inviterFingerprint"` // the start of the inviter's device fingerprint
	Role               string `json:"role"`
	Expires            string `json:"expires"`
	Expired            bool   `json:"expired"`
	// PersonName, when the invitation is for a person whose profile the
	// inviter made (or a member's new device), is that person: the joiner
	// joins as them, with that profile, and types no name of their own.
	PersonName string `json:"personName"`
}

// PreviewInvite reads a pasted code or link and says what it invites to.
func (s *Devices) PreviewInvite(code string) (InvitePreview, error) {
	inv, err := crypto.ParseInvite(code)
	if err != nil {
		return InvitePreview{}, err
	}
	return InvitePreview{WorkspaceName: inv.WorkspaceName, InviterName: inv.InviterName,
		InviterFingerprint: inv.InviterFingerprint(), Role: inv.Role.String(), Expires: formatTime(inv.Expires),
		Expired: s.Now().After(inv.Expires), PersonName: inv.PersonName}, nil
}

// KeystoreEnv, set to "file", keeps the device key in a file even when the
// OS keystore answers (for tests and machines without a desktop session).
const KeystoreEnv = "LONGHAND_KEYSTORE"

// loadIdentity loads or creates this device's key once the data folder is
// usable.
func loadIdentity(dataDir string, startErr error) (*crypto.Identity, error) {
	if startErr != nil {
		return nil, startErr
	}
	var ks crypto.Keystore = crypto.SystemKeystore{}
	if os.Getenv(KeystoreEnv) == "file" {
		ks = nil
	}
	return crypto.LoadIdentity(dataDir, ks)
}

// sign signs an entry of kind on top of the log's heads, appends it, and
// returns the state after it.
func (s *Devices) sign(st *membership.State, e *membership.Entry) (*membership.State, error) {
	e.Workspace, e.Time, e.Parents = st.Workspace, s.Now(), st.Heads
	if err := e.Sign(s.id); err != nil {
		return nil, err
	}
	if why := st.Check(e); why != "" {
		return nil, store.Errorf(store.EFORBIDDEN, "%s", why)
	}
	if err := s.log.AppendMembership(s.ctx, e); err != nil {
		return nil, err
	}
	return s.log.MembershipState(s.ctx)
}

// removeAndRotate appends a removal and then a key rotation, so that the
// removed device cannot read what is written from now on.
func (s *Devices) removeAndRotate(e *membership.Entry) error {
	if err := s.signer(); err != nil {
		return err
	}
	st, err := s.log.MembershipState(s.ctx)
	if err != nil {
		return err
	}
	if st, err = s.sign(st, e); err != nil {
		return err
	}
	rot := &membership.Entry{Kind: membership.KindRotateKey}
	if s.NewKey != nil {
		rot.KeyID = s.NewKey()
	} else if _, err := rand.Read(rot.KeyID[:]); err != nil {
		return err
	}
	_, err = s.sign(st, rot)
	return err
}

// RemoveDevice takes a device out of the workspace and rotates the key. An
// admin may remove any device; anyone may remove their own.
func (s *Devices) RemoveDevice(id string) error {
	b, err := hex.DecodeString(id)
	if err != nil || len(b) != 32 {
		return store.Errorf(store.EINVALID, "%q is not a device.", id)
	}
	return s.removeAndRotate(&membership.Entry{Kind: membership.KindRemoveDevice, DeviceID: membership.DeviceID(b)})
}

// RemoveMember takes a person and all their devices out of the workspace
// and rotates the key. Admins only.
func (s *Devices) RemoveMember(memberID string) error {
	if err := store.DocID(memberID).Validate(); err != nil {
		return err
	}
	return s.removeAndRotate(&membership.Entry{Kind: membership.KindRemoveMember, Member: store.DocID(memberID)})
}

// SetRole changes a member's role; spaces are what a guest may see.
// Admins only.
func (s *Devices) SetRole(memberID, role string, spaces []string) error {
	if err := s.signer(); err != nil {
		return err
	}
	if err := store.DocID(memberID).Validate(); err != nil {
		return err
	}
	r, err := membership.ParseRole(role)
	if err != nil {
		return err
	}
	if r != membership.RoleGuest {
		spaces = nil
	} else if len(spaces) == 0 {
		return store.Errorf(store.EINVALID, "Choose the spaces a guest may see.")
	}
	for _, sp := range spaces {
		if err := store.DocID(sp).Validate(); err != nil {
			return err
		}
	}
	st, err := s.log.MembershipState(s.ctx)
	if err != nil {
		return err
	}
	_, err = s.sign(st, &membership.Entry{Kind: membership.KindSetRole, Member: store.DocID(memberID), Role: r, Spaces: spaces})
	return err
}
