package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"hash/crc32"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func checksum(b []byte) int64 { return int64(crc32.Checksum(b, castagnoli)) }

// errDamaged marks a stored document whose bytes failed their checksum or
// would not load; its bytes have been moved to the quarantine table.
type damagedError struct {
	id     store.DocID
	reason string
}

func (e *damagedError) Error() string {
	return fmt.Sprintf("document %s is damaged: %s", e.id, e.reason)
}

// storedDoc is a document's bytes as read from the database.
type storedDoc struct {
	kind     store.Kind
	snapshot []byte
	sum      int64
	heads    string
	damaged  string
	changes  []storedChange
}

type storedChange struct {
	seq   int64
	bytes []byte
	sum   int64
}

// readDoc reads a document's snapshot and change log in one statement, so
// that the two match: read one after the other, a compaction committing
// between the reads would pair an old snapshot with a change log that no
// longer follows it, and the changes after the gap would not load.
func readDoc(ctx context.Context, q querier, id store.DocID) (*storedDoc, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT 0, snapshot, sum, kind, heads, damaged FROM docs WHERE id = ?1
		UNION ALL
		SELECT seq, bytes, sum, '', '', '' FROM changes WHERE doc_id = ?1
		ORDER BY 1`, id)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", id, err)
	}
	defer rows.Close()
	var d *storedDoc
	for rows.Next() {
		var c storedChange
		var kind store.Kind
		var heads, damaged string
		if err := rows.Scan(&c.seq, &c.bytes, &c.sum, &kind, &heads, &damaged); err != nil {
			return nil, fmt.Errorf("read %s: %w", id, err)
		}
		switch {
		case c.seq == 0: // the docs row, first
			d = &storedDoc{kind: kind, snapshot: c.bytes, sum: c.sum, heads: heads, damaged: damaged}
		case d != nil:
			d.changes = append(d.changes, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", id, err)
	}
	if d == nil {
		return nil, store.Errorf(store.ENOTFOUND, "This document does not exist any more.")
	}
	return d, nil
}

// verify checks every checksum and says what failed, or "".
func (d *storedDoc) verify() string {
	if checksum(d.snapshot) != d.sum {
		return "the snapshot failed its checksum"
	}
	for _, c := range d.changes {
		if checksum(c.bytes) != c.sum {
			return fmt.Sprintf("change %d failed its checksum", c.seq)
		}
	}
	return ""
}

func (d *storedDoc) load() (*crdt.Doc, error) {
	changes := make([][]byte, len(d.changes))
	for i, c := range d.changes {
		changes[i] = c.bytes
	}
	return crdt.Load(d.snapshot, changes)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// quarantine keeps a damaged document's bytes aside and marks it damaged.
// The materialized rows stay, so lists and search still show what it held.
func quarantine(ctx context.Context, tx *sql.Tx, id store.DocID, d *storedDoc, reason string, now time.Time) error {
	ins := "INSERT INTO quarantine (doc_id, source, reason, bytes, found_at) VALUES (?, ?, ?, ?, ?)"
	if _, err := tx.ExecContext(ctx, ins, id, "snapshot", reason, d.snapshot, now.UnixMilli()); err != nil {
		return fmt.Errorf("quarantine %s: %w", id, err)
	}
	for _, c := range d.changes {
		if _, err := tx.ExecContext(ctx, ins, id, "change", reason, c.bytes, now.UnixMilli()); err != nil {
			return fmt.Errorf("quarantine %s: %w", id, err)
		}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE docs SET damaged = ? WHERE id = ?", reason, id); err != nil {
		return fmt.Errorf("quarantine %s: %w", id, err)
	}
	return nil
}

// insertDoc stores a new document's first snapshot.
func insertDoc(ctx context.Context, tx *sql.Tx, id store.DocID, kind store.Kind, d *crdt.Doc, now time.Time) error {
	snap := d.Save()
	_, err := tx.ExecContext(ctx,
		"INSERT INTO docs (id, kind, snapshot, sum, heads, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		id, kind, snap, checksum(snap), d.Heads(), now.UnixMilli(), now.UnixMilli())
	if err != nil {
		return fmt.Errorf("insert doc %s: %w", id, err)
	}
	return nil
}

// appendChange logs one change of a document and records its new heads.
func appendChange(ctx context.Context, tx *sql.Tx, id store.DocID, change []byte, heads string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO changes (doc_id, seq, bytes, sum)
		VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM changes WHERE doc_id = ?1), ?2, ?3)`,
		id, change, checksum(change))
	if err != nil {
		return fmt.Errorf("append change %s: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE docs SET heads = ?, updated_at = ? WHERE id = ?", heads, now.UnixMilli(), id); err != nil {
		return fmt.Errorf("append change %s: %w", id, err)
	}
	return nil
}

// docChange is a change in progress to a small document, one that is not
// cached like pages are (the workspace, a member profile, a chat).
type docChange struct {
	doc     *crdt.Doc
	msg     func(verb string) string
	now     time.Time
	changes [][]byte
}

// commit records what was changed so far as one change; a step of its
// own when a change needs several.
func (c *docChange) commit(verb string) error {
	b, err := c.doc.Commit(c.msg(verb), c.now)
	if err != nil {
		return err
	}
	if b != nil {
		c.changes = append(c.changes, b)
	}
	return nil
}

// changeDocSteps reads and checks a small document's stored bytes, loads
// them, lets f change the document (f may commit steps of its own),
// commits the rest as verb, and logs the changes with what materialize
// writes in one transaction. One such change at a time.
func (db *DB) changeDocSteps(ctx context.Context, id store.DocID, verb string, f func(*docChange) error,
	materialize func(*sql.Tx, *crdt.Doc) error) error {
	db.setupMu.Lock()
	defer db.setupMu.Unlock()
	sd, err := readDoc(ctx, db.db, id)
	if err != nil {
		return err
	}
	if sd.damaged != "" {
		return store.Errorf(store.EUNAVAILABLE, "This document is damaged and cannot be changed (%s).", sd.damaged)
	}
	if reason := sd.verify(); reason != "" {
		return store.Errorf(store.EUNAVAILABLE, "This document's stored bytes are damaged (%s).", reason)
	}
	d, err := sd.load()
	if err != nil {
		return store.Errorf(store.EUNAVAILABLE, "This document's stored bytes are damaged (%v).", err)
	}
	c := &docChange{doc: d, now: db.Now(), msg: func(v string) string { return db.commitMessage(ctx, v) }}
	if err := f(c); err != nil {
		return err
	}
	if err := c.commit(verb); err != nil {
		return err
	}
	heads := d.Heads()
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		for _, ch := range c.changes {
			if err := appendChange(ctx, tx, id, ch, heads, c.now); err != nil {
				return err
			}
		}
		return materialize(tx, d)
	})
}

// changeDoc is changeDocSteps for a change made in one step.
func (db *DB) changeDoc(ctx context.Context, id store.DocID, verb string, change func(*crdt.Doc) error,
	materialize func(*sql.Tx, *crdt.Doc) error) error {
	return db.changeDocSteps(ctx, id, verb, func(c *docChange) error { return change(c.doc) }, materialize)
}
