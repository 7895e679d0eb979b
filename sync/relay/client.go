package relay

import (
	"context"
	"crypto/ed25519"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	neturl "net/url"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/longhand/longhand/store"
)

// Signer signs with the device's key; sync/crypto's Identity is one.
type Signer interface {
	PublicKey() ed25519.PublicKey
	Sign(msg []byte) []byte
}

// Event is something the relay sent that no request waits for.
type Event struct {
	Type     Type   // TDeliver, TCaughtUp, TPresenceOf, or TError for the end of the connection
	Position uint64 // of the envelope delivered, or the position caught up to
	Envelope []byte
	Err      error // with TError: why the connection ended
}

// Welcome is what the relay says after authenticating a device.
type Welcome struct {
	Position uint64 // the workspace stream's last position
	Used     int64  // envelope bytes this device stores
	Quota    int64  // the most it may store
	// Incarnation names the relay's stream for this workspace: it changes
	// when the relay lost its store and started again.
	Incarnation uint64
	Log         [][]byte // the membership log as the relay holds it
	Grants      [][]byte // epoch keys wrapped for this device
	Joins       [][]byte // sealed join requests for open invitations (admins and members only)
}

// Client is a device's connection to a relay.
type Client struct {
	ws      *websocket.Conn
	Welcome Welcome
	events  chan Event

	wmu     sync.Mutex
	mu      sync.Mutex
	nextID  uint64
	pending map[uint64]chan result
	objects map[uint64]*objectWait // objects arriving for a TGetObjects not done yet
	err     error
	done    chan struct{}
}

type result struct {
	pos   uint64
	items [][]byte // THeld: the names held
	err   error
}

// Dialer opens WebSocket connections; TLS is nil for the system roots.
type Dialer struct {
	TLS     *tls.Config
	Timeout time.Duration
	// NetDial, when set, makes the TCP connections (through a proxy, or
	// counted by a benchmark); net.Dialer's by default.
	NetDial func(ctx context.Context, network, addr string) (net.Conn, error)
}

// SplitAdmission takes the admission secret out of a relay address:
// wss://host/v1?admit=SECRET is dialed as wss://host/v1 with SECRET in
// the AdmissionHeader. An address without one is returned as it is.
func SplitAdmission(addr string) (dial, secret string) {
	u, err := neturl.Parse(addr)
	if err != nil || !u.Query().Has("admit") {
		return addr, ""
	}
	q := u.Query()
	secret = q.Get("admit")
	q.Del("admit")
	u.RawQuery = q.Encode()
	return u.String(), secret
}

func (d Dialer) dial(ctx context.Context, url string) (*websocket.Conn, error) {
	t := d.Timeout
	if t == 0 {
		t = 15 * time.Second
	}
	url, secret := SplitAdmission(url)
	h := http.Header{}
	if secret != "" {
		h.Set(AdmissionHeader, secret)
	}
	wd := websocket.Dialer{TLSClientConfig: d.TLS, HandshakeTimeout: t, ReadBufferSize: 64 << 10, WriteBufferSize: 64 << 10,
		NetDialContext: d.NetDial}
	c, resp, err := wd.DialContext(ctx, url, h)
	if err != nil {
		if resp != nil {
			return nil, store.Errorf(store.EUNAVAILABLE, "The relay at %s answered %s instead of the relay protocol.", url, resp.Status)
		}
		return nil, store.Errorf(store.EUNAVAILABLE, "The relay at %s cannot be reached: %v.", url, err)
	}
	c.SetReadLimit(MaxMessage)
	return c, nil
}

func readFrame(c *websocket.Conn) (Frame, error) {
	t, b, err := c.ReadMessage()
	if err != nil {
		return Frame{}, err
	}
	if t != websocket.BinaryMessage {
		return Frame{}, store.Errorf(store.EINVALID, "The relay sent a text message.")
	}
	f, err := DecodeFrame(b)
	if err != nil {
		return Frame{}, err
	}
	if f.Type == TError {
		e, err := DecodeError(f)
		if err != nil {
			return Frame{}, err
		}
		return Frame{}, e
	}
	return f, nil
}

func challenge(c *websocket.Conn) ([]byte, error) {
	f, err := readFrame(c)
	if err != nil {
		return nil, err
	}
	if f.Type != THello || len(f.Fields) != 1 || len(f.Fields[0]) < 16 {
		return nil, store.Errorf(store.EINVALID, "The relay did not start with a challenge.")
	}
	return f.Fields[0], nil
}

// Dial connects to the relay at url (wss://host/v1, with ?admit=SECRET to
// bring a workspace the relay does not serve yet), proves this device
// holds its key, and, once the relay says it serves the workspace, hands
// it the membership entries it may lack.
func (d Dialer) Dial(ctx context.Context, url string, ws store.DocID, s Signer, entries [][]byte) (*Client, error) {
	conn, err := d.dial(ctx, url)
	if err != nil {
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	ch, err := challenge(conn)
	if err != nil {
		conn.Close()
		return nil, err
	}
	a := Auth{Workspace: ws, Device: s.PublicKey(), Sig: s.Sign(AuthMessage(ch, ws))}
	if err := conn.WriteMessage(websocket.BinaryMessage, a.Frame().Encode()); err != nil {
		conn.Close()
		return nil, err
	}
	// The relay asks for the log once it has checked the key and that it
	// serves the workspace; a relay of the first protocol welcomes at once.
	first, err := readFrame(conn)
	if err == nil && first.Type == TSendLog {
		err = conn.WriteMessage(websocket.BinaryMessage, Request{Type: TPutLog, Items: entries}.Frame().Encode())
		if err == nil {
			first, err = readFrame(conn)
		}
	}
	if err != nil {
		conn.Close()
		return nil, err
	}
	c := &Client{ws: conn, events: make(chan Event, 1024), pending: map[uint64]chan result{},
		objects: map[uint64]*objectWait{}, done: make(chan struct{})}
	for i, t := range []Type{TWelcome, TLog, TGrants, TJoins} {
		f := first
		if i > 0 {
			f, err = readFrame(conn)
		}
		if err == nil && f.Type != t {
			err = store.Errorf(store.EINVALID, "The relay sent frame %d where %d belongs.", f.Type, t)
		}
		if err != nil {
			conn.Close()
			return nil, err
		}
		switch t {
		case TWelcome:
			p, err := DecodePositioned(f, TWelcome)
			if err != nil {
				conn.Close()
				return nil, err
			}
			c.Welcome.Position, c.Welcome.Used = p.Position, int64(p.ID)
			c.Welcome.Quota = int64(uint64FromBytes(p.Payload[:8]))
			c.Welcome.Incarnation = uint64FromBytes(p.Payload[8:])
		case TLog:
			c.Welcome.Log = f.Fields
		case TGrants:
			c.Welcome.Grants = f.Fields
		case TJoins:
			c.Welcome.Joins = f.Fields
		}
	}
	go c.readLoop()
	return c, nil
}

func uint64FromBytes(b []byte) uint64 {
	var v uint64
	for _, x := range b {
		v = v<<8 | uint64(x)
	}
	return v
}

// Events delivers envelopes and positions caught up to; it is closed when
// the connection ends, after an event of type TError saying why.
func (c *Client) Events() <-chan Event { return c.events }

func (c *Client) readLoop() {
	defer close(c.events)
	var err error
	for {
		var f Frame
		f, err = readFrame(c.ws)
		var ef *ErrorFrame
		if errors.As(err, &ef) && ef.ID != 0 {
			c.finish(ef.ID, result{err: ef})
			continue
		}
		if err != nil {
			break
		}
		switch f.Type {
		case TAck:
			p, e := DecodePositioned(f, TAck)
			if e != nil {
				err = e
				break
			}
			c.finish(p.ID, result{pos: p.Position})
			continue
		case THeld:
			q, e := DecodeRequest(f, THeld)
			if e != nil {
				err = e
				break
			}
			c.finish(q.ID, result{items: q.Items})
			continue
		case TObject:
			q, e := DecodeRequest(f, TObject)
			if e != nil {
				err = e
				break
			}
			c.mu.Lock()
			e = c.objects[q.ID].take(q.Items[0], q.Items[1])
			c.mu.Unlock()
			if e != nil {
				err = e
				break
			}
			continue
		case TPresenceOf:
			if len(f.Fields) != 1 || len(f.Fields[0]) > MaxPresence {
				err = store.Errorf(store.EINVALID, "The relay forwarded a malformed presence.")
				break
			}
			c.events <- Event{Type: TPresenceOf, Envelope: f.Fields[0]}
			continue
		case TDeliver, TCaughtUp:
			p, e := DecodePositioned(f, f.Type)
			if e != nil {
				err = e
				break
			}
			c.events <- Event{Type: f.Type, Position: p.Position, Envelope: p.Payload}
			continue
		default:
			err = store.Errorf(store.EINVALID, "The relay sent an unexpected frame of type %d.", f.Type)
		}
		break
	}
	c.ws.Close()
	c.mu.Lock()
	c.err = err
	for id, ch := range c.pending {
		ch <- result{err: err}
		delete(c.pending, id)
	}
	c.mu.Unlock()
	close(c.done)
	c.events <- Event{Type: TError, Err: err}
}

func (c *Client) finish(id uint64, r result) {
	c.mu.Lock()
	ch := c.pending[id]
	delete(c.pending, id)
	delete(c.objects, id)
	c.mu.Unlock()
	if ch != nil {
		ch <- r
	}
}

func (c *Client) write(f Frame) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.ws.SetWriteDeadline(time.Now().Add(30 * time.Second))
	return c.ws.WriteMessage(websocket.BinaryMessage, f.Encode())
}

// request sends a request and waits for its answer.
func (c *Client) request(ctx context.Context, t Type, items [][]byte) (uint64, error) {
	r := c.ask(ctx, t, items, nil)
	return r.pos, r.err
}

// objectWait collects the objects a TGetObjects asked for, as they come.
// Only the names asked are kept, each once, so a relay cannot make a
// device hold more than the request's MaxGetNames objects of at most a
// frame each, however many it sends.
type objectWait struct {
	asked map[[NameSize]byte]bool
	got   map[[NameSize]byte][]byte
}

// take keeps an object the request asked for; one it did not ask for ends
// the connection. A frame for a request already done (or never made) is
// dropped: the answer may have crossed it.
func (w *objectWait) take(name, object []byte) error {
	if w == nil {
		return nil
	}
	n := [NameSize]byte(name)
	if !w.asked[n] {
		return store.Errorf(store.EINVALID, "The relay sent an object this device did not ask for.")
	}
	w.got[n] = object
	return nil
}

// ask sends a request and waits for its answer; objects, when not nil,
// collects the TObject frames that come before it.
func (c *Client) ask(ctx context.Context, t Type, items [][]byte, objects *objectWait) result {
	ch := make(chan result, 1)
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return result{err: c.err}
	}
	c.nextID++
	id := c.nextID
	c.pending[id] = ch
	if objects != nil {
		c.objects[id] = objects
	}
	c.mu.Unlock()
	if err := c.write(Request{Type: t, ID: id, Items: items}.Frame()); err != nil {
		c.finish(id, result{})
		return result{err: fmt.Errorf("send to relay: %w", err)}
	}
	select {
	case r := <-ch:
		return r
	case <-ctx.Done():
		c.finish(id, result{})
		return result{err: ctx.Err()}
	}
}

// PutObject stores a sealed object (a chunk or a manifest of a file)
// under its blinded name. An object stored before under the name is kept
// and counted once.
func (c *Client) PutObject(ctx context.Context, name [NameSize]byte, obj []byte) error {
	_, err := c.request(ctx, TPutObject, [][]byte{name[:], obj})
	return err
}

// HasObjects returns which of names the relay holds, asking MaxHasNames at
// a time.
func (c *Client) HasObjects(ctx context.Context, names [][NameSize]byte) (map[[NameSize]byte]bool, error) {
	held := map[[NameSize]byte]bool{}
	for len(names) > 0 {
		n := min(len(names), MaxHasNames)
		items := make([][]byte, n)
		asked := map[[NameSize]byte]bool{}
		for i, name := range names[:n] {
			items[i] = name[:]
			asked[name] = true
		}
		names = names[n:]
		r := c.ask(ctx, THasObjects, items, nil)
		if r.err != nil {
			return nil, r.err
		}
		for _, it := range r.items {
			if !asked[[NameSize]byte(it)] {
				return nil, store.Errorf(store.EINVALID, "The relay said it holds an object this device did not ask about.")
			}
			held[[NameSize]byte(it)] = true
		}
	}
	return held, nil
}

// GetObjects returns the objects the relay holds of names, at most
// MaxGetNames; a name the relay lacks is not in the map. The bytes are as
// the relay sent them: the caller opens and checks each.
func (c *Client) GetObjects(ctx context.Context, names [][NameSize]byte) (map[[NameSize]byte][]byte, error) {
	if len(names) == 0 || len(names) > MaxGetNames {
		return nil, store.Errorf(store.EINVALID, "Ask for 1 to %d objects at a time, not %d.", MaxGetNames, len(names))
	}
	items := make([][]byte, len(names))
	w := &objectWait{asked: map[[NameSize]byte]bool{}, got: map[[NameSize]byte][]byte{}}
	for i, name := range names {
		items[i] = name[:]
		w.asked[name] = true
	}
	if r := c.ask(ctx, TGetObjects, items, w); r.err != nil {
		return nil, r.err
	}
	return w.got, nil
}

// Publish stores an envelope and returns its position.
func (c *Client) Publish(ctx context.Context, env []byte) (uint64, error) {
	return c.request(ctx, TPublish, [][]byte{env})
}

// PutLog hands the relay membership entries, parents first.
func (c *Client) PutLog(ctx context.Context, entries [][]byte) error {
	_, err := c.request(ctx, TPutLog, entries)
	return err
}

// PutGrants stores epoch keys wrapped for devices.
func (c *Client) PutGrants(ctx context.Context, grants [][]byte) error {
	_, err := c.request(ctx, TPutGrants, grants)
	return err
}

// Subscribe asks for every envelope after position from, then new ones.
func (c *Client) Subscribe(from uint64) error {
	return c.write(Positioned{Type: TSubscribe, Position: from}.Frame())
}

// Presence hands the relay a sealed presence envelope to forward to the
// workspace's devices connected now. Nothing answers it.
func (c *Client) Presence(env []byte) error {
	return c.write(Frame{Type: TPresence, Fields: [][]byte{env}})
}

// Send writes raw bytes as one message; for tests of the relay's refusals.
func (c *Client) Send(b []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.ws.WriteMessage(websocket.BinaryMessage, b)
}

// Done is closed when the connection has ended.
func (c *Client) Done() <-chan struct{} { return c.done }

// Err returns why the connection ended, once it has.
func (c *Client) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Close ends the connection.
func (c *Client) Close() error {
	c.wmu.Lock()
	c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
	c.wmu.Unlock()
	return c.ws.Close()
}

// Join leaves a join request at the relay for a workspace this device is
// invited to: the relay hands over the membership log (after checking the
// invitation is open), seal turns it into a request sealed to the member
// devices, and the relay keeps it for any admin or member device.
func (d Dialer) Join(ctx context.Context, url string, ws store.DocID, invite [16]byte, seal func(log [][]byte) ([]byte, error)) error {
	conn, err := d.dial(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if _, err := challenge(conn); err != nil {
		return err
	}
	if err := conn.WriteMessage(websocket.BinaryMessage, JoinHello{Workspace: ws, Invite: invite}.Frame().Encode()); err != nil {
		return err
	}
	f, err := readFrame(conn)
	if err != nil {
		return err
	}
	if f.Type != TLog {
		return store.Errorf(store.EINVALID, "The relay did not send the membership log.")
	}
	sealed, err := seal(f.Fields)
	if err != nil {
		return err
	}
	if err := conn.WriteMessage(websocket.BinaryMessage, Request{Type: TPutJoin, ID: 1, Items: [][]byte{sealed}}.Frame().Encode()); err != nil {
		return err
	}
	f, err = readFrame(conn)
	if err != nil {
		return err
	}
	if f.Type != TAck {
		return store.Errorf(store.EINVALID, "The relay did not confirm the join request.")
	}
	return nil
}
