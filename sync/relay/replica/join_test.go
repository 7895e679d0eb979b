package replica_test

import (
	"bytes"
	"context"
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

// With Admit set, the admin's device admits a waiting request on its own
// when it connects, and the new device syncs at once.
func TestJoinAdmittedOnConnect(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	tm := relaytest.NewTeam(t)
	check := loader(t)
	ada := newApp(t, r.URL, r, tm, tm.Admin, check)
	id := ada.docs.create(t, "welcome. ")
	invID, secret := tm.Invite(t, membership.RoleMember)
	syncOnce(t, ada)

	joiner := relaytest.NewDevice(store.NewDocID())
	inv := &crypto.Invite{ID: invID, Secret: secret, Workspace: tm.WS, Expires: time.Now().Add(time.Hour)}
	req, _ := crypto.AcceptInvite(inv, crypto.NewIdentity(joiner.Priv), joiner.Member, time.Now())
	if err := replica.RequestJoin(ctx(t), r.Dialer, r.URL, inv, req); err != nil {
		t.Fatal(err)
	}
	admitted := 0
	ada = newAppOn(t, r.URL, r, tm, tm.Admin, check, ada.docs, ada.state, func(c *replica.Config) {
		c.Admit = func(_ context.Context, req *crypto.JoinRequest) (*membership.Entry, error) {
			st, _ := membership.Fold(tm.Log)
			e, err := crypto.AdmitJoin(st, crypto.NewIdentity(tm.Admin.Priv), req, time.Now())
			if err != nil {
				return nil, err
			}
			d, _ := membership.Decode(e.Bytes())
			tm.Log = append(tm.Log, d)
			admitted++
			return d, nil
		}
	})
	syncOnce(t, ada)
	if admitted != 1 {
		t.Fatalf("admitted %d requests, want 1", admitted)
	}
	j := newApp(t, r.URL, r, tm, joiner, check)
	syncOnce(t, j)
	if got := j.docs.body(t, id); got != "welcome. " {
		t.Errorf("the new device has %q", got)
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
