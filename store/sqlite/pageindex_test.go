package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

// The pages of a group of writes are indexed when the group commits: each
// page that was stored is found by its words, a write that failed (and was
// rolled back to its savepoint) leaves no terms behind, a page written
// twice is found by its last words only, and a trashed one not at all.
func TestGroupedPagesAreIndexedAtCommit(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "longhand.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.CreateWorkspace(ctx, "", "Ada Lovelace", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	spaces, _ := db.FindSpaces(ctx)
	now := db.Now()
	newPage := func(title, body string) (store.DocID, *crdt.Doc, *store.Page) {
		p := store.Page{Title: title, Body: body, Space: spaces[0].ID, Position: "a" + title}
		d, err := crdt.NewPage(p, "", now)
		if err != nil {
			t.Fatal(err)
		}
		return store.NewDocID(), d, &p
	}
	store1 := func(id store.DocID, d *crdt.Doc, p *store.Page, fresh bool) func(tx *sql.Tx) error {
		return func(tx *sql.Tx) error {
			if fresh {
				if err := insertDoc(ctx, tx, id, store.KindPage, d, now); err != nil {
					return err
				}
			}
			_, err := upsertPageRowSpace(ctx, tx, id, p, &store.Review{}, now, fresh)
			return err
		}
	}
	aID, aDoc, a := newPage("Aardvark", "the aardvark digs")
	bID, bDoc, b := newPage("Badger", "the badger sleeps")
	cID, cDoc, c := newPage("Capybara", "the capybara swims")
	c2 := *c
	c2.Body = "the capybara naps"
	dID, dDoc, d := newPage("Dingo", "the dingo howls")
	d2 := *d
	d2.DeletedAt = now

	// The first write holds the writer until the others have queued, so
	// that they share one transaction, each in its savepoint.
	release := make(chan struct{})
	first := db.w.submit("", "", func(tx *sql.Tx) error { <-release; return nil })
	dones := []<-chan error{
		db.w.submit("", "", store1(aID, aDoc, a, true)),
		db.w.submit("", "", store1(cID, cDoc, c, true)),
		db.w.submit("", "", store1(cID, cDoc, &c2, false)),
		db.w.submit("", "", store1(dID, dDoc, d, true)),
		db.w.submit("", "", store1(dID, dDoc, &d2, false)),
		db.w.submit("", "", func(tx *sql.Tx) error {
			if err := store1(bID, bDoc, b, true)(tx); err != nil {
				return err
			}
			return errors.New("refused after its row was written")
		}),
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	for i, done := range dones {
		if err := <-done; (err != nil) != (i == len(dones)-1) {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	for q, want := range map[string]store.DocID{"aardvark": aID, "badger": "", "naps": cID, "swims": "", "dingo": ""} {
		hits, err := db.Search(ctx, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case want == "" && len(hits) != 0:
			t.Errorf("Search(%q) = %+v, want nothing", q, hits)
		case want != "" && (len(hits) != 1 || hits[0].ID != want):
			t.Errorf("Search(%q) = %+v, want %s", q, hits, want)
		}
	}
	// Search drops hits without a row; the index itself holds no terms of
	// the rolled-back page either.
	var orphans int
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM search WHERE search MATCH 'badger'").Scan(&orphans); err != nil || orphans != 0 {
		t.Errorf("the index holds %d rows of the rolled-back page (%v)", orphans, err)
	}
	if _, err := db.db.ExecContext(ctx, "INSERT INTO search (search) VALUES ('integrity-check')"); err != nil {
		t.Errorf("the index fails its integrity check: %v", err)
	}
}
