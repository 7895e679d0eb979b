package membership

import (
	"bytes"
	"container/heap"
	"crypto/sha256"
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
	ID         InviteID
	Role       Role
	Spaces     []string
	ForMember  store.DocID
	SecretHash [32]byte
	Expires    time.Time
	Inviter    DeviceID
	CreatedAt  time.Time
	UsedBy     DeviceID // zero while unused
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
	// Skipped holds well-formed entries that were not applied, with the
	// sentence saying why: the signer lacked the right at the entry's
	// parents, or a concurrent entry earlier in the order took it away.
	Skipped map[Hash]string
	Applied []Hash // in the order they were applied
}

func newState() *State {
	return &State{Members: map[store.DocID]*Member{}, Devices: map[DeviceID]*Device{},
		Invites: map[InviteID]*Invitation{}, Skipped: map[Hash]string{}}
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
	case KindInvite:
		if s.Invites[e.Invite] != nil {
			return "The invitation already exists."
		}
		if e.ForMember != "" && s.Members[e.ForMember] == nil {
			return "The invitation is for a device of someone who is not a member."
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
		case inv.ForMember != "" && e.Member != inv.ForMember:
			return "The invitation is for a device of another member."
		case inv.ForMember != "" && s.Members[e.Member] == nil:
			return "The member the invitation is for was removed."
		case inv.ForMember == "" && s.Members[e.Member] != nil:
			return "The new member's ID is already taken."
		}
	case KindSetRole:
		m := s.Members[e.Member]
		if m == nil {
			return "The member is not in the workspace."
		}
		if m.Role == RoleAdmin && len(m.Devices) > 0 && e.Role != RoleAdmin && s.admins() == 1 {
			return "The last admin cannot stop being one."
		}
	case KindRemoveMember:
		m := s.Members[e.Member]
		if m == nil {
			return "The member is not in the workspace."
		}
		if m.Role == RoleAdmin && len(m.Devices) > 0 && s.admins() == 1 {
			return "The last admin cannot be removed."
		}
	case KindRemoveDevice:
		d := s.Devices[e.DeviceID]
		if d == nil {
			return "The device is not in the workspace."
		}
		if m := s.Members[d.Member]; m != nil && m.Role == RoleAdmin && len(m.Devices) == 1 && s.admins() == 1 {
			return "The last admin's last device cannot be removed."
		}
	}
	return ""
}

// apply changes s by e, which check accepted.
func (s *State) apply(e *Entry) {
	signer := e.SignerID()
	switch e.Kind {
	case KindCreate:
		s.Workspace, s.Name, s.Epoch = e.Workspace, e.Name, 1
		s.Members[e.Member] = &Member{ID: e.Member, Role: RoleAdmin, Devices: []DeviceID{signer}}
		s.Devices[signer] = &Device{ID: signer, Member: e.Member, Key: e.Signer, AddedBy: signer, AddedAt: e.Time}
	case KindInvite:
		s.Invites[e.Invite] = &Invitation{ID: e.Invite, Role: e.Role, Spaces: e.Spaces, ForMember: e.ForMember,
			SecretHash: e.SecretHash, Expires: e.Expires, Inviter: signer, CreatedAt: e.Time}
	case KindRevokeInvite:
		s.Invites[e.Invite].Revoked = true
	case KindJoin:
		inv := s.Invites[e.Invite]
		id := DeviceIDOf(e.Device)
		inv.UsedBy = id
		m := s.Members[e.Member]
		if m == nil {
			m = &Member{ID: e.Member, Role: inv.Role, Spaces: inv.Spaces}
			s.Members[e.Member] = m
		}
		m.Devices = append(m.Devices, id)
		s.Devices[id] = &Device{ID: id, Member: e.Member, Key: e.Device, AddedBy: signer, AddedAt: e.Time}
	case KindSetRole:
		m := s.Members[e.Member]
		m.Role, m.Spaces = e.Role, e.Spaces
	case KindRemoveMember:
		for _, d := range s.Members[e.Member].Devices {
			delete(s.Devices, d)
		}
		delete(s.Members, e.Member)
	case KindRemoveDevice:
		d := s.Devices[e.DeviceID]
		delete(s.Devices, e.DeviceID)
		if m := s.Members[d.Member]; m != nil {
			m.Devices = slices.DeleteFunc(m.Devices, func(x DeviceID) bool { return x == e.DeviceID })
		}
	case KindRotateKey:
		s.Epoch++
	}
	s.Applied = append(s.Applied, e.hash)
}

// Fold computes the state of a set of decoded entries. The same set gives
// the same state on every peer, whatever order it is given in:
//
//   - Entries are applied in a topological order of the DAG of parents,
//     ties between entries that are ready together broken by hash.
//   - An entry applies only if its signer had the right to sign it in the
//     state of the entry's own ancestors ("at its parents"), and still has
//     it in the state built so far. So when two admins concurrently remove
//     each other, the removal first in the order applies and the other is
//     skipped, because its signer is no longer a member; entries concurrent
//     with a removal of their signer and ordered after it are skipped too.
//   - A removal or demotion that would leave no admin is skipped.
//   - An invitation is spent by the first join in the order; later joins
//     through it are skipped.
//
// Entries whose parents are missing from the set are returned in missing
// and are not applied, nor are the entries that follow them. Duplicates
// count once.
func Fold(entries []*Entry) (st *State, missing []Hash) {
	byHash := make(map[Hash]*Entry, len(entries))
	for _, e := range entries {
		byHash[e.hash] = e
	}
	// Drop entries that cannot be placed: a missing parent, transitively.
	placed := map[Hash]bool{} // true: all ancestors present; false: one is missing
	var place func(h Hash) bool
	place = func(h Hash) bool {
		if ok, done := placed[h]; done {
			return ok
		}
		e, ok := byHash[h]
		if !ok {
			return false
		}
		placed[h] = false // a cycle, impossible with hashes, counts as missing
		for _, p := range e.Parents {
			if !place(p) {
				return false
			}
		}
		placed[h] = true
		return true
	}
	for h := range byHash {
		if !place(h) {
			missing = append(missing, h)
		}
	}
	for _, h := range missing {
		delete(byHash, h)
	}
	slices.SortFunc(missing, func(a, b Hash) int { return bytes.Compare(a[:], b[:]) })
	f := &folder{order: topoOrder(byHash), byHash: byHash, memo: map[Hash]*State{}}
	st = f.fold(nil)
	// Heads: entries no other entry follows.
	followed := map[Hash]bool{}
	for _, e := range byHash {
		for _, p := range e.Parents {
			followed[p] = true
		}
	}
	for h := range byHash {
		if !followed[h] {
			st.Heads = append(st.Heads, h)
		}
	}
	slices.SortFunc(st.Heads, func(a, b Hash) int { return bytes.Compare(a[:], b[:]) })
	return st, missing
}

// folder folds entries in one deterministic order, remembering the state
// at each entry's parents that it had to compute separately.
type folder struct {
	order  []Hash
	byHash map[Hash]*Entry
	memo   map[Hash]*State
}

// fold folds the entries of the order that are in subset (all when subset
// is nil); subset must hold every ancestor of each of its entries.
func (f *folder) fold(subset map[Hash]bool) *State {
	st := newState()
	heads := map[Hash]bool{} // of the entries folded so far
	for _, h := range f.order {
		if subset != nil && !subset[h] {
			continue
		}
		e := f.byHash[h]
		// When h follows exactly the heads of what was folded so far (as
		// in any history without concurrency), every entry folded so far
		// is an ancestor of h and the state at h's parents is st.
		causal := st
		if len(e.Parents) != len(heads) || slices.ContainsFunc(e.Parents, func(p Hash) bool { return !heads[p] }) {
			causal = f.atParents(h)
		}
		for _, p := range e.Parents {
			delete(heads, p)
		}
		heads[h] = true
		if why := causal.check(e); why != "" {
			st.Skipped[h] = why
			continue
		}
		if why := st.check(e); why != "" {
			st.Skipped[h] = why
			continue
		}
		st.apply(e)
	}
	return st
}

// atParents returns the state of h's ancestors.
func (f *folder) atParents(h Hash) *State {
	if s, ok := f.memo[h]; ok {
		return s
	}
	anc := map[Hash]bool{}
	var walk func(Hash)
	walk = func(x Hash) {
		for _, p := range f.byHash[x].Parents {
			if !anc[p] {
				anc[p] = true
				walk(p)
			}
		}
	}
	walk(h)
	s := newState()
	if len(anc) > 0 {
		s = f.fold(anc)
	}
	f.memo[h] = s
	return s
}

type hashHeap []Hash

func (h hashHeap) Len() int           { return len(h) }
func (h hashHeap) Less(i, j int) bool { return bytes.Compare(h[i][:], h[j][:]) < 0 }
func (h hashHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *hashHeap) Push(x any)        { *h = append(*h, x.(Hash)) }
func (h *hashHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// topoOrder orders entries parents first, ties by smallest hash.
func topoOrder(byHash map[Hash]*Entry) []Hash {
	waiting := map[Hash]int{}
	children := map[Hash][]Hash{}
	ready := &hashHeap{}
	for h, e := range byHash {
		waiting[h] = len(e.Parents)
		for _, p := range e.Parents {
			children[p] = append(children[p], h)
		}
		if len(e.Parents) == 0 {
			*ready = append(*ready, h)
		}
	}
	heap.Init(ready)
	order := make([]Hash, 0, len(byHash))
	for ready.Len() > 0 {
		h := heap.Pop(ready).(Hash)
		order = append(order, h)
		for _, c := range children[h] {
			if waiting[c]--; waiting[c] == 0 {
				heap.Push(ready, c)
			}
		}
	}
	return order
}

// Authorize checks a new entry against the entries already believed: its
// parents must all be known, and its signer must have had the right to
// sign it at its parents. It returns the sentence to quarantine it with,
// or "" when it may be stored. It does not decide whether a concurrent
// entry overrides it; Fold does, the same way everywhere.
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
