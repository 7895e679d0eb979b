package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/order"
	"github.com/longhand/longhand/store/sandbox"
	"github.com/longhand/longhand/store/textop"
)

// tuning of the edit path. Edits are durable when their journal row
// commits; they are folded into one Automerge change after an idle pause,
// or sooner when many pile up.
type tuning struct {
	commitIdle     time.Duration // fold after this long without an edit
	commitMaxDelay time.Duration // and at the latest this long after the first unfolded edit
	commitMaxEdits int           // or when this many edits wait
	historyLen     int           // edits kept to transform late-arriving ones
	foldAbove      int           // an edit larger than this (characters deleted plus bytes inserted) is folded in the background
	foldPiece      int           // the background fold takes about this much of that at a time
	maxOpenPages   int           // loaded documents kept in memory
	idleUnload     time.Duration // unload a document unused this long
	compactChanges int           // fold the change log into a snapshot past this many changes
	compactBytes   int           // or past this many bytes

	// keyBetween, when set (by tests), makes position keys instead of
	// order.Between and never renumbers: to make keys as older versions did.
	keyBetween func(a, b string) string
	maxKeyLen  int // renumber siblings rather than write a longer key: order.MaxLen

	// beforeFold, when set (by tests), is called by the background fold
	// before each piece, without db.mu.
	beforeFold func(store.DocID)
}

var defaultTuning = tuning{
	commitIdle:     400 * time.Millisecond,
	commitMaxDelay: 3 * time.Second,
	commitMaxEdits: 2000,
	historyLen:     1024,
	foldAbove:      64,
	foldPiece:      16 << 10,
	maxOpenPages:   16,
	idleUnload:     2 * time.Minute,
	compactChanges: 256,
	compactBytes:   256 << 10,
	maxKeyLen:      order.MaxLen,
}

// openPage is a page whose Automerge document is loaded for editing.
//
// While busy, one goroutine owns doc: the load, then the fold that brings
// doc up to date with pending and commits it (fold.go). It works on doc
// without db.mu; everyone else leaves doc alone, edits wait in pending,
// and what needs doc waits for ready (waitLoadedLocked).
type openPage struct {
	id        store.DocID
	doc       *crdt.Doc         // nil while it loads
	pending   []store.Splice    // acknowledged edits not yet in doc, oldest first
	busy      bool              // a goroutine loads doc, folds pending into it or commits it
	ready     chan struct{}     // closed when that goroutine is done; a new one each time
	commitDue bool              // that goroutine commits the edits once they are in doc
	journaled int64             // journal rows queued for the page, counted so a commit can keep the newer ones
	loadErr   error             // why the load or a fold failed
	summary   store.PageSummary // as its row last said: sent with every edit
	epoch     string            // this session of the document; revisions are epoch.rev
	rev       int64
	length    int               // body length in code points
	history   []appliedEdit     // the latest edits, oldest first
	anchors   map[string]anchor // where each comment thread sits in the text
	dirty     int               // edits not yet folded into an Automerge change
	since     time.Time         // when the oldest of them was made
	timer     *time.Timer       // folds them after an idle pause
	used      time.Time         // for eviction
	changes   int               // changes logged since the snapshot
	bytes     int               // their size
}

type appliedEdit struct {
	rev int64 // revision after the edit
	op  textop.Op
}

func (p *openPage) token() string { return revToken(p.epoch, p.rev) }

func revToken(epoch string, rev int64) string { return epoch + "." + strconv.FormatInt(rev, 10) }

func parseRev(tok string) (epoch string, rev int64, ok bool) {
	e, r, found := strings.Cut(tok, ".")
	if !found {
		return "", 0, false
	}
	n, err := strconv.ParseInt(r, 10, 64)
	return e, n, err == nil
}

func newEpoch() string {
	var b [6]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// revOf returns a page's current revision without loading it. A page not
// in memory keeps the revision it had when it was last evicted, so an
// editor that saw it can go on.
func (db *DB) revOf(id store.DocID) string {
	if p := db.pages[id]; p != nil {
		return p.token()
	}
	r, ok := db.revs[id]
	if !ok {
		r = savedRev{epoch: newEpoch()}
		db.revs[id] = r
	}
	return revToken(r.epoch, r.rev)
}

type savedRev struct {
	epoch string
	rev   int64
	// stored delivers once the writes queued before the page was dropped
	// (a fold, journal rows) are stored; until then its row is behind.
	stored <-chan error
}

// settledLocked waits until the writes queued for a page before it was
// dropped from memory are stored, so that its row says what they said.
// The caller holds db.mu; the writer never takes it.
func (db *DB) settledLocked(id store.DocID) {
	if r := db.revs[id]; r.stored != nil {
		<-r.stored
		r.stored = nil
		db.revs[id] = r
	}
}

// openPageLocked returns the page open for editing. A page not yet in
// memory opens at once from its row, which holds its text; its Automerge
// document loads in the background (for a long page that takes a second
// or more), and edits made meanwhile are journaled as usual and applied to
// the document when it arrives. The caller holds db.mu.
func (db *DB) openPageLocked(ctx context.Context, id store.DocID) (*openPage, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	if db.closed {
		return nil, errWriterClosed
	}
	if p := db.pages[id]; p != nil {
		p.used = db.Now()
		return p, nil
	}
	db.settledLocked(id)
	row, err := db.readPage(ctx, id)
	if err != nil {
		return nil, err
	}
	if row.Damaged != "" {
		return nil, damaged(id, row.Damaged)
	}
	p := &openPage{id: id, summary: row.Summary(), length: utf8.RuneCountInString(row.Body), used: db.Now(),
		busy: true, ready: make(chan struct{})}
	if r, ok := db.revs[id]; ok {
		p.epoch, p.rev = r.epoch, r.rev
	} else {
		p.epoch = newEpoch()
	}
	if err := db.loadAnchors(ctx, p); err != nil {
		return nil, err
	}
	db.pages[id] = p
	db.evictLocked()
	db.loads.Add(1)
	go db.loadInBackground(p)
	return p, nil
}

// loadInBackground loads a page's document, then folds in the edits made
// while it loaded (see catchUpLocked). If it cannot be loaded, the page is
// damaged: its edits stay in the journal, and the page is dropped so the
// next open says so. So too if those edits, made on the text of its row,
// do not fit it.
func (db *DB) loadInBackground(p *openPage) {
	defer db.loads.Done()
	doc, changes, size, err := db.loadDoc(context.Background(), p.id)
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.pages[p.id] != p {
		db.doneBusyLocked(p, nil) // dropped while it loaded
		return
	}
	if err != nil {
		db.Logf("load page %s: %v", p.id, err)
		db.dropLocked(p.id, true)
		db.doneBusyLocked(p, err)
		return
	}
	p.doc, p.changes, p.bytes = doc, changes, size
	db.catchUpLocked(p, true)
}

// waitLoadedLocked waits, releasing db.mu meanwhile, until the page's
// document is loaded and holds every acknowledged edit, and returns the
// page as it then is.
func (db *DB) waitLoadedLocked(ctx context.Context, id store.DocID) (*openPage, error) {
	for {
		p, err := db.openPageLocked(ctx, id)
		if err != nil {
			return nil, err
		}
		if !p.busy {
			return p, nil
		}
		ready := p.ready
		db.mu.Unlock()
		<-ready
		db.mu.Lock()
		if p.loadErr != nil {
			return nil, p.loadErr
		}
	}
}

// loadDoc reads a document's stored bytes and loads them: bytes that pass
// their checksums here, others in the sandbox. It returns the document and
// the number and size of its logged changes.
func (db *DB) loadDoc(ctx context.Context, id store.DocID) (*crdt.Doc, int, int, error) {
	sd, err := readDoc(ctx, db.db, id)
	if err != nil {
		return nil, 0, 0, err
	}
	if sd.kind != store.KindPage {
		return nil, 0, 0, store.Errorf(store.ENOTFOUND, "There is no page with ID %s.", id)
	}
	if sd.damaged != "" {
		return nil, 0, 0, damaged(id, sd.damaged)
	}
	var doc *crdt.Doc
	if reason := sd.verify(); reason != "" {
		// The bytes are not what was written: they may not be loaded here,
		// where a panic in the Automerge core would end the app.
		if doc, err = db.salvage(ctx, id, sd); err != nil {
			return nil, 0, 0, db.markDamaged(ctx, id, sd, reason)
		}
		sd.changes = nil
	} else if doc, err = sd.load(); err != nil {
		return nil, 0, 0, db.markDamaged(ctx, id, sd, "it would not load: "+err.Error())
	}
	if doc.Heads() != sd.heads {
		// Changes that did not load (their dependencies are gone) are left
		// out without an error: the text it shows would be older than its row.
		return nil, 0, 0, db.markDamaged(ctx, id, sd, "its stored changes do not add up to what was last saved")
	}
	if _, err := doc.Title(); err != nil {
		return nil, 0, 0, db.markDamaged(ctx, id, sd, "it has no readable title: "+err.Error())
	}
	size := 0
	for _, c := range sd.changes {
		size += len(c.bytes)
	}
	return doc, len(sd.changes), size, nil
}

func damaged(id store.DocID, reason string) error {
	return store.Errorf(store.EUNAVAILABLE, "This page is damaged (%s). Its stored bytes were set aside and its last saved text is still shown; nothing else is affected.", reason)
}

// markDamaged moves a document's bytes to the quarantine, marks it, and
// announces it, so that lists show the damage before anyone opens it.
func (db *DB) markDamaged(ctx context.Context, id store.DocID, sd *storedDoc, reason string) error {
	now := db.Now()
	err := <-db.w.submit("", "", func(tx *sql.Tx) error { return quarantine(ctx, tx, id, sd, reason, now) })
	if err != nil {
		return fmt.Errorf("quarantine %s: %w", id, err)
	}
	if db.OnPageSaved != nil && sd.kind == store.KindPage {
		if s, err := db.findSummary(ctx, id); err == nil {
			db.OnPageSaved(*s)
		}
	}
	return damaged(id, reason)
}

// reverifyAfter is how long a clean check of a document's bytes is
// trusted. Writes through SQLite clear the mark at once (see migration
// 0004); this bounds how long rot beneath SQLite can go unseen.
const reverifyAfter = 30 * 24 * time.Hour

// Verify checks the stored bytes of documents against their checksums,
// salvaging or quarantining those that fail, so damage is found and shown
// at start rather than at the first edit. It reads only documents whose
// bytes changed since their last clean check, or whose check is older
// than reverifyAfter, and skips those in memory (checked when they
// loaded). It returns how many documents it found damaged.
func (db *DB) Verify(ctx context.Context) (int, error) {
	now := db.Now()
	rows, err := db.db.QueryContext(ctx, "SELECT id FROM docs WHERE damaged = '' AND verified_at < ?", now.Add(-reverifyAfter).UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("verify: %w", err)
	}
	var ids []store.DocID
	for rows.Next() {
		var id store.DocID
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, fmt.Errorf("verify: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	type checked struct {
		id    store.DocID
		heads string
		sum   int64
	}
	var clean []checked
	mark := func() error {
		if len(clean) == 0 {
			return nil
		}
		batch := clean
		clean = nil
		// Only if the bytes are still those that were read: a change
		// stored meanwhile moved the heads, and is checked next time.
		return <-db.w.submit("", "", func(tx *sql.Tx) error {
			for _, c := range batch {
				if _, err := tx.ExecContext(ctx, "UPDATE docs SET verified_at = ? WHERE id = ? AND heads = ? AND sum = ?",
					now.UnixMilli(), c.id, c.heads, c.sum); err != nil {
					return fmt.Errorf("verify %s: %w", c.id, err)
				}
			}
			return nil
		})
	}
	bad := 0
	for _, id := range ids {
		if ctx.Err() != nil {
			return bad, ctx.Err()
		}
		db.mu.Lock()
		loaded := db.pages[id] != nil
		db.mu.Unlock()
		if loaded {
			continue // checked when it loaded; compaction rechecks its bytes
		}
		sd, err := readDoc(ctx, db.db, id)
		if err != nil {
			continue // purged meanwhile
		}
		db.verifyReads.Add(1)
		if reason := sd.verify(); reason != "" {
			if _, err := db.salvage(ctx, id, sd); err != nil {
				db.markDamaged(ctx, id, sd, reason)
				bad++
			}
			continue // salvaged bytes are new bytes: checked again next time
		}
		clean = append(clean, checked{id, sd.heads, sd.sum})
		if len(clean) >= 256 {
			if err := mark(); err != nil {
				return bad, err
			}
		}
	}
	return bad, mark()
}

// salvage checks bytes that failed their checksum in the sandbox. If they
// still load, as a document whose heads are the ones recorded when it was
// last stored, nothing that matters changed: the document is stored anew,
// as the sandbox saved it, with fresh checksums.
func (db *DB) salvage(ctx context.Context, id store.DocID, sd *storedDoc) (*crdt.Doc, error) {
	if db.Sandbox == nil {
		return nil, fmt.Errorf("no sandbox")
	}
	changes := make([][]byte, len(sd.changes))
	for i, c := range sd.changes {
		changes[i] = c.bytes
	}
	res, err := db.Sandbox.Load(ctx, sandbox.Request{Kind: sd.kind, Snapshot: sd.snapshot, Changes: changes})
	if err != nil {
		return nil, err
	}
	if res.Heads != sd.heads {
		return nil, fmt.Errorf("salvaged heads %s differ from the stored %s", res.Heads, sd.heads)
	}
	doc, err := crdt.Load(res.Snapshot, nil)
	if err != nil {
		return nil, err
	}
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE docs SET snapshot = ?, sum = ? WHERE id = ?", res.Snapshot, checksum(res.Snapshot), id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM changes WHERE doc_id = ?", id)
		return err
	})
	if err != nil {
		return nil, err
	}
	db.Logf("page %s failed its checksum but loaded in the sandbox with the recorded heads; stored it anew", id)
	return doc, nil
}

// replayJournal applies edits that were durable but not yet folded into a
// change when the process last stopped. An edit that does not fit the
// document stops it with an unfitError, the journal left as it is.
func (db *DB) replayJournal(ctx context.Context, p *openPage) error {
	rows, err := db.db.QueryContext(ctx, "SELECT seq, splices FROM journal WHERE doc_id = ? ORDER BY seq", p.id)
	if err != nil {
		return fmt.Errorf("read journal of %s: %w", p.id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var raw []byte
		if err := rows.Scan(&seq, &raw); err != nil {
			return fmt.Errorf("read journal of %s: %w", p.id, err)
		}
		splices, err := decodeJournal(raw)
		if err != nil {
			return &unfitError{seq, err}
		}
		n, err := store.ValidateSplices(p.length, splices)
		if err != nil {
			return &unfitError{seq, err}
		}
		op, err := textop.FromSplices(p.length, splices)
		if err != nil {
			return &unfitError{seq, err}
		}
		if err := p.doc.SpliceBody(splices); err != nil {
			return &unfitError{seq, err}
		}
		p.mapAnchors(op)
		p.length = n
		p.markDirty(db.Now())
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read journal of %s: %w", p.id, err)
	}
	return nil
}

// unfitError is a journaled edit that does not fit the document it is
// replayed on.
type unfitError struct {
	seq int64
	err error
}

func (e *unfitError) Error() string {
	return fmt.Sprintf("journaled edit %d does not fit its document: %v", e.seq, e.err)
}

// unfitReason is what a page whose journaled edits do not fit its stored
// document says about itself.
const unfitReason = "its latest edits do not fit its stored document; they are kept aside"

// markUnfit marks a page damaged because acknowledged edits in its journal
// do not fit its stored document. They stay in the journal, which only a
// fold of the page empties, and a damaged page is never folded: they are
// kept, not dropped, and the page says why it cannot be edited. It returns
// nil once the page is marked.
func (db *DB) markUnfit(ctx context.Context, id store.DocID) error {
	sd, err := readDoc(ctx, db.db, id)
	if err != nil {
		return err
	}
	err = db.markDamaged(ctx, id, sd, unfitReason) // says that it is damaged, or why it could not be marked
	var reason string
	if qerr := db.db.QueryRowContext(ctx, "SELECT damaged FROM docs WHERE id = ?", id).Scan(&reason); qerr != nil || reason == "" {
		return fmt.Errorf("mark %s damaged: %w", id, err)
	}
	return nil
}

func (p *openPage) markDirty(now time.Time) {
	if p.dirty == 0 {
		p.since = now
	}
	p.dirty++
}

// scheduleCommit arranges for the page's edits to be committed after an
// idle pause, or at once when they have waited long enough; either way in
// the background (commitSoon).
func (db *DB) scheduleCommit(p *openPage) {
	if p.dirty >= db.tune.commitMaxEdits || db.Now().Sub(p.since) >= db.tune.commitMaxDelay {
		db.commitSoon(p)
		return
	}
	if p.timer != nil {
		p.timer.Reset(db.tune.commitIdle)
		return
	}
	id := p.id
	p.timer = time.AfterFunc(db.tune.commitIdle, func() {
		db.mu.Lock()
		defer db.mu.Unlock()
		if q := db.pages[id]; q == p && !db.closed {
			db.commitSoon(p)
		}
	})
}

// commitAsync folds the page's pending edits into one change, without
// waiting for it to be stored. If storing fails the page is dropped from
// memory, so the next load rebuilds it from what is durable.
func (db *DB) commitAsync(p *openPage) {
	done, err := db.commitLocked(context.Background(), p, "edit")
	if err != nil {
		db.dropLocked(p.id, true)
		return
	}
	db.dropIfFails(p, done)
}

// dropIfFails drops the page from memory if the write done reports fails,
// so that the next load rebuilds it from what is durable.
func (db *DB) dropIfFails(p *openPage, done <-chan error) {
	if done == nil {
		return
	}
	go func() {
		if err := <-done; err != nil {
			db.mu.Lock()
			if db.pages[p.id] == p {
				db.dropLocked(p.id, true)
			}
			db.mu.Unlock()
		}
	}()
}

// commitLocked folds the page's pending edits, and any other operations
// made on its document, into one Automerge change, and queues a write that
// logs the change, empties the page's journal and refreshes its row.
// It returns nil when there was nothing to commit, or when the page is
// busy: its fold commits the edits when it is done (catchUpLocked).
func (db *DB) commitLocked(ctx context.Context, p *openPage, msg string) (<-chan error, error) {
	if p.timer != nil {
		p.timer.Stop()
	}
	if p.busy {
		return nil, nil
	}
	c, err := prepareCommit(p, db.commitMessage(ctx, msg), db.Now())
	if err != nil {
		return nil, err
	}
	p.dirty = 0
	if c == nil {
		return nil, nil
	}
	return db.storeCommitLocked(ctx, p, c, 0), nil
}

// preparedCommit is a change made of a page's edits, with the rows it
// refreshes, ready to be stored.
type preparedCommit struct {
	change  []byte
	page    *store.Page
	review  *store.Review
	threads []store.Thread
	heads   string
	now     time.Time
}

// prepareCommit commits the operations made on p.doc into one change and
// reads what the page's rows will say. It touches p only through doc and
// anchors (threadRows), so that a fold can run it on a copy of the page
// without db.mu. It returns nil when there was nothing to commit.
func prepareCommit(p *openPage, msg string, now time.Time) (*preparedCommit, error) {
	change, err := p.doc.Commit(msg, now)
	if err != nil || change == nil {
		return nil, err
	}
	page, review, err := materialPage(p.doc)
	if err != nil {
		return nil, err
	}
	threads, err := p.threadRows(page.Body)
	if err != nil {
		return nil, err
	}
	return &preparedCommit{change: change, page: page, review: review, threads: threads, heads: p.doc.Heads(), now: now}, nil
}

// storeCommitLocked queues the write that logs a prepared change, refreshes
// the page's rows and empties its journal but for the newest keep rows:
// those of edits made after the change was cut, which are not in it. The
// writer runs writes in order and journal rows are numbered in the order
// they are written, so those are the page's rows with the highest numbers.
func (db *DB) storeCommitLocked(ctx context.Context, p *openPage, c *preparedCommit, keep int64) <-chan error {
	id := p.id
	p.changes++
	p.bytes += len(c.change)
	page, review, now := c.page, c.review, c.now
	var rowSpace store.DocID // a subpage's space is its parent's, whatever its document says
	done := db.w.submit(string(id), p.epoch, func(tx *sql.Tx) error {
		if err := appendChange(ctx, tx, id, c.change, c.heads, now); err != nil {
			return err
		}
		fold, args := "DELETE FROM journal WHERE doc_id = ?", []any{id}
		if keep > 0 {
			fold = "DELETE FROM journal WHERE doc_id = ?1 AND seq NOT IN (SELECT seq FROM journal WHERE doc_id = ?1 ORDER BY seq DESC LIMIT ?2)"
			args = append(args, keep)
		}
		if _, err := tx.ExecContext(ctx, fold, args...); err != nil {
			return fmt.Errorf("fold journal of %s: %w", id, err)
		}
		if err := upsertPageRow(ctx, tx, id, page, review, now); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT space_id FROM pages WHERE id = ?", id).Scan(&rowSpace); err != nil {
			return fmt.Errorf("materialize page %s: %w", id, err)
		}
		return writeThreads(ctx, tx, id, c.threads)
	})
	if db.OnPageSaved != nil {
		page.ID, page.UpdatedAt = id, store.FromUnixMillis(now.UnixMilli())
		stored, notify := done, db.OnPageSaved
		out := make(chan error, 1)
		go func() {
			err := <-stored
			if err == nil {
				// Announced after the write, the space is read again: a
				// parent moved to another space meanwhile took this page
				// with it, and an announcement of the space it had would
				// put it back there on screen. Reading and announcing are
				// one step that a move waits for (MovePage), so a space
				// read before the move is never announced after it.
				db.announceMu.Lock()
				page.Space = rowSpace
				var now store.DocID
				if db.db.QueryRowContext(ctx, "SELECT space_id FROM pages WHERE id = ?", id).Scan(&now) == nil {
					page.Space = now
				}
				notify(page.Summary())
				db.announceMu.Unlock()
			}
			out <- err
		}()
		done = out
	}
	if p.changes >= db.tune.compactChanges || p.bytes >= db.tune.compactBytes {
		p.changes, p.bytes = 0, 0
		db.compactions.Add(1)
		go func() {
			defer db.compactions.Done()
			if err := db.compact(context.Background(), id); err != nil {
				db.Logf("compact %s: %v", id, err)
			}
		}()
	}
	return done
}

// compact folds a document's logged changes into a new snapshot, from its
// stored bytes, without touching the copy being edited. The snapshot and
// the deletion of the changes it holds are one transaction. Two may run at
// once for a page being typed into: one that finds the snapshot it read
// replaced stores nothing.
func (db *DB) compact(ctx context.Context, id store.DocID) error {
	write, err := db.compaction(ctx, id)
	if err != nil || write == nil {
		return err
	}
	return <-db.w.submit("", "", write)
}

// compaction reads a document's stored bytes and folds them into a
// snapshot; it returns the write that stores it, or nil when there is
// nothing to fold.
func (db *DB) compaction(ctx context.Context, id store.DocID) (func(*sql.Tx) error, error) {
	sd, err := readDoc(ctx, db.db, id)
	if err != nil || len(sd.changes) == 0 {
		return nil, err
	}
	if sd.verify() != "" {
		return nil, fmt.Errorf("checksum failed; leaving it for the next load to quarantine")
	}
	doc, err := sd.load()
	if err != nil {
		return nil, err
	}
	snap := doc.Save()
	last := sd.changes[len(sd.changes)-1].seq
	return func(tx *sql.Tx) error {
		// Only over the snapshot it folded: if another compaction stored a
		// newer one meanwhile, this one's is older than what is stored, and
		// the changes numbered up to last are no longer those it read (the
		// numbers start over once a compaction empties the log).
		res, err := tx.ExecContext(ctx, "UPDATE docs SET snapshot = ?, sum = ? WHERE id = ? AND sum = ? AND snapshot = ?",
			snap, checksum(snap), id, sd.sum, sd.snapshot)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM changes WHERE doc_id = ? AND seq <= ?", id, last)
		return err
	}, nil
}

// dropLocked forgets a loaded page. With fresh, its revisions start over,
// so that editors holding one of them reload rather than build on edits
// that were never stored.
func (db *DB) dropLocked(id store.DocID, fresh bool) {
	p := db.pages[id]
	if p == nil {
		return
	}
	if p.timer != nil {
		p.timer.Stop()
	}
	delete(db.pages, id)
	// Its fold or journal rows may still be queued: the next open waits.
	stored := db.w.submit("", "", func(*sql.Tx) error { return nil })
	if fresh {
		db.revs[id] = savedRev{epoch: newEpoch(), stored: stored}
	} else {
		db.revs[id] = savedRev{epoch: p.epoch, rev: p.rev, stored: stored}
	}
}

// evictLocked unloads the least recently used pages beyond the tuning's maxOpenPages,
// folding their pending edits first, so their memory can be freed.
func (db *DB) evictLocked() {
	for len(db.pages) > db.tune.maxOpenPages {
		var lru *openPage
		for _, p := range db.pages {
			if !p.busy && (lru == nil || p.used.Before(lru.used)) {
				lru = p
			}
		}
		if lru == nil {
			return // all are loading or folding; they are evicted later
		}
		if lru.dirty > 0 {
			db.commitAsync(lru)
		}
		db.dropLocked(lru.id, false)
	}
}

// unloadIdle runs until quit closes, unloading documents nobody has
// edited or opened for a while, so their memory can be freed: a page shown
// but not edited needs only its row.
func (db *DB) unloadIdle(quit <-chan struct{}) {
	t := time.NewTicker(db.tune.idleUnload / 4)
	defer t.Stop()
	for {
		select {
		case <-quit:
			return
		case <-t.C:
		}
		db.mu.Lock()
		cutoff := db.Now().Add(-db.tune.idleUnload)
		for id, p := range db.pages {
			if !p.busy && p.used.Before(cutoff) {
				if p.dirty > 0 {
					db.commitAsync(p)
				}
				db.dropLocked(id, false)
			}
		}
		db.mu.Unlock()
	}
}

// flushLocked folds a page's pending edits and waits until they, and
// every write queued before them, are stored.
func (db *DB) flushLocked(ctx context.Context, id store.DocID) error {
	p := db.pages[id]
	if p == nil {
		db.settledLocked(id)
		return nil
	}
	if p.busy {
		var err error
		if p, err = db.waitLoadedLocked(ctx, id); err != nil {
			if store.ErrorCode(err) == store.EUNAVAILABLE {
				return nil // damaged: its row is all there is to read
			}
			return err
		}
	}
	if p.dirty > 0 {
		done, err := db.commitLocked(ctx, p, "edit")
		if err != nil {
			db.dropLocked(id, true)
			return err
		}
		if done != nil {
			if err := <-done; err != nil {
				db.dropLocked(id, true)
				return err
			}
			return nil
		}
	}
	return db.barrier()
}

// barrier waits until every write queued so far is stored; the writer
// runs writes in order, so an empty one marks the point.
func (db *DB) barrier() error {
	return <-db.w.submit("", "", func(*sql.Tx) error { return nil })
}

// flushAll folds the pending edits of every loaded page, so that reads of
// rows and search see everything that was acknowledged.
func (db *DB) flushAll(ctx context.Context) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	// flushLocked may release the lock while a page loads: take the IDs first.
	for _, id := range slices.Collect(maps.Keys(db.pages)) {
		if err := db.flushLocked(ctx, id); err != nil {
			return err
		}
	}
	return db.barrier() // writes of pages unloaded meanwhile
}

// recover replays the journals left by a process that stopped before
// folding them, so rows and search show every durable edit.
func (db *DB) recover(ctx context.Context) error {
	rows, err := db.db.QueryContext(ctx, "SELECT DISTINCT doc_id FROM journal")
	if err != nil {
		return fmt.Errorf("read journal: %w", err)
	}
	var ids []store.DocID
	for rows.Next() {
		var id store.DocID
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		doc, changes, size, err := db.loadDoc(ctx, id)
		if err != nil {
			db.Logf("recover %s: %v; its journal is kept", id, err)
			continue
		}
		p := &openPage{id: id, doc: doc, length: doc.BodyLen(), epoch: newEpoch(),
			used: db.Now(), changes: changes, bytes: size, ready: make(chan struct{})}
		close(p.ready)
		db.mu.Lock()
		err = db.loadAnchors(ctx, p)
		if err == nil {
			err = db.replayJournal(ctx, p)
		}
		if err == nil {
			db.pages[id] = p
			err = db.flushLocked(ctx, id)
			db.dropLocked(id, false)
		}
		db.mu.Unlock()
		var unfit *unfitError
		if errors.As(err, &unfit) {
			db.Logf("recover %s: %v; its journal is kept", id, err)
			if err := db.markUnfit(ctx, id); err != nil {
				return fmt.Errorf("recover %s: %w", id, err)
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("recover %s: %w", id, err)
		}
	}
	return nil
}
