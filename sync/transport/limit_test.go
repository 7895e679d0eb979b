package transport_test

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/crypto"
	"github.com/longhand/longhand/sync/transport"
	"github.com/longhand/longhand/sync/wire"
)

// fakeClock moves only when a slowed-down read sleeps on it, so that the
// rate limiter's arithmetic is tested, not the machine's speed.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	slept time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Sleep(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	c.slept += d
}

// flood connects the member to a listener with cfg's limits and sends
// data; it returns the listener's side and the listener.
func flood(t *testing.T, tm *team, cfg transport.Config, data []byte) (*transport.Conn, *transport.Listener) {
	t.Helper()
	cfg.Identity, cfg.Pin = tm.admin, tm.pin()
	l, _ := listen(t, cfg)
	dc, err := dial(t, l, transport.Config{Identity: tm.member, Pin: tm.pin()})
	if err != nil {
		t.Fatal(err)
	}
	ac := accept(t, l)
	go dc.Write(data)
	return ac, l
}

// stillServes checks that another member connects and is heard.
func stillServes(t *testing.T, tm *team, l *transport.Listener) {
	t.Helper()
	good, err := dial(t, l, transport.Config{Identity: tm.admin, Pin: tm.pin()})
	if err != nil {
		t.Fatalf("a good client after the flood: %v", err)
	}
	gc := accept(t, l)
	go wire.WriteFrame(good, wire.Frame{Type: wire.TypeDone, Payload: []byte("ok")})
	if f, err := wire.ReadFrame(bufio.NewReader(gc)); err != nil || string(f.Payload) != "ok" {
		t.Errorf("the good client's frame: %q, %v", f.Payload, err)
	}
}

func TestByteRateSlowsThePeerDown(t *testing.T) {
	tm := newTeam(t)
	clock := &fakeClock{t: now}
	data := bytes.Repeat([]byte{1}, 64<<10)
	ac, l := flood(t, tm, transport.Config{Rate: 1 << 10, Burst: 4 << 10, Now: clock.Now, Sleep: clock.Sleep}, data)
	got := make([]byte, len(data))
	if _, err := io.ReadFull(ac, got); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read %d bytes, %v; want all %d, unchanged", len(got), err, len(data))
	}
	// 60 KiB over the 4 KiB burst, at 1 KiB a second: a minute of waiting.
	if d := clock.slept - time.Minute; d < -time.Millisecond || d > time.Millisecond {
		t.Errorf("reads waited %v, want 1m0s", clock.slept)
	}
	stillServes(t, tm, l)
}

func TestFloodsEndTheConnection(t *testing.T) {
	tests := []struct {
		name string
		cfg  transport.Config
		send []byte
		want string
	}{
		{"empty frames", transport.Config{FrameRate: 100, FrameBurst: 1000},
			bytes.Repeat([]byte{byte(wire.TypeDone), 0}, 2000), "sent more than 100 messages per second"},
		{"oversized frame", transport.Config{}, []byte{byte(wire.TypeItems), 0x80, 0x80, 0x80, 0x80, 0x04},
			"sent a frame larger than 16 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm := newTeam(t)
			clock := &fakeClock{t: now}
			tt.cfg.Now, tt.cfg.Sleep = clock.Now, clock.Sleep
			ac, l := flood(t, tm, tt.cfg, tt.send)
			_, err := io.Copy(io.Discard, ac)
			if err == nil || !strings.Contains(store.ErrorMessage(err), tt.want) {
				t.Fatalf("reading from a flooding peer: err=%v, want one saying %q", err, tt.want)
			}
			if _, again := ac.Read(make([]byte, 1)); again != err {
				t.Errorf("second Read err=%v, want %v", again, err)
			}
			stillServes(t, tm, l)
		})
	}
}

func TestConnectionLimitOverall(t *testing.T) {
	tm := newTeam(t)
	l, _ := listen(t, transport.Config{Identity: tm.admin, Pin: tm.pin(), MaxConns: 1})
	cfg := transport.Config{Identity: tm.member, Pin: tm.pin()}
	if _, err := dial(t, l, cfg); err != nil {
		t.Fatal(err)
	}
	first := accept(t, l)
	cfg.Dialer = &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 3)}}
	_, err := dial(t, l, cfg)
	if want := "as many connections open as it allows (1)"; err == nil || !strings.Contains(store.ErrorMessage(err), want) {
		t.Errorf("Dial over the limit: err=%v, want one saying %q", err, want)
	}
	first.Close()
	if _, err := dial(t, l, cfg); err != nil {
		t.Errorf("Dial after a connection closed: %v", err)
	}
}

func TestHandshakeAndIdleTimeouts(t *testing.T) {
	tm := newTeam(t)
	l, lg := listen(t, transport.Config{Identity: tm.admin, Pin: tm.pin(), HandshakeTimeout: time.Second, IdleTimeout: time.Second})
	// A client that connects and says nothing is dropped...
	silent, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	lg.waitFor(t, "did not finish the handshake within 1s")
	if _, err := silent.Read(make([]byte, 1)); err == nil {
		t.Error("the silent client's connection is still open")
	}
	// ...and a member who goes quiet after connecting is too.
	if _, err := dial(t, l, transport.Config{Identity: tm.member, Pin: tm.pin(), HandshakeTimeout: time.Minute}); err != nil {
		t.Fatal(err)
	}
	ac := accept(t, l)
	if _, err := ac.Read(make([]byte, 1)); !strings.Contains(store.ErrorMessage(err), "sent nothing for 1s") {
		t.Errorf("Read from a quiet peer: err=%v, want the idle timeout", err)
	}
}

// forged returns a TLS certificate for key pub whose signature and
// handshake key is priv.
func forged(t *testing.T, pub ed25519.PublicKey, priv ed25519.PrivateKey, cn string) tls.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: cn},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, priv)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: priv}
}

func TestForgedCertificatesRefused(t *testing.T) {
	tm := newTeam(t)
	l, lg := listen(t, transport.Config{Identity: tm.admin, Pin: tm.pin()})
	tests := []struct {
		name string
		cert tls.Certificate
	}{
		// The member's key in a certificate the outsider signed and
		// handshakes with: the outsider cannot prove it holds the key.
		{"member's key, outsider's signature", forged(t, tm.member.PublicKey(), tm.outsider.PrivateKey(), "member")},
		// The outsider's own key under a name claiming the member's device ID.
		{"outsider's key, member's device ID", forged(t, tm.outsider.PublicKey(), tm.outsider.PrivateKey(),
			crypto.Fingerprint(tm.member.DeviceID()))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tls.Dial("tcp", l.Addr().String(), &tls.Config{MinVersion: tls.VersionTLS13,
				Certificates: []tls.Certificate{tt.cert}, NextProtos: []string{transport.ALPNSync}, InsecureSkipVerify: true})
			if err == nil {
				// TLS 1.3 finishes the client's side first; the refusal
				// comes next, and no byte of sync ever does.
				defer c.Close()
				f, err := wire.ReadFrame(bufio.NewReader(c))
				if err == nil && f.Type != wire.TypeRefused {
					t.Fatalf("the forged certificate got a frame of type %d", f.Type)
				}
			}
		})
	}
	lg.waitFor(t, "refused")
	// Only a real member reaches Accept.
	if _, err := dial(t, l, transport.Config{Identity: tm.member, Pin: tm.pin()}); err != nil {
		t.Fatal(err)
	}
	if c := accept(t, l); c.Peer() != tm.member.DeviceID() {
		t.Errorf("Accept gave %v, want the member", c.Peer())
	}
}
