package replica_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/store/sandbox"
	"github.com/longhand/longhand/sync/engine"
	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/relay/replica"
	"github.com/longhand/longhand/sync/relay/server"
	"github.com/longhand/longhand/sync/seal"
)

// The test binary is also the sandbox worker, as the app's binary is.
func TestMain(m *testing.M) {
	if os.Getenv(sandbox.EnvWorker) != "" {
		os.Exit(sandbox.ServeMain())
	}
	os.Exit(m.Run())
}

func loader(t testing.TB) *sandbox.Loader {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	l := sandbox.NewLoader(exe)
	t.Cleanup(l.Close)
	return l
}

// memDocs is a device's documents in memory.
type memDocs struct {
	mu    sync.Mutex
	docs  map[store.DocID]*crdt.Doc
	kinds map[store.DocID]store.Kind
}

func newMem() *memDocs {
	return &memDocs{docs: map[store.DocID]*crdt.Doc{}, kinds: map[store.DocID]store.Kind{}}
}

func (m *memDocs) Open(_ context.Context, id store.DocID) (*crdt.Doc, store.Kind, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, ok := m.docs[id]
	if !ok {
		return nil, "", store.Errorf(store.ENOTFOUND, "no document %s", id)
	}
	return d, m.kinds[id], nil
}

func (m *memDocs) Adopt(_ context.Context, id store.DocID, kind store.Kind, snapshot []byte) error {
	d, err := crdt.Load(snapshot, nil)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.docs[id], m.kinds[id] = d, kind
	return nil
}

// Changed keeps d: after a relay snapshot it is the merge the sandbox
// saved, not the document Open returned.
func (m *memDocs) Changed(_ context.Context, id store.DocID, d *crdt.Doc) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.docs[id] = d
	return nil
}

func (m *memDocs) SyncList(context.Context) ([]engine.Doc, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []engine.Doc
	for id, d := range m.docs {
		out = append(out, engine.Doc{ID: id, Heads: d.Heads()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (m *memDocs) body(t *testing.T, id store.DocID) string {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	d := m.docs[id]
	if d == nil {
		return "<missing>"
	}
	p, err := d.Page()
	if err != nil {
		t.Fatal(err)
	}
	return p.Body
}

func (m *memDocs) create(t *testing.T, body string) store.DocID {
	t.Helper()
	d, err := crdt.NewPage(store.Page{Title: "Plan", Body: body}, store.NewDocID(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	id := store.NewDocID()
	m.mu.Lock()
	m.docs[id], m.kinds[id] = d, store.KindPage
	m.mu.Unlock()
	return id
}

func (m *memDocs) edit(t *testing.T, id store.DocID, pos int, ins string) {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	d := m.docs[id]
	if err := d.SpliceBody([]store.Splice{{Pos: pos, Ins: ins}}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Commit("edit", time.Now()); err != nil {
		t.Fatal(err)
	}
}

// memState is the relay state a device remembers.
type memState struct {
	mu   sync.Mutex
	pos  uint64
	inc  uint64
	pubs map[store.DocID]string
}

func (s *memState) RelayIncarnation(context.Context, string, store.DocID) (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inc, nil
}
func (s *memState) SetRelayIncarnation(_ context.Context, _ string, _ store.DocID, inc uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inc = inc
	return nil
}

func (s *memState) RelayPosition(context.Context, string, store.DocID) (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pos, nil
}
func (s *memState) SetRelayPosition(_ context.Context, _ string, _ store.DocID, p uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pos = p
	return nil
}
func (s *memState) PublishedHeads(context.Context, string, store.DocID) (map[store.DocID]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[store.DocID]string{}
	for k, v := range s.pubs {
		out[k] = v
	}
	return out, nil
}
func (s *memState) SetPublishedHeads(_ context.Context, _ string, _ store.DocID, id store.DocID, h string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pubs == nil {
		s.pubs = map[store.DocID]string{}
	}
	s.pubs[id] = h
	return nil
}

func (s *memState) ResetRelay(context.Context, string, store.DocID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pos, s.pubs = 0, nil
	return nil
}

type device struct{ *relaytest.Device }

func (d device) PrivateKey() ed25519.PrivateKey { return d.Priv }

// app is one device's app: documents, remembered state, replica.
type app struct {
	docs  *memDocs
	state *memState
	rep   *replica.Replica
}

func newApp(t *testing.T, url string, r *relaytest.Relay, tm *relaytest.Team, d *relaytest.Device, check engine.Checker) *app {
	return newAppOn(t, url, r, tm, d, check, newMem(), &memState{}, nil)
}

// newAppWith is an app whose documents and state outlive a relay.
func newAppWith(t *testing.T, r *relaytest.Relay, tm *relaytest.Team, d *relaytest.Device, check engine.Checker, docs *memDocs, st *memState) *app {
	return newAppOn(t, r.URL, r, tm, d, check, docs, st, nil)
}

func newAppOn(t *testing.T, url string, r *relaytest.Relay, tm *relaytest.Team, d *relaytest.Device, check engine.Checker, docs *memDocs, st *memState, tweak func(*replica.Config)) *app {
	a := &app{docs: docs, state: st}
	cfg := replica.Config{URL: url, Dialer: r.Dialer, Workspace: tm.WS, Device: device{d},
		Log: func(context.Context) ([][]byte, error) { return tm.Raw(), nil }, Docs: a.docs, Check: check, State: a.state,
		CompactAfter: 3, Logf: t.Logf}
	if tweak != nil {
		tweak(&cfg)
	}
	a.rep = replica.New(cfg)
	return a
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	t.Cleanup(cancel)
	return c
}

func syncOnce(t *testing.T, a *app) replica.Stats {
	t.Helper()
	st, err := a.rep.SyncOnce(ctx(t))
	if err != nil {
		t.Fatalf("SyncOnce: %v", err)
	}
	return st
}

// grantFirstKey has the admin make the first epoch key and grant it to
// every device, as the app does when it first connects a workspace.
func grantFirstKey(t *testing.T, r *relaytest.Relay, tm *relaytest.Team) {
	c, err := r.Dialer.Dial(ctx(t), r.URL, tm.WS, tm.Admin, tm.Raw())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	st, _ := membership.Fold(tm.Log)
	var gs [][]byte
	for _, d := range st.Devices {
		g, err := seal.NewGrant(tm.Key, tm.Admin, d.Key)
		if err != nil {
			t.Fatal(err)
		}
		gs = append(gs, g)
	}
	if err := c.PutGrants(ctx(t), gs); err != nil {
		t.Fatal(err)
	}
}

// Two apps that are never online at the same time converge through the
// relay, with offline edits on both sides, and the relay's data folder
// holds none of what they wrote.
func TestTwoAppsNeverOnlineTogetherConverge(t *testing.T) {
	dir := t.TempDir()
	r := relaytest.Start(t, server.Config{DataDir: dir})
	tm := relaytest.NewTeam(t)
	bobDev := tm.AddMember(t, membership.RoleMember)
	grantFirstKey(t, r, tm)
	check := loader(t)
	ada, bob := newApp(t, r.URL, r, tm, tm.Admin, check), newApp(t, r.URL, r, tm, bobDev, check)

	id := ada.docs.create(t, "canary-alpha-one. ")
	ada.docs.edit(t, id, 0, "canary-alpha-two. ")
	syncOnce(t, ada)

	if st := syncOnce(t, bob); st.Applied != 1 {
		t.Fatalf("bob applied %d envelopes, want 1", st.Applied)
	}
	if got := bob.docs.body(t, id); got != ada.docs.body(t, id) {
		t.Fatalf("bob has %q, ada %q", got, ada.docs.body(t, id))
	}
	// Both edit while the other is away; each edit reaches the relay when
	// its author next connects.
	for i := range 5 {
		bob.docs.edit(t, id, 0, fmt.Sprintf("canary-bravo-%d. ", i))
		ada.docs.edit(t, id, 0, fmt.Sprintf("canary-alpha-%d. ", i+3))
		syncOnce(t, bob)
		syncOnce(t, ada)
	}
	syncOnce(t, bob)
	a, b := ada.docs.body(t, id), bob.docs.body(t, id)
	if a != b || ada.docs.docs[id].Heads() != bob.docs.docs[id].Heads() {
		t.Fatalf("not converged:\nada %q\nbob %q", a, b)
	}
	for _, want := range []string{"canary-alpha-one", "canary-alpha-7", "canary-bravo-4"} {
		if !strings.Contains(a, want) {
			t.Errorf("converged body %q lacks %q", a, want)
		}
	}
	// Nothing is published twice: after converging, a pass sends nothing.
	before := ada.rep.Stats().Published
	syncOnce(t, ada)
	if ada.rep.Stats().Published != before {
		t.Errorf("a pass with nothing new published %d envelopes", ada.rep.Stats().Published-before)
	}
	// A third device that joins late gets everything, compacted.
	carolDev := tm.AddMember(t, membership.RoleMember)
	c, _ := r.Dialer.Dial(ctx(t), r.URL, tm.WS, tm.Admin, tm.Raw())
	g, _ := seal.NewGrant(tm.Key, tm.Admin, carolDev.PublicKey())
	if err := c.PutGrants(ctx(t), [][]byte{g}); err != nil {
		t.Fatal(err)
	}
	c.Close()
	carol := newApp(t, r.URL, r, tm, carolDev, check)
	syncOnce(t, carol)
	if got := carol.docs.body(t, id); got != a {
		t.Errorf("carol has %q, want %q", got, a)
	}
	r.Stop()
	assertNoCanary(t, dir)
}

func assertNoCanary(t *testing.T, dir string) {
	t.Helper()
	var walk func(string)
	walk = func(p string) {
		ents, err := os.ReadDir(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			q := p + "/" + e.Name()
			if e.IsDir() {
				walk(q)
				continue
			}
			b, err := os.ReadFile(q)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(b), "canary-") {
				t.Errorf("%s holds plaintext", q)
			}
		}
	}
	walk(dir)
}

// recordingChecker keeps the requests that reach the sandbox.
type recordingChecker struct {
	engine.Checker
	mu   sync.Mutex
	reqs []sandbox.Request
}

func (c *recordingChecker) Load(ctx context.Context, req sandbox.Request) (*sandbox.Result, error) {
	c.mu.Lock()
	c.reqs = append(c.reqs, req)
	c.mu.Unlock()
	return c.Checker.Load(ctx, req)
}

// Issue 15, finding 2: a relay snapshot of a document this device holds
// is merged with the local copy in the sandbox, which checks the merge;
// the main process loads what the sandbox saved. (Before the fix the
// sandbox checked the snapshot alone and the merge ran here.)
func TestRelaySnapshotIsMergedInTheSandbox(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	tm := relaytest.NewTeam(t)
	bobDev := tm.AddMember(t, membership.RoleMember)
	grantFirstKey(t, r, tm)
	bobCheck := &recordingChecker{Checker: loader(t)}
	ada, bob := newApp(t, r.URL, r, tm, tm.Admin, loader(t)), newApp(t, r.URL, r, tm, bobDev, bobCheck)
	id := ada.docs.create(t, "alpha. ")
	syncOnce(t, ada)
	syncOnce(t, bob)
	// Bob edits offline while Ada publishes enough changes that her next
	// envelope is a snapshot (CompactAfter is 3).
	bob.docs.edit(t, id, 0, "bravo. ")
	for i := range 4 {
		ada.docs.edit(t, id, 0, fmt.Sprintf("alpha-%d. ", i))
		syncOnce(t, ada)
	}
	bobCheck.mu.Lock()
	bobCheck.reqs = nil
	bobCheck.mu.Unlock()
	syncOnce(t, bob)
	merges := 0
	for _, req := range bobCheck.reqs {
		if req.Merge != nil {
			merges++
			if len(req.Snapshot) == 0 || len(req.Changes) > 0 {
				t.Errorf("a merge request of a %d-byte snapshot and %d changes, want ours and nothing else", len(req.Snapshot), len(req.Changes))
			}
		}
	}
	if merges == 0 {
		t.Fatalf("no snapshot was merged in the sandbox (%d requests)", len(bobCheck.reqs))
	}
	if got := bob.docs.body(t, id); !strings.Contains(got, "bravo. ") || !strings.Contains(got, "alpha-3. ") {
		t.Errorf("bob has %q, want his edit and all of Ada's", got)
	}
}
