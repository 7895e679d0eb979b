package peer_test

import (
	"context"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/peer"
)

// plainConn is a loopback connection whose ends name their devices in the
// clear. The real transport (sync/transport) proves them with TLS; the
// manager only needs to be told who the peer is.
type plainConn struct {
	net.Conn
	peer membership.DeviceID
}

func (c plainConn) Peer() membership.DeviceID { return c.peer }
func (c plainConn) RemoteAddr() string        { return c.Conn.RemoteAddr().String() }

type plainListener struct {
	ln net.Listener
	me membership.DeviceID
}

func (l plainListener) Accept(ctx context.Context) (peer.Conn, error) {
	c, err := l.ln.Accept()
	if err != nil {
		return nil, err
	}
	var id membership.DeviceID
	if _, err := io.ReadFull(c, id[:]); err != nil {
		c.Close()
		return nil, err
	}
	if _, err := c.Write(l.me[:]); err != nil {
		c.Close()
		return nil, err
	}
	return plainConn{c, id}, nil
}

func (l plainListener) Close() error { return l.ln.Close() }

func manager(d *device) *peer.Manager {
	return &peer.Manager{Store: d.db, Check: checker, Quiet: 10 * time.Millisecond, Every: time.Hour,
		Dial: func(ctx context.Context, addr string) (peer.Conn, error) {
			c, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
			if err != nil {
				return nil, err
			}
			me := d.id.DeviceID()
			if _, err := c.Write(me[:]); err != nil {
				c.Close()
				return nil, err
			}
			var them membership.DeviceID
			if _, err := io.ReadFull(c, them[:]); err != nil {
				c.Close()
				return nil, err
			}
			return plainConn{c, them}, nil
		}}
}

// A device that knows another's address syncs with it on demand, and both
// record what the other confirmed: in sync until one of them edits.
func TestManagerSyncsAndKnowsWhatThePeerConfirmed(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	loader(t)
	a := newWorkspace(t, dir, "ada")
	defer a.close(t)
	b := join(t, a, dir, "bo")
	defer b.close(t)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ma, mb := manager(a), manager(b)
	go ma.Serve(ctx, plainListener{ln, a.id.DeviceID()})
	if err := b.db.AddSyncAddress(ctx, ln.Addr().String()); err != nil {
		t.Fatal(err)
	}
	if err := b.db.AddSyncAddress(ctx, "127.0.0.1:1"); err != nil { // nobody there
		t.Fatal(err)
	}
	if err := mb.SyncNow(ctx); err == nil {
		t.Error("SyncNow said nothing of the address that could not be reached")
	}
	converged(t, a, b)

	st, err := mb.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var sawA, sawTypo bool
	for _, p := range st.Peers {
		switch {
		case p.Address == "127.0.0.1:1":
			sawTypo = p.State == "unreachable" && p.LastError != ""
		case p.Name == "ada":
			sawA = p.State == "in sync" && p.Unsent == 0 && p.InSync > 0
		}
	}
	if !sawA || !sawTypo {
		t.Errorf("b's status = %+v, want ada in sync and the bad address unreachable", st.Peers)
	}

	// An edit on a: a's status for b says a document is not yet sent.
	spaces, _ := a.db.FindSpaces(ctx)
	p, err := a.db.CreatePage(ctx, store.NewPage{Title: "New", Space: spaces[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	// a learned b only from b's connection; its record of b exists.
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, err := ma.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Peers) == 1 && st.Peers[0].Name == "bo" && st.Peers[0].State == "unsent" && st.Peers[0].Unsent == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a's status = %+v, want bo with one unsent document", st.Peers)
		}
		time.Sleep(20 * time.Millisecond)
	}
	ds, err := a.db.FindDocStatus(ctx, p.ID)
	if err != nil || len(ds) != 1 || ds[0].InSync {
		t.Errorf("status of the new page = %+v, %v; want not in sync with bo", ds, err)
	}
	mb.Poke()
	go mb.Run(ctx)
	for {
		ds, err := a.db.FindDocStatus(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) == 1 && ds[0].InSync {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("status of the new page = %+v after a poke, want in sync", ds)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := b.db.FindPage(ctx, p.ID); err != nil {
		t.Errorf("b lacks the page after the poke: %v", err)
	}
}

type countedConn struct {
	peer.Conn
	close func()
}

func (c countedConn) Close() error { c.close(); return c.Conn.Close() }

// A sync asked for while another runs (the first sync after joining, and
// the one a change pokes) waits for it instead of opening a second session
// that would send the whole workspace again.
func TestSyncNowRunsOnePassAtATime(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	loader(t)
	a := newWorkspace(t, dir, "ada")
	defer a.close(t)
	b := join(t, a, dir, "bo")
	defer b.close(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go manager(a).Serve(ctx, plainListener{ln, a.id.DeviceID()})
	if err := b.db.AddSyncAddress(ctx, ln.Addr().String()); err != nil {
		t.Fatal(err)
	}
	// Count the sessions b has open at once, from dial to close.
	var mu sync.Mutex
	open, most := 0, 0
	mb := manager(b)
	dial := mb.Dial
	mb.Dial = func(ctx context.Context, addr string) (peer.Conn, error) {
		c, err := dial(ctx, addr)
		if err != nil {
			return nil, err
		}
		mu.Lock()
		open++
		most = max(most, open)
		mu.Unlock()
		return countedConn{c, sync.OnceFunc(func() {
			mu.Lock()
			open--
			mu.Unlock()
		})}, nil
	}
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := mb.SyncNow(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	converged(t, a, b)
	if most != 1 {
		t.Errorf("%d sessions ran at once, want 1", most)
	}
}
