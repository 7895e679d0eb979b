package replica

import (
	"slices"

	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/seal"
)

// Say sets what this device says of its presence (a sync/presence
// message; nil for nothing) and sends it through the relay now if
// connected, else at the next connection.
func (r *Replica) Say(msg []byte) {
	r.mu.Lock()
	r.saying = slices.Clone(msg)
	r.mu.Unlock()
	select {
	case r.said <- struct{}{}:
	default:
	}
}

// sayPresence seals what this device says under the current key and
// hands it to the relay. Without a key there is nothing to seal with, and
// nothing is said.
func (r *Replica) sayPresence(c *relay.Client) error {
	r.mu.Lock()
	msg := r.saying
	r.mu.Unlock()
	k := r.sealKey()
	if msg == nil || k == nil {
		return nil
	}
	env, err := seal.SealPresence(k, r.cfg.Device, r.cfg.Workspace, msg)
	if err != nil {
		return err
	}
	return c.Presence(env)
}

// heard opens a presence envelope the relay forwarded and hands it on:
// only one sealed under a key of this workspace, for this workspace, by a
// device the membership lists now. Anything else is dropped with a line in
// the log.
func (r *Replica) heard(env []byte) {
	r.mu.Lock()
	ring := seal.Ring{}
	for id, k := range r.ring {
		ring[id] = k
	}
	st := r.state
	r.mu.Unlock()
	h, c, err := seal.Open(ring, env)
	switch {
	case err != nil:
		r.cfg.Logf("relay: dropped presence: %v", err)
		return
	case h.Kind != seal.KindPresence || c.Doc != r.cfg.Workspace:
		r.cfg.Logf("relay: dropped presence: not this workspace's")
		return
	}
	dev := membership.DeviceIDOf(h.Sender)
	if st == nil || !st.IsMember(dev) {
		r.cfg.Logf("relay: dropped presence from device %s, which is not a member's", dev)
		return
	}
	if r.cfg.Presence != nil {
		r.cfg.Presence(dev, c.Data[0])
	}
}
