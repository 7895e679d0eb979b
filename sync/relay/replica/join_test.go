package replica_test

import (
	"bytes"
	"crypto/ed25519"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/crypto"
	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/relay/replica"
	"github.com/longhand/longhand/sync/relay/server"
)

// An invited device joins while its inviter is offline: its request waits
// at the relay, an admin's device finds and admits it later, and the new
// device then syncs.
func TestJoinThroughRelayWhileInviterOffline(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	tm := relaytest.NewTeam(t)
	check := loader(t)
	ada := newApp(t, r.URL, r, tm, tm.Admin, check)
	id := ada.docs.create(t, "welcome. ")
	invID, secret := tm.Invite(t, membership.RoleMember)
	syncOnce(t, ada) // hands the invitation to the relay, then ada goes offline

	joiner := relaytest.NewDevice(store.NewDocID())
	jid := crypto.NewIdentity(joiner.Priv)
	inv := &crypto.Invite{ID: invID, Secret: secret, Workspace: tm.WS, Expires: time.Now().Add(time.Hour)}
	req, err := crypto.AcceptInvite(inv, jid, joiner.Member, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := replica.RequestJoin(ctx(t), r.Dialer, r.URL, inv, req); err != nil {
		t.Fatal(err)
	}

	// Ada comes back, sees the request, and admits it.
	syncOnce(t, ada)
	joins := ada.rep.Joins()
	if len(joins) != 1 || !bytes.Equal(joins[0].Device, joiner.PublicKey()) || joins[0].Secret != secret {
		t.Fatalf("ada sees %d join requests", len(joins))
	}
	st, _ := membership.Fold(tm.Log)
	e, err := crypto.AdmitJoin(st, crypto.NewIdentity(tm.Admin.Priv), joins[0], time.Now())
	if err != nil {
		t.Fatal(err)
	}
	d, _ := membership.Decode(e.Bytes())
	tm.Log = append(tm.Log, d)
	syncOnce(t, ada) // hands over the join and grants the key to the device it admitted

	j := newApp(t, r.URL, r, tm, joiner, check)
	syncOnce(t, j)
	if got := j.docs.body(t, id); got != "welcome. " {
		t.Errorf("the new device has %q", got)
	}
	if n := len(ada.rep.Joins()); n != 0 {
		t.Errorf("%d join requests still wait after the join", n)
	}
}

func FuzzDecodeJoinRequest(f *testing.F) {
	_, priv, _ := ed25519.GenerateKey(nil)
	id := crypto.NewIdentity(priv)
	inv := &crypto.Invite{Workspace: store.NewDocID(), Expires: time.Now().Add(time.Hour)}
	req, _ := crypto.AcceptInvite(inv, id, store.NewDocID(), time.Now())
	f.Add(replica.EncodeJoinRequest(req))
	f.Add([]byte{1})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := replica.DecodeJoinRequest(b)
		if err != nil {
			return
		}
		if !bytes.Equal(replica.EncodeJoinRequest(r), b) {
			t.Fatal("a join request decoded from bytes it does not encode to")
		}
	})
}
