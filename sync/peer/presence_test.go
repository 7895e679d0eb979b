package peer_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/peer"
	"github.com/longhand/longhand/sync/presence"
	"github.com/longhand/longhand/sync/transport"
	"github.com/longhand/longhand/sync/wire"
)

// lanNode is a device on a real LAN: the mutual-TLS transport pinned to
// its membership log on loopback, a manager serving it, and a presence
// table fed from what peers say, as the app wires them.
type lanNode struct {
	d     *device
	m     *peer.Manager
	cfg   transport.Config
	addr  string
	table presence.Table
	mu    sync.Mutex
	log   []string
}

func (n *lanNode) guard(t *testing.T) presence.Guard {
	st, err := n.d.db.MembershipState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return presence.Guard{State: st, SpaceOf: func(id store.DocID) (store.DocID, bool) {
		p, err := n.d.db.FindPage(context.Background(), id)
		if err != nil {
			return "", false
		}
		return p.Space, true
	}}
}

func (n *lanNode) logged(s string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, l := range n.log {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

func startLAN(t *testing.T, ctx context.Context, d *device) *lanNode {
	t.Helper()
	n := &lanNode{d: d}
	n.cfg = transport.Config{Identity: d.id, Pin: transport.MemberPinner(func() (*membership.State, []*membership.Entry, error) {
		log, err := d.db.MembershipEntries(ctx)
		if err != nil {
			return nil, nil, err
		}
		st, _ := membership.Fold(log)
		return st, log, nil
	}), Logf: t.Logf}
	ln, err := transport.Listen("127.0.0.1:0", n.cfg)
	if err != nil {
		t.Fatal(err)
	}
	n.addr = ln.Addr().String()
	n.m = &peer.Manager{Store: d.db, Check: checker, Every: time.Hour,
		Dial: func(ctx context.Context, addr string) (peer.Conn, error) {
			c, err := transport.Dial(ctx, addr, n.cfg)
			if err != nil {
				return nil, err
			}
			return tlsConn{c}, nil
		},
		Logf: func(format string, args ...any) {
			n.mu.Lock()
			n.log = append(n.log, strings.TrimSpace(sprintf(format, args...)))
			n.mu.Unlock()
		},
		Presence: func(dev membership.DeviceID, raw []byte) {
			if _, err := n.table.Take(n.guard(t), dev, raw); err != nil {
				n.m.Logf("presence: dropped: %v", err)
			}
		}}
	go n.m.Serve(ctx, tlsListener{ln})
	return n
}

type tlsConn struct{ *transport.Conn }

func (c tlsConn) RemoteAddr() string { return c.Conn.RemoteAddr().String() }

type tlsListener struct{ *transport.Listener }

func (l tlsListener) Accept(ctx context.Context) (peer.Conn, error) {
	c, err := l.Listener.Accept(ctx)
	if err != nil {
		return nil, err
	}
	return tlsConn{c}, nil
}

// say has n tell every device it knows that its member shows pages, as
// the app does: a guest's device hears only of pages in its spaces.
func (n *lanNode) say(t *testing.T, seq uint64, pages ...store.DocID) {
	g := n.guard(t)
	n.m.SayPresence(context.Background(), func(p membership.DeviceID) []byte {
		dev := g.State.Devices[p]
		if dev == nil {
			return nil
		}
		b, err := presence.Message{Seq: seq, Pages: g.ForGuest(dev.Member, pages)}.Encode()
		if err != nil {
			t.Fatal(err)
		}
		return b
	})
}

// waitFor waits until cond holds; presence crosses a real connection.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func sameMembers(got []store.DocID, want ...store.DocID) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

// Ada opens a page: Bo's device learns it over a LAN connection; Ada
// closes it: it goes. Nothing of it reaches either store.
func TestPresenceOverLAN(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	a := newWorkspace(t, dir, "ada")
	defer a.close(t)
	b := join(t, a, dir, "bo")
	defer b.close(t)
	spaces, _ := a.db.FindSpaces(ctx)
	page, err := a.db.CreatePage(ctx, store.NewPage{Title: "Launch plan", Space: spaces[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	syncPair(t, a, b)
	na, nb := startLAN(t, ctx, a), startLAN(t, ctx, b)
	if err := a.db.AddSyncAddress(ctx, nb.addr); err != nil {
		t.Fatal(err)
	}
	headsBefore, _ := b.db.SyncHeads(ctx)

	na.say(t, 1, page.ID)
	waitFor(t, "Bo to see Ada on the page", func() bool { return sameMembers(nb.table.On(nb.guard(t), page.ID, b.me), a.me) })
	if got := nb.table.On(nb.guard(t), page.ID, a.me); len(got) != 0 {
		t.Errorf("On(except Ada) = %v, want nobody", got)
	}
	// An older message overtaken by this one changes nothing.
	na.say(t, 0)
	time.Sleep(200 * time.Millisecond)
	if !sameMembers(nb.table.On(nb.guard(t), page.ID, b.me), a.me) {
		t.Error("an older presence message overrode a newer one")
	}
	na.say(t, 2)
	waitFor(t, "Ada to be gone from the page", func() bool { return len(nb.table.On(nb.guard(t), page.ID, b.me)) == 0 })

	headsAfter, _ := b.db.SyncHeads(ctx)
	if len(headsBefore) != len(headsAfter) {
		t.Errorf("presence changed Bo's documents: %d before, %d after", len(headsBefore), len(headsAfter))
	}
	for i := range headsBefore {
		if headsBefore[i] != headsAfter[i] {
			t.Errorf("presence changed document %s", headsBefore[i].ID)
		}
	}
	if st, _ := nb.m.Status(ctx); st.Syncing {
		t.Error("presence ran a sync session")
	}
}

// A guest's device learns of presence only on pages of its spaces, and
// its own presence counts only there.
func TestPresenceGuestOnlyInTheirSpaces(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	a := newWorkspace(t, dir, "ada")
	defer a.close(t)
	spaces, _ := a.db.FindSpaces(ctx)
	open, closed := spaces[0], spaces[1]
	g := joinAs(t, a, dir, "gus", membership.RoleGuest, []string{string(open.ID)})
	defer g.close(t)
	shared, _ := a.db.CreatePage(ctx, store.NewPage{Title: "Shared with guests", Space: open.ID})
	board, _ := a.db.CreatePage(ctx, store.NewPage{Title: "Board minutes", Space: closed.ID})
	na, ng := startLAN(t, ctx, a), startLAN(t, ctx, g)
	if err := a.db.AddSyncAddress(ctx, ng.addr); err != nil {
		t.Fatal(err)
	}
	if err := g.db.AddSyncAddress(ctx, na.addr); err != nil {
		t.Fatal(err)
	}

	// Ada on both pages: the guest learns of the shared one only.
	na.say(t, 1, board.ID, shared.ID)
	waitFor(t, "the guest to see Ada on the shared page", func() bool { return sameMembers(ng.table.On(ng.guard(t), shared.ID, g.me), a.me) })
	if got := ng.table.On(ng.guard(t), board.ID, g.me); len(got) != 0 {
		t.Errorf("the guest learned who reads a page outside its spaces: %v", got)
	}
	// The guest's device claims both pages: Ada believes the shared one only.
	ng.m.SayPresence(ctx, func(membership.DeviceID) []byte {
		b, _ := presence.Message{Seq: 1, Pages: []store.DocID{board.ID, shared.ID}}.Encode()
		return b
	})
	waitFor(t, "Ada to see the guest on the shared page", func() bool { return sameMembers(na.table.On(na.guard(t), shared.ID, a.me), g.me) })
	if got := na.table.On(na.guard(t), board.ID, a.me); len(got) != 0 {
		t.Errorf("a guest's presence counted on a page outside its spaces: %v", got)
	}
}

// Presence that is too large or not a message is dropped with a line in
// the log; the device goes on taking good presence.
func TestPresenceMalformedIsDropped(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	a := newWorkspace(t, dir, "ada")
	defer a.close(t)
	b := join(t, a, dir, "bo")
	defer b.close(t)
	spaces, _ := a.db.FindSpaces(ctx)
	page, _ := a.db.CreatePage(ctx, store.NewPage{Title: "Launch plan", Space: spaces[0].ID})
	na, nb := startLAN(t, ctx, a), startLAN(t, ctx, b)
	send := func(payload []byte) error {
		c, err := transport.Dial(ctx, nb.addr, na.cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		return wire.WriteFrame(c, wire.Frame{Type: wire.TypePresence, Payload: payload})
	}
	// Bo may cut the connection as soon as the frame's length says too
	// much, while Ada is still writing it: the write may fail. What
	// matters is what Bo did with it.
	send(bytes.Repeat([]byte{1}, 64<<10))
	waitFor(t, "the oversized presence to be logged", func() bool { return nb.logged("at most") })
	send([]byte{1, 5, 9, 9, 9}) // says 9 pages and holds none
	waitFor(t, "the malformed presence to be logged", func() bool { return nb.logged("malformed presence") })
	other := store.NewDocID()
	msg, _ := presence.Message{Seq: 7, Pages: []store.DocID{page.ID, other}}.Encode()
	if err := send(msg); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "Bo to see Ada after the bad ones", func() bool { return sameMembers(nb.table.On(nb.guard(t), page.ID, b.me), a.me) })
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// A device removed from the workspace is not shown, and what it says
// afterwards is refused: the transport no longer admits it.
func TestPresenceOfARemovedDeviceIsRefused(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	a := newWorkspace(t, dir, "ada")
	defer a.close(t)
	b := join(t, a, dir, "bo")
	defer b.close(t)
	spaces, _ := a.db.FindSpaces(ctx)
	page, _ := a.db.CreatePage(ctx, store.NewPage{Title: "Launch plan", Space: spaces[0].ID})
	na, nb := startLAN(t, ctx, a), startLAN(t, ctx, b)
	if err := b.db.AddSyncAddress(ctx, na.addr); err != nil {
		t.Fatal(err)
	}
	nb.say(t, 1, page.ID)
	waitFor(t, "Ada to see Bo", func() bool { return sameMembers(na.table.On(na.guard(t), page.ID, a.me), b.me) })

	st, err := a.db.MembershipState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rm := &membership.Entry{Kind: membership.KindRemoveDevice, DeviceID: b.id.DeviceID(), Workspace: st.Workspace, Time: time.Now(), Parents: st.Heads}
	if err := rm.Sign(a.id); err != nil {
		t.Fatal(err)
	}
	if err := a.db.AppendMembership(ctx, rm); err != nil {
		t.Fatal(err)
	}
	if got := na.table.On(na.guard(t), page.ID, a.me); len(got) != 0 {
		t.Errorf("a removed device's presence still shows: %v", got)
	}
	nb.say(t, 2, page.ID)
	raw, _ := presence.Message{Seq: 3, Pages: []store.DocID{page.ID}}.Encode()
	if _, err := na.table.Take(na.guard(t), b.id.DeviceID(), raw); err == nil {
		t.Error("the table took presence from a removed device")
	}
	if got := na.table.On(na.guard(t), page.ID, a.me); len(got) != 0 {
		t.Errorf("a removed device's presence shows after it spoke again: %v", got)
	}
}
