package transport_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/crypto"
	"github.com/longhand/longhand/sync/transport"
)

func TestCheckMember(t *testing.T) {
	tm := newTeam(t)
	// A second member, then removed as a person (all their devices go).
	inv := tm.invite(t)
	gone := seeded(7)
	req, _ := crypto.AcceptInvite(inv, gone, store.NewDocID(), now)
	j, err := crypto.AdmitJoin(tm.st, tm.admin, req, now)
	if err != nil {
		t.Fatal(err)
	}
	tm.add(t, j)
	tm.add(t, &membership.Entry{Kind: membership.KindRemoveMember, Workspace: tm.st.Workspace,
		Time: time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC), Parents: tm.st.Heads, Member: req.Member})

	tests := []struct {
		name string
		id   *crypto.Identity
		want string // "" for admitted
	}{
		{"admin", tm.admin, ""},
		{"member", tm.member, ""},
		{"device removed", tm.removed, "removed from the workspace on 2 December 2026"},
		{"member removed", gone, "removed from the workspace on 15 January 2027"},
		{"never a member", tm.outsider, "not a member of the workspace"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := transport.CheckMember(tm.st, tm.log, tt.id.PublicKey())
			if id != tt.id.DeviceID() {
				t.Errorf("device=%v, want %v", id, tt.id.DeviceID())
			}
			if tt.want == "" {
				if err != nil {
					t.Errorf("err=%v, want admitted", err)
				}
				return
			}
			var pe *transport.PinError
			if !errors.As(err, &pe) || store.ErrorCode(err) != store.EFORBIDDEN || !strings.Contains(store.ErrorMessage(err), tt.want) {
				t.Errorf("err=%v, want a PinError, EFORBIDDEN, saying %q", err, tt.want)
			}
		})
	}
	// A key of the wrong size is refused, not a panic.
	if _, err := transport.CheckMember(tm.st, tm.log, []byte{1, 2, 3}); err == nil {
		t.Error("a 3-byte key was admitted")
	}
}
