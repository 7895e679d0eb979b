package sqlite_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/longhand/longhand/store"
)

func TestDefaultSpacesHaveHomePages(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	spaces, err := db.FindSpaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, sp := range spaces {
		names = append(names, sp.Name)
		home, err := db.FindPage(ctx, sp.Home)
		if err != nil {
			t.Fatalf("home of %s: %v", sp.Name, err)
		}
		if home.Title != sp.Name || home.Space != sp.ID || home.Parent != "" || !strings.Contains(home.Body, "## What belongs here") {
			t.Errorf("home of %s: %+v", sp.Name, home)
		}
	}
	want := "Company Handbook|Playbooks|Goals|Insights & Deep Dives|Org & Hiring|Onboarding & Training|Metrics"
	if got := strings.Join(names, "|"); got != want {
		t.Errorf("spaces = %s, want %s", got, want)
	}

	sp, err := db.CreateSpace(ctx, "  Design  ", "Research and design critiques.", "🎨")
	if err != nil {
		t.Fatal(err)
	}
	spaces, _ = db.FindSpaces(ctx)
	if last := spaces[len(spaces)-1]; last.ID != sp.ID || last.Name != "Design" || last.Icon != "🎨" {
		t.Errorf("new space listed as %+v", last)
	}
	if home, err := db.FindPage(ctx, sp.Home); err != nil || !strings.Contains(home.Body, "Research and design critiques.") {
		t.Errorf("new space home: %+v, %v", home, err)
	}
	if _, err := db.CreateSpace(ctx, " ", "", ""); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("CreateSpace without a name: %v", err)
	}
}

// children lists the titles under parent in space, in tree order.
func children(t *testing.T, db interface {
	FindPages(context.Context, store.PageFilter) ([]store.PageSummary, error)
}, space, parent store.DocID) string {
	t.Helper()
	all, err := db.FindPages(context.Background(), store.PageFilter{Space: space})
	if err != nil {
		t.Fatal(err)
	}
	var kids []store.PageSummary
	for _, p := range all {
		if p.Parent == parent {
			kids = append(kids, p)
		}
	}
	for i := range kids {
		for j := i + 1; j < len(kids); j++ {
			if kids[j].Position < kids[i].Position {
				kids[i], kids[j] = kids[j], kids[i]
			}
		}
	}
	var titles []string
	for _, k := range kids {
		titles = append(titles, k.Title)
	}
	return strings.Join(titles, ",")
}

func TestPageTree(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	s1, _ := db.CreateSpace(ctx, "One", "", "")
	s2, _ := db.CreateSpace(ctx, "Two", "", "")
	a, err := db.CreatePage(ctx, store.NewPage{Title: "A", Space: s1.ID})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := db.CreatePage(ctx, store.NewPage{Title: "B", Parent: a.ID})
	c, _ := db.CreatePage(ctx, store.NewPage{Title: "C", Parent: b.ID, Space: s2.ID}) // the parent's space wins
	d, _ := db.CreatePage(ctx, store.NewPage{Title: "D", Space: s1.ID})
	if c.Space != s1.ID || b.Parent != a.ID {
		t.Fatalf("C in %s under %s", c.Space, c.Parent)
	}
	if got := children(t, db, s1.ID, ""); got != "One,A,D" {
		t.Errorf("top of One = %s, want One,A,D (home first, then in creation order)", got)
	}

	// Reorder: D before A.
	if _, err := db.MovePage(ctx, d.ID, store.PageMove{Space: s1.ID, Before: a.ID}); err != nil {
		t.Fatal(err)
	}
	if got := children(t, db, s1.ID, ""); got != "One,D,A" {
		t.Errorf("after moving D before A: %s", got)
	}

	// A page cannot go under itself or its subpages, nor before itself.
	for _, mv := range []store.PageMove{{Parent: a.ID}, {Parent: c.ID}, {Space: s1.ID, Before: a.ID}} {
		if _, err := db.MovePage(ctx, a.ID, mv); store.ErrorCode(err) != store.EINVALID {
			t.Errorf("MovePage(A, %+v): %v, want invalid", mv, err)
		}
	}
	// A space's home page stays where it is.
	if _, err := db.MovePage(ctx, s1.Home, store.PageMove{Parent: a.ID}); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("moving a home page: %v, want invalid", err)
	}
	// Nor under a page in the trash.
	db.DeletePage(ctx, d.ID)
	if _, err := db.MovePage(ctx, a.ID, store.PageMove{Parent: d.ID}); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("move under a trashed page: %v, want not found", err)
	}

	// Moving A to another space takes B and C along.
	if _, err := db.MovePage(ctx, a.ID, store.PageMove{Space: s2.ID}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = mustOpen(t, path)
	for _, id := range []store.DocID{a.ID, b.ID, c.ID} {
		p, _ := db.FindPage(ctx, id)
		if p.Space != s2.ID {
			t.Errorf("%s is in %s after the move, want %s", p.Title, p.Space, s2.ID)
		}
	}
	if got := children(t, db, s2.ID, ""); got != "Two,A" {
		t.Errorf("top of Two = %s", got)
	}
	if got := children(t, db, s2.ID, a.ID); got != "B" {
		t.Errorf("under A = %s", got)
	}
	// Moved under C's sibling position: C to the top of Two, before A.
	if _, err := db.MovePage(ctx, c.ID, store.PageMove{Space: s2.ID, Before: a.ID}); err != nil {
		t.Fatal(err)
	}
	if got := children(t, db, s2.ID, ""); got != "Two,C,A" {
		t.Errorf("top of Two after moving C up = %s", got)
	}
}

func TestTemplates(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	ts, err := db.FindTemplates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Product spec", "Deep dive / root-cause analysis", "Six-page memo", "Meeting pre-read", "Playbook", "Onboarding checklist", "Weekly update"}
	for i, name := range want {
		if i >= len(ts) || ts[i].Name != name || !store.IsBuiltinTemplate(ts[i].ID) {
			t.Fatalf("template %d = %+v, want builtin %q", i, ts[min(i, len(ts)-1)], name)
		}
	}
	spec, err := db.CreatePage(ctx, store.NewPage{Title: "Search v2", Space: inSpace(db, "", "").Space, From: "builtin:product-spec"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(spec.Body, "## Success measures") {
		t.Errorf("page from the product spec template has body %q", spec.Body)
	}
	// Save a page as a template, then start a page from it.
	src, _ := db.CreatePage(ctx, inSpace(db, "Retro", "## Went well\n\n## To change\n"))
	tpl, err := db.CreatePage(ctx, store.NewPage{Title: src.Title, Body: src.Body, Space: src.Space, Template: true})
	if err != nil {
		t.Fatal(err)
	}
	ts, _ = db.FindTemplates(ctx)
	if last := ts[len(ts)-1]; last.ID != string(tpl.ID) || last.Name != "Retro" || store.IsBuiltinTemplate(last.ID) {
		t.Errorf("saved template listed as %+v", last)
	}
	p, err := db.CreatePage(ctx, store.NewPage{Title: "Sprint 12 retro", Space: src.Space, From: string(tpl.ID)})
	if err != nil || p.Body != src.Body {
		t.Errorf("page from a saved template: %+v, %v", p, err)
	}
	// Templates stay out of the tree and out of search.
	pages, _ := db.FindPages(ctx, store.PageFilter{})
	for _, s := range pages {
		if s.ID == tpl.ID {
			t.Error("the template is listed among pages")
		}
	}
	hits, _ := db.Search(ctx, "went well", 10)
	for _, h := range hits {
		if h.ID == tpl.ID {
			t.Error("the template is found by search")
		}
	}
	if _, err := db.CreatePage(ctx, store.NewPage{Title: "x", Space: src.Space, From: "builtin:nope"}); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("unknown template: %v", err)
	}
}

func TestBacklinks(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	target, _ := db.CreatePage(ctx, inSpace(db, "Incident  Review", "the target"))
	a, _ := db.CreatePage(ctx, inSpace(db, "Postmortem index", "See [[incident review]] and [[Incident Review|the review]]."))
	b, _ := db.CreatePage(ctx, inSpace(db, "Ops notes", ""))
	db.CreatePage(ctx, inSpace(db, "Unrelated", "[[Something else]]"))
	db.CreatePage(ctx, store.NewPage{Title: "Tpl", Body: "[[Incident Review]]", Space: inSpace(db, "", "").Space, Template: true})
	// An edit adds a link; the backlink appears once the edit is folded.
	if _, err := db.EditPage(ctx, b.ID, store.Edit{Splices: []store.Splice{{Ins: "Follow up on [[ incident review ]]."}}}); err != nil {
		t.Fatal(err)
	}
	links, err := db.FindBacklinks(ctx, target.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range links {
		got = append(got, l.Title)
	}
	if strings.Join(got, ",") != "Ops notes,Postmortem index" {
		t.Errorf("backlinks = %v, want Ops notes and Postmortem index (not the template)", got)
	}
	// Links resolve to the page, whatever the case and spacing.
	for _, title := range []string{"Incident  Review", "incident review", " INCIDENT   REVIEW "} {
		p, err := db.FindPageByTitle(ctx, title)
		if err != nil || p.ID != target.ID {
			t.Errorf("FindPageByTitle(%q) = %+v, %v", title, p, err)
		}
	}
	if _, err := db.FindPageByTitle(ctx, "Nobody wrote this"); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("unknown title: %v", err)
	}
	// A trashed page's links stop counting.
	db.DeletePage(ctx, a.ID)
	if links, _ := db.FindBacklinks(ctx, target.ID); len(links) != 1 {
		t.Errorf("after trashing one linking page: %d backlinks", len(links))
	}
}

// An edit's result names the page's place, so a window that first hears
// of the page from an edit can put it in the tree.
func TestEditResultCarriesThePlace(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	parent, _ := db.CreatePage(ctx, inSpace(db, "Parent", ""))
	child, _ := db.CreatePage(ctx, store.NewPage{Title: "Child", Parent: parent.ID})
	res, err := db.EditPage(ctx, child.ID, store.Edit{Splices: []store.Splice{{Ins: "x"}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Page.Space != parent.Space || res.Page.Parent != parent.ID || res.Page.Position == "" || res.Page.Title != "Child" {
		t.Errorf("edit result page = %+v", res.Page)
	}
	sp, _ := db.CreateSpace(ctx, "Elsewhere", "", "")
	if _, err := db.MovePage(ctx, parent.ID, store.PageMove{Space: sp.ID}); err != nil {
		t.Fatal(err)
	}
	res, _ = db.EditPage(ctx, parent.ID, store.Edit{Base: "", Splices: []store.Splice{{Ins: "y"}}})
	if res.Page.Space != sp.ID {
		t.Errorf("after the move the edit result says space %s, want %s", res.Page.Space, sp.ID)
	}
}

// Trashing a page takes its subpages along; restoring it brings back the
// ones that went with it, not one trashed on its own before.
func TestTrashTakesSubpages(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	a, _ := db.CreatePage(ctx, inSpace(db, "A", ""))
	b, _ := db.CreatePage(ctx, store.NewPage{Title: "B", Parent: a.ID})
	c, _ := db.CreatePage(ctx, store.NewPage{Title: "C", Parent: b.ID})
	d, _ := db.CreatePage(ctx, store.NewPage{Title: "D", Parent: a.ID})
	if _, err := db.DeletePage(ctx, d.ID); err != nil { // D first, on its own
		t.Fatal(err)
	}
	ids, err := db.DeletePage(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 3 || ids[0] != a.ID {
		t.Fatalf("trashed %v, want A, B and C with A first", ids)
	}
	trash, _ := db.FindPages(ctx, store.PageFilter{Trashed: true})
	if len(trash) != 4 {
		t.Errorf("%d pages in the trash, want 4", len(trash))
	}
	ids, err = db.RestorePage(ctx, a.ID)
	if err != nil || len(ids) != 3 {
		t.Fatalf("restored %v, %v; want A, B and C", ids, err)
	}
	for _, id := range []store.DocID{a.ID, b.ID, c.ID} {
		if p, _ := db.FindPage(ctx, id); p.InTrash() {
			t.Errorf("%s is still in the trash", p.Title)
		}
	}
	if p, _ := db.FindPage(ctx, d.ID); !p.InTrash() {
		t.Error("D, trashed on its own earlier, came back with A")
	}
}

// A subpage that is loaded for editing when its parent moves to another
// space says the new space in its edit results and saved rows at once,
// not only after it is next loaded.
func TestLoadedSubpageFollowsItsParent(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	var mu sync.Mutex
	var saved []store.PageSummary
	db.OnPageSaved = func(s store.PageSummary) { mu.Lock(); saved = append(saved, s); mu.Unlock() }
	parent, _ := db.CreatePage(ctx, inSpace(db, "Parent", ""))
	child, _ := db.CreatePage(ctx, store.NewPage{Title: "Child", Parent: parent.ID})
	grandchild, _ := db.CreatePage(ctx, store.NewPage{Title: "Grandchild", Parent: child.ID})
	for _, id := range []store.DocID{child.ID, grandchild.ID} {
		if _, err := db.EditPage(ctx, id, store.Edit{Splices: []store.Splice{{Ins: "loaded"}}}); err != nil {
			t.Fatal(err)
		}
		db.FindPage(ctx, id) // fold, so the document is in memory and idle
	}
	sp, _ := db.CreateSpace(ctx, "Elsewhere", "", "")
	if _, err := db.MovePage(ctx, parent.ID, store.PageMove{Space: sp.ID}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []store.DocID{child.ID, grandchild.ID} {
		res, err := db.EditPage(ctx, id, store.Edit{Splices: []store.Splice{{Ins: "x"}}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Page.Space != sp.ID {
			t.Errorf("%s: edit result says space %s, want the parent's new space %s", res.Page.Title, res.Page.Space, sp.ID)
		}
		mu.Lock()
		saved = nil
		mu.Unlock()
		db.FindPage(ctx, id) // fold: the row is saved and announced
		mu.Lock()
		for _, s := range saved {
			if s.ID == id && s.Space != sp.ID {
				t.Errorf("%s: saved summary says space %s, want %s", s.Title, s.Space, sp.ID)
			}
		}
		if len(saved) == 0 {
			t.Errorf("%s: no save was announced", res.Page.Title)
		}
		mu.Unlock()
	}
}
