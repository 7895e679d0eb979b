package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/longhand/longhand/store"
)

// pageText is what the search index holds of a page: its title and body
// while it is live (not trashed, not a template), nothing otherwise.
type pageText struct {
	n           int64 // the page's row, which is its row in the index
	id          store.DocID
	title, body string
	live        bool
	fresh       bool // its row is new in this transaction: no terms to delete
}

// pageIndex gathers the pages a transaction of the writer wrote, to index
// them all in one go before it commits (migration 0026). FTS5 writes what
// it holds in memory to disk at every savepoint and at every statement
// that may roll back, so a page indexed by its own statement inside the
// writer's savepoint for it cost an index segment of its own; a group's
// pages indexed by one statement after its savepoints cost one.
type pageIndex struct {
	pages []pageText
}

// pageIndexes finds the pageIndex of a transaction of the writer. Page
// rows are written by functions that get only the transaction; a
// transaction that is not the writer's (there is none today) has no
// pageIndex, and its pages are indexed at once. A plain map under a
// mutex: every keystroke's transaction adds and removes itself, which
// costs a sync.Map two allocations each time.
var pageIndexes = struct {
	sync.Mutex
	byTx map[*sql.Tx]*pageIndex
}{byTx: map[*sql.Tx]*pageIndex{}}

// gatherPages makes tx's pages wait in ix until writePageIndex, and
// returns what stops that.
func gatherPages(tx *sql.Tx, ix *pageIndex) func() {
	ix.pages = ix.pages[:0]
	pageIndexes.Lock()
	pageIndexes.byTx[tx] = ix
	pageIndexes.Unlock()
	return func() {
		pageIndexes.Lock()
		delete(pageIndexes.byTx, tx)
		pageIndexes.Unlock()
		clear(ix.pages) // let go of their text
	}
}

// indexPage indexes, or drops from the index, the page whose row was just
// written: at the end of the writer's transaction, or at once in any other.
func indexPage(ctx context.Context, tx *sql.Tx, t pageText) error {
	pageIndexes.Lock()
	ix := pageIndexes.byTx[tx]
	pageIndexes.Unlock()
	if ix != nil {
		ix.pages = append(ix.pages, t)
		return nil
	}
	return writePageIndex(ctx, tx, []pageText{t})
}

// writePageIndex deletes the stale terms of the pages and adds the terms
// of those that are live, in two statements whatever their number. A page
// written twice is indexed as it was last written.
func writePageIndex(ctx context.Context, tx *sql.Tx, pages []pageText) error {
	if len(pages) == 0 {
		return nil
	}
	last := make(map[int64]int, len(pages))
	stale := []int64{}
	for i, p := range pages {
		if _, seen := last[p.n]; !seen && !p.fresh {
			stale = append(stale, p.n)
		}
		last[p.n] = i
	}
	live := make([][4]any, 0, len(pages))
	for i, p := range pages {
		if last[p.n] == i && p.live {
			live = append(live, [4]any{p.n, p.title, p.body, p.id})
		}
	}
	if len(stale) > 0 {
		js, err := json.Marshal(stale)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM search WHERE rowid IN (SELECT value FROM json_each(?))", string(js)); err != nil {
			return fmt.Errorf("index pages: %w", err)
		}
	}
	if len(live) > 0 {
		js, err := json.Marshal(live)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO search (rowid, title, body, kind, doc_id)
			SELECT value ->> 0, value ->> 1, value ->> 2, 'page', value ->> 3 FROM json_each(?)`, string(js))
		if err != nil {
			return fmt.Errorf("index pages: %w", err)
		}
	}
	return nil
}
