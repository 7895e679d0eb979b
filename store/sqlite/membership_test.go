package sqlite_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
)

// keySigner is a device key; the real one lives in sync/crypto, which the
// store must not import.
type keySigner struct{ priv ed25519.PrivateKey }

func newSigner(t *testing.T) keySigner {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return keySigner{priv}
}

func (k keySigner) PublicKey() ed25519.PublicKey  { return k.priv.Public().(ed25519.PublicKey) }
func (k keySigner) Sign(msg []byte) []byte        { return ed25519.Sign(k.priv, msg) }
func (k keySigner) DeviceID() membership.DeviceID { return membership.DeviceIDOf(k.PublicKey()) }

// openSigned sets up a workspace on a device with a key in dir.
func openSigned(t *testing.T, dir string) (keySigner, string) {
	t.Helper()
	id := newSigner(t)
	path := filepath.Join(dir, "longhand.db")
	db := mustOpen(t, path)
	db.Signer = id
	if _, err := db.CreateWorkspace(context.Background(), "Acme", "Ada Lovelace", "Europe/London"); err != nil {
		t.Fatalf("CreateWorkspace: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return id, path
}

func TestCreateWorkspaceWritesSignedFirstEntry(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	id, path := openSigned(t, dir)

	// After a restart the log is the same (sync/crypto tests that the
	// identity is).
	db := mustOpen(t, path)
	defer db.Close()
	sess, err := db.FindSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st, err := db.MembershipState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Workspace != sess.Workspace.ID || st.Name != "Acme" || st.Epoch != 1 {
		t.Errorf("state=%q %q epoch %d, want the session's workspace", st.Workspace, st.Name, st.Epoch)
	}
	if m := st.Members[sess.Me.ID]; m == nil || m.Role != membership.RoleAdmin || !slices.Equal(m.Devices, []membership.DeviceID{id.DeviceID()}) {
		t.Errorf("creator in the log=%+v, want an admin with this device", m)
	}
}

func TestAddMembershipEntries(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	admin, path := openSigned(t, dir)
	db := mustOpen(t, path)
	defer db.Close()
	st, err := db.MembershipState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()

	// Another device of the same workspace signs an invitation and a join,
	// delivered in reverse order in one batch.
	secret := [16]byte{9, 9, 9}
	invE := &membership.Entry{Kind: membership.KindInvite, Workspace: st.Workspace, Time: now, Parents: st.Heads,
		Invite: membership.InviteID{1}, SecretHash: sha256.Sum256(secret[:]), Role: membership.RoleMember, Expires: now.Add(time.Hour)}
	if err := invE.Sign(admin); err != nil {
		t.Fatal(err)
	}
	joiner, newbie := newSigner(t), store.NewDocID()
	joinE := &membership.Entry{Kind: membership.KindJoin, Workspace: st.Workspace, Time: now, Parents: []membership.Hash{invE.Hash()},
		Invite: invE.Invite, Secret: secret, Member: newbie, Device: joiner.PublicKey(),
		DeviceSig: joiner.Sign(membership.JoinMessage(st.Workspace, invE.Invite, newbie, joiner.PublicKey()))}
	if err := joinE.Sign(admin); err != nil {
		t.Fatal(err)
	}
	// A stranger's forged rotation, garbage, and an entry following one this device lacks.
	stranger := newSigner(t)
	forged := &membership.Entry{Kind: membership.KindRotateKey, Workspace: st.Workspace, Time: now, Parents: st.Heads}
	if err := forged.Sign(stranger); err != nil {
		t.Fatal(err)
	}
	orphan := &membership.Entry{Kind: membership.KindRotateKey, Workspace: st.Workspace, Time: now, Parents: []membership.Hash{{1, 2, 3}}}
	if err := orphan.Sign(admin); err != nil {
		t.Fatal(err)
	}
	tampered := slices.Clone(joinE.Bytes())
	tampered[len(tampered)-1] ^= 1

	res, err := db.AddMembershipEntries(ctx, [][]byte{joinE.Bytes(), invE.Bytes(), forged.Bytes(), []byte("garbage"), orphan.Bytes(), tampered, invE.Bytes()})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		stored, dup bool
		reason      string
	}{
		{true, false, ""}, {true, false, ""},
		{false, false, "not in the workspace"},
		{false, false, "membership entry"},
		{false, false, "does not have"},
		{false, false, "signature"},
		{false, true, ""},
	}
	for i, w := range want {
		if r := res[i]; r.Stored != w.stored || r.Duplicate != w.dup || !strings.Contains(r.Reason, w.reason) {
			t.Errorf("result %d=%+v, want stored=%v dup=%v reason~%q", i, r, w.stored, w.dup, w.reason)
		}
	}
	q, err := db.FindQuarantine(ctx)
	if err != nil || len(q) != 4 {
		t.Fatalf("quarantine=%d entries (%v), want 4", len(q), err)
	}
	st, err = db.MembershipState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.RoleOf(joiner.DeviceID()) != membership.RoleMember || st.Epoch != 1 || len(st.Devices) != 2 {
		t.Errorf("after the batch: joiner %v, epoch %d, %d devices; want member, 1, 2", st.RoleOf(joiner.DeviceID()), st.Epoch, len(st.Devices))
	}
	// Replaying the log changes nothing.
	all, _ := db.FindMembershipEntries(ctx)
	res, err = db.AddMembershipEntries(ctx, all)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if !r.Duplicate {
			t.Errorf("replayed %s: %+v, want a duplicate", r.Hash[:8], r)
		}
	}
	// Appending our own entry that does not hold is refused, not quarantined.
	err = db.AppendMembership(ctx, forged)
	if store.ErrorCode(err) != store.EFORBIDDEN {
		t.Errorf("AppendMembership(forged)=%v, want EFORBIDDEN", err)
	}
}

func TestDamagedMembershipLogIsRefused(t *testing.T) {
	ctx := context.Background()
	_, path := openSigned(t, t.TempDir())
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("UPDATE membership_entries SET sum = sum + 1"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db := mustOpen(t, path)
	defer db.Close()
	_, err = db.MembershipState(ctx)
	if store.ErrorCode(err) != store.EUNAVAILABLE || !strings.Contains(store.ErrorMessage(err), "damaged") {
		t.Errorf("MembershipState=%v, want EUNAVAILABLE saying the log is damaged", err)
	}
	// Nothing was thrown away.
	var n int
	raw, _ = sql.Open("sqlite3", path)
	defer raw.Close()
	raw.QueryRow("SELECT count(*) FROM membership_entries").Scan(&n)
	if n != 1 {
		t.Errorf("%d entries left, want 1", n)
	}
}

// An entry that arrives before its parent waits in quarantine, and is
// stored when the parent comes.
func TestOrphanEntryIsStoredWhenItsParentArrives(t *testing.T) {
	ctx := context.Background()
	admin, path := openSigned(t, t.TempDir())
	db := mustOpen(t, path)
	defer db.Close()
	st, err := db.MembershipState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	first := &membership.Entry{Kind: membership.KindRotateKey, Workspace: st.Workspace, Time: time.Now(), Parents: st.Heads, KeyID: [32]byte{1}}
	if err := first.Sign(admin); err != nil {
		t.Fatal(err)
	}
	second := &membership.Entry{Kind: membership.KindRotateKey, Workspace: st.Workspace, Time: time.Now(), Parents: []membership.Hash{first.Hash()}, KeyID: [32]byte{2}}
	if err := second.Sign(admin); err != nil {
		t.Fatal(err)
	}
	res, err := db.AddMembershipEntries(ctx, [][]byte{second.Bytes()})
	if err != nil || res[0].Stored || !strings.Contains(res[0].Reason, "does not have") {
		t.Fatalf("the orphan: %+v, %v; want it quarantined for its missing parent", res, err)
	}
	res, err = db.AddMembershipEntries(ctx, [][]byte{first.Bytes()})
	if err != nil || len(res) != 1 || !res[0].Stored {
		t.Fatalf("the parent: %+v, %v; want one stored result", res, err)
	}
	st, _ = db.MembershipState(ctx)
	if st.Epoch != 3 {
		t.Errorf("Epoch=%d, want 3: both rotations applied", st.Epoch)
	}
	if q, _ := db.FindQuarantine(ctx); len(q) != 0 {
		t.Errorf("quarantine=%+v, want empty", q)
	}
}
