package peer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/sync/engine"
	"github.com/longhand/longhand/sync/wire"
)

// Conn is a connection to a peer device that the transport has already
// authenticated against the membership log.
type Conn interface {
	io.ReadWriteCloser
	Peer() membership.DeviceID
	RemoteAddr() string
}

// Listener gives the connections peers make to this device.
type Listener interface {
	Accept(ctx context.Context) (Conn, error)
	Close() error
}

// ManagerStore is what the manager needs from the store; *sqlite.DB is one.
type ManagerStore interface {
	Store
	MembershipState(ctx context.Context) (*membership.State, error)
	RecordSession(ctx context.Context, device string, member store.DocID, address string, confirmed map[store.DocID]string, behind int, err error) error
	FindPeers(ctx context.Context) ([]sqlite.PeerRecord, error)
	FindSyncAddresses(ctx context.Context) ([]string, error)
}

// Manager syncs this device with its peers: it answers their
// connections, connects to the addresses it knows (typed in, or found on
// the LAN) shortly after local changes, every so often, and on demand,
// and keeps each peer's live status.
type Manager struct {
	Store    ManagerStore
	Check    engine.Checker
	Dial     func(ctx context.Context, addr string) (Conn, error)
	Discover func(ctx context.Context) ([]string, error) // addresses found on the LAN; nil for none
	OnStatus func(Status)                                // called when the status changes
	Logf     func(format string, args ...any)

	// Quiet is how long after a local change a sync starts, so that a
	// burst of typing is one session; Every is how often it syncs anyway.
	Quiet, Every time.Duration
	// Port is where this device listens, told to peers so they can call back.
	Port int
	// Presence, when set, is handed what a peer's device says it shows
	// (sync/presence), on a connection of its own; nil drops it.
	Presence func(device membership.DeviceID, raw []byte)

	poke     chan struct{}
	pass     sync.Mutex // one SyncNow at a time: a second waits, then sends what changed meanwhile
	mu       sync.Mutex
	live     map[string]*live // by address
	reported time.Time        // when the status was last reported
}

type live struct {
	device string
	state  string // connecting, syncing, done, failed
	done   int
	total  int
	err    string
}

// Status is what the person sees: each peer, and the session running.
type Status struct {
	Syncing bool
	Done    int // documents taken in so far, in the sessions running
	Total   int // documents to take in, in the sessions running
	Peers   []PeerStatus
}

// PeerStatus is one peer device as last seen.
type PeerStatus struct {
	Device    string
	Name      string
	Address   string
	State     string // "syncing", "in sync", "unsent" (changes here not yet sent), "behind" (the peer's not yet received), "unreachable", "never"
	LastSync  time.Time
	LastError string
	InSync    int
	Unsent    int
	Behind    int
}

func (m *Manager) init() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.poke == nil {
		m.poke = make(chan struct{}, 1)
		m.live = map[string]*live{}
	}
}

// Poke says something changed here; a sync follows after a quiet spell.
func (m *Manager) Poke() {
	m.init()
	select {
	case m.poke <- struct{}{}:
	default:
	}
}

// Run syncs after local changes and periodically until ctx ends.
func (m *Manager) Run(ctx context.Context) {
	m.init()
	quiet, every := m.Quiet, m.Every
	if quiet <= 0 {
		quiet = 2 * time.Second
	}
	if every <= 0 {
		every = time.Minute
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-m.poke:
			select {
			case <-ctx.Done():
				return
			case <-time.After(quiet):
			}
		}
		if err := m.SyncNow(ctx); err != nil && m.Logf != nil {
			m.Logf("sync: %v", err)
		}
	}
}

// Serve answers peers' connections on ln until ctx ends.
func (m *Manager) Serve(ctx context.Context, ln Listener) {
	m.init()
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	for {
		c, err := ln.Accept(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			if m.Logf != nil {
				m.Logf("sync: refused a connection: %v", err)
			}
			continue
		}
		go func() {
			defer c.Close()
			bc := bufferedConn{c, wire.NewConn(c)}
			if first, err := wire.Reader(bc.buf).Peek(1); err == nil && wire.Type(first[0]) == wire.TypePresence {
				m.takePresence(bc)
				return
			}
			// Keyed by device: a peer's connections come from ever new ports.
			m.session(ctx, bc, "peer:"+c.Peer().String(), c.RemoteAddr(), false)
		}()
	}
}

// SyncNow connects to every address it knows, one after the other, and
// syncs. It returns an error naming the addresses that failed. A call made
// while another runs waits for it: two sessions with the same peer at once
// would send everything twice.
func (m *Manager) SyncNow(ctx context.Context) error {
	m.init()
	m.pass.Lock()
	defer m.pass.Unlock()
	addrs, typed, err := m.addresses(ctx)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	var errs []error
	for i, a := range addrs {
		if seen[a] {
			continue
		}
		seen[a] = true
		if err := m.dialAndSync(ctx, a); err != nil {
			if i >= typed {
				// An address found on the network or remembered from a
				// device that called: not worth a line of its own when it
				// does not answer; the device's own line says when it last synced.
				m.forget(a)
				continue
			}
			errs = append(errs, fmt.Errorf("%s: %w", a, err))
		}
	}
	return errors.Join(errs...)
}

// addresses lists where to reach peers: those typed in (the first typed),
// those found on the network, and those devices that called said they
// listen on. One device may be at several.
func (m *Manager) addresses(ctx context.Context) (addrs []string, typed int, err error) {
	addrs, err = m.Store.FindSyncAddresses(ctx)
	if err != nil {
		return nil, 0, err
	}
	typed = len(addrs)
	if m.Discover != nil {
		found, err := m.Discover(ctx)
		if err != nil && m.Logf != nil {
			m.Logf("sync: looking for devices on the network: %v", err)
		}
		addrs = append(addrs, found...)
	}
	// Devices that called this one, at the port they said they listen on.
	if peers, err := m.Store.FindPeers(ctx); err == nil {
		for _, p := range peers {
			if p.Address != "" {
				addrs = append(addrs, p.Address)
			}
		}
	}
	return addrs, typed, nil
}

func (m *Manager) dialAndSync(ctx context.Context, addr string) error {
	m.setLive(addr, &live{state: "connecting"})
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	c, err := m.Dial(dctx, addr)
	cancel()
	if err != nil {
		m.setLive(addr, &live{state: "failed", err: err.Error()})
		return err
	}
	defer c.Close()
	return m.session(ctx, c, addr, addr, true)
}

// session runs one sync session and records what the peer confirmed.
func (m *Manager) session(ctx context.Context, c Conn, key, addr string, initiator bool) error {
	device := c.Peer().String()
	var member store.DocID
	var scope *Scope
	st, err := m.Store.MembershipState(ctx)
	if err != nil {
		return err
	}
	if d := st.Devices[c.Peer()]; d != nil {
		member = d.Member
		if mm := st.Members[member]; mm != nil && mm.Role == membership.RoleGuest {
			scope = &Scope{Member: member, Spaces: map[store.DocID]bool{}}
			for _, sp := range mm.Spaces {
				scope.Spaces[store.DocID(sp)] = true
			}
		}
	}
	m.setLive(key, &live{device: device, state: "syncing"})
	res, err := RunWith(ctx, c, m.Store, m.Check, initiator, Options{Port: m.Port, Scope: scope, Device: device, Progress: func(done, total int) {
		m.setLive(key, &live{device: device, state: "syncing", done: done, total: total})
	}})
	var confirmed map[store.DocID]string
	if res != nil && err == nil {
		confirmed = res.Confirmed
	}
	if !initiator {
		// Record where the caller listens, not the port it called from.
		addr = ""
		if res != nil && res.PeerPort > 0 {
			if host, _, herr := net.SplitHostPort(c.RemoteAddr()); herr == nil {
				addr = net.JoinHostPort(host, strconv.Itoa(res.PeerPort))
			}
		}
	}
	if rerr := m.Store.RecordSession(ctx, device, member, addr, confirmed, behindAfter(res, err), err); rerr != nil && m.Logf != nil {
		m.Logf("sync: record session: %v", rerr)
	}
	if err != nil {
		m.setLive(key, &live{device: device, state: "failed", err: err.Error()})
		return err
	}
	m.setLive(key, &live{device: device, state: "done"})
	return nil
}

// behindAfter counts, after a session cut short, the documents the peer
// had changed that did not arrive: what the peer is known to have that
// this device lacks.
func behindAfter(res *Result, err error) int {
	if err == nil || res == nil {
		return 0
	}
	n := 0
	for _, ids := range [][]store.DocID{res.Diff.OnlyTheirs, res.Diff.Both} {
		for _, id := range ids {
			if _, ok := res.Docs.Settled[id]; !ok {
				n++
			}
		}
	}
	return n
}

func (m *Manager) forget(addr string) {
	m.mu.Lock()
	delete(m.live, addr)
	m.mu.Unlock()
}

// statusEvery bounds how often progress within a session is reported:
// working out the status reads the store, and a first sync takes in
// thousands of documents.
const statusEvery = 200 * time.Millisecond

func (m *Manager) setLive(addr string, l *live) {
	m.mu.Lock()
	if old := m.live[addr]; old != nil && l.device == "" {
		l.device = old.device
	}
	m.live[addr] = l
	progress := l.state == "syncing" && l.done > 0 && l.done < l.total
	quiet := progress && time.Since(m.reported) < statusEvery
	if !quiet {
		m.reported = time.Now()
	}
	m.mu.Unlock()
	if m.OnStatus != nil && !quiet {
		if st, err := m.Status(context.Background()); err == nil {
			m.OnStatus(st)
		}
	}
}

// Status says how every peer stands: from the store's record of what each
// confirmed, and the sessions running now.
func (m *Manager) Status(ctx context.Context) (Status, error) {
	m.init()
	recs, err := m.Store.FindPeers(ctx)
	if err != nil {
		return Status{}, err
	}
	var st Status
	m.mu.Lock()
	byDevice := map[string]*live{}
	failedAddrs := map[string]*live{}
	for addr, l := range m.live {
		if l.device != "" {
			byDevice[l.device] = l
		} else if l.state == "failed" {
			failedAddrs[addr] = l
		}
		if l.state == "syncing" || l.state == "connecting" {
			st.Syncing = true
			st.Done += l.done
			st.Total += l.total
		}
	}
	m.mu.Unlock()
	for _, r := range recs {
		p := PeerStatus{Device: r.Device, Name: r.Name, Address: r.Address, LastSync: r.LastSync, LastError: r.LastError,
			InSync: r.InSync, Unsent: r.Unsent, Behind: r.Behind}
		switch l := byDevice[r.Device]; {
		case l != nil && (l.state == "syncing" || l.state == "connecting"):
			p.State = "syncing"
		case l != nil && l.state == "failed":
			p.State, p.LastError = "unreachable", l.err
		case r.Behind > 0:
			p.State = "behind"
		case r.LastSync.IsZero():
			p.State = "never"
		case r.Unsent > 0:
			p.State = "unsent"
		default:
			p.State = "in sync"
		}
		st.Peers = append(st.Peers, p)
	}
	// Addresses never reached: say so, so a typo shows.
	for addr, l := range failedAddrs {
		st.Peers = append(st.Peers, PeerStatus{Address: addr, State: "unreachable", LastError: l.err})
	}
	return st, nil
}
