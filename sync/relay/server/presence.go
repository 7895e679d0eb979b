package server

import (
	"bytes"
	"strings"

	"github.com/nats-io/nats.go"
	"golang.org/x/time/rate"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/presence"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/seal"
)

// Presence crosses the relay on core NATS, never JetStream: a device's
// sealed presence envelope is published on a subject outside every
// stream, heard by each relay process on the same NATS, and written to
// the workspace's other devices connected there now. Nothing is stored,
// and nothing counts against a quota; a device's rate of presence is
// bounded by each relay it talks to.

// presenceSubject is where relays pass presence to each other. It lies
// outside the workspace streams' subjects (lh.<workspace>.>).
func presenceSubject(ws string) string { return "lhrelay.presence." + ws }

// presence checks a device's presence envelope and passes it on; one that
// fails is dropped with a line in the log (rate-limited, as a flood of
// them would flood the log). It returns false when the device is no
// longer a member, which ends its connection.
func (c *session) presence(f relay.Frame) bool {
	w := c.w
	drop := func(why string) bool {
		if c.s.refusal.Allow() {
			c.s.logf("relay: %s: dropped presence from device %s: %s", w.id, c.device, why)
		}
		return true
	}
	if len(f.Fields) != 1 || len(f.Fields[0]) > relay.MaxPresence {
		return drop("malformed or over the size limit")
	}
	env := f.Fields[0]
	h, err := seal.Parse(env)
	switch {
	case err != nil:
		return drop(err.Error())
	case h.Kind != seal.KindPresence:
		return drop("an envelope of another kind")
	case !bytes.Equal(h.Sender, c.pub):
		return drop("signed by another device than this connection's")
	}
	w.mu.Lock()
	member := w.state.IsMember(c.device)
	role := w.state.RoleOf(c.device)
	if w.presence == nil {
		w.presence = map[membership.DeviceID]*rate.Limiter{}
	}
	lim := w.presence[c.device]
	if lim == nil {
		lim = rate.NewLimiter(rate.Limit(presence.Rate), presence.Burst)
		w.presence[c.device] = lim
	}
	w.mu.Unlock()
	switch {
	case !member:
		c.refuse(0, relay.CodeAuth, "This device was removed from the workspace.")
		return false
	case role == membership.RoleGuest:
		return drop("a guest's device holds no key to seal presence with")
	case !lim.Allow():
		return drop("faster than the rate allowed")
	}
	if err := c.s.nc.Publish(presenceSubject(string(w.id)), append(c.device[:], env...)); err != nil {
		c.s.logf("relay: %s: forward presence: %v", w.id, err)
	}
	return true
}

// onPresence writes a presence envelope that some relay process passed
// on to this process's sessions of its workspace: to every current
// admin's and member's device but the sender's. A session whose queue is
// full misses it; the sender says it again soon.
func (s *Server) onPresence(m *nats.Msg) {
	ws := store.DocID(strings.TrimPrefix(m.Subject, presenceSubject("")))
	if len(m.Data) < len(membership.DeviceID{}) {
		return
	}
	sender := membership.DeviceID(m.Data[:len(membership.DeviceID{})])
	frame := relay.Frame{Type: relay.TPresenceOf, Fields: [][]byte{m.Data[len(sender):]}}.Encode()
	s.mu.Lock()
	w := s.spaces[ws]
	s.mu.Unlock()
	if w == nil {
		return
	}
	w.mu.Lock()
	var to []*session
	for c := range w.conns {
		if c.device != sender && w.state.IsMember(c.device) && w.state.RoleOf(c.device) != membership.RoleGuest {
			to = append(to, c)
		}
	}
	w.mu.Unlock()
	for _, c := range to {
		select {
		case c.out <- frame:
		default:
		}
	}
}
