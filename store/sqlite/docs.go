package sqlite

import (
	"container/list"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

// compactAfter is how many logged changes make the next write fold the log
// into a fresh snapshot.
const compactAfter = 256

// docCache keeps the most recently used loaded documents; the rest are
// dropped so their memory can go.
type docCache struct {
	cap   int
	order *list.List // of store.DocID, most recent first
	items map[store.DocID]*cacheEntry
}

type cacheEntry struct {
	doc  *crdt.Doc
	elem *list.Element
}

func newDocCache(n int) *docCache {
	return &docCache{cap: n, order: list.New(), items: map[store.DocID]*cacheEntry{}}
}

func (c *docCache) get(id store.DocID) *crdt.Doc {
	e, ok := c.items[id]
	if !ok {
		return nil
	}
	c.order.MoveToFront(e.elem)
	return e.doc
}

func (c *docCache) put(id store.DocID, d *crdt.Doc) {
	if e, ok := c.items[id]; ok {
		e.doc = d
		c.order.MoveToFront(e.elem)
		return
	}
	c.items[id] = &cacheEntry{doc: d, elem: c.order.PushFront(id)}
	for c.order.Len() > c.cap {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(store.DocID))
	}
}

func (c *docCache) drop(id store.DocID) {
	if e, ok := c.items[id]; ok {
		c.order.Remove(e.elem)
		delete(c.items, id)
	}
}

func (c *docCache) clear() {
	c.order.Init()
	clear(c.items)
}

// loadDoc returns the document with its changes applied, from the cache
// or the database. The caller holds db.mu.
func (db *DB) loadDoc(ctx context.Context, id store.DocID, kind store.Kind) (*crdt.Doc, error) {
	if d := db.open.get(id); d != nil {
		return d, nil
	}
	var snapshot []byte
	var gotKind string
	err := db.db.QueryRowContext(ctx, "SELECT kind, snapshot FROM docs WHERE id = ?", id).Scan(&gotKind, &snapshot)
	if errors.Is(err, sql.ErrNoRows) || err == nil && gotKind != string(kind) {
		return nil, store.Errorf(store.ENOTFOUND, "There is no %s with ID %s.", kind, id)
	}
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	rows, err := db.db.QueryContext(ctx, "SELECT bytes FROM changes WHERE doc_id = ? ORDER BY seq", id)
	if err != nil {
		return nil, fmt.Errorf("load %s changes: %w", id, err)
	}
	defer rows.Close()
	var changes [][]byte
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, fmt.Errorf("load %s changes: %w", id, err)
		}
		changes = append(changes, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load %s changes: %w", id, err)
	}
	d, err := crdt.Load(snapshot, changes)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	db.open.put(id, d)
	return d, nil
}

// insertDoc stores a new document's first snapshot.
func insertDoc(ctx context.Context, tx *sql.Tx, id store.DocID, kind store.Kind, d *crdt.Doc, now time.Time) error {
	_, err := tx.ExecContext(ctx,
		"INSERT INTO docs (id, kind, snapshot, heads, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
		id, kind, d.Save(), d.Heads(), now.UnixMilli(), now.UnixMilli())
	if err != nil {
		return fmt.Errorf("insert doc %s: %w", id, err)
	}
	return nil
}

// appendChange logs one change of a document and records its new heads.
// When the log has grown long, it writes a fresh snapshot and deletes the
// changes it folds, in the same transaction.
func appendChange(ctx context.Context, tx *sql.Tx, id store.DocID, d *crdt.Doc, change []byte, now time.Time) error {
	var n, last int64
	if err := tx.QueryRowContext(ctx, "SELECT count(*), coalesce(max(seq), 0) FROM changes WHERE doc_id = ?", id).Scan(&n, &last); err != nil {
		return fmt.Errorf("append change %s: %w", id, err)
	}
	if n+1 >= compactAfter {
		if _, err := tx.ExecContext(ctx, "UPDATE docs SET snapshot = ?, heads = ?, updated_at = ? WHERE id = ?", d.Save(), d.Heads(), now.UnixMilli(), id); err != nil {
			return fmt.Errorf("compact %s: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM changes WHERE doc_id = ?", id); err != nil {
			return fmt.Errorf("compact %s: %w", id, err)
		}
		return nil
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO changes (doc_id, seq, bytes) VALUES (?, ?, ?)", id, last+1, change); err != nil {
		return fmt.Errorf("append change %s: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE docs SET heads = ?, updated_at = ? WHERE id = ?", d.Heads(), now.UnixMilli(), id); err != nil {
		return fmt.Errorf("append change %s: %w", id, err)
	}
	return nil
}

// write runs f in one transaction while holding the writer lock. If f or
// the commit fails, the cached copies of the documents it touched are
// dropped, since they may hold changes that were never stored.
func (db *DB) write(ctx context.Context, touched store.DocID, f func(tx *sql.Tx) error) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return classify(db.path, err)
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		db.open.drop(touched)
		return err
	}
	if err := tx.Commit(); err != nil {
		db.open.drop(touched)
		return classify(db.path, err)
	}
	return nil
}
