package replica

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/store/sandbox"
	"github.com/longhand/longhand/sync/crypto"
	"github.com/longhand/longhand/sync/engine"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/seal"
)

// Docs is what replication needs from the store: engine.Docs, and the
// list of documents with their heads.
type Docs interface {
	engine.Docs
	SyncList(ctx context.Context) ([]engine.Doc, error)
}

// State remembers, per relay and workspace, the stream position applied
// so far and the heads last published of each document.
type State interface {
	RelayPosition(ctx context.Context, relayURL string, ws store.DocID) (uint64, error)
	SetRelayPosition(ctx context.Context, relayURL string, ws store.DocID, pos uint64) error
	PublishedHeads(ctx context.Context, relayURL string, ws store.DocID) (map[store.DocID]string, error)
	SetPublishedHeads(ctx context.Context, relayURL string, ws store.DocID, id store.DocID, heads string) error
	// ResetRelay forgets the position and the heads published: the relay
	// lost its store (or is a new one at the same address), so everything
	// is read and sent again.
	ResetRelay(ctx context.Context, relayURL string, ws store.DocID) error
	// RelayIncarnation returns the relay stream's incarnation last seen
	// (0 before the first connection); SetRelayIncarnation remembers it.
	RelayIncarnation(ctx context.Context, relayURL string, ws store.DocID) (uint64, error)
	SetRelayIncarnation(ctx context.Context, relayURL string, ws store.DocID, inc uint64) error
}

// Device is this device's key.
type Device interface {
	relay.Signer
	PrivateKey() ed25519.PrivateKey
}

// Config configures a replica.
type Config struct {
	URL       string
	Dialer    relay.Dialer
	Workspace store.DocID
	Device    Device
	// Log returns this device's membership entries, parents first.
	Log   func(ctx context.Context) ([][]byte, error)
	Docs  Docs
	Check engine.Checker
	State State
	// Learn, when set, is handed the membership entries the relay holds, so
	// the store learns of joins and removals made while it was away.
	Learn func(ctx context.Context, entries [][]byte) error
	// Admit, when set, admits a join request found at the relay (any
	// admin's or member's device may: the invitation authorizes it) and
	// returns the signed entry, already stored locally.
	Admit func(ctx context.Context, req *crypto.JoinRequest) (*membership.Entry, error)
	// MaxContent is the most content bytes one envelope carries
	// (seal.MaxContent unless a test lowers it); a larger snapshot travels
	// as sealed chunks of ChunkSize bytes (store.ChunkSize unless a test
	// lowers it) that an envelope lists.
	MaxContent int
	ChunkSize  int
	// CompactAfter is how many change envelopes of one document this
	// device publishes before it publishes a snapshot instead.
	CompactAfter int
	// Blobs, when set, carries files through the relay after the
	// documents; nil leaves them to the LAN.
	Blobs Blobs
	Logf  func(format string, args ...any)
	// Presence, when set, is handed the presence messages of the
	// workspace's devices that the relay forwards, once opened and their
	// sender found in the membership; it must check them further.
	Presence func(device membership.DeviceID, msg []byte)
}

// Stats counts what one pass did.
type Stats struct {
	Applied   int // envelopes applied
	Rejected  int // envelopes refused: forged, from a stranger, or failing the sandbox
	Published int // envelopes published
	// TooLarge counts documents not sent through the relay for their
	// size: a snapshot larger than any device's sandbox takes, or one
	// too large for an envelope that a relay of an older build would not
	// take as a list of chunks.
	TooLarge int
	Position uint64

	DocChunksOut int // chunks of large snapshots put on the relay
	DocChunksIn  int // chunks of large snapshots fetched and checked
	// Waiting is how many large snapshots wait for chunks the relay does
	// not hold yet; they are tried again at every pass.
	Waiting int

	BlobsOut  int // files whose manifest this device put on the relay
	ChunksOut int // chunks put on the relay
	BlobsIn   int // files made whole here from the relay
	ChunksIn  int // chunks fetched, checked and kept
	// ObjectsRefused counts manifests and chunks from the relay that were
	// refused (altered, sealed by a stranger, or not what was asked for)
	// and not kept.
	ObjectsRefused int
}

// Replica replicates one workspace through one relay.
type Replica struct {
	cfg Config

	mu      sync.Mutex
	ring    seal.Ring
	state   *membership.State
	senders map[membership.DeviceID]bool // every device the log ever admitted
	keyID   *seal.KeyID                  // the key the log's last rotation names
	pending map[store.DocID][]pendingEnv // changes for documents this device lacks yet
	held    []heldEnv                    // lists of snapshot chunks waiting for their chunks
	// readTo is the stream position this run has applied through; the
	// position remembered stays before a held list, for after a restart.
	readTo  uint64
	sent    map[store.DocID]int          // change envelopes published since the last snapshot
	toGrant []*seal.EpochKey             // keys made here, to grant to every device at the next connection
	granted map[membership.DeviceID]bool // devices this run granted the sealing key to
	joins   []*crypto.JoinRequest        // opened at the last connection
	stats   Stats
	saying  []byte        // this device's presence message, nil for none
	said    chan struct{} // what this device says changed
}

type pendingEnv struct {
	kind    store.Kind
	changes [][]byte
}

// New returns a replica.
func New(cfg Config) *Replica {
	if cfg.CompactAfter <= 0 {
		cfg.CompactAfter = 64
	}
	if cfg.MaxContent <= 0 || cfg.MaxContent > seal.MaxContent {
		cfg.MaxContent = seal.MaxContent
	}
	if cfg.ChunkSize <= 0 || cfg.ChunkSize > store.ChunkSize {
		cfg.ChunkSize = store.ChunkSize
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	return &Replica{cfg: cfg, ring: seal.Ring{}, pending: map[store.DocID][]pendingEnv{}, sent: map[store.DocID]int{},
		granted: map[membership.DeviceID]bool{}, said: make(chan struct{}, 1)}
}

// ErrNoKey says this device holds no key it may seal with yet: an admin
// or member device must grant it the workspace's current key.
var ErrNoKey = store.Errorf(store.EUNAVAILABLE, "This device has not been given the workspace's current key yet; changes stay queued until a member's device connects.")

// connect dials the relay and reads the membership and keys it hands over.
func (r *Replica) connect(ctx context.Context) (*relay.Client, error) {
	local, err := r.cfg.Log(ctx)
	if err != nil {
		return nil, err
	}
	c, err := r.cfg.Dialer.Dial(ctx, r.cfg.URL, r.cfg.Workspace, r.cfg.Device, local)
	if err != nil {
		return nil, err
	}
	if err := r.learn(local, c.Welcome); err != nil {
		c.Close()
		return nil, err
	}
	if r.cfg.Learn != nil && len(c.Welcome.Log) > 0 {
		if err := r.cfg.Learn(ctx, c.Welcome.Log); err != nil {
			r.cfg.Logf("relay: learn membership: %v", err)
		}
	}
	if err := r.admit(ctx, c); err != nil {
		c.Close()
		return nil, err
	}
	if err := r.keys(ctx, c); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// learn folds the membership log (this device's entries and the relay's,
// each checked by its signatures) and opens the keys granted to it.
func (r *Replica) learn(local [][]byte, w relay.Welcome) error {
	var entries []*membership.Entry
	byHash := map[membership.Hash]*membership.Entry{}
	for _, raw := range append(append([][]byte{}, local...), w.Log...) {
		e, err := membership.Decode(raw)
		if err != nil || e.Workspace != r.cfg.Workspace || byHash[e.Hash()] != nil {
			continue
		}
		byHash[e.Hash()] = e
		entries = append(entries, e)
	}
	st, _ := membership.Fold(entries)
	if st.Workspace != r.cfg.Workspace {
		return store.Errorf(store.EINVALID, "The relay's membership log is not this workspace's.")
	}
	senders := map[membership.DeviceID]bool{}
	var keyID *seal.KeyID
	for _, h := range st.Applied {
		e := byHash[h]
		switch e.Kind {
		case membership.KindCreate:
			senders[e.SignerID()] = true
		case membership.KindJoin:
			senders[membership.DeviceIDOf(e.Device)] = true
		case membership.KindRotateKey:
			k := seal.KeyID(e.KeyID)
			keyID = &k
		}
	}
	joins := r.openJoins(w.Joins)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.state, r.senders, r.keyID, r.joins = st, senders, keyID, joins
	for _, raw := range w.Grants {
		g, err := seal.ParseGrant(raw)
		if err != nil {
			continue
		}
		// Only an admin's or member's device may hand out keys.
		if role := st.RoleOf(membership.DeviceIDOf(g.Granter)); role != membership.RoleAdmin && role != membership.RoleMember && !senders[membership.DeviceIDOf(g.Granter)] {
			continue
		}
		if k, err := g.Open(r.cfg.Device.PrivateKey()); err == nil {
			r.ring.Add(k)
		}
	}
	return nil
}

// NewRotationKey makes the key of the next epoch, for an admin removing a
// member: the admin signs a membership entry of KindRotateKey naming its
// ID, and at the next connection this replica grants it to every device
// the log then holds, which no longer includes the removed ones.
func (r *Replica) NewRotationKey() *seal.EpochKey {
	r.mu.Lock()
	defer r.mu.Unlock()
	epoch := uint64(1)
	if cur := r.ring.Current(); cur != nil {
		epoch = cur.Epoch + 1
	}
	k := seal.NewEpochKey(epoch)
	r.ring.Add(k)
	r.toGrant = append(r.toGrant, k)
	return k
}

// admit admits the join requests waiting at the relay, hands the entries
// to the relay, and folds them in so that keys go to the new devices.
func (r *Replica) admit(ctx context.Context, c *relay.Client) error {
	if r.cfg.Admit == nil {
		return nil
	}
	var entries [][]byte
	for _, req := range r.Joins() {
		e, err := r.cfg.Admit(ctx, req)
		if err != nil {
			r.cfg.Logf("relay: a join request was not admitted: %v", err)
			continue
		}
		entries = append(entries, e.Bytes())
	}
	if len(entries) == 0 {
		return nil
	}
	if err := c.PutLog(ctx, entries); err != nil {
		return err
	}
	local, err := r.cfg.Log(ctx)
	if err != nil {
		return err
	}
	w := c.Welcome
	w.Joins = nil
	return r.learn(local, w)
}

// AddKey adds a key this device made earlier (kept across restarts); with
// grant, it is granted to every device at the next connection when the
// log names it as the current key.
func (r *Replica) AddKey(k *seal.EpochKey, grant bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ring.Add(k)
	if grant {
		r.toGrant = append(r.toGrant, k)
	}
}

// keys hands out keys when this device is an admin's or member's: the
// first key of a workspace that has none, keys made here for a rotation,
// and the sealing key to devices this device admitted.
func (r *Replica) keys(ctx context.Context, c *relay.Client) error {
	me := membership.DeviceIDOf(r.cfg.Device.PublicKey())
	r.mu.Lock()
	role := r.state.RoleOf(me)
	if role != membership.RoleAdmin && role != membership.RoleMember {
		r.mu.Unlock()
		return nil
	}
	if role == membership.RoleAdmin && len(r.ring) == 0 && r.keyID == nil {
		k := seal.NewEpochKey(1)
		r.ring.Add(k)
		r.toGrant = append(r.toGrant, k)
	}
	var grantAll []*seal.EpochKey
	for _, k := range r.toGrant {
		if r.keyID == nil || *r.keyID == k.ID {
			grantAll = append(grantAll, k)
		}
	}
	var admitted []ed25519.PublicKey
	var admittedIDs []membership.DeviceID
	if len(grantAll) > 0 {
		// Every device gets the key below: none needs it again.
		for id := range r.state.Devices {
			r.granted[id] = true
		}
	}
	for id, d := range r.state.Devices {
		if d.AddedBy == me && id != me && !r.granted[id] && keyHolder(r.state, id) {
			admitted = append(admitted, d.Key)
			admittedIDs = append(admittedIDs, id)
		}
	}
	r.mu.Unlock()
	for _, k := range grantAll {
		if err := r.GrantAll(ctx, c, k); err != nil {
			return err
		}
	}
	r.mu.Lock()
	r.toGrant = slices.DeleteFunc(r.toGrant, func(k *seal.EpochKey) bool { return slices.Contains(grantAll, k) })
	r.mu.Unlock()
	if k := r.sealKey(); k != nil && len(admitted) > 0 {
		if err := r.Grant(ctx, c, k, admitted); err != nil {
			return err
		}
		r.mu.Lock()
		for _, id := range admittedIDs {
			r.granted[id] = true
		}
		r.mu.Unlock()
	}
	return nil
}

// sealKey returns the key to seal with: the one the log's last rotation
// names, or with no rotation yet the highest epoch held.
func (r *Replica) sealKey() *seal.EpochKey {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.keyID != nil {
		return r.ring.Key(*r.keyID)
	}
	return r.ring.Current()
}

// Stats returns what the replica did so far.
func (r *Replica) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stats
}

// Grant wraps the current key for devices of the workspace and stores the
// grants at the relay: an admitting device does it for a new device, and
// an admin for every remaining device after a rotation.
func (r *Replica) Grant(ctx context.Context, c *relay.Client, k *seal.EpochKey, devices []ed25519.PublicKey) error {
	var gs [][]byte
	for _, d := range devices {
		g, err := seal.NewGrant(k, r.cfg.Device, d)
		if err != nil {
			return err
		}
		gs = append(gs, g)
	}
	return c.PutGrants(ctx, gs)
}

// keyHolder reports whether a device is given the workspace's key: an
// admin's or a member's. A guest may read only some spaces, and the epoch
// key opens every document, so guests do not sync through a relay.
func keyHolder(st *membership.State, d membership.DeviceID) bool {
	role := st.RoleOf(d)
	return role == membership.RoleAdmin || role == membership.RoleMember
}

// GrantAll grants k to every admin's and member's device the membership
// holds now.
func (r *Replica) GrantAll(ctx context.Context, c *relay.Client, k *seal.EpochKey) error {
	r.mu.Lock()
	var ds []ed25519.PublicKey
	for id, d := range r.state.Devices {
		if keyHolder(r.state, id) {
			ds = append(ds, d.Key)
		}
	}
	r.mu.Unlock()
	return r.Grant(ctx, c, k, ds)
}

// apply checks and applies one envelope delivered at pos. A refused
// envelope is counted and skipped: it can never become acceptable. A list
// of snapshot chunks some of which the relay does not hold yet is held,
// to be applied again at the next pass.
func (r *Replica) apply(ctx context.Context, rc *relay.Client, pos uint64, env []byte) error {
	r.mu.Lock()
	ring := seal.Ring{}
	for id, k := range r.ring {
		ring[id] = k
	}
	r.mu.Unlock()
	h, c, err := seal.Open(ring, env)
	if err != nil {
		r.reject("an envelope from the relay: %v", err)
		return nil
	}
	r.mu.Lock()
	known := r.senders[membership.DeviceIDOf(h.Sender)]
	r.mu.Unlock()
	if !known {
		r.reject("an envelope from a device the workspace never admitted")
		return nil
	}
	if h.Kind == seal.KindPresence {
		r.reject("a presence envelope in the stream, where none belongs")
		return nil
	}
	snapshot := h.Kind == seal.KindSnapshot
	if h.Kind == seal.KindSnapshotChunks {
		// From here on it is a snapshot like any other.
		data, err := r.unchunk(ctx, rc, ring, pos, env, h, c)
		if err != nil || data == nil {
			return err
		}
		c = &seal.Content{Doc: c.Doc, DocKind: c.DocKind, Data: [][]byte{data}}
		snapshot = true
	}
	d, kind, err := r.cfg.Docs.Open(ctx, c.Doc)
	switch {
	case err != nil && store.ErrorCode(err) != store.ENOTFOUND:
		return fmt.Errorf("open %s: %w", c.Doc, err)
	case err != nil || d == nil:
		return r.adopt(ctx, snapshot, c)
	}
	if kind != c.DocKind {
		r.reject("an envelope for %s says it is a %s, not a %s", c.Doc, c.DocKind, kind)
		return nil
	}
	req := sandbox.Request{Kind: kind, Snapshot: d.Save(), Changes: c.Data}
	if snapshot {
		// The sandbox merges the snapshot into ours and checks the
		// merge within the kind's limits; this process then loads only
		// what the sandbox saved.
		req.Changes = nil
		req.Merge = c.Data[0]
	}
	res, err := r.cfg.Check.Load(ctx, req)
	if err != nil {
		var rej *sandbox.Rejected
		if errors.As(err, &rej) {
			r.reject("a change to %s: %v", c.Doc, err)
			return nil
		}
		return err
	}
	before := d.Heads()
	if snapshot {
		if d, err = crdt.Load(res.Snapshot, nil); err != nil {
			return err
		}
	} else if err := d.ApplyChanges(c.Data); err != nil {
		// The sandbox applied these very changes to this very document
		// and checked the result, so this yields what it checked.
		return err
	}
	r.count(func(s *Stats) { s.Applied++ })
	if d.Heads() == before {
		return nil
	}
	if err := r.cfg.Docs.Changed(ctx, c.Doc, d); err != nil {
		return err
	}
	return r.markEchoed(ctx, c.Doc, before, d.Heads())
}

// markEchoed moves the published heads along when what came in is all
// this device has: there is nothing of its own to send back.
func (r *Replica) markEchoed(ctx context.Context, id store.DocID, before, after string) error {
	pub, err := r.cfg.State.PublishedHeads(ctx, r.cfg.URL, r.cfg.Workspace)
	if err != nil {
		return err
	}
	if pub[id] == before {
		return r.cfg.State.SetPublishedHeads(ctx, r.cfg.URL, r.cfg.Workspace, id, after)
	}
	return nil
}

// adopt takes a document this device lacks: a snapshot is checked and
// stored; changes wait until a snapshot of it comes.
func (r *Replica) adopt(ctx context.Context, snapshot bool, c *seal.Content) error {
	if !snapshot {
		r.mu.Lock()
		r.pending[c.Doc] = append(r.pending[c.Doc], pendingEnv{kind: c.DocKind, changes: c.Data})
		r.mu.Unlock()
		return nil
	}
	r.mu.Lock()
	waiting := r.pending[c.Doc]
	delete(r.pending, c.Doc)
	r.mu.Unlock()
	var changes [][]byte
	for _, p := range waiting {
		if p.kind == c.DocKind {
			changes = append(changes, p.changes...)
		}
	}
	res, err := r.cfg.Check.Load(ctx, sandbox.Request{Kind: c.DocKind, Snapshot: c.Data[0], Changes: changes})
	if err != nil {
		var rej *sandbox.Rejected
		if errors.As(err, &rej) {
			r.reject("a snapshot of %s: %v", c.Doc, err)
			return nil
		}
		return err
	}
	if err := r.cfg.Docs.Adopt(ctx, c.Doc, c.DocKind, res.Snapshot); err != nil {
		return err
	}
	r.count(func(s *Stats) { s.Applied++ })
	// What came in is on the relay: nothing to send back.
	return r.cfg.State.SetPublishedHeads(ctx, r.cfg.URL, r.cfg.Workspace, c.Doc, res.Heads)
}

// tooLarge notes a document not sent through the relay for its size,
// and why; the others still go.
func (r *Replica) tooLarge(id store.DocID, size int, why string) {
	r.cfg.Logf("relay: %s (%d bytes) is not sent through the relay: %s", id, size, why)
	r.count(func(s *Stats) { s.TooLarge++ })
}

func (r *Replica) reject(format string, args ...any) {
	r.cfg.Logf("relay: refused "+format, args...)
	r.count(func(s *Stats) { s.Rejected++ })
}

func (r *Replica) count(f func(*Stats)) {
	r.mu.Lock()
	f(&r.stats)
	r.mu.Unlock()
}

// publish sends, for every document, the changes made since the heads
// last published: a snapshot for a document never published, or when it
// has had CompactAfter change envelopes; a snapshot too large for one
// envelope goes as sealed chunks and an envelope that lists them. pos is
// the position this device has applied through, which a snapshot covers.
func (r *Replica) publish(ctx context.Context, c *relay.Client, pos uint64) (int, error) {
	list, err := r.cfg.Docs.SyncList(ctx)
	if err != nil {
		return 0, err
	}
	pub, err := r.cfg.State.PublishedHeads(ctx, r.cfg.URL, r.cfg.Workspace)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, doc := range list {
		if pub[doc.ID] == doc.Heads {
			continue
		}
		k := r.sealKey()
		if k == nil {
			return n, ErrNoKey
		}
		d, kind, err := r.cfg.Docs.Open(ctx, doc.ID)
		if store.ErrorCode(err) == store.ENOTFOUND {
			continue // deleted since it was listed
		}
		if err != nil {
			return n, fmt.Errorf("open %s: %w", doc.ID, err)
		}
		heads := d.Heads()
		var env []byte
		old, published := pub[doc.ID]
		var changes [][]byte
		if published && d.HasHeads(old) {
			changes, err = d.ChangesSince(old)
			if err != nil {
				return n, err
			}
		}
		size := 0
		for _, ch := range changes {
			size += len(ch) + 8
		}
		r.mu.Lock()
		compact := r.sent[doc.ID] >= r.cfg.CompactAfter
		r.mu.Unlock()
		if !published || !d.HasHeads(old) || compact || size > r.cfg.MaxContent/2 {
			snap := d.Save()
			covers := r.covers(doc.ID, pos)
			switch {
			case len(snap) > maxSnapshot(kind):
				r.tooLarge(doc.ID, len(snap), fmt.Sprintf("no device takes a %s over %d bytes", kind, maxSnapshot(kind)))
				continue
			case len(snap) > r.cfg.MaxContent-128:
				env, err = r.sealChunked(ctx, c, k, doc.ID, kind, covers, snap)
			default:
				env, err = seal.Seal(k, r.cfg.Device, seal.KindSnapshot, covers, &seal.Content{Doc: doc.ID, DocKind: kind, Data: [][]byte{snap}})
			}
		} else {
			env, err = seal.Seal(k, r.cfg.Device, seal.KindChanges, 0, &seal.Content{Doc: doc.ID, DocKind: kind, Data: changes})
		}
		if err != nil {
			if store.ErrorCode(err) == store.EINVALID {
				r.tooLarge(doc.ID, -1, err.Error())
				continue
			}
			return n, fmt.Errorf("seal %s: %w", doc.ID, err)
		}
		if _, err := c.Publish(ctx, env); err != nil {
			if h, _ := seal.Parse(env); h != nil && h.Kind == seal.KindSnapshotChunks && refusedByRelay(err) {
				r.tooLarge(doc.ID, len(env), fmt.Sprintf("the relay does not take its snapshot as chunks (%v)", err))
				continue
			}
			return n, err
		}
		r.mu.Lock()
		if compact || !published {
			r.sent[doc.ID] = 0
		} else {
			r.sent[doc.ID]++
		}
		r.mu.Unlock()
		if err := r.cfg.State.SetPublishedHeads(ctx, r.cfg.URL, r.cfg.Workspace, doc.ID, heads); err != nil {
			return n, err
		}
		n++
		r.count(func(s *Stats) { s.Published++ })
	}
	return n, nil
}

// catchUp subscribes from the remembered position and applies envelopes
// until the relay says it caught up, remembering the position as it goes.
func (r *Replica) catchUp(ctx context.Context, c *relay.Client) (uint64, error) {
	pos, err := r.cfg.State.RelayPosition(ctx, r.cfg.URL, r.cfg.Workspace)
	if err != nil {
		return 0, err
	}
	inc, err := r.cfg.State.RelayIncarnation(ctx, r.cfg.URL, r.cfg.Workspace)
	if err != nil {
		return 0, err
	}
	r.mu.Lock()
	pos = max(pos, r.readTo)
	r.mu.Unlock()
	if (inc != 0 && inc != c.Welcome.Incarnation) || pos > c.Welcome.Position {
		// The relay's stream is not the one this device read from: it
		// lost its store. Start over, so that nothing it holds now is
		// skipped and everything here is sent to it again.
		r.cfg.Logf("relay: %s started its store again (#%d, this device read up to #%d); reading and sending everything again", r.cfg.URL, c.Welcome.Position, pos)
		if err := r.cfg.State.ResetRelay(ctx, r.cfg.URL, r.cfg.Workspace); err != nil {
			return 0, err
		}
		r.mu.Lock()
		r.sent = map[store.DocID]int{}
		r.held, r.stats.Waiting = nil, 0 // their chunks went with the store
		r.readTo = 0
		r.mu.Unlock()
		pos = 0
	}
	if inc != c.Welcome.Incarnation {
		if err := r.cfg.State.SetRelayIncarnation(ctx, r.cfg.URL, r.cfg.Workspace, c.Welcome.Incarnation); err != nil {
			return 0, err
		}
	}
	if err := c.Subscribe(pos); err != nil {
		return pos, err
	}
	for {
		select {
		case <-ctx.Done():
			return pos, ctx.Err()
		case ev, ok := <-c.Events():
			if !ok {
				return pos, c.Err()
			}
			done, err := r.handle(ctx, c, ev, &pos)
			if err != nil || done {
				return pos, err
			}
		}
	}
}

// handle applies one event; done is true when the relay caught up.
func (r *Replica) handle(ctx context.Context, c *relay.Client, ev relay.Event, pos *uint64) (done bool, err error) {
	switch ev.Type {
	case relay.TDeliver:
		if ev.Position <= *pos {
			return false, nil // delivered again: already applied
		}
		if err := r.apply(ctx, c, ev.Position, ev.Envelope); err != nil {
			return false, err
		}
		*pos = ev.Position
		r.count(func(s *Stats) { s.Position, r.readTo = ev.Position, ev.Position })
		return false, r.cfg.State.SetRelayPosition(ctx, r.cfg.URL, r.cfg.Workspace, r.savedPosition(ev.Position))
	case relay.TCaughtUp:
		return true, nil
	case relay.TPresenceOf:
		r.heard(ev.Envelope)
	case relay.TError:
		if ev.Err == nil {
			return false, errors.New("the relay closed the connection")
		}
		return false, ev.Err
	}
	return false, nil
}

// SyncOnce connects, applies everything the relay holds after the
// remembered position, publishes what changed here, and disconnects.
func (r *Replica) SyncOnce(ctx context.Context) (Stats, error) {
	c, err := r.connect(ctx)
	if err != nil {
		return r.Stats(), err
	}
	defer c.Close()
	pos, err := r.catchUp(ctx, c)
	if err != nil {
		return r.Stats(), err
	}
	if err := r.retryHeld(ctx, c, pos); err != nil {
		return r.Stats(), err
	}
	if _, err = r.publish(ctx, c, pos); err != nil {
		return r.Stats(), err
	}
	err = r.blobs(ctx, c)
	return r.Stats(), err
}

// Status is what the app shows of a relay.
type Status struct {
	Reachable bool
	Position  uint64 // the last stream position applied
	LastError string
	At        time.Time
}

// Run keeps the workspace replicated until ctx ends: it connects, catches
// up, publishes, and then applies what arrives and publishes whenever kick
// fires; when the relay is unreachable it retries, and edits made
// meanwhile are sent when it is back (they are whatever differs from the
// heads last published).
func (r *Replica) Run(ctx context.Context, kick <-chan struct{}, status func(Status)) {
	backoff := time.Second
	for ctx.Err() == nil {
		err := r.session(ctx, kick, status)
		if ctx.Err() != nil {
			return
		}
		st := Status{Position: r.Stats().Position, At: time.Now()}
		if err != nil {
			st.LastError = err.Error()
			if se := (*store.Error)(nil); errors.As(err, &se) {
				st.LastError = se.Error()
			}
		}
		status(st)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		case <-kick:
		}
		backoff = min(backoff*2, time.Minute)
	}
}

func (r *Replica) session(ctx context.Context, kick <-chan struct{}, status func(Status)) error {
	c, err := r.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	pos, err := r.catchUp(ctx, c)
	if err != nil {
		return err
	}
	report := func(e error) {
		st := Status{Reachable: true, Position: pos, At: time.Now()}
		if e != nil {
			st.LastError = e.Error()
		}
		status(st)
	}
	if err := r.retryHeld(ctx, c, pos); err != nil {
		return err
	}
	_, err = r.publish(ctx, c, pos)
	if err != nil && !errors.Is(err, ErrNoKey) {
		return err
	}
	if err == nil {
		err = r.blobs(ctx, c)
	}
	if err != nil && c.Err() != nil {
		return err
	}
	report(err)
	if err := r.sayPresence(c); err != nil {
		return err
	}
	// Kicks come after saves of pages; other documents are sent on a tick.
	tick := time.NewTicker(30 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-r.said:
			if err := r.sayPresence(c); err != nil {
				return err
			}
		case <-tick.C:
			if err := r.retryHeld(ctx, c, pos); err != nil {
				return err
			}
			if _, err := r.publish(ctx, c, pos); err != nil && !errors.Is(err, ErrNoKey) {
				return err
			}
			if err := r.blobs(ctx, c); err != nil {
				if c.Err() != nil {
					return err
				}
				report(err)
			}
		case <-kick:
			if err := r.retryHeld(ctx, c, pos); err != nil {
				return err
			}
			_, err := r.publish(ctx, c, pos)
			if err != nil && !errors.Is(err, ErrNoKey) {
				return err
			}
			if err == nil {
				err = r.blobs(ctx, c)
			}
			if err != nil && c.Err() != nil {
				return err
			}
			report(err)
		case ev, ok := <-c.Events():
			if !ok {
				return c.Err()
			}
			if _, err := r.handle(ctx, c, ev, &pos); err != nil {
				return err
			}
			if ev.Type == relay.TDeliver {
				report(nil)
			}
		}
	}
}
