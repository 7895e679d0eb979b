package sqlite

import (
	"context"
	"strings"
	"unicode/utf8"

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
	var named []store.NamedVersion
	if err == nil {
		changes, err = p.doc.History()
	}
	if err == nil {
		named, err = p.doc.NamedVersions()
	}
	db.mu.Unlock()
	if err != nil {
		return nil, err
	}
	vs := store.GroupVersions(changes, named...)
	names := map[store.DocID]string{}
	name := func(a store.DocID) string {
		if n, ok := names[a]; ok {
			return n
		}
		var n string
		if err := db.db.QueryRowContext(ctx, "SELECT name FROM members WHERE id = ?", a).Scan(&n); err != nil {
			n = "Someone"
		}
		names[a] = n
		return n
	}
	for i := range vs {
		vs[i].AuthorName = name(vs[i].Author)
		if vs[i].Name != "" {
			vs[i].NamedByName = name(vs[i].NamedBy)
		}
	}
	return vs, nil
}

// NameVersion names the page as it is now, after every edit made so far.
// The name is stored in the page's document, with the heads it names.
func (db *DB) NameVersion(ctx context.Context, id store.DocID, name string) (*store.Version, error) {
	name = strings.Join(strings.Fields(name), " ")
	switch {
	case name == "":
		return nil, store.Errorf(store.EINVALID, "Give the version a name, such as “Sent to legal”.")
	case !utf8.ValidString(name):
		return nil, store.Errorf(store.EINVALID, "The name is not valid text.")
	case utf8.RuneCountInString(name) > store.MaxVersionName:
		return nil, store.Errorf(store.EINVALID, "A version name can be at most %d characters.", store.MaxVersionName)
	}
	if err := id.Validate(); err != nil {
		return nil, err
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	p, err := db.waitLoadedLocked(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := db.flushLocked(ctx, id); err != nil { // the name covers every acknowledged edit
		return nil, err
	}
	if p, err = db.waitLoadedLocked(ctx, id); err != nil {
		return nil, err
	}
	now := store.FromUnixMillis(db.Now().UnixMilli())
	n := store.NamedVersion{ID: string(store.NewDocID()), Name: name, Heads: p.doc.Heads(), By: me, At: now}
	if err := p.doc.AddNamedVersion(n); err != nil {
		db.dropLocked(id, true)
		return nil, err
	}
	done, err := db.commitLocked(ctx, p, store.VerbNameVersion)
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
	var who string
	if err := db.db.QueryRowContext(ctx, "SELECT name FROM members WHERE id = ?", me).Scan(&who); err != nil {
		who = "Someone"
	}
	return &store.Version{ID: n.Heads, Author: me, AuthorName: who, Start: now, End: now,
		Name: name, NamedBy: me, NamedByName: who, NamedAt: now}, nil
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
