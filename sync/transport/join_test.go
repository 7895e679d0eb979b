package transport_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/crypto"
	"github.com/longhand/longhand/sync/transport"
	"github.com/longhand/longhand/sync/wire"
)

// admitter is what the app's Admit does: check the request against the
// log, sign the join, and hand back the whole log.
func (tm *team) admitter(at *time.Time) func(context.Context, *crypto.JoinRequest) ([][]byte, error) {
	var mu sync.Mutex
	return func(_ context.Context, req *crypto.JoinRequest) ([][]byte, error) {
		mu.Lock()
		defer mu.Unlock()
		tm.mu.Lock()
		e, err := crypto.AdmitJoin(tm.st, tm.admin, req, *at)
		tm.mu.Unlock()
		if err != nil {
			return nil, err
		}
		if err := tm.append(e); err != nil {
			return nil, err
		}
		return tm.raw(), nil
	}
}

func TestJoinOverTheLAN(t *testing.T) {
	tm := newTeam(t)
	at := now
	l, _ := listen(t, transport.Config{Identity: tm.admin, Pin: tm.pin(), Admit: tm.admitter(&at)})
	inv := tm.invite(t)
	joiner := seeded(9)
	req, err := crypto.AcceptInvite(inv, joiner, store.NewDocID(), now)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := transport.Join(ctx(t), l.Addr().String(), joiner, req)
	if err != nil {
		t.Fatal(err)
	}
	var entries []*membership.Entry
	for _, b := range raw {
		e, err := membership.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
	st, _ := membership.Fold(entries)
	if st.RoleOf(joiner.DeviceID()) != membership.RoleMember || st.Workspace != tm.st.Workspace {
		t.Fatalf("the joiner's log gives it role %v in %s, want member in %s", st.RoleOf(joiner.DeviceID()), st.Workspace, tm.st.Workspace)
	}
	// The new member now syncs, trusting the listener by the log it got.
	pin := transport.MemberPinner(func() (*membership.State, []*membership.Entry, error) { return st, entries, nil })
	c, err := transport.Dial(ctx(t), l.Addr().String(), transport.Config{Identity: joiner, Pin: pin})
	if err != nil {
		t.Fatalf("the new member's Dial: %v", err)
	}
	c.Close()
	if ac := accept(t, l); ac.Peer() != joiner.DeviceID() {
		t.Errorf("Accept gave %v, want the joiner", ac.Peer())
	}
}

func TestJoinRefusalsReachTheJoiner(t *testing.T) {
	tm := newTeam(t)
	at := now
	l, _ := listen(t, transport.Config{Identity: tm.admin, Pin: tm.pin(), Admit: tm.admitter(&at)})
	used, revoked, expired, open := tm.invite(t), tm.invite(t), tm.invite(t), tm.invite(t)
	req, _ := crypto.AcceptInvite(used, seeded(20), store.NewDocID(), now)
	if _, err := transport.Join(ctx(t), l.Addr().String(), seeded(20), req); err != nil {
		t.Fatal(err)
	}
	tm.mu.Lock()
	r, err := crypto.RevokeInvite(tm.st, tm.admin, revoked.ID, now)
	tm.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	tm.add(t, r)
	wrong, unknown := *open, *open
	wrong.Secret[0] ^= 1
	unknown.ID[0] ^= 1
	tests := []struct {
		name string
		inv  *crypto.Invite
		at   time.Time
		want error
	}{
		{"wrong code", &wrong, now, crypto.ErrInviteWrong},
		{"unknown invitation", &unknown, now, crypto.ErrInviteUnknown},
		{"expired", expired, now.Add(8 * 24 * time.Hour), crypto.ErrInviteExpired},
		{"reused", used, now, crypto.ErrInviteUsed},
		{"revoked", revoked, now, crypto.ErrInviteRevoked},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm.mu.Lock() // the admitter reads at under it
			at = tt.at
			tm.mu.Unlock()
			joiner := seeded(byte(30 + i))
			req, err := crypto.AcceptInvite(tt.inv, joiner, store.NewDocID(), now)
			if err != nil {
				t.Fatal(err)
			}
			_, err = transport.Join(ctx(t), l.Addr().String(), joiner, req)
			if !errors.Is(err, tt.want) || store.ErrorMessage(err) != store.ErrorMessage(tt.want) {
				t.Errorf("Join err=%v, want %v", err, tt.want)
			}
		})
	}
	// A listener that admits no one says so.
	quiet, _ := listen(t, transport.Config{Identity: tm.admin, Pin: tm.pin()})
	req, _ = crypto.AcceptInvite(open, seeded(40), store.NewDocID(), now)
	if _, err := transport.Join(ctx(t), quiet.Addr().String(), seeded(40), req); !strings.Contains(store.ErrorMessage(err), "does not admit new devices") {
		t.Errorf("Join at a listener without Admit: err=%v", err)
	}
}

func TestJoinerRefusesALogItCannotTrust(t *testing.T) {
	tm := newTeam(t)
	inv := tm.invite(t)
	joiner := seeded(9)
	req, _ := crypto.AcceptInvite(inv, joiner, store.NewDocID(), now)
	// An outsider replays the workspace's real log, which it cannot add
	// the joiner to nor appear in.
	replay := func(context.Context, *crypto.JoinRequest) ([][]byte, error) { return tm.raw(), nil }
	l, _ := listen(t, transport.Config{Identity: tm.outsider, Pin: tm.pin(), Admit: replay})
	_, err := transport.Join(ctx(t), l.Addr().String(), joiner, req)
	if !strings.Contains(store.ErrorMessage(err), "cannot trust") {
		t.Errorf("Join err=%v, want a log this device cannot trust", err)
	}
}

func TestHostileFramesOnTheJoinProtocol(t *testing.T) {
	tm := newTeam(t)
	at := now
	var calls atomic.Int32
	admit := tm.admitter(&at)
	counting := func(ctx context.Context, req *crypto.JoinRequest) ([][]byte, error) {
		calls.Add(1)
		return admit(ctx, req)
	}
	l, lg := listen(t, transport.Config{Identity: tm.admin, Pin: tm.pin(), Admit: counting, HandshakeTimeout: 2 * time.Second})
	inv := tm.invite(t)
	other := seeded(50)
	otherReq, _ := crypto.AcceptInvite(inv, other, store.NewDocID(), now)
	var wr wire.JoinRequest
	copy(wr.Device[:], otherReq.Device)
	request := func(w wire.JoinRequest) []byte {
		var b []byte
		buf := &sliceWriter{&b}
		wire.WriteFrame(buf, wire.Frame{Type: wire.TypeJoinRequest, Payload: wire.EncodeJoinRequest(w)})
		return b
	}
	tests := []struct {
		name     string
		send     []byte
		noAnswer bool // the listener waits out its timeout, then closes
	}{
		{"garbage", []byte("GET / HTTP/1.1\r\n\r\n"), true},
		{"garbage, enough of it", []byte(strings.Repeat("GET / HTTP/1.1\r\n", 20)), false},
		{"sync frame", []byte{byte(wire.TypeSummary), 1, 0}, false},
		{"oversized frame", []byte{byte(wire.TypeJoinRequest), 0x80, 0x80, 0x80, 0x80, 0x04}, false},
		{"short request", []byte{byte(wire.TypeJoinRequest), 3, 1, 2, 3}, false},
		{"another device's key", request(wr), false},
		{"nothing, then close", nil, false},
	}
	cert, err := transport.Certificate(seeded(51).PrivateKey())
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tls.Dial("tcp", l.Addr().String(), &tls.Config{MinVersion: tls.VersionTLS13,
				Certificates: []tls.Certificate{cert}, NextProtos: []string{transport.ALPNJoin}, InsecureSkipVerify: true})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.Write(tt.send)
			if tt.send == nil {
				c.CloseWrite()
			}
			f, err := wire.ReadFrame(bufio.NewReader(c))
			if tt.noAnswer {
				if err == nil {
					t.Errorf("the listener answered an incomplete request with a frame of type %d", f.Type)
				}
				return
			}
			if err != nil {
				t.Fatalf("no answer: %v", err)
			}
			if r, err := wire.DecodeRefused(f.Payload); f.Type != wire.TypeRefused || err != nil || r.Code != store.EINVALID {
				t.Errorf("answer: type %d, %+v, %v; want an invalid-request refusal", f.Type, r, err)
			}
			if _, err := c.Read(make([]byte, 1)); err == nil {
				t.Error("the connection stayed open after the refusal")
			}
		})
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("Admit was called %d times for hostile requests", n)
	}
	lg.waitFor(t, "join")
	// The listener still serves a real join.
	if _, err := transport.Join(ctx(t), l.Addr().String(), other, otherReq); err != nil {
		t.Errorf("a real join after the hostile ones: %v", err)
	}
}

type sliceWriter struct{ b *[]byte }

func (w *sliceWriter) Write(p []byte) (int, error) { *w.b = append(*w.b, p...); return len(p), nil }

// An invitation for a person whose profile exists names their member ID:
// the joiner joins as that member over the LAN, and a request that names
// anyone else (a tampered or hand-made one) is refused with the reason.
func TestJoinAsTheInvitedPerson(t *testing.T) {
	tm := newTeam(t)
	at := now
	l, _ := listen(t, transport.Config{Identity: tm.admin, Pin: tm.pin(), Admit: tm.admitter(&at)})
	bo := store.DocID("b0000000000000000000000000000000")
	tm.mu.Lock()
	inv, e, err := crypto.CreateInvite(tm.st, tm.admin, "Ada", membership.RoleMember, nil, bo, 0, now)
	tm.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	tm.add(t, e)
	inv.PersonName = "Bo Berg"
	parsed, err := crypto.ParseInvite(inv.Code())
	if err != nil {
		t.Fatal(err)
	}

	impostor := seeded(60)
	forged := *parsed
	forged.Member = store.DocID("e0000000000000000000000000000000")
	req, _ := crypto.AcceptInvite(&forged, impostor, "", now)
	if _, err := transport.Join(ctx(t), l.Addr().String(), impostor, req); !strings.Contains(store.ErrorMessage(err), "another person") {
		t.Errorf("joining as someone the invitation does not name: %v", err)
	}

	joiner := seeded(61)
	req, err = crypto.AcceptInvite(parsed, joiner, store.NewDocID(), now)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := transport.Join(ctx(t), l.Addr().String(), joiner, req)
	if err != nil {
		t.Fatal(err)
	}
	var entries []*membership.Entry
	for _, b := range raw {
		e, err := membership.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
	st, _ := membership.Fold(entries)
	if d := st.Devices[joiner.DeviceID()]; d == nil || d.Member != bo || st.RoleOf(joiner.DeviceID()) != membership.RoleMember {
		t.Errorf("the joiner in the log it got: %+v, want a member's device of %s", d, bo)
	}
	if i := st.Invites[inv.ID]; i.UsedBy != joiner.DeviceID() || i.UsedAt.IsZero() {
		t.Errorf("the invitation = %+v, want used by the joiner", i)
	}
}
