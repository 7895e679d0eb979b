package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/longhand/longhand/store"
)

// SetFastFolding makes a database fold edits into changes and compact
// quickly, fold large edits in small pieces, and checkpoint its WAL every
// few commits, beside the writer and by it, so that short tests (and the
// crash test's kills) cross every path of the edit pipeline.
func SetFastFolding(db *DB) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.tune.commitIdle = 5 * time.Millisecond
	db.tune.commitMaxEdits = 7
	db.tune.compactChanges = 5
	db.tune.maxOpenPages = 2
	db.tune.foldPiece = 1 << 10
	SetCheckpoints(db, 4, 16)
}

// SetCheckpoints has the database checkpoint its WALs every `every` pages
// written, and the writer checkpoint one itself past limit pages.
func SetCheckpoints(db *DB, every, limit int64) {
	db.w.ckptEvery.Store(every)
	for i := range db.w.walLimit {
		db.w.walLimit[i].Store(limit)
	}
}

// WALIndexesOpen says whether the writer reads the frame counts of the
// main and the files WAL from their WAL-indexes (not the writes' estimates).
func WALIndexesOpen(db *DB) [2]bool {
	return [2]bool{db.w.walIndex[0] != nil, db.w.walIndex[1] != nil}
}

// Checkpoints returns how many checkpoints the checkpoints' goroutine and
// the writer have made.
func Checkpoints(db *DB) (aside, writer int64) {
	return db.w.ckptsAside.Load(), db.w.ckptsWriter.Load()
}

// SetHistoryLen bounds how many edits a late editor can be rebased over.
func SetHistoryLen(db *DB, n int) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.tune.historyLen = n
}

// SetMe makes the database act as another member, as that person's own
// device would.
func SetMe(db *DB, id store.DocID) { db.meID.Store(id) }

// QueryRow runs a query on the database, to look at what tests cannot see
// through the services.
func QueryRow(db *DB, q string, args ...any) *sql.Row { return db.db.QueryRow(q, args...) }

// VerifyReads returns how many documents Verify has read from disk.
func VerifyReads(db *DB) int64 { return db.verifyReads.Load() }

// CheckStoredPage loads a page's stored bytes as the next load would and
// says how they disagree with what was last written: the heads recorded
// with the last change, and the text of the page's row. "" when they agree.
func CheckStoredPage(db *DB, id store.DocID) string {
	ctx := context.Background()
	sd, err := readDoc(ctx, db.db, id)
	if err != nil {
		return err.Error()
	}
	if sd.damaged != "" {
		return "marked damaged: " + sd.damaged
	}
	d, err := sd.load()
	if err != nil {
		return "does not load: " + err.Error()
	}
	if heads := d.Heads(); heads != sd.heads {
		return fmt.Sprintf("loads to heads %.16s…, but %.16s… were recorded (%d changes after the snapshot)", heads, sd.heads, len(sd.changes))
	}
	p, err := d.Page()
	if err != nil {
		return err.Error()
	}
	var packed []byte
	if err := db.db.QueryRow("SELECT packed_body FROM pages WHERE id = ?", id).Scan(&packed); err != nil {
		return err.Error()
	}
	body, err := unpackBody(packed)
	if err != nil {
		return err.Error()
	}
	if p.Body != body {
		return fmt.Sprintf("its document holds %d characters of text, its row %d", len([]rune(p.Body)), len([]rune(body)))
	}
	return ""
}

// SetCompactAfter sets how many logged changes start a compaction.
func SetCompactAfter(db *DB, changes int) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.tune.compactChanges = changes
}

// StageCompaction reads a document for a compaction, as a background
// compaction does, and returns the step that stores it, so that tests can
// interleave compactions. The step does nothing when there was nothing to
// fold.
func StageCompaction(db *DB, id store.DocID) (func() error, error) {
	write, err := db.compaction(context.Background(), id)
	if err != nil || write == nil {
		return func() error { return err }, err
	}
	return func() error { return <-db.w.submit("", "", write) }, nil
}

// LoadStoredWhile reads and loads a page's stored bytes as a load does,
// running between after the first statement of the read (or after the
// read, when it is one statement). It returns the loaded text, and whether
// the document reaches the heads read with it.
func LoadStoredWhile(db *DB, id store.DocID, between func()) (string, bool, error) {
	q := &interrupted{querier: db.db, between: between}
	sd, err := readDoc(context.Background(), q, id)
	if !q.ran {
		between()
	}
	if err != nil {
		return "", false, err
	}
	d, err := sd.load()
	if err != nil {
		return "", false, err
	}
	p, err := d.Page()
	if err != nil {
		return "", false, err
	}
	return p.Body, d.Heads() == sd.heads, nil
}

// interrupted runs a function before the second statement made through it.
type interrupted struct {
	querier
	between func()
	n       int
	ran     bool
}

func (q *interrupted) next() {
	if q.n++; q.n == 2 {
		q.between()
		q.ran = true
	}
}

func (q *interrupted) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	q.next()
	return q.querier.QueryRowContext(ctx, query, args...)
}

func (q *interrupted) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q.next()
	return q.querier.QueryContext(ctx, query, args...)
}

// SetMaxOpenPages sets how many loaded pages stay in memory.
func SetMaxOpenPages(db *DB, n int) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.tune.maxOpenPages = n
}

// OpenForEditing opens a page for editing, as the first edit of it does,
// without editing it.
func OpenForEditing(db *DB, id store.DocID) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	_, err := db.openPageLocked(context.Background(), id)
	return err
}

// SetKeyMaker makes new position keys with between instead of
// order.Between, and turns renumbering off, to make keys as an older
// version did; nil turns it back.
func SetKeyMaker(db *DB, between func(a, b string) string) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.tune.keyBetween = between
}

// Query runs a query on the database.
func Query(db *DB, q string, args ...any) (*sql.Rows, error) { return db.db.Query(q, args...) }

// Renumberings counts the groups of siblings renumbered since open.
func Renumberings(db *DB) int64 { return db.renumberings.Load() }

// SetMaxKeyLen renumbers siblings rather than write a key longer than n,
// so that tests reach a renumbering in fewer inserts.
func SetMaxKeyLen(db *DB, n int) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.tune.maxKeyLen = n
}

// Exec runs a statement on the database.
func Exec(db *DB, q string, args ...any) (sql.Result, error) { return db.db.Exec(q, args...) }

// SetFoldHook has the background fold call f, without locks, before it
// applies each piece of the large edits it folds into a document.
func SetFoldHook(db *DB, f func(store.DocID)) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.tune.beforeFold = f
}

// Folded says whether a page's document holds every acknowledged edit:
// false while it loads or while the fold has edits left to apply.
func Folded(db *DB, id store.DocID) bool {
	db.mu.Lock()
	defer db.mu.Unlock()
	p := db.pages[id]
	return p != nil && p.doc != nil && len(p.pending) == 0
}

// UndoPackedBodies puts a page's body back in its row as text, as the
// schema before migration 0027 held it, for tests that turn a database
// back to an older schema to have its migrations run again. It needs
// unpack_body: run it on a connection of DriverName.
const UndoPackedBodies = `ALTER TABLE pages ADD COLUMN body TEXT NOT NULL DEFAULT '';
	UPDATE pages SET body = unpack_body(packed_body);
	ALTER TABLE pages DROP COLUMN packed_body;
	`
