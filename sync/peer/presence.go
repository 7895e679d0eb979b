package peer

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/presence"
	"github.com/longhand/longhand/sync/wire"
)

// Presence travels on connections of its own, not in sync sessions:
// sessions run after changes and once a minute, while presence must show
// within seconds, and a session's steps leave no place for a frame that
// may come at any time. A connection for presence is the same mutual TLS,
// pinned to the membership, as a session's, so a removed device can
// neither tell nor be told; it carries one small frame and closes.

// bufferedConn is a peer's connection read through the one buffer that
// looked at its first frame's type.
type bufferedConn struct {
	Conn
	buf *wire.Conn
}

func (c bufferedConn) Read(p []byte) (int, error) { return c.buf.Read(p) }

// takePresence reads the one presence frame a connection carries and hands
// it on. A frame too large or cut short is dropped with a line in the log.
func (m *Manager) takePresence(c bufferedConn) {
	raw, err := wire.ReadSmallFrame(wire.Reader(c.buf), wire.TypePresence, presence.MaxMessage)
	if err != nil {
		m.logf("presence: dropped what device %s sent: %v", c.Peer(), err)
		return
	}
	if m.Presence != nil {
		m.Presence(c.Peer(), raw)
	}
}

// presenceDial bounds how long telling one address may take.
const presenceDial = 5 * time.Second

// SayPresence tells every device it can reach, once each, what say gives
// for that device (nothing when say returns nil), and returns when all
// were told or given up on. Devices that do not answer are left alone:
// presence is a courtesy, the next refresh tries again.
func (m *Manager) SayPresence(ctx context.Context, say func(peer membership.DeviceID) []byte) {
	m.init()
	addrs, _, err := m.addresses(ctx)
	if err != nil {
		m.logf("presence: %v", err)
		return
	}
	slices.Sort(addrs)
	addrs = slices.Compact(addrs)
	var mu sync.Mutex
	told := map[membership.DeviceID]bool{}
	var wg sync.WaitGroup
	for _, a := range addrs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dctx, cancel := context.WithTimeout(ctx, presenceDial)
			defer cancel()
			c, err := m.Dial(dctx, a)
			if err != nil {
				return
			}
			defer c.Close()
			mu.Lock()
			again := told[c.Peer()]
			told[c.Peer()] = true
			mu.Unlock()
			if again {
				return // the same device at another address
			}
			if p := say(c.Peer()); p != nil {
				if err := wire.WriteFrame(c, wire.Frame{Type: wire.TypePresence, Payload: p}); err != nil {
					m.logf("presence: tell %s: %v", a, err)
				}
			}
		}()
	}
	wg.Wait()
}

func (m *Manager) logf(format string, args ...any) {
	if m.Logf != nil {
		m.Logf(format, args...)
	}
}
