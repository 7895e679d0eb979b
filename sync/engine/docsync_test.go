package engine

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/sandbox"
	"github.com/longhand/longhand/store/trace"
	"github.com/longhand/longhand/sync/wire"
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
		return nil, "", fmt.Errorf("no document %s", id)
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

func (m *memDocs) Changed(context.Context, store.DocID, *crdt.Doc) error { return nil }

func (m *memDocs) set(t testing.TB) *Set {
	var ds []Doc
	for id, d := range m.docs {
		ds = append(ds, Doc{ID: id, Heads: d.Heads()})
	}
	s, err := NewSet(ds)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fork copies a document, as a second device holding it would.
func fork(t testing.TB, d *crdt.Doc) *crdt.Doc {
	c, err := crdt.Load(d.Save(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newPage(t testing.TB, title, body string) *crdt.Doc {
	now := time.Unix(1_780_000_000, 0)
	d, err := crdt.NewPage(store.Page{Title: title, Body: body}, store.NewDocID(), now)
	if err != nil {
		t.Fatal(err)
	}
	d.Commit("create", now)
	return d
}

// syncPair reconciles and syncs two devices over a pipe, and returns the
// initiator's counts of both steps.
func syncPair(t testing.TB, a, b *memDocs) (Stats, Stats) {
	t.Helper()
	ca, cb := net.Pipe()
	defer ca.Close()
	defer cb.Close()
	ctx := context.Background()
	la, lb := loader(t), loader(t)
	errs := make(chan error, 1)
	go func() {
		d, _, err := Reconcile(cb, b.set(t), false)
		if err == nil {
			_, err = SyncDocs(ctx, cb, b, lb, d, false)
		}
		if err != nil {
			cb.Close() // unblock the initiator, so that the error is seen
		}
		errs <- err
	}()
	d, rst, err := Reconcile(ca, a.set(t), true)
	var sst Stats
	if err == nil {
		sst, err = SyncDocs(ctx, ca, a, la, d, true)
	}
	if err != nil {
		ca.Close()
	}
	if perr := <-errs; perr != nil {
		t.Fatalf("responder: %v (initiator: %v)", perr, err)
	}
	if err != nil {
		t.Fatalf("initiator: %v", err)
	}
	return rst, sst
}

func samePages(t *testing.T, a, b *memDocs) {
	t.Helper()
	if len(a.docs) != len(b.docs) {
		t.Fatalf("A holds %d documents, B %d", len(a.docs), len(b.docs))
	}
	for id, da := range a.docs {
		db := b.docs[id]
		if db == nil {
			t.Fatalf("B lacks %s", id)
		}
		if da.Heads() != db.Heads() {
			t.Errorf("%s: heads differ", id)
		}
		pa, _ := da.Page()
		pb, _ := db.Page()
		if pa.Title != pb.Title || pa.Body != pb.Body {
			t.Errorf("%s: A has %q/%q, B has %q/%q", id, pa.Title, pa.Body, pb.Title, pb.Body)
		}
	}
}

// Two devices edit apart, offline, then meet: each keeps the other's work.
func TestSyncAfterConcurrentEdits(t *testing.T) {
	a, b := newMem(), newMem()
	shared := store.NewDocID()
	base := newPage(t, "Pricing", "We charge per seat.")
	a.docs[shared], a.kinds[shared] = base, store.KindPage
	b.docs[shared], b.kinds[shared] = fork(t, base), store.KindPage
	untouched := store.NewDocID()
	u := newPage(t, "Handbook", "Be kind.")
	a.docs[untouched], a.kinds[untouched] = u, store.KindPage
	b.docs[untouched], b.kinds[untouched] = fork(t, u), store.KindPage

	now := time.Unix(1_780_000_100, 0)
	a.docs[shared].SpliceBody([]store.Splice{{Pos: 0, Ins: "Plan: "}})
	a.docs[shared].Commit("edit by a", now)
	b.docs[shared].SpliceBody([]store.Splice{{Pos: 18, Del: 0, Ins: " from July"}})
	b.docs[shared].SetTitle("Pricing (draft)")
	b.docs[shared].Commit("edit by b", now)
	onlyA, onlyB := store.NewDocID(), store.NewDocID()
	a.docs[onlyA], a.kinds[onlyA] = newPage(t, "A's notes", "only on A"), store.KindPage
	b.docs[onlyB], b.kinds[onlyB] = newPage(t, "B's notes", "only on B"), store.KindPage

	syncPair(t, a, b)
	samePages(t, a, b)
	p, _ := a.docs[shared].Page()
	if p.Body != "Plan: We charge per seat from July." || p.Title != "Pricing (draft)" {
		t.Errorf("merged page = %q / %q", p.Title, p.Body)
	}
	// Meeting again costs one small round trip.
	rst, sst := syncPair(t, a, b)
	if rst.RoundTrips != 1 || rst.Sent+rst.Received > 64 {
		t.Errorf("in sync: reconcile %+v", rst)
	}
	if sst.Sent+sst.Received > 8 {
		t.Errorf("in sync: document sync sent %+v", sst)
	}
}

// Three devices, each with its own edit, converge through pairwise syncs.
func TestSyncThreeDevices(t *testing.T) {
	devs := []*memDocs{newMem(), newMem(), newMem()}
	id := store.NewDocID()
	base := newPage(t, "Roadmap", "")
	for _, d := range devs {
		d.docs[id], d.kinds[id] = fork(t, base), store.KindPage
	}
	now := time.Unix(1_780_000_200, 0)
	for i, d := range devs {
		d.docs[id].SpliceBody([]store.Splice{{Pos: 0, Ins: fmt.Sprintf("[%d]", i)}})
		d.docs[id].Commit("edit", now)
	}
	syncPair(t, devs[0], devs[1])
	syncPair(t, devs[1], devs[2])
	syncPair(t, devs[2], devs[0])
	syncPair(t, devs[0], devs[1])
	samePages(t, devs[0], devs[1])
	samePages(t, devs[1], devs[2])
	p, _ := devs[0].docs[id].Page()
	got := []rune(p.Body)
	sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
	if len(p.Body) != 9 {
		t.Errorf("body %q, want all three edits", p.Body)
	}
}

// adoptOne takes in one snapshot frame as a turn of the peer would.
func (s *docSync) adoptOne(payload []byte) error {
	in := s.newIntake()
	if err := in.add(payload); err != nil {
		in.stop()
		return err
	}
	return in.close()
}

// quarantineDocs is a device that keeps what it refused.
type quarantineDocs struct {
	*memDocs
	refused []store.DocID
}

func (q *quarantineDocs) Quarantine(_ context.Context, id store.DocID, _ string, _ []byte) {
	q.refused = append(q.refused, id)
}

// The snapshots of a turn are checked and stored in batches; one that is
// not a document, in the middle of a batch, is refused and kept in
// quarantine, every other one of the turn is stored, and the turn fails.
func TestIntakeKeepsTheGoodDocumentsOfABatch(t *testing.T) {
	d := &quarantineDocs{memDocs: newMem()}
	s := &docSync{ctx: context.Background(), docs: d, check: loader(t), states: map[store.DocID]*peerDoc{},
		expect: map[store.DocID]bool{}, settled: map[store.DocID]string{}}
	in := s.newIntake()
	const n = intakeDocs*2 + 10
	var bad store.DocID
	for i := range n {
		id := store.NewDocID()
		s.expect[id] = true
		raw, _ := rawID(id)
		snap := newPage(t, fmt.Sprint("Page ", i), "text").Save()
		if i == intakeDocs+7 {
			bad, snap = id, []byte("definitely not automerge")
		}
		if err := in.add(wire.EncodeDocSnap(wire.DocSnap{ID: raw, Kind: string(store.KindPage), Snapshot: snap})); err != nil {
			t.Fatalf("document %d: %v", i, err)
		}
	}
	err := in.close()
	if err == nil || !strings.Contains(err.Error(), string(bad)) {
		t.Errorf("the turn ended with %v, want the refusal of %s", err, bad)
	}
	if len(d.docs) != n-1 || d.docs[bad] != nil {
		t.Errorf("%d documents stored, want %d: all but the bad one", len(d.docs), n-1)
	}
	if len(s.settled) != n-1 {
		t.Errorf("%d documents settled, want %d", len(s.settled), n-1)
	}
	if !slices.Equal(d.refused, []store.DocID{bad}) {
		t.Errorf("quarantined %v, want [%s]", d.refused, bad)
	}
}

// A peer's bytes that are not a document are refused, and nothing changes.
func TestSyncRefusesGarbage(t *testing.T) {
	d := newMem()
	s := &docSync{ctx: context.Background(), docs: d, check: loader(t), states: map[store.DocID]*peerDoc{},
		expect: map[store.DocID]bool{}}
	id := store.NewDocID()
	raw, _ := rawID(id)
	s.expect[id] = true
	payload := append(append(append([]byte{}, raw[:]...), 4), "page"...)
	payload = append(payload, []byte("definitely not automerge")...)
	if err := s.adoptOne(payload); err == nil {
		t.Error("garbage snapshot adopted")
	}
	if len(d.docs) != 0 {
		t.Error("a document was stored")
	}
	other := store.NewDocID()
	d.docs[other], d.kinds[other] = newPage(t, "Mine", "text"), store.KindPage
	s.states[other] = nil
	raw, _ = rawID(other)
	if err := s.receive(append(raw[:], 0x42, 0x01, 0x02)); err == nil {
		t.Error("garbage sync message applied")
	}
	unknown, _ := rawID(store.NewDocID())
	if err := s.receive(append(unknown[:], 0x42)); err == nil {
		t.Error("a message for a document not agreed on was taken")
	}
}

// The 260k-keystroke page from empty: a first sync sends about its Save() size.
func BenchmarkFirstSyncLargePage(b *testing.B) {
	dir, err := trace.Dir()
	if err != nil {
		b.Fatal(err)
	}
	tr, err := trace.Load(dir + "/automerge-paper.json.gz")
	if err != nil {
		b.Fatal(err)
	}
	d := newPage(b, "Paper", "")
	for i, tx := range tr.Txns {
		if err := d.SpliceBody(tx); err != nil {
			b.Fatal(err)
		}
		if i%500 == 0 {
			d.Commit("", time.Unix(1_780_000_000, 0))
		}
	}
	d.Commit("", time.Unix(1_780_000_000, 0))
	size := len(d.Save())
	var rst, st Stats
	for b.Loop() {
		a, c := newMem(), newMem()
		id := store.NewDocID()
		a.docs[id], a.kinds[id] = d, store.KindPage
		rst, st = syncPair(b, a, c)
	}
	b.ReportMetric(float64(size), "save-bytes")
	b.ReportMetric(float64(st.Sent+st.Received), "sync-bytes")
	b.ReportMetric(float64(st.Sent+st.Received)/float64(size), "ratio")
	b.ReportMetric(float64(rst.RoundTrips), "reconcile-roundtrips")
	b.ReportMetric(float64(st.RoundTrips), "sync-roundtrips")
}

// One page of 10,000 changed on one side: what finding it and syncing it
// cost in all.
func BenchmarkOneChangedOf10000(b *testing.B) {
	a, c := newMem(), newMem()
	var changed store.DocID
	for i := 0; i < 10_000; i++ {
		id := store.NewDocID()
		d := newPage(b, fmt.Sprintf("Page %d", i), "Some text that was written once.")
		a.docs[id], a.kinds[id] = d, store.KindPage
		c.docs[id], c.kinds[id] = fork(b, d), store.KindPage
		changed = id
	}
	a.docs[changed].SpliceBody([]store.Splice{{Pos: 0, Ins: "Edited: "}})
	a.docs[changed].Commit("edit", time.Unix(1_780_000_300, 0))
	var rst, sst Stats
	for b.Loop() {
		rst, sst = syncPair(b, a, c)
	}
	b.ReportMetric(float64(rst.Sent+rst.Received), "reconcile-bytes")
	b.ReportMetric(float64(sst.Sent+sst.Received), "sync-bytes")
	b.ReportMetric(float64(rst.Sent+rst.Received+sst.Sent+sst.Received), "total-bytes")
	b.ReportMetric(float64(rst.RoundTrips), "reconcile-roundtrips")
	b.ReportMetric(float64(sst.RoundTrips), "sync-roundtrips")
}

// countingChecker counts the requests that reach the sandbox.
type countingChecker struct {
	Checker
	n int
}

func (c *countingChecker) Load(ctx context.Context, req sandbox.Request) (*sandbox.Result, error) {
	c.n++
	return c.Checker.Load(ctx, req)
}

// Issue 15, finding 1: a sync message whose Bloom filter would make the
// next Generate divide by zero (or probe 2³² − 1 times per change) is
// refused with an error when it arrives, before the sandbox or the core
// sees it, so the session ends without a Generate on it. Before the fix
// the sandbox passed it (it only receives), the core kept it in the sync
// state, and the next turn's Generate aborted the process.
func TestSyncRefusesHostileBloomBeforeGenerate(t *testing.T) {
	for _, tc := range []struct {
		name string
		msg  []byte
	}{
		{"zero bits per entry", []byte{0x42, 0x00, 0x00, 0x01, 0x00, 0x03, 0x01, 0x00, 0x01, 0x00}},
		{"huge num_probes", []byte{0x42, 0x00, 0x00, 0x01, 0x00, 0x09, 0x01, 0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0xff, 0xff, 0x00}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newMem()
			id := store.NewDocID()
			d.docs[id], d.kinds[id] = newPage(t, "Mine", "text"), store.KindPage
			check := &countingChecker{Checker: loader(t)}
			s := &docSync{ctx: context.Background(), docs: d, check: check, states: map[store.DocID]*peerDoc{id: nil},
				expect: map[store.DocID]bool{}, settled: map[store.DocID]string{}}
			raw, _ := rawID(id)
			err := s.receive(append(raw[:], tc.msg...))
			if !errors.Is(err, crdt.ErrSyncMessage) {
				t.Fatalf("receive = %v, want a refusal of the message", err)
			}
			if check.n != 0 {
				t.Errorf("the message went to the sandbox %d times; it is refused before", check.n)
			}
		})
	}
}

// Issue 15, finding 2: a peer's snapshot of 1,423 bytes whose body expands
// to a million characters is refused by the sandbox, and this process
// never loads it.
func TestSyncRefusesExpandingSnapshot(t *testing.T) {
	b, err := os.ReadFile("../../store/sandbox/testdata/page-of-1000000-chars.automerge")
	if err != nil {
		t.Fatal(err)
	}
	d := newMem()
	s := &docSync{ctx: context.Background(), docs: d, check: loader(t), states: map[store.DocID]*peerDoc{},
		expect: map[store.DocID]bool{}, settled: map[store.DocID]string{}}
	id := store.NewDocID()
	raw, _ := rawID(id)
	s.expect[id] = true
	payload := wire.EncodeDocSnap(wire.DocSnap{ID: raw, Kind: string(store.KindPage), Snapshot: b})
	if err := s.adoptOne(payload); err == nil || !strings.Contains(err.Error(), "more than a page may hold") {
		t.Errorf("adopt = %v, want a refusal of its size", err)
	}
	if len(d.docs) != 0 {
		t.Error("the document was adopted")
	}
}

// A change that arrives before its dependency waits inside Automerge,
// outside Save; the sandbox that checks the message bringing the
// dependency is handed the waiting change too, so it checks the document
// this process will hold after both, not less.
func TestWaitingChangesGoToTheSandbox(t *testing.T) {
	d := newMem()
	id := store.NewDocID()
	base := newPage(t, "Plan", "one")
	d.docs[id], d.kinds[id] = base, store.KindPage
	theirs := fork(t, base)
	now := time.Unix(1_780_000_300, 0)
	theirs.SpliceBody([]store.Splice{{Pos: 3, Ins: " two"}})
	theirs.Commit("c1", now)
	theirs.SpliceBody([]store.Splice{{Pos: 7, Ins: " three"}})
	theirs.Commit("c2", now)
	cs, err := theirs.ChangesSince(base.Heads())
	if err != nil || len(cs) != 2 {
		t.Fatalf("ChangesSince = %d changes, %v", len(cs), err)
	}
	// A message of no heads, needs or haves that carries one change.
	carrying := func(c []byte) []byte {
		return append(binary.AppendUvarint([]byte{0x42, 0, 0, 0, 1}, uint64(len(c))), c...)
	}
	check := &recordingChecker{Checker: loader(t)}
	s := &docSync{ctx: context.Background(), docs: d, check: check, states: map[store.DocID]*peerDoc{id: nil},
		expect: map[store.DocID]bool{}, settled: map[store.DocID]string{}}
	raw, _ := rawID(id)
	if err := s.receive(append(raw[:], carrying(cs[1])...)); err != nil {
		t.Fatal(err)
	}
	if p, _ := d.docs[id].Page(); p.Body != "one" {
		t.Fatalf("body %q after a change without its dependency", p.Body)
	}
	if err := s.receive(append(raw[:], carrying(cs[0])...)); err != nil {
		t.Fatal(err)
	}
	if len(check.reqs) != 2 || len(check.reqs[1].Changes) != 1 || !bytes.Equal(check.reqs[1].Changes[0], cs[1]) {
		t.Errorf("the second check was handed %d waiting changes, want the one that waited", len(check.reqs[1].Changes))
	}
	if p, _ := d.docs[id].Page(); p.Body != "one two three" || d.docs[id].Heads() != theirs.Heads() {
		t.Errorf("body %q after both changes", p.Body)
	}
	if len(s.states[id].waiting) != 0 {
		t.Errorf("%d changes still wait", len(s.states[id].waiting))
	}
}

type recordingChecker struct {
	Checker
	reqs []sandbox.Request
}

func (c *recordingChecker) Load(ctx context.Context, req sandbox.Request) (*sandbox.Result, error) {
	c.reqs = append(c.reqs, req)
	return c.Checker.Load(ctx, req)
}
