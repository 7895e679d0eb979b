package replica_test

import (
	"strings"
	"testing"

	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/relay/server"
	"github.com/longhand/longhand/sync/seal"
)

// Removing a member rotates the key: what is written afterwards reaches
// the others, and the removed device can read none of it with every key
// it ever held and every grant the relay stores.
func TestRemovalRotatesTheKey(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	tm := relaytest.NewTeam(t)
	bobDev := tm.AddMember(t, membership.RoleMember)
	carolDev := tm.AddMember(t, membership.RoleMember)
	check := loader(t)
	// No key yet: the admin's replica makes the first and grants it.
	ada := newApp(t, r.URL, r, tm, tm.Admin, check)
	id := ada.docs.create(t, "before. ")
	syncOnce(t, ada)
	bob, carol := newApp(t, r.URL, r, tm, bobDev, check), newApp(t, r.URL, r, tm, carolDev, check)
	syncOnce(t, bob)
	syncOnce(t, carol)
	if carol.docs.body(t, id) != "before. " {
		t.Fatalf("carol has %q before her removal", carol.docs.body(t, id))
	}
	// What carol can hold: her key and the grants stored for her.
	cc, err := r.Dialer.Dial(ctx(t), r.URL, tm.WS, carolDev, tm.Raw())
	if err != nil {
		t.Fatal(err)
	}
	carolGrants := cc.Welcome.Grants
	cc.Close()

	rot := ada.rep.NewRotationKey()
	tm.RemoveMemberRotating(t, carolDev, rot)
	ada.docs.edit(t, id, 0, "canary-after-removal. ")
	syncOnce(t, ada)
	syncOnce(t, bob)
	if got := bob.docs.body(t, id); !strings.Contains(got, "canary-after-removal") {
		t.Fatalf("bob has %q after the rotation", got)
	}
	if _, err := carol.rep.SyncOnce(ctx(t)); err == nil {
		t.Fatal("the removed device still syncs")
	}

	// Every envelope and grant on the relay, against everything carol holds.
	ac, err := r.Dialer.Dial(ctx(t), r.URL, tm.WS, tm.Admin, tm.Raw())
	if err != nil {
		t.Fatal(err)
	}
	defer ac.Close()
	ring := seal.Ring{}
	for _, raw := range append(carolGrants, ac.Welcome.Grants...) {
		if g, err := seal.ParseGrant(raw); err == nil {
			if k, err := g.Open(carolDev.Priv); err == nil {
				ring.Add(k)
			}
		}
	}
	if len(ring) == 0 || ring.Key(rot.ID) != nil {
		t.Fatalf("carol holds %d keys (the new one: %v)", len(ring), ring.Key(rot.ID) != nil)
	}
	ac.Subscribe(0)
	readable, after := 0, 0
	for ev := range ac.Events() {
		if ev.Type == relay.TCaughtUp {
			break
		}
		h, _ := seal.Parse(ev.Envelope)
		if h.Key == rot.ID {
			after++
		}
		if _, _, err := seal.Open(ring, ev.Envelope); err == nil {
			readable++
			if h.Key == rot.ID {
				t.Error("carol read an envelope sealed after her removal")
			}
		}
	}
	if after == 0 || readable == 0 {
		t.Errorf("%d envelopes under the new key, %d readable by carol; want some of each", after, readable)
	}
}

// A guest may read only some spaces; the epoch key opens every document,
// so no guest device is granted it.
func TestGuestsAreNotGrantedTheKey(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	tm := relaytest.NewTeam(t)
	guest := tm.AddMember(t, membership.RoleGuest)
	member := tm.AddMember(t, membership.RoleMember)
	ada := newApp(t, r.URL, r, tm, tm.Admin, loader(t))
	ada.docs.create(t, "members only. ")
	syncOnce(t, ada)
	for _, tc := range []struct {
		d    *relaytest.Device
		want int
	}{{guest, 0}, {member, 1}} {
		c, err := r.Dialer.Dial(ctx(t), r.URL, tm.WS, tc.d, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(c.Welcome.Grants); got != tc.want {
			t.Errorf("%d grants for a device, want %d", got, tc.want)
		}
		c.Close()
	}
}
