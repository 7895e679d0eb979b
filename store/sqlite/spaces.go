package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/order"
)

var _ store.SpaceService = (*DB)(nil)

// spaceColumns end with whether the space holds no live page but its home
// (the sidebar folds such spaces into one row).
const spaceColumns = `id, name, description, icon, home_id, position, created_at, deleted_at,
	NOT EXISTS (SELECT 1 FROM pages p WHERE p.space_id = spaces.id AND p.deleted_at = 0 AND p.is_template = 0 AND p.id != spaces.home_id)`

// FindSpaces lists the live spaces in their order.
func (db *DB) FindSpaces(ctx context.Context) ([]store.Space, error) {
	return db.querySpaces(ctx, "SELECT "+spaceColumns+" FROM spaces WHERE deleted_at = 0 ORDER BY position, created_at, id")
}

// FindTrashedSpaces lists the spaces in the trash, most recently deleted first.
func (db *DB) FindTrashedSpaces(ctx context.Context) ([]store.Space, error) {
	return db.querySpaces(ctx, "SELECT "+spaceColumns+" FROM spaces WHERE deleted_at != 0 ORDER BY deleted_at DESC, id")
}

func (db *DB) querySpaces(ctx context.Context, q string, args ...any) ([]store.Space, error) {
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find spaces: %w", err)
	}
	defer rows.Close()
	out := []store.Space{}
	for rows.Next() {
		var s store.Space
		var created, deleted int64
		if err := rows.Scan(&s.ID, &s.Name, &s.Description, &s.Icon, &s.Home, &s.Position, &created, &deleted, &s.Empty); err != nil {
			return nil, fmt.Errorf("find spaces: %w", err)
		}
		s.CreatedAt, s.DeletedAt = store.FromUnixMillis(created), store.FromUnixMillis(deleted)
		out = append(out, s)
	}
	return out, rows.Err()
}

// findSpace reads one space, live or trashed, from its row.
func (db *DB) findSpace(ctx context.Context, id store.DocID) (*store.Space, error) {
	if err := id.Validate(); err != nil {
		return nil, store.Errorf(store.EINVALID, "That is not a space.")
	}
	ss, err := db.querySpaces(ctx, "SELECT "+spaceColumns+" FROM spaces WHERE id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(ss) == 0 {
		return nil, store.Errorf(store.ENOTFOUND, "That space does not exist any more.")
	}
	return &ss[0], nil
}

// CreateSpace adds a space to the workspace, last, with a home page.
func (db *DB) CreateSpace(ctx context.Context, name, description, icon string) (*store.Space, error) {
	name, description, icon, err := store.NormalizeSpace(name, description, icon)
	if err != nil {
		return nil, err
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	now := db.Now()
	sp := store.Space{ID: store.NewDocID(), Name: name, Description: description, Icon: icon, CreatedAt: now}
	var home *store.Page
	var homeDoc *crdt.Doc
	_, err = db.changeWorkspace(ctx, "add space", func(ws *docChange) error {
		all, err := ws.doc.Spaces()
		if err != nil {
			return err
		}
		last := ""
		for _, s := range all {
			if order.Valid(s.Position) && s.Position > last {
				last = s.Position
			}
		}
		if sp.Position = order.Between(last, ""); len(sp.Position) > order.MaxLen {
			// Keys grown long: every space gets a short one first.
			if err := renumberSpaces(ws, all); err != nil {
				return err
			}
			sp.Position = order.Between(all[len(all)-1].Position, "")
		}
		home = homePage(sp, "# "+name+"\n\n"+description+"\n")
		if homeDoc, err = newSpaceHome(&sp, home, me, now); err != nil {
			return err
		}
		return ws.doc.AddSpace(sp)
	}, func(tx *sql.Tx) error {
		return insertHome(ctx, tx, sp, homeDoc, now)
	})
	if err != nil {
		return nil, err
	}
	return &sp, nil
}

// UpdateSpace changes a space's name, description or icon.
func (db *DB) UpdateSpace(ctx context.Context, id store.DocID, upd store.SpaceUpdate) (*store.Space, error) {
	if _, err := db.findSpace(ctx, id); err != nil {
		return nil, err
	}
	var err error
	if upd.Name != nil {
		n, err := store.ValidateName("space name", *upd.Name)
		if err != nil {
			return nil, err
		}
		upd.Name = &n
	}
	if upd.Description != nil {
		d, err := store.NormalizeSpaceDescription(*upd.Description)
		if err != nil {
			return nil, err
		}
		upd.Description = &d
	}
	if upd.Icon != nil {
		i, err := store.NormalizeSpaceIcon(*upd.Icon)
		if err != nil {
			return nil, err
		}
		upd.Icon = &i
	}
	if _, err = db.changeWorkspace(ctx, "edit space", func(ws *docChange) error {
		return ws.doc.UpdateSpace(id, upd)
	}, nil); err != nil {
		return nil, err
	}
	return db.findSpace(ctx, id)
}

// MoveSpace puts a live space just before another, or last.
func (db *DB) MoveSpace(ctx context.Context, id, before store.DocID) ([]store.Space, error) {
	sp, err := db.findSpace(ctx, id)
	if err != nil {
		return nil, err
	}
	if sp.InTrash() {
		return nil, store.Errorf(store.ECONFLICT, "Restore the space from the trash first.")
	}
	if before == id {
		return nil, store.Errorf(store.EINVALID, "A space cannot go before itself.")
	}
	var prevPos map[store.DocID]string
	after, err := db.changeWorkspace(ctx, "move space", func(ws *docChange) error {
		all, err := ws.doc.Spaces()
		if err != nil {
			return err
		}
		prevPos = map[store.DocID]string{}
		for _, s := range all {
			prevPos[s.ID] = s.Position
		}
		var live []store.Space // in order, without the one that moves
		for _, s := range all {
			if !s.InTrash() && s.ID != id {
				live = append(live, s)
			}
		}
		at := len(live)
		if before != "" {
			at = -1
			for i, s := range live {
				if s.ID == before {
					at = i
				}
			}
			if at < 0 {
				return store.Errorf(store.EINVALID, "The space to put it before is not in the sidebar.")
			}
		}
		// Spaces made before they had positions, keys that two devices
		// set equal, or keys grown long are given fresh keys in their
		// present order first, as a change of its own.
		if !increasing(live) {
			if err := renumberSpaces(ws, live); err != nil {
				return err
			}
		}
		prev, next := "", ""
		if at > 0 {
			prev = live[at-1].Position
		}
		if at < len(live) {
			next = live[at].Position
		}
		key := order.Between(prev, next)
		if len(key) > order.MaxLen {
			if err := renumberSpaces(ws, live); err != nil {
				return err
			}
			prev, next = "", ""
			if at > 0 {
				prev = live[at-1].Position
			}
			if at < len(live) {
				next = live[at].Position
			}
			key = order.Between(prev, next)
		}
		return ws.doc.SetSpacePosition(id, key)
	}, nil)
	if err != nil {
		return nil, err
	}
	var moved []store.Space
	var self store.Space
	for _, s := range after {
		switch {
		case s.ID == id:
			self = s
		case s.Position != prevPos[s.ID]:
			moved = append(moved, s)
		}
	}
	return append(moved, self), nil
}

// increasing reports whether spaces have valid keys, not too long, in
// strictly rising order.
func increasing(ss []store.Space) bool {
	for i, s := range ss {
		if !order.Valid(s.Position) || len(s.Position) > order.MaxLen || (i > 0 && ss[i-1].Position >= s.Position) {
			return false
		}
	}
	return true
}

// renumberSpaces gives spaces, in the order given, the keys order.Spread
// gives, as a change of its own to the workspace document; ss is updated.
// Two devices that renumber the same spaces in the same order write the
// same keys.
func renumberSpaces(ws *docChange, ss []store.Space) error {
	for i, k := range order.Spread(len(ss)) {
		if ss[i].Position == k {
			continue
		}
		ss[i].Position = k
		if err := ws.doc.SetSpacePosition(ss[i].ID, k); err != nil {
			return err
		}
	}
	return ws.commit("order spaces")
}

// DeleteSpace moves a space to the trash, and its live pages with it, all
// with the space's time, so that restoring the space brings back exactly
// those pages (not one trashed on its own before).
func (db *DB) DeleteSpace(ctx context.Context, id store.DocID) ([]store.DocID, error) {
	sp, err := db.findSpace(ctx, id)
	if err != nil {
		return nil, err
	}
	if sp.InTrash() {
		return nil, nil
	}
	live, err := db.FindSpaces(ctx)
	if err != nil {
		return nil, err
	}
	if len(live) == 1 {
		return nil, store.Errorf(store.ECONFLICT, "A workspace keeps at least one space. Make another before deleting “%s”.", sp.Name)
	}
	now := store.FromUnixMillis(db.Now().UnixMilli())
	if _, err := db.changeWorkspace(ctx, "trash space", func(ws *docChange) error {
		return ws.doc.SetSpaceDeleted(id, now)
	}, nil); err != nil {
		return nil, err
	}
	return db.changeSpacePages(ctx, id, "p.deleted_at = 0", nil, "trash page", func(d *crdt.Doc) error { return d.SetDeleted(now) })
}

// RestoreSpace takes a space out of the trash with the pages that went
// there with it.
func (db *DB) RestoreSpace(ctx context.Context, id store.DocID) ([]store.DocID, error) {
	sp, err := db.findSpace(ctx, id)
	if err != nil {
		return nil, err
	}
	if !sp.InTrash() {
		return nil, nil
	}
	if _, err := db.changeWorkspace(ctx, "restore space", func(ws *docChange) error {
		return ws.doc.SetSpaceDeleted(id, time.Time{})
	}, nil); err != nil {
		return nil, err
	}
	return db.changeSpacePages(ctx, id, "p.deleted_at = ?2", []any{store.UnixMillis(sp.DeletedAt)}, "restore page",
		func(d *crdt.Doc) error { return d.SetDeleted(time.Time{}) })
}

// PurgeSpace deletes a trashed space and all its pages for good. Saved
// templates that were made in it stay.
func (db *DB) PurgeSpace(ctx context.Context, id store.DocID) ([]store.DocID, error) {
	sp, err := db.findSpace(ctx, id)
	if err != nil {
		return nil, err
	}
	if !sp.InTrash() {
		return nil, store.Errorf(store.ECONFLICT, "Only spaces in the trash can be deleted for good.")
	}
	ids, err := db.spacePages(ctx, id, "1", nil)
	if err != nil {
		return nil, err
	}
	if err := db.flushAll(ctx); err != nil {
		return nil, err
	}
	db.mu.Lock()
	for _, x := range ids {
		db.dropLocked(x, true)
	}
	db.mu.Unlock()
	_, err = db.changeWorkspace(ctx, "purge space", func(ws *docChange) error {
		return ws.doc.RemoveSpace(id)
	}, func(tx *sql.Tx) error {
		for _, x := range ids {
			if _, err := tx.ExecContext(ctx, "DELETE FROM docs WHERE id = ?", x); err != nil {
				return fmt.Errorf("purge page %s: %w", x, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// spacePages lists the IDs of a space's pages (not templates) that match
// cond, an SQL condition on pages p with args from ?2: the top of its tree
// first. Rows hold every subpage under its parent's space, so the space's
// rows are the whole tree.
func (db *DB) spacePages(ctx context.Context, id store.DocID, cond string, args []any) ([]store.DocID, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT p.id FROM pages p WHERE p.space_id = ?1 AND p.is_template = 0 AND `+cond+`
		ORDER BY p.parent_id != '', p.position, p.id`, append([]any{id}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("find pages of space %s: %w", id, err)
	}
	defer rows.Close()
	var ids []store.DocID
	for rows.Next() {
		var x store.DocID
		if err := rows.Scan(&x); err != nil {
			return nil, fmt.Errorf("find pages of space %s: %w", id, err)
		}
		ids = append(ids, x)
	}
	return ids, rows.Err()
}

// changeSpacePages applies f to each page of a space that matches cond.
func (db *DB) changeSpacePages(ctx context.Context, id store.DocID, cond string, args []any, verb string, f func(*crdt.Doc) error) ([]store.DocID, error) {
	ids, err := db.spacePages(ctx, id, cond, args)
	if err != nil {
		return nil, err
	}
	var done []store.DocID
	for _, x := range ids {
		if _, err := db.changePage(ctx, x, verb, f); err != nil {
			return done, err
		}
		done = append(done, x)
	}
	return done, nil
}

// changeWorkspace changes the workspace document (f may commit steps of
// its own) and stores the changes, the spaces' rows and whatever also
// writes in one transaction. It returns the spaces as the document now
// has them.
func (db *DB) changeWorkspace(ctx context.Context, verb string, f func(*docChange) error, also func(*sql.Tx) error) ([]store.Space, error) {
	if _, err := db.me(ctx); err != nil {
		return nil, err
	}
	wsID, err := db.workspaceID(ctx)
	if err != nil {
		return nil, err
	}
	var spaces []store.Space
	err = db.changeDocSteps(ctx, wsID, verb, f, func(tx *sql.Tx, d *crdt.Doc) error {
		var err error
		if spaces, err = d.Spaces(); err != nil {
			return err
		}
		if also != nil {
			if err := also(tx); err != nil {
				return err
			}
		}
		return writeSpaceRows(ctx, tx, spaces)
	})
	if err != nil {
		return nil, err
	}
	return spaces, nil
}

// writeSpaceRows makes the spaces table what the workspace document says.
func writeSpaceRows(ctx context.Context, tx *sql.Tx, spaces []store.Space) error {
	keep := make([]any, len(spaces))
	for i, s := range spaces {
		keep[i] = string(s.ID)
		_, err := tx.ExecContext(ctx, `
			INSERT INTO spaces (id, name, description, icon, home_id, position, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, icon = excluded.icon,
				home_id = excluded.home_id, position = excluded.position, deleted_at = excluded.deleted_at`,
			s.ID, s.Name, s.Description, s.Icon, s.Home, s.Position, store.UnixMillis(s.CreatedAt), store.UnixMillis(s.DeletedAt))
		if err != nil {
			return fmt.Errorf("materialize space %s: %w", s.ID, err)
		}
	}
	q := "DELETE FROM spaces"
	if len(keep) > 0 {
		q += " WHERE id NOT IN (?" + strings.Repeat(", ?", len(keep)-1) + ")"
	}
	if _, err := tx.ExecContext(ctx, q, keep...); err != nil {
		return fmt.Errorf("materialize spaces: %w", err)
	}
	return nil
}

func homePage(sp store.Space, body string) *store.Page {
	return &store.Page{Title: sp.Name, Body: body, Space: sp.ID, Position: order.Between("", "")}
}

// newSpaceHome makes the home page document of a space and records it in sp.
func newSpaceHome(sp *store.Space, home *store.Page, author store.DocID, now time.Time) (*crdt.Doc, error) {
	sp.Home = store.NewDocID()
	d, err := crdt.NewPage(*home, author, now)
	if err != nil {
		return nil, err
	}
	if _, err := d.Commit("create page by "+string(author), now); err != nil {
		return nil, err
	}
	return d, nil
}

// insertHome stores a space's home page.
func insertHome(ctx context.Context, tx *sql.Tx, sp store.Space, homeDoc *crdt.Doc, now time.Time) error {
	if err := insertDoc(ctx, tx, sp.Home, store.KindPage, homeDoc, now); err != nil {
		return err
	}
	p, r, err := materialPage(homeDoc)
	if err != nil {
		return err
	}
	return upsertPageRow(ctx, tx, sp.Home, p, r, now)
}
