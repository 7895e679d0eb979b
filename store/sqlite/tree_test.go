package sqlite_test

import (
	"context"
	"slices"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

func titles(rs []store.TreeRow) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Title
	}
	return out
}

func TestFindBranch(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	spaces, err := db.FindSpaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sp := spaces[0]
	mk := func(title string, parent store.DocID) store.DocID {
		t.Helper()
		p, err := db.CreatePage(ctx, store.NewPage{Title: title, Space: sp.ID, Parent: parent})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	a := mk("A", "")
	b := mk("B", "")
	c := mk("C", "")
	a1 := mk("A1", a)
	mk("A2", a)
	mk("A1a", a1)
	gone := mk("A3", a)
	if _, err := db.DeletePage(ctx, gone); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreatePage(ctx, store.NewPage{Title: "Tmpl", Space: sp.ID, Parent: a, Template: true}); err != nil {
		t.Fatal(err)
	}

	top, err := db.FindBranch(ctx, sp.ID, "", 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	// The home page stands for the space and is not a row; the trash and templates are not in the tree.
	if top.Total != 3 || !slices.Equal(titles(top.Rows), []string{"A", "B", "C"}) {
		t.Fatalf("top: total %d, rows %v", top.Total, titles(top.Rows))
	}
	if top.Rows[0].Children != 2 || top.Rows[1].Children != 0 {
		t.Errorf("children: A %d, B %d; want 2 and 0", top.Rows[0].Children, top.Rows[1].Children)
	}
	win, err := db.FindBranch(ctx, sp.ID, "", 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if win.Total != 3 || win.Offset != 1 || !slices.Equal(titles(win.Rows), []string{"B"}) {
		t.Errorf("window 1+1: %+v", win)
	}
	under, err := db.FindBranch(ctx, "", a, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if under.Total != 2 || !slices.Equal(titles(under.Rows), []string{"A1", "A2"}) || under.Rows[0].Children != 1 {
		t.Errorf("under A: %+v", under)
	}

	// A page under the home page shows at the top, in its order among the others.
	hp, err := db.CreatePage(ctx, store.NewPage{Title: "Under home", Parent: sp.Home})
	if err != nil {
		t.Fatal(err)
	}
	h := hp.ID
	top, err = db.FindBranch(ctx, sp.ID, "", 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if top.Total != 4 || len(top.Rows) != 4 || !slices.Contains(titles(top.Rows), "Under home") {
		t.Errorf("top with a page under home: total %d, rows %v", top.Total, titles(top.Rows))
	}
	for i := 1; i < len(top.Rows); i++ {
		if p, q := top.Rows[i-1], top.Rows[i]; p.Position > q.Position || p.Position == q.Position && p.ID > q.ID {
			t.Errorf("top out of order: %v", top.Rows)
		}
	}
	for off := range 4 {
		w, err := db.FindBranch(ctx, sp.ID, "", off, 1)
		if err != nil || len(w.Rows) != 1 || w.Rows[0].ID != top.Rows[off].ID {
			t.Errorf("window %d: %+v, %v; want %s", off, w, err, top.Rows[off].Title)
		}
	}
	n, err := db.CountSpacePages(ctx, sp.ID)
	if err != nil || n != 8 {
		t.Errorf("CountSpacePages = %d, %v; want 8 (7 and the home page)", n, err)
	}

	// Paths: each step's index in its branch.
	path, err := db.FindTreePath(ctx, h)
	if err != nil {
		t.Fatal(err)
	}
	if path.Space != sp.ID || len(path.Steps) != 1 || path.Steps[0].Index != slices.Index(titles(top.Rows), "Under home") {
		t.Errorf("path of the page under home: %+v", path)
	}
	deep, _ := db.FindBranch(ctx, "", a1, 0, 10)
	path, err = db.FindTreePath(ctx, deep.Rows[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.TreeStep{{ID: a, Index: slices.Index(titles(top.Rows), "A")}, {ID: a1, Parent: a, Index: 0}, {ID: deep.Rows[0].ID, Parent: a1, Index: 0}}
	if !slices.Equal(path.Steps, want) {
		t.Errorf("path of A1a: %+v, want %+v", path.Steps, want)
	}
	if path, err := db.FindTreePath(ctx, sp.Home); err != nil || len(path.Steps) != 0 {
		t.Errorf("path of the home page: %+v, %v", path, err)
	}
	if _, err := db.FindTreePath(ctx, gone); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("path of a trashed page: %v", err)
	}
	if top.Rows[slices.Index(titles(top.Rows), "B")].ID != b || top.Rows[slices.Index(titles(top.Rows), "C")].ID != c {
		t.Errorf("rows: %+v", top.Rows)
	}
}

// TestFindStrays: pages whose parent is missing, and cycles of parents
// (two devices that each moved one page under the other), show at the top.
func TestFindStrays(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	spaces, _ := db.FindSpaces(ctx)
	sp := spaces[0]
	mk := func(title string, parent store.DocID) store.DocID {
		t.Helper()
		p, err := db.CreatePage(ctx, store.NewPage{Title: title, Space: sp.ID, Parent: parent})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	setParent := func(id, parent store.DocID) {
		t.Helper()
		var got string
		if err := sqlite.QueryRow(db, "UPDATE pages SET parent_id = ? WHERE id = ? RETURNING id", parent, id).Scan(&got); err != nil {
			t.Fatal(err)
		}
	}
	a := mk("A", "")
	x := mk("X", a)
	y := mk("Y", x)
	mk("Y1", y)
	o := mk("Orphan", a)
	mk("Under orphan", o)
	if strays, err := db.FindStrays(ctx, sp.ID); err != nil || len(strays) != 0 {
		t.Fatalf("strays of a sound tree: %v, %v", strays, err)
	}
	// X and Y each under the other; the orphan's parent is gone.
	setParent(x, y)
	setParent(o, store.NewDocID())
	strays, err := db.FindStrays(ctx, sp.ID)
	if err != nil {
		t.Fatal(err)
	}
	breaker := min(x, y)
	var ids []store.DocID
	for _, r := range strays {
		ids = append(ids, r.ID)
	}
	if len(ids) != 2 || !slices.Contains(ids, breaker) || !slices.Contains(ids, o) {
		t.Fatalf("strays: %v; want the orphan and %s", titles(strays), breaker)
	}
	for _, r := range strays {
		if r.ID == o && r.Children != 1 {
			t.Errorf("the orphan has %d subpages, want 1", r.Children)
		}
	}
	// Paths to pages under a stray start at the stray.
	path, err := db.FindTreePath(ctx, y)
	if err != nil {
		t.Fatal(err)
	}
	if !path.Steps[0].Stray || path.Steps[0].ID != breaker || path.Steps[len(path.Steps)-1].ID != y {
		t.Errorf("path of Y: %+v", path.Steps)
	}
	if path.Steps[0].Index != slices.Index(ids, breaker) {
		t.Errorf("path of Y: stray index %d, strays %v", path.Steps[0].Index, ids)
	}
	// A page under itself is a cycle of one.
	setParent(a, a)
	strays, _ = db.FindStrays(ctx, sp.ID)
	if !slices.Contains(titles(strays), "A") {
		t.Errorf("a page under itself: strays %v", titles(strays))
	}
}

func summaryTitles(ps []store.PageSummary) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Title
	}
	return out
}

// A page's ancestors come top first, and a cycle of parents (two devices'
// concurrent moves) stops where it would repeat.
func TestFindAncestors(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	spaces, _ := db.FindSpaces(ctx)
	mk := func(title string, parent store.DocID) store.DocID {
		t.Helper()
		p, err := db.CreatePage(ctx, store.NewPage{Title: title, Space: spaces[0].ID, Parent: parent})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	a := mk("Handbook", "")
	b := mk("Engineering", a)
	c := mk("On-call", b)
	got, err := db.FindAncestors(ctx, c)
	if err != nil || !slices.Equal(summaryTitles(got), []string{"Handbook", "Engineering", "On-call"}) {
		t.Fatalf("ancestors of On-call: %v, %v", summaryTitles(got), err)
	}
	if got, err := db.FindAncestors(ctx, a); err != nil || !slices.Equal(summaryTitles(got), []string{"Handbook"}) {
		t.Fatalf("ancestors of a top page: %v, %v", summaryTitles(got), err)
	}
	if _, err := sqlite.Exec(db, "UPDATE pages SET parent_id = ? WHERE id = ?", c, a); err != nil {
		t.Fatal(err)
	}
	if got, err := db.FindAncestors(ctx, c); err != nil || !slices.Equal(summaryTitles(got), []string{"Handbook", "Engineering", "On-call"}) {
		t.Fatalf("ancestors through a cycle: %v, %v", summaryTitles(got), err)
	}
	if _, err := db.FindAncestors(ctx, store.NewDocID()); store.ErrorCode(err) != store.ENOTFOUND {
		t.Fatalf("a page that is not there: %v", err)
	}
}

// Titles are found by any part, case aside, those starting with it first;
// the trash and templates are left out, and LIKE's wildcards are letters.
func TestFindTitles(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	spaces, _ := db.FindSpaces(ctx)
	for _, title := range []string{"Incident review", "Review checklist", "Reviews", "100% uptime", "Postmortem_template"} {
		if _, err := db.CreatePage(ctx, store.NewPage{Title: title, Space: spaces[0].ID}); err != nil {
			t.Fatal(err)
		}
	}
	gone, _ := db.CreatePage(ctx, store.NewPage{Title: "Review of Q1", Space: spaces[0].ID})
	if _, err := db.DeletePage(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreatePage(ctx, store.NewPage{Title: "Review template", Space: spaces[0].ID, Template: true}); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]string{
		"review": {"Reviews", "Review checklist", "Incident review"},
		"REV":    {"Reviews", "Review checklist", "Incident review"},
		"%":      {"100% uptime"},
		"_":      {"Postmortem_template"},
	} {
		got, err := db.FindTitles(ctx, q, 10)
		if err != nil || !slices.Equal(summaryTitles(got), want) {
			t.Errorf("FindTitles(%q) = %v, %v; want %v", q, summaryTitles(got), err, want)
		}
	}
	if got, _ := db.FindTitles(ctx, "review", 1); len(got) != 1 {
		t.Errorf("a limit of 1 gave %d", len(got))
	}
}
