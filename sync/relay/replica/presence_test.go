package replica_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/presence"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/relay/replica"
	"github.com/longhand/longhand/sync/relay/server"
	"github.com/longhand/longhand/sync/seal"
)

type said struct {
	from membership.DeviceID
	msg  []byte
}

func msgOf(t *testing.T, seq uint64, pages ...store.DocID) []byte {
	b, err := presence.Message{Seq: seq, Pages: pages}.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func next(t *testing.T, ch <-chan said, what string) said {
	t.Helper()
	select {
	case s := <-ch:
		return s
	case <-time.After(20 * time.Second):
		t.Fatalf("gave up waiting for %s", what)
	}
	return said{}
}

// Presence crosses a real relay sealed, from a member's device to the
// others connected: never into the workspace's stream, never counted
// against a quota, never to or from a guest's device, and a forged or
// oversized one is dropped while the connection goes on.
func TestPresenceThroughTheRelay(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	tm := relaytest.NewTeam(t)
	bobDev := tm.AddMember(t, membership.RoleMember)
	carolDev := tm.AddMember(t, membership.RoleMember)
	grantFirstKey(t, r, tm)
	gusDev := tm.AddMember(t, membership.RoleGuest) // after the grants: a guest is given no key
	check := loader(t)
	heard := make(chan said, 16)
	ada := newApp(t, r.URL, r, tm, tm.Admin, check)
	bob := newAppOn(t, r.URL, r, tm, bobDev, check, newMem(), &memState{}, func(c *replica.Config) {
		c.Presence = func(d membership.DeviceID, msg []byte) { heard <- said{d, msg} }
	})
	c := ctx(t)
	up := make(chan struct{}, 4)
	for _, a := range []*app{ada, bob} {
		go a.rep.Run(c, make(chan struct{}), func(st replica.Status) {
			if st.Reachable {
				up <- struct{}{}
			}
		})
	}
	<-up
	<-up
	// A guest's device, connected raw, hears nothing and is not heard.
	gus, err := r.Dialer.Dial(c, r.URL, tm.WS, gusDev, tm.Raw())
	if err != nil {
		t.Fatal(err)
	}
	defer gus.Close()
	if err := gus.Subscribe(1 << 62); err != nil {
		t.Fatal(err)
	}
	probe, err := r.Dialer.Dial(c, r.URL, tm.WS, tm.Admin, tm.Raw())
	if err != nil {
		t.Fatal(err)
	}
	position, used := probe.Welcome.Position, probe.Welcome.Used
	probe.Close()

	page := store.NewDocID()
	ada.rep.Say(msgOf(t, 1, page))
	s := next(t, heard, "Bob to hear Ada open the page")
	if s.from != tm.Admin.ID() || !bytes.Equal(s.msg, msgOf(t, 1, page)) {
		t.Fatalf("Bob heard %x from %s, want Ada's message", s.msg, s.from)
	}
	ada.rep.Say(msgOf(t, 2))
	if s := next(t, heard, "Bob to hear Ada close the page"); !bytes.Equal(s.msg, msgOf(t, 2)) {
		t.Fatalf("Bob heard %x, want Ada's closing message", s.msg)
	}

	// A guest who got hold of the key still is not forwarded.
	env, _ := seal.SealPresence(tm.Key, gusDev, tm.WS, msgOf(t, 1, page))
	if err := gus.Presence(env); err != nil {
		t.Fatal(err)
	}
	// A member's connection sending what is not its own, or too much, or
	// presence as an envelope to store.
	raw, err := r.Dialer.Dial(c, r.URL, tm.WS, tm.Admin, tm.Raw())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	forged, _ := seal.SealPresence(tm.Key, bobDev, tm.WS, msgOf(t, 9, page))
	for _, bad := range [][]byte{forged, bytes.Repeat([]byte{7}, relay.MaxPresence+1), []byte("not an envelope")} {
		if err := raw.Presence(bad); err != nil {
			t.Fatal(err)
		}
	}
	good, _ := seal.SealPresence(tm.Key, tm.Admin, tm.WS, msgOf(t, 3, page))
	if _, err := raw.Publish(c, good); err == nil {
		t.Error("the relay stored a presence envelope in the stream")
	}
	if err := raw.Presence(good); err != nil {
		t.Fatal(err)
	}
	if s := next(t, heard, "Bob to hear the good message after the bad ones"); s.from != tm.Admin.ID() || !bytes.Equal(s.msg, msgOf(t, 3, page)) {
		t.Fatalf("Bob heard %x from %s first, want only the good message", s.msg, s.from)
	}
	select {
	case ev := <-gus.Events():
		if ev.Type == relay.TPresenceOf {
			t.Error("a guest's device was forwarded presence")
		}
	default:
	}

	// A flood is cut to the relay's rate: Carol's word after it comes
	// after whatever of the flood was forwarded.
	start := time.Now()
	for i := range 30 {
		env, _ := seal.SealPresence(tm.Key, tm.Admin, tm.WS, msgOf(t, uint64(10+i), page))
		if err := raw.Presence(env); err != nil {
			t.Fatal(err)
		}
	}
	carol, err := r.Dialer.Dial(c, r.URL, tm.WS, carolDev, tm.Raw())
	if err != nil {
		t.Fatal(err)
	}
	defer carol.Close()
	marker, _ := seal.SealPresence(tm.Key, carolDev, tm.WS, msgOf(t, 1))
	if err := carol.Presence(marker); err != nil {
		t.Fatal(err)
	}
	flood := 0
	for s := next(t, heard, "Carol's word"); s.from != carolDev.ID(); s = next(t, heard, "Carol's word") {
		flood++
	}
	if most := presence.Burst + int(time.Since(start).Seconds()*presence.Rate) + 1; flood > most {
		t.Errorf("the relay forwarded %d of a flood of 30; its rate allows at most %d", flood, most)
	}
	if flood == 0 {
		t.Error("the relay forwarded none of the flood; the first of it is within the rate")
	}

	after, err := r.Dialer.Dial(c, r.URL, tm.WS, tm.Admin, tm.Raw())
	if err != nil {
		t.Fatal(err)
	}
	defer after.Close()
	if after.Welcome.Position != position || after.Welcome.Used != used {
		t.Errorf("presence was stored: position %d → %d, bytes used %d → %d", position, after.Welcome.Position, used, after.Welcome.Used)
	}
}
