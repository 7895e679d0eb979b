package mdio_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/mdio"
	"github.com/longhand/longhand/store/sqlite"
)

// journal is an import's record in the database, as the app keeps it;
// stopAfter, when set, cancels the import as it makes that many-th page.
type journal struct {
	db        *sqlite.DB
	id        string
	made      int
	stopAfter int
	cancel    context.CancelFunc
}

func (j *journal) Imported(ctx context.Context) (map[string]store.DocID, error) {
	return j.db.ImportedPages(ctx, j.id)
}

func (j *journal) CreatePage(ctx context.Context, key string, np store.NewPage) (*store.Page, error) {
	if j.made+1 == j.stopAfter {
		j.cancel() // while the page is being made: it is made all the same
	}
	p, err := j.db.CreateImportedPage(ctx, j.id, key, np)
	if err == nil {
		j.made++
	}
	return p, err
}

// An import of more files than the old cap of 2,000, stopped part way
// (cancelled, as a crash would stop it), then resumed with a fresh
// importer, as after a restart: every file becomes exactly one page, under
// the right parent, with links between files made where both ends were
// made in different runs.
func TestImportResumesWhereItStopped(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	sp, err := db.CreateSpace(ctx, "Docs", "", "")
	if err != nil {
		t.Fatal(err)
	}
	home, err := db.FindPages(ctx, store.PageFilter{Space: sp.ID})
	if err != nil {
		t.Fatal(err)
	}
	before := len(home) // the space's own page
	if before != 1 {
		t.Fatalf("a new space has %d pages, want its own page alone", before)
	}
	dir := t.TempDir()
	const folders, perFolder = 30, 70 // 2,100 files and 30 folder pages
	for f := range folders {
		for i := range perFolder {
			body := fmt.Sprintf("# Note %d-%d\n\nText of %d-%d.\n", f, i, f, i)
			if i > 0 {
				body += fmt.Sprintf("\nSee [the one before](n%03d.md).\n", i-1)
			}
			write(t, dir, fmt.Sprintf("f%02d/n%03d.md", f, i), []byte(body))
		}
	}
	im, err := db.StartImport(ctx, sp.ID, dir)
	if err != nil {
		t.Fatal(err)
	}
	first, cancel := context.WithCancel(ctx)
	j := &journal{db: db, id: im.ID, stopAfter: 700, cancel: cancel}
	rep, err := mdio.ImportDirRun(first, db, sp.ID, dir, mdio.DefaultLimits, mdio.Run{Journal: j})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Pages) != 700 || len(rep.Skipped) != 1 || rep.Skipped[0].Reason != mdio.StoppedReason {
		t.Fatalf("the stopped run made %d pages and skipped %v; want 700, and the next page's folder stopped", len(rep.Pages), rep.Skipped)
	}
	if got, err := db.FindImport(ctx, im.ID); err != nil || got.Done != 700 {
		t.Fatalf("the import's record: %+v, %v; want 700 pages done", got, err)
	}

	// Resumed: the pages of the first run are kept, the rest are made.
	var last [2]int
	j = &journal{db: db, id: im.ID}
	rep, err = mdio.ImportDirRun(ctx, db, sp.ID, dir, mdio.DefaultLimits, mdio.Run{Journal: j, Progress: func(done, total int) { last = [2]int{done, total} }})
	if err != nil {
		t.Fatal(err)
	}
	want := folders*perFolder + folders
	if len(rep.Pages) != want || j.made != want-700 || len(rep.Skipped) != 0 {
		t.Fatalf("resumed: %d pages in the report, %d made now, skipped %v; want %d and %d", len(rep.Pages), j.made, rep.Skipped, want, want-700)
	}
	if last != [2]int{want, want} {
		t.Errorf("the last progress was %v, want %d of %d", last, want, want)
	}
	sums, err := db.FindPages(ctx, store.PageFilter{Space: sp.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != want+before {
		t.Fatalf("%d pages in the space, want %d: pages made twice or lost", len(sums), want+before)
	}
	byTitle := map[string]store.PageSummary{}
	byID := map[store.DocID]store.PageSummary{}
	for _, s := range sums {
		if s.ID == home[0].ID {
			continue
		}
		if _, dup := byTitle[s.Title]; dup {
			t.Fatalf("two pages titled %q", s.Title)
		}
		byTitle[s.Title], byID[s.ID] = s, s
	}
	for f := range folders {
		folder, ok := byTitle[fmt.Sprintf("f%02d", f)]
		if !ok || folder.Parent != "" {
			t.Fatalf("folder page f%02d: %+v", f, folder)
		}
		for i := range perFolder {
			s, ok := byTitle[fmt.Sprintf("Note %d-%d", f, i)]
			if !ok || s.Parent != folder.ID {
				t.Fatalf("Note %d-%d: %+v, want it under f%02d", f, i, s, f)
			}
		}
	}
	// A link from a page of the second run to one of the first.
	p, err := db.FindPage(ctx, byTitle["Note 29-5"].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Body, "[[Note 29-4|the one before]]") {
		t.Errorf("Note 29-5's body %q lacks its link to Note 29-4", p.Body)
	}
	if err := db.EndImport(ctx, im.ID); err != nil {
		t.Fatal(err)
	}
	if ims, err := db.FindImports(ctx); err != nil || len(ims) != 0 {
		t.Errorf("imports after the end: %+v, %v", ims, err)
	}
	if _, err := db.CreateImportedPage(ctx, im.ID, "late.md", store.NewPage{Title: "Late", Space: sp.ID}); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("a page recorded for an ended import: %v, want ENOTFOUND", err)
	}
}
