package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/textop"
)

var _ store.PageService = (*DB)(nil)

// FindPage reads a page from its materialized row, without Automerge. If
// the page has edits not yet folded into its row, they are folded first.
func (db *DB) FindPage(ctx context.Context, id store.DocID) (*store.Page, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if err := db.flushLocked(ctx, id); err != nil {
		return nil, err
	}
	var p store.Page
	var created, updated, deleted int64
	err := db.db.QueryRowContext(ctx, `
		SELECT p.id, p.title, p.body, p.author, p.created_at, p.updated_at, p.deleted_at, d.damaged
		FROM pages p JOIN docs d ON d.id = p.id WHERE p.id = ?`, id).
		Scan(&p.ID, &p.Title, &p.Body, &p.Author, &created, &updated, &deleted, &p.Damaged)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.Errorf(store.ENOTFOUND, "This page does not exist any more.")
	}
	if err != nil {
		return nil, fmt.Errorf("find page %s: %w", id, err)
	}
	p.CreatedAt, p.UpdatedAt, p.DeletedAt = store.FromUnixMillis(created), store.FromUnixMillis(updated), store.FromUnixMillis(deleted)
	p.Rev = db.revOf(id)
	return &p, nil
}

// findSummary reads one page's summary from its row.
func (db *DB) findSummary(ctx context.Context, id store.DocID) (*store.PageSummary, error) {
	var s store.PageSummary
	var head string
	var updated, deleted int64
	err := db.db.QueryRowContext(ctx, `
		SELECT p.id, p.title, substr(p.body, 1, 600), p.updated_at, p.deleted_at, d.damaged
		FROM pages p JOIN docs d ON d.id = p.id WHERE p.id = ?`, id).
		Scan(&s.ID, &s.Title, &head, &updated, &deleted, &s.Damaged)
	if err != nil {
		return nil, fmt.Errorf("find page %s: %w", id, err)
	}
	s.Excerpt = store.Excerpt(head)
	s.UpdatedAt, s.DeletedAt = store.FromUnixMillis(updated), store.FromUnixMillis(deleted)
	return &s, nil
}

// FindPages lists live or trashed pages from their rows, most recent first.
func (db *DB) FindPages(ctx context.Context, f store.PageFilter) ([]store.PageSummary, error) {
	if err := db.flushAll(ctx); err != nil {
		return nil, err
	}
	q := `SELECT p.id, p.title, substr(p.body, 1, 600), p.updated_at, p.deleted_at, d.damaged
		FROM pages p JOIN docs d ON d.id = p.id`
	if f.Trashed {
		q += " WHERE p.deleted_at != 0 ORDER BY p.deleted_at DESC, p.id"
	} else {
		q += " WHERE p.deleted_at = 0 ORDER BY p.updated_at DESC, p.id"
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
		if err := rows.Scan(&s.ID, &s.Title, &head, &updated, &deleted, &s.Damaged); err != nil {
			return nil, fmt.Errorf("find pages: %w", err)
		}
		s.Excerpt = store.Excerpt(head)
		s.UpdatedAt, s.DeletedAt = store.FromUnixMillis(updated), store.FromUnixMillis(deleted)
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
	page, err := d.Page()
	if err != nil {
		return nil, err
	}
	id := store.NewDocID()
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		if err := insertDoc(ctx, tx, id, store.KindPage, d, now); err != nil {
			return err
		}
		return upsertPageRow(ctx, tx, id, page, now)
	})
	if err != nil {
		return nil, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	page.ID = id
	page.UpdatedAt = store.FromUnixMillis(now.UnixMilli())
	page.Rev = db.revOf(id)
	return page, nil
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

// EditPage applies an editor's splices to a page body and returns once
// they are durable. Splices made against an older revision are transformed
// over the edits made since, so concurrent editors all keep their text.
// The Automerge change that holds them is made a short idle later.
func (db *DB) EditPage(ctx context.Context, id store.DocID, e store.Edit) (*store.EditResult, error) {
	db.mu.Lock()
	p, err := db.openPageLocked(ctx, id)
	if err != nil {
		db.mu.Unlock()
		return nil, err
	}
	op, err := p.rebase(e)
	if err != nil {
		db.mu.Unlock()
		return nil, err
	}
	splices := op.Splices()
	if p.doc == nil {
		p.pending = append(p.pending, splices...)
	} else if err := p.doc.SpliceBody(splices); err != nil {
		// The document may hold part of the edit: start it over from disk.
		db.dropLocked(id, true)
		db.mu.Unlock()
		return nil, err
	}
	prev := p.token()
	p.rev++
	p.length = op.TargetLen()
	p.history = append(p.history, appliedEdit{rev: p.rev, op: op})
	if len(p.history) > db.tune.historyLen {
		p.history = append(p.history[:0], p.history[len(p.history)-db.tune.historyLen:]...)
	}
	p.markDirty(db.Now())
	res := &store.EditResult{PrevRev: prev, Rev: p.token(), Splices: splices, Rebased: e.Base != "" && e.Base != prev}
	res.Page = store.PageSummary{ID: id, Title: p.title, UpdatedAt: store.FromUnixMillis(db.Now().UnixMilli())}
	raw, _ := json.Marshal(splices)
	done := db.w.submit(string(id), p.epoch, func(tx *sql.Tx) error {
		_, err := tx.StmtContext(ctx, db.w.insertJournal).ExecContext(ctx, id, raw)
		return err
	})
	db.scheduleCommit(p)
	db.mu.Unlock()

	if err := <-done; err != nil {
		db.mu.Lock()
		if db.pages[id] == p {
			db.dropLocked(id, true)
		}
		db.mu.Unlock()
		return nil, fmt.Errorf("store edit of %s: %w", id, err)
	}
	return res, nil
}

// rebase turns an edit into an Op on the current text, transforming it
// over the edits made since its base revision.
func (p *openPage) rebase(e store.Edit) (textop.Op, error) {
	if e.Base == "" || e.Base == p.token() {
		if _, err := store.ValidateSplices(p.length, e.Splices); err != nil {
			return nil, err
		}
		return textop.FromSplices(p.length, e.Splices)
	}
	epoch, rev, ok := parseRev(e.Base)
	if !ok {
		return nil, store.Errorf(store.EINVALID, "%q is not a page revision.", e.Base)
	}
	if epoch != p.epoch || rev > p.rev || len(p.history) == 0 || rev < p.history[0].rev-1 {
		return nil, store.Errorf(store.ECONFLICT, "This page changed in ways the editor cannot catch up with; it will reload.")
	}
	k := len(p.history) - int(p.rev-rev) // first edit the editor has not seen
	baseLen := p.history[k].op.BaseLen()
	if _, err := store.ValidateSplices(baseLen, e.Splices); err != nil {
		return nil, err
	}
	op, err := textop.FromSplices(baseLen, e.Splices)
	if err != nil {
		return nil, store.Errorf(store.EINVALID, "The edit does not fit the page: %v.", err)
	}
	for _, h := range p.history[k:] {
		if _, op, err = textop.Transform(h.op, op); err != nil {
			return nil, fmt.Errorf("rebase edit: %w", err)
		}
	}
	return op, nil
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
	db.dropLocked(id, true)
	db.mu.Unlock()
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM docs WHERE id = ?", id)
		return err
	})
}

// changePage loads a page, lets f change its document, and stores the
// change together with any pending text edits.
func (db *DB) changePage(ctx context.Context, id store.DocID, msg string, f func(*crdt.Doc) error) (*store.Page, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	p, err := db.waitLoadedLocked(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := f(p.doc); err != nil {
		db.dropLocked(id, true)
		return nil, err
	}
	done, err := db.commitLocked(ctx, p, msg)
	if err != nil {
		db.dropLocked(id, true)
		return nil, err
	}
	if done != nil {
		if err := <-done; err != nil {
			db.dropLocked(id, true)
			return nil, err
		}
	}
	page, err := p.doc.Page()
	if err != nil {
		return nil, err
	}
	p.title = page.Title
	page.ID = id
	page.UpdatedAt = store.FromUnixMillis(db.Now().UnixMilli())
	page.Rev = p.token()
	return page, nil
}

// upsertPageRow writes the materialized row of a page.
func upsertPageRow(ctx context.Context, tx *sql.Tx, id store.DocID, p *store.Page, now time.Time) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO pages (id, title, body, author, created_at, updated_at, deleted_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body,
			updated_at = excluded.updated_at, deleted_at = excluded.deleted_at`,
		id, p.Title, p.Body, p.Author, store.UnixMillis(p.CreatedAt), now.UnixMilli(), store.UnixMillis(p.DeletedAt))
	if err != nil {
		return fmt.Errorf("materialize page %s: %w", id, err)
	}
	return nil
}
