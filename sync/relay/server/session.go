package server

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/seal"
)

// session is one device's connection.
type session struct {
	s      *Server
	ws     *websocket.Conn
	ctx    context.Context
	cancel context.CancelFunc
	secret string // the admission secret the device presented, if any

	pending bool // counted in Server.pending; guarded by Server.mu

	wmu     sync.Mutex // serializes writes
	once    sync.Once
	w       *workspace
	device  membership.DeviceID
	pub     ed25519.PublicKey
	key     string // the device's key in the usage and rate buckets
	subStop context.CancelFunc
	out     chan []byte // live deliveries, written in order by writer
}

// loggedIn stops counting the connection among those logging in.
func (c *session) loggedIn() {
	c.s.mu.Lock()
	if c.pending {
		c.pending = false
		c.s.pending--
	}
	c.s.mu.Unlock()
}

func (c *session) close() {
	c.once.Do(func() {
		c.cancel()
		c.ws.Close()
		if w := c.w; w != nil {
			w.mu.Lock()
			delete(w.conns, c)
			w.mu.Unlock()
			c.s.release(w)
		}
	})
}

func (c *session) send(f relay.Frame) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
	return c.ws.WriteMessage(websocket.BinaryMessage, f.Encode())
}

// refuse sends an error; an error for the connection (id 0) also ends it.
func (c *session) refuse(id uint64, code, msg string) {
	c.send(relay.ErrorFrame{ID: id, Code: code, Message: msg}.Frame())
	if id == 0 {
		c.wmu.Lock()
		c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.ClosePolicyViolation, trim(msg)), time.Now().Add(time.Second))
		c.wmu.Unlock()
		c.close()
	}
}

// trim fits a sentence in a close frame's 123 bytes.
func trim(s string) string {
	if len(s) > 120 {
		return s[:120]
	}
	return s
}

func (c *session) read() (relay.Frame, error) {
	t, b, err := c.ws.ReadMessage()
	if err != nil {
		return relay.Frame{}, err
	}
	if t != websocket.BinaryMessage {
		return relay.Frame{}, store.Errorf(store.EINVALID, "The relay speaks binary frames only.")
	}
	return relay.DecodeFrame(b)
}

func sentence(err error) string {
	var e *store.Error
	if errors.As(err, &e) {
		return e.Error()
	}
	return err.Error()
}

// serve runs the connection: the challenge, the device's answer, its
// membership log, then requests until it closes.
func (c *session) serve() {
	challenge := newChallenge()
	if c.send(relay.Frame{Type: relay.THello, Fields: [][]byte{challenge}}) != nil {
		return
	}
	// One deadline for the whole login; until the device has proved its
	// key for a workspace the relay serves, it may send a few KiB.
	c.ws.SetReadDeadline(time.Now().Add(c.s.cfg.AuthTimeout))
	f, err := c.read()
	if err != nil {
		c.readFailed(err)
		return
	}
	switch f.Type {
	case relay.TJoinHello:
		c.serveJoin(f)
		return
	case relay.TAuth:
	default:
		c.refuse(0, relay.CodeMalformed, "The relay expected the device to authenticate first.")
		return
	}
	a, err := relay.DecodeAuth(f)
	if err != nil {
		c.refuse(0, relay.CodeMalformed, sentence(err))
		return
	}
	if !ed25519.Verify(a.Device, relay.AuthMessage(challenge, a.Workspace), a.Sig) {
		c.refuse(0, relay.CodeAuth, "The device did not prove it holds its key.")
		return
	}
	// Made before login puts the session among the workspace's: presence
	// may be queued for it from then on.
	c.out = make(chan []byte, outBuffer)
	if !c.login(a) {
		return
	}
	c.loggedIn()
	c.ws.SetReadDeadline(time.Time{})
	c.ws.SetReadLimit(relay.MaxMessage)
	go c.writer()
	for {
		f, err := c.read()
		if err != nil {
			c.readFailed(err)
			return
		}
		if !c.handle(f) {
			return
		}
	}
}

// readFailed ends the connection after a read error, saying why when the
// device can still hear it.
func (c *session) readFailed(err error) {
	var se *store.Error
	switch {
	case errors.As(err, &se):
		c.refuse(0, relay.CodeMalformed, se.Error())
	case errors.Is(err, websocket.ErrReadLimit):
		// The WebSocket library already sent a close frame saying the
		// message was too big.
		c.s.logf("relay: a device sent a frame over the limit")
	}
}

// login admits a device that proved its key: the relay must serve the
// workspace, and the device must be in its log once the entries it
// offers are folded in. Nothing is stored, and nothing kept in memory,
// until both hold: a refused login leaves no trace.
func (c *session) login(a relay.Auth) bool {
	// A first connection may hand over a long log.
	ctx, cancel := context.WithTimeout(c.ctx, 6*natsTimeout)
	defer cancel()
	w := c.s.acquire(a.Workspace)
	ok := false
	defer func() {
		if !ok {
			c.s.release(w)
		}
	}()
	unreachable := func(what string, err error) bool {
		c.s.logf("relay: %s of %s: %v", what, w.id, err)
		c.refuse(0, relay.CodeInternal, "The relay cannot reach its store; try again later.")
		return false
	}

	w.mu.Lock()
	err := c.s.lookup(ctx, w)
	how, why := c.s.admits(w, c.secret)
	w.mu.Unlock()
	if err != nil {
		return unreachable("lookup", err)
	}
	if how == notAdmitted {
		if c.s.refusal.Allow() {
			c.s.logf("relay: refused workspace %s: not admitted (--allow-workspace %s would serve it)", w.id, w.id)
		}
		c.refuse(0, relay.CodeAdmission, why)
		return false
	}

	// The log the device offers: in its own frame, asked for only now.
	// (A device of the first protocol sent it in TAuth.)
	entries := a.Entries
	if len(entries) == 0 {
		if c.send(relay.Frame{Type: relay.TSendLog}) != nil {
			return false
		}
		c.ws.SetReadLimit(relay.MaxMessage)
		f, err := c.read()
		if err != nil {
			c.readFailed(err)
			return false
		}
		q, err := relay.DecodeRequest(f, relay.TPutLog)
		if err == nil && q.ID != 0 {
			err = store.Errorf(store.EINVALID, "The relay expected the device's membership log, with request ID 0.")
		}
		if err != nil {
			c.refuse(0, relay.CodeMalformed, sentence(err))
			return false
		}
		entries = q.Items
	}

	c.device, c.pub = deviceOf(a.Device), a.Device
	c.key = usageKey(w.id, c.device)
	w.mu.Lock()
	err = c.s.lookup(ctx, w) // another login may have stored it meanwhile
	if err == nil && w.ready {
		err = c.s.readLog(ctx, w)
	}
	if err != nil {
		w.mu.Unlock()
		return unreachable("membership", err)
	}
	fresh, st, err := w.verify(entries, c.device)
	if err == nil && st.Workspace != w.id {
		err = store.Errorf(store.EFORBIDDEN, "The membership log the device showed is not this workspace's.")
	}
	if err != nil {
		stored := w.ready
		w.mu.Unlock()
		if !stored {
			c.refuse(0, relay.CodeAuth, "The relay does not hold this workspace, and the device did not show a membership log that lists it ("+sentence(err)+").")
		} else {
			c.refuse(0, relay.CodeAuth, sentence(err))
		}
		return false
	}
	// Only now does the relay keep anything.
	switch {
	case !w.ready:
		err = c.s.create(ctx, w, how == admittedNow)
	case how == admittedNow && !w.marked:
		err = c.s.mark(ctx, w)
	}
	if err == nil {
		err = c.s.store(ctx, w, fresh)
	}
	if err != nil {
		w.mu.Unlock()
		return unreachable("store", err)
	}
	w.keep.Store(true)
	c.w = w
	w.conns[c] = true
	ok = true
	role := w.state.RoleOf(c.device)
	u := w.usageOf(c.device)
	log := make([][]byte, len(w.list))
	for i, e := range w.list {
		log[i] = e.Bytes()
	}
	invites := map[string]bool{}
	for id, inv := range w.state.Invites {
		if !inv.Used() && !inv.Revoked && time.Now().Before(inv.Expires) {
			invites[hex.EncodeToString(id[:])] = true
		}
	}
	w.mu.Unlock()

	used, err := c.s.used(ctx, c.key, u)
	if err != nil {
		return unreachable("usage", err)
	}
	info, err := w.stream.Info(ctx)
	if err != nil {
		return unreachable("stream info", err)
	}
	grants, err := readSubject(ctx, w.stream, subject(w.id, "g", hex.EncodeToString(c.device[:])), 0)
	if err != nil {
		return unreachable("grants", err)
	}
	var joins [][]byte
	if role == membership.RoleAdmin || role == membership.RoleMember {
		js, err := readSubject(ctx, w.stream, subject(w.id, "j", "*"), 0)
		if err != nil {
			return unreachable("join requests", err)
		}
		for _, j := range js {
			if inv, err := seal.JoinInvite(j.data); err == nil && invites[hex.EncodeToString(inv[:])] {
				joins = append(joins, j.data)
			}
		}
	}
	gs := make([][]byte, len(grants))
	for i, g := range grants {
		gs[i] = g.data
	}
	for _, f := range []relay.Frame{
		relay.Positioned{Type: relay.TWelcome, ID: uint64(used), Position: info.State.LastSeq,
			Payload: append(relay.U64(uint64(c.s.cfg.DeviceQuota)), relay.U64(uint64(info.Created.UnixNano()))...)}.Frame(),
		relay.List(relay.TLog, log), relay.List(relay.TGrants, gs), relay.List(relay.TJoins, joins),
	} {
		if c.send(f) != nil {
			return false
		}
	}
	return true
}

// handle answers one request; false ends the connection.
func (c *session) handle(f relay.Frame) bool {
	switch f.Type {
	case relay.TPublish, relay.TPutLog, relay.TPutGrants, relay.TPutObject, relay.THasObjects, relay.TGetObjects:
	case relay.TSubscribe:
		p, err := relay.DecodePositioned(f, relay.TSubscribe)
		if err != nil {
			c.refuse(0, relay.CodeMalformed, sentence(err))
			return false
		}
		c.subscribe(p.Position)
		return true
	case relay.TPresence:
		return c.presence(f)
	default:
		c.refuse(0, relay.CodeMalformed, fmt.Sprintf("The relay does not know frames of type %d.", f.Type))
		return false
	}
	q, err := relay.DecodeRequest(f, f.Type)
	if err != nil {
		c.refuse(0, relay.CodeMalformed, sentence(err))
		return false
	}
	w := c.w
	w.mu.Lock()
	member := w.state.IsMember(c.device)
	u := w.usageOf(c.device)
	w.mu.Unlock()
	if !member {
		c.refuse(0, relay.CodeAuth, "This device was removed from the workspace.")
		return false
	}
	ctx, cancel := context.WithTimeout(c.ctx, natsTimeout)
	defer cancel()
	allowed, err := c.s.allow(ctx, c.key, u)
	if err != nil {
		c.s.logf("relay: %s: %v", w.id, err)
		c.refuse(q.ID, relay.CodeInternal, "The relay could not count this request; try again later.")
		return true
	}
	if !allowed {
		c.refuse(q.ID, relay.CodeQuota, "This device is sending faster than the relay allows; it will retry shortly.")
		return true
	}
	var pos uint64
	answered := false // the request sent its own answer
	switch q.Type {
	case relay.THasObjects:
		err, answered = c.hasObjects(ctx, q.ID, q.Items), true
	case relay.TGetObjects:
		err, answered = c.getObjects(ctx, q.ID, q.Items), true
	case relay.TPutObject:
		err = c.putObject(ctx, q.Items[0], q.Items[1])
	case relay.TPublish:
		pos, err = c.publish(ctx, q.Items[0])
	case relay.TPutLog:
		w.mu.Lock()
		err = c.s.merge(ctx, w, c.device, q.Items)
		w.mu.Unlock()
	case relay.TPutGrants:
		err = c.putGrants(ctx, q.Items)
	}
	if err != nil {
		var qe *quotaError
		switch {
		case errors.As(err, &qe):
			c.refuse(q.ID, relay.CodeQuota, qe.msg)
		case store.ErrorCode(err) == store.EINTERNAL:
			c.s.logf("relay: %s: %v", w.id, err)
			c.refuse(q.ID, relay.CodeInternal, "The relay could not store this; try again later.")
		default:
			c.refuse(q.ID, relay.CodeRefused, sentence(err))
		}
		return true
	}
	if answered {
		return true
	}
	return c.send(relay.Positioned{Type: relay.TAck, ID: q.ID, Position: pos}.Frame()) == nil
}

// publish checks an envelope's header and signature and stores it. A
// snapshot, whole or as a list of chunks, drops the envelopes of its
// document that it covers.
func (c *session) publish(ctx context.Context, env []byte) (uint64, error) {
	h, err := seal.Parse(env)
	if err != nil {
		if store.ErrorCode(err) == store.EINTERNAL {
			return 0, store.Errorf(store.EINVALID, "The envelope is malformed: %v.", err)
		}
		return 0, err
	}
	if !bytes.Equal(h.Sender, c.pub) {
		return 0, store.Errorf(store.EFORBIDDEN, "The envelope is signed by another device than this connection's.")
	}
	if h.Kind == seal.KindPresence {
		return 0, store.Errorf(store.EINVALID, "Presence is forwarded, never stored: send it as presence.")
	}
	w := c.w
	w.mu.Lock()
	u := w.usageOf(c.device)
	w.mu.Unlock()
	n := int64(len(env))
	if _, err := c.s.addUsage(ctx, c.key, u, n, c.s.cfg.DeviceQuota); err != nil {
		return 0, err
	}
	subj := subject(w.id, "d", hex.EncodeToString(h.Doc[:]))
	ack, err := c.s.js.Publish(ctx, subj, env, jetstream.WithMsgID(msgID(env)))
	if err != nil {
		c.s.giveBack(c.key, u, n)
		return 0, fmt.Errorf("store envelope: %w", err)
	}
	if ack.Duplicate {
		c.s.giveBack(c.key, u, n) // stored before: counted then
	}
	if h.Kind.Compacts() && h.Covers > 0 && h.Covers < ack.Sequence {
		c.compact(ctx, subj, h.Covers)
	}
	return ack.Sequence, nil
}

// compact drops the envelopes of a document up to what a snapshot
// covers, which are in the snapshot, and gives their senders the space
// back.
func (c *session) compact(ctx context.Context, subj string, covers uint64) {
	w := c.w
	msgs, err := readSubject(ctx, w.stream, subj, 0)
	if err != nil {
		c.s.logf("relay: compact %s: %v", w.id, err)
		return
	}
	freed := map[membership.DeviceID]int64{}
	for _, m := range msgs {
		if m.seq > covers {
			break
		}
		if len(m.data) >= seal.HeaderSize {
			// Stored envelopes were checked on the way in: the sender's
			// key sits after the version, kind, key ID and blinded ID.
			freed[deviceOf(m.data[66:98])] += int64(len(m.data))
		}
	}
	if err := w.stream.Purge(ctx, jetstream.WithPurgeSubject(subj), jetstream.WithPurgeSequence(covers+1)); err != nil {
		c.s.logf("relay: compact %s: %v", w.id, err)
		return
	}
	for d, n := range freed {
		w.mu.Lock()
		u := w.usageOf(d)
		w.mu.Unlock()
		if _, err := c.s.addUsage(ctx, usageKey(w.id, d), u, -n, 0); err != nil {
			c.s.logf("relay: compact %s: give back: %v", w.id, err)
		}
	}
}

func msgID(b []byte) string {
	h := sha256sum(b)
	return hex.EncodeToString(h[:16])
}

// putGrants stores epoch keys wrapped for devices. The granter must be an
// admin's or member's device and the recipient a device of the workspace.
func (c *session) putGrants(ctx context.Context, items [][]byte) error {
	w := c.w
	for _, raw := range items {
		g, err := seal.ParseGrant(raw)
		if err != nil {
			return err
		}
		w.mu.Lock()
		role := w.state.RoleOf(deviceOf(g.Granter))
		recipient := w.state.RoleOf(g.Recipient)
		w.mu.Unlock()
		if !bytes.Equal(g.Granter, c.pub) {
			return store.Errorf(store.EFORBIDDEN, "A key grant is signed by another device than this connection's.")
		}
		if role != membership.RoleAdmin && role != membership.RoleMember {
			return store.Errorf(store.EFORBIDDEN, "Only an admin's or a member's device can grant keys.")
		}
		if recipient == 0 {
			return store.Errorf(store.EFORBIDDEN, "A key grant is for a device that is not in the workspace.")
		}
		if recipient == membership.RoleGuest {
			return store.Errorf(store.EFORBIDDEN, "A guest's device is not given the workspace's key: it opens every space.")
		}
		if _, err := c.s.js.Publish(ctx, subject(w.id, "g", hex.EncodeToString(g.Recipient[:])), raw, jetstream.WithMsgID(msgID(raw))); err != nil {
			return fmt.Errorf("store grant: %w", err)
		}
	}
	return nil
}

// subscribe delivers the envelopes after position from, then new ones as
// they are stored, until the connection ends or the device subscribes
// again.
func (c *session) subscribe(from uint64) {
	if c.subStop != nil {
		c.subStop()
	}
	ctx, stop := context.WithCancel(c.ctx)
	c.subStop = stop
	go func() {
		defer stop()
		if err := c.deliver(ctx, from); err != nil && ctx.Err() == nil {
			c.s.logf("relay: deliver to %s: %v", c.w.id, err)
			c.refuse(0, relay.CodeInternal, "The relay lost its store; connect again.")
		}
	}()
}

func (c *session) deliver(ctx context.Context, from uint64) error {
	w := c.w
	// The feed is in place before catching up, so that nothing published
	// meanwhile falls between the two.
	f, err := c.s.startFeed(ctx, w)
	if err != nil {
		return err
	}
	sb := &sub{c: c}
	defer f.leave(sb)
	for {
		last, err := c.catchUp(ctx, from)
		if err != nil || ctx.Err() != nil {
			return err
		}
		if err := c.send(relay.Positioned{Type: relay.TCaughtUp, Position: last}.Frame()); err != nil {
			return nil
		}
		if f.join(sb, last) {
			<-ctx.Done()
			return nil
		}
		from = last // the ring moved on meanwhile: catch up again
	}
}

// catchUp sends the envelopes stored after from, through a consumer of
// its own, and returns the last position sent.
func (c *session) catchUp(ctx context.Context, from uint64) (uint64, error) {
	w := c.w
	_, err := w.stream.GetMsg(ctx, from+1, jetstream.WithGetMsgSubject(subject(w.id, "d", ">")))
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return from, nil
	}
	if err != nil {
		return from, err
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cons, err := w.stream.OrderedConsumer(cctx, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{subject(w.id, "d", ">")},
		DeliverPolicy:  jetstream.DeliverByStartSequencePolicy, OptStartSeq: from + 1,
		InactiveThreshold: 10 * time.Second, // the server drops it soon after the catch-up
	})
	if err != nil {
		return from, err
	}
	it, err := cons.Messages()
	if err != nil {
		return from, err
	}
	defer it.Stop()
	go func() {
		<-cctx.Done()
		it.Stop()
	}()
	last := from
	for {
		m, err := it.Next()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, jetstream.ErrMsgIteratorClosed) {
				return last, nil
			}
			if errors.Is(err, nats.ErrConnectionReconnecting) || errors.Is(err, nats.ErrTimeout) {
				continue
			}
			return last, err
		}
		md, err := m.Metadata()
		if err != nil {
			continue
		}
		if err := c.send(relay.Positioned{Type: relay.TDeliver, Position: md.Sequence.Stream, Payload: m.Data()}.Frame()); err != nil {
			return last, nil
		}
		last = md.Sequence.Stream
		if md.NumPending == 0 {
			return last, nil
		}
	}
}

// serveJoin serves a device that holds an invitation: it may read the
// membership log (to seal its request to the member devices) and leave
// one sealed join request for the invitation.
func (c *session) serveJoin(f relay.Frame) {
	j, err := relay.DecodeJoinHello(f)
	if err != nil {
		c.refuse(0, relay.CodeMalformed, sentence(err))
		return
	}
	ctx, cancel := context.WithTimeout(c.ctx, natsTimeout)
	defer cancel()
	w := c.s.acquire(j.Workspace)
	defer c.s.release(w)
	w.mu.Lock()
	err = c.s.lookup(ctx, w)
	how, why := c.s.admits(w, c.secret)
	if err == nil && w.ready && how != notAdmitted {
		err = c.s.readLog(ctx, w)
	}
	stored := w.ready
	inv := w.state.Invites[membership.InviteID(j.Invite)]
	open := stored && inv != nil && !inv.Used() && !inv.Revoked && time.Now().Before(inv.Expires)
	log := make([][]byte, len(w.list))
	for i, e := range w.list {
		log[i] = e.Bytes()
	}
	w.mu.Unlock()
	if err != nil {
		c.s.logf("relay: join %s: %v", w.id, err)
		c.refuse(0, relay.CodeInternal, "The relay cannot reach its store; try again later.")
		return
	}
	if stored && how == notAdmitted {
		c.refuse(0, relay.CodeAdmission, why)
		return
	}
	if !open {
		c.refuse(0, relay.CodeAuth, "The relay knows no open invitation with this code; it may have been used, withdrawn, or not yet sent to the relay by the inviter.")
		return
	}
	if c.send(relay.List(relay.TLog, log)) != nil {
		return
	}
	// A join request is sealed to every member device: it may be long.
	c.ws.SetReadLimit(relay.MaxMessage)
	c.ws.SetReadDeadline(time.Now().Add(c.s.cfg.AuthTimeout))
	f, err = c.read()
	if err != nil {
		c.readFailed(err)
		return
	}
	q, err := relay.DecodeRequest(f, relay.TPutJoin)
	if err != nil {
		c.refuse(0, relay.CodeMalformed, sentence(err))
		return
	}
	got, err := seal.JoinInvite(q.Items[0])
	if err != nil || got != j.Invite {
		c.refuse(q.ID, relay.CodeRefused, "The join request is malformed or for another invitation.")
		return
	}
	// One request per invitation: a new one replaces the last.
	m := nats.NewMsg(subject(w.id, "j", hex.EncodeToString(j.Invite[:])))
	m.Data = q.Items[0]
	m.Header.Set(jetstream.MsgRollup, jetstream.MsgRollupSubject)
	pctx, pcancel := context.WithTimeout(c.ctx, natsTimeout)
	defer pcancel()
	ack, err := c.s.js.PublishMsg(pctx, m)
	if err != nil {
		c.refuse(q.ID, relay.CodeInternal, "The relay could not store the request; try again later.")
		return
	}
	c.send(relay.Positioned{Type: relay.TAck, ID: q.ID, Position: ack.Sequence}.Frame())
}
