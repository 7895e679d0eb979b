package membership

import (
	"crypto/sha256"
	"maps"
	"slices"
	"time"

	"github.com/longhand/longhand/store"
)

// Member is a person in the membership state.
type Member struct {
	ID      store.DocID
	Role    Role
	Spaces  []string // for a guest: where they may read and comment
	Devices []DeviceID
}

// Device is a device that belongs to a member.
type Device struct {
	ID      DeviceID
	Member  store.DocID
	Key     []byte // Ed25519 public key
	AddedBy DeviceID
	AddedAt time.Time
}

// Invitation is an invitation as the log knows it.
type Invitation struct {
	ID        InviteID
	Role      Role
	Spaces    []string
	ForMember store.DocID
	// Person: the invitation is for a person not in the log yet, whose
	// member ID ForMember names (KindInvitePerson); otherwise ForMember,
	// when set, is a member a new device is for.
	Person     bool
	SecretHash [32]byte
	Expires    time.Time
	Inviter    DeviceID
	CreatedAt  time.Time
	UsedBy     DeviceID  // zero while unused
	UsedAt     time.Time // the time of the join that spent it
	Revoked    bool
}

// Used reports whether a join spent the invitation.
func (i *Invitation) Used() bool { return i.UsedBy != DeviceID{} }

// State is what a set of entries says about the workspace.
type State struct {
	Workspace store.DocID
	Name      string
	Members   map[store.DocID]*Member
	Devices   map[DeviceID]*Device
	Invites   map[InviteID]*Invitation
	Epoch     uint64 // 1 at creation, one more for every key rotation
	Heads     []Hash // entries no other entry follows, sorted
	// RemovedDevices and RemovedMembers name who was removed, for good,
	// with the entry that removed them: a removed device never joins
	// again, and a removed member's ID is never given out again.
	RemovedDevices map[DeviceID]Hash
	RemovedMembers map[store.DocID]Hash
	// Skipped holds well-formed entries that were not applied, with the
	// sentence saying why: the signer lacked the right at the entry's
	// parents, a removal that had not seen the entry voids it, or a
	// concurrent entry that takes precedence took the right away.
	Skipped map[Hash]string
	Applied []Hash // in the order they were applied

	opened map[DeviceID][]InviteID // the invitations each device made
}

// clone returns a copy of s that folding on does not change.
func (s *State) clone() *State {
	c := *s
	c.Members = make(map[store.DocID]*Member, len(s.Members))
	for id, m := range s.Members {
		mm := *m
		mm.Devices = slices.Clone(m.Devices)
		c.Members[id] = &mm
	}
	c.Devices = maps.Clone(s.Devices) // a Device never changes once added
	c.Invites = make(map[InviteID]*Invitation, len(s.Invites))
	for id, inv := range s.Invites {
		ii := *inv
		c.Invites[id] = &ii
	}
	c.RemovedDevices, c.RemovedMembers = maps.Clone(s.RemovedDevices), maps.Clone(s.RemovedMembers)
	c.Skipped, c.Applied = maps.Clone(s.Skipped), slices.Clone(s.Applied)
	c.Heads = slices.Clone(s.Heads)
	c.opened = make(map[DeviceID][]InviteID, len(s.opened))
	for d, ids := range s.opened {
		c.opened[d] = slices.Clone(ids)
	}
	return &c
}

func newState() *State {
	return &State{Members: map[store.DocID]*Member{}, Devices: map[DeviceID]*Device{},
		Invites: map[InviteID]*Invitation{}, Skipped: map[Hash]string{},
		RemovedDevices: map[DeviceID]Hash{}, RemovedMembers: map[store.DocID]Hash{}, opened: map[DeviceID][]InviteID{}}
}

// IsMember reports whether d is a device of a member now: admitted by
// entries that hold, and not removed. A relay or peer asks it before it
// takes anything from d.
func (s *State) IsMember(d DeviceID) bool {
	dev := s.Devices[d]
	return dev != nil && s.Members[dev.Member] != nil
}

func (s *State) memberRemoved(m store.DocID) bool {
	_, ok := s.RemovedMembers[m]
	return ok
}

// WasRemoved reports whether d was removed from the workspace, on its own
// or with its member.
func (s *State) WasRemoved(d DeviceID) bool {
	_, ok := s.RemovedDevices[d]
	return ok
}

// RoleOf returns the role of the member whose device d is, or 0 when d is
// not a device of any member.
func (s *State) RoleOf(d DeviceID) Role {
	dev, ok := s.Devices[d]
	if !ok {
		return 0
	}
	if m, ok := s.Members[dev.Member]; ok {
		return m.Role
	}
	return 0
}

// admins counts the admins who have a device to sign with.
func (s *State) admins() int {
	n := 0
	for _, m := range s.Members {
		if m.Role == RoleAdmin && len(m.Devices) > 0 {
			n++
		}
	}
	return n
}

// ownDevice reports whether device d belongs to the same member as the
// signing device: a person may remove their own lost device.
func (s *State) ownDevice(signer, d DeviceID) bool {
	sd, dd := s.Devices[signer], s.Devices[d]
	return sd != nil && dd != nil && sd.Member == dd.Member
}

// needs returns the role e's signer must have in s to sign e: a member may
// admit joins, and anyone may remove their own device.
func (s *State) needs(e *Entry) Role {
	switch {
	case e.Kind == KindJoin:
		return RoleMember
	case e.Kind == KindRemoveDevice && s.ownDevice(e.SignerID(), e.DeviceID):
		return RoleGuest
	}
	return RoleAdmin
}

// check says why e cannot apply to s, or "" when it can.
func (s *State) check(e *Entry) string {
	signer := e.SignerID()
	role := s.RoleOf(signer)
	if e.Kind == KindCreate {
		if s.Workspace != "" {
			return "The workspace was already created."
		}
		return ""
	}
	if s.Workspace == "" || e.Workspace != s.Workspace {
		return "The entry belongs to another workspace."
	}
	switch e.Kind {
	case KindJoin:
		// A join is authorized by its invitation, which an admin signed;
		// any admin's or member's device may admit it.
		if role != RoleAdmin && role != RoleMember {
			return "Only an admin's or a member's device can admit a join."
		}
	default:
		if role != RoleAdmin && !(e.Kind == KindRemoveDevice && s.ownDevice(signer, e.DeviceID)) {
			if role == 0 {
				return "The signing device is not in the workspace."
			}
			return "Only an admin can " + e.Kind.String() + "."
		}
	}
	switch e.Kind {
	case KindInvite, KindInvitePerson:
		if s.Invites[e.Invite] != nil {
			return "The invitation already exists."
		}
		if e.Kind == KindInvite && e.ForMember != "" && s.Members[e.ForMember] == nil {
			return "The invitation is for a device of someone who is not a member."
		}
		if e.Kind == KindInvitePerson && s.memberRemoved(e.ForMember) {
			return "The person the invitation names was removed from the workspace, and a removed member's ID is never given out again."
		}
		if e.Kind == KindInvitePerson && s.Members[e.ForMember] != nil {
			return "The person the invitation names is in the workspace already; invite a device for them instead."
		}
	case KindRevokeInvite:
		inv := s.Invites[e.Invite]
		if inv == nil {
			return "The invitation to revoke is not known."
		}
		if inv.Used() {
			return "The invitation was already used."
		}
	case KindJoin:
		inv := s.Invites[e.Invite]
		switch {
		case inv == nil:
			return "The invitation is not known."
		case sha256.Sum256(e.Secret[:]) != inv.SecretHash:
			return "The invitation's secret is wrong."
		case inv.Revoked:
			return "The invitation was revoked."
		case inv.Used():
			return "The invitation was already used."
		case e.Time.After(inv.Expires):
			return "The invitation had expired."
		case s.Devices[DeviceIDOf(e.Device)] != nil:
			return "The device is already in the workspace."
		case s.WasRemoved(DeviceIDOf(e.Device)):
			return "The device was removed from the workspace and cannot join it again."
		case inv.Person && e.Member != inv.ForMember:
			return "The invitation is for another person."
		case inv.Person && s.memberRemoved(e.Member):
			return "The person the invitation is for was removed from the workspace."
		case inv.Person && s.Members[e.Member] != nil:
			return "The person the invitation is for has joined already."
		case !inv.Person && inv.ForMember != "" && e.Member != inv.ForMember:
			return "The invitation is for a device of another member."
		case !inv.Person && inv.ForMember != "" && s.Members[e.Member] == nil:
			return "The member the invitation is for was removed."
		case !inv.Person && inv.ForMember != "" && exceeds(s.Members[e.Member], inv):
			return "The member the invitation is for now has more rights than it gives; make a new invitation."
		case inv.ForMember == "" && s.Members[e.Member] != nil:
			return "The new member's ID is already taken."
		case inv.ForMember == "" && s.memberRemoved(e.Member):
			return "The new member's ID belonged to a removed member."
		case inv.ForMember == "" && s.named(e.Member):
			return "The new member's ID is kept for the person an invitation names."
		}
	case KindSetRole:
		m := s.Members[e.Member]
		if m == nil && s.memberRemoved(e.Member) {
			return "" // removed meanwhile: nothing to change
		}
		if m == nil {
			return "The member is not in the workspace."
		}
		if m.Role == RoleAdmin && len(m.Devices) > 0 && e.Role != RoleAdmin && s.admins() == 1 {
			return "The last admin cannot stop being one."
		}
	case KindRemoveMember:
		m := s.Members[e.Member]
		if m == nil && s.memberRemoved(e.Member) {
			return "" // removed already, concurrently: the removal holds twice
		}
		if m == nil {
			return "The member is not in the workspace."
		}
		if m.Role == RoleAdmin && len(m.Devices) > 0 && s.admins() == 1 {
			return "The last admin cannot be removed."
		}
	case KindRemoveDevice:
		d := s.Devices[e.DeviceID]
		if d == nil && s.WasRemoved(e.DeviceID) {
			return "" // removed already, concurrently: the removal holds twice
		}
		if d == nil {
			return "The device is not in the workspace."
		}
		if m := s.Members[d.Member]; m != nil && m.Role == RoleAdmin && len(m.Devices) == 1 && s.admins() == 1 {
			return "The last admin's last device cannot be removed."
		}
	}
	return ""
}

// named reports whether an invitation names member ID m for a person yet
// to join: nobody else may take it through an invitation of their own.
func (s *State) named(m store.DocID) bool {
	for _, inv := range s.Invites {
		if inv.Person && inv.ForMember == m {
			return true
		}
	}
	return false
}

// exceeds reports whether member m has more rights than invitation inv
// gives: a higher role, or as a guest, a space the invitation leaves out.
// A device joins with its member's rights, so an invitation for a device
// of m works only while they are within the invitation's.
func exceeds(m *Member, inv *Invitation) bool {
	if m.Role < inv.Role { // RoleAdmin is 1: a lower number is a higher role
		return true
	}
	if m.Role == RoleGuest && inv.Role == RoleGuest {
		for _, sp := range m.Spaces {
			if !slices.Contains(inv.Spaces, sp) {
				return true
			}
		}
	}
	return false
}

// apply changes s by e, which check accepted.
func (s *State) apply(e *Entry) {
	signer := e.SignerID()
	switch e.Kind {
	case KindCreate:
		s.Workspace, s.Name, s.Epoch = e.Workspace, e.Name, 1
		s.Members[e.Member] = &Member{ID: e.Member, Role: RoleAdmin, Devices: []DeviceID{signer}}
		s.Devices[signer] = &Device{ID: signer, Member: e.Member, Key: e.Signer, AddedBy: signer, AddedAt: e.Time}
	case KindInvite, KindInvitePerson:
		s.Invites[e.Invite] = &Invitation{ID: e.Invite, Role: e.Role, Spaces: e.Spaces, ForMember: e.ForMember,
			Person: e.Kind == KindInvitePerson, SecretHash: e.SecretHash, Expires: e.Expires, Inviter: signer, CreatedAt: e.Time}
		s.opened[signer] = append(s.opened[signer], e.Invite)
	case KindRevokeInvite:
		s.Invites[e.Invite].Revoked = true
	case KindJoin:
		inv := s.Invites[e.Invite]
		id := DeviceIDOf(e.Device)
		inv.UsedBy, inv.UsedAt = id, e.Time
		m := s.Members[e.Member]
		if m == nil {
			m = &Member{ID: e.Member, Role: inv.Role, Spaces: inv.Spaces}
			s.Members[e.Member] = m
		}
		m.Devices = append(m.Devices, id)
		s.Devices[id] = &Device{ID: id, Member: e.Member, Key: e.Device, AddedBy: signer, AddedAt: e.Time}
	case KindSetRole:
		if m := s.Members[e.Member]; m != nil {
			m.Role, m.Spaces = e.Role, e.Spaces
		}
	case KindRemoveMember:
		if m := s.Members[e.Member]; m != nil {
			for _, d := range m.Devices {
				s.removeDevice(d, e.hash)
			}
			delete(s.Members, e.Member)
			s.RemovedMembers[e.Member] = e.hash
		}
	case KindRemoveDevice:
		if d := s.Devices[e.DeviceID]; d != nil {
			s.removeDevice(e.DeviceID, e.hash)
			if m := s.Members[d.Member]; m != nil {
				m.Devices = slices.DeleteFunc(m.Devices, func(x DeviceID) bool { return x == e.DeviceID })
			}
		}
	case KindRotateKey:
		s.Epoch++
	}
	s.Applied = append(s.Applied, e.hash)
}

// removeDevice takes device d out for good, by the entry by. The
// invitations it opened and that were not used die with it: whoever holds
// one got it from a device the workspace no longer trusts.
func (s *State) removeDevice(d DeviceID, by Hash) {
	delete(s.Devices, d)
	s.RemovedDevices[d] = by
	for _, id := range s.opened[d] {
		if inv := s.Invites[id]; !inv.Used() {
			inv.Revoked = true
		}
	}
}

// Authorize checks a new entry against the entries already believed: its
// parents must all be known, and its signer must have had the right to
// sign it at its parents. It returns the sentence to quarantine it with,
// or "" when it may be stored. It does not decide whether a concurrent
// entry overrides it; Fold does, the same way everywhere. The verdict
// depends on e's ancestors alone, so every peer that has them gives the
// same one: an entry a removed device backdated is stored (it is void in
// the fold, and stays so while its removal holds), and an entry signed
// after the device's removal is refused.
func Authorize(known []*Entry, e *Entry) string {
	byHash := make(map[Hash]*Entry, len(known)+1)
	for _, k := range known {
		byHash[k.hash] = k
	}
	for _, p := range e.Parents {
		if byHash[p] == nil {
			return "It follows an entry this device does not have (" + p.String()[:12] + ")."
		}
	}
	if e.Kind == KindCreate && len(known) > 0 {
		return "The workspace was already created."
	}
	// Fold only e's ancestors.
	sub := map[Hash]*Entry{}
	var walk func(h Hash)
	walk = func(h Hash) {
		if sub[h] != nil {
			return
		}
		sub[h] = byHash[h]
		for _, p := range byHash[h].Parents {
			walk(p)
		}
	}
	for _, p := range e.Parents {
		walk(p)
	}
	var list []*Entry
	for _, x := range sub {
		list = append(list, x)
	}
	st, _ := Fold(list)
	return st.check(e)
}

// Check says why e could not be applied to s, or "" when it could.
func (s *State) Check(e *Entry) string { return s.check(e) }

// Offer checks the entries a device offers (at a relay's login, or with
// any later upload) against the entries already known, before any of
// them is stored. Known entries are dropped; each new one must follow
// known entries or others of the offer, and be authorized at its parents
// (Authorize); and the offering device must be a member of the state the
// known and the new entries fold to together. So a removed device, or one
// only a void entry admitted, can bring in nothing: what it offers is
// refused whole, and nothing of it is merged. A device whose removal a
// revocation that takes precedence undoes (a senior admin's answer to a
// junior's removal) is a member of that state, and may bring it.
//
// It returns the new entries, parents first, and the state of all; or the
// sentence refusing the offer.
func Offer(known, offered []*Entry, device DeviceID) (fresh []*Entry, st *State, why string) {
	list := slices.Clip(known)
	have := make(map[Hash]bool, len(known)+len(offered))
	for _, e := range known {
		have[e.hash] = true
	}
	var waiting []*Entry
	for _, e := range offered {
		if !have[e.hash] && !slices.Contains(waiting, e) {
			waiting = append(waiting, e)
		}
	}
	// Parents first: take in turn every entry whose parents are in.
	for progress := true; progress && len(waiting) > 0; {
		progress = false
		var still []*Entry
		for _, e := range waiting {
			if have[e.hash] {
				continue // offered twice
			}
			if slices.ContainsFunc(e.Parents, func(p Hash) bool { return !have[p] }) {
				still = append(still, e)
				continue
			}
			if why := Authorize(list, e); why != "" {
				return nil, nil, why
			}
			list = append(list, e)
			have[e.hash] = true
			fresh = append(fresh, e)
			progress = true
		}
		waiting = still
	}
	if len(waiting) > 0 {
		return nil, nil, Authorize(list, waiting[0]) // names the missing parent
	}
	st, _ = Fold(list)
	if !st.IsMember(device) {
		return nil, nil, "This device is not in the workspace's membership, or was removed from it."
	}
	return fresh, st, ""
}
