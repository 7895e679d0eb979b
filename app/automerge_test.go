package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/amio"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/sandbox"
	"github.com/longhand/longhand/store/sqlite"
)

// amWorkspace is a workspace with a sandbox, as the app opens it, and its
// transfer service.
func amWorkspace(t *testing.T, name string) (*sqlite.DB, *Transfer) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	exe, _ := os.Executable()
	db.Sandbox = sandbox.NewLoader(exe)
	t.Cleanup(db.Sandbox.Close)
	if _, err := db.CreateWorkspace(context.Background(), name, "Ada", "UTC"); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	tr := NewTransfer(context.Background(), db, db, NewPages(context.Background(), db, db, db, db, rec), fakeDialogs{t.TempDir()}, rec)
	tr.am = db
	return db, tr
}

// A space goes out as Automerge files with a manifest of heads, each file
// loads as the page with those heads, and the pages come into another
// workspace with their history, text and tree; files tampered with, named
// outside the export or of another kind are reported, not imported.
func TestAutomergeExportImport(t *testing.T) {
	ctx := context.Background()
	db, tr := amWorkspace(t, "Acme")
	sp, err := db.CreateSpace(ctx, "Runbooks", "", "")
	if err != nil {
		t.Fatal(err)
	}
	top, err := db.CreatePage(ctx, store.NewPage{Title: "Release", Body: "Ship it.\n", Space: sp.ID})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := db.CreatePage(ctx, store.NewPage{Title: "Rollback", Body: "Undo it.\n", Space: sp.ID, Parent: top.ID})
	if err != nil {
		t.Fatal(err)
	}
	// History beyond the first change.
	if _, err := db.EditPage(ctx, sub.ID, store.Edit{Splices: []store.Splice{{Pos: 0, Ins: "First: "}}}); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	v, err := tr.ExportAutomerge(ScopeSpace, string(sp.ID), out)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(v.Path, amio.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	var m amio.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if m.Format != amio.Format || len(m.Docs) != v.Docs || v.Docs != 3 { // the space's own page, Release, Rollback
		t.Fatalf("manifest %+v for %+v", m, v)
	}
	want := map[string]*store.Page{}
	for _, e := range m.Docs {
		p, err := db.FindPage(ctx, store.DocID(e.ID))
		if err != nil {
			t.Fatal(err)
		}
		want[e.ID] = p
		raw, err := os.ReadFile(filepath.Join(v.Path, filepath.FromSlash(e.File)))
		if err != nil {
			t.Fatal(err)
		}
		d, err := crdt.Load(raw, nil)
		if err != nil {
			t.Fatalf("%s does not load: %v", e.File, err)
		}
		got, err := d.Page()
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != p.Title || got.Body != p.Body || d.Heads() != strings.Join(e.Heads, ",") || e.Kind != "page" || e.Title != p.Title {
			t.Errorf("%s: %q %q heads %s; want %q %q heads %v", e.File, got.Title, got.Body, d.Heads(), p.Title, p.Body, e.Heads)
		}
	}
	if want[string(sub.ID)].Body != "First: Undo it.\n" {
		t.Fatalf("the edit is not in the export: %q", want[string(sub.ID)].Body)
	}

	// Into another workspace.
	db2, tr2 := amWorkspace(t, "Other")
	sp2, err := db2.CreateSpace(ctx, "From Acme", "", "")
	if err != nil {
		t.Fatal(err)
	}
	iv, err := tr2.ImportAutomerge(string(sp2.ID), v.Path)
	if err != nil {
		t.Fatal(err)
	}
	if iv.Docs != 3 || len(iv.Skipped) != 0 {
		t.Fatalf("import: %+v", iv)
	}
	got, err := db2.FindPages(ctx, store.PageFilter{Space: sp2.ID})
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]store.PageSummary{}
	for _, p := range got {
		byTitle[p.Title] = p
	}
	rel, roll := byTitle["Release"], byTitle["Rollback"]
	if rel.ID == "" || roll.Parent != rel.ID || rel.Parent != "" {
		t.Fatalf("imported tree: %+v", got)
	}
	p, err := db2.FindPage(ctx, roll.ID)
	if err != nil || p.Body != "First: Undo it.\n" {
		t.Fatalf("imported Rollback: %+v, %v", p, err)
	}
	// Its history came along: the export's heads are in the new document.
	_, raw, _, err := db2.SaveDoc(ctx, roll.ID)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := crdt.Load(raw, nil)
	for _, e := range m.Docs {
		if e.ID == string(sub.ID) && !d.HasHeads(strings.Join(e.Heads, ",")) {
			t.Errorf("the imported page lacks the exported history (heads %v)", e.Heads)
		}
	}

	// Hostile exports: a tampered file, a path leading out, another kind.
	bad := v.Path
	for i, e := range m.Docs {
		switch e.ID {
		case string(top.ID):
			os.WriteFile(filepath.Join(bad, filepath.FromSlash(e.File)), []byte("not automerge"), 0o644)
		case string(sub.ID):
			m.Docs[i].File = "../../etc/passwd.automerge"
		default:
			m.Docs[i].Kind = "workspace"
		}
	}
	js, _ := json.Marshal(m)
	if err := os.WriteFile(filepath.Join(bad, amio.ManifestFile), js, 0o644); err != nil {
		t.Fatal(err)
	}
	iv, err = tr2.ImportAutomerge(string(sp2.ID), bad)
	if err != nil {
		t.Fatal(err)
	}
	reasons := ""
	for _, s := range iv.Skipped {
		reasons += s.Path + ": " + s.Reason + "\n"
	}
	for _, w := range []string{"its SHA-256 differs", "not one inside the export", `It is a "workspace" document`} {
		if !strings.Contains(reasons, w) {
			t.Errorf("skipped:\n%s\nwant it to say %q", reasons, w)
		}
	}
	if iv.Docs != 0 {
		t.Errorf("a hostile export made %d pages", iv.Docs)
	}
	if err := os.WriteFile(filepath.Join(bad, amio.ManifestFile), []byte(`{"format":"something else"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := tr2.ImportAutomerge(string(sp2.ID), bad); store.ErrorCode(err) != store.EINVALID || !strings.Contains(err.Error(), "not a Longhand Automerge export") {
		t.Errorf("a foreign manifest: %v", err)
	}

	// The whole workspace: every document, of every kind.
	wv, err := tr.ExportAutomerge(ScopeWorkspace, "", out)
	if err != nil {
		t.Fatal(err)
	}
	refs, _ := db.FindDocs(ctx)
	if wv.Docs != len(refs) || wv.Docs < 5 {
		t.Errorf("workspace export: %d documents of %d", wv.Docs, len(refs))
	}
	// One page and its subpages.
	pv, err := tr.ExportAutomerge(ScopePage, string(top.ID), out)
	if err != nil || pv.Docs != 2 {
		t.Errorf("page export: %+v, %v", pv, err)
	}
}
