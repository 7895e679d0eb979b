package membership_test

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
)

var (
	logsFlag = flag.Int("membership.logs", 60, "how many random logs TestRandomLogs builds and folds (make soak: 10000)")
	seedFlag = flag.Uint64("membership.seed", 0, "the seed of TestRandomLogs' first log (0: from the clock); log i uses seed+i")
)

// TestRandomLogs builds random membership logs the way devices make them:
// each device signs on the heads of what it has seen, devices sync now
// and then, admins invite, admit, remove, demote and rotate concurrently,
// and removed or demoted devices backdate entries onto heads from when
// they still had the right (removals of the admin who removed them,
// puppets, rotations). It then checks what must hold whatever the log:
//
//   - the fold does not depend on the order the entries are given in;
//   - an entry by a removed device holds only if its removal had seen it,
//     so no removed device keeps or regains a right, and of two admins
//     who removed each other concurrently at most one removal holds;
//   - every device with a right was admitted by entries that hold, signed
//     by devices admitted before them;
//   - a key rotated after a removal goes to no removed device and to no
//     device admitted through what the removed device did unseen;
//   - a demoted member's concurrent entries that needed the lost role do
//     not hold; and there is always an admin with a device.
func TestRandomLogs(t *testing.T) {
	seed := *seedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (again: go test ./store/membership -run TestRandomLogs -membership.seed=%d -membership.logs=%d)", seed, seed, *logsFlag)
	var total simStats
	for i := range *logsFlag {
		s := newSim(t, seed+uint64(i))
		s.run(60)
		if err := s.verify(); err != nil {
			t.Fatalf("log %d of seed %d: %v\n(again, this log alone: -membership.seed=%d -membership.logs=1)", i, seed, err, seed+uint64(i))
		}
		total.add(s.stats)
	}
	t.Logf("%d logs: %+v", *logsFlag, total)
	if *logsFlag >= 20 && (total.Backdated == 0 || total.Void == 0 || total.RemovalsHeld == 0) {
		t.Errorf("the logs exercised too little: %+v", total)
	}
}

type simStats struct {
	Entries, Backdated, RemovalsHeld, Void, Rejected, MutualPairs int
}

func (a *simStats) add(b simStats) {
	a.Entries += b.Entries
	a.Backdated += b.Backdated
	a.RemovalsHeld += b.RemovalsHeld
	a.Void += b.Void
	a.Rejected += b.Rejected
	a.MutualPairs += b.MutualPairs
}

type simDevice struct {
	k     key
	view  map[membership.Hash]bool
	pasts [][]membership.Hash // heads of the view at earlier moments
}

type pendingJoin struct {
	invite *membership.Entry
	secret [16]byte
	member store.DocID
	device int
}

type sim struct {
	t       *testing.T
	rng     *rand.Rand
	byHash  map[membership.Hash]*membership.Entry
	all     []*membership.Entry
	devs    []*simDevice
	pending []pendingJoin
	n       int // counter for invitation IDs, member IDs, times
	stats   simStats
}

var simKeys = map[int]key{}

func simKey(i int) key {
	if k, ok := simKeys[i]; ok {
		return k
	}
	k := newKey(byte(i + 1))
	simKeys[i] = k
	return k
}

func newSim(t *testing.T, seed uint64) *sim {
	s := &sim{t: t, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), byHash: map[membership.Hash]*membership.Entry{}}
	d := s.newDevice()
	s.add(d, sign(t, d.k, membership.Entry{Kind: membership.KindCreate, Name: "Acme", Member: alice}))
	return s
}

func (s *sim) newDevice() *simDevice {
	d := &simDevice{k: simKey(len(s.devs)), view: map[membership.Hash]bool{}}
	s.devs = append(s.devs, d)
	return d
}

// add records e as signed or received by d.
func (s *sim) add(d *simDevice, es ...*membership.Entry) {
	for _, e := range es {
		s.record(e)
		d.view[e.Hash()] = true
	}
	s.snapshot(d)
}

func (s *sim) record(e *membership.Entry) {
	if s.byHash[e.Hash()] == nil {
		s.byHash[e.Hash()] = e
		s.all = append(s.all, e)
	}
}

func (s *sim) snapshot(d *simDevice) {
	d.pasts = append(d.pasts, s.heads(d.view))
	if len(d.pasts) > 12 {
		i := s.rng.IntN(len(d.pasts) - 1)
		d.pasts = slices.Delete(d.pasts, i, i+1)
	}
}

func (s *sim) heads(view map[membership.Hash]bool) []membership.Hash {
	followed := map[membership.Hash]bool{}
	for h := range view {
		for _, p := range s.byHash[h].Parents {
			followed[p] = true
		}
	}
	var out []membership.Hash
	for h := range view {
		if !followed[h] {
			out = append(out, h)
		}
	}
	slices.SortFunc(out, func(a, b membership.Hash) int { return compareHash(a, b) })
	return out
}

func compareHash(a, b membership.Hash) int {
	for i := range a {
		if a[i] != b[i] {
			return int(a[i]) - int(b[i])
		}
	}
	return 0
}

// closure returns the entries of heads and all their ancestors.
func (s *sim) closure(heads []membership.Hash) []*membership.Entry {
	seen := map[membership.Hash]bool{}
	var out []*membership.Entry
	stack := slices.Clone(heads)
	for len(stack) > 0 {
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[h] {
			continue
		}
		seen[h] = true
		e := s.byHash[h]
		out = append(out, e)
		stack = append(stack, e.Parents...)
	}
	return out
}

func (s *sim) entries(view map[membership.Hash]bool) []*membership.Entry {
	var out []*membership.Entry
	for _, e := range s.all {
		if view[e.Hash()] {
			out = append(out, e)
		}
	}
	return out
}

func (s *sim) run(steps int) {
	for range steps {
		switch r := s.rng.IntN(100); {
		case r < 30:
			s.sync()
		case r < 80:
			s.act()
		default:
			s.backdate()
		}
	}
	s.stats.Entries = len(s.all)
}

// sync merges the views of two devices, one way or both.
func (s *sim) sync() {
	a, b := s.devs[s.rng.IntN(len(s.devs))], s.devs[s.rng.IntN(len(s.devs))]
	for h := range b.view {
		a.view[h] = true
	}
	s.snapshot(a)
	if s.rng.IntN(2) == 0 {
		for h := range a.view {
			b.view[h] = true
		}
		s.snapshot(b)
	}
}

// act has a device do what the app would let it, on the heads of its view.
func (s *sim) act() {
	d := s.devs[s.rng.IntN(len(s.devs))]
	es := s.entries(d.view)
	st, _ := membership.Fold(es)
	if !st.IsMember(d.k.ID()) {
		return
	}
	if made := s.change(d, st, s.heads(d.view)); len(made) > 0 {
		s.add(d, made...)
	}
}

// backdate has a device that lost a right (removed or demoted, as the
// whole log says) sign an entry on the heads from a moment it still had it.
func (s *sim) backdate() {
	now, _ := membership.Fold(s.all)
	var cands []*simDevice
	for _, d := range s.devs {
		if !now.IsMember(d.k.ID()) || now.RoleOf(d.k.ID()) != membership.RoleAdmin {
			cands = append(cands, d)
		}
	}
	if len(cands) == 0 {
		return
	}
	d := cands[s.rng.IntN(len(cands))]
	for _, i := range s.rng.Perm(len(d.pasts)) {
		past := d.pasts[i]
		st, _ := membership.Fold(s.closure(past))
		if st.RoleOf(d.k.ID()) != membership.RoleAdmin {
			continue
		}
		// Answer a removal with a removal of its signer's member, when
		// there is one; otherwise any change.
		var made []*membership.Entry
		if by, ok := now.RemovedDevices[d.k.ID()]; ok {
			if dev := st.Devices[s.byHash[by].SignerID()]; dev != nil {
				made = s.sign(d, st, past, membership.Entry{Kind: membership.KindRemoveMember, Member: dev.Member})
			}
		}
		if len(made) == 0 {
			made = s.change(d, st, past)
		}
		if len(made) > 0 {
			s.stats.Backdated += len(made)
			s.add(d, made...)
		}
		return
	}
}

// sign signs e by d on parents when st lets d sign it; nil otherwise.
func (s *sim) sign(d *simDevice, st *membership.State, parents []membership.Hash, e membership.Entry) []*membership.Entry {
	s.n++
	e.Workspace, e.Time, e.Parents = ws, t0.Add(time.Duration(s.n)*time.Minute), parents
	if err := e.Sign(d.k); err != nil {
		return nil
	}
	if st.Check(&e) != "" {
		return nil
	}
	out, err := membership.Decode(e.Bytes())
	if err != nil {
		s.t.Fatalf("Decode: %v", err)
	}
	s.record(out)
	return []*membership.Entry{out}
}

// change picks a change d may sign in st and signs it on parents.
func (s *sim) change(d *simDevice, st *membership.State, parents []membership.Hash) []*membership.Entry {
	me := d.k.ID()
	members := slices.SortedFunc(mapKeys(st.Members), func(a, b store.DocID) int { return strings.Compare(string(a), string(b)) })
	devices := slices.SortedFunc(mapKeys(st.Devices), func(a, b membership.DeviceID) int { return compareHash(membership.Hash(a), membership.Hash(b)) })
	pick := func() store.DocID { return members[s.rng.IntN(len(members))] }
	if st.RoleOf(me) != membership.RoleAdmin {
		// A member admits a join waiting for an invitation it knows of.
		for i, p := range s.pending {
			if st.Invites[p.invite.Invite] != nil && st.RoleOf(me) == membership.RoleMember {
				s.pending = slices.Delete(s.pending, i, i+1)
				return s.join(d, st, parents, p)
			}
		}
		return nil
	}
	role := []membership.Role{membership.RoleAdmin, membership.RoleMember, membership.RoleMember, membership.RoleGuest}[s.rng.IntN(4)]
	spaces := []string(nil)
	if role == membership.RoleGuest {
		spaces = []string{string(ws)}
	}
	switch s.rng.IntN(9) {
	case 0, 1: // invite a new person, or a device for a member
		if len(s.devs) >= 40 {
			return nil
		}
		kind, forMember := membership.KindInvite, store.DocID("")
		switch s.rng.IntN(4) {
		case 0:
			forMember = pick()
		case 1: // a person whose profile exists, by the ID it has
			kind, forMember = membership.KindInvitePerson, store.DocID(fmt.Sprintf("%032x", 500000+s.n))
		}
		s.n++
		secret := [16]byte{byte(s.n), byte(s.n >> 8), 0xee}
		inv := s.sign(d, st, parents, membership.Entry{Kind: kind, Invite: membership.InviteID(secret),
			SecretHash: sha256.Sum256(secret[:]), Role: role, Spaces: spaces, ForMember: forMember, Expires: t0.Add(30 * 24 * time.Hour)})
		if inv == nil {
			return nil
		}
		member := forMember
		if member == "" {
			member = store.DocID(fmt.Sprintf("%032x", 1000+s.n))
		}
		nd := s.newDevice()
		for h := range d.view {
			nd.view[h] = true
		}
		p := pendingJoin{invite: inv[0], secret: secret, member: member, device: len(s.devs) - 1}
		if s.rng.IntN(3) == 0 {
			s.pending = append(s.pending, p)
			return inv
		}
		st2, _ := membership.Fold(append(s.closure(parents), inv[0]))
		return append(inv, s.join(d, st2, []membership.Hash{inv[0].Hash()}, p)...)
	case 2:
		return s.sign(d, st, parents, membership.Entry{Kind: membership.KindRemoveMember, Member: pick()})
	case 3:
		if len(devices) == 0 {
			return nil
		}
		return s.sign(d, st, parents, membership.Entry{Kind: membership.KindRemoveDevice, DeviceID: devices[s.rng.IntN(len(devices))]})
	case 4, 5:
		return s.sign(d, st, parents, membership.Entry{Kind: membership.KindSetRole, Member: pick(), Role: role, Spaces: spaces})
	case 6:
		for id, inv := range st.Invites {
			if !inv.Used() && !inv.Revoked {
				return s.sign(d, st, parents, membership.Entry{Kind: membership.KindRevokeInvite, Invite: id})
			}
		}
		return nil
	default:
		s.n++
		return s.sign(d, st, parents, membership.Entry{Kind: membership.KindRotateKey, KeyID: [32]byte{byte(s.n), byte(s.n >> 8)}})
	}
}

// join signs, by d, the join of a pending device; the new device then
// holds the log as d has it.
func (s *sim) join(d *simDevice, st *membership.State, parents []membership.Hash, p pendingJoin) []*membership.Entry {
	nd := s.devs[p.device]
	id := p.invite.Invite
	made := s.sign(d, st, parents, membership.Entry{Kind: membership.KindJoin, Invite: id, Secret: p.secret, Member: p.member,
		Device: nd.k.PublicKey(), DeviceSig: nd.k.Sign(membership.JoinMessage(ws, id, p.member, nd.k.PublicKey()))})
	if len(made) > 0 {
		for _, e := range s.closure([]membership.Hash{made[0].Hash()}) {
			nd.view[e.Hash()] = true
		}
		s.snapshot(nd)
	}
	return made
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// verify checks the whole log, every device's view of it, and the view
// each key rotation was made in.
func (s *sim) verify() error {
	want, _ := membership.Fold(s.all)
	for i := range 3 {
		shuffled := slices.Clone(s.all)
		s.rng.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		if i == 1 {
			shuffled = append(shuffled, shuffled[:len(shuffled)/2]...)
		}
		if got, _ := membership.Fold(shuffled); describe(got) != describe(want) {
			return fmt.Errorf("the state depends on the order of the entries:\n got %s\nwant %s", describe(got), describe(want))
		}
	}
	if slow, _ := membership.FoldSlowly(s.all); describe(slow) != describe(want) {
		return fmt.Errorf("the fold's shortcuts change the state:\n got %s\nwant %s", describe(want), describe(slow))
	}
	if err := s.holds("the whole log", s.all, true); err != nil {
		return err
	}
	for i, d := range s.devs {
		if err := s.holds(fmt.Sprintf("device %d's view", i), s.entries(d.view), false); err != nil {
			return err
		}
	}
	for _, h := range want.Applied {
		if e := s.byHash[h]; e.Kind == membership.KindRotateKey {
			if err := s.holds("the view of rotation "+h.String()[:8], s.closure([]membership.Hash{h}), false); err != nil {
				return err
			}
		}
	}
	return nil
}

// holds checks the rules on the fold of one set of entries.
func (s *sim) holds(what string, es []*membership.Entry, count bool) error {
	st, _ := membership.Fold(es)
	in := map[membership.Hash]bool{}
	for _, e := range es {
		in[e.Hash()] = true
	}
	applied := map[membership.Hash]int{}
	for i, h := range st.Applied {
		applied[h] = i + 1
	}
	if count {
		s.stats.Void += len(st.Skipped)
	}
	anc := s.ancestry(es)
	// Who each device is, by the entry that admitted it and holds.
	admittedAt := map[membership.DeviceID]int{}
	memberOf := map[membership.DeviceID]store.DocID{}
	for i, h := range st.Applied {
		e := s.byHash[h]
		switch e.Kind {
		case membership.KindCreate:
			admittedAt[e.SignerID()], memberOf[e.SignerID()] = i+1, e.Member
		case membership.KindJoin:
			id := membership.DeviceIDOf(e.Device)
			admittedAt[id], memberOf[id] = i+1, e.Member
		}
	}
	// Every entry that holds was signed by a device admitted before it by
	// entries that hold, and a join used an invitation that holds.
	inviteAt := map[membership.InviteID]int{}
	inviter := map[membership.InviteID]membership.DeviceID{}
	for i, h := range st.Applied {
		e := s.byHash[h]
		if e.Kind == membership.KindInvite || e.Kind == membership.KindInvitePerson {
			inviteAt[e.Invite], inviter[e.Invite] = i+1, e.SignerID()
		}
		if e.Kind == membership.KindCreate {
			continue
		}
		if at := admittedAt[e.SignerID()]; at == 0 || at > i {
			return fmt.Errorf("%s: %v %s holds, but its signer was not admitted before it by entries that hold", what, e.Kind, h.String()[:8])
		}
		if e.Kind == membership.KindJoin && (inviteAt[e.Invite] == 0 || inviteAt[e.Invite] > i) {
			return fmt.Errorf("%s: join %s holds, but its invitation does not", what, h.String()[:8])
		}
	}
	for id := range st.Devices {
		if admittedAt[id] == 0 {
			return fmt.Errorf("%s: device %s has no admission that holds", what, id.String()[:8])
		}
	}
	// A removal that holds: what its targets signed, or what was joined
	// through their invitations, holds only if the removal had seen it.
	removals := 0
	var held []*membership.Entry
	for _, h := range st.Applied {
		r := s.byHash[h]
		if r.Kind != membership.KindRemoveDevice && r.Kind != membership.KindRemoveMember {
			continue
		}
		held = append(held, r)
		removals++
		targets := map[membership.DeviceID]bool{}
		for id, m := range memberOf {
			if r.Kind == membership.KindRemoveDevice && id == r.DeviceID || r.Kind == membership.KindRemoveMember && m == r.Member {
				targets[id] = true
			}
		}
		for id := range targets {
			if st.Devices[id] != nil || !st.WasRemoved(id) {
				return fmt.Errorf("%s: device %s, removed by %s, is still there", what, id.String()[:8], h.String()[:8])
			}
		}
		for _, x := range st.Applied {
			e := s.byHash[x]
			if anc[h][x] || x == h {
				continue
			}
			if targets[e.SignerID()] {
				return fmt.Errorf("%s: %v %s by a device removed by %s holds, though the removal had not seen it", what, e.Kind, x.String()[:8], h.String()[:8])
			}
			if e.Kind == membership.KindJoin && targets[inviter[e.Invite]] {
				return fmt.Errorf("%s: join %s through an invitation of a device removed by %s holds, though the removal had not seen it", what, x.String()[:8], h.String()[:8])
			}
		}
		// A key rotated after the removal goes to none of its targets.
		for _, x := range st.Applied {
			if e := s.byHash[x]; e.Kind == membership.KindRotateKey && anc[x][h] {
				for _, k := range keyHolders(st) {
					if targets[k] {
						return fmt.Errorf("%s: rotation %s after removal %s goes to the removed device %s", what, x.String()[:8], h.String()[:8], k.String()[:8])
					}
				}
			}
		}
	}
	if count {
		s.stats.RemovalsHeld += removals
		for i, a := range held {
			for _, b := range held[i+1:] {
				if !anc[a.Hash()][b.Hash()] && !anc[b.Hash()][a.Hash()] {
					s.stats.MutualPairs++
				}
			}
		}
		for _, e := range es {
			if (e.Kind == membership.KindRemoveMember || e.Kind == membership.KindRemoveDevice || e.Kind == membership.KindSetRole) && applied[e.Hash()] == 0 {
				s.stats.Rejected++
			}
		}
	}
	for id := range st.RemovedDevices {
		if st.Devices[id] != nil {
			return fmt.Errorf("%s: removed device %s is back", what, id.String()[:8])
		}
	}
	for m := range st.RemovedMembers {
		if st.Members[m] != nil {
			return fmt.Errorf("%s: removed member %s is back", what, m)
		}
	}
	// A demotion that holds: the member's concurrent entries that need
	// the lost role do not.
	for _, h := range st.Applied {
		r := s.byHash[h]
		if r.Kind != membership.KindSetRole || r.Role == membership.RoleAdmin {
			continue
		}
		for _, x := range st.Applied {
			e := s.byHash[x]
			if memberOf[e.SignerID()] != r.Member || x == h || anc[h][x] || anc[x][h] {
				continue
			}
			if e.Kind != membership.KindJoin && e.Kind != membership.KindRemoveDevice || e.Kind == membership.KindJoin && r.Role == membership.RoleGuest {
				return fmt.Errorf("%s: %v %s holds, though its signer was made %v concurrently (%s)", what, e.Kind, x.String()[:8], r.Role, h.String()[:8])
			}
		}
	}
	admins := 0
	for _, m := range st.Members {
		if m.Role == membership.RoleAdmin && len(m.Devices) > 0 {
			admins++
		}
	}
	if admins == 0 {
		return fmt.Errorf("%s: no admin with a device is left: %s", what, describe(st))
	}
	return nil
}

// ancestry returns, for each entry, the set of entries in its causal past.
func (s *sim) ancestry(es []*membership.Entry) map[membership.Hash]map[membership.Hash]bool {
	out := map[membership.Hash]map[membership.Hash]bool{}
	var walk func(h membership.Hash) map[membership.Hash]bool
	walk = func(h membership.Hash) map[membership.Hash]bool {
		if a, ok := out[h]; ok {
			return a
		}
		a := map[membership.Hash]bool{}
		for _, p := range s.byHash[h].Parents {
			a[p] = true
			for x := range walk(p) {
				a[x] = true
			}
		}
		out[h] = a
		return a
	}
	for _, e := range es {
		walk(e.Hash())
	}
	return out
}
