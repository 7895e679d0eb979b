package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/sync/crypto"
)

func newDevices(t *testing.T) *Devices {
	t.Helper()
	dir := t.TempDir()
	id, err := crypto.LoadIdentity(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Signer = id
	if _, err := db.CreateWorkspace(t.Context(), "Acme Research", "Ada", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	return NewDevices(t.Context(), id, nil, db, db, db)
}

func TestDevicesIdentityAndList(t *testing.T) {
	s := newDevices(t)
	me, err := s.Identity()
	if err != nil {
		t.Fatal(err)
	}
	if me.KeyStorage != crypto.StorageFile || !strings.HasSuffix(me.KeyWhere, crypto.KeyFile) || !me.InLog {
		t.Errorf("Identity=%+v, want a key file and this device in the log", me)
	}
	list, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || !list[0].ThisDevice || list[0].MemberName != "Ada" || list[0].Role != "admin" || list[0].Fingerprint != me.Fingerprint {
		t.Errorf("List=%+v, want Ada's one admin device", list)
	}
}

func TestDevicesInvites(t *testing.T) {
	s := newDevices(t)
	v, err := s.CreateInvite(NewInvite{Role: "member"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(v.Link, "longhand://join?") || v.Code == "" {
		t.Errorf("CreateInvite=%+v, want a code and a link", v)
	}
	p, err := s.PreviewInvite(v.Link)
	if err != nil {
		t.Fatal(err)
	}
	if p.WorkspaceName != "Acme Research" || p.InviterName != "Ada" || p.Role != "member" || p.Expired {
		t.Errorf("PreviewInvite=%+v", p)
	}
	if err := s.RevokeInvite(v.ID); err != nil {
		t.Fatal(err)
	}
	list, err := s.Invites()
	if err != nil || len(list) != 1 || list[0].Status != "revoked" || list[0].Code != "" {
		t.Errorf("Invites=%+v, %v; want one revoked, without its code", list, err)
	}
	if err := s.RevokeInvite(v.ID); store.ErrorCode(err) != store.EFORBIDDEN {
		t.Errorf("revoking twice: %v, want EFORBIDDEN", err)
	}
	for _, bad := range []NewInvite{{Role: "owner"}, {Role: "member", Days: 400}, {Role: "guest"}} {
		if _, err := s.CreateInvite(bad); store.ErrorCode(err) != store.EINVALID {
			t.Errorf("CreateInvite(%+v)=%v, want EINVALID", bad, err)
		}
	}
}

func TestDevicesRemoveAndRoles(t *testing.T) {
	s := newDevices(t)
	st, err := s.log.MembershipState(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// Bo joins from his laptop.
	inv, e, err := crypto.CreateInvite(st, s.id, "Ada", membership.RoleMember, nil, "", 0, s.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.log.AppendMembership(t.Context(), e); err != nil {
		t.Fatal(err)
	}
	laptop, err := crypto.LoadIdentity(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	bo := store.NewDocID()
	req, _ := crypto.AcceptInvite(inv, laptop, bo, s.Now())
	st, _ = s.log.MembershipState(t.Context())
	join, err := crypto.AdmitJoin(st, s.id, req, s.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.log.AppendMembership(t.Context(), join); err != nil {
		t.Fatal(err)
	}

	if err := s.SetRole(string(bo), "guest", nil); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("SetRole(guest, no spaces)=%v, want EINVALID", err)
	}
	if err := s.SetRole(string(bo), "admin", nil); err != nil {
		t.Fatal(err)
	}
	list, _ := s.List()
	if len(list) != 2 {
		t.Fatalf("List=%+v, want two devices", list)
	}
	if err := s.RemoveDevice(laptop.DeviceID().String()); err != nil {
		t.Fatal(err)
	}
	st, _ = s.log.MembershipState(t.Context())
	if _, ok := st.Devices[laptop.DeviceID()]; ok || st.Epoch != 2 {
		t.Errorf("after removing the laptop: still there=%v, epoch %d; want gone and a new key epoch", ok, st.Epoch)
	}
	// Ada is now the only admin with a device: she cannot leave.
	sess, _ := s.ws.FindSession(t.Context())
	if err := s.RemoveMember(string(sess.Me.ID)); store.ErrorCode(err) != store.EFORBIDDEN || !strings.Contains(store.ErrorMessage(err), "last admin") {
		t.Errorf("RemoveMember(the last admin)=%v, want EFORBIDDEN about the last admin", err)
	}
	if err := s.RemoveMember(string(bo)); err != nil {
		t.Fatal(err)
	}
	st, _ = s.log.MembershipState(t.Context())
	if _, ok := st.Members[bo]; ok || st.Epoch != 3 {
		t.Errorf("after removing Bo: still a member=%v, epoch %d", ok, st.Epoch)
	}
}
