package app

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/sync/crypto"
	"github.com/longhand/longhand/sync/discovery"
	"github.com/longhand/longhand/sync/engine"
	"github.com/longhand/longhand/sync/peer"
	"github.com/longhand/longhand/sync/transport"
)

// syncRunner starts syncing with peers once this device is in a workspace
// (at start, or after setup or a join), and stops it before the database
// closes.
type syncRunner struct {
	db       *sqlite.DB
	id       *crypto.Identity
	check    engine.Checker
	listen   string // address to listen on; "" for every interface on the default port
	discover bool   // announce and look for devices with mDNS
	logf     func(format string, args ...any)
	sync     *Sync
	presence *Presence // told of the manager, and handed what peers say; may be nil

	mu      sync.Mutex
	started bool
	stop    func()
}

// transportConfig is this device's TLS config: it trusts the devices the
// current membership log lists, and admits joins through invitations.
func (r *syncRunner) transportConfig(ctx context.Context) transport.Config {
	return transport.Config{
		Identity: r.id,
		Pin: transport.MemberPinner(func() (*membership.State, []*membership.Entry, error) {
			log, err := r.db.MembershipEntries(ctx)
			if err != nil {
				return nil, nil, err
			}
			st, _ := membership.Fold(log)
			return st, log, nil
		}),
		Admit: func(ctx context.Context, req *crypto.JoinRequest) ([][]byte, error) {
			st, err := r.db.MembershipState(ctx)
			if err != nil {
				return nil, err
			}
			e, err := crypto.AdmitJoin(st, r.id, req, time.Now())
			if err != nil {
				return nil, err
			}
			if err := r.db.AppendMembership(ctx, e); err != nil {
				return nil, err
			}
			return r.db.FindMembershipEntries(ctx)
		},
		Logf: r.logf,
	}
}

// start begins syncing if this device is in a workspace and not syncing
// yet. It is safe to call again; later calls do nothing.
func (r *syncRunner) start(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.started || r.db == nil || r.id == nil {
		return nil
	}
	if r.check == nil {
		r.sync.set(nil, "Sync is off: this build cannot check what other devices send.", "")
		return nil
	}
	sess, err := r.db.FindSession(ctx)
	if err != nil || sess.Workspace == nil || sess.Me == nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	cfg := r.transportConfig(ctx)
	addr := r.listen
	if addr == "" {
		addr = ":" + strconv.Itoa(discovery.DefaultPort)
	}
	ln, err := transport.Listen(addr, cfg)
	if err != nil && r.listen == "" {
		// Another Longhand on this machine has the port: any port will do,
		// since discovery announces the one taken.
		ln, err = transport.Listen(":0", cfg)
	}
	if err != nil {
		cancel()
		r.sync.set(nil, fmt.Sprintf("This device cannot listen for other devices: %v", err), "")
		return err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	workspace := sess.Workspace.ID
	m := &peer.Manager{
		Store: r.db, Check: r.check, Logf: r.logf, Port: port,
		Dial: func(ctx context.Context, addr string) (peer.Conn, error) {
			c, err := transport.Dial(ctx, addr, cfg)
			if err != nil {
				return nil, err
			}
			return conn{c}, nil
		},
	}
	var stopAdvert func()
	// Announce only a listener others can reach: not one on loopback.
	if ta, ok := ln.Addr().(*net.TCPAddr); r.discover && ok && ta.IP.IsUnspecified() {
		m.Discover = r.browse(workspace)
		if stop, err := discovery.Advertise(ctx, port, workspace); err == nil {
			stopAdvert = stop
		} else {
			r.logf("sync: cannot announce this device on the network: %v", err)
		}
	}
	if r.discover && m.Discover == nil {
		m.Discover = r.browse(workspace)
	}
	m.OnStatus = r.sync.statusChanged()
	if r.presence != nil {
		m.Presence = r.presence.take
		r.presence.connect(m.SayPresence, nil)
	}
	r.sync.set(m, "", listeningAt(ln.Addr(), port))
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); m.Serve(ctx, listener{ln}) }()
	go func() { defer wg.Done(); m.Run(ctx) }()
	m.Poke() // a first sync soon after start
	r.started = true
	r.stop = func() {
		if stopAdvert != nil {
			stopAdvert()
		}
		cancel()
		ln.Close()
		wg.Wait()
	}
	return nil
}

// browse finds the workspace's other devices on the network.
// A look costs two seconds of listening, so its answer is kept a while:
// a sync after every burst of typing need not wait for it.
func (r *syncRunner) browse(workspace store.DocID) func(ctx context.Context) ([]string, error) {
	var last []string
	var at time.Time
	return func(ctx context.Context) ([]string, error) {
		if time.Since(at) < 30*time.Second {
			return last, nil
		}
		peers, err := discovery.Browse(ctx, workspace, 2*time.Second)
		out := make([]string, 0, len(peers))
		for _, p := range peers {
			out = append(out, p.Addr)
		}
		last, at = out, time.Now()
		return out, err
	}
}

// poke tells the manager something changed here.
func (r *syncRunner) poke() {
	if m := r.sync.mgr(); m != nil {
		m.Poke()
	}
}

func (r *syncRunner) close() {
	r.mu.Lock()
	stop := r.stop
	r.stop = nil
	r.mu.Unlock()
	if stop != nil {
		stop()
	}
}

// listeningAt says where peers reach this device: a LAN address when the
// listener is on every interface.
func listeningAt(a net.Addr, port int) string {
	if ta, ok := a.(*net.TCPAddr); ok && !ta.IP.IsUnspecified() {
		return ta.String()
	}
	addrs, _ := net.InterfaceAddrs()
	for _, x := range addrs {
		if ipn, ok := x.(*net.IPNet); ok && ipn.IP.To4() != nil && !ipn.IP.IsLoopback() && !ipn.IP.IsLinkLocalUnicast() {
			return net.JoinHostPort(ipn.IP.String(), strconv.Itoa(port))
		}
	}
	return net.JoinHostPort("localhost", strconv.Itoa(port))
}

// conn and listener adapt the transport to the manager.
type conn struct{ *transport.Conn }

func (c conn) RemoteAddr() string { return c.Conn.RemoteAddr().String() }

type listener struct{ *transport.Listener }

func (l listener) Accept(ctx context.Context) (peer.Conn, error) {
	c, err := l.Listener.Accept(ctx)
	if err != nil {
		return nil, err
	}
	return conn{c}, nil
}

// join sets up this empty data folder as a device of the workspace an
// invitation names, through the inviter's device (or any member's) at
// addr, or one found on the network when addr is "".
func (r *syncRunner) join(ctx context.Context, code, personName, timeZone, addr string) (*store.Session, error) {
	inv, req, personName, timeZone, err := r.joinRequest(code, personName, timeZone)
	if err != nil {
		return nil, err
	}
	member := req.Member
	var addrs []string
	if addr != "" {
		a, err := discovery.ParseAddress(addr)
		if err != nil {
			return nil, err
		}
		addrs = []string{a}
	} else {
		peers, err := discovery.Browse(ctx, inv.Workspace, 3*time.Second)
		for _, p := range peers {
			addrs = append(addrs, p.Addr)
		}
		if len(addrs) == 0 {
			why := ""
			if err != nil {
				why = fmt.Sprintf(" (%v)", err)
			}
			return nil, store.Errorf(store.ENOTFOUND, "No device of %s answered on this network%s. Ask %s for their address and type it in.",
				inv.WorkspaceName, why, inv.InviterName)
		}
	}
	var log [][]byte
	var lastErr error
	var admitter string
	for _, a := range addrs {
		if log, lastErr = transport.Join(ctx, a, r.id, req); lastErr == nil {
			admitter = a
			break
		}
		if isInviteError(lastErr) {
			return nil, lastErr // the same answer from every device
		}
	}
	if lastErr != nil {
		return nil, lastErr
	}
	sess, err := r.db.JoinWorkspace(ctx, inv.Workspace, log, member, personName, timeZone)
	if err != nil {
		return nil, err
	}
	// The device that admitted this one is the first to sync with.
	if err := r.db.AddSyncAddress(ctx, admitter); err != nil {
		return nil, err
	}
	return sess, nil
}

// joinRequest checks what a person typed to join (the code, their name and
// time zone) and makes this device's request: for a new member, or for the
// member the invitation names, whose profile the inviter made. Joining as
// them, the person types no name: the one returned is the profile's, as
// the code carries it, shown until the profile itself arrives.
func (r *syncRunner) joinRequest(code, personName, timeZone string) (_ *crypto.Invite, _ *crypto.JoinRequest, name, zone string, err error) {
	if r.db == nil || r.id == nil {
		return nil, nil, "", "", store.Errorf(store.EUNAVAILABLE, "This device cannot join: its data or key could not be opened.")
	}
	inv, err := crypto.ParseInvite(code)
	if err != nil {
		return nil, nil, "", "", err
	}
	if inv.Member != "" {
		if personName, err = store.ValidateName("name", inv.PersonName); err != nil {
			personName = "New member"
		}
		if store.ValidateTimeZone(timeZone) != nil {
			timeZone = SystemTimeZone()
		}
	} else if personName, err = store.ValidateName("name", personName); err != nil {
		return nil, nil, "", "", err
	}
	if err := store.ValidateTimeZone(timeZone); err != nil {
		return nil, nil, "", "", err
	}
	req, err := crypto.AcceptInvite(inv, r.id, store.NewDocID(), time.Now())
	if err != nil {
		return nil, nil, "", "", err
	}
	return inv, req, personName, timeZone, nil
}

func isInviteError(err error) bool {
	for _, e := range []error{crypto.ErrInviteUnknown, crypto.ErrInviteWrong, crypto.ErrInviteExpired, crypto.ErrInviteUsed, crypto.ErrInviteRevoked} {
		if err == e {
			return true
		}
	}
	return false
}
