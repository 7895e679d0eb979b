package server

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"golang.org/x/time/rate"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/seal"
)

// Config configures a relay.
type Config struct {
	// DataDir holds the embedded JetStream store. Unused with NATSURL.
	DataDir string
	// NATSURL, when set, is an external NATS cluster (comma-separated
	// URLs) to use instead of the embedded server.
	NATSURL string
	// NATSOptions are extra options for connecting to NATSURL (credentials).
	NATSOptions []nats.Option
	// Replicas is how many copies of each stream a cluster keeps (1 for
	// the embedded server).
	Replicas int
	// DeviceQuota is how many envelope bytes one device may store, counted
	// across every relay process on the same NATS.
	DeviceQuota int64
	// Rate and Burst bound how many requests per second one device may
	// send, across every relay process on the same NATS.
	Rate  float64
	Burst int

	// AdmissionSecret lets a device bring a workspace the relay does not
	// serve yet: the device presents it (the relay address's admit=
	// parameter, sent in the relay.AdmissionHeader) at a login that
	// stores the workspace, and the relay remembers that the workspace
	// was admitted. Empty: no workspace is admitted that way.
	AdmissionSecret string
	// AllowWorkspaces are workspaces the relay serves without the secret.
	// With neither, the relay admits nothing: every login is refused.
	AllowWorkspaces []store.DocID

	// MaxPending bounds the connections that have not finished logging in
	// (DefaultMaxPending); more are answered 503 before the WebSocket
	// upgrade.
	MaxPending int
	// AuthTimeout bounds a login, from the challenge to the membership
	// log (DefaultAuthTimeout).
	AuthTimeout time.Duration
	// StartTimeout bounds how long New waits for NATS to answer
	// (DefaultStartTimeout).
	StartTimeout time.Duration

	// Logf logs; nil logs nothing.
	Logf func(format string, args ...any)
}

// Defaults.
const (
	DefaultDeviceQuota  = 1 << 30
	DefaultRate         = 200
	DefaultBurst        = 1000
	DefaultMaxPending   = 64
	DefaultAuthTimeout  = 10 * time.Second
	DefaultStartTimeout = 2 * time.Minute
	writeTimeout        = 10 * time.Second
	natsTimeout         = 10 * time.Second
	// refreshEvery is how often a relay rereads the membership log of the
	// workspaces it serves, in case it missed another relay's notice.
	refreshEvery = 30 * time.Second
)

// admittedKey is the stream metadata that says the admission secret
// admitted the workspace.
const admittedKey = "longhand.admitted"

// Server is a relay.
type Server struct {
	cfg    Config
	ns     *natsserver.Server // the embedded server, or nil
	nc     *nats.Conn
	js     jetstream.JetStream
	usage  jetstream.KeyValue // LH_USAGE: bytes stored per device
	rate   jetstream.KeyValue // LH_RATE: token bucket per device
	notice *nats.Subscription
	heard  *nats.Subscription // presence other relay processes pass on
	logf   func(string, ...any)

	secret  [32]byte // SHA-256 of cfg.AdmissionSecret
	allowed map[store.DocID]bool
	chunk   int           // rate tokens a process takes from a device's bucket at once
	refusal *rate.Limiter // logs of refused workspaces: strangers cannot flood the log

	upgrader websocket.Upgrader

	mu      sync.Mutex
	spaces  map[store.DocID]*workspace
	closed  bool
	conns   map[*session]bool
	pending int // connections not logged in yet
	stop    chan struct{}
	done    chan struct{}
}

// New starts a relay: the embedded JetStream in cfg.DataDir, or a
// connection to cfg.NATSURL, retried with backoff for cfg.StartTimeout.
func New(cfg Config) (*Server, error) {
	if cfg.DeviceQuota <= 0 {
		cfg.DeviceQuota = DefaultDeviceQuota
	}
	if cfg.Rate <= 0 {
		cfg.Rate = DefaultRate
	}
	if cfg.Burst <= 0 {
		cfg.Burst = DefaultBurst
	}
	if cfg.Replicas <= 0 {
		cfg.Replicas = 1
	}
	if cfg.MaxPending <= 0 {
		cfg.MaxPending = DefaultMaxPending
	}
	if cfg.AuthTimeout <= 0 {
		cfg.AuthTimeout = DefaultAuthTimeout
	}
	if cfg.StartTimeout <= 0 {
		cfg.StartTimeout = DefaultStartTimeout
	}
	s := &Server{cfg: cfg, logf: cfg.Logf, spaces: map[store.DocID]*workspace{}, conns: map[*session]bool{},
		allowed: map[store.DocID]bool{}, chunk: min(max(cfg.Burst/10, 1), 100),
		refusal: rate.NewLimiter(rate.Every(6*time.Second), 10), stop: make(chan struct{}), done: make(chan struct{})}
	if s.logf == nil {
		s.logf = func(string, ...any) {}
	}
	for _, id := range cfg.AllowWorkspaces {
		if err := id.Validate(); err != nil {
			return nil, fmt.Errorf("relay: allowed workspace: %w", err)
		}
		s.allowed[id] = true
	}
	if cfg.AdmissionSecret != "" {
		s.secret = sha256.Sum256([]byte(cfg.AdmissionSecret))
	}
	switch {
	case cfg.AdmissionSecret == "" && len(s.allowed) == 0:
		s.logf("relay: no admission secret and no allowed workspace: this relay admits no workspace, and refuses every login")
	case cfg.AdmissionSecret == "":
		s.logf("relay: admitting %d listed workspaces", len(s.allowed))
	default:
		s.logf("relay: admitting %d listed workspaces and any a device brings with the admission secret", len(s.allowed))
	}
	s.upgrader = websocket.Upgrader{ReadBufferSize: 16 << 10, WriteBufferSize: 16 << 10,
		// Devices are not browsers: a relay has no origin to protect.
		CheckOrigin: func(*http.Request) bool { return true }}
	if err := s.connect(); err != nil {
		s.shutdownNATS()
		return nil, err
	}
	var err error
	s.js, err = jetstream.New(s.nc)
	if err != nil {
		s.shutdownNATS()
		return nil, err
	}
	// A rate bucket left alone for as long as it takes to refill is full,
	// which is what a missing one means.
	refill := time.Duration(float64(cfg.Burst)/cfg.Rate*float64(time.Second)) + time.Minute
	buckets := []struct {
		kv  *jetstream.KeyValue
		cfg jetstream.KeyValueConfig
	}{
		{&s.usage, jetstream.KeyValueConfig{Bucket: "LH_USAGE", Replicas: cfg.Replicas, Storage: jetstream.FileStorage, History: 1}},
		{&s.rate, jetstream.KeyValueConfig{Bucket: "LH_RATE", Replicas: cfg.Replicas, Storage: jetstream.MemoryStorage, History: 1,
			TTL: min(refill, 24*time.Hour)}},
	}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.StartTimeout)
	defer cancel()
	for _, b := range buckets {
		for {
			// A cluster that is still electing its leader does not answer:
			// ask again rather than wait on one request.
			actx, acancel := context.WithTimeout(ctx, 5*time.Second)
			*b.kv, err = s.js.CreateOrUpdateKeyValue(actx, b.cfg)
			acancel()
			if err == nil || ctx.Err() != nil {
				break
			}
			s.logf("relay: waiting for JetStream: %v", err)
			time.Sleep(200 * time.Millisecond)
		}
		if err != nil {
			s.shutdownNATS()
			return nil, fmt.Errorf("relay: bucket %s: %w", b.cfg.Bucket, err)
		}
	}
	// Every relay process on this NATS hears of the membership entries
	// any of them stores, and rereads the log: a device removed through
	// one relay is disconnected from all of them.
	s.notice, err = s.nc.Subscribe(noticeSubject("*"), s.onNotice)
	if err != nil {
		s.shutdownNATS()
		return nil, fmt.Errorf("relay: subscribe to membership notices: %w", err)
	}
	s.heard, err = s.nc.Subscribe(presenceSubject("*"), s.onPresence)
	if err != nil {
		s.shutdownNATS()
		return nil, fmt.Errorf("relay: subscribe to presence: %w", err)
	}
	go s.maintain()
	return s, nil
}

// connect connects to NATS: the embedded server, or the external one,
// retried with backoff until cfg.StartTimeout so that a relay started
// before NATS (as a service manager may) waits for it.
func (s *Server) connect() error {
	cfg := s.cfg
	var err error
	if cfg.NATSURL == "" {
		if cfg.DataDir == "" {
			return errors.New("relay: a data folder or a NATS URL is needed")
		}
		s.ns, err = natsserver.NewServer(&natsserver.Options{
			ServerName: "longhand-relay", DontListen: true, JetStream: true,
			StoreDir: filepath.Join(cfg.DataDir, "jetstream"), MaxPayload: 8 << 20,
			NoSigs: true, NoLog: true,
		})
		if err != nil {
			return fmt.Errorf("relay: start embedded NATS: %w", err)
		}
		s.ns.Start()
		if !s.ns.ReadyForConnections(30 * time.Second) {
			return errors.New("relay: the embedded NATS server did not start")
		}
		s.nc, err = nats.Connect("", nats.InProcessServer(s.ns), nats.Name("longhand-relay"))
		if err != nil {
			return fmt.Errorf("relay: connect to embedded NATS: %w", err)
		}
		return nil
	}
	opts := append([]nats.Option{nats.Name("longhand-relay"), nats.MaxReconnects(-1),
		nats.ReconnectWait(250 * time.Millisecond),
		// Notices sent while this relay was cut off are lost: reread
		// every log once back.
		nats.ReconnectHandler(func(*nats.Conn) { go s.refreshAll() })}, cfg.NATSOptions...)
	deadline := time.Now().Add(cfg.StartTimeout)
	wait := 250 * time.Millisecond
	for attempt := 1; ; attempt++ {
		s.nc, err = nats.Connect(cfg.NATSURL, opts...)
		if err == nil {
			if attempt > 1 {
				s.logf("relay: connected to NATS at %s after %d attempts", redact(cfg.NATSURL), attempt)
			}
			return nil
		}
		if time.Now().Add(wait).After(deadline) {
			return fmt.Errorf("relay: NATS at %s did not answer within %s: %w", redact(cfg.NATSURL), cfg.StartTimeout, err)
		}
		s.logf("relay: NATS at %s is not reachable yet (%v); trying again in %s", redact(cfg.NATSURL), err, wait)
		select {
		case <-time.After(wait):
		case <-s.stop:
			return errors.New("relay: closed while waiting for NATS")
		}
		wait = min(2*wait, 5*time.Second)
	}
}

// redact hides the passwords in NATS URLs, for logs.
func redact(urls string) string {
	var out []string
	for _, u := range strings.Split(urls, ",") {
		p, err := url.Parse(strings.TrimSpace(u))
		if err != nil {
			out = append(out, "(unreadable URL)")
			continue
		}
		out = append(out, p.Redacted())
	}
	return strings.Join(out, ",")
}

// maintain rereads, now and then, the logs of the workspaces this relay
// serves, in case it missed a notice.
func (s *Server) maintain() {
	defer close(s.done)
	t := time.NewTicker(refreshEvery)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.refreshAll()
		}
	}
}

func (s *Server) shutdownNATS() {
	if s.nc != nil {
		s.nc.Close()
	}
	if s.ns != nil {
		s.ns.Shutdown()
		s.ns.WaitForShutdown()
	}
}

// Close ends every connection and stops the relay.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	conns := s.conns
	s.conns = map[*session]bool{}
	s.mu.Unlock()
	for c := range conns {
		c.close()
	}
	select {
	case <-s.stop:
	default:
		close(s.stop)
		<-s.done
	}
	if s.notice != nil {
		s.notice.Unsubscribe()
	}
	s.shutdownNATS()
	return nil
}

// ServeHTTP serves the relay protocol on a WebSocket.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/healthz" {
		if s.nc.IsConnected() {
			fmt.Fprintln(w, "ok")
		} else {
			http.Error(w, "NATS unreachable", http.StatusServiceUnavailable)
		}
		return
	}
	// A connection that has not logged in costs the relay its buffers and
	// a goroutine: only so many at once, each for AuthTimeout at most.
	s.mu.Lock()
	if s.closed || s.pending >= s.cfg.MaxPending {
		s.mu.Unlock()
		w.Header().Set("Retry-After", "5")
		http.Error(w, "The relay has too many devices logging in at once; try again shortly.", http.StatusServiceUnavailable)
		return
	}
	s.pending++
	s.mu.Unlock()
	c := &session{s: s, secret: r.Header.Get(relay.AdmissionHeader), pending: true}
	defer c.loggedIn()
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader answered
	}
	ws.SetReadLimit(relay.MaxAuthFrame)
	c.ws = ws
	c.ctx, c.cancel = context.WithCancel(context.Background())
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ws.Close()
		return
	}
	s.conns[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		c.close()
	}()
	c.serve()
}

// Admission: how a workspace came to be served, or that it is not.
type admission int

const (
	notAdmitted admission = iota
	admittedListed
	admittedBefore // by the secret, at an earlier login (stream metadata)
	admittedNow    // by the secret this connection presents
)

// admits says whether the relay serves w to a connection that presents
// secret, and when not, the sentence to refuse it with. w.mu is held and
// w looked up.
func (s *Server) admits(w *workspace, secret string) (admission, string) {
	switch {
	case s.allowed[w.id]:
		return admittedListed, ""
	case w.marked:
		return admittedBefore, ""
	case s.cfg.AdmissionSecret == "" && len(s.allowed) == 0:
		return notAdmitted, "This relay admits no workspace yet: its operator started it without an admission secret or a list of workspaces."
	case secret != "" && s.cfg.AdmissionSecret != "":
		h := sha256.Sum256([]byte(secret))
		if subtle.ConstantTimeCompare(h[:], s.secret[:]) == 1 {
			return admittedNow, ""
		}
		return notAdmitted, "The admission secret in this relay's address is not the relay's; ask its operator for the address again."
	}
	return notAdmitted, "This relay does not serve this workspace. Add the relay with the address its operator gives for new workspaces (…/v1?admit=SECRET), or ask the operator to allow this workspace."
}

func streamName(ws store.DocID) string { return "LH_" + string(ws) }
func subject(ws store.DocID, parts ...string) string {
	return "lh." + string(ws) + "." + strings.Join(parts, ".")
}

// noticeSubject is where relays announce membership entries they stored;
// it is outside every workspace stream's subjects.
func noticeSubject(ws string) string { return "lhrelay.log." + ws }

// workspace is what the relay keeps in memory of one workspace.
type workspace struct {
	id   store.DocID
	refs int // logins and sessions using it; guarded by Server.mu
	// keep says the workspace is stored and admitted: it stays in memory
	// when no session uses it. Others are forgotten, so that a stranger
	// naming workspaces costs the relay nothing.
	keep atomic.Bool

	mu     sync.Mutex
	ready  bool // the stream exists
	marked bool // the stream says the admission secret admitted it
	stream jetstream.Stream
	logSeq uint64 // the last stream position of the log read
	byHash map[membership.Hash]*membership.Entry
	list   []*membership.Entry // in the order stored
	state  *membership.State
	conns  map[*session]bool
	usage  map[membership.DeviceID]*usage
	feed   *feed
	// presence bounds each device's rate of presence through this process.
	presence map[membership.DeviceID]*rate.Limiter
	// objects is the stream of sealed objects (chunks and manifests of
	// files), nil until first used.
	objects jetstream.Stream
}

// acquire returns the workspace, counting one more user of it.
func (s *Server) acquire(id store.DocID) *workspace {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.spaces[id]
	if w == nil {
		w = &workspace{id: id, byHash: map[membership.Hash]*membership.Entry{}, conns: map[*session]bool{},
			usage: map[membership.DeviceID]*usage{}}
		w.state, _ = membership.Fold(nil)
		s.spaces[id] = w
	}
	w.refs++
	return w
}

// release counts one user less, and forgets a workspace nobody uses that
// the relay does not serve.
func (s *Server) release(w *workspace) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w.refs--
	if w.refs == 0 && !w.keep.Load() && s.spaces[w.id] == w {
		delete(s.spaces, w.id)
	}
}

// lookup finds the workspace's stream, if the relay stores it, and
// whether the admission secret admitted it. It creates nothing. w.mu is
// held.
func (s *Server) lookup(ctx context.Context, w *workspace) error {
	if w.ready {
		return nil
	}
	st, err := s.js.Stream(ctx, streamName(w.id))
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("stream for %s: %w", w.id, err)
	}
	w.stream, w.ready = st, true
	w.marked = st.CachedInfo().Config.Metadata[admittedKey] != ""
	return nil
}

// create stores a workspace new to the relay: its stream, marked when
// the admission secret admitted it. w.mu is held.
func (s *Server) create(ctx context.Context, w *workspace, bySecret bool) error {
	cfg := jetstream.StreamConfig{
		Name: streamName(w.id), Subjects: []string{subject(w.id, ">")}, Storage: jetstream.FileStorage,
		Replicas: s.cfg.Replicas, MaxMsgSize: int32(seal.MaxEnvelope + 1024), AllowRollup: true,
		Duplicates: 10 * time.Minute,
		// A consumer per device catching up; the default limit is lower.
		MaxConsumers: 1 << 20,
	}
	if bySecret {
		cfg.Metadata = map[string]string{admittedKey: "secret"}
	}
	st, err := s.js.CreateOrUpdateStream(ctx, cfg)
	if err != nil {
		return fmt.Errorf("stream for %s: %w", w.id, err)
	}
	w.stream, w.ready, w.marked = st, true, bySecret
	return nil
}

// mark records that the admission secret admitted a workspace stored
// before (by a relay that admitted anyone, or through the allow-list).
// w.mu is held.
func (s *Server) mark(ctx context.Context, w *workspace) error {
	info, err := w.stream.Info(ctx)
	if err != nil {
		return fmt.Errorf("stream for %s: %w", w.id, err)
	}
	cfg := info.Config
	cfg.Metadata = maps.Clone(cfg.Metadata)
	if cfg.Metadata == nil {
		cfg.Metadata = map[string]string{}
	}
	cfg.Metadata[admittedKey] = "secret"
	if _, err := s.js.UpdateStream(ctx, cfg); err != nil {
		return fmt.Errorf("mark %s admitted: %w", w.id, err)
	}
	w.marked = true
	return nil
}

// readLog reads the log entries stored since the last read, refolds, and
// disconnects the devices the log no longer holds. w.mu is held and the
// stream exists.
func (s *Server) readLog(ctx context.Context, w *workspace) error {
	msgs, err := readSubject(ctx, w.stream, subject(w.id, "m"), w.logSeq)
	if err != nil {
		return err
	}
	changed := false
	for _, m := range msgs {
		w.logSeq = m.seq
		e, err := membership.Decode(m.data)
		if err != nil || w.byHash[e.Hash()] != nil {
			continue
		}
		w.byHash[e.Hash()] = e
		w.list = append(w.list, e)
		changed = true
	}
	if changed {
		w.state, _ = membership.Fold(w.list)
		w.evict()
	}
	return nil
}

// evict disconnects the sessions of devices the log no longer holds.
// w.mu is held.
func (w *workspace) evict() {
	for c := range w.conns {
		if !w.state.IsMember(c.device) {
			go c.refuse(0, relay.CodeAuth, "This device was removed from the workspace.")
		}
	}
}

type stored struct {
	seq  uint64
	subj string
	data []byte
}

// readSubject returns the messages on a subject after position after, by
// direct gets: no consumer is left behind for these small reads (the log,
// grants, join requests).
func readSubject(ctx context.Context, st jetstream.Stream, subj string, after uint64) ([]stored, error) {
	var out []stored
	for seq := after + 1; ; {
		m, err := st.GetMsg(ctx, seq, jetstream.WithGetMsgSubject(subj))
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, stored{seq: m.Sequence, subj: m.Subject, data: m.Data})
		seq = m.Sequence + 1
	}
}

// verify checks membership entries a device offers against the log the
// relay holds, storing nothing, by the rule every device applies
// (membership.Offer): each new entry is authorized at its parents, in
// causal order, and the whole offer is refused unless the device is a
// member of the log with the new entries folded in. It returns the
// entries the relay lacks and the state with them. w.mu is held.
func (w *workspace) verify(raws [][]byte, device membership.DeviceID) ([]*membership.Entry, *membership.State, error) {
	offered := make([]*membership.Entry, 0, len(raws))
	for _, raw := range raws {
		e, err := membership.Decode(raw)
		if err != nil {
			return nil, nil, err
		}
		if e.Workspace != w.id {
			return nil, nil, store.Errorf(store.EINVALID, "A membership entry belongs to another workspace.")
		}
		offered = append(offered, e)
	}
	fresh, st, why := membership.Offer(w.list, offered, device)
	if why != "" {
		return nil, nil, store.Errorf(store.EFORBIDDEN, "%s", why)
	}
	return fresh, st, nil
}

// store stores entries verify returned, disconnects the devices the log
// no longer holds, and tells the other relay processes. w.mu is held.
func (s *Server) store(ctx context.Context, w *workspace, fresh []*membership.Entry) error {
	if len(fresh) == 0 {
		return nil
	}
	var err error
	var hashes []byte
	for _, e := range fresh {
		if _, err = s.js.Publish(ctx, subject(w.id, "m"), e.Bytes(), jetstream.WithMsgID(e.Hash().String())); err != nil {
			err = fmt.Errorf("store membership entry: %w", err)
			break
		}
		w.byHash[e.Hash()] = e
		w.list = append(w.list, e)
		h := e.Hash()
		hashes = append(hashes, h[:]...)
		if e.Kind == membership.KindJoin {
			// The invitation is spent: its waiting requests go.
			w.stream.Purge(ctx, jetstream.WithPurgeSubject(subject(w.id, "j", hex.EncodeToString(e.Invite[:]))))
		}
	}
	if len(hashes) > 0 {
		w.state, _ = membership.Fold(w.list)
		w.evict()
		if perr := s.nc.Publish(noticeSubject(string(w.id)), hashes); perr != nil {
			s.logf("relay: announce membership of %s: %v", w.id, perr)
		}
	}
	return err
}

// merge checks and stores membership entries the relay lacks, offered by
// a device that must still be a member with them.
func (s *Server) merge(ctx context.Context, w *workspace, device membership.DeviceID, raws [][]byte) error {
	if err := s.readLog(ctx, w); err != nil {
		return err
	}
	fresh, _, err := w.verify(raws, device)
	if err != nil {
		return err
	}
	return s.store(ctx, w, fresh)
}

// onNotice hears that a relay process stored membership entries: the
// workspace's log is reread if this process serves it.
func (s *Server) onNotice(m *nats.Msg) {
	ws := store.DocID(strings.TrimPrefix(m.Subject, noticeSubject("")))
	s.mu.Lock()
	w := s.spaces[ws]
	s.mu.Unlock()
	if w == nil || !w.keep.Load() {
		return
	}
	var want []membership.Hash
	for b := m.Data; len(b) >= 32; b = b[32:] {
		want = append(want, membership.Hash(b[:32]))
	}
	go s.refresh(w, want)
}

// refresh rereads a workspace's log until it holds the entries wanted
// (a notice can overtake the stream in a cluster), for a few seconds.
func (s *Server) refresh(w *workspace, want []membership.Hash) {
	for try := 0; try < 20; try++ {
		ctx, cancel := context.WithTimeout(context.Background(), natsTimeout)
		w.mu.Lock()
		var err error
		if w.ready {
			err = s.readLog(ctx, w)
		}
		lacking := slices.ContainsFunc(want, func(h membership.Hash) bool { return w.byHash[h] == nil })
		w.mu.Unlock()
		cancel()
		if err != nil {
			s.logf("relay: reread the membership of %s: %v", w.id, err)
		}
		if err == nil && !lacking {
			return
		}
		select {
		case <-s.stop:
			return
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// refreshAll rereads the logs of the workspaces with devices connected.
func (s *Server) refreshAll() {
	s.mu.Lock()
	var ws []*workspace
	for _, w := range s.spaces {
		if w.keep.Load() {
			ws = append(ws, w)
		}
	}
	s.mu.Unlock()
	for _, w := range ws {
		w.mu.Lock()
		n := len(w.conns)
		w.mu.Unlock()
		if n > 0 {
			s.refresh(w, nil)
		}
	}
}

func newChallenge() []byte {
	b := make([]byte, 32)
	rand.Read(b)
	return b
}

func deviceOf(pub ed25519.PublicKey) membership.DeviceID { return sha256.Sum256(pub) }

func sha256sum(b []byte) [32]byte { return sha256.Sum256(b) }
