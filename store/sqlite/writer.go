package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// A write is one unit of work for the writer: it runs inside a shared
// transaction, under its own savepoint, and learns the outcome on done
// once that transaction has committed (or failed).
type write struct {
	doc   string // the document it belongs to, for poisoning; "" for none
	epoch string // the in-memory session of that document it came from
	fn    func(tx *sql.Tx) error
	done  chan error
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
}

func newWriter(ctx context.Context, db *sql.DB, path string) (*writer, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, classify(path, err)
	}
	w := &writer{conn: conn, path: path,
		queue: make(chan *write, 4096), quit: make(chan struct{}), done: make(chan struct{}), poisoned: map[string]string{}}
	go w.run()
	return w, nil
}

// submit queues a write. Callers that need writes stored in a given order
// submit them in that order from one goroutine or under one lock.
func (w *writer) submit(doc, epoch string, fn func(tx *sql.Tx) error) <-chan error {
	wr := &write{doc: doc, epoch: epoch, fn: fn, done: make(chan error, 1)}
	select {
	case w.queue <- wr:
	case <-w.quit:
		wr.done <- errWriterClosed
	}
	return wr.done
}

// close stores what is queued and stops the writer.
func (w *writer) close() {
	close(w.quit)
	<-w.done
	w.conn.Close()
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
	}
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
