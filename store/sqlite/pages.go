package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/textop"
)

var _ store.PageService = (*DB)(nil)

// pageColumns are the columns scanPage reads, from pages p joined with docs d.
const pageColumns = `p.id, p.title, p.packed_body, p.space_id, p.parent_id, p.position, p.is_template,
	p.page_kind, p.status, p.owner, p.author, p.created_at, p.updated_at, p.deleted_at, d.damaged`

// scanPage reads a page from its row. A body that cannot be unpacked
// gives the rest of the page with an error wrapping errDamagedBody.
func scanPage(row interface{ Scan(...any) error }) (*store.Page, error) {
	return scanPageStart(row, -1)
}

// scanPageStart is scanPage reading only the first n bytes of the body
// (n < 0: all of it).
func scanPageStart(row interface{ Scan(...any) error }, n int) (*store.Page, error) {
	var p store.Page
	var created, updated, deleted int64
	var packed []byte
	if err := row.Scan(&p.ID, &p.Title, &packed, &p.Space, &p.Parent, &p.Position, &p.Template,
		&p.Kind, &p.Status, &p.Owner, &p.Author, &created, &updated, &deleted, &p.Damaged); err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt, p.DeletedAt = store.FromUnixMillis(created), store.FromUnixMillis(updated), store.FromUnixMillis(deleted)
	body, err := unpackBodyStart(packed, n)
	p.Body = body
	return &p, err
}

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
	p, err := db.readPage(ctx, id)
	if err != nil {
		return nil, err
	}
	p.Rev = db.revOf(id)
	return p, nil
}

func (db *DB) readPage(ctx context.Context, id store.DocID) (*store.Page, error) {
	q := "SELECT " + pageColumns + " FROM pages p JOIN docs d ON d.id = p.id WHERE p.id = ?"
	p, err := scanPage(db.db.QueryRowContext(ctx, q, id))
	if errors.Is(err, errDamagedBody) {
		// The row is a copy of the document: rebuilt from it, it reads again.
		if rerr := db.repairRow(ctx, id, err); rerr != nil {
			return nil, store.Errorf(store.EUNAVAILABLE, "The saved text of this page could not be read (%v), nor rebuilt from its document (%v).", err, rerr)
		}
		if p, err = scanPage(db.db.QueryRowContext(ctx, q, id)); errors.Is(err, errDamagedBody) {
			return nil, store.Errorf(store.EUNAVAILABLE, "The saved text of this page could not be read (%v).", err)
		}
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.Errorf(store.ENOTFOUND, "This page does not exist any more.")
	}
	if err != nil {
		return nil, fmt.Errorf("find page %s: %w", id, err)
	}
	return p, nil
}

// findSummary reads one page's summary from its row.
func (db *DB) findSummary(ctx context.Context, id store.DocID) (*store.PageSummary, error) {
	p, err := db.readPage(ctx, id)
	if err != nil {
		return nil, err
	}
	s := p.Summary()
	return &s, nil
}

// FindPages lists pages from their rows: live ones most recently updated
// first, or the trash most recently deleted first.
func (db *DB) FindPages(ctx context.Context, f store.PageFilter) ([]store.PageSummary, error) {
	if err := db.flushAll(ctx); err != nil {
		return nil, err
	}
	q := "SELECT " + summaryColumns + " FROM pages p JOIN docs d ON d.id = p.id WHERE p.is_template = ?"
	args := []any{f.Templates}
	if f.Space != "" {
		q += " AND p.space_id = ?"
		args = append(args, f.Space)
	}
	if f.Trashed {
		q += " AND p.deleted_at != 0 ORDER BY p.deleted_at DESC, p.id"
	} else {
		q += " AND p.deleted_at = 0 ORDER BY p.updated_at DESC, p.id"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = -1
	}
	return db.querySummaries(ctx, q+" LIMIT ?", append(args, limit)...)
}

// CreatePage creates a page authored by the local member: at the end of
// its parent's subpages, or of its space's top level.
func (db *DB) CreatePage(ctx context.Context, np store.NewPage) (*store.Page, error) {
	return db.createPage(ctx, np, nil)
}

// createPage makes a page, running also, in the transaction that stores
// it, what the caller needs stored with it.
func (db *DB) createPage(ctx context.Context, np store.NewPage, with func(tx *sql.Tx, id store.DocID) error) (*store.Page, error) {
	if err := db.refuseGuest(ctx); err != nil {
		return nil, err
	}
	title, err := store.NormalizeTitle(np.Title)
	if err != nil {
		return nil, err
	}
	body, kind := np.Body, store.KindDocument
	if np.From != "" {
		var tbody string
		if tbody, kind, err = db.templateBody(ctx, np.From); err != nil {
			return nil, err
		}
		if body == "" {
			body = tbody
		}
	}
	if _, err := store.ValidateSplices(0, []store.Splice{{Ins: body}}); err != nil {
		return nil, err
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	page := &store.Page{Title: title, Body: body, Template: np.Template, Kind: kind}
	if page.Space, page.Parent, err = db.placeFor(ctx, np.Space, np.Parent, ""); err != nil {
		return nil, err
	}
	// One new key at a time, held until the page is stored: two pages made
	// at once get different keys.
	db.orderMu.Lock()
	defer db.orderMu.Unlock()
	if page.Position, err = db.positionBefore(ctx, page.Space, page.Parent, ""); err != nil {
		return nil, err
	}
	now := db.Now()
	d, err := crdt.NewPage(*page, me, now)
	if err != nil {
		return nil, err
	}
	if _, err := d.Commit("create page by "+string(me), now); err != nil {
		return nil, err
	}
	return db.insertPage(ctx, d, now, with)
}

// insertPage stores a new page document, committed, under a new ID, with
// its row, and what the caller needs stored with it in the same
// transaction.
func (db *DB) insertPage(ctx context.Context, d *crdt.Doc, now time.Time, with func(tx *sql.Tx, id store.DocID) error) (*store.Page, error) {
	page, review, err := materialPage(d)
	if err != nil {
		return nil, err
	}
	id := store.NewDocID()
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		if err := insertDoc(ctx, tx, id, store.KindPage, d, now); err != nil {
			return err
		}
		if err := upsertPageRow(ctx, tx, id, page, review, now); err != nil {
			return err
		}
		if with != nil {
			return with(tx, id)
		}
		return nil
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

// templateBody returns the body of a builtin template or a saved one, and
// the kind of page it makes.
func (db *DB) templateBody(ctx context.Context, from string) (string, store.PageKind, error) {
	if t, ok := store.BuiltinTemplate(from); ok {
		if from == store.MeetingTemplate {
			return t.Body, store.KindMeeting, nil
		}
		return t.Body, store.KindDocument, nil
	}
	id := store.DocID(from)
	if err := id.Validate(); err != nil {
		return "", "", store.Errorf(store.EINVALID, "There is no template %q.", from)
	}
	p, err := db.FindPage(ctx, id)
	if err != nil {
		return "", "", err
	}
	return p.Body, p.Kind, nil
}

// FindTemplates lists the builtin templates, then the saved ones by name.
func (db *DB) FindTemplates(ctx context.Context) ([]store.Template, error) {
	out := slices.Clone(store.BuiltinTemplates)
	saved, err := db.FindPages(ctx, store.PageFilter{Templates: true})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(saved, func(a, b store.PageSummary) int { return strings.Compare(a.Title, b.Title) })
	for _, p := range saved {
		out = append(out, store.Template{ID: string(p.ID), Name: p.Title, Description: p.Excerpt})
	}
	return out, nil
}

// placeFor resolves where a page goes: a parent's space wins over the
// space asked for. moving, when set, is the page being moved, which may
// not go under itself or its subpages.
func (db *DB) placeFor(ctx context.Context, space, parent, moving store.DocID) (store.DocID, store.DocID, error) {
	if parent != "" {
		if err := parent.Validate(); err != nil {
			return "", "", err
		}
		var parentSpace string
		err := db.db.QueryRowContext(ctx, "SELECT space_id FROM pages WHERE id = ? AND deleted_at = 0 AND is_template = 0", parent).Scan(&parentSpace)
		if errors.Is(err, sql.ErrNoRows) {
			return "", "", store.Errorf(store.ENOTFOUND, "The page to put it under does not exist, or is in the trash.")
		}
		if err != nil {
			return "", "", fmt.Errorf("find parent %s: %w", parent, err)
		}
		if moving != "" {
			var loops bool
			err := db.db.QueryRowContext(ctx, `
				WITH RECURSIVE up(id) AS (
					SELECT ?1 UNION SELECT p.parent_id FROM pages p JOIN up ON p.id = up.id WHERE p.parent_id != ''
				) SELECT count(*) > 0 FROM up WHERE id = ?2`, parent, moving).Scan(&loops)
			if err != nil {
				return "", "", fmt.Errorf("check move: %w", err)
			}
			if loops {
				return "", "", store.Errorf(store.EINVALID, "A page cannot go under itself or one of its subpages.")
			}
		}
		return store.DocID(parentSpace), parent, nil
	}
	if err := space.Validate(); err != nil {
		return "", "", store.Errorf(store.EINVALID, "Choose a space for the page.")
	}
	sp, err := db.findSpace(ctx, space)
	if err != nil {
		return "", "", err
	}
	if sp.InTrash() {
		return "", "", store.Errorf(store.ECONFLICT, "The space “%s” is in the trash. Restore it first.", sp.Name)
	}
	return space, "", nil
}

// FindBacklinks lists the live pages that link to a page by its title.
func (db *DB) FindBacklinks(ctx context.Context, id store.DocID) ([]store.PageSummary, error) {
	p, err := db.FindPage(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := db.flushAll(ctx); err != nil {
		return nil, err
	}
	return db.querySummaries(ctx, `
		SELECT `+summaryColumns+` FROM links l JOIN pages p ON p.id = l.from_id JOIN docs d ON d.id = p.id
		WHERE l.target = ? AND p.id != ? AND p.deleted_at = 0 AND p.is_template = 0
		ORDER BY p.updated_at DESC, p.id`, store.LinkTarget(p.Title), id)
}

// FindPageByTitle finds the live page a [[title]] link names.
func (db *DB) FindPageByTitle(ctx context.Context, title string) (*store.PageSummary, error) {
	target := store.LinkTarget(title)
	if target == "" {
		return nil, store.Errorf(store.EINVALID, "A link needs a page title.")
	}
	ps, err := db.querySummaries(ctx, `
		SELECT `+summaryColumns+` FROM pages p JOIN docs d ON d.id = p.id
		WHERE lower(p.title) = ? AND p.deleted_at = 0 AND p.is_template = 0
		ORDER BY p.title = ? DESC, p.updated_at DESC`, strings.ToLower(strings.TrimSpace(title)), strings.TrimSpace(title))
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		// Titles with odd spacing: compare normalized, over the few pages
		// whose title starts with the same word.
		first, _, _ := strings.Cut(target, " ")
		cands, err := db.querySummaries(ctx, `
			SELECT `+summaryColumns+` FROM pages p JOIN docs d ON d.id = p.id
			WHERE lower(p.title) LIKE ? ESCAPE '\' AND p.deleted_at = 0 AND p.is_template = 0
			ORDER BY p.updated_at DESC LIMIT 200`, "%"+escapeLike(first)+"%")
		if err != nil {
			return nil, err
		}
		for _, c := range cands {
			if store.LinkTarget(c.Title) == target {
				ps = append(ps, c)
			}
		}
	}
	if len(ps) == 0 {
		return nil, store.Errorf(store.ENOTFOUND, "There is no page called %q yet.", strings.TrimSpace(title))
	}
	return &ps[0], nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// summaryColumns are the columns querySummaries reads: pageColumns, of
// whose body it unpacks only what an excerpt needs (excerptBytes). A body
// kept plain, which may be long, is cut in SQL; a deflated one is at most
// maxDeflate long and is inflated no further than that.
var summaryColumns = strings.Replace(pageColumns, "p.packed_body",
	fmt.Sprintf("iif(substr(p.packed_body, 1, 1) = x'%02x', substr(p.packed_body, 1, %d), p.packed_body)", bodyPlain, 1+excerptBytes), 1)

// excerptChars is how much of a body lists make an excerpt from, and
// excerptBytes as many bytes as that can take.
const (
	excerptChars = 600
	excerptBytes = excerptChars * utf8.UTFMax
)

// firstChars is the first n characters of s.
func firstChars(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

func (db *DB) querySummaries(ctx context.Context, q string, args ...any) ([]store.PageSummary, error) {
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find pages: %w", err)
	}
	defer rows.Close()
	out := []store.PageSummary{}
	var damaged []store.DocID
	for rows.Next() {
		p, err := scanPageStart(rows, excerptBytes)
		if errors.Is(err, errDamagedBody) {
			// Listed without an excerpt; its row is rebuilt below.
			damaged = append(damaged, p.ID)
		} else if err != nil {
			return nil, fmt.Errorf("find pages: %w", err)
		}
		p.Body = firstChars(p.Body, excerptChars)
		out = append(out, p.Summary())
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find pages: %w", err)
	}
	rows.Close()
	for _, id := range damaged {
		if err := db.repairRow(ctx, id, errDamagedBody); err != nil {
			db.Logf("rebuild the row of %s: %v", id, err)
		}
	}
	return out, nil
}

// MovePage puts a page, with its subpages, somewhere else in the tree.
func (db *DB) MovePage(ctx context.Context, id store.DocID, mv store.PageMove) (*store.Page, error) {
	if err := db.refuseGuest(ctx); err != nil {
		return nil, err
	}
	if err := id.Validate(); err != nil {
		return nil, err
	}
	if mv.Before == id {
		return nil, store.Errorf(store.EINVALID, "A page cannot go before itself.")
	}
	var homes int
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM spaces WHERE home_id = ?", id).Scan(&homes); err != nil {
		return nil, fmt.Errorf("move %s: %w", id, err)
	}
	if homes > 0 {
		return nil, store.Errorf(store.EINVALID, "A space's home page stays at the top of its space.")
	}
	space, parent, err := db.placeFor(ctx, mv.Space, mv.Parent, id)
	if err != nil {
		return nil, err
	}
	db.orderMu.Lock()
	defer db.orderMu.Unlock()
	pos, err := db.positionBefore(ctx, space, parent, mv.Before)
	if err != nil {
		return nil, err
	}
	moved, err := db.changePage(ctx, id, "move page", func(d *crdt.Doc) error {
		return d.SetPlace(space, parent, pos)
	})
	if err == nil {
		// A commit of a subpage that read its space before the move has
		// announced it by now; any later one reads the new space.
		db.announceMu.Lock()
		db.announceMu.Unlock() //nolint:staticcheck // a barrier, not a critical section
	}
	return moved, err
}

// UpdatePage changes a page's title.
func (db *DB) UpdatePage(ctx context.Context, id store.DocID, upd store.PageUpdate) (*store.Page, error) {
	if err := db.refuseGuest(ctx); err != nil {
		return nil, err
	}
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
// A large edit, and those after it until it is in, reaches the Automerge
// document in the background (fold.go); either way the change that holds
// them is made a short idle later.
func (db *DB) EditPage(ctx context.Context, id store.DocID, e store.Edit) (*store.EditResult, error) {
	if err := db.refuseGuest(ctx); err != nil {
		return nil, err
	}
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
	if p.busy || foldCost(splices) > db.tune.foldAbove {
		p.pending = append(p.pending, splices...)
		if !p.busy {
			db.foldInBackground(p)
		}
	} else if err := p.doc.SpliceBody(splices); err != nil {
		// The document may hold part of the edit: start it over from disk.
		db.dropLocked(id, true)
		db.mu.Unlock()
		return nil, err
	}
	prev := p.token()
	p.rev++
	p.length = op.TargetLen()
	p.mapAnchors(op)
	p.history = append(p.history, appliedEdit{rev: p.rev, op: op})
	if len(p.history) > db.tune.historyLen {
		p.history = append(p.history[:0], p.history[len(p.history)-db.tune.historyLen:]...)
	}
	p.markDirty(db.Now())
	res := &store.EditResult{PrevRev: prev, Rev: p.token(), Splices: splices, Rebased: e.Base != "" && e.Base != prev}
	res.Page = p.summary
	res.Page.UpdatedAt = store.FromUnixMillis(db.Now().UnixMilli())
	raw := encodeJournal(splices)
	p.journaled++
	done := db.w.submit(string(id), p.epoch, func(tx *sql.Tx) error {
		// Not a statement prepared once: database/sql prepares those
		// again in every transaction, where the connection's own cache
		// (_stmt_cache_size) keeps this one prepared.
		_, err := tx.ExecContext(ctx, "INSERT INTO journal (doc_id, splices) VALUES (?, ?)", id, raw)
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
		if h.op.IsIdentity() {
			continue // an empty edit, which moves nothing
		}
		if _, op, err = textop.Transform(h.op, op); err != nil {
			return nil, fmt.Errorf("rebase edit: %w", err)
		}
	}
	return op, nil
}

// DeletePage moves a page and its live subpages to the trash, all with
// the same time, so that restoring the page brings back the same subpages.
func (db *DB) DeletePage(ctx context.Context, id store.DocID) ([]store.DocID, error) {
	if err := db.refuseGuest(ctx); err != nil {
		return nil, err
	}
	if err := id.Validate(); err != nil {
		return nil, err
	}
	now := store.FromUnixMillis(db.Now().UnixMilli())
	return db.changeSubtree(ctx, id, "p.deleted_at = 0", nil, "trash page", func(d *crdt.Doc) error { return d.SetDeleted(now) })
}

// RestorePage takes a page out of the trash with the subpages that went
// there with it.
func (db *DB) RestorePage(ctx context.Context, id store.DocID) ([]store.DocID, error) {
	if err := db.refuseGuest(ctx); err != nil {
		return nil, err
	}
	if err := id.Validate(); err != nil {
		return nil, err
	}
	p, err := db.readPage(ctx, id)
	if err != nil {
		return nil, err
	}
	if !p.InTrash() {
		return []store.DocID{id}, nil
	}
	if sp, err := db.findSpace(ctx, p.Space); err == nil && sp.InTrash() {
		return nil, store.Errorf(store.ECONFLICT, "This page's space, “%s”, is in the trash. Restore the space to bring back its pages.", sp.Name)
	}
	return db.changeSubtree(ctx, id, "p.deleted_at = ?2", []any{store.UnixMillis(p.DeletedAt)}, "restore page",
		func(d *crdt.Doc) error { return d.SetDeleted(time.Time{}) })
}

// changeSubtree applies f to a page and to those of its subpages, at any
// depth, that match cond (an SQL condition on pages p, with args from ?2).
func (db *DB) changeSubtree(ctx context.Context, id store.DocID, cond string, args []any, verb string, f func(*crdt.Doc) error) ([]store.DocID, error) {
	rows, err := db.db.QueryContext(ctx, `
		WITH RECURSIVE sub(id, depth) AS (
			SELECT ?1, 0
			UNION SELECT p.id, sub.depth + 1 FROM pages p JOIN sub ON p.parent_id = sub.id WHERE `+cond+`
		) SELECT id FROM sub ORDER BY depth`, append([]any{id}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("find subpages of %s: %w", id, err)
	}
	var ids []store.DocID
	for rows.Next() {
		var x store.DocID
		if err := rows.Scan(&x); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find subpages of %s: %w", id, err)
		}
		ids = append(ids, x)
	}
	rows.Close()
	var done []store.DocID
	for _, x := range ids {
		if _, err := db.changePage(ctx, x, verb, f); err != nil {
			return done, err
		}
		done = append(done, x)
	}
	return done, nil
}

// PurgePage deletes a trashed page and its history for good.
func (db *DB) PurgePage(ctx context.Context, id store.DocID) error {
	if err := db.refuseGuest(ctx); err != nil {
		return err
	}
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
	prevSpace := p.summary.Space
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
	page, err := db.readPage(ctx, id) // the row: it holds the place a subpage inherits
	if err != nil {
		return nil, err
	}
	p.summary = page.Summary()
	page.Rev = p.token()
	if p.summary.Space != prevSpace {
		// Its subpages moved with it: those in memory must say so in
		// their edit results from now on, not when they are next loaded.
		if err := db.refreshPlacesLocked(ctx); err != nil {
			return nil, err
		}
	}
	return page, nil
}

// refreshPlacesLocked rereads the place of every loaded page from its row.
func (db *DB) refreshPlacesLocked(ctx context.Context) error {
	for id, p := range db.pages {
		var space, parent store.DocID
		var pos string
		err := db.db.QueryRowContext(ctx, "SELECT space_id, parent_id, position FROM pages WHERE id = ?", id).Scan(&space, &parent, &pos)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("find place of %s: %w", id, err)
		}
		p.summary.Space, p.summary.Parent, p.summary.Position = space, parent, pos
	}
	return nil
}

// upsertPageRow writes the materialized row of a page. A subpage's space
// is its parent's, whatever its own document last said, and a move takes
// the page's subpages along.
func upsertPageRow(ctx context.Context, tx *sql.Tx, id store.DocID, p *store.Page, r *store.Review, now time.Time) error {
	_, err := upsertPageRowSpace(ctx, tx, id, p, r, now, false)
	return err
}

// upsertPageRowSpace is upsertPageRow, which also returns the space the
// row went to (its parent's, for a subpage). A fresh page is one whose
// docs row this transaction inserted: no row of it can exist yet (they
// all reference docs), so there is nothing to look up or delete first,
// which for the thousands of pages of a first sync were half the
// statements.
func upsertPageRowSpace(ctx context.Context, tx *sql.Tx, id store.DocID, p *store.Page, r *store.Review, now time.Time, fresh bool) (store.DocID, error) {
	var oldSpace string
	if !fresh {
		err := tx.QueryRowContext(ctx, "SELECT space_id FROM pages WHERE id = ?", id).Scan(&oldSpace)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("materialize page %s: %w", id, err)
		}
	}
	var newSpace string
	var n int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO pages (id, title, packed_body, space_id, parent_id, position, is_template, author, created_at, updated_at, deleted_at,
			page_kind, status, owner, review_by, pre_read, ready, decided_at, decided_by)
		VALUES (?1, ?2, ?3, coalesce((SELECT space_id FROM pages WHERE id = ?5 AND ?5 != ''), ?4), ?5, ?6, ?7, ?8, ?9, ?10, ?11,
			?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, packed_body = excluded.packed_body, space_id = excluded.space_id,
			parent_id = excluded.parent_id, position = excluded.position, is_template = excluded.is_template,
			updated_at = excluded.updated_at, deleted_at = excluded.deleted_at,
			page_kind = excluded.page_kind, status = excluded.status, owner = excluded.owner, review_by = excluded.review_by,
			pre_read = excluded.pre_read, ready = excluded.ready, decided_at = excluded.decided_at, decided_by = excluded.decided_by
		RETURNING space_id, n`,
		id, p.Title, packBody(p.Body), p.Space, p.Parent, p.Position, p.Template, p.Author,
		store.UnixMillis(p.CreatedAt), now.UnixMilli(), store.UnixMillis(p.DeletedAt),
		r.Kind, r.Status, r.Owner, r.ReviewBy, r.Meeting.PreRead, r.Meeting.Ready, store.UnixMillis(r.DecidedAt), r.DecidedBy).Scan(&newSpace, &n)
	if err != nil {
		return "", fmt.Errorf("materialize page %s: %w", id, err)
	}
	live := store.UnixMillis(p.DeletedAt) == 0 && !p.Template
	if err := indexPage(ctx, tx, pageText{n: n, id: id, title: p.Title, body: p.Body, live: live, fresh: fresh}); err != nil {
		return "", err
	}
	if !fresh {
		if err := deleteReviewRows(ctx, tx, id); err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM links WHERE from_id = ?", id); err != nil {
			return "", fmt.Errorf("materialize links of %s: %w", id, err)
		}
	}
	if err := insertReviewRows(ctx, tx, id, r); err != nil {
		return "", err
	}
	if err := writeBlobRefs(ctx, tx, id, p.Body); err != nil {
		return "", err
	}
	if !p.Template {
		for _, target := range store.WikiLinks(p.Body) {
			if _, err := tx.ExecContext(ctx, "INSERT INTO links (from_id, target) VALUES (?, ?)", id, target); err != nil {
				return "", fmt.Errorf("materialize links of %s: %w", id, err)
			}
		}
	}
	if oldSpace != "" && oldSpace != newSpace {
		_, err := tx.ExecContext(ctx, `
			WITH RECURSIVE sub(id) AS (
				SELECT id FROM pages WHERE parent_id = ?1
				UNION SELECT p.id FROM pages p JOIN sub ON p.parent_id = sub.id
			) UPDATE pages SET space_id = ?2 WHERE id IN (SELECT id FROM sub)`, id, newSpace)
		if err != nil {
			return "", fmt.Errorf("move subpages of %s: %w", id, err)
		}
	}
	return store.DocID(newSpace), nil
}
