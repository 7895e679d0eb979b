package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

var _ store.PageService = (*DB)(nil)

// FindPage reads a page from its materialized row, without Automerge.
func (db *DB) FindPage(ctx context.Context, id store.DocID) (*store.Page, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	var p store.Page
	var created, updated, deleted int64
	err := db.db.QueryRowContext(ctx, `
		SELECT p.id, p.title, p.body, p.author, p.created_at, p.updated_at, p.deleted_at, d.heads
		FROM pages p JOIN docs d ON d.id = p.id WHERE p.id = ?`, id).
		Scan(&p.ID, &p.Title, &p.Body, &p.Author, &created, &updated, &deleted, &p.Heads)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.Errorf(store.ENOTFOUND, "This page does not exist any more.")
	}
	if err != nil {
		return nil, fmt.Errorf("find page %s: %w", id, err)
	}
	p.CreatedAt, p.UpdatedAt, p.DeletedAt = fromMillis(created), fromMillis(updated), fromMillis(deleted)
	return &p, nil
}

// FindPages lists live or trashed pages from their rows, most recent first.
func (db *DB) FindPages(ctx context.Context, f store.PageFilter) ([]store.PageSummary, error) {
	q := "SELECT id, title, substr(body, 1, 600), updated_at, deleted_at FROM pages WHERE deleted_at = 0 ORDER BY updated_at DESC, id"
	if f.Trashed {
		q = "SELECT id, title, substr(body, 1, 600), updated_at, deleted_at FROM pages WHERE deleted_at != 0 ORDER BY deleted_at DESC, id"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = -1
	}
	rows, err := db.db.QueryContext(ctx, q+" LIMIT ?", limit)
	if err != nil {
		return nil, fmt.Errorf("find pages: %w", err)
	}
	defer rows.Close()
	out := []store.PageSummary{}
	for rows.Next() {
		var s store.PageSummary
		var head string
		var updated, deleted int64
		if err := rows.Scan(&s.ID, &s.Title, &head, &updated, &deleted); err != nil {
			return nil, fmt.Errorf("find pages: %w", err)
		}
		s.Excerpt = store.Excerpt(head)
		s.UpdatedAt, s.DeletedAt = fromMillis(updated), fromMillis(deleted)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find pages: %w", err)
	}
	return out, nil
}

// CreatePage creates a page authored by the local member.
func (db *DB) CreatePage(ctx context.Context, title, body string) (*store.Page, error) {
	title, err := store.NormalizeTitle(title)
	if err != nil {
		return nil, err
	}
	if _, err := store.ValidateSplices(0, []store.Splice{{Ins: body}}); err != nil {
		return nil, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	now := db.Now()
	d, err := crdt.NewPage(title, body, me, now)
	if err != nil {
		return nil, err
	}
	if _, err := d.Commit("create page", now); err != nil {
		return nil, err
	}
	id := store.NewDocID()
	err = db.write(ctx, id, func(tx *sql.Tx) error {
		if err := insertDoc(ctx, tx, id, store.KindPage, d, now); err != nil {
			return err
		}
		return upsertPageRow(ctx, tx, id, d, now)
	})
	if err != nil {
		return nil, err
	}
	db.open.put(id, d)
	return db.pageFromDoc(id, d, now)
}

// UpdatePage changes a page's title.
func (db *DB) UpdatePage(ctx context.Context, id store.DocID, upd store.PageUpdate) (*store.Page, error) {
	var title string
	if upd.Title != nil {
		var err error
		if title, err = store.NormalizeTitle(*upd.Title); err != nil {
			return nil, err
		}
	}
	return db.changePage(ctx, id, "rename page", func(d *crdt.Doc) error {
		if upd.Title == nil {
			return nil
		}
		return d.SetTitle(title)
	})
}

// EditPage applies an editor's splices to a page body. If the editor saw
// older heads than the current ones, the splices are applied to that older
// version and merged, exactly as a peer's concurrent edit would be.
func (db *DB) EditPage(ctx context.Context, id store.DocID, e store.Edit) (*store.EditResult, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	d, err := db.loadDoc(ctx, id, store.KindPage)
	if err != nil {
		return nil, err
	}
	now := db.Now()
	merged := e.Base != "" && e.Base != d.Heads()
	var change []byte
	if !merged {
		if _, err := store.ValidateSplices(d.BodyLen(), e.Splices); err != nil {
			return nil, err
		}
		if err := d.SpliceBody(e.Splices); err != nil {
			db.open.drop(id)
			return nil, err
		}
		change, err = d.Commit("edit", now)
	} else {
		if !d.HasHeads(e.Base) {
			return nil, store.Errorf(store.ECONFLICT, "This page changed in a way the editor cannot follow; it will reload.")
		}
		change, err = d.ChangeAt(e.Base, "edit", now, func(old *crdt.Doc) error {
			if _, err := store.ValidateSplices(old.BodyLen(), e.Splices); err != nil {
				return err
			}
			return old.SpliceBody(e.Splices)
		})
	}
	if err != nil {
		db.open.drop(id)
		return nil, err
	}
	if change != nil {
		err = db.write(ctx, id, func(tx *sql.Tx) error {
			if err := appendChange(ctx, tx, id, d, change, now); err != nil {
				return err
			}
			return upsertPageRow(ctx, tx, id, d, now)
		})
		if err != nil {
			return nil, err
		}
	}
	p, err := db.pageFromDoc(id, d, now)
	if err != nil {
		return nil, err
	}
	return &store.EditResult{Heads: p.Heads, Merged: merged, Page: p.Summary()}, nil
}

// DeletePage moves a page to the trash.
func (db *DB) DeletePage(ctx context.Context, id store.DocID) error {
	_, err := db.changePage(ctx, id, "trash page", func(d *crdt.Doc) error { return d.SetDeleted(db.Now()) })
	return err
}

// RestorePage takes a page out of the trash.
func (db *DB) RestorePage(ctx context.Context, id store.DocID) error {
	_, err := db.changePage(ctx, id, "restore page", func(d *crdt.Doc) error { return d.SetDeleted(time.Time{}) })
	return err
}

// PurgePage deletes a trashed page and its history for good.
func (db *DB) PurgePage(ctx context.Context, id store.DocID) error {
	p, err := db.FindPage(ctx, id)
	if err != nil {
		return err
	}
	if !p.InTrash() {
		return store.Errorf(store.ECONFLICT, "Only pages in the trash can be deleted for good.")
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.write(ctx, id, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM docs WHERE id = ?", id)
		db.open.drop(id)
		return err
	})
}

// changePage loads a page, lets f change it, and stores the change.
func (db *DB) changePage(ctx context.Context, id store.DocID, msg string, f func(*crdt.Doc) error) (*store.Page, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	d, err := db.loadDoc(ctx, id, store.KindPage)
	if err != nil {
		return nil, err
	}
	now := db.Now()
	if err := f(d); err != nil {
		db.open.drop(id)
		return nil, err
	}
	change, err := d.Commit(msg, now)
	if err != nil {
		db.open.drop(id)
		return nil, err
	}
	if change != nil {
		err = db.write(ctx, id, func(tx *sql.Tx) error {
			if err := appendChange(ctx, tx, id, d, change, now); err != nil {
				return err
			}
			return upsertPageRow(ctx, tx, id, d, now)
		})
		if err != nil {
			return nil, err
		}
	}
	return db.pageFromDoc(id, d, now)
}

// upsertPageRow writes the materialized row of a page from its document.
func upsertPageRow(ctx context.Context, tx *sql.Tx, id store.DocID, d *crdt.Doc, now time.Time) error {
	p, err := d.Page()
	if err != nil {
		return fmt.Errorf("materialize page %s: %w", id, err)
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO pages (id, title, body, author, created_at, updated_at, deleted_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body,
			updated_at = excluded.updated_at, deleted_at = excluded.deleted_at`,
		id, p.Title, p.Body, p.Author, millis(p.CreatedAt), now.UnixMilli(), millis(p.DeletedAt))
	if err != nil {
		return fmt.Errorf("materialize page %s: %w", id, err)
	}
	return nil
}

func (db *DB) pageFromDoc(id store.DocID, d *crdt.Doc, now time.Time) (*store.Page, error) {
	p, err := d.Page()
	if err != nil {
		return nil, err
	}
	p.ID = id
	p.UpdatedAt = time.UnixMilli(now.UnixMilli()).UTC()
	return p, nil
}

func millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMillis(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}
