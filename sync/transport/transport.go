package transport

import (
	"context"
	"crypto/ed25519"
	"crypto/tls"
	"crypto/x509"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"sync"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/crypto"
	"github.com/longhand/longhand/sync/wire"
)

// ALPN protocol names: members sync on one, devices joining use the other.
const (
	ALPNSync = "longhand-sync/1"
	ALPNJoin = "longhand-join/1"
)

// Defaults of the limits in Config.
const (
	DefaultMaxConns         = 64
	DefaultMaxConnsPerIP    = 8
	DefaultHandshakeTimeout = 15 * time.Second
	DefaultIdleTimeout      = 5 * time.Minute
	DefaultRate             = 32 << 20 // bytes a peer may send per second, on average; more is slowed down
	DefaultBurst            = 64 << 20 // and at once
	DefaultFrameRate        = 50_000   // frames a peer may send per second, on average; more ends the connection
	DefaultFrameBurst       = 200_000  // and at once
)

// Config says who this device is, whom it trusts, and its limits. Zero
// limits take the defaults; a negative one turns the limit off.
type Config struct {
	Identity *crypto.Identity
	// Pin decides which devices are members; required to sync.
	Pin Pinner
	// Admit, on a listener, turns a checked join request into the whole
	// signed membership log (raw entries) with the join in it, or an error
	// whose sentence goes to the joiner. Nil refuses every join.
	Admit func(ctx context.Context, req *crypto.JoinRequest) ([][]byte, error)

	MaxConns         int           // connections at once, handshakes included
	MaxConnsPerIP    int           // of them, from one remote address
	HandshakeTimeout time.Duration // TCP accepted to admitted, or a join answered
	IdleTimeout      time.Duration // a read or write waiting longer ends the connection
	Rate, Burst      int           // token bucket on bytes read from a peer: over it, reads wait
	FrameRate        int           // token bucket on frames read from a peer: over it, the connection ends
	FrameBurst       int

	// Dialer dials for Dial and Join; nil is a net.Dialer with no options.
	Dialer *net.Dialer

	Now   func() time.Time                 // the rate limiter's clock; time.Now when nil
	Sleep func(time.Duration)              // how a slowed-down read waits; time.Sleep when nil
	Logf  func(format string, args ...any) // where a listener reports refused peers; log.Printf when nil
}

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.MaxConns, DefaultMaxConns)
	def(&c.MaxConnsPerIP, DefaultMaxConnsPerIP)
	def(&c.Rate, DefaultRate)
	def(&c.Burst, DefaultBurst)
	def(&c.FrameRate, DefaultFrameRate)
	def(&c.FrameBurst, DefaultFrameBurst)
	if c.HandshakeTimeout == 0 {
		c.HandshakeTimeout = DefaultHandshakeTimeout
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Sleep == nil {
		c.Sleep = time.Sleep
	}
	if c.Logf == nil {
		c.Logf = log.New(os.Stderr, "transport: ", log.LstdFlags).Printf
	}
	return c
}

// Conn is an admitted connection to a member's device.
type Conn struct {
	tc      *tls.Conn
	peer    membership.DeviceID
	key     ed25519.PublicKey
	addr    string
	idle    time.Duration
	lim     *limiter
	sleep   func(time.Duration)
	frames  int // the frame rate, for the error
	release func()
	once    sync.Once
	err     error // the limit that ended the connection, returned by every later Read
}

var _ io.ReadWriteCloser = (*Conn)(nil)

func newConn(tc *tls.Conn, key ed25519.PublicKey, cfg Config, release func()) *Conn {
	c := &Conn{tc: tc, peer: membership.DeviceIDOf(key), key: key, addr: tc.RemoteAddr().String(),
		idle: cfg.IdleTimeout, release: release, sleep: cfg.Sleep, frames: cfg.FrameRate}
	c.lim = newLimiter(cfg.Rate, max(cfg.Burst, 1), cfg.FrameRate, max(cfg.FrameBurst, 1), cfg.Now)
	return c
}

// Peer returns the ID of the device at the other end.
func (c *Conn) Peer() membership.DeviceID { return c.peer }

// PeerKey returns its Ed25519 public key.
func (c *Conn) PeerKey() ed25519.PublicKey { return c.key }

// RemoteAddr returns its address.
func (c *Conn) RemoteAddr() net.Addr { return c.tc.RemoteAddr() }

// Read reads what the peer sent, within the idle timeout and the limits:
// over the byte rate it waits before returning; a frame too large or over
// the frame rate, or the idle timeout, ends the connection with an error
// every later Read returns too.
func (c *Conn) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if c.idle > 0 {
		c.tc.SetReadDeadline(time.Now().Add(c.idle))
	}
	n, err := c.tc.Read(p)
	if n > 0 {
		wait, lerr := c.lim.take(p[:n])
		if lerr != nil {
			if errors.Is(lerr, wire.ErrFrameTooLarge) {
				c.err = store.Errorf(store.EINVALID, "The device at %s sent a frame larger than 16 MiB; Longhand closed the connection.", c.addr)
			} else {
				c.err = store.Errorf(store.EUNAVAILABLE, "The device at %s sent more than %d messages per second; Longhand closed the connection.", c.addr, c.frames)
			}
			c.Close()
			return 0, c.err
		}
		if wait > 0 {
			c.sleep(wait)
		}
	}
	if err != nil && isTimeout(err) {
		c.err = store.Errorf(store.EUNAVAILABLE, "The device at %s sent nothing for %v; Longhand closed the connection.", c.addr, c.idle)
		c.Close()
		return n, c.err
	}
	return n, err
}

// Write writes to the peer, within the idle timeout.
func (c *Conn) Write(p []byte) (int, error) {
	if c.idle > 0 {
		c.tc.SetWriteDeadline(time.Now().Add(c.idle))
	}
	n, err := c.tc.Write(p)
	if err != nil && isTimeout(err) {
		return n, store.Errorf(store.EUNAVAILABLE, "The device at %s took nothing for %v; Longhand closed the connection.", c.addr, c.idle)
	}
	return n, err
}

// Close closes the connection.
func (c *Conn) Close() error {
	var err error
	c.once.Do(func() {
		err = c.tc.Close()
		if c.release != nil {
			c.release()
		}
	})
	return err
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// Listener accepts members' connections and answers joins.
type Listener struct {
	ln    net.Listener
	cfg   Config
	tls   *tls.Config
	conns chan *Conn
	done  chan struct{}
	once  sync.Once
	// ctx ends with Close, cutting the handshakes under way.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu    sync.Mutex
	total int
	perIP map[string]int
	// refusing bounds the handshakes done only to tell a peer over a
	// connection limit why it is refused.
	refusing chan struct{}
}

// Listen listens on addr ("host:port"; port 0 picks one).
func Listen(addr string, cfg Config) (*Listener, error) {
	if cfg.Identity == nil || cfg.Pin == nil {
		return nil, errors.New("transport: Listen needs an identity and a pinner")
	}
	cfg = cfg.withDefaults()
	cert, err := Certificate(cfg.Identity.PrivateKey())
	if err != nil {
		return nil, fmt.Errorf("device certificate: %w", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, store.Errorf(store.EUNAVAILABLE, "Longhand cannot listen for other devices on %s: %v.", addr, err)
	}
	l := &Listener{ln: ln, cfg: cfg, conns: make(chan *Conn), done: make(chan struct{}),
		perIP: map[string]int{}, refusing: make(chan struct{}, 4)}
	l.ctx, l.cancel = context.WithCancel(context.Background())
	l.tls = &tls.Config{
		MinVersion:   tls.VersionTLS13,
		Certificates: []tls.Certificate{cert},
		ClientAuth:   tls.RequireAnyClientCert,
		NextProtos:   []string{ALPNSync, ALPNJoin},
		// Every connection proves its key afresh and meets the current
		// membership: no resumption of a session a removed device had.
		SessionTicketsDisabled: true,
		VerifyPeerCertificate: func(chain [][]byte, _ [][]*x509.Certificate) error {
			_, err := certKey(chain)
			return err
		},
	}
	l.wg.Add(1)
	go l.loop()
	return l, nil
}

// Addr returns the address the listener listens on.
func (l *Listener) Addr() net.Addr { return l.ln.Addr() }

// Accept returns the next admitted member's connection.
func (l *Listener) Accept(ctx context.Context) (*Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Close stops listening and waits for the handshakes under way; the
// connections already accepted stay open.
func (l *Listener) Close() error {
	var err error
	l.once.Do(func() {
		close(l.done)
		l.cancel()
		err = l.ln.Close()
	})
	l.wg.Wait()
	return err
}

func (l *Listener) loop() {
	defer l.wg.Done()
	for {
		raw, err := l.ln.Accept()
		if err != nil {
			select {
			case <-l.done:
				return
			default:
			}
			if errors.Is(err, net.ErrClosed) {
				return
			}
			l.cfg.Logf("accept: %v", err)
			time.Sleep(50 * time.Millisecond)
			continue
		}
		over := l.reserve(raw.RemoteAddr())
		if over != nil {
			select {
			case l.refusing <- struct{}{}:
			default:
				l.cfg.Logf("refused %s: %s", raw.RemoteAddr(), store.ErrorMessage(over))
				raw.Close()
				continue
			}
		}
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			if over != nil {
				defer func() { <-l.refusing }()
			}
			l.serve(raw, over)
		}()
	}
}

// hostOf returns what the per-address limit counts by: the IPv4 address,
// or the /64 network of an IPv6 one, since one machine holds many of
// those.
func hostOf(a net.Addr) string {
	t, ok := a.(*net.TCPAddr)
	if !ok {
		h, _, _ := net.SplitHostPort(a.String())
		return h
	}
	if t.IP.To4() == nil {
		return t.IP.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	return t.IP.String()
}

// reserve counts a new connection against the limits, or says which one
// it is over (and then does not count it).
func (l *Listener) reserve(a net.Addr) error {
	ip := hostOf(a)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cfg.MaxConns > 0 && l.total >= l.cfg.MaxConns {
		return store.Errorf(store.EUNAVAILABLE, "The other device has as many connections open as it allows (%d). Try again later.", l.cfg.MaxConns)
	}
	if l.cfg.MaxConnsPerIP > 0 && l.perIP[ip] >= l.cfg.MaxConnsPerIP {
		return store.Errorf(store.EUNAVAILABLE, "The other device has as many connections open from this address as it allows (%d). Try again later.", l.cfg.MaxConnsPerIP)
	}
	l.total++
	l.perIP[ip]++
	return nil
}

func (l *Listener) releaser(a net.Addr) func() {
	ip := hostOf(a)
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.total--
		if l.perIP[ip]--; l.perIP[ip] <= 0 {
			delete(l.perIP, ip)
		}
	}
}

// serve runs the handshake of one connection: TLS, then the admission or
// the join. over is the connection limit it is over, if any.
func (l *Listener) serve(raw net.Conn, over error) {
	release := func() {}
	if over == nil {
		release = l.releaser(raw.RemoteAddr())
	}
	addr := raw.RemoteAddr().String()
	// Until the connection is handed to Accept, closing the listener closes it.
	unhook := context.AfterFunc(l.ctx, func() { raw.Close() })
	defer unhook()
	ctx, cancel := context.WithCancel(l.ctx)
	defer cancel()
	if l.cfg.HandshakeTimeout > 0 {
		raw.SetDeadline(time.Now().Add(l.cfg.HandshakeTimeout))
		ctx, cancel = context.WithTimeout(ctx, l.cfg.HandshakeTimeout)
		defer cancel()
	}
	tc := tls.Server(raw, l.tls)
	fail := func(err error) {
		l.cfg.Logf("refused %s: %v", addr, err)
		tc.Close()
		release()
	}
	if err := tc.HandshakeContext(ctx); err != nil {
		var op *net.OpError
		switch {
		case isTimeout(err) || errors.Is(err, context.DeadlineExceeded):
			err = store.Errorf(store.EUNAVAILABLE, "The device at %s did not finish the handshake within %v.", addr, l.cfg.HandshakeTimeout)
		case errors.As(err, &op) && op.Op == "remote error":
			err = store.Errorf(store.EFORBIDDEN, "The device at %s refused this device's certificate (%v): its membership does not hold this device, or is behind.", addr, op.Err)
		}
		fail(fmt.Errorf("TLS handshake: %w", err))
		return
	}
	st := tc.ConnectionState()
	key, err := certKey(peerChain(st))
	if err != nil {
		fail(err)
		return
	}
	if over != nil {
		refuse(tc, over)
		fail(fmt.Errorf("over a connection limit (%d in all, %d per address)", l.cfg.MaxConns, l.cfg.MaxConnsPerIP))
		return
	}
	switch st.NegotiatedProtocol {
	case ALPNJoin:
		err := l.serveJoin(ctx, tc, key)
		if err != nil {
			fail(err)
			return
		}
		tc.Close()
		release()
	case ALPNSync:
		if _, err := l.cfg.Pin(key); err != nil {
			refuse(tc, err)
			if pe := (*PinError)(nil); errors.As(err, &pe) {
				err = pe.aboutPeer(addr)
			}
			fail(fmt.Errorf("device %s: %w", membership.DeviceIDOf(key).String()[:12], err))
			return
		}
		if err := wire.WriteFrame(tc, wire.Frame{Type: wire.TypeAdmitted}); err != nil {
			fail(err)
			return
		}
		raw.SetDeadline(time.Time{})
		unhook()
		c := newConn(tc, key, l.cfg, release)
		select {
		case l.conns <- c:
		case <-l.done:
			c.Close()
		}
	default:
		fail(errors.New("the device offered no Longhand protocol"))
	}
}

func peerChain(st tls.ConnectionState) [][]byte {
	var chain [][]byte
	for _, c := range st.PeerCertificates {
		chain = append(chain, c.Raw)
	}
	return chain
}

// refuse tells the peer why, as a Refused frame carrying err's code and
// sentence; internal details stay in the log.
func refuse(w io.Writer, err error) {
	wire.WriteFrame(w, wire.Frame{Type: wire.TypeRefused,
		Payload: wire.EncodeRefused(wire.Refusal{Code: store.ErrorCode(err), Message: store.ErrorMessage(err)})})
}

// byteReader reads one byte at a time, never a byte past what it is
// asked for, so that what follows an answer stays in the connection.
type byteReader struct{ io.Reader }

func (r byteReader) ReadByte() (byte, error) {
	var b [1]byte
	_, err := io.ReadFull(r.Reader, b[:])
	return b[0], err
}

// readFrame reads one frame of at most limit bytes, refusing a longer one
// before allocating it.
func readFrame(r interface {
	io.Reader
	io.ByteReader
}, limit int) (wire.Frame, error) {
	t, err := r.ReadByte()
	if err != nil {
		return wire.Frame{}, err
	}
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return wire.Frame{}, fmt.Errorf("frame length: %w", err)
	}
	if n > uint64(limit) {
		return wire.Frame{}, fmt.Errorf("a frame of %d bytes, over the %d allowed here", n, limit)
	}
	p := make([]byte, n)
	if _, err := io.ReadFull(r, p); err != nil {
		return wire.Frame{}, fmt.Errorf("frame payload: %w", err)
	}
	return wire.Frame{Type: wire.Type(t), Payload: p}, nil
}

// dial connects to addr on protocol proto, checking the listener's
// certificate with pin (when not nil), within ctx.
func dial(ctx context.Context, addr string, cfg Config, proto string, pin Pinner) (*tls.Conn, ed25519.PublicKey, error) {
	if cfg.Identity == nil {
		return nil, nil, errors.New("transport: dialing needs an identity")
	}
	cert, err := Certificate(cfg.Identity.PrivateKey())
	if err != nil {
		return nil, nil, fmt.Errorf("device certificate: %w", err)
	}
	var key ed25519.PublicKey
	tcfg := &tls.Config{
		MinVersion:   tls.VersionTLS13,
		Certificates: []tls.Certificate{cert},
		NextProtos:   []string{proto},
		ServerName:   "longhand.invalid",
		// Not CAs but the membership decide whom to trust: the check is
		// VerifyPeerCertificate's.
		InsecureSkipVerify: true,
		VerifyPeerCertificate: func(chain [][]byte, _ [][]*x509.Certificate) error {
			k, err := certKey(chain)
			if err != nil {
				return err
			}
			if pin != nil {
				if _, err := pin(k); err != nil {
					if pe := (*PinError)(nil); errors.As(err, &pe) {
						return pe.aboutPeer(addr)
					}
					return store.Errorf(store.ErrorCode(err), "Longhand did not sync with the device at %s: %s", addr, store.ErrorMessage(err))
				}
			}
			key = k
			return nil
		},
	}
	d := cfg.Dialer
	if d == nil {
		d = &net.Dialer{}
	}
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, nil, store.Errorf(store.EUNAVAILABLE, "Longhand cannot reach the device at %s: %v.", addr, unwrapOp(err))
	}
	if dl, ok := ctx.Deadline(); ok {
		raw.SetDeadline(dl)
	}
	tc := tls.Client(raw, tcfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		tc.Close()
		if store.ErrorCode(err) != store.EINTERNAL {
			return nil, nil, err // our own refusal of the listener
		}
		return nil, nil, store.Errorf(store.EUNAVAILABLE, "The device at %s did not complete a secure connection: %v.", addr, err)
	}
	if tc.ConnectionState().NegotiatedProtocol != proto {
		tc.Close()
		return nil, nil, store.Errorf(store.EUNAVAILABLE, "The device at %s does not speak Longhand's protocol %s.", addr, proto)
	}
	return tc, key, nil
}

func unwrapOp(err error) error {
	var op *net.OpError
	if errors.As(err, &op) {
		return op.Err
	}
	return err
}

// Dial connects to the member's device at addr and waits for it to admit
// this device. An error carries a sentence for people: the listener's
// refusal verbatim, or why the listener was not trusted.
func Dial(ctx context.Context, addr string, cfg Config) (*Conn, error) {
	if cfg.Pin == nil {
		return nil, errors.New("transport: Dial needs a pinner")
	}
	cfg = cfg.withDefaults()
	if cfg.HandshakeTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.HandshakeTimeout)
		defer cancel()
	}
	tc, key, err := dial(ctx, addr, cfg, ALPNSync, cfg.Pin)
	if err != nil {
		return nil, err
	}
	// The listener checks this device only after the TLS handshake, so
	// that it can say why it refuses; nothing is sent before its answer.
	// Read unbuffered: the listener's first sync frames may follow at once.
	f, err := readFrame(byteReader{tc}, wire.MaxRefusalText+64)
	if err != nil {
		tc.Close()
		if isTimeout(err) {
			return nil, store.Errorf(store.EUNAVAILABLE, "The device at %s did not answer within %v.", addr, cfg.HandshakeTimeout)
		}
		return nil, store.Errorf(store.EUNAVAILABLE, "The device at %s closed the connection before admitting this device: %v.", addr, err)
	}
	switch {
	case f.Type == wire.TypeAdmitted && len(f.Payload) == 0:
		tc.NetConn().SetDeadline(time.Time{})
		return newConn(tc, key, cfg, nil), nil
	case f.Type == wire.TypeRefused:
		tc.Close()
		return nil, refusal(addr, f.Payload)
	}
	tc.Close()
	return nil, store.Errorf(store.EINVALID, "The device at %s answered with a frame of type %d instead of admitting this device.", addr, f.Type)
}

// refusal turns a Refused frame into the error it carries.
func refusal(addr string, p []byte) error {
	r, err := wire.DecodeRefused(p)
	if err != nil {
		return store.Errorf(store.EINVALID, "The device at %s refused the connection with a malformed answer (%v).", addr, err)
	}
	switch r.Code {
	case store.ECONFLICT, store.EFORBIDDEN, store.EINVALID, store.ENOTFOUND, store.EUNAVAILABLE, store.EINTERNAL:
	default:
		r.Code = store.EUNAVAILABLE
	}
	return store.Errorf(r.Code, "%s", r.Message)
}
