package app

import (
	"context"
	"crypto/tls"
	"strings"
	"sync"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/sync/crypto"
	"github.com/longhand/longhand/sync/engine"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/relay/replica"
	"github.com/longhand/longhand/sync/seal"
)

// EventRelayStatus carries a RelayView whenever a relay's status changes:
// reachable or not, the position it confirmed, the last error.
const EventRelayStatus = "relay:status"

// RelayStore is what the relay service needs of the store.
type RelayStore interface {
	replica.State
	AddRelay(ctx context.Context, url string, ws store.DocID) error
	RemoveRelay(ctx context.Context, url string) error
	FindRelays(ctx context.Context) ([]sqlite.Relay, error)
	SetRelayStatus(ctx context.Context, url string, ok bool, lastError string) error
	AddRelayKey(ctx context.Context, id [32]byte, grant []byte) error
	FindRelayKeys(ctx context.Context) ([][]byte, error)
	FindMembershipEntries(ctx context.Context) ([][]byte, error)
	MembershipState(ctx context.Context) (*membership.State, error)
	AddMembershipEntries(ctx context.Context, raws [][]byte) ([]store.EntryResult, error)
	AppendMembership(ctx context.Context, e *membership.Entry) error
}

// Relays is the bound service for the relays this device syncs through.
type Relays struct {
	ctx   context.Context
	store RelayStore // nil when the data could not be opened; err says why
	err   error
	id    *crypto.Identity
	docs  replica.Docs // nil until the store can list and open documents for sync
	check engine.Checker
	emit  Emitter
	Logf  func(format string, args ...any)
	// TLS is the TLS configuration for relays; nil uses the system roots.
	TLS *tls.Config

	// heard, when set, is handed the presence the relays forward.
	heard func(device membership.DeviceID, msg []byte)

	mu      sync.Mutex
	running map[string]*runningRelay // unexported methods run them: Wails binds only List, Add and Remove
	status  map[string]replica.Status
	saying  []byte // this device's presence message, for relays started later too
}

type runningRelay struct {
	rep  *replica.Replica
	kick chan struct{}
	stop context.CancelFunc
}

// NewRelays returns the relay service. st is nil when the data could not
// be opened, and err says why. docs may be nil: relays can then be added,
// and say that this build cannot sync documents through them yet.
func NewRelays(ctx context.Context, st RelayStore, err error, id *crypto.Identity, docs replica.Docs, check engine.Checker, emit Emitter) *Relays {
	return &Relays{ctx: ctx, store: st, err: err, id: id, docs: docs, check: check, emit: emit,
		Logf: func(string, ...any) {}, running: map[string]*runningRelay{}, status: map[string]replica.Status{}}
}

// RelayView is a relay as the settings show it.
type RelayView struct {
	URL       string `json:"url"`
	State     string `json:"state"` // connecting, reachable, unreachable, unavailable
	Position  uint64 `json:"position"`
	LastOKAt  string `json:"lastOkAt"`
	LastError string `json:"lastError"`
	// Queued counts documents with changes made here that the relay has
	// not confirmed yet: edits made offline wait here until it is back.
	Queued int `json:"queued"`
}

func (s *Relays) view(r sqlite.Relay) RelayView {
	v := RelayView{URL: r.URL, Position: r.Position, LastError: r.LastError, State: "connecting"}
	if r.LastOKAt > 0 {
		v.LastOKAt = formatTime(time.UnixMilli(r.LastOKAt))
	}
	s.mu.Lock()
	st, seen := s.status[r.URL]
	s.mu.Unlock()
	switch {
	case s.docs == nil || s.id == nil:
		v.State = "unavailable"
		v.LastError = "This build of Longhand cannot sync documents through a relay yet."
	case seen && st.Reachable:
		v.State = "reachable"
		v.Position = max(v.Position, st.Position)
		v.LastError = st.LastError
	case seen:
		v.State = "unreachable"
		v.LastError = st.LastError
	}
	v.Queued = s.queued(r.URL, r.Workspace)
	return v
}

// queued counts the documents whose heads differ from those last
// published to the relay.
func (s *Relays) queued(url string, ws store.DocID) int {
	if s.docs == nil {
		return 0
	}
	list, err := s.docs.SyncList(s.ctx)
	if err != nil {
		return 0
	}
	pub, err := s.store.PublishedHeads(s.ctx, url, ws)
	if err != nil {
		return 0
	}
	n := 0
	for _, d := range list {
		if pub[d.ID] != d.Heads {
			n++
		}
	}
	return n
}

// List returns the relays, oldest first.
func (s *Relays) List() ([]RelayView, error) {
	if s.store == nil {
		return nil, s.err
	}
	rs, err := s.store.FindRelays(s.ctx)
	if err != nil {
		return nil, err
	}
	out := []RelayView{}
	for _, r := range rs {
		out = append(out, s.view(r))
	}
	return out, nil
}

// Add remembers a relay by its address and starts syncing through it.
func (s *Relays) Add(url string) (RelayView, error) {
	if s.store == nil {
		return RelayView{}, s.err
	}
	url = strings.TrimSpace(url)
	st, err := s.store.MembershipState(s.ctx)
	if err != nil {
		return RelayView{}, err
	}
	if st.Workspace == "" {
		return RelayView{}, store.Errorf(store.EINVALID, "This workspace has no signed membership yet, so no relay can check this device. Create or join a workspace first.")
	}
	if err := s.store.AddRelay(s.ctx, url, st.Workspace); err != nil {
		return RelayView{}, err
	}
	s.start(url, st.Workspace)
	return s.find(url)
}

func (s *Relays) find(url string) (RelayView, error) {
	rs, err := s.store.FindRelays(s.ctx)
	if err != nil {
		return RelayView{}, err
	}
	for _, r := range rs {
		if r.URL == url {
			return s.view(r), nil
		}
	}
	return RelayView{}, store.Errorf(store.ENOTFOUND, "No relay %s is added.", url)
}

// Remove stops syncing through a relay and forgets it. What it stored
// stays there until its operator removes it.
func (s *Relays) Remove(url string) error {
	if s.store == nil {
		return s.err
	}
	s.mu.Lock()
	if r := s.running[url]; r != nil {
		r.stop()
		delete(s.running, url)
	}
	delete(s.status, url)
	s.mu.Unlock()
	return s.store.RemoveRelay(s.ctx, url)
}

// startAll starts syncing through every relay added.
func (s *Relays) startAll() {
	if s.store == nil {
		return
	}
	rs, err := s.store.FindRelays(s.ctx)
	if err != nil {
		s.Logf("relays: %v", err)
		return
	}
	for _, r := range rs {
		s.start(r.URL, r.Workspace)
	}
}

// kick asks every relay to send what changed here; it runs after a page
// is saved.
// say hands every relay this device's presence message.
func (s *Relays) say(msg []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saying = msg
	for _, r := range s.running {
		r.rep.Say(msg)
	}
}

func (s *Relays) kick() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.running {
		select {
		case r.kick <- struct{}{}:
		default:
		}
	}
}

var _ RelayStore = (*sqlite.DB)(nil)

// stopAll stops every relay.
func (s *Relays) stopAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for url, r := range s.running {
		r.stop()
		delete(s.running, url)
	}
}

var _ replica.Blobs = (*sqlite.DB)(nil)

// blobsOf returns the store's files for the relay, or nil when the store
// keeps none.
func blobsOf(st RelayStore) replica.Blobs {
	if b, ok := st.(replica.Blobs); ok {
		return b
	}
	return nil
}

// newKey makes the key of a new epoch for a removal: it is kept here,
// sealed to this device, handed to every relay's replica to grant to the
// devices that remain, and its ID goes into the membership log's
// KindRotateKey entry. Without a device key it returns a random ID, which
// no device holds: a relay then refuses to carry new content until an
// admin rotates again.
func (s *Relays) newKey() [32]byte {
	epoch := uint64(1)
	if s.store != nil {
		if st, err := s.store.MembershipState(s.ctx); err == nil {
			epoch = st.Epoch + 1
		}
	}
	k := seal.NewEpochKey(epoch)
	if s.id == nil || s.store == nil {
		return k.ID
	}
	if g, err := seal.NewGrant(k, s.id, s.id.PublicKey()); err == nil {
		if err := s.store.AddRelayKey(s.ctx, k.ID, g); err != nil {
			s.Logf("relays: keep key: %v", err)
		}
	}
	s.mu.Lock()
	for _, r := range s.running {
		r.rep.AddKey(k, true)
	}
	s.mu.Unlock()
	return k.ID
}

func (s *Relays) start(url string, ws store.DocID) {
	if s.docs == nil || s.id == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running[url] != nil {
		return
	}
	rep := replica.New(replica.Config{URL: url, Dialer: relay.Dialer{TLS: s.TLS}, Workspace: ws, Device: s.id,
		Log: s.store.FindMembershipEntries, Docs: s.docs, Check: s.check, State: s.store, Logf: s.Logf,
		Learn: func(ctx context.Context, entries [][]byte) error {
			_, err := s.store.AddMembershipEntries(ctx, entries)
			return err
		},
		// A join through an invitation is authorized by the invitation: any
		// admin's or member's device admits it when it finds it.
		Admit: func(ctx context.Context, req *crypto.JoinRequest) (*membership.Entry, error) {
			st, err := s.store.MembershipState(ctx)
			if err != nil {
				return nil, err
			}
			e, err := crypto.AdmitJoin(st, s.id, req, time.Now())
			if err != nil {
				return nil, err
			}
			return e, s.store.AppendMembership(ctx, e)
		},
		// The store that keeps files (*sqlite.DB) carries them through the
		// relay too.
		Blobs: blobsOf(s.store), Presence: s.heard})
	if s.saying != nil {
		rep.Say(s.saying)
	}
	if grants, err := s.store.FindRelayKeys(s.ctx); err == nil {
		for _, raw := range grants {
			if g, err := seal.ParseGrant(raw); err == nil {
				if k, err := g.Open(s.id.PrivateKey()); err == nil {
					rep.AddKey(k, true)
				}
			}
		}
	}
	ctx, stop := context.WithCancel(s.ctx)
	r := &runningRelay{rep: rep, kick: make(chan struct{}, 1), stop: stop}
	s.running[url] = r
	go rep.Run(ctx, r.kick, func(st replica.Status) {
		if ctx.Err() != nil {
			return
		}
		s.mu.Lock()
		s.status[url] = st
		s.mu.Unlock()
		if err := s.store.SetRelayStatus(s.ctx, url, st.Reachable, st.LastError); err != nil {
			s.Logf("relays: %v", err)
		}
		if v, err := s.find(url); err == nil {
			s.emit.Emit(EventRelayStatus, v)
		}
	})
}
