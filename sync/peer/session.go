// Package peer runs sync sessions between two devices of a workspace over
// a connection both already trust (see sync/transport): the membership
// log first when it differs, then the documents that differ, through the
// store's untrusted-bytes path. It also keeps what each peer confirmed,
// so status is known, never guessed.
package peer

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"sync"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/sync/engine"
	"github.com/longhand/longhand/sync/wire"
)

// Store is what a session needs from the local store; *sqlite.DB is one.
type Store interface {
	SyncHeads(ctx context.Context) ([]store.DocHead, error)
	SyncOpen(ctx context.Context, id store.DocID) (*crdt.Doc, store.Kind, error)
	SyncAdopt(ctx context.Context, id store.DocID, kind store.Kind, snapshot []byte) error
	SyncAdoptAll(ctx context.Context, docs []store.DocSnapshot) []error
	SyncSnapshot(ctx context.Context, id store.DocID) ([]byte, store.Kind, string, error)
	// ConfirmedHeads gives the heads of a document that a device last
	// confirmed holding ("" when none).
	ConfirmedHeads(ctx context.Context, device string, id store.DocID) (string, error)
	SyncMerge(ctx context.Context, id store.DocID, changes [][]byte) error
	SyncQuarantine(ctx context.Context, id store.DocID, reason string, b []byte) error
	Blobs
	FindMembershipEntries(ctx context.Context) ([][]byte, error)
	AddMembershipEntries(ctx context.Context, raws [][]byte) ([]store.EntryResult, error)
}

// logID stands for the membership log in reconciliation: the log travels
// only when the two devices' logs differ, so a session where nothing
// changed stays one small round trip.
const logID store.DocID = "00000000000000000000000000000000"

// Result is what a session did.
type Result struct {
	PeerPort   int // where the peer listens for sessions; 0 when it does not
	Diff       engine.Diff
	Reconcile  engine.Stats
	Docs       engine.Stats
	LogSynced  bool
	Total      int                    // documents this device holds
	Confirmed  map[store.DocID]string // heads the peer confirmed holding, for every document both sides hold
	LogResults []store.EntryResult    // what became of the peer's log entries, when it was sent
	Blobs      BlobStats              // files fetched and sent
}

// Run runs one sync session over rw; the device that connected is the
// initiator. Every byte from the peer is checked (log entries by the
// store's verification, documents by check) before it is believed.
func Run(ctx context.Context, rw io.ReadWriter, st Store, check engine.Checker, initiator bool) (*Result, error) {
	return RunWith(ctx, rw, st, check, initiator, Options{})
}

// Options are what a session may be told beyond its connection.
type Options struct {
	Port     int                   // where this device listens for sessions; 0 when it does not
	Progress func(done, total int) // how many of the documents the peer has to send have arrived
	Scope    *Scope                // what the peer may see and send; nil for a full member
	// Device is the peer's device: each document's sync resumes from the
	// heads it last confirmed holding. Empty: every sync starts afresh.
	Device string
}

// Scope limits a session with a guest's device to what a guest may read
// and comment on: the pages of the spaces they were invited to, with the
// workspace (its spaces' and channels' names) and people's profiles to make
// sense of them. Every other document is left out of reconciliation, so
// the guest never receives it or learns its ID, and a document outside the
// scope that the guest sends is refused.
type Scope struct {
	Member store.DocID // the guest
	Spaces map[store.DocID]bool
}

// shows says whether the peer may hold a document.
func (s *Scope) shows(h store.DocHead) bool {
	switch h.Kind {
	case store.KindWorkspace, store.KindMember:
		return true
	case store.KindPage:
		return s.Spaces[h.Space]
	}
	return false
}

// takes says whether the peer may send a document as d, having had it at
// since ("" for a document new here): comments on pages in its spaces,
// which leave the page itself as it was, and its own profile.
func (s *Scope) takes(id store.DocID, kind store.Kind, d *crdt.Doc, since string) error {
	switch kind {
	case store.KindPage:
		after, err := d.Page()
		if err != nil || !s.Spaces[after.Space] {
			break
		}
		if since == "" {
			return fmt.Errorf("a guest's device sent a new page %s; guests comment, they do not add pages", id)
		}
		before, err := d.PageAt(since)
		if err != nil {
			return err
		}
		if before.Title != after.Title || before.Body != after.Body || before.Space != after.Space || before.Parent != after.Parent ||
			before.Position != after.Position || before.Template != after.Template || !before.DeletedAt.Equal(after.DeletedAt) {
			return fmt.Errorf("a guest's device changed page %s itself; guests may only comment on it", id)
		}
		return nil
	case store.KindMember:
		if id == s.Member {
			return nil
		}
	}
	return fmt.Errorf("a guest's device sent %s (a %s), which is outside what the guest may change", id, kind)
}

// RunWith is Run with options.
func RunWith(ctx context.Context, rw io.ReadWriter, st Store, check engine.Checker, initiator bool, opts Options) (*Result, error) {
	port, progress := opts.Port, opts.Progress
	rw = wire.NewConn(rw) // one read buffer for every step
	all, err := st.SyncHeads(ctx)
	if err != nil {
		return nil, err
	}
	heads := all
	if opts.Scope != nil {
		heads = nil
		for _, h := range all {
			if opts.Scope.shows(h) {
				heads = append(heads, h)
			}
		}
	}
	log, err := st.FindMembershipEntries(ctx)
	if err != nil {
		return nil, err
	}
	items := make([]engine.Doc, 0, len(heads)+1)
	for _, h := range heads {
		items = append(items, engine.Doc{ID: h.ID, Heads: h.Heads})
	}
	items = append(items, engine.Doc{ID: logID, Heads: logDigest(log)})
	set, err := engine.NewSet(items)
	if err != nil {
		return nil, err
	}
	res := &Result{Total: len(heads), Confirmed: map[store.DocID]string{}}
	// Hellos cross without a round trip of their own: the initiator's goes
	// just before its first reconciliation frame, the answer's before its reply.
	hello := wire.Frame{Type: wire.TypeHello, Payload: binary.AppendUvarint(nil, uint64(port))}
	if initiator {
		if err := wire.WriteFrame(rw, hello); err != nil {
			return res, err
		}
	}
	if res.PeerPort, err = readHello(rw); err != nil {
		return res, err
	}
	if !initiator {
		if err := wire.WriteFrame(rw, hello); err != nil {
			return res, err
		}
	}
	diff, rst, err := engine.Reconcile(rw, set, initiator)
	res.Reconcile = rst
	if err != nil {
		return res, fmt.Errorf("reconcile: %w", err)
	}
	diff, logDiffers := withoutLog(diff)
	res.Diff = diff
	if logDiffers {
		res.LogSynced = true
		if res.LogResults, err = exchangeLogs(ctx, rw, st, log, initiator); err != nil {
			return res, err
		}
	}
	docs := &adapter{st: st, total: len(diff.OnlyTheirs) + len(diff.Both), progress: progress, scope: opts.Scope, device: opts.Device}
	docs.report()
	dst, err := engine.SyncDocs(ctx, rw, docs, check, diff, initiator)
	res.Docs = dst
	if err != nil {
		return res, fmt.Errorf("sync documents: %w", err)
	}
	differs := map[store.DocID]bool{}
	for _, ids := range [][]store.DocID{diff.Both, diff.OnlyMine, diff.OnlyTheirs} {
		for _, id := range ids {
			differs[id] = true
		}
	}
	for _, h := range heads {
		if !differs[h.ID] {
			res.Confirmed[h.ID] = h.Heads // equal on both sides at reconciliation
		}
	}
	for id, h := range dst.Settled {
		res.Confirmed[id] = h
	}
	res.Blobs, err = exchangeBlobs(ctx, rw, st, opts.Scope, initiator)
	if err != nil {
		return res, fmt.Errorf("files: %w", err)
	}
	return res, nil
}

func withoutLog(d engine.Diff) (engine.Diff, bool) {
	found := false
	drop := func(ids []store.DocID) []store.DocID {
		out := ids[:0:0]
		for _, id := range ids {
			if id == logID {
				found = true
				continue
			}
			out = append(out, id)
		}
		return out
	}
	return engine.Diff{OnlyMine: drop(d.OnlyMine), OnlyTheirs: drop(d.OnlyTheirs), Both: drop(d.Both)}, found
}

// logDigest names a membership log by the hashes of its entries.
func logDigest(entries [][]byte) string {
	hs := make([]string, len(entries))
	for i, e := range entries {
		s := sha256.Sum256(e)
		hs[i] = string(s[:])
	}
	sort.Strings(hs)
	h := sha256.New()
	for _, s := range hs {
		h.Write([]byte(s))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// exchangeLogs sends this device's log and takes the peer's: the
// initiator first, so that neither writes while the other does.
func exchangeLogs(ctx context.Context, rw io.ReadWriter, st Store, mine [][]byte, initiator bool) ([]store.EntryResult, error) {
	payload, err := wire.EncodeLog(mine)
	if err != nil {
		return nil, err
	}
	send := func() error {
		return wire.WriteFrame(rw, wire.Frame{Type: wire.TypeLog, Payload: payload})
	}
	var results []store.EntryResult
	recv := func() error {
		f, err := wire.ReadFrame(byteReader(rw))
		if err != nil {
			return fmt.Errorf("membership log: %w", err)
		}
		if f.Type != wire.TypeLog {
			return fmt.Errorf("peer sent a frame of type %d instead of its membership log", f.Type)
		}
		entries, err := wire.DecodeLog(f.Payload)
		if err != nil {
			return err
		}
		results, err = st.AddMembershipEntries(ctx, entries)
		return err
	}
	steps := []func() error{send, recv}
	if !initiator {
		steps = []func() error{recv, send}
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return results, err
		}
	}
	return results, nil
}

// NewDocs returns the store as sync engines see it (the LAN's and the
// relay's): documents opened for sync, and what a peer brought stored.
func NewDocs(st Store) *Docs { return &Docs{adapter{st: st}} }

// Docs is the store as sync engines see it.
type Docs struct{ adapter }

// SyncList lists every document with its heads.
func (d *Docs) SyncList(ctx context.Context) ([]engine.Doc, error) {
	heads, err := d.st.SyncHeads(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]engine.Doc, len(heads))
	for i, h := range heads {
		out[i] = engine.Doc{ID: h.ID, Heads: h.Heads}
	}
	return out, nil
}

// adapter is the store as the engine sees it: it remembers the heads each
// document had when opened, so that only what the peer added is merged.
type adapter struct {
	st       Store
	mu       sync.Mutex
	opened   map[store.DocID]string
	progress func(done, total int)
	done     int
	total    int
	taken    map[store.DocID]bool
	scope    *Scope
	device   string
}

// report counts a document taken in from the peer (once, however many
// messages it takes) and says how far the session is.
func (a *adapter) report(ids ...store.DocID) {
	if a.progress == nil {
		return
	}
	a.mu.Lock()
	if a.taken == nil {
		a.taken = map[store.DocID]bool{}
	}
	for _, id := range ids {
		if !a.taken[id] {
			a.taken[id] = true
			a.done++
		}
	}
	done, total := min(a.done, a.total), a.total
	a.mu.Unlock()
	a.progress(done, total)
}

func (a *adapter) Open(ctx context.Context, id store.DocID) (*crdt.Doc, store.Kind, error) {
	d, kind, err := a.st.SyncOpen(ctx, id)
	if err != nil {
		return nil, "", err
	}
	a.mu.Lock()
	if a.opened == nil {
		a.opened = map[store.DocID]string{}
	}
	a.opened[id] = d.Heads()
	a.mu.Unlock()
	return d, kind, nil
}

func (a *adapter) Adopt(ctx context.Context, id store.DocID, kind store.Kind, snapshot []byte) error {
	if a.scope != nil {
		d, err := crdt.Load(snapshot, nil) // checked in the sandbox already
		if err != nil {
			return err
		}
		if err := a.scope.takes(id, kind, d, ""); err != nil {
			return err
		}
	}
	if err := a.st.SyncAdopt(ctx, id, kind, snapshot); err != nil {
		return err
	}
	a.report(id)
	return nil
}

// AdoptAll stores many new documents at once (engine.BatchAdopter).
func (a *adapter) AdoptAll(ctx context.Context, docs []store.DocSnapshot) []error {
	errs := make([]error, len(docs))
	var ok []store.DocSnapshot
	var at []int
	for i, d := range docs {
		if a.scope != nil {
			doc, err := crdt.Load(d.Snapshot, nil) // checked in the sandbox already
			if err == nil {
				err = a.scope.takes(d.ID, d.Kind, doc, "")
			}
			if err != nil {
				errs[i] = err
				continue
			}
		}
		ok, at = append(ok, d), append(at, i)
	}
	var taken []store.DocID
	for k, err := range a.st.SyncAdoptAll(ctx, ok) {
		errs[at[k]] = err
		if err == nil {
			taken = append(taken, ok[k].ID)
		}
	}
	a.report(taken...)
	return errs
}

// SharedHeads gives the heads the peer last confirmed holding
// (engine.Resumer).
func (a *adapter) SharedHeads(ctx context.Context, id store.DocID) string {
	if a.device == "" {
		return ""
	}
	h, err := a.st.ConfirmedHeads(ctx, a.device, id)
	if err != nil {
		return ""
	}
	return h
}

// Snapshot gives a document whole to send (engine.Snapshotter).
func (a *adapter) Snapshot(ctx context.Context, id store.DocID) ([]byte, store.Kind, string, error) {
	return a.st.SyncSnapshot(ctx, id)
}

func (a *adapter) Changed(ctx context.Context, id store.DocID, d *crdt.Doc) error {
	a.mu.Lock()
	since := a.opened[id]
	a.mu.Unlock()
	if a.scope != nil {
		if err := a.scope.takes(id, store.Kind(d.Kind()), d, since); err != nil {
			return err
		}
	}
	changes, err := d.ChangesSince(since)
	if err != nil {
		return err
	}
	if err := a.st.SyncMerge(ctx, id, changes); err != nil {
		return err
	}
	a.mu.Lock()
	a.opened[id] = d.Heads()
	a.mu.Unlock()
	a.report(id)
	return nil
}

func (a *adapter) Quarantine(ctx context.Context, id store.DocID, reason string, b []byte) {
	_ = a.st.SyncQuarantine(ctx, id, reason, b) // the session fails with the reason anyway
}

// readHello reads the peer's hello and not a byte more, so that nothing
// after it is taken from the connection before reconciliation reads it.
func readHello(r io.Reader) (int, error) {
	var head [2]byte // the type, and the payload's length in one byte: a port takes at most three
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return 0, fmt.Errorf("hello: %w", err)
	}
	if head[0] != byte(wire.TypeHello) || head[1] == 0 || head[1] > 3 {
		return 0, fmt.Errorf("the peer did not open the session with a hello")
	}
	p := make([]byte, head[1])
	if _, err := io.ReadFull(r, p); err != nil {
		return 0, fmt.Errorf("hello: %w", err)
	}
	port, k := binary.Uvarint(p)
	if k != len(p) || port > 65535 || len(binary.AppendUvarint(nil, port)) != k {
		return 0, fmt.Errorf("the peer's hello is malformed")
	}
	return int(port), nil
}

// byteReader reads frames from rw, through the session's one buffer.
func byteReader(rw io.Reader) *bufio.Reader { return wire.Reader(rw) }
