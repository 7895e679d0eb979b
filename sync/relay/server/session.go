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

	wmu     sync.Mutex // serializes writes
	once    sync.Once
	w       *workspace
	device  membership.DeviceID
	pub     ed25519.PublicKey
	subStop context.CancelFunc
	out     chan []byte // live deliveries, written in order by writer
}

func (c *session) close() {
	c.once.Do(func() {
		c.cancel()
		c.ws.Close()
		if c.w != nil {
			c.w.mu.Lock()
			delete(c.w.conns, c)
			c.w.mu.Unlock()
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

// serve runs the connection: the challenge, the device's answer, then
// requests until it closes.
func (c *session) serve() {
	challenge := newChallenge()
	if c.send(relay.Frame{Type: relay.THello, Fields: [][]byte{challenge}}) != nil {
		return
	}
	c.ws.SetReadDeadline(time.Now().Add(authTimeout))
	f, err := c.read()
	if err != nil {
		c.readFailed(err)
		return
	}
	c.ws.SetReadDeadline(time.Time{})
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
	if !c.authenticate(a) {
		return
	}
	c.out = make(chan []byte, outBuffer)
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
		c.s.logf("relay: a device sent a frame over %d bytes", relay.MaxMessage)
	}
}

func (c *session) authenticate(a relay.Auth) bool {
	// A first connection may hand over a long log.
	ctx, cancel := context.WithTimeout(c.ctx, 6*natsTimeout)
	defer cancel()
	w := c.s.workspace(a.Workspace)
	w.mu.Lock()
	err := c.s.open(ctx, w, false)
	if err == nil && !w.ready {
		// A workspace new to the relay: only a device its own log lists
		// brings it in.
		if !founds(a) {
			w.mu.Unlock()
			c.refuse(0, relay.CodeAuth, "The relay does not know this workspace, and the device did not show a membership log that lists it.")
			return false
		}
		err = c.s.open(ctx, w, true)
	}
	if err == nil && len(a.Entries) > 0 {
		err = c.s.merge(ctx, w, a.Entries)
	}
	if err != nil {
		w.mu.Unlock()
		code := relay.CodeInternal
		if store.ErrorCode(err) != store.EINTERNAL {
			code = relay.CodeAuth
		}
		c.refuse(0, code, sentence(err))
		return false
	}
	c.device, c.pub = deviceOf(a.Device), a.Device
	if w.state.Devices[c.device] == nil {
		w.mu.Unlock()
		c.refuse(0, relay.CodeAuth, "This device is not in the workspace's membership, or was removed from it.")
		return false
	}
	c.w = w
	w.conns[c] = true
	role := w.state.RoleOf(c.device)
	u := w.usageOf(c.s, ctx, c.device)
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
	used := u.bytes
	w.mu.Unlock()

	unreachable := func(what string, err error) bool {
		c.s.logf("relay: %s of %s: %v", what, w.id, err)
		c.refuse(0, relay.CodeInternal, "The relay cannot reach its store; try again later.")
		return false
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

// founds reports whether the entries a device offers fold to the
// workspace it asks for, with the device in it.
func founds(a relay.Auth) bool {
	var es []*membership.Entry
	for _, raw := range a.Entries {
		e, err := membership.Decode(raw)
		if err != nil {
			return false
		}
		es = append(es, e)
	}
	st, _ := membership.Fold(es)
	return st.Workspace == a.Workspace && st.Devices[deviceOf(a.Device)] != nil
}

// handle answers one request; false ends the connection.
func (c *session) handle(f relay.Frame) bool {
	switch f.Type {
	case relay.TPublish, relay.TPutLog, relay.TPutGrants:
	case relay.TSubscribe:
		p, err := relay.DecodePositioned(f, relay.TSubscribe)
		if err != nil {
			c.refuse(0, relay.CodeMalformed, sentence(err))
			return false
		}
		c.subscribe(p.Position)
		return true
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
	member := w.state.Devices[c.device] != nil
	u := w.usageOf(c.s, c.ctx, c.device)
	allowed := u.limiter.Allow()
	w.mu.Unlock()
	if !member {
		c.refuse(0, relay.CodeAuth, "This device was removed from the workspace.")
		return false
	}
	if !allowed {
		c.refuse(q.ID, relay.CodeQuota, "This device is sending faster than the relay allows; it will retry shortly.")
		return true
	}
	ctx, cancel := context.WithTimeout(c.ctx, natsTimeout)
	defer cancel()
	var pos uint64
	switch q.Type {
	case relay.TPublish:
		pos, err = c.publish(ctx, q.Items[0])
	case relay.TPutLog:
		w.mu.Lock()
		err = c.s.open(ctx, w, false)
		if err == nil {
			err = c.s.merge(ctx, w, q.Items)
		}
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
	return c.send(relay.Positioned{Type: relay.TAck, ID: q.ID, Position: pos}.Frame()) == nil
}

type quotaError struct{ msg string }

func (e *quotaError) Error() string { return e.msg }

// publish checks an envelope's header and signature and stores it. A
// snapshot drops the envelopes of its document that it covers.
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
	w := c.w
	w.mu.Lock()
	u := w.usageOf(c.s, ctx, c.device)
	if u.bytes+int64(len(env)) > c.s.cfg.DeviceQuota {
		w.mu.Unlock()
		return 0, &quotaError{fmt.Sprintf("This device has used its %d MiB on the relay; compact documents or ask the relay's operator for more.", c.s.cfg.DeviceQuota>>20)}
	}
	u.bytes += int64(len(env))
	total := u.bytes
	w.mu.Unlock()
	subj := subject(w.id, "d", hex.EncodeToString(h.Doc[:]))
	ack, err := c.s.js.Publish(ctx, subj, env, jetstream.WithMsgID(msgID(env)))
	if err != nil {
		w.mu.Lock()
		u.bytes -= int64(len(env))
		w.mu.Unlock()
		return 0, fmt.Errorf("store envelope: %w", err)
	}
	c.s.markDirty(w, c.device, total)
	if h.Kind == seal.KindSnapshot && h.Covers > 0 && h.Covers < ack.Sequence {
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
	w.mu.Lock()
	defer w.mu.Unlock()
	for d, n := range freed {
		u := w.usageOf(c.s, ctx, d)
		u.bytes = max(0, u.bytes-n)
		c.s.markDirty(w, d, u.bytes)
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
	w := c.s.workspace(j.Workspace)
	w.mu.Lock()
	err = c.s.open(ctx, w, false)
	inv := w.state.Invites[membership.InviteID(j.Invite)]
	open := inv != nil && !inv.Used() && !inv.Revoked && time.Now().Before(inv.Expires)
	log := make([][]byte, len(w.list))
	for i, e := range w.list {
		log[i] = e.Bytes()
	}
	w.mu.Unlock()
	if err != nil {
		c.refuse(0, relay.CodeInternal, "The relay cannot reach its store; try again later.")
		return
	}
	if !open {
		c.refuse(0, relay.CodeAuth, "The relay knows no open invitation with this code; it may have been used, withdrawn, or not yet sent to the relay by the inviter.")
		return
	}
	if c.send(relay.List(relay.TLog, log)) != nil {
		return
	}
	c.ws.SetReadDeadline(time.Now().Add(2 * time.Minute))
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
	ack, err := c.s.js.PublishMsg(ctx, m)
	if err != nil {
		c.refuse(q.ID, relay.CodeInternal, "The relay could not store the request; try again later.")
		return
	}
	c.send(relay.Positioned{Type: relay.TAck, ID: q.ID, Position: ack.Sequence}.Frame())
}
