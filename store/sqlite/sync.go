package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/textop"
)

// This file is the store's side of syncing with peers: what documents it
// holds and at which heads, a document to sync, and taking in what a peer
// sent — a document new here, or changes to one it has. Bytes reach these
// methods only after the sandbox checked them; what Automerge made of
// them is then stored and materialized like a local change, and
// OnRemoteChange says what changed so that the screens follow.

// RemoteChange says what a peer's bytes changed here.
type RemoteChange struct {
	ID      store.DocID
	Kind    store.Kind
	Created bool        // the document is new on this device
	Parent  store.DocID // for a month of a chat: its conversation; for a transcript: its video's hash
	// For a page: its row after the change, and the edit to its text as an
	// editor at PrevRev applies it to reach Rev.
	Page    *store.PageSummary
	PrevRev string
	Rev     string
	Splices []store.Splice
}

// syncable are the kinds of documents peers exchange.
var syncable = map[store.Kind]bool{
	store.KindWorkspace: true, store.KindMember: true, store.KindPage: true, store.KindGoal: true,
	store.KindCheckIn: true, store.KindPost: true, store.KindConversation: true, store.KindChat: true,
	store.KindTranscript: true,
}

// SyncHeads lists every healthy document with its heads, for
// reconciliation. Damaged documents are left out: a peer that has one
// whole sends it as new, which heals it here.
func (db *DB) SyncHeads(ctx context.Context) ([]store.DocHead, error) {
	if err := db.flushAll(ctx); err != nil {
		return nil, err
	}
	rows, err := db.db.QueryContext(ctx, `
		SELECT d.id, d.kind, d.heads, coalesce(p.space_id, '')
		FROM docs d LEFT JOIN pages p ON p.id = d.id
		WHERE d.damaged = '' ORDER BY d.id`)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	defer rows.Close()
	var out []store.DocHead
	for rows.Next() {
		var h store.DocHead
		if err := rows.Scan(&h.ID, &h.Kind, &h.Heads, &h.Space); err != nil {
			return nil, fmt.Errorf("list documents: %w", err)
		}
		if syncable[h.Kind] {
			out = append(out, h)
		}
	}
	return out, rows.Err()
}

// SyncOpen loads a document to sync, with every acknowledged edit in it.
// The copy is the caller's: changes made to it reach the store through
// SyncMerge.
func (db *DB) SyncOpen(ctx context.Context, id store.DocID) (*crdt.Doc, store.Kind, error) {
	sd, err := db.readSyncDoc(ctx, id)
	if err != nil {
		return nil, "", err
	}
	d, err := sd.load()
	if err != nil {
		return nil, "", store.Errorf(store.EUNAVAILABLE, "Document %s would not load (%v).", id, err)
	}
	return d, sd.kind, nil
}

// SyncSnapshot returns a document whole, with every acknowledged edit in
// it, for a peer that lacks it: the stored snapshot as it is when no change
// follows it (most documents, and every one just compacted), so that a
// first sync does not load and save each document again; the document
// loaded and saved anew otherwise.
func (db *DB) SyncSnapshot(ctx context.Context, id store.DocID) (snapshot []byte, kind store.Kind, heads string, err error) {
	sd, err := db.readSyncDoc(ctx, id)
	if err != nil {
		return nil, "", "", err
	}
	if len(sd.changes) == 0 {
		return sd.snapshot, sd.kind, sd.heads, nil
	}
	d, err := sd.load()
	if err != nil {
		return nil, "", "", store.Errorf(store.EUNAVAILABLE, "Document %s would not load (%v).", id, err)
	}
	return d.Save(), sd.kind, d.Heads(), nil
}

// readSyncDoc reads a document to sync, its acknowledged edits stored
// first, and refuses one that is damaged or fails its checksums.
func (db *DB) readSyncDoc(ctx context.Context, id store.DocID) (*storedDoc, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	db.mu.Lock()
	err := db.flushLocked(ctx, id)
	db.mu.Unlock()
	if err != nil {
		return nil, err
	}
	sd, err := readDoc(ctx, db.db, id)
	if err != nil {
		return nil, err
	}
	if sd.damaged != "" {
		return nil, store.Errorf(store.EUNAVAILABLE, "Document %s is damaged (%s).", id, sd.damaged)
	}
	if reason := sd.verify(); reason != "" {
		return nil, store.Errorf(store.EUNAVAILABLE, "Document %s failed its checksum (%s).", id, reason)
	}
	return sd, nil
}

// SyncAdopt stores a document a peer sent whole. A document this device
// already holds takes in the peer's changes instead; a damaged one is
// replaced, the peer's copy healing it (its bad bytes stay in quarantine).
func (db *DB) SyncAdopt(ctx context.Context, id store.DocID, kind store.Kind, snapshot []byte) error {
	a, err := db.prepareAdopt(ctx, store.DocSnapshot{ID: id, Kind: kind, Snapshot: snapshot})
	if err != nil || a == nil {
		return err
	}
	defer a.unlock()
	return a.finish(<-db.w.submit("", "", a.write))
}

// SyncAdoptAll stores many documents a peer sent whole, checked in the
// sandbox, each as SyncAdopt would, and returns an error for each (nil
// when it was stored). The new pages among them (nearly all of a first
// sync) are handed to the writer together, which stores them a group per
// transaction instead of one; the other documents are stored one at a
// time, under their kind's lock.
func (db *DB) SyncAdoptAll(ctx context.Context, docs []store.DocSnapshot) []error {
	errs := make([]error, len(docs))
	type pending struct {
		i    int
		a    *adoption
		done <-chan error
	}
	var queued []pending
	for i, d := range docs {
		if d.Kind != store.KindPage {
			errs[i] = db.SyncAdopt(ctx, d.ID, d.Kind, d.Snapshot)
			continue
		}
		a, err := db.prepareAdopt(ctx, d)
		if err != nil || a == nil {
			errs[i] = err
			continue
		}
		queued = append(queued, pending{i, a, db.w.submit("", "", a.write)})
	}
	for _, q := range queued {
		errs[q.i] = q.a.finish(<-q.done)
		q.a.unlock()
	}
	return errs
}

// adoption is a document from a peer made ready to store: write stores
// it in the writer's transaction, finish does what follows.
type adoption struct {
	db       *DB
	ctx      context.Context
	id       store.DocID
	kind     store.Kind
	snapshot []byte
	doc      *crdt.Doc // nil for a page whose rows the sandbox read (see load)
	heads    string
	damaged  string                             // the reason the local copy is damaged, which this one replaces
	joined   *store.Workspace                   // the workspace this device joined, whose document arrives now
	pageRow  func(tx *sql.Tx, fresh bool) error // fresh: its docs row was inserted just now
	summary  *store.PageSummary
	now      time.Time
	unlock   func()
}

// prepareAdopt checks a document a peer sent and reads what its rows will
// hold. A document this device holds, healthy, is merged there and then,
// and prepareAdopt returns nil: there is nothing more to write. A page
// that comes with its heads and rows as the sandbox read them (nearly all
// of a first sync) is not loaded here at all.
func (db *DB) prepareAdopt(ctx context.Context, snap store.DocSnapshot) (*adoption, error) {
	id, kind := snap.ID, snap.Kind
	if err := id.Validate(); err != nil {
		return nil, err
	}
	if !syncable[kind] {
		return nil, store.Errorf(store.EINVALID, "A peer sent a document of an unknown kind %q.", kind)
	}
	a := &adoption{db: db, ctx: ctx, id: id, kind: kind, snapshot: snap.Snapshot, heads: snap.Heads}
	var rows *crdt.PageRows
	if kind == store.KindPage && snap.Rows != nil && snap.Heads != "" {
		r, err := crdt.DecodePageRows(snap.Rows)
		if err != nil {
			return nil, store.Errorf(store.EINVALID, "A peer sent page %s, which cannot be read: %v.", id, err)
		}
		rows = r
	} else if err := a.load(); err != nil {
		return nil, err
	}
	var have store.Kind
	err := db.db.QueryRowContext(ctx, "SELECT kind, damaged FROM docs WHERE id = ?", id).Scan(&have, &a.damaged)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, fmt.Errorf("find %s: %w", id, err)
	case have != kind:
		return nil, store.Errorf(store.EINVALID, "A peer sent %s as a %s; here it is a %s.", id, kind, have)
	case a.damaged == "":
		if err := a.load(); err != nil {
			return nil, err
		}
		all, err := a.doc.ChangesSince("")
		if err != nil {
			return nil, err
		}
		return nil, db.SyncMerge(ctx, id, all)
	}
	if kind == store.KindWorkspace {
		sess, err := db.FindSession(ctx)
		if err != nil {
			return nil, err
		}
		if sess.Workspace == nil || sess.Workspace.ID != id {
			return nil, store.Errorf(store.EFORBIDDEN, "A peer sent the document of another workspace (%s).", id)
		}
		a.joined = sess.Workspace
	}
	a.unlock = sync.OnceFunc(db.lockKind(kind))
	a.now = db.Now()
	if kind == store.KindPage {
		if rows == nil {
			page, review, err := materialPage(a.doc)
			if err != nil {
				a.unlock()
				return nil, store.Errorf(store.EINVALID, "A peer sent page %s, which cannot be read: %v.", id, err)
			}
			threads, anchors, err := a.doc.Threads()
			if err != nil {
				a.unlock()
				return nil, err
			}
			rows = &crdt.PageRows{Page: page, Review: review, Threads: threads, Anchors: anchors}
		}
		page, review := rows.Page, rows.Review
		p := &openPage{id: id, anchors: map[string]anchor{}}
		threads := p.placeThreads(page.Body, rows.Threads, rows.Anchors)
		page.ID, page.UpdatedAt = id, store.FromUnixMillis(a.now.UnixMilli())
		s := page.Summary()
		s.Kind, s.Status, s.Owner = review.Kind, review.Status, review.Owner // as the row holds them
		a.summary = &s
		a.pageRow = func(tx *sql.Tx, fresh bool) error {
			space, err := upsertPageRowSpace(ctx, tx, id, page, review, a.now, fresh)
			if err != nil {
				return err
			}
			a.summary.Space = space // a subpage takes its parent's space
			if fresh {
				return insertThreads(ctx, tx, id, threads)
			}
			return writeThreads(ctx, tx, id, threads)
		}
	}
	return a, nil
}

// load loads the document the adoption stores, checked in the sandbox
// already, when it has not been.
func (a *adoption) load() error {
	if a.doc != nil {
		return nil
	}
	d, err := crdt.Load(a.snapshot, nil)
	if err != nil {
		return fmt.Errorf("load %s from peer: %w", a.id, err)
	}
	if got := store.Kind(d.Kind()); got != a.kind {
		return store.Errorf(store.EINVALID, "A peer sent %s as a %s, but it is a %q.", a.id, a.kind, got)
	}
	a.doc, a.heads = d, d.Heads()
	return nil
}

// write stores the document and its rows, in the writer's transaction.
func (a *adoption) write(tx *sql.Tx) error {
	ctx, id, now := a.ctx, a.id, a.now
	heads := a.heads
	fresh := false // the docs row is inserted now: the document has no other row yet
	if a.damaged != "" {
		if _, err := tx.ExecContext(ctx, "DELETE FROM changes WHERE doc_id = ?", id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE docs SET snapshot = ?, sum = ?, heads = ?, updated_at = ?, damaged = '' WHERE id = ?",
			a.snapshot, checksum(a.snapshot), heads, now.UnixMilli(), id)
		if err != nil {
			return fmt.Errorf("heal %s: %w", id, err)
		}
	} else {
		res, err := tx.ExecContext(ctx,
			"INSERT INTO docs (id, kind, snapshot, sum, heads, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
			id, a.kind, a.snapshot, checksum(a.snapshot), heads, now.UnixMilli(), now.UnixMilli())
		if err != nil {
			return fmt.Errorf("store %s from peer: %w", id, err)
		}
		n, err := res.RowsAffected()
		if err == nil && n == 0 {
			return errAdoptedMeanwhile
		}
		fresh = err == nil && n == 1
	}
	if a.pageRow != nil {
		return a.pageRow(tx, fresh)
	}
	if a.joined != nil {
		if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO workspace (id, name, created_at) VALUES (?, ?, ?)",
			id, a.joined.Name, store.UnixMillis(a.joined.CreatedAt)); err != nil {
			return fmt.Errorf("store workspace: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM local WHERE key IN ('joined_workspace', 'joined_name', 'joined_created')"); err != nil {
			return fmt.Errorf("store workspace: %w", err)
		}
	}
	return materializeKind(ctx, tx, a.kind, id, a.doc, now)
}

// finish follows the write whose result is err: a document another
// session stored meanwhile is merged instead; a stored one is announced.
func (a *adoption) finish(err error) error {
	db, ctx, id := a.db, a.ctx, a.id
	if errors.Is(err, errAdoptedMeanwhile) {
		a.unlock()
		if err := a.load(); err != nil {
			return err
		}
		all, err := a.doc.ChangesSince("")
		if err != nil {
			return err
		}
		return db.SyncMerge(ctx, id, all)
	}
	if err != nil {
		return err
	}
	if a.kind == store.KindPage && a.damaged != "" {
		db.mu.Lock()
		db.dropLocked(id, true) // an editor of the damaged page starts over
		db.mu.Unlock()
	}
	db.remoteChanged(RemoteChange{ID: id, Kind: a.kind, Created: a.damaged == "", Page: a.summary, Parent: parentOf(a.kind, a.doc)})
	return nil
}

// errAdoptedMeanwhile says that another session stored a document while
// this one was making it ready: its changes are merged instead.
var errAdoptedMeanwhile = errors.New("adopted by another session meanwhile")

// SyncMerge takes in changes a peer's sync brought to a document this
// device holds (as crdt.Doc.ChangesSince gives them),
// stores those it did not have, and refreshes the document's rows. A page
// being edited takes them into its open copy, and its editors receive
// them as an edit, so nobody's typing is lost or interrupted.
func (db *DB) SyncMerge(ctx context.Context, id store.DocID, changes [][]byte) error {
	if len(changes) == 0 {
		return nil
	}
	var kind store.Kind
	if err := db.db.QueryRowContext(ctx, "SELECT kind FROM docs WHERE id = ?", id).Scan(&kind); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return store.Errorf(store.ENOTFOUND, "There is no document %s to take a peer's changes.", id)
		}
		return fmt.Errorf("find %s: %w", id, err)
	}
	if kind == store.KindPage {
		return db.mergePage(ctx, id, changes)
	}
	unlock := db.lockKind(kind)
	defer unlock()
	sd, err := readDoc(ctx, db.db, id)
	if err != nil {
		return err
	}
	if sd.damaged != "" {
		return store.Errorf(store.EUNAVAILABLE, "Document %s is damaged (%s).", id, sd.damaged)
	}
	if reason := sd.verify(); reason != "" {
		return store.Errorf(store.EUNAVAILABLE, "Document %s failed its checksum (%s).", id, reason)
	}
	d, err := sd.load()
	if err != nil {
		return store.Errorf(store.EUNAVAILABLE, "Document %s would not load (%v).", id, err)
	}
	before := d.Heads()
	if err := d.ApplyChanges(changes); err != nil {
		return err
	}
	if d.Heads() == before {
		return nil
	}
	fresh, err := newChanges(d, before)
	if err != nil {
		return err
	}
	now := db.Now()
	heads := d.Heads()
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		if err := appendChange(ctx, tx, id, fresh, heads, now); err != nil {
			return err
		}
		if err := compactLoaded(ctx, tx, id, d); err != nil {
			return err
		}
		return materializeKind(ctx, tx, kind, id, d, now)
	})
	if err != nil {
		return err
	}
	db.remoteChanged(RemoteChange{ID: id, Kind: kind, Parent: parentOf(kind, d)})
	return nil
}

// parentOf names the document a document belongs to, when it matters to
// who is told of a change: a chat's month belongs to its conversation.
func parentOf(kind store.Kind, d *crdt.Doc) store.DocID {
	if kind == store.KindChat {
		if conv, _, err := d.ChatMonth(); err == nil {
			return conv
		}
	}
	if kind == store.KindTranscript { // a transcript belongs to its video, named by its hash
		if video, _, err := d.Transcript(); err == nil {
			return store.DocID(video)
		}
	}
	return ""
}

// mergePage takes a peer's changes into a page, through its open copy.
func (db *DB) mergePage(ctx context.Context, id store.DocID, changes [][]byte) error {
	db.mu.Lock()
	p, err := db.waitLoadedLocked(ctx, id)
	if err != nil {
		db.mu.Unlock()
		return err
	}
	// Local edits first, so the change log holds them before the peer's.
	if p.dirty > 0 {
		if _, err := db.commitLocked(ctx, p, "edit"); err != nil {
			db.dropLocked(id, true)
			db.mu.Unlock()
			return err
		}
	}
	old, err := p.doc.Page()
	if err != nil {
		db.mu.Unlock()
		return err
	}
	before := p.doc.Heads()
	if err := p.doc.ApplyChanges(changes); err != nil {
		db.dropLocked(id, true)
		db.mu.Unlock()
		return err
	}
	if p.doc.Heads() == before {
		db.mu.Unlock()
		return nil
	}
	fresh, err := newChanges(p.doc, before)
	if err != nil {
		db.dropLocked(id, true)
		db.mu.Unlock()
		return err
	}
	page, review, err := materialPage(p.doc)
	if err != nil {
		db.dropLocked(id, true)
		db.mu.Unlock()
		return err
	}
	// The peer's edit to the text, as this device's editors apply it.
	op := textop.Diff(old.Body, page.Body)
	prev := p.token()
	if old.Body != page.Body {
		p.rev++
		p.length = op.TargetLen()
		p.mapAnchors(op)
		p.history = append(p.history, appliedEdit{rev: p.rev, op: op})
		if len(p.history) > db.tune.historyLen {
			p.history = append(p.history[:0], p.history[len(p.history)-db.tune.historyLen:]...)
		}
	}
	threads, err := p.threadRows(page.Body)
	if err != nil {
		db.dropLocked(id, true)
		db.mu.Unlock()
		return err
	}
	now := db.Now()
	heads := p.doc.Heads()
	p.changes++
	p.bytes += len(fresh)
	done := db.w.submit(string(id), p.epoch, func(tx *sql.Tx) error {
		if err := appendChange(ctx, tx, id, fresh, heads, now); err != nil {
			return err
		}
		if err := upsertPageRow(ctx, tx, id, page, review, now); err != nil {
			return err
		}
		return writeThreads(ctx, tx, id, threads)
	})
	rev := p.token()
	prevSpace := p.summary.Space
	db.mu.Unlock()
	if err := <-done; err != nil {
		db.mu.Lock()
		if db.pages[id] == p {
			db.dropLocked(id, true)
		}
		db.mu.Unlock()
		return fmt.Errorf("store a peer's change of %s: %w", id, err)
	}
	summary, err := db.findSummary(ctx, id)
	if err != nil {
		return err
	}
	db.mu.Lock()
	if db.pages[id] == p {
		p.summary = *summary
	}
	if summary.Space != prevSpace {
		err = db.refreshPlacesLocked(ctx)
	}
	db.mu.Unlock()
	if err != nil {
		return err
	}
	var splices []store.Splice
	if old.Body != page.Body {
		splices = op.Splices()
	}
	db.remoteChanged(RemoteChange{ID: id, Kind: store.KindPage, Page: summary, PrevRev: prev, Rev: rev, Splices: splices})
	return nil
}

// newChanges returns what a document took in since heads, as one run of
// change bytes for the change log.
func newChanges(d *crdt.Doc, heads string) ([]byte, error) {
	cs, err := d.ChangesSince(heads)
	if err != nil {
		return nil, err
	}
	var out []byte
	for _, c := range cs {
		out = append(out, c...)
	}
	return out, nil
}

// SyncQuarantine keeps bytes a peer sent that failed their check, so
// someone can look, within a budget (see capPeerQuarantine).
func (db *DB) SyncQuarantine(ctx context.Context, id store.DocID, reason string, b []byte) error {
	now := db.Now()
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO quarantine (doc_id, source, reason, bytes, found_at) VALUES (?, 'peer', ?, ?, ?)",
			id, reason, b, now.UnixMilli())
		if err != nil {
			return err
		}
		return capPeerQuarantine(ctx, tx, now)
	})
}

// lockKind takes the lock that local changes of a kind of document hold,
// so that a peer's change and a local one are stored one after the other.
func (db *DB) lockKind(kind store.Kind) func() {
	var mu *sync.Mutex
	switch kind {
	case store.KindPage:
		return func() {} // pages are changed under db.mu, through their open copy
	case store.KindGoal, store.KindCheckIn:
		mu = &db.goalsMu
	default:
		mu = &db.setupMu
	}
	mu.Lock()
	return mu.Unlock
}

// materializeKind writes the rows of a document that is not a page.
func materializeKind(ctx context.Context, tx *sql.Tx, kind store.Kind, id store.DocID, d *crdt.Doc, now time.Time) error {
	switch kind {
	case store.KindWorkspace:
		spaces, err := d.Spaces()
		if err != nil {
			return err
		}
		if err := writeSpaceRows(ctx, tx, spaces); err != nil {
			return err
		}
		return writeChannelRows(ctx, tx, d)
	case store.KindMember:
		m, err := d.Member()
		if err != nil {
			return err
		}
		m.ID = id
		if m.CreatedAt.IsZero() {
			m.CreatedAt = now
		}
		if err := upsertMemberRow(ctx, tx, m); err != nil {
			return err
		}
		return writeVideoMarks(ctx, tx, id, d)
	case store.KindConversation:
		return materializeConversation(ctx, tx, id, d)
	case store.KindChat:
		return materializeChat(ctx, tx, id, d)
	case store.KindPost:
		p, err := d.Post()
		if err != nil {
			return err
		}
		return upsertPostRow(ctx, tx, id, p)
	case store.KindGoal:
		return upsertGoalRow(ctx, tx, id, d, now)
	case store.KindCheckIn:
		return upsertCheckInRow(ctx, tx, id, d, now)
	case store.KindTranscript:
		return materializeTranscript(ctx, tx, id, d)
	}
	return store.Errorf(store.EINVALID, "Documents of kind %q are not synced.", kind)
}

func (db *DB) remoteChanged(c RemoteChange) {
	if f := db.OnRemoteChange; f != nil {
		f(c)
	}
}
