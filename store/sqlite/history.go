package sqlite

import (
	"context"

	"github.com/longhand/longhand/store"
)

var _ store.HistoryService = (*DB)(nil)

// FindVersions lists a page's versions, newest first, with author names.
func (db *DB) FindVersions(ctx context.Context, id store.DocID) ([]store.Version, error) {
	db.mu.Lock()
	p, err := db.waitLoadedLocked(ctx, id)
	if err == nil {
		err = db.flushLocked(ctx, id) // history must not fold pending edits behind our back
	}
	var changes []store.Change
	if err == nil {
		changes, err = p.doc.History()
	}
	db.mu.Unlock()
	if err != nil {
		return nil, err
	}
	vs := store.GroupVersions(changes)
	names := map[store.DocID]string{}
	for i := range vs {
		a := vs[i].Author
		if _, ok := names[a]; !ok {
			var name string
			if err := db.db.QueryRowContext(ctx, "SELECT name FROM members WHERE id = ?", a).Scan(&name); err != nil {
				name = "Someone"
			}
			names[a] = name
		}
		vs[i].AuthorName = names[a]
	}
	return vs, nil
}

// FindVersion returns the page as it was at a version.
func (db *DB) FindVersion(ctx context.Context, id store.DocID, version string) (*store.Page, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	p, err := db.waitLoadedLocked(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := db.flushLocked(ctx, id); err != nil {
		return nil, err
	}
	page, err := p.doc.PageAt(version)
	if err != nil {
		return nil, store.Errorf(store.ENOTFOUND, "That version of the page does not exist.")
	}
	page.ID = id
	return page, nil
}
