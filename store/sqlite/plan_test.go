package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
)

// TestTreeQueriesUseTheIndex checks with EXPLAIN QUERY PLAN that every
// query of the page tree and of siblings' keys reads the index pages_tree, never the whole table
// and never sorting: a branch costs its own rows, not the workspace.
func TestTreeQueriesUseTheIndex(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "longhand.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.CreateWorkspace(ctx, "", "Ada Lovelace", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	spaces, err := db.FindSpaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sp := spaces[0]
	top, err := db.CreatePage(ctx, store.NewPage{Title: "Top", Space: sp.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreatePage(ctx, store.NewPage{Title: "Under home", Parent: sp.Home}); err != nil {
		t.Fatal(err)
	}
	check := func(name, q string, args ...any) {
		t.Helper()
		p := queryPlan(t, db, q, args...)
		t.Logf("%s:\n%s", name, p)
		if !strings.Contains(p, "pages_tree") {
			t.Errorf("%s does not use pages_tree:\n%s", name, p)
		}
		for _, bad := range []string{"SCAN pages", "SCAN p ", "SCAN c", "TEMP B-TREE FOR ORDER BY", "TEMP B-TREE FOR DISTINCT"} {
			if strings.Contains(p+" ", bad) && !strings.Contains(p, bad+" USING") {
				t.Errorf("%s: %q in its plan:\n%s", name, bad, p)
			}
		}
	}
	sub := branch{space: sp.ID, parents: []store.DocID{top.ID}}
	for _, b := range []struct {
		name string
		b    branch
	}{
		{"subpages", sub},
		{"top", branch{space: sp.ID, parents: []store.DocID{""}, home: sp.Home}},
		{"top with pages under home", branch{space: sp.ID, parents: []store.DocID{"", sp.Home}, home: sp.Home}},
	} {
		q, args := b.b.count()
		check(b.name+": count", q, args...)
		q, args = b.b.window(50, 100)
		check(b.name+": window", q, args...)
		q, args = b.b.count("V", top.ID)
		check(b.name+": index of a row", q, args...)
	}
	check("parents of a space", parentsSQL, sp.ID)
	check("pages of a space", "SELECT count(*) FROM pages WHERE space_id = ? AND "+live, sp.ID)
	check("last sibling's key", lastSiblingSQL, sp.ID, "")
	check("the key before", keyBeforeSQL, sp.ID, "", top.Position, top.ID)
	check("siblings in order", siblingsSQL, sp.ID, "")
}

// queryPlan is SQLite's EXPLAIN QUERY PLAN of q, a line a step.
func queryPlan(t *testing.T, db *DB, q string, args ...any) string {
	t.Helper()
	rows, err := db.db.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", q, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
	}
	return strings.Join(lines, "\n")
}

// TestReviewQueueUsesTheOwnerIndex checks that the review queue finds my
// pages in review, and those with a review-by date, on the partial index
// pages_by_owner, never by reading every page.
func TestReviewQueueUsesTheOwnerIndex(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "longhand.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for name, q := range map[string]string{"my pages in review": ownerQueueSQL, "my pages to review by a date": reviewByQueueSQL} {
		p := queryPlan(t, db, q, "me")
		t.Logf("%s:\n%s", name, p)
		if !strings.Contains(p, "INDEX pages_by_owner") || strings.Contains(p+" ", "SCAN p ") {
			t.Errorf("%s does not read pages_by_owner:\n%s", name, p)
		}
	}
}
