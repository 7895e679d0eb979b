package membership_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
)

type key struct{ priv ed25519.PrivateKey }

func newKey(seed byte) key {
	s := make([]byte, ed25519.SeedSize)
	s[0] = seed
	return key{ed25519.NewKeyFromSeed(s)}
}

func (k key) PublicKey() ed25519.PublicKey { return k.priv.Public().(ed25519.PublicKey) }
func (k key) Sign(msg []byte) []byte       { return ed25519.Sign(k.priv, msg) }
func (k key) ID() membership.DeviceID      { return membership.DeviceIDOf(k.PublicKey()) }

var (
	ws    = membership.WorkspaceID(newKey(1).PublicKey(), alice)
	alice = store.DocID("a0000000000000000000000000000000")
	bob   = store.DocID("b0000000000000000000000000000000")
	carol = store.DocID("c0000000000000000000000000000000")
	t0    = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
)

func sign(t *testing.T, k key, e membership.Entry, parents ...*membership.Entry) *membership.Entry {
	t.Helper()
	e.Workspace = ws
	if e.Time.IsZero() {
		e.Time = t0
	}
	for _, p := range parents {
		e.Parents = append(e.Parents, p.Hash())
	}
	if err := e.Sign(k); err != nil {
		t.Fatalf("Sign(%v): %v", e.Kind, err)
	}
	d, err := membership.Decode(e.Bytes())
	if err != nil {
		t.Fatalf("Decode(Sign(%v)): %v", e.Kind, err)
	}
	return d
}

// invite makes an admin's invitation and the join through it.
func invite(t *testing.T, admin key, role membership.Role, joiner key, member store.DocID, parents ...*membership.Entry) (inv, join *membership.Entry) {
	t.Helper()
	var id membership.InviteID
	secret := [16]byte{byte(len(parents)), joiner.PublicKey()[0], 7}
	copy(id[:], joiner.PublicKey())
	inv = sign(t, admin, membership.Entry{Kind: membership.KindInvite, Invite: id, SecretHash: sha256.Sum256(secret[:]),
		Role: role, Expires: t0.Add(7 * 24 * time.Hour)}, parents...)
	join = sign(t, admin, membership.Entry{Kind: membership.KindJoin, Invite: id, Secret: secret, Member: member,
		Device: joiner.PublicKey(), DeviceSig: joiner.Sign(membership.JoinMessage(ws, id, member, joiner.PublicKey()))}, inv)
	return inv, join
}

// team: alice creates, invites bob as admin and carol as member.
func team(t *testing.T) (ka, kb, kc key, log []*membership.Entry) {
	ka, kb, kc = newKey(1), newKey(2), newKey(3)
	create := sign(t, ka, membership.Entry{Kind: membership.KindCreate, Name: "Acme", Member: alice})
	invB, joinB := invite(t, ka, membership.RoleAdmin, kb, bob, create)
	invC, joinC := invite(t, ka, membership.RoleMember, kc, carol, joinB)
	return ka, kb, kc, []*membership.Entry{create, invB, joinB, invC, joinC}
}

func TestFoldValidChain(t *testing.T) {
	ka, kb, kc, log := team(t)
	rot := sign(t, kb, membership.Entry{Kind: membership.KindRotateKey, KeyID: [32]byte{1}}, log[4])
	role := sign(t, ka, membership.Entry{Kind: membership.KindSetRole, Member: carol, Role: membership.RoleGuest,
		Spaces: []string{string(ws)}}, rot)
	log = append(log, rot, role)
	st, missing := membership.Fold(log)
	if len(missing) != 0 || len(st.Skipped) != 0 {
		t.Fatalf("missing=%v skipped=%v, want none", missing, st.Skipped)
	}
	if st.Name != "Acme" || st.Epoch != 2 {
		t.Errorf("Name=%q Epoch=%d, want Acme 2", st.Name, st.Epoch)
	}
	for _, c := range []struct {
		k    key
		role membership.Role
	}{{ka, membership.RoleAdmin}, {kb, membership.RoleAdmin}, {kc, membership.RoleGuest}} {
		if got := st.RoleOf(c.k.ID()); got != c.role {
			t.Errorf("RoleOf(%v)=%v, want %v", c.k.ID(), got, c.role)
		}
	}
	if !slices.Equal(st.Members[carol].Spaces, []string{string(ws)}) {
		t.Errorf("carol's spaces=%v", st.Members[carol].Spaces)
	}
	if !slices.Equal(st.Heads, []membership.Hash{role.Hash()}) {
		t.Errorf("Heads=%v, want the last entry", st.Heads)
	}
}

func TestVerification(t *testing.T) {
	ka, kb, kc, log := team(t)
	last := log[len(log)-1]
	removeB := sign(t, ka, membership.Entry{Kind: membership.KindRemoveMember, Member: bob}, last)
	stranger := newKey(9)
	tests := []struct {
		name  string
		known []*membership.Entry
		entry func() *membership.Entry
		want  string // part of the reason; "" for accepted
	}{
		{"admin rotates", log, func() *membership.Entry {
			return sign(t, kb, membership.Entry{Kind: membership.KindRotateKey}, last)
		}, ""},
		{"member may not invite", log, func() *membership.Entry {
			inv, _ := invite(t, kc, membership.RoleMember, newKey(8), store.NewDocID(), last)
			return inv
		}, "Only an admin can invite"},
		{"member may not remove", log, func() *membership.Entry {
			return sign(t, kc, membership.Entry{Kind: membership.KindRemoveMember, Member: alice}, last)
		}, "Only an admin"},
		{"stranger removes a device", log, func() *membership.Entry {
			return sign(t, stranger, membership.Entry{Kind: membership.KindRemoveDevice, DeviceID: kc.ID()}, last)
		}, "not in the workspace"},
		{"member removes another's device", log, func() *membership.Entry {
			return sign(t, kc, membership.Entry{Kind: membership.KindRemoveDevice, DeviceID: kb.ID()}, last)
		}, "Only an admin"},
		{"member removes their own device", log, func() *membership.Entry {
			return sign(t, kc, membership.Entry{Kind: membership.KindRemoveDevice, DeviceID: kc.ID()}, last)
		}, ""},
		{"stranger", log, func() *membership.Entry {
			return sign(t, stranger, membership.Entry{Kind: membership.KindRotateKey}, last)
		}, "not in the workspace"},
		{"removed admin signs later", append(slices.Clone(log), removeB), func() *membership.Entry {
			return sign(t, kb, membership.Entry{Kind: membership.KindRemoveMember, Member: alice}, removeB)
		}, "not in the workspace"},
		{"signer joined only concurrently", log[:2], func() *membership.Entry {
			// bob signs following only the invitation, not his own join
			return sign(t, kb, membership.Entry{Kind: membership.KindRotateKey}, log[1])
		}, "not in the workspace"},
		{"unknown parent", log[:3], func() *membership.Entry {
			return sign(t, ka, membership.Entry{Kind: membership.KindRotateKey}, last)
		}, "does not have"},
		{"second creation", log, func() *membership.Entry {
			return sign(t, ka, membership.Entry{Kind: membership.KindCreate, Name: "Evil", Member: alice})
		}, "already created"},
		{"creation by another key", log, func() *membership.Entry {
			e := membership.Entry{Kind: membership.KindCreate, Name: "Evil", Member: alice, Workspace: ws, Time: t0}
			if err := e.Sign(stranger); err == nil {
				t.Fatal("Sign accepted a creation of a workspace whose ID belongs to another key")
			}
			return sign(t, stranger, membership.Entry{Kind: membership.KindRotateKey}, log[0])
		}, "not in the workspace"},
		{"replayed join", log, func() *membership.Entry {
			m := store.NewDocID()
			return sign(t, ka, membership.Entry{Kind: membership.KindJoin, Invite: log[3].Invite, Secret: log[4].Secret,
				Member: m, Device: stranger.PublicKey(),
				DeviceSig: stranger.Sign(membership.JoinMessage(ws, log[3].Invite, m, stranger.PublicKey()))}, last)
		}, "already used"},
		{"last admin cannot leave", log[:1], func() *membership.Entry {
			return sign(t, ka, membership.Entry{Kind: membership.KindRemoveMember, Member: alice}, log[0])
		}, "last admin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.entry()
			got := membership.Authorize(tt.known, e)
			if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
				t.Errorf("Authorize=%q, want %q", got, tt.want)
			}
			if tt.want == "" || tt.name == "second creation" {
				// Fold cannot tell which of two creations signed by the
				// same key is meant; the store never holds two.
				return
			}
			// Fold never applies it either, even handed over directly.
			st, _ := membership.Fold(append(slices.Clone(tt.known), e))
			if slices.Contains(st.Applied, e.Hash()) {
				t.Errorf("Fold applied the rejected entry")
			}
		})
	}
}

func TestDecodeRefusesForgery(t *testing.T) {
	_, _, _, log := team(t)
	join := log[2].Bytes()
	for _, tt := range []struct {
		name string
		mut  func([]byte) []byte
		want string
	}{
		{"signature byte flipped", func(b []byte) []byte { b[len(b)-1] ^= 1; return b }, "signature does not match"},
		{"body byte flipped", func(b []byte) []byte { b[20] ^= 1; return b }, ""},
		{"new device key swapped", func(b []byte) []byte {
			i := bytes.Index(b, newKey(2).PublicKey())
			b[i] ^= 1
			return b
		}, "signature"},
		{"trailing byte", func(b []byte) []byte { return append(b, 0) }, ""},
		{"cut short", func(b []byte) []byte { return b[:len(b)-70] }, ""},
		{"empty", func(b []byte) []byte { return nil }, "cut short"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := membership.Decode(tt.mut(slices.Clone(join)))
			if err == nil {
				t.Fatal("Decode accepted it")
			}
			if store.ErrorCode(err) != store.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Decode err=%v, want EINVALID with %q", err, tt.want)
			}
		})
	}
}

func TestFoldSameStateInEveryOrder(t *testing.T) {
	ka, kb, kc, log := team(t)
	last := log[len(log)-1]
	// Offline, concurrently: alice removes bob, bob removes alice, bob
	// invites dave, carol's second device joins through alice.
	rmB := sign(t, ka, membership.Entry{Kind: membership.KindRemoveMember, Member: bob}, last)
	rmA := sign(t, kb, membership.Entry{Kind: membership.KindRemoveMember, Member: alice}, last)
	dave := store.DocID("d0000000000000000000000000000000")
	invD, joinD := invite(t, kb, membership.RoleMember, newKey(4), dave, last)
	invC2, joinC2 := invite(t, ka, membership.RoleMember, newKey(5), store.NewDocID(), last)
	rot := sign(t, ka, membership.Entry{Kind: membership.KindRotateKey}, rmB)
	after := sign(t, kc, membership.Entry{Kind: membership.KindRevokeInvite, Invite: invD.Invite}, joinD) // carol is no admin: skipped
	all := append(slices.Clone(log), rmB, rmA, invD, joinD, invC2, joinC2, rot, after)

	want, _ := membership.Fold(all)
	admins := 0
	for _, m := range want.Members {
		if m.Role == membership.RoleAdmin {
			admins++
		}
	}
	if admins != 1 {
		t.Fatalf("after a mutual removal %d admins remain, want exactly 1", admins)
	}
	_, aliceStays := want.Members[alice]
	_, bobStays := want.Members[bob]
	if aliceStays == bobStays {
		t.Fatalf("alice stays=%v bob stays=%v, want exactly one", aliceStays, bobStays)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range 300 {
		shuffled := slices.Clone(all)
		rng.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		if i%3 == 0 { // and some delivered twice
			shuffled = append(shuffled, shuffled[:4]...)
		}
		got, _ := membership.Fold(shuffled)
		if !sameState(got, want) {
			t.Fatalf("shuffle %d: state differs:\n got %s\nwant %s", i, describe(got), describe(want))
		}
	}
	_ = kc
}

func sameState(a, b *membership.State) bool {
	return describe(a) == describe(b)
}

func describe(s *membership.State) string {
	var out []string
	for id, m := range s.Members {
		devs := []string{}
		for _, d := range m.Devices {
			devs = append(devs, d.String()[:6])
		}
		slices.Sort(devs)
		out = append(out, string(id)[:1]+":"+m.Role.String()+":"+strings.Join(devs, ","))
	}
	slices.Sort(out)
	for h, why := range s.Skipped {
		out = append(out, "skip "+h.String()[:6]+" "+why)
	}
	slices.Sort(out)
	var applied []string
	for _, h := range s.Applied {
		applied = append(applied, h.String()[:6])
	}
	return strings.Join(out, "; ") + " | applied " + strings.Join(applied, " ") + " | epoch " + string(rune('0'+s.Epoch))
}

func TestFoldMissingParent(t *testing.T) {
	_, _, _, log := team(t)
	st, missing := membership.Fold([]*membership.Entry{log[0], log[2], log[3], log[4]}) // the invitation for bob is lost
	if len(missing) != 3 {
		t.Errorf("missing=%d entries, want the 3 that follow the lost one", len(missing))
	}
	if len(st.Members) != 1 {
		t.Errorf("members=%d, want only the creator", len(st.Members))
	}
}

// BenchmarkFold folds a log of 1,000 entries: a team of three and a long
// run of key rotations, two of them concurrent every 50 entries, merged by
// the next, as devices do when they sign after a sync.
func BenchmarkFold(b *testing.B) {
	t := &testing.T{}
	ka, kb, _, log := team(t)
	heads := []*membership.Entry{log[len(log)-1]}
	for i := 0; len(log) < 1000; i++ {
		e := sign(t, kb, membership.Entry{Kind: membership.KindRotateKey, KeyID: [32]byte{byte(i), byte(i >> 8)}}, heads...)
		log = append(log, e)
		if i%50 == 0 {
			f := sign(t, ka, membership.Entry{Kind: membership.KindRotateKey, KeyID: [32]byte{byte(i), byte(i >> 8), 1}}, heads...)
			log = append(log, f)
			heads = []*membership.Entry{e, f}
		} else {
			heads = []*membership.Entry{e}
		}
	}
	for b.Loop() {
		membership.Fold(log)
	}
}

// BenchmarkFoldRemovals folds a log of 1,000 entries in which devices
// come and go: every tenth entry or so removes one, and every fiftieth
// the two admins act concurrently, a removal beside a rotation, merged
// by the next entry. Each revocation costs a fold of the log to decide.
func BenchmarkFoldRemovals(b *testing.B) {
	t := &testing.T{}
	ka, kb, _, log := team(t)
	heads := []*membership.Entry{log[len(log)-1]}
	for i := 0; len(log) < 1000; i++ {
		seed := make([]byte, ed25519.SeedSize)
		seed[0], seed[1], seed[2] = 0xd0, byte(i), byte(i>>8)
		dev := key{ed25519.NewKeyFromSeed(seed)}
		n := byte(i)
		secret := [16]byte{n, byte(i >> 8), 1}
		id := membership.InviteID(secret)
		inv := sign(t, ka, membership.Entry{Kind: membership.KindInvite, Invite: id, SecretHash: sha256.Sum256(secret[:]),
			Role: membership.RoleMember, ForMember: carol, Expires: t0.Add(time.Hour)}, heads...)
		join := sign(t, ka, membership.Entry{Kind: membership.KindJoin, Invite: id, Secret: secret, Member: carol,
			Device: dev.PublicKey(), DeviceSig: dev.Sign(membership.JoinMessage(ws, id, carol, dev.PublicKey()))}, inv)
		log = append(log, inv, join)
		heads = []*membership.Entry{join}
		for j := range 3 {
			e := sign(t, kb, membership.Entry{Kind: membership.KindRotateKey, KeyID: [32]byte{n, byte(i >> 8), byte(j)}}, heads...)
			log, heads = append(log, e), []*membership.Entry{e}
		}
		rm := sign(t, ka, membership.Entry{Kind: membership.KindRemoveDevice, DeviceID: dev.ID()}, heads...)
		log = append(log, rm)
		if i%5 == 0 {
			rot := sign(t, kb, membership.Entry{Kind: membership.KindRotateKey, KeyID: [32]byte{n, byte(i >> 8), 9}}, heads...)
			log, heads = append(log, rot), []*membership.Entry{rm, rot}
		} else {
			heads = []*membership.Entry{rm}
		}
	}
	st, _ := membership.Fold(log)
	if len(st.Skipped) != 0 {
		b.Fatalf("skipped %d", len(st.Skipped))
	}
	for b.Loop() {
		membership.Fold(log)
	}
}
