package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
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
