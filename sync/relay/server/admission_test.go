package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/relay/server"
)

// logs collects what a relay logs.
type logs struct {
	mu    sync.Mutex
	lines []string
}

func (l *logs) Logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *logs) has(s string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range l.lines {
		if strings.Contains(line, s) {
			return true
		}
	}
	return false
}

func message(err error) string {
	if e, ok := err.(*relay.ErrorFrame); ok {
		return e.Message
	}
	return ""
}

// A relay started without an admission secret or an allow-list admits
// nothing: it says so when it starts and to every device, and stores
// nothing.
func TestRelayWithoutAdmissionAdmitsNothing(t *testing.T) {
	var l logs
	r := relaytest.StartAsConfigured(t, server.Config{Logf: l.Logf})
	if !l.has("admits no workspace") {
		t.Errorf("the relay did not say at start that it admits nothing: %q", l.lines)
	}
	tm := relaytest.NewTeam(t)
	for _, url := range []string{r.URL, r.URL + "?admit=guess"} {
		_, err := r.Dialer.Dial(ctx(t), url, tm.WS, tm.Admin, tm.Raw())
		if code(err) != relay.CodeAdmission || !strings.Contains(message(err), "admits no workspace") {
			t.Errorf("Dial(%s) = %v, want an admission error saying the relay admits nothing", url, err)
		}
	}
	if n := r.Streams(ctx(t)); n != 0 {
		t.Errorf("the relay stores %d workspaces", n)
	}
}

// Bringing a workspace takes the admission secret, in the relay's address;
// once it is there, its other devices connect without it. A listed
// workspace needs no secret, and one not listed is refused.
func TestAdmissionSecretAndAllowList(t *testing.T) {
	listed := relaytest.NewTeam(t)
	dir := t.TempDir()
	cfg := server.Config{DataDir: dir, AdmissionSecret: "s3cret-admission-1234", AllowWorkspaces: []store.DocID{listed.WS}}
	r := relaytest.StartAsConfigured(t, cfg)
	if !strings.Contains(r.URL, "?admit=") {
		t.Fatalf("URL = %s, want the secret in it", r.URL)
	}
	tm := relaytest.NewTeam(t)
	bob := tm.AddMember(t, membership.RoleMember)

	// Without the secret, and with a wrong one: refused, nothing stored.
	if _, err := r.Dialer.Dial(ctx(t), r.Addr, tm.WS, tm.Admin, tm.Raw()); code(err) != relay.CodeAdmission || !strings.Contains(message(err), "admit=") {
		t.Errorf("a new workspace without the secret: %v", err)
	}
	if _, err := r.Dialer.Dial(ctx(t), r.Addr+"?admit=wrong", tm.WS, tm.Admin, tm.Raw()); code(err) != relay.CodeAdmission || !strings.Contains(message(err), "not the relay's") {
		t.Errorf("a new workspace with a wrong secret: %v", err)
	}
	if n := r.Streams(ctx(t)); n != 0 {
		t.Fatalf("refused workspaces left %d streams", n)
	}
	// With it: stored.
	dial(t, r, tm, tm.Admin).Close()
	// Another device of the workspace needs no secret now.
	c, err := r.Dialer.Dial(ctx(t), r.Addr, tm.WS, bob, nil)
	if err != nil {
		t.Fatalf("a member of an admitted workspace, without the secret: %v", err)
	}
	c.Close()
	// A listed workspace needs none at all.
	c, err = r.Dialer.Dial(ctx(t), r.Addr, listed.WS, listed.Admin, listed.Raw())
	if err != nil {
		t.Fatalf("a listed workspace: %v", err)
	}
	c.Close()

	// The relay remembers across restarts which workspaces the secret
	// admitted, even once it is started without one; a listed workspace
	// taken off the list is refused.
	r.Stop()
	r = relaytest.StartAsConfigured(t, server.Config{DataDir: dir, AllowWorkspaces: []store.DocID{store.NewDocID()}})
	c, err = r.Dialer.Dial(ctx(t), r.Addr, tm.WS, bob, nil)
	if err != nil {
		t.Fatalf("after a restart, a workspace the secret admitted: %v", err)
	}
	c.Close()
	if _, err := r.Dialer.Dial(ctx(t), r.Addr, listed.WS, listed.Admin, nil); code(err) != relay.CodeAdmission {
		t.Errorf("a workspace taken off the list: %v", err)
	}
}

// A connection that has not logged in may hold a few KiB, for
// AuthTimeout, and only MaxPending of them at once.
func TestUnauthenticatedConnectionsAreBounded(t *testing.T) {
	r := relaytest.Start(t, server.Config{MaxPending: 2, AuthTimeout: 2 * time.Second})
	tm := relaytest.NewTeam(t)
	wd := websocket.Dialer{TLSClientConfig: r.Dialer.TLS}
	raw := func() (*websocket.Conn, *http.Response, error) {
		c, resp, err := wd.DialContext(ctx(t), r.Addr, nil)
		if err == nil {
			t.Cleanup(func() { c.Close() })
			if _, _, err := c.ReadMessage(); err != nil { // the challenge
				t.Fatal(err)
			}
		}
		return c, resp, err
	}

	// Two idle connections fill the relay's room for logins...
	idle1, _, err := raw()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := raw(); err != nil {
		t.Fatal(err)
	}
	// ...so a third is turned away before the WebSocket upgrade...
	_, resp, err := raw()
	if err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("a third connection logging in: %v, want 503", err)
	}
	// ...while devices that logged in are not counted, and idle ones are
	// dropped after AuthTimeout.
	start := time.Now()
	if _, _, err := idle1.ReadMessage(); err == nil {
		t.Fatal("an idle connection got a frame")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("an idle connection lasted %v, want about the 2s AuthTimeout", d)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := r.Dialer.Dial(ctx(t), r.URL, tm.WS, tm.Admin, tm.Raw())
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no room after the idle connections timed out: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}

	// A first frame over MaxAuthFrame ends the connection (1009).
	big, _, err := raw()
	if err != nil {
		t.Fatal(err)
	}
	big.WriteMessage(websocket.BinaryMessage, append([]byte{byte(relay.TAuth)}, make([]byte, relay.MaxAuthFrame)...))
	if _, _, err := big.ReadMessage(); !websocket.IsCloseError(err, websocket.CloseMessageTooBig) {
		t.Errorf("a %d-byte frame before login: %v, want close 1009", relay.MaxAuthFrame+1, err)
	}
}

// Refused logins of every kind leave nothing: no stream, no consumer, no
// key in the usage or rate buckets, no workspace in memory. The removed
// device's refused login merges none of the entries it offers.
func TestRefusedLoginsKeepNothing(t *testing.T) {
	open := relaytest.NewTeam(t)
	r := relaytest.StartAsConfigured(t, server.Config{AdmissionSecret: "s3cret-admission-1234", AllowWorkspaces: []store.DocID{open.WS}})
	tm := relaytest.NewTeam(t)
	bob := tm.AddMember(t, membership.RoleMember)
	a := dial(t, r, tm, tm.Admin)
	tm.RemoveMember(t, bob)
	if err := a.PutLog(ctx(t), tm.Raw()); err != nil {
		t.Fatal(err)
	}
	a.Close()
	before := len(tm.Log)
	// An entry the relay does not have yet, offered by the removed device.
	tm.Invite(t, membership.RoleMember)

	stranger := relaytest.NewDevice(store.NewDocID())
	other := relaytest.NewTeam(t)
	forged := relaytest.NewTeam(t)
	forged.Log = append(forged.Log, tm.Log[1]) // an entry of another workspace
	for _, try := range []struct {
		name string
		url  string
		ws   store.DocID
		dev  *relaytest.Device
		log  [][]byte
	}{
		{"a new workspace without the secret", r.Addr, other.WS, other.Admin, other.Raw()},
		{"a new workspace with a wrong secret", r.Addr + "?admit=nope", other.WS, other.Admin, other.Raw()},
		{"a listed workspace with someone else's log", r.Addr, open.WS, stranger, tm.Raw()},
		{"a listed workspace, no log", r.Addr, open.WS, open.Admin, nil},
		{"a new workspace, a log with a foreign entry", r.URL, forged.WS, forged.Admin, forged.Raw()},
		{"a stranger to a stored workspace", r.URL, tm.WS, stranger, nil},
		{"a removed device offering new entries", r.URL, tm.WS, bob, tm.Raw()},
	} {
		if _, err := r.Dialer.Dial(ctx(t), try.url, try.ws, try.dev, try.log); err == nil {
			t.Errorf("%s: logged in", try.name)
		}
	}
	for range 3 {
		err := r.Dialer.Join(ctx(t), r.URL, store.NewDocID(), [16]byte{1}, func([][]byte) ([]byte, error) { return []byte("x"), nil })
		if err == nil {
			t.Error("a join to an unknown workspace went through")
		}
	}
	// The refused connections wind down after the device has read why.
	var k server.Kept
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var err error
		if k, err = r.Kept(ctx(t)); err != nil {
			t.Fatal(err)
		}
		if k.InMemory <= 1 || time.Now().After(deadline) {
			break
		}
	}
	if want := []string{"LH_" + string(tm.WS)}; strings.Join(k.Streams, ",") != strings.Join(want, ",") {
		t.Errorf("streams = %q, want only %q", k.Streams, want)
	}
	// The admin's request (the log it handed over) counted against its
	// rate; nothing else may be in the buckets.
	id := tm.Admin.ID()
	admin := fmt.Sprintf("%s.%x", tm.WS, id[:16])
	for _, key := range k.Keys {
		if !strings.HasSuffix(key, ":"+admin) {
			t.Errorf("after refused logins the relay keeps the key %s", key)
		}
	}
	if k.Consumers != 0 || k.InMemory != 1 {
		t.Errorf("after refused logins the relay keeps %d consumers and %d workspaces in memory; want 0 and 1", k.Consumers, k.InMemory)
	}
	c, err := r.Dialer.Dial(ctx(t), r.URL, tm.WS, tm.Admin, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Welcome.Log) != before {
		t.Errorf("the relay's log has %d entries, want %d: it merged what the removed device offered", len(c.Welcome.Log), before)
	}
	c.Close()
}

// A device of the first protocol, which sends its log inside TAuth rather
// than when asked, still logs in while its log fits in MaxAuthFrame.
func TestFirstProtocolLoginStillWorks(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	tm := relaytest.NewTeam(t)
	wd := websocket.Dialer{TLSClientConfig: r.Dialer.TLS}
	c, _, err := wd.DialContext(ctx(t), r.Addr, http.Header{relay.AdmissionHeader: {relaytest.Secret}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	read := func() relay.Frame {
		_, b, err := c.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		f, err := relay.DecodeFrame(b)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	ch := read().Fields[0]
	a := relay.Auth{Workspace: tm.WS, Device: tm.Admin.PublicKey(), Sig: tm.Admin.Sign(relay.AuthMessage(ch, tm.WS)), Entries: tm.Raw()}
	if err := c.WriteMessage(websocket.BinaryMessage, a.Frame().Encode()); err != nil {
		t.Fatal(err)
	}
	if f := read(); f.Type != relay.TWelcome {
		t.Fatalf("the relay answered a first-protocol login with frame %d, want a welcome", f.Type)
	}
}
