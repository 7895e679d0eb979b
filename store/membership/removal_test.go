package membership_test

import (
	"bytes"
	"crypto/sha256"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
)

// signBefore signs e on parents, moving its time on a millisecond at a
// time until its hash sorts before other's: what a removed device does so
// that an entry it backdates next to its removal is folded first.
func signBefore(t *testing.T, k key, e membership.Entry, other *membership.Entry, parents ...*membership.Entry) *membership.Entry {
	t.Helper()
	for i := range 1000 {
		try := e
		try.Time = t0.Add(time.Duration(i) * time.Millisecond)
		s := sign(t, k, try, parents...)
		if h, o := s.Hash(), other.Hash(); bytes.Compare(h[:], o[:]) < 0 {
			return s
		}
	}
	t.Fatal("no time gave a smaller hash")
	return nil
}

// inviteBefore is invite with both entries sorting before other.
func inviteBefore(t *testing.T, admin key, role membership.Role, joiner key, member store.DocID, other *membership.Entry, parents ...*membership.Entry) (inv, join *membership.Entry) {
	t.Helper()
	var id membership.InviteID
	copy(id[:], joiner.PublicKey())
	secret := [16]byte{9, joiner.PublicKey()[0]}
	inv = signBefore(t, admin, membership.Entry{Kind: membership.KindInvite, Invite: id, SecretHash: sha256.Sum256(secret[:]),
		Role: role, Expires: t0.Add(7 * 24 * time.Hour)}, other, parents...)
	join = signBefore(t, admin, membership.Entry{Kind: membership.KindJoin, Invite: id, Secret: secret, Member: member,
		Device: joiner.PublicKey(), DeviceSig: joiner.Sign(membership.JoinMessage(ws, id, member, joiner.PublicKey()))}, other, inv)
	return inv, join
}

// openInvite signs invitation number n, whose secret is n's.
func openInvite(t *testing.T, k key, n byte, role membership.Role, forMember store.DocID, parents ...*membership.Entry) *membership.Entry {
	t.Helper()
	secret := [16]byte{n}
	return sign(t, k, membership.Entry{Kind: membership.KindInvite, Invite: membership.InviteID{n}, SecretHash: sha256.Sum256(secret[:]),
		Role: role, ForMember: forMember, Expires: t0.Add(time.Hour)}, parents...)
}

// joinBy signs, with k, the join of device as member through invitation
// number n.
func joinBy(t *testing.T, k key, n byte, member store.DocID, device key, parents ...*membership.Entry) *membership.Entry {
	t.Helper()
	id := membership.InviteID{n}
	return sign(t, k, membership.Entry{Kind: membership.KindJoin, Invite: id, Secret: [16]byte{n}, Member: member,
		Device: device.PublicKey(), DeviceSig: device.Sign(membership.JoinMessage(ws, id, member, device.PublicKey()))}, parents...)
}

// keyHolders are the devices a key rotated in st goes to: admins' and
// members' (as sync/relay/replica grants it).
func keyHolders(st *membership.State) []membership.DeviceID {
	var out []membership.DeviceID
	for id := range st.Devices {
		if r := st.RoleOf(id); r == membership.RoleAdmin || r == membership.RoleMember {
			out = append(out, id)
		}
	}
	slices.SortFunc(out, func(a, b membership.DeviceID) int { return bytes.Compare(a[:], b[:]) })
	return out
}

// foldEveryOrder folds entries in their order and in shuffled ones, and
// fails when any order gives another state.
func foldEveryOrder(t *testing.T, entries []*membership.Entry) *membership.State {
	t.Helper()
	want, missing := membership.Fold(entries)
	if len(missing) > 0 {
		t.Fatalf("missing=%v", missing)
	}
	rng := rand.New(rand.NewPCG(1, uint64(len(entries))))
	for i := range 50 {
		shuffled := slices.Clone(entries)
		rng.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		if got, _ := membership.Fold(shuffled); describe(got) != describe(want) {
			t.Fatalf("shuffle %d: state differs:\n got %s\nwant %s", i, describe(got), describe(want))
		}
	}
	return want
}

// The first attack of the finding: alice removes bob; bob, removed, signs
// a removal of alice on the heads from before his removal, its hash
// ground to sort first, and carries on as the admin.
func TestRemovedAdminCannotRemoveTheAdminWhoRemovedThem(t *testing.T) {
	ka, kb, kc, log := team(t)
	last := log[len(log)-1]
	rmB := sign(t, ka, membership.Entry{Kind: membership.KindRemoveMember, Member: bob}, last)
	rot := sign(t, ka, membership.Entry{Kind: membership.KindRotateKey, KeyID: [32]byte{1}}, rmB)
	rmA := signBefore(t, kb, membership.Entry{Kind: membership.KindRemoveMember, Member: alice}, rmB, last)
	rotB := sign(t, kb, membership.Entry{Kind: membership.KindRotateKey, KeyID: [32]byte{2}}, rmA)
	// carol's device saw bob's removal first and admitted a device on it.
	kc2 := newKey(12)
	invC2 := openInvite(t, kb, 12, membership.RoleMember, carol, rmA)
	joinC2 := joinBy(t, kc, 12, carol, kc2, invC2)

	st := foldEveryOrder(t, append(slices.Clone(log), rmB, rot, rmA, rotB, invC2, joinC2))
	if st.RoleOf(ka.ID()) != membership.RoleAdmin || st.Members[alice] == nil {
		t.Errorf("alice's role=%v, want admin: the removed admin locked her out", st.RoleOf(ka.ID()))
	}
	if st.IsMember(kb.ID()) || st.Members[bob] != nil || !st.WasRemoved(kb.ID()) {
		t.Errorf("bob is a member=%v, removed=%v; want removed", st.IsMember(kb.ID()), st.WasRemoved(kb.ID()))
	}
	for _, e := range []*membership.Entry{rmA, rotB, invC2, joinC2} {
		if slices.Contains(st.Applied, e.Hash()) {
			t.Errorf("%v by bob's side applied", e.Kind)
		}
	}
	if !slices.Contains(st.Applied, rot.Hash()) || st.Epoch != 2 {
		t.Errorf("alice's rotation applied=%v epoch=%d, want applied, 2", slices.Contains(st.Applied, rot.Hash()), st.Epoch)
	}
	if why := st.Skipped[rmA.Hash()]; !strings.Contains(why, "removed") {
		t.Errorf("rmA skipped for %q, want a sentence saying its signer was removed", why)
	}
}

// The second attack: bob, removed, backdates an invitation and the join
// of a puppet device next to his removal, so that the puppet would
// survive it and be handed the key alice rotates.
func TestRemovedAdminCannotAddAPuppet(t *testing.T) {
	ka, kb, kc, log := team(t)
	last := log[len(log)-1]
	rmB := sign(t, ka, membership.Entry{Kind: membership.KindRemoveMember, Member: bob}, last)
	puppet, pm := newKey(20), store.DocID("e0000000000000000000000000000000")
	inv, join := inviteBefore(t, kb, membership.RoleAdmin, puppet, pm, rmB, last)
	rot := sign(t, ka, membership.Entry{Kind: membership.KindRotateKey, KeyID: [32]byte{3}}, rmB)
	// The puppet, a member in the old fold, goes on to act as one.
	rmC := sign(t, puppet, membership.Entry{Kind: membership.KindRemoveMember, Member: carol}, join)
	merged := sign(t, puppet, membership.Entry{Kind: membership.KindRotateKey, KeyID: [32]byte{4}}, rmC, rot)

	st := foldEveryOrder(t, append(slices.Clone(log), rmB, inv, join, rot, rmC, merged))
	if st.IsMember(puppet.ID()) || st.Members[pm] != nil {
		t.Errorf("the puppet bob added after his removal is a member (role %v)", st.RoleOf(puppet.ID()))
	}
	if st.IsMember(kb.ID()) {
		t.Errorf("bob is still a member")
	}
	if !st.IsMember(kc.ID()) {
		t.Errorf("carol was removed by the puppet")
	}
	if want := []membership.DeviceID{ka.ID(), kc.ID()}; !slices.Equal(keyHolders(st), sortIDs(want)) {
		t.Errorf("the key rotated after the removal goes to %d devices, want alice's and carol's", len(keyHolders(st)))
	}
	for _, e := range []*membership.Entry{inv, join, rmC, merged} {
		if slices.Contains(st.Applied, e.Hash()) {
			t.Errorf("%v of the puppet's applied", e.Kind)
		}
	}

	// A member's device that had not heard of the removal admits a device
	// through bob's backdated invitation: void too.
	other, secret := newKey(21), [16]byte{21}
	inv2 := signBefore(t, kb, membership.Entry{Kind: membership.KindInvite, Invite: membership.InviteID{21}, SecretHash: sha256.Sum256(secret[:]),
		Role: membership.RoleMember, Expires: t0.Add(time.Hour)}, rmB, last)
	join2 := joinBy(t, kc, 21, "f0000000000000000000000000000000", other, inv2)
	st = foldEveryOrder(t, append(slices.Clone(log), rmB, inv2, join2))
	if st.IsMember(other.ID()) {
		t.Errorf("a device admitted through the removed admin's backdated invitation is a member")
	}
}

func sortIDs(ids []membership.DeviceID) []membership.DeviceID {
	ids = slices.Clone(ids)
	slices.SortFunc(ids, func(a, b membership.DeviceID) int { return bytes.Compare(a[:], b[:]) })
	return ids
}

// An invitation bob made while an admin, seen by the removal, dies with
// him: used after it or concurrently, it admits no one.
func TestRemovalWithdrawsTheRemovedDevicesInvitations(t *testing.T) {
	ka, kb, kc, log := team(t)
	last := log[len(log)-1]
	other, id := newKey(30), membership.InviteID{30}
	inv := openInvite(t, kb, 30, membership.RoleMember, "", last)
	rmB := sign(t, ka, membership.Entry{Kind: membership.KindRemoveMember, Member: bob}, inv)
	join := func(parent *membership.Entry) *membership.Entry {
		return joinBy(t, kc, 30, "f1000000000000000000000000000000", other, parent)
	}
	for _, tt := range []struct {
		name string
		join *membership.Entry
		want string
	}{
		{"after the removal", join(rmB), "revoked"},
		{"concurrently", join(inv), "removed"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := foldEveryOrder(t, append(slices.Clone(log), inv, rmB, tt.join))
			if st.IsMember(other.ID()) {
				t.Errorf("the device joined through a removed admin's invitation")
			}
			if why := st.Skipped[tt.join.Hash()]; !strings.Contains(why, tt.want) {
				t.Errorf("join skipped for %q, want %q", why, tt.want)
			}
			if !st.Invites[id].Revoked {
				t.Errorf("the invitation is still open")
			}
		})
	}
}

// When two admins remove each other concurrently, the one admitted first
// stays, whichever removal came first and however the hashes fall. Here
// bob removes alice first, and alice, the creator, answers with a removal
// of bob on the heads from before.
func TestMutualRemovalKeepsTheSeniorAdmin(t *testing.T) {
	ka, kb, _, log := team(t)
	last := log[len(log)-1]
	rmA := sign(t, kb, membership.Entry{Kind: membership.KindRemoveMember, Member: alice}, last)
	for _, before := range []bool{false, true} {
		rmB := sign(t, ka, membership.Entry{Kind: membership.KindRemoveMember, Member: bob}, last)
		if before {
			rmB = signBefore(t, ka, membership.Entry{Kind: membership.KindRemoveMember, Member: bob}, rmA, last)
		}
		st := foldEveryOrder(t, append(slices.Clone(log), rmA, rmB))
		if !st.IsMember(ka.ID()) || st.IsMember(kb.ID()) {
			t.Errorf("alice member=%v bob member=%v, want alice only", st.IsMember(ka.ID()), st.IsMember(kb.ID()))
		}
		if why := st.Skipped[rmA.Hash()]; why == "" {
			t.Errorf("bob's removal of alice is not skipped")
		}
	}
}

// Mutual demotion and a cycle of three removals: the senior's holds, and
// what the less senior did concurrently does not.
func TestConcurrentRevocationsBySeniority(t *testing.T) {
	ka, kb, kc, log := team(t)
	last := log[len(log)-1]
	promote := sign(t, ka, membership.Entry{Kind: membership.KindSetRole, Member: carol, Role: membership.RoleAdmin}, last)
	t.Run("mutual demotion", func(t *testing.T) {
		dA := sign(t, kb, membership.Entry{Kind: membership.KindSetRole, Member: alice, Role: membership.RoleMember}, last)
		dB := sign(t, ka, membership.Entry{Kind: membership.KindSetRole, Member: bob, Role: membership.RoleMember}, last)
		inv, _ := invite(t, kb, membership.RoleAdmin, newKey(40), "f2000000000000000000000000000000", last)
		st := foldEveryOrder(t, append(slices.Clone(log), dA, dB, inv))
		if st.RoleOf(ka.ID()) != membership.RoleAdmin || st.RoleOf(kb.ID()) != membership.RoleMember {
			t.Errorf("alice %v bob %v, want admin, member", st.RoleOf(ka.ID()), st.RoleOf(kb.ID()))
		}
		if st.Invites[inv.Invite] != nil {
			t.Errorf("bob's invitation concurrent with his demotion holds")
		}
	})
	t.Run("cycle of three", func(t *testing.T) {
		// alice removes bob, bob removes carol, carol removes alice.
		r1 := sign(t, ka, membership.Entry{Kind: membership.KindRemoveMember, Member: bob}, promote)
		r2 := sign(t, kb, membership.Entry{Kind: membership.KindRemoveMember, Member: carol}, promote)
		r3 := sign(t, kc, membership.Entry{Kind: membership.KindRemoveMember, Member: alice}, promote)
		st := foldEveryOrder(t, append(slices.Clone(log), promote, r1, r2, r3))
		if !st.IsMember(ka.ID()) || st.IsMember(kb.ID()) || !st.IsMember(kc.ID()) {
			t.Errorf("members alice=%v bob=%v carol=%v, want alice and carol", st.IsMember(ka.ID()), st.IsMember(kb.ID()), st.IsMember(kc.ID()))
		}
	})
}

// A removed admin cannot get ahead by backdating before a revocation of a
// less senior member that the removal followed: a revocation is decided
// with the precedence of the most senior member who built on it.
func TestBackdatingBeforeAJuniorsRevocationDoesNotHelp(t *testing.T) {
	ka, kb, kc, log := team(t)
	last := log[len(log)-1]
	kc2 := newKey(50)
	invC2 := openInvite(t, ka, 50, membership.RoleMember, carol, last)
	joinC2 := joinBy(t, ka, 50, carol, kc2, invC2)
	// carol removes her second device; alice removes bob after seeing it.
	u := sign(t, kc, membership.Entry{Kind: membership.KindRemoveDevice, DeviceID: kc2.ID()}, joinC2)
	rmB := sign(t, ka, membership.Entry{Kind: membership.KindRemoveMember, Member: bob}, u)
	// bob backdates his removal of alice to before carol's.
	rmA := sign(t, kb, membership.Entry{Kind: membership.KindRemoveMember, Member: alice}, joinC2)
	st := foldEveryOrder(t, append(slices.Clone(log), invC2, joinC2, u, rmB, rmA))
	if !slices.Contains(st.Applied, u.Hash()) || !slices.Contains(st.Applied, rmB.Hash()) {
		t.Fatalf("carol's and alice's removals do not both hold: %v", st.Skipped)
	}
	if !st.IsMember(ka.ID()) || st.IsMember(kb.ID()) || st.IsMember(kc2.ID()) {
		t.Errorf("alice=%v bob=%v carol's second device=%v, want alice only", st.IsMember(ka.ID()), st.IsMember(kb.ID()), st.IsMember(kc2.ID()))
	}
}

// Two admins who remove each other leave one: never none.
func TestMutualRemovalNeverLeavesNoAdmin(t *testing.T) {
	ka, kb := newKey(1), newKey(2)
	create := sign(t, ka, membership.Entry{Kind: membership.KindCreate, Name: "Acme", Member: alice})
	invB, joinB := invite(t, ka, membership.RoleAdmin, kb, bob, create)
	for i := range 20 {
		rmA := sign(t, kb, membership.Entry{Kind: membership.KindRemoveMember, Member: alice, Time: t0.Add(time.Duration(i) * time.Second)}, joinB)
		rmB := sign(t, ka, membership.Entry{Kind: membership.KindRemoveDevice, DeviceID: kb.ID(), Time: t0.Add(time.Duration(i) * time.Minute)}, joinB)
		st := foldEveryOrder(t, []*membership.Entry{create, invB, joinB, rmA, rmB})
		if !st.IsMember(ka.ID()) || st.IsMember(kb.ID()) {
			t.Fatalf("alice=%v bob=%v, want alice", st.IsMember(ka.ID()), st.IsMember(kb.ID()))
		}
	}
}

// A removed device never joins again, even through a new invitation made
// after the removal; the person joins with a new device.
func TestRemovedDeviceCannotJoinAgain(t *testing.T) {
	ka, _, kc, log := team(t)
	last := log[len(log)-1]
	rm := sign(t, ka, membership.Entry{Kind: membership.KindRemoveMember, Member: carol}, last)
	inv := openInvite(t, ka, 60, membership.RoleMember, "", rm)
	join := joinBy(t, ka, 60, "f3000000000000000000000000000000", kc, inv)
	st := foldEveryOrder(t, append(slices.Clone(log), rm, inv, join))
	if st.IsMember(kc.ID()) {
		t.Fatalf("the removed device joined again")
	}
	if why := membership.Authorize(append(slices.Clone(log), rm, inv), join); !strings.Contains(why, "cannot join it again") {
		t.Errorf("Authorize=%q", why)
	}
	join2 := joinBy(t, ka, 60, carol, newKey(33), inv)
	if why := membership.Authorize(append(slices.Clone(log), rm, inv), join2); !strings.Contains(why, "removed member") {
		t.Errorf("a new member with a removed member's ID: Authorize=%q", why)
	}
}

// Offer is what a relay asks before it merges what a device brings at
// login: a removed device brings nothing in, a senior admin's answer to a
// junior's removal comes in, and so does an ordinary entry of a member.
func TestOffer(t *testing.T) {
	ka, kb, kc, log := team(t)
	last := log[len(log)-1]
	rmB := sign(t, ka, membership.Entry{Kind: membership.KindRemoveMember, Member: bob}, last)
	known := append(slices.Clone(log), rmB)
	rmA := sign(t, kb, membership.Entry{Kind: membership.KindRemoveMember, Member: alice}, last)
	puppet := newKey(70)
	inv, join := invite(t, kb, membership.RoleAdmin, puppet, "f7000000000000000000000000000000", last)
	rotA := sign(t, ka, membership.Entry{Kind: membership.KindRotateKey, KeyID: [32]byte{7}}, rmB)
	byCarol := sign(t, kc, membership.Entry{Kind: membership.KindRotateKey}, last) // carol is no admin
	orphan := sign(t, ka, membership.Entry{Kind: membership.KindRotateKey}, rotA)
	for _, tt := range []struct {
		name    string
		known   []*membership.Entry
		offered []*membership.Entry
		by      key
		fresh   int
		want    string // part of the refusal; "" when taken
	}{
		{"removed admin's backdated removal", known, []*membership.Entry{rmA}, kb, 0, "removed"},
		{"removed admin's puppet", known, []*membership.Entry{join, inv}, puppet, 0, "removed"},
		{"removed admin's puppet, offered by the admin", known, []*membership.Entry{inv, join}, kb, 0, "removed"},
		{"the senior admin's answer", append(slices.Clone(log), rmA), []*membership.Entry{rmB, rotA}, ka, 2, ""},
		{"a member's entry it may not sign", known, []*membership.Entry{byCarol}, kc, 0, "Only an admin"},
		{"a missing parent", known, []*membership.Entry{orphan}, ka, 0, "does not have"},
		{"known entries again", known, slices.Clone(log), kc, 0, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fresh, st, why := membership.Offer(tt.known, tt.offered, tt.by.ID())
			if tt.want == "" && why != "" || tt.want != "" && !strings.Contains(why, tt.want) {
				t.Fatalf("Offer refused=%q, want %q", why, tt.want)
			}
			if len(fresh) != tt.fresh {
				t.Errorf("Offer took %d entries, want %d", len(fresh), tt.fresh)
			}
			if why == "" && !st.IsMember(tt.by.ID()) {
				t.Errorf("Offer took entries from a device that is no member")
			}
		})
	}
}

// A removal nothing is concurrent with holds even when every revocation
// that is concurrent with something fails: carol, no admin, tries to
// demote alice beside a rotation of alice's.
func TestUncontestedRemovalBesideAFailedRevocation(t *testing.T) {
	ka, _, kc, log := team(t)
	last := log[len(log)-1]
	rmB := sign(t, ka, membership.Entry{Kind: membership.KindRemoveMember, Member: bob}, last)
	rot := sign(t, ka, membership.Entry{Kind: membership.KindRotateKey, KeyID: [32]byte{5}}, rmB)
	demote := sign(t, kc, membership.Entry{Kind: membership.KindSetRole, Member: alice, Role: membership.RoleMember}, rmB)
	for _, fold := range []func([]*membership.Entry) (*membership.State, []membership.Hash){membership.Fold, membership.FoldSlowly} {
		st, _ := fold(append(slices.Clone(log), rmB, rot, demote))
		if st.Members[bob] != nil || st.RoleOf(ka.ID()) != membership.RoleAdmin || st.Epoch != 2 {
			t.Errorf("bob=%v alice=%v epoch=%d, want bob removed, alice admin, epoch 2", st.Members[bob] != nil, st.RoleOf(ka.ID()), st.Epoch)
		}
	}
}

// A removed admin cannot borrow a senior member's seniority by adding a
// puppet device to that member: a device is no more senior than the
// devices that invited and admitted it. Here bob, removed by alice, adds
// a device for alice through a backdated invitation, and has it remove
// alice, all sorting before alice's removal of him.
func TestPuppetDeviceOfASeniorMemberHasNoSeniority(t *testing.T) {
	ka, kb, _, log := team(t)
	last := log[len(log)-1]
	rmB := sign(t, ka, membership.Entry{Kind: membership.KindRemoveMember, Member: bob}, last)
	puppet, secret := newKey(80), [16]byte{80}
	inv := signBefore(t, kb, membership.Entry{Kind: membership.KindInvite, Invite: membership.InviteID{80}, SecretHash: sha256.Sum256(secret[:]),
		Role: membership.RoleMember, ForMember: alice, Expires: t0.Add(time.Hour)}, rmB, last)
	join := signBefore(t, kb, membership.Entry{Kind: membership.KindJoin, Invite: membership.InviteID{80}, Secret: secret, Member: alice,
		Device: puppet.PublicKey(), DeviceSig: puppet.Sign(membership.JoinMessage(ws, membership.InviteID{80}, alice, puppet.PublicKey()))}, rmB, inv)
	rmA := signBefore(t, puppet, membership.Entry{Kind: membership.KindRemoveMember, Member: alice}, rmB, join)
	st := foldEveryOrder(t, append(slices.Clone(log), rmB, inv, join, rmA))
	if !st.IsMember(ka.ID()) || st.IsMember(kb.ID()) || st.IsMember(puppet.ID()) {
		t.Errorf("alice=%v bob=%v puppet=%v, want alice only", st.IsMember(ka.ID()), st.IsMember(kb.ID()), st.IsMember(puppet.ID()))
	}
}
