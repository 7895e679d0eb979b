package server

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
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
	// DeviceQuota is how many envelope bytes one device may store.
	DeviceQuota int64
	// Rate and Burst bound how many frames per second one device may send.
	Rate  float64
	Burst int
	// Logf logs; nil logs nothing.
	Logf func(format string, args ...any)
}

// Defaults.
const (
	DefaultDeviceQuota = 1 << 30
	DefaultRate        = 200
	DefaultBurst       = 1000
	writeTimeout       = 10 * time.Second
	authTimeout        = 15 * time.Second
	natsTimeout        = 10 * time.Second
)

// Server is a relay.
type Server struct {
	cfg  Config
	ns   *natsserver.Server // the embedded server, or nil
	nc   *nats.Conn
	js   jetstream.JetStream
	kv   jetstream.KeyValue
	logf func(string, ...any)

	upgrader websocket.Upgrader

	mu     sync.Mutex
	spaces map[store.DocID]*workspace
	closed bool
	conns  map[*session]bool
	dirty  map[string]int64 // usage keys to write, with their bytes
	stop   chan struct{}
	done   chan struct{}
}

// New starts a relay: the embedded JetStream in cfg.DataDir, or a
// connection to cfg.NATSURL.
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
	s := &Server{cfg: cfg, logf: cfg.Logf, spaces: map[store.DocID]*workspace{}, conns: map[*session]bool{},
		dirty: map[string]int64{}, stop: make(chan struct{}), done: make(chan struct{})}
	if s.logf == nil {
		s.logf = func(string, ...any) {}
	}
	s.upgrader = websocket.Upgrader{ReadBufferSize: 64 << 10, WriteBufferSize: 64 << 10,
		// Devices are not browsers: a relay has no origin to protect.
		CheckOrigin: func(*http.Request) bool { return true }}
	var err error
	if cfg.NATSURL == "" {
		if cfg.DataDir == "" {
			return nil, errors.New("relay: a data folder or a NATS URL is needed")
		}
		s.ns, err = natsserver.NewServer(&natsserver.Options{
			ServerName: "longhand-relay", DontListen: true, JetStream: true,
			StoreDir: filepath.Join(cfg.DataDir, "jetstream"), MaxPayload: 8 << 20,
			NoSigs: true, NoLog: true,
		})
		if err != nil {
			return nil, fmt.Errorf("relay: start embedded NATS: %w", err)
		}
		s.ns.Start()
		if !s.ns.ReadyForConnections(30 * time.Second) {
			s.ns.Shutdown()
			return nil, errors.New("relay: the embedded NATS server did not start")
		}
		s.nc, err = nats.Connect("", nats.InProcessServer(s.ns), nats.Name("longhand-relay"))
	} else {
		opts := append([]nats.Option{nats.Name("longhand-relay"), nats.MaxReconnects(-1),
			nats.ReconnectWait(250 * time.Millisecond)}, cfg.NATSOptions...)
		s.nc, err = nats.Connect(cfg.NATSURL, opts...)
	}
	if err != nil {
		s.shutdownNATS()
		return nil, fmt.Errorf("relay: connect to NATS: %w", err)
	}
	s.js, err = jetstream.New(s.nc)
	if err != nil {
		s.shutdownNATS()
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for {
		// A cluster that is still electing its leader does not answer:
		// ask again rather than wait on one request.
		actx, acancel := context.WithTimeout(ctx, 5*time.Second)
		s.kv, err = s.js.CreateOrUpdateKeyValue(actx, jetstream.KeyValueConfig{Bucket: "LH_USAGE", Replicas: cfg.Replicas,
			Storage: jetstream.FileStorage, History: 1})
		acancel()
		if err == nil || ctx.Err() != nil {
			break
		}
		s.logf("relay: waiting for JetStream: %v", err)
		time.Sleep(200 * time.Millisecond) // a cluster still electing its leader
	}
	if err != nil {
		s.shutdownNATS()
		return nil, fmt.Errorf("relay: usage bucket: %w", err)
	}
	go s.flushUsage()
	return s, nil
}

// markDirty notes a device's stored bytes, written to the usage bucket by
// flushUsage: one write a second per device rather than one per envelope.
func (s *Server) markDirty(w *workspace, d membership.DeviceID, bytes int64) {
	s.mu.Lock()
	s.dirty[usageKey(w.id, d)] = bytes
	s.mu.Unlock()
}

func (s *Server) flushUsage() {
	defer close(s.done)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			s.writeUsage()
			return
		case <-t.C:
			s.writeUsage()
		}
	}
}

func (s *Server) writeUsage() {
	s.mu.Lock()
	dirty := s.dirty
	s.dirty = map[string]int64{}
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), natsTimeout)
	defer cancel()
	for k, v := range dirty {
		if _, err := s.kv.Put(ctx, k, relay.U64(uint64(v))); err != nil {
			s.logf("relay: record usage: %v", err)
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
	if s.stop != nil {
		select {
		case <-s.stop:
		default:
			close(s.stop)
			<-s.done
		}
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
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader answered
	}
	ws.SetReadLimit(relay.MaxMessage)
	c := &session{s: s, ws: ws}
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

func streamName(ws store.DocID) string { return "LH_" + string(ws) }
func subject(ws store.DocID, parts ...string) string {
	return "lh." + string(ws) + "." + strings.Join(parts, ".")
}

// workspace is what the relay keeps in memory of one workspace.
type workspace struct {
	id     store.DocID
	mu     sync.Mutex
	ready  bool
	stream jetstream.Stream
	logSeq uint64 // the last stream position of the log read
	byHash map[membership.Hash]*membership.Entry
	list   []*membership.Entry // in the order stored
	state  *membership.State
	conns  map[*session]bool
	usage  map[membership.DeviceID]*usage
	feed   *feed
}

type usage struct {
	bytes   int64
	limiter *rate.Limiter
}

func (s *Server) workspace(id store.DocID) *workspace {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.spaces[id]
	if w == nil {
		w = &workspace{id: id, byHash: map[membership.Hash]*membership.Entry{}, conns: map[*session]bool{},
			usage: map[membership.DeviceID]*usage{}}
		w.state, _ = membership.Fold(nil)
		s.spaces[id] = w
	}
	return w
}

// open finds the workspace's stream, creating it only with create, and
// reads the log entries stored since the last read. A workspace the relay
// has never stored stays empty (w.ready false) without create, so that a
// stranger naming workspaces costs the relay nothing. w.mu is held.
func (s *Server) open(ctx context.Context, w *workspace, create bool) error {
	if !w.ready {
		st, err := s.js.Stream(ctx, streamName(w.id))
		if errors.Is(err, jetstream.ErrStreamNotFound) {
			if !create {
				return nil
			}
			err = nil
			st = nil
		}
		if err != nil {
			return fmt.Errorf("stream for %s: %w", w.id, err)
		}
		if st != nil {
			w.stream, w.ready = st, true
		}
	}
	if !w.ready {
		st, err := s.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
			Name: streamName(w.id), Subjects: []string{subject(w.id, ">")}, Storage: jetstream.FileStorage,
			Replicas: s.cfg.Replicas, MaxMsgSize: int32(seal.MaxEnvelope + 1024), AllowRollup: true,
			Duplicates: 10 * time.Minute,
			// A consumer per device catching up; the default limit is lower.
			MaxConsumers: 1 << 20,
		})
		if err != nil {
			return fmt.Errorf("stream for %s: %w", w.id, err)
		}
		w.stream, w.ready = st, true
	}
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
	}
	return nil
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

// merge checks and stores membership entries the relay lacks. It folds
// the known entries with the new ones once: a new entry the fold applies
// was authorized at its parents; one it skips is checked on its own, and
// one whose parents are missing is refused.
func (s *Server) merge(ctx context.Context, w *workspace, raws [][]byte) error {
	var fresh []*membership.Entry
	seen := map[membership.Hash]bool{}
	for _, raw := range raws {
		e, err := membership.Decode(raw)
		if err != nil {
			return err
		}
		if e.Workspace != w.id {
			return store.Errorf(store.EINVALID, "A membership entry belongs to another workspace.")
		}
		if w.byHash[e.Hash()] != nil || seen[e.Hash()] {
			continue
		}
		seen[e.Hash()] = true
		fresh = append(fresh, e)
	}
	if len(fresh) == 0 {
		return nil
	}
	all := append(slices.Clone(w.list), fresh...)
	st, missing := membership.Fold(all)
	if len(missing) > 0 {
		return store.Errorf(store.EFORBIDDEN, "A membership entry follows one the relay does not have (%s).", missing[0].String()[:12])
	}
	applied := map[membership.Hash]bool{}
	for _, h := range st.Applied {
		applied[h] = true
	}
	for _, e := range fresh {
		if !applied[e.Hash()] {
			if why := membership.Authorize(w.list, e); why != "" {
				return store.Errorf(store.EFORBIDDEN, "%s", why)
			}
		}
		if _, err := s.js.Publish(ctx, subject(w.id, "m"), e.Bytes(), jetstream.WithMsgID(e.Hash().String())); err != nil {
			return fmt.Errorf("store membership entry: %w", err)
		}
		w.byHash[e.Hash()] = e
		w.list = append(w.list, e)
		if e.Kind == membership.KindJoin {
			// The invitation is spent: its waiting requests go.
			w.stream.Purge(ctx, jetstream.WithPurgeSubject(subject(w.id, "j", hex.EncodeToString(e.Invite[:]))))
		}
	}
	w.state, _ = membership.Fold(w.list)
	// Devices the log no longer holds are disconnected.
	for c := range w.conns {
		if w.state.Devices[c.device] == nil {
			go c.refuse(0, relay.CodeAuth, "This device was removed from the workspace.")
		}
	}
	return nil
}

func (w *workspace) usageOf(s *Server, ctx context.Context, d membership.DeviceID) *usage {
	u := w.usage[d]
	if u == nil {
		u = &usage{limiter: rate.NewLimiter(rate.Limit(s.cfg.Rate), s.cfg.Burst)}
		if e, err := s.kv.Get(ctx, usageKey(w.id, d)); err == nil && len(e.Value()) == 8 {
			u.bytes = int64(getU64(e.Value()))
		}
		w.usage[d] = u
	}
	return u
}

func usageKey(ws store.DocID, d membership.DeviceID) string {
	return string(ws) + "." + hex.EncodeToString(d[:16])
}

func getU64(b []byte) uint64 {
	var v uint64
	for _, c := range b[:8] {
		v = v<<8 | uint64(c)
	}
	return v
}

func newChallenge() []byte {
	b := make([]byte, 32)
	rand.Read(b)
	return b
}

func deviceOf(pub ed25519.PublicKey) membership.DeviceID { return sha256.Sum256(pub) }

func sha256sum(b []byte) [32]byte { return sha256.Sum256(b) }
