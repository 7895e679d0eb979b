package crypto_test

import (
	"crypto/ed25519"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/crypto"
)

var now = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

func seeded(b byte) *crypto.Identity {
	seed := make([]byte, ed25519.SeedSize)
	seed[0] = b
	return crypto.NewIdentity(ed25519.NewKeyFromSeed(seed))
}

// workspace returns a log with one admin and the state it folds to.
func workspace(t *testing.T, admin *crypto.Identity) ([]*membership.Entry, *membership.State) {
	t.Helper()
	me := store.DocID("a0000000000000000000000000000000")
	e := &membership.Entry{Kind: membership.KindCreate, Workspace: membership.WorkspaceID(admin.PublicKey(), me),
		Time: now, Name: "Acme Research", Member: me}
	if err := e.Sign(admin); err != nil {
		t.Fatal(err)
	}
	log := []*membership.Entry{e}
	st, _ := membership.Fold(log)
	return log, st
}

func add(t *testing.T, log []*membership.Entry, e *membership.Entry) ([]*membership.Entry, *membership.State) {
	t.Helper()
	d, err := membership.Decode(e.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if why := membership.Authorize(log, d); why != "" {
		t.Fatalf("Authorize(%v)=%q", d.Kind, why)
	}
	log = append(log, d)
	st, _ := membership.Fold(log)
	return log, st
}

func TestInviteJoin(t *testing.T) {
	admin, joiner := seeded(1), seeded(2)
	log, st := workspace(t, admin)
	inv, e, err := crypto.CreateInvite(st, admin, "Ada Lovelace", membership.RoleMember, nil, "", 0, now)
	if err != nil {
		t.Fatal(err)
	}
	if !inv.Expires.Equal(now.Add(7 * 24 * time.Hour)) {
		t.Errorf("Expires=%v, want 7 days on", inv.Expires)
	}
	log, st = add(t, log, e)

	// The joiner sees the workspace and the inviter, from the link alone.
	got, err := crypto.ParseInvite(inv.Link())
	if err != nil {
		t.Fatal(err)
	}
	if got.WorkspaceName != "Acme Research" || got.InviterName != "Ada Lovelace" || got.Workspace != st.Workspace ||
		got.Role != membership.RoleMember || !got.Expires.Equal(inv.Expires) || got.Secret != inv.Secret || got.ID != inv.ID {
		t.Errorf("ParseInvite(Link())=%+v, want %+v", got, inv)
	}
	if fp := crypto.Fingerprint(admin.DeviceID()); !strings.HasPrefix(fp, got.InviterFingerprint()) {
		t.Errorf("InviterFingerprint=%q, not the start of %q", got.InviterFingerprint(), fp)
	}
	// The code, retyped in lower case with spaces, reads the same.
	retyped := strings.ToLower(strings.ReplaceAll(inv.Code(), "-", " "))
	if again, err := crypto.ParseInvite(retyped); err != nil || again.Secret != inv.Secret {
		t.Errorf("ParseInvite(retyped)=%v, %v", again, err)
	}
	// The secret is not derivable from what is shown: it is nowhere in the
	// invitation's log entry, which every member can read.
	if strings.Contains(string(e.Bytes()), string(inv.Secret[:])) {
		t.Error("the log entry carries the secret")
	}

	req, err := crypto.AcceptInvite(got, joiner, store.NewDocID(), now)
	if err != nil {
		t.Fatal(err)
	}
	join, err := crypto.AdmitJoin(st, admin, req, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	_, st = add(t, log, join)
	if st.RoleOf(joiner.DeviceID()) != membership.RoleMember {
		t.Errorf("joiner's role=%v, want member", st.RoleOf(joiner.DeviceID()))
	}
}

func TestAdmitJoinRefusals(t *testing.T) {
	admin := seeded(1)
	log, st := workspace(t, admin)
	mk := func() *crypto.Invite {
		inv, e, err := crypto.CreateInvite(st, admin, "Ada", membership.RoleMember, nil, "", 0, now)
		if err != nil {
			t.Fatal(err)
		}
		log, st = add(t, log, e)
		return inv
	}
	used, revoked, expired, open := mk(), mk(), mk(), mk()
	req, _ := crypto.AcceptInvite(used, seeded(3), store.NewDocID(), now)
	j, err := crypto.AdmitJoin(st, admin, req, now)
	if err != nil {
		t.Fatal(err)
	}
	log, st = add(t, log, j)
	r, err := crypto.RevokeInvite(st, admin, revoked.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	log, st = add(t, log, r)

	wrong := *open
	wrong.Secret[0] ^= 1
	unknown := *open
	unknown.ID[0] ^= 1
	tests := []struct {
		name string
		inv  *crypto.Invite
		at   time.Time
		want error
	}{
		{"wrong code", &wrong, now, crypto.ErrInviteWrong},
		{"unknown invitation", &unknown, now, crypto.ErrInviteUnknown},
		{"expired", expired, now.Add(8 * 24 * time.Hour), crypto.ErrInviteExpired},
		{"reused", used, now, crypto.ErrInviteUsed},
		{"revoked", revoked, now, crypto.ErrInviteRevoked},
	}
	var messages []string
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := crypto.AcceptInvite(tt.inv, seeded(byte(10+i)), store.NewDocID(), now)
			if err != nil {
				t.Fatal(err)
			}
			_, err = crypto.AdmitJoin(st, admin, req, tt.at)
			if !errors.Is(err, tt.want) {
				t.Errorf("AdmitJoin err=%v, want %v", err, tt.want)
			}
			messages = append(messages, store.ErrorMessage(err))
		})
	}
	if slices.Sort(messages); len(slices.Compact(messages)) != len(tests) {
		t.Errorf("the refusals share messages: %q", messages)
	}
	// The joiner is told about an expired code before sending anything.
	if _, err := crypto.AcceptInvite(expired, seeded(20), store.NewDocID(), now.Add(8*24*time.Hour)); !errors.Is(err, crypto.ErrInviteExpired) {
		t.Errorf("AcceptInvite(expired)=%v", err)
	}
	// A member (not an admin) may not invite.
	if _, _, err := crypto.CreateInvite(st, seeded(3), "Bob", membership.RoleMember, nil, "", 0, now); store.ErrorCode(err) != store.EFORBIDDEN {
		t.Errorf("CreateInvite by a member: err=%v, want EFORBIDDEN", err)
	}
}

func TestParseInviteRefusals(t *testing.T) {
	admin := seeded(1)
	_, st := workspace(t, admin)
	inv, _, err := crypto.CreateInvite(st, admin, "Ada", membership.RoleMember, nil, "", 0, now)
	if err != nil {
		t.Fatal(err)
	}
	code := inv.Code()
	typo := []byte(code)
	if typo[10] == 'A' {
		typo[10] = 'B'
	} else {
		typo[10] = 'A'
	}
	for _, tt := range []struct{ name, in, want string }{
		{"empty", "", "not a Longhand invitation"},
		{"web link", "https://example.com/join?code=" + code, "not a Longhand invitation"},
		{"typo", string(typo), "typo"},
		{"cut short", code[:len(code)-6], ""},
		{"huge", strings.Repeat("A", 10000), "not a Longhand invitation"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := crypto.ParseInvite(tt.in)
			if store.ErrorCode(err) != store.EINVALID || !strings.Contains(store.ErrorMessage(err), tt.want) {
				t.Errorf("err=%v, want EINVALID with %q", err, tt.want)
			}
		})
	}
}

func FuzzParseInvite(f *testing.F) {
	inv := &crypto.Invite{Workspace: "0123456789abcdef0123456789abcdef", WorkspaceName: "Acme", InviterName: "Ada",
		Role: membership.RoleGuest, Expires: now}
	f.Add(inv.Code())
	f.Add(inv.Link())
	f.Add("LH-")
	named := *inv
	named.Member, named.PersonName = "b0000000000000000000000000000000", "Bo Berg"
	f.Add(named.Code())
	f.Fuzz(func(t *testing.T, s string) {
		inv, err := crypto.ParseInvite(s)
		if err != nil {
			if store.ErrorCode(err) != store.EINVALID {
				t.Fatalf("err=%v, want EINVALID", err)
			}
			return
		}
		again, err := crypto.ParseInvite(inv.Code())
		if err != nil || *again != *inv {
			t.Fatalf("round trip: %+v, %v; want %+v", again, err, inv)
		}
	})
}

// FuzzParseInviteBody gets past the check digits: the fuzzer's bytes are
// given a correct CRC-32C, so the parser of the code's body is what is
// exercised.
func FuzzParseInviteBody(f *testing.F) {
	inv := &crypto.Invite{Workspace: "0123456789abcdef0123456789abcdef", WorkspaceName: "Acme", InviterName: "Ada",
		Role: membership.RoleGuest, Expires: now}
	raw, _ := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ReplaceAll(strings.TrimPrefix(inv.Code(), "LH-"), "-", ""))
	f.Add(raw[:len(raw)-4])
	named := *inv
	named.Member, named.PersonName = "b0000000000000000000000000000000", "Bo Berg"
	raw, _ = base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ReplaceAll(strings.TrimPrefix(named.Code(), "LH-"), "-", ""))
	f.Add(raw[:len(raw)-4])
	f.Add([]byte{})
	f.Add([]byte{1})
	f.Fuzz(func(t *testing.T, body []byte) {
		sum := crc32.Checksum(body, crc32.MakeTable(crc32.Castagnoli))
		code := "LH-" + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(binary.BigEndian.AppendUint32(slices.Clone(body), sum))
		got, err := crypto.ParseInvite(code)
		if err != nil {
			if store.ErrorCode(err) != store.EINVALID {
				t.Fatalf("err=%v, want EINVALID", err)
			}
			return
		}
		again, err := crypto.ParseInvite(got.Code())
		if err != nil || *again != *got {
			t.Fatalf("round trip: %+v, %v; want %+v", again, err, got)
		}
	})
}

// An invitation made from a person's profile names their member ID: the
// code carries it and the person's name, the joiner's request is for that
// member whatever ID it would have chosen, and the device joins as them.
func TestInviteForAPersonWhoseProfileExists(t *testing.T) {
	admin, joiner := seeded(1), seeded(2)
	log, st := workspace(t, admin)
	bo := store.DocID("b0000000000000000000000000000000")
	inv, e, err := crypto.CreateInvite(st, admin, "Ada", membership.RoleGuest, []string{string(bo)}, bo, 0, now)
	if err != nil {
		t.Fatal(err)
	}
	if e.Kind != membership.KindInvitePerson || e.ForMember != bo {
		t.Fatalf("entry = %v for %q, want an invitation of the person %s", e.Kind, e.ForMember, bo)
	}
	inv.PersonName = "Bo Berg"
	log, st = add(t, log, e)
	got, err := crypto.ParseInvite(inv.Code())
	if err != nil {
		t.Fatal(err)
	}
	if got.Member != bo || got.PersonName != "Bo Berg" || got.InviterName != "Ada" || got.Secret != inv.Secret || got.Role != membership.RoleGuest {
		t.Errorf("ParseInvite = %+v", got)
	}
	req, err := crypto.AcceptInvite(got, joiner, store.NewDocID(), now)
	if err != nil || req.Member != bo {
		t.Fatalf("AcceptInvite = %+v, %v; want a request for %s", req, err, bo)
	}
	// A code altered to name another member (with its check digits made
	// right) gets a request the log refuses.
	forged := *got
	forged.Member = store.DocID("e0000000000000000000000000000000")
	freq, _ := crypto.AcceptInvite(&forged, seeded(5), "", now)
	if _, err := crypto.AdmitJoin(st, admin, freq, now); store.ErrorCode(err) != store.EFORBIDDEN || !strings.Contains(store.ErrorMessage(err), "another person") {
		t.Errorf("a join as someone the invitation does not name: %v", err)
	}
	join, err := crypto.AdmitJoin(st, admin, req, now)
	if err != nil {
		t.Fatal(err)
	}
	log, st = add(t, log, join)
	if m := st.Members[bo]; m == nil || m.Role != membership.RoleGuest || st.Devices[joiner.DeviceID()].Member != bo {
		t.Errorf("bo = %+v, want a guest with the joiner's device", m)
	}

	// Now that Bo is in, an invitation for him is for a device, with no
	// less than his role; none is made for someone removed.
	if _, _, err := crypto.CreateInvite(st, admin, "Ada", membership.RoleGuest, []string{string(bo)}, bo, 0, now); err != nil {
		t.Errorf("a device invitation for Bo: %v", err)
	}
	rm := &membership.Entry{Kind: membership.KindRemoveMember, Workspace: st.Workspace, Time: now, Parents: st.Heads, Member: bo}
	if err := rm.Sign(admin); err != nil {
		t.Fatal(err)
	}
	_, st = add(t, log, rm)
	if _, _, err := crypto.CreateInvite(st, admin, "Ada", membership.RoleMember, nil, bo, 0, now); store.ErrorCode(err) != store.EFORBIDDEN {
		t.Errorf("inviting removed Bo: %v, want EFORBIDDEN", err)
	}
}

func TestDeviceInviteGivesTheMembersRole(t *testing.T) {
	admin := seeded(1)
	_, st := workspace(t, admin)
	ada := store.DocID("a0000000000000000000000000000000")
	if _, _, err := crypto.CreateInvite(st, admin, "Ada", membership.RoleMember, nil, ada, 0, now); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("a member's invitation for an admin's device: %v, want EINVALID", err)
	}
	inv, e, err := crypto.CreateInvite(st, admin, "Ada", membership.RoleAdmin, nil, ada, 0, now)
	if err != nil || e.Kind != membership.KindInvite || inv.Member != ada {
		t.Errorf("an admin's invitation for an admin's device: %v, %v", e, err)
	}
}
