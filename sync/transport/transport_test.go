package transport_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/crypto"
	"github.com/longhand/longhand/sync/transport"
	"github.com/longhand/longhand/sync/wire"
)

var now = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

func seeded(b byte) *crypto.Identity {
	seed := make([]byte, ed25519.SeedSize)
	seed[0] = b
	return crypto.NewIdentity(ed25519.NewKeyFromSeed(seed))
}

// team is a workspace with an admin, a member, a device that was removed
// and an outsider, built from a real signed log.
type team struct {
	admin, member, removed, outsider *crypto.Identity

	mu  sync.Mutex
	log []*membership.Entry
	st  *membership.State
}

func newTeam(t *testing.T) *team {
	t.Helper()
	tm := &team{admin: seeded(1), member: seeded(2), removed: seeded(3), outsider: seeded(4)}
	me := store.DocID("a0000000000000000000000000000000")
	tm.add(t, &membership.Entry{Kind: membership.KindCreate, Workspace: membership.WorkspaceID(tm.admin.PublicKey(), me),
		Time: now, Name: "Acme Research", Member: me})
	for _, id := range []*crypto.Identity{tm.member, tm.removed} {
		inv := tm.invite(t)
		req, err := crypto.AcceptInvite(inv, id, store.NewDocID(), now)
		if err != nil {
			t.Fatal(err)
		}
		j, err := crypto.AdmitJoin(tm.st, tm.admin, req, now)
		if err != nil {
			t.Fatal(err)
		}
		tm.add(t, j)
	}
	tm.add(t, &membership.Entry{Kind: membership.KindRemoveDevice, Workspace: tm.st.Workspace,
		Time: now.Add(24 * time.Hour), Parents: tm.st.Heads, DeviceID: tm.removed.DeviceID()})
	return tm
}

// add signs e by the admin unless it is signed, and folds it in.
func (tm *team) add(t *testing.T, e *membership.Entry) {
	t.Helper()
	if err := tm.append(e); err != nil {
		t.Fatal(err)
	}
}

func (tm *team) append(e *membership.Entry) error {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	if e.Bytes() == nil {
		if err := e.Sign(tm.admin); err != nil {
			return err
		}
	}
	d, err := membership.Decode(e.Bytes())
	if err != nil {
		return err
	}
	if why := membership.Authorize(tm.log, d); why != "" {
		return fmt.Errorf("Authorize(%v)=%q", d.Kind, why)
	}
	tm.log = append(tm.log, d)
	tm.st, _ = membership.Fold(tm.log)
	return nil
}

func (tm *team) invite(t *testing.T) *crypto.Invite {
	t.Helper()
	inv, e, err := crypto.CreateInvite(tm.st, tm.admin, "Ada", membership.RoleMember, nil, "", 0, now)
	if err != nil {
		t.Fatal(err)
	}
	tm.add(t, e)
	return inv
}

func (tm *team) pin() transport.Pinner {
	return transport.MemberPinner(func() (*membership.State, []*membership.Entry, error) {
		tm.mu.Lock()
		defer tm.mu.Unlock()
		return tm.st, tm.log, nil
	})
}

func (tm *team) raw() [][]byte {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	var out [][]byte
	for _, e := range tm.log {
		out = append(out, e.Bytes())
	}
	return out
}

// logs collects what a listener reports, for tests to wait on.
type logs struct {
	mu    sync.Mutex
	lines []string
	added chan struct{}
}

func newLogs() *logs { return &logs{added: make(chan struct{}, 100)} }

func (l *logs) Logf(format string, args ...any) {
	l.mu.Lock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
	l.mu.Unlock()
	select {
	case l.added <- struct{}{}:
	default:
	}
}

// waitFor waits for a line containing s; the deadline only keeps a broken
// test from hanging.
func (l *logs) waitFor(t *testing.T, s string) string {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		l.mu.Lock()
		for _, line := range l.lines {
			if strings.Contains(line, s) {
				l.mu.Unlock()
				return line
			}
		}
		all := strings.Join(l.lines, "\n")
		l.mu.Unlock()
		select {
		case <-l.added:
		case <-time.After(100 * time.Millisecond):
		case <-deadline:
			t.Fatalf("the listener never reported %q; it reported:\n%s", s, all)
		}
	}
}

func listen(t *testing.T, cfg transport.Config) (*transport.Listener, *logs) {
	t.Helper()
	lg := newLogs()
	cfg.Logf = lg.Logf
	l, err := transport.Listen("127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l, lg
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func dial(t *testing.T, l *transport.Listener, cfg transport.Config) (*transport.Conn, error) {
	t.Helper()
	c, err := transport.Dial(ctx(t), l.Addr().String(), cfg)
	if err == nil {
		t.Cleanup(func() { c.Close() })
	}
	return c, err
}

// accept returns the next connection the listener admitted.
func accept(t *testing.T, l *transport.Listener) *transport.Conn {
	t.Helper()
	c, err := l.Accept(ctx(t))
	if err != nil {
		t.Fatalf("Accept: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestMembersExchangeBytes(t *testing.T) {
	tm := newTeam(t)
	l, _ := listen(t, transport.Config{Identity: tm.admin, Pin: tm.pin()})
	dc, err := dial(t, l, transport.Config{Identity: tm.member, Pin: tm.pin()})
	if err != nil {
		t.Fatal(err)
	}
	ac := accept(t, l)
	if dc.Peer() != tm.admin.DeviceID() || ac.Peer() != tm.member.DeviceID() {
		t.Errorf("Peer()=%v on the dialer and %v on the listener, want the admin and the member", dc.Peer(), ac.Peer())
	}
	if !bytes.Equal(ac.PeerKey(), tm.member.PublicKey()) {
		t.Errorf("PeerKey()=%x, want the member's key", ac.PeerKey())
	}
	// Frames both ways, as the engine writes them.
	go wire.WriteFrame(dc, wire.Frame{Type: wire.TypeSummary, Payload: []byte("from the member")})
	f, err := wire.ReadFrame(bufio.NewReader(ac))
	if err != nil || string(f.Payload) != "from the member" {
		t.Errorf("listener read %q, %v", f.Payload, err)
	}
	go wire.WriteFrame(ac, wire.Frame{Type: wire.TypeDone, Payload: []byte("from the admin")})
	f, err = wire.ReadFrame(bufio.NewReader(dc))
	if err != nil || string(f.Payload) != "from the admin" {
		t.Errorf("dialer read %q, %v", f.Payload, err)
	}
	dc.Close()
	if _, err := ac.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("read after the peer closed: %v, want EOF", err)
	}
}

func TestNonMembersRefusedBeforeAnyByte(t *testing.T) {
	tm := newTeam(t)
	l, lg := listen(t, transport.Config{Identity: tm.admin, Pin: tm.pin()})
	tests := []struct {
		name  string
		id    *crypto.Identity
		want  string // in the sentence the refused device shows
		logID membership.DeviceID
	}{
		{"unknown device", tm.outsider, "This device is not a member of the workspace.", tm.outsider.DeviceID()},
		{"removed device", tm.removed, "This device was removed from the workspace on 2 December 2026.", tm.removed.DeviceID()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The refused device trusts the listener: only the listener can refuse it.
			_, err := dial(t, l, transport.Config{Identity: tt.id, Pin: tm.pin()})
			if err == nil || !strings.Contains(store.ErrorMessage(err), tt.want) || store.ErrorCode(err) != store.EFORBIDDEN {
				t.Errorf("Dial err=%v, want EFORBIDDEN saying %q", err, tt.want)
			}
			lg.waitFor(t, tt.logID.String()[:12])
		})
	}
	// Neither reached Accept: the next connection accepted is the member's.
	if _, err := dial(t, l, transport.Config{Identity: tm.member, Pin: tm.pin()}); err != nil {
		t.Fatal(err)
	}
	if c := accept(t, l); c.Peer() != tm.member.DeviceID() {
		t.Errorf("Accept gave %v, want the member", c.Peer())
	}
}

func TestDialerRefusesListenerNotInTheLog(t *testing.T) {
	tm := newTeam(t)
	anyone := func(pub ed25519.PublicKey) (membership.DeviceID, error) { return membership.DeviceIDOf(pub), nil }
	for _, tt := range []struct {
		name string
		id   *crypto.Identity
		want string
	}{
		{"impostor", tm.outsider, "is not a member of the workspace"},
		{"removed", tm.removed, "was removed from the workspace on 2 December 2026"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l, lg := listen(t, transport.Config{Identity: tt.id, Pin: anyone})
			_, err := dial(t, l, transport.Config{Identity: tm.member, Pin: tm.pin()})
			if err == nil || !strings.Contains(store.ErrorMessage(err), tt.want) || !strings.Contains(store.ErrorMessage(err), l.Addr().String()) {
				t.Errorf("Dial err=%v, want one naming %s and saying %q", err, l.Addr(), tt.want)
			}
			// The listener hears the refusal during the TLS handshake.
			lg.waitFor(t, "TLS handshake")
		})
	}
}

func TestPerIPConnectionLimit(t *testing.T) {
	tm := newTeam(t)
	l, lg := listen(t, transport.Config{Identity: tm.admin, Pin: tm.pin(), MaxConnsPerIP: 1})
	member := transport.Config{Identity: tm.member, Pin: tm.pin()}
	if _, err := dial(t, l, member); err != nil {
		t.Fatal(err)
	}
	first := accept(t, l)
	_, err := dial(t, l, member)
	if want := "as many connections open from this address as it allows (1)"; err == nil || !strings.Contains(store.ErrorMessage(err), want) {
		t.Errorf("second Dial from 127.0.0.1: err=%v, want one saying %q", err, want)
	}
	lg.waitFor(t, "over a connection limit")
	// Another address still gets in.
	other := member
	other.Dialer = &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}
	if _, err := dial(t, l, other); err != nil {
		t.Fatalf("Dial from 127.0.0.2: %v", err)
	}
	accept(t, l)
	// And closing the first connection frees its place.
	first.Close()
	if _, err := dial(t, l, member); err != nil {
		t.Fatalf("Dial after the first connection closed: %v", err)
	}
	accept(t, l)
}

func TestListenerClose(t *testing.T) {
	tm := newTeam(t)
	l, _ := listen(t, transport.Config{Identity: tm.admin, Pin: tm.pin()})
	dc, err := dial(t, l, transport.Config{Identity: tm.member, Pin: tm.pin()})
	if err != nil {
		t.Fatal(err)
	}
	ac := accept(t, l)
	// A client in the middle of its handshake is cut off by Close.
	silent, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Accept(ctx(t)); !errors.Is(err, net.ErrClosed) {
		t.Errorf("Accept after Close: %v, want net.ErrClosed", err)
	}
	if _, err := silent.Read(make([]byte, 1)); err == nil {
		t.Error("the client in its handshake is still connected")
	}
	// The connection accepted before stays open.
	go dc.Write([]byte("still here"))
	buf := make([]byte, 10)
	if _, err := io.ReadFull(ac, buf); err != nil || string(buf) != "still here" {
		t.Errorf("after Close the accepted connection read %q, %v", buf, err)
	}
}
