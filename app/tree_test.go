package app

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

// The sidebar reads the tree a branch at a time: the top of a space with
// each row's count of subpages, then a branch when it opens, and a path
// down to a page to reveal it.
func TestTreeBranches(t *testing.T) {
	dir := t.TempDir()
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ws := NewWorkspace(context.Background(), db, dir)
	pages := NewPages(context.Background(), db, db, db, db, &allEvents{})
	spaces := NewSpaces(context.Background(), db, db, &allEvents{})
	ws.Setup("Ada", "UTC", "")
	sp, err := spaces.Create("Research", "", "🔬")
	if err != nil {
		t.Fatal(err)
	}
	a, _ := pages.Create(NewPageInput{Title: "Interviews", SpaceID: sp.ID})
	b, _ := pages.Create(NewPageInput{Title: "Round one", ParentID: a.ID})
	c, _ := pages.Create(NewPageInput{Title: "Notes", ParentID: b.ID})
	pages.Create(NewPageInput{Title: "Surveys", SpaceID: sp.ID})

	top, err := pages.Branch(sp.ID, "", 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	if top.Total != 2 || len(top.Rows) != 2 || top.Rows[0].ID != a.ID || top.Rows[0].Children != 1 || top.Rows[1].Children != 0 {
		t.Fatalf("top: %+v", top)
	}
	if top.Rows[0].SpaceID != sp.ID || top.Rows[0].UpdatedAt == "" {
		t.Errorf("row: %+v", top.Rows[0])
	}
	under, err := pages.Branch(sp.ID, a.ID, 0, 50)
	if err != nil || under.Total != 1 || under.Rows[0].ID != b.ID {
		t.Errorf("under Interviews: %+v, %v", under, err)
	}
	path, err := pages.TreePath(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []TreeStepView{{ID: a.ID, Index: 0}, {ID: b.ID, ParentID: a.ID}, {ID: c.ID, ParentID: b.ID}}
	if path.SpaceID != sp.ID || len(path.Steps) != 3 || path.Steps[0] != want[0] || path.Steps[1] != want[1] || path.Steps[2] != want[2] {
		t.Errorf("path: %+v", path)
	}
	rows, err := pages.TreeRows([]string{b.ID, "nope", c.ID})
	if err != nil || len(rows) != 2 {
		t.Errorf("TreeRows: %+v, %v", rows, err)
	}
	strays, err := pages.Strays(sp.ID)
	if err != nil || len(strays) != 0 {
		t.Errorf("Strays: %+v, %v", strays, err)
	}
	if n, err := spaces.PageCount(sp.ID); err != nil || n != 5 {
		t.Errorf("PageCount = %d, %v; want 5 (4 and the home page)", n, err)
	}

	// A store that could not open says why.
	why := store.Errorf(store.EUNAVAILABLE, "no")
	down := NewPages(context.Background(), unavailable{why}, unavailable{why}, unavailable{why}, unavailable{why}, &allEvents{})
	if _, err := down.Branch(sp.ID, "", 0, 10); !errors.Is(err, why) {
		t.Errorf("Branch on no store: %v", err)
	}
}
