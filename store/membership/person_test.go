package membership_test

import (
	"crypto/sha256"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
)

// dave has a profile an admin made under People, and no device yet.
var dave = store.DocID("d0000000000000000000000000000000")

// invitePerson signs invitation number n for the person whose member ID
// is person.
func invitePerson(t *testing.T, k key, n byte, role membership.Role, spaces []string, person store.DocID, parents ...*membership.Entry) *membership.Entry {
	t.Helper()
	secret := [16]byte{n}
	return sign(t, k, membership.Entry{Kind: membership.KindInvitePerson, Invite: membership.InviteID{n}, SecretHash: sha256.Sum256(secret[:]),
		Role: role, Spaces: spaces, ForMember: person, Expires: t0.Add(time.Hour)}, parents...)
}

// skipped says why entry e was not applied in st, or "" when it was.
func skipped(st *membership.State, e *membership.Entry) string { return st.Skipped[e.Hash()] }

func TestInvitePersonJoinsAsThatPerson(t *testing.T) {
	ka, _, _, log := team(t)
	last := log[len(log)-1]
	inv := invitePerson(t, ka, 40, membership.RoleMember, nil, dave, last)
	laptop := newKey(40)
	join := joinBy(t, ka, 40, dave, laptop, inv)
	st := foldEveryOrder(t, append(log, inv, join))
	if len(st.Skipped) != 0 {
		t.Fatalf("skipped %v", st.Skipped)
	}
	m := st.Members[dave]
	if m == nil || m.Role != membership.RoleMember || len(m.Devices) != 1 || m.Devices[0] != laptop.ID() {
		t.Fatalf("dave = %+v, want a member with the laptop", m)
	}
	i := st.Invites[membership.InviteID{40}]
	if !i.Person || i.ForMember != dave || i.UsedBy != laptop.ID() || !i.UsedAt.Equal(t0) {
		t.Errorf("invitation = %+v, want dave's, used by the laptop at the join's time", i)
	}

	// The encoding keeps the kind and the person, and needs the person.
	d, err := membership.Decode(inv.Bytes())
	if err != nil || d.Kind != membership.KindInvitePerson || d.ForMember != dave {
		t.Errorf("Decode = %+v, %v", d, err)
	}
	bad := membership.Entry{Kind: membership.KindInvitePerson, Workspace: ws, Time: t0, Parents: []membership.Hash{last.Hash()},
		Role: membership.RoleMember, Expires: t0.Add(time.Hour)}
	if err := bad.Sign(ka); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("an invitation of a person that names none: %v, want EINVALID", err)
	}

	// A second invitation for dave, now that he is in: a device invitation
	// is the way; one for the person is refused.
	again := invitePerson(t, ka, 41, membership.RoleMember, nil, dave, join)
	if why := membership.Authorize(append(log, inv, join), again); !strings.Contains(why, "invite a device") {
		t.Errorf("inviting dave as a person again: %q", why)
	}
}

func TestInvitePersonJoinsOnlyAsThatPerson(t *testing.T) {
	ka, _, _, log := team(t)
	last := log[len(log)-1]
	inv := invitePerson(t, ka, 42, membership.RoleGuest, []string{string(ws)}, dave, last)
	laptop := newKey(42)
	// The joiner (or the member's device admitting it) names another ID:
	// refused, with the signature over the joiner's own message intact.
	other := joinBy(t, ka, 42, store.DocID("e0000000000000000000000000000000"), laptop, inv)
	if why := membership.Authorize(append(log, inv), other); !strings.Contains(why, "another person") {
		t.Errorf("joining as someone else: %q", why)
	}
	// The role is the invitation's: a guest, in its spaces only.
	join := joinBy(t, ka, 42, dave, laptop, inv)
	st, _ := membership.Fold(append(log, inv, join))
	if m := st.Members[dave]; m == nil || m.Role != membership.RoleGuest || len(m.Spaces) != 1 {
		t.Errorf("dave = %+v, want a guest in one space", m)
	}
}

// Nobody takes a named person's ID through an invitation of their own,
// before or concurrently with the person's invitation.
func TestInvitePersonKeepsTheID(t *testing.T) {
	ka, _, kc, log := team(t)
	last := log[len(log)-1]
	inv := invitePerson(t, ka, 43, membership.RoleMember, nil, dave, last)
	mine := openInvite(t, ka, 44, membership.RoleAdmin, "", inv)
	stranger := newKey(44)
	// Carol, a member, admits a stranger through an ordinary invitation,
	// claiming dave's ID.
	steal := joinBy(t, kc, 44, dave, stranger, mine)
	if why := membership.Authorize(append(log, inv, mine), steal); !strings.Contains(why, "kept for the person") {
		t.Errorf("taking dave's ID through another invitation: %q", why)
	}

	// The same, concurrently: the ordinary invitation and its join on the
	// heads before dave's invitation. Whatever the order, dave's laptop
	// never becomes a device of the stranger's member.
	mine = openInvite(t, ka, 45, membership.RoleAdmin, "", last)
	steal = joinBy(t, kc, 45, dave, stranger, mine)
	laptop := newKey(43)
	join := joinBy(t, ka, 43, dave, laptop, inv)
	merge := sign(t, ka, membership.Entry{Kind: membership.KindRotateKey, KeyID: [32]byte{4}}, steal, join)
	st := foldEveryOrder(t, append(log, inv, mine, steal, join, merge))
	if m := st.Members[dave]; m != nil && len(m.Devices) != 1 {
		t.Errorf("dave = %+v: the stranger and dave's laptop share a member", m)
	}
	if st.IsMember(laptop.ID()) && st.IsMember(stranger.ID()) {
		t.Error("both the stranger and dave's laptop are in")
	}
	if skipped(st, inv) == "" && skipped(st, steal) == "" {
		t.Error("both dave's invitation and the stranger's claim hold")
	}
}

// A removed member's ID is never given out again: not by a new invitation
// for the person, nor by one made before the removal.
func TestInvitePersonNeverRevivesARemovedMember(t *testing.T) {
	ka, _, _, log := team(t)
	last := log[len(log)-1]
	first := invitePerson(t, ka, 46, membership.RoleMember, nil, dave, last)
	second := invitePerson(t, ka, 47, membership.RoleMember, nil, dave, first)
	join := joinBy(t, ka, 46, dave, newKey(46), second)
	remove := sign(t, ka, membership.Entry{Kind: membership.KindRemoveMember, Member: dave}, join)
	known := append(log, first, second, join, remove)
	// The invitation made before the removal admits nobody as dave.
	late := joinBy(t, ka, 47, dave, newKey(47), remove)
	if why := membership.Authorize(known, late); !strings.Contains(why, "removed") {
		t.Errorf("joining as removed dave through an earlier invitation: %q", why)
	}
	// Nor does a new one, for the person or for a device of theirs.
	if why := membership.Authorize(known, invitePerson(t, ka, 48, membership.RoleMember, nil, dave, remove)); !strings.Contains(why, "never given out again") {
		t.Errorf("inviting removed dave as a person: %q", why)
	}
	if why := membership.Authorize(known, openInvite(t, ka, 49, membership.RoleMember, dave, remove)); !strings.Contains(why, "not a member") {
		t.Errorf("inviting a device of removed dave: %q", why)
	}
	// A stranger's ordinary invitation cannot take the ID either.
	ordinary := openInvite(t, ka, 50, membership.RoleMember, "", remove)
	if why := membership.Authorize(append(known, ordinary), joinBy(t, ka, 50, dave, newKey(50), ordinary)); why == "" {
		t.Error("a stranger took removed dave's ID")
	}
	// And when the removal and a join through the second invitation are
	// concurrent, the removal holds whatever the order: dave is out.
	late = joinBy(t, ka, 47, dave, newKey(47), join)
	st := foldEveryOrder(t, append(log, first, second, join, remove, late))
	if st.Members[dave] != nil || st.IsMember(newKey(47).ID()) {
		t.Errorf("after a concurrent removal, dave = %+v", st.Members[dave])
	}
}

// A device invitation for a member gives no more than it says: the device
// joins with its member's rights, so it works only while those are within
// the invitation's.
func TestDeviceInvitationGivesNoMoreThanItSays(t *testing.T) {
	ka, _, _, log := team(t)
	last := log[len(log)-1]
	// bob is an admin: an invitation "as a member" for his device is refused.
	asMember := openInvite(t, ka, 51, membership.RoleMember, bob, last)
	join := joinBy(t, ka, 51, bob, newKey(51), asMember)
	if why := membership.Authorize(append(log, asMember), join); !strings.Contains(why, "more rights") {
		t.Errorf("an admin's device through a member's invitation: %q", why)
	}
	asAdmin := openInvite(t, ka, 52, membership.RoleAdmin, bob, asMember)
	if why := membership.Authorize(append(log, asMember, asAdmin), joinBy(t, ka, 52, bob, newKey(52), asAdmin)); why != "" {
		t.Errorf("an admin's device through an admin's invitation: %q", why)
	}
	// carol, a guest in two spaces: an invitation for one of them is not enough.
	s1, s2 := "11111111111111111111111111111111", "22222222222222222222222222222222"
	guest := sign(t, ka, membership.Entry{Kind: membership.KindSetRole, Member: carol, Role: membership.RoleGuest, Spaces: []string{s1, s2}}, asAdmin)
	known := append(log, asMember, asAdmin, guest)
	one := sign(t, ka, membership.Entry{Kind: membership.KindInvite, Invite: membership.InviteID{53}, SecretHash: sha256.Sum256([]byte{53, 15: 0}),
		Role: membership.RoleGuest, Spaces: []string{s1}, ForMember: carol, Expires: t0.Add(time.Hour)}, guest)
	if why := membership.Authorize(append(known, one), joinBy(t, ka, 53, carol, newKey(53), one)); !strings.Contains(why, "more rights") {
		t.Errorf("a guest's device through an invitation to fewer spaces: %q", why)
	}
	both := sign(t, ka, membership.Entry{Kind: membership.KindInvite, Invite: membership.InviteID{54}, SecretHash: sha256.Sum256([]byte{54, 15: 0}),
		Role: membership.RoleGuest, Spaces: []string{s1, s2}, ForMember: carol, Expires: t0.Add(time.Hour)}, guest)
	if why := membership.Authorize(append(known, both), joinBy(t, ka, 54, carol, newKey(54), both)); why != "" {
		t.Errorf("a guest's device through an invitation to their spaces: %q", why)
	}
}

// An invitation for a person dies with the device that made it, unused,
// like any other.
func TestInvitePersonDiesWithItsInviter(t *testing.T) {
	ka, kb, _, log := team(t)
	last := log[len(log)-1]
	inv := invitePerson(t, kb, 56, membership.RoleMember, nil, dave, last)
	remove := sign(t, ka, membership.Entry{Kind: membership.KindRemoveMember, Member: bob}, inv)
	known := append(log, inv, remove)
	st, _ := membership.Fold(known)
	if i := st.Invites[membership.InviteID{56}]; i == nil || !i.Revoked {
		t.Errorf("bob's invitation for dave after his removal = %+v, want withdrawn", i)
	}
	if why := membership.Authorize(known, joinBy(t, ka, 56, dave, newKey(56), remove)); !strings.Contains(why, "revoked") {
		t.Errorf("joining through it: %q", why)
	}
}
