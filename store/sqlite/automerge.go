package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/sandbox"
)

// DocRef names a stored document and its kind.
type DocRef struct {
	ID   store.DocID
	Kind store.Kind
}

// FindDocs lists every healthy document of the workspace, by ID.
func (db *DB) FindDocs(ctx context.Context) ([]DocRef, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT id, kind FROM docs WHERE damaged = '' ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("find documents: %w", err)
	}
	defer rows.Close()
	var out []DocRef
	for rows.Next() {
		var r DocRef
		if err := rows.Scan(&r.ID, &r.Kind); err != nil {
			return nil, fmt.Errorf("find documents: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SaveDoc returns a document as Automerge saves it, whole, with its kind
// and heads (sorted hex change hashes): what any Automerge can load.
func (db *DB) SaveDoc(ctx context.Context, id store.DocID) (store.Kind, []byte, []string, error) {
	d, kind, err := db.SyncOpen(ctx, id)
	if err != nil {
		return "", nil, nil, err
	}
	var heads []string
	if h := d.Heads(); h != "" {
		heads = strings.Split(h, ",")
	}
	return kind, d.Save(), heads, nil
}

// AdoptPage stores a page document from outside (an Automerge export) as
// a new page of this workspace, with its whole history: checked and saved
// anew in the sandbox first, then given a new ID and placed under parent
// in space, at the end, by one change of its own. It returns the page and
// the heads the document came with.
func (db *DB) AdoptPage(ctx context.Context, snapshot []byte, space, parent store.DocID) (*store.Page, string, error) {
	if err := db.refuseGuest(ctx); err != nil {
		return nil, "", err
	}
	if db.Sandbox == nil {
		return nil, "", store.Errorf(store.EUNAVAILABLE, "Longhand cannot check documents from outside in this process.")
	}
	res, err := db.Sandbox.Load(ctx, sandbox.Request{Kind: store.KindPage, Snapshot: snapshot})
	if err != nil {
		return nil, "", store.Errorf(store.EINVALID, "It is not a page document Longhand can read (%v).", err)
	}
	d, err := crdt.Load(res.Snapshot, nil)
	if err != nil {
		return nil, "", store.Errorf(store.EINVALID, "It is not a page document Longhand can read (%v).", err)
	}
	came := d.Heads()
	if store.Kind(d.Kind()) != store.KindPage {
		return nil, "", store.Errorf(store.EINVALID, "It is a %q document, not a page.", d.Kind())
	}
	if _, err := d.Page(); err != nil {
		return nil, "", store.Errorf(store.EINVALID, "It is not a page document Longhand can read (%v).", err)
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, "", err
	}
	if space, parent, err = db.placeFor(ctx, space, parent, ""); err != nil {
		return nil, "", err
	}
	db.orderMu.Lock()
	defer db.orderMu.Unlock()
	position, err := db.positionBefore(ctx, space, parent, "")
	if err != nil {
		return nil, "", err
	}
	now := db.Now()
	if err := d.SetPlace(space, parent, position); err != nil {
		return nil, "", err
	}
	if err := d.SetDeleted(store.FromUnixMillis(0)); err != nil {
		return nil, "", err
	}
	if _, err := d.Commit("import by "+string(me), now); err != nil {
		return nil, "", err
	}
	page, err := db.insertPage(ctx, d, now, nil)
	if err != nil {
		return nil, "", err
	}
	return page, came, nil
}
