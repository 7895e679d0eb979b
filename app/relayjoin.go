package app

import (
	"context"
	"strings"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/relay/replica"
)

// isRelayAddress says whether a typed-in address names a relay rather
// than a teammate's device.
func isRelayAddress(addr string) bool {
	a := strings.ToLower(strings.TrimSpace(addr))
	return strings.HasPrefix(a, "wss://") || strings.HasPrefix(a, "ws://")
}

// relayJoinWait bounds how long Join waits for a member's device to let
// this one in through a relay; the request stays at the relay after it.
var relayJoinWait = 10 * time.Minute

// joinRequested is told when a join request is at the relay (tests).
var joinRequested = func() {}

// joinThroughRelay joins while the inviter may be offline: the request,
// sealed to the workspace's admin and member devices, waits at the relay;
// the first of those devices to connect admits it; this device, polling,
// then logs in with its own key, receives the membership log with its
// join in it, sets up the workspace, and syncs through the relay.
func (r *syncRunner) joinThroughRelay(ctx context.Context, relays *Relays, code, personName, timeZone, url string) (*store.Session, error) {
	if relays == nil {
		return nil, store.Errorf(store.EUNAVAILABLE, "This device cannot join through a relay: relays are not available.")
	}
	inv, req, personName, timeZone, err := r.joinRequest(code, personName, timeZone)
	if err != nil {
		return nil, err
	}
	dialer := relay.Dialer{TLS: relays.TLS}
	url = strings.TrimSpace(url)
	// Admitted once the relay lets this device's own key in: perhaps
	// already, from a request made before Longhand was last closed.
	admitted := func(ctx context.Context) [][]byte {
		c, err := dialer.Dial(ctx, url, inv.Workspace, r.id, nil)
		if err != nil {
			return nil
		}
		defer c.Close()
		return c.Welcome.Log
	}
	log := admitted(ctx)
	if log == nil {
		if err := replica.RequestJoin(ctx, dialer, url, inv, req); err != nil {
			return nil, err
		}
		joinRequested()
		wait, cancel := context.WithTimeout(ctx, relayJoinWait)
		defer cancel()
		for log == nil {
			select {
			case <-wait.Done():
				return nil, store.Errorf(store.EUNAVAILABLE, "Your request to join %s waits at the relay, but no device of the workspace has let this one in yet. Leave this open, or try again once %s is online.",
					inv.WorkspaceName, inv.InviterName)
			case <-time.After(3 * time.Second):
			}
			log = admitted(wait)
		}
	}
	// The member is whoever the log says this device is: a request made
	// earlier, with another member ID, may be the one that was admitted.
	sess, err := r.db.JoinWorkspace(ctx, inv.Workspace, log, "", personName, timeZone)
	if err != nil {
		return nil, err
	}
	if _, err := relays.Add(url); err != nil {
		return nil, err
	}
	return sess, nil
}
