package sqlite

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync/atomic"
	"time"
)

// A write is one unit of work for the writer: it runs inside a shared
// transaction, under its own savepoint, and learns the outcome on done
// once that transaction has committed (or failed).
type write struct {
	doc   string // the document it belongs to, for poisoning; "" for none
	epoch string // the in-memory session of that document it came from
	fn    func(tx *sql.Tx) error
	done  chan error
	pages int // about how many pages of the WAL it writes; see checkpoints
}

// maxGroup bounds how many writes share one transaction.
const maxGroup = 512

var errWriterClosed = errors.New("database is closed")

// writer runs every write in order on one goroutine, grouping the writes
// that queue up while a transaction commits into the next transaction, so
// that edits arriving faster than the disk share one commit and each is
// acknowledged after the commit that holds it.
type writer struct {
	conn *sql.Conn // every write uses this one connection
	path string

	queue chan *write
	quit  chan struct{}
	done  chan struct{}

	// index gathers the pages of the transaction being written, to index
	// them before it commits (pageindex.go).
	index pageIndex

	// poisoned holds, per document, the session whose write failed: later
	// writes of that session were made on top of the failed one and must
	// not be stored without it.
	poisoned map[string]string

	ckpt     *sql.Conn     // the checkpoints' own connection
	ckptNow  chan struct{} // asks for a checkpoint; holds one request at most
	ckptDone chan struct{} // closed when the checkpoints' goroutine ends
	written  int           // WAL pages written since the last request; the writer's goroutine only
	// walIndex[i] is the WAL-index (-shm) file of walSchemas[i], from which
	// the writer reads how many frames its WAL holds after each commit, and
	// frames[i] what it read last; nil where it could not be opened, and
	// the writes' own estimates count instead. The writer's goroutine only.
	walIndex [2]*os.File
	frames   [2]uint32
	logf     func(format string, args ...any)

	// ckptEvery is how many pages are written between two checkpoints;
	// walLimit[i] how many pages the WAL of the main (0) or the files (1)
	// database may hold before the writer checkpoints it itself. Tests
	// lower them.
	ckptEvery atomic.Int64
	walLimit  [2]atomic.Int64
	// full[i] is set when the checkpoints found that WAL past its limit.
	full [2]atomic.Bool
	// Checkpoints made by the checkpoints' goroutine and by the writer,
	// for tests.
	ckptsAside, ckptsWriter atomic.Int64
}

// Checkpoints. In WAL mode SQLite copies the WAL back into the database (a
// checkpoint, which fsyncs both files) on the connection whose commit
// takes the WAL past 1,000 pages: every thousandth keystroke or so waited
// 5-10 ms for it, the longest waits of a typist on a quiet machine
// (BENCHMARKS.md). The writer's connection has that off. Every ckptEvery
// pages written it asks a goroutine with a connection of its own to
// checkpoint, which it does while the writer goes on committing. The
// durability of a commit does not change: it is durable once in the WAL,
// whoever checkpoints it later, and the WAL is fsynced at checkpoints at
// least as often as before.
//
// The WAL starts over from its beginning at the first commit after a
// checkpoint that copied all of it. A checkpoint that runs while the
// writer commits leaves those commits' pages behind it, so while writes
// never pause (a replayed trace, a long import) the WAL would only grow:
// once a checkpoint finds it holding walLimit pages the writer checkpoints
// it itself, between two transactions, as SQLite would have, after it has
// acknowledged the writes of the last one. So the WAL holds at most about
// walLimit pages and what is written while one checkpoint runs.
const (
	ckptEvery     = 1000 // keystrokes write about a page each
	chunkWALPages = 16   // a 1 MiB chunk in 64 KiB pages
	ckptAgain     = 250 * time.Millisecond
)

// walLimitBytes is how large each WAL may grow before the writer
// checkpoints it itself: 16 MB for the main database (4,000 of the 4 KiB
// pages older workspaces have, 2,000 of the 8 KiB pages of new ones) and
// 64 MB for the files (1,000 of its 64 KiB pages, as SQLite's own default).
var walLimitBytes = [2]int64{16 << 20, 64 << 20}

// walSchemas are the databases whose WALs the checkpoints look after, in
// the order of walLimit.
var walSchemas = [2]string{"main", "files"}

func newWriter(ctx context.Context, db *sql.DB, path string, logf func(string, ...any)) (*writer, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, classify(path, err)
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA wal_autocheckpoint = 0"); err != nil {
		conn.Close()
		return nil, classify(path, err)
	}
	ckpt, err := db.Conn(ctx)
	if err != nil {
		conn.Close()
		return nil, classify(path, err)
	}
	w := &writer{conn: conn, path: path,
		queue: make(chan *write, 4096), quit: make(chan struct{}), done: make(chan struct{}), poisoned: map[string]string{},
		ckpt: ckpt, ckptNow: make(chan struct{}, 1), ckptDone: make(chan struct{}), logf: logf}
	w.ckptEvery.Store(ckptEvery)
	fail := func(err error) (*writer, error) {
		w.closeConns()
		return nil, err
	}
	for i, schema := range walSchemas {
		var size int64
		if err := conn.QueryRowContext(ctx, "PRAGMA "+schema+".page_size").Scan(&size); err != nil || size <= 0 {
			return fail(fmt.Errorf("page size of %s: %w", schema, err))
		}
		w.walLimit[i].Store(walLimitBytes[i] / size)
		// A WAL that grew past twice its limit (a transaction that wrote
		// more) is cut back when it starts over, not kept at its largest.
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA %s.journal_size_limit = %d", schema, 2*walLimitBytes[i])); err != nil {
			return fail(classify(path, err))
		}
		var file string
		if err := conn.QueryRowContext(ctx, "SELECT file FROM pragma_database_list WHERE name = ?", schema).Scan(&file); err == nil && file != "" {
			if f, err := os.Open(file + "-shm"); err == nil {
				w.walIndex[i] = f
			}
		}
	}
	go w.run()
	go w.checkpoints()
	return w, nil
}

// submit queues a write. Callers that need writes stored in a given order
// submit them in that order from one goroutine or under one lock.
func (w *writer) submit(doc, epoch string, fn func(tx *sql.Tx) error) <-chan error {
	return w.submitPages(1, doc, epoch, fn)
}

// submitPages queues a write that writes about pages pages to a WAL, so
// that large writes (file chunks) bring the next checkpoint nearer.
func (w *writer) submitPages(pages int, doc, epoch string, fn func(tx *sql.Tx) error) <-chan error {
	wr := &write{doc: doc, epoch: epoch, fn: fn, done: make(chan error, 1), pages: pages}
	select {
	case w.queue <- wr:
	case <-w.quit:
		wr.done <- errWriterClosed
	}
	return wr.done
}

// close stores what is queued and stops the writer and its checkpoints.
// Closing the database's last connection checkpoints what is left.
func (w *writer) close() {
	close(w.quit)
	<-w.done
	<-w.ckptDone
	w.closeConns()
}

// closeConns closes the writer's connections and WAL-index files.
func (w *writer) closeConns() {
	w.ckpt.Close()
	w.conn.Close()
	for _, f := range w.walIndex {
		if f != nil {
			f.Close()
		}
	}
}

func (w *writer) run() {
	defer close(w.done)
	for {
		var first *write
		select {
		case first = <-w.queue:
		case <-w.quit:
			// Drain what was queued before close.
			for {
				select {
				case wr := <-w.queue:
					w.commit([]*write{wr})
				default:
					return
				}
			}
		}
		group := []*write{first}
	fill:
		for len(group) < maxGroup {
			select {
			case wr := <-w.queue:
				group = append(group, wr)
			default:
				break fill
			}
		}
		w.commit(group)
		w.afterCommit(group)
	}
}

// afterCommit runs once a group's writes are acknowledged: it counts the
// pages they wrote, asks for a checkpoint every ckptEvery of them, and
// checkpoints a WAL found past its limit itself.
func (w *writer) afterCommit(group []*write) {
	w.written += w.pagesWritten(group)
	for i := range w.full {
		if !w.full[i].Load() {
			continue
		}
		if ok, _, _ := w.checkpoint(w.conn, i); ok {
			w.full[i].Store(false)
			w.ckptsWriter.Add(1)
		}
	}
	if w.written >= int(w.ckptEvery.Load()) {
		select {
		case w.ckptNow <- struct{}{}:
			w.written = 0
		default: // one is running or asked for already
		}
	}
}

// pagesWritten returns how many pages the group's commit added to the
// WALs. A write's own estimate was often far off: creating a page writes
// a page of each of some fifteen tables and indexes, so 1,000 page
// creations, counted as 1,000 pages, put 140 MB in the WAL before the
// first checkpoint. So the writer reads each WAL's frame count (mxFrame)
// from the header of its WAL-index, as SQLite documents the format
// (sqlite.org/walformat.html): a 4-byte integer at offset 16, in the
// machine's byte order, which only the writer changes. A count that went
// down is a WAL that started over.
func (w *writer) pagesWritten(group []*write) int {
	n, estimated := 0, false
	var buf [4]byte
	for i, f := range w.walIndex {
		if f == nil {
			estimated = true
			continue
		}
		if _, err := f.ReadAt(buf[:], 16); err != nil {
			estimated = true
			continue
		}
		frames := binary.NativeEndian.Uint32(buf[:])
		if frames >= w.frames[i] {
			n += int(frames - w.frames[i])
		} else {
			n += int(frames)
		}
		w.frames[i] = frames
	}
	if estimated {
		for _, wr := range group {
			n += wr.pages
		}
	}
	return n
}

// checkpoints runs until the writer closes, checkpointing both WALs when
// the writer asks, on a connection of its own, and tells the writer which
// WAL it found past its limit. A checkpoint leaves behind it the commits
// made while it ran, and the WAL starts over only once none is left: it
// checkpoints again ckptAgain later, until one finds nothing new.
func (w *writer) checkpoints() {
	defer close(w.ckptDone)
	var again <-chan time.Time
	var seen [len(walSchemas)]int64 // the pages each WAL held at the last checkpoint
	for {
		select {
		case <-w.ckptNow:
		case <-again:
		case <-w.quit:
			return
		}
		again = nil
		for i := range walSchemas {
			ok, pages, done := w.checkpoint(w.ckpt, i)
			if !ok {
				continue
			}
			w.ckptsAside.Add(1)
			if pages >= w.walLimit[i].Load() {
				w.full[i].Store(true)
			}
			if pages != seen[i] || done < pages {
				again = time.After(ckptAgain)
			}
			seen[i] = pages
		}
	}
}

// checkpoint checkpoints one WAL on conn, as far as no reader needs it:
// whether it could (not while another checkpoint runs), how many pages the
// WAL holds since it last started over, and how many of them are now in
// the database.
func (w *writer) checkpoint(conn *sql.Conn, i int) (ok bool, pages, done int64) {
	var busy int64
	q := "PRAGMA " + walSchemas[i] + ".wal_checkpoint(PASSIVE)"
	if err := conn.QueryRowContext(context.Background(), q).Scan(&busy, &pages, &done); err != nil {
		w.logf("checkpoint %s: %v", walSchemas[i], err)
		return false, 0, 0
	}
	return busy == 0, pages, done
}

func (w *writer) commit(group []*write) {
	ctx := context.Background()
	results := make([]error, len(group))
	tx, err := w.conn.BeginTx(ctx, nil)
	if err != nil {
		w.fail(group, classify(w.path, err))
		return
	}
	ix := &w.index
	defer gatherPages(tx, ix)()
	if len(group) == 1 {
		// Alone in its transaction, a write needs no savepoint.
		wr := group[0]
		if wr.doc != "" && w.poisoned[wr.doc] == wr.epoch {
			tx.Rollback()
			wr.done <- fmt.Errorf("an earlier change to %s could not be stored", wr.doc)
			return
		}
		if err := wr.fn(tx); err != nil {
			tx.Rollback()
			if wr.doc != "" {
				w.poisoned[wr.doc] = wr.epoch
			}
			wr.done <- err
			return
		}
		if err := writePageIndex(ctx, tx, ix.pages); err != nil {
			tx.Rollback()
			w.fail(group, err)
			return
		}
		if err := tx.Commit(); err != nil {
			w.fail(group, classify(w.path, err))
			return
		}
		wr.done <- nil
		return
	}
	for i, wr := range group {
		if wr.doc != "" && w.poisoned[wr.doc] == wr.epoch {
			results[i] = fmt.Errorf("an earlier change to %s could not be stored", wr.doc)
			continue
		}
		indexed := len(ix.pages)
		if _, err := tx.ExecContext(ctx, "SAVEPOINT w"); err != nil {
			tx.Rollback()
			w.fail(group, classify(w.path, err))
			return
		}
		if err := wr.fn(tx); err != nil {
			results[i] = err
			if wr.doc != "" {
				w.poisoned[wr.doc] = wr.epoch
			}
			ix.pages = ix.pages[:indexed] // its rows were rolled back
			if _, err := tx.ExecContext(ctx, "ROLLBACK TO w"); err != nil {
				tx.Rollback()
				w.fail(group, classify(w.path, err))
				return
			}
		}
		if _, err := tx.ExecContext(ctx, "RELEASE w"); err != nil {
			tx.Rollback()
			w.fail(group, classify(w.path, err))
			return
		}
	}
	if err := writePageIndex(ctx, tx, ix.pages); err != nil {
		tx.Rollback()
		w.fail(group, err)
		return
	}
	if err := tx.Commit(); err != nil {
		w.fail(group, classify(w.path, err))
		return
	}
	for i, wr := range group {
		wr.done <- results[i]
	}
}

func (w *writer) fail(group []*write, err error) {
	for _, wr := range group {
		if wr.doc != "" {
			w.poisoned[wr.doc] = wr.epoch
		}
		wr.done <- err
	}
}
