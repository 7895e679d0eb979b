package mdio_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/mdio"
	"github.com/longhand/longhand/store/sqlite"
)

var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")

func openDB(t testing.TB) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "longhand.db"))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(time.Second)
		return clock
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.CreateWorkspace(context.Background(), "", "Ada Lovelace", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	return db
}

func create(t *testing.T, db *sqlite.DB, np store.NewPage) *store.Page {
	t.Helper()
	p, err := db.CreatePage(context.Background(), np)
	if err != nil {
		t.Fatalf("CreatePage(%q): %v", np.Title, err)
	}
	return p
}

// outline lists a space's live pages as an indented tree of
// "title: body" lines, in tree order.
func outline(t *testing.T, db *sqlite.DB, space store.DocID, body func(string) string) string {
	t.Helper()
	ctx := context.Background()
	sums, err := db.FindPages(ctx, store.PageFilter{Space: space})
	if err != nil {
		t.Fatal(err)
	}
	var pages []store.Page
	for _, s := range sums {
		p, err := db.FindPage(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, *p)
	}
	var b strings.Builder
	var walk func([]*mdio.Node, int)
	walk = func(ns []*mdio.Node, depth int) {
		for _, n := range ns {
			b.WriteString(strings.Repeat("  ", depth) + n.Page.Title + ": " + body(n.Page.Body) + "\n")
			walk(n.Children, depth+1)
		}
	}
	walk(mdio.Tree(pages), 0)
	return b.String()
}

func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	sp, err := db.CreateSpace(ctx, "Design / Research", "Critiques.", "🎨")
	if err != nil {
		t.Fatal(err)
	}
	img, err := db.CreateAttachment(ctx, "diagram.png", pngBytes)
	if err != nil {
		t.Fatal(err)
	}
	ref := "![The diagram](attachment:" + img.Hash + ")"
	specs := create(t, db, store.NewPage{Title: "Specs", Body: "All specs. See [[Search spec]].\n", Space: sp.ID})
	search := create(t, db, store.NewPage{Title: "Search spec", Body: "# Search\n\n" + ref + "\n\nBack to [[Specs|the list]].\n", Parent: specs.ID})
	create(t, db, store.NewPage{Title: "Deep: nested/one", Body: "Deepest. " + ref + "\n```\n[[not a link]] ![x](attachment:" + img.Hash + ")\n```\n", Parent: search.ID})
	create(t, db, store.NewPage{Title: "Specs", Body: "A second page named Specs.\n", Space: sp.ID})
	create(t, db, store.NewPage{Title: "CON", Body: "Windows would choke on this name.\n", Space: sp.ID})

	out := t.TempDir()
	rep, err := mdio.ExportSpace(ctx, db, *sp, out)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Path != filepath.Join(out, "Design - Research") || rep.Pages != 6 || rep.Images != 1 || len(rep.Problems) != 0 {
		t.Errorf("export report %+v", rep)
	}
	want := []string{"CON.md", "Design - Research.md", "Specs (2).md", "Specs.md", "Specs/Search spec.md", "Specs/Search spec/Deep- nested-one.md", "_attachments/" + img.Hash + ".png"}
	want[0] = "_CON.md"
	sort.Strings(want)
	if got := files(t, rep.Path); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	deep, _ := os.ReadFile(filepath.Join(rep.Path, "Specs/Search spec/Deep- nested-one.md"))
	for _, s := range []string{"title: \"Deep: nested/one\"\n", "id: \"", "![The diagram](../../_attachments/" + img.Hash + ".png)", "![x](attachment:" + img.Hash + ")\n```"} {
		if !strings.Contains(string(deep), s) {
			t.Errorf("deep page lacks %q:\n%s", s, deep)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(rep.Path, "_attachments", img.Hash+".png")); !bytes.Equal(got, pngBytes) {
		t.Errorf("image file differs")
	}
	// A second export of the same space goes to a fresh folder.
	if rep2, err := mdio.ExportSpace(ctx, db, *sp, out); err != nil || rep2.Path != filepath.Join(out, "Design - Research (2)") {
		t.Errorf("second export: %+v, %v", rep2, err)
	}

	// Into a fresh database: the images arrive with the pages.
	db2 := openDB(t)
	sp2, err := db2.CreateSpace(ctx, "Imported", "", "")
	if err != nil {
		t.Fatal(err)
	}
	irep, err := mdio.ImportDir(ctx, db2, sp2.ID, rep.Path, mdio.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(irep.Pages) != 6 || irep.Images != 1 || len(irep.Skipped) != 0 || len(irep.Notes) != 0 {
		t.Errorf("import report %+v", irep)
	}
	same := func(s string) string { return strings.ReplaceAll(s, "\n", "⏎") }
	orig := outline(t, db, sp.ID, same)
	// The new space has its own home page first; the rest is the old space.
	got := strings.TrimPrefix(outline(t, db2, sp2.ID, same), "Imported: # Imported⏎⏎⏎\n")
	if got != orig {
		t.Errorf("imported tree:\n%s\nwant:\n%s", got, orig)
	}
	a, err := db2.FindAttachment(ctx, img.Hash)
	if err != nil || !bytes.Equal(a.Data, pngBytes) {
		t.Errorf("imported image: %+v, %v", a, err)
	}
}

func TestExportPage(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	sps, _ := db.FindSpaces(ctx)
	img, _ := db.CreateAttachment(ctx, "x.png", pngBytes)
	missing := strings.Repeat("ab", 32)
	p := create(t, db, store.NewPage{Title: "One", Body: "![a](attachment:" + img.Hash + ") ![b](attachment:" + missing + ")\n", Space: sps[0].ID})
	file := filepath.Join(t.TempDir(), "out.md")
	rep, err := mdio.ExportPage(ctx, db, p.ID, file)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pages != 1 || rep.Images != 1 || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], "not on this device") {
		t.Errorf("report %+v", rep)
	}
	got, _ := os.ReadFile(file)
	if !strings.Contains(string(got), "![a](_attachments/"+img.Hash+".png) ![b](attachment:"+missing+")") {
		t.Errorf("exported page:\n%s", got)
	}
	if _, err := mdio.ExportPage(ctx, db, p.ID, "relative.md"); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("relative path: %v", err)
	}
	if _, err := mdio.ExportPage(ctx, db, p.ID, filepath.Join(t.TempDir(), "no", "such", "x.md")); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("missing folder: %v", err)
	}
}

func write(t testing.TB, dir, rel string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestImportDir(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	sp, _ := db.CreateSpace(ctx, "Notes", "", "")
	existing := create(t, db, store.NewPage{Title: "Keep me", Body: "original", Space: sp.ID})

	outside := t.TempDir()
	write(t, outside, "secret.md", []byte("secret"))
	write(t, outside, "secret.png", pngBytes)

	dir := t.TempDir()
	write(t, dir, "Guide.md", []byte("Read [the FAQ](guide/FAQ.md#q1), [Missing](nope.md), [web](https://example.com) and ![logo](img/logo.png).\n![far](../secret.png) ![svg](img/x.svg) ![gone](img/gone.png)\n"))
	write(t, dir, "guide/FAQ.md", []byte("---\ntitle: Frequently asked\nid: \""+string(existing.ID)+"\"\n---\nBack to [Guide](../Guide.md). Same ![logo][l].\n\n[l]: ../img/logo.png\n"))
	write(t, dir, "Loose folder/Inside.md", []byte("inside"))
	write(t, dir, "Loose folder/notion-export 3f2a.md", []byte("\n# Quarterly plan #\n\n\nGoals first.\n"))
	write(t, dir, "case/A.md", []byte("upper"))
	write(t, dir, "case/a.md", []byte("lower"))
	write(t, dir, "case/x/in.md", []byte("in x"))
	write(t, dir, "case/X/in.md", []byte("in X"))
	write(t, dir, "wiki/README.md", []byte("The wiki's front page. See [Setup](setup.md)."))
	write(t, dir, "wiki/setup.md", []byte("Back to [the wiki](README.md)."))
	write(t, dir, "img/logo.png", pngBytes)
	write(t, dir, "img/x.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`))
	write(t, dir, "notes.txt", []byte("not markdown"))
	write(t, dir, "binary.md", []byte("abc\x00def"))
	write(t, dir, "latin1.md", []byte("caf\xe9"))
	write(t, dir, "huge.md", bytes.Repeat([]byte("a"), 2048))
	write(t, dir, "bad front.md", []byte("---\nthis is: fine\nbut this is not\n---\nKept.\n"))
	write(t, dir, ".hidden/x.md", []byte("hidden"))
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(dir, "link-out.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "dir-out")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("Guide.md", filepath.Join(dir, "link-in.md")); err != nil {
		t.Fatal(err)
	}

	lim := mdio.DefaultLimits
	lim.MaxFileSize = 1024
	rep, err := mdio.ImportDir(ctx, db, sp.ID, dir, lim)
	if err != nil {
		t.Fatal(err)
	}
	skipped := map[string]string{}
	for _, s := range rep.Skipped {
		skipped[s.Path] = s.Reason
	}
	wantSkip := map[string]string{
		"binary.md":   "not text",
		"latin1.md":   "not UTF-8",
		"huge.md":     "larger than 1 KB",
		"notes.txt":   "not a Markdown file",
		"link-out.md": "outside the chosen folder",
		"dir-out":     "outside the chosen folder",
	}
	for p, want := range wantSkip {
		if !strings.Contains(skipped[p], want) {
			t.Errorf("skipped[%q] = %q, want it to say %q", p, skipped[p], want)
		}
	}
	if len(rep.Skipped) != len(wantSkip) {
		t.Errorf("skipped %+v", rep.Skipped)
	}
	notes := ""
	for _, n := range rep.Notes {
		notes += n.Path + ": " + n.Reason + "\n"
	}
	for _, s := range []string{"bad front.md: Its front matter could not be read", "Guide.md: Image img/x.svg was left as a link: “x.svg” is not a PNG", "Guide.md: Image img/gone.png was left as a link: it does not exist"} {
		if !strings.Contains(notes, s) {
			t.Errorf("notes lack %q:\n%s", s, notes)
		}
	}
	if rep.Images != 1 {
		t.Errorf("images = %d, want 1", rep.Images)
	}
	logo := store.HashAttachment(pngBytes)
	got := outline(t, db, sp.ID, func(s string) string { return strings.ReplaceAll(s, "\n", "⏎") })
	want := "Notes: # Notes⏎⏎⏎\n" +
		"Keep me: original\n" +
		"bad front: ---⏎this is: fine⏎but this is not⏎---⏎Kept.⏎\n" +
		"case: \n" +
		"  A: upper\n" +
		"  a: lower\n" +
		"  X: \n" +
		"    in: in X\n" +
		"  x: \n" +
		"    in: in x\n" +
		"Guide: Read [[Frequently asked#q1|the FAQ]], [Missing](nope.md), [web](https://example.com) and ![logo](attachment:" + logo + ").⏎![far](../secret.png) ![svg](img/x.svg) ![gone](img/gone.png)⏎\n" +
		"  Frequently asked: Back to [[Guide]]. Same ![logo][l].⏎⏎[l]: attachment:" + logo + "⏎\n" +
		"link-in: Read [[Frequently asked#q1|the FAQ]], [Missing](nope.md), [web](https://example.com) and ![logo](attachment:" + logo + ").⏎![far](../secret.png) ![svg](img/x.svg) ![gone](img/gone.png)⏎\n" +
		"Loose folder: \n" +
		"  Inside: inside\n" +
		"  Quarterly plan: ⏎# Quarterly plan #⏎⏎⏎Goals first.⏎\n" + // titled by its heading, which stays
		"wiki: The wiki's front page. See [[setup|Setup]].\n" +
		"  setup: Back to [[wiki|the wiki]].\n"
	if got != want {
		t.Errorf("tree:\n%s\nwant:\n%s", got, want)
	}
	// The page named by the front matter's ID is untouched.
	if p, err := db.FindPage(ctx, existing.ID); err != nil || p.Title != "Keep me" || p.Body != "original" {
		t.Errorf("existing page: %+v, %v", p, err)
	}
	// Nothing outside the folder was read.
	all, _ := db.FindPages(ctx, store.PageFilter{})
	for _, p := range all {
		if strings.Contains(p.Excerpt, "secret") && !strings.Contains(p.Excerpt, "../secret.png") {
			t.Errorf("page %q holds the outside file", p.Title)
		}
	}
}

func TestImportLimits(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	sps, _ := db.FindSpaces(ctx)
	dir := t.TempDir()
	for _, n := range []string{"a", "b", "c", "d"} {
		write(t, dir, n+".md", []byte(n))
	}
	write(t, dir, "x/y/z/deep.md", []byte("deep"))
	write(t, dir, "x/big.md", bytes.Repeat([]byte("b"), 100))
	tests := []struct {
		name           string
		entries, depth int
		pages          int
		skipped        []string
	}{
		// What was looked at before the limit is imported.
		{"too many entries", 3, 8, 3, []string{"d.md: The folder holds too much: Longhand looked at 3 files and folders"}},
		// a, b, c, d, then x over big.md; y holds nothing that is imported.
		{"too deep", 100, 2, 6, []string{"x/y/z: It is nested too deep"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lim := mdio.DefaultLimits
			lim.MaxEntries, lim.MaxDepth = tt.entries, tt.depth
			rep, err := mdio.ImportDir(ctx, db, sps[0].ID, dir, lim)
			if err != nil {
				t.Fatal(err)
			}
			var reasons []string
			for _, s := range rep.Skipped {
				reasons = append(reasons, s.Path+": "+s.Reason)
			}
			joined := strings.Join(reasons, "\n")
			ok := len(rep.Pages) == tt.pages && len(rep.Skipped) == len(tt.skipped)
			for _, want := range tt.skipped {
				ok = ok && strings.Contains(joined, want)
			}
			if !ok {
				t.Errorf("pages %d, want %d; skipped:\n%s\nwant %q", len(rep.Pages), tt.pages, joined, tt.skipped)
			}
		})
	}
	lim := mdio.DefaultLimits

	if _, err := mdio.ImportDir(ctx, db, sps[0].ID, filepath.Join(dir, "nope"), lim); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("missing folder: %v", err)
	}
	if _, err := mdio.ImportDir(ctx, db, sps[0].ID, "relative", lim); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("relative folder: %v", err)
	}
	// A space that does not exist: every page is reported, none created.
	before, _ := db.FindPages(ctx, store.PageFilter{})
	rep, err := mdio.ImportDir(ctx, db, store.NewDocID(), dir, mdio.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := db.FindPages(ctx, store.PageFilter{})
	if len(rep.Pages) != 0 || len(rep.Skipped) == 0 || len(after) != len(before) {
		t.Errorf("import into a missing space: %+v, pages %d → %d", rep, len(before), len(after))
	}
}

func TestImportFiles(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	sps, _ := db.FindSpaces(ctx)
	dir := t.TempDir()
	write(t, dir, "One.md", []byte("To [two](Two.md) ![i](pic.png)"))
	write(t, dir, "Two.md", []byte("---\ntitle: Second\n---\ntwo"))
	write(t, dir, "pic.png", pngBytes)
	write(t, dir, "pic.gif", []byte("nope"))
	rep, err := mdio.ImportFiles(ctx, db, sps[0].ID, []string{filepath.Join(dir, "One.md"), filepath.Join(dir, "Two.md"), filepath.Join(dir, "pic.gif")}, mdio.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Pages) != 2 || rep.Images != 1 || len(rep.Skipped) != 1 || rep.Skipped[0].Path != "pic.gif" {
		t.Errorf("report %+v", rep)
	}
	one, _ := db.FindPage(ctx, rep.Pages[0])
	if want := "To [[Second|two]] ![i](attachment:" + store.HashAttachment(pngBytes) + ")"; one.Body != want {
		t.Errorf("body = %q, want %q", one.Body, want)
	}
}

// A folder comes back from import and export with its headings, a
// person's front matter and links with anchors, each file whole but for
// Longhand's own keys and links that lead to the same files.
func TestImportExportKeepsFiles(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	sp, _ := db.CreateSpace(ctx, "Docs", "", "")
	dir := t.TempDir()
	readme := "# Project handbook\n\nStart with [setup](guide/setup.md#install-it) or [the guide](guide/).\n"
	setup := "---\ntitle: Setting up\nsidebar_label: Setup\nkeywords:\n  - install\n---\n\n# Install it\n\nBack to [the handbook](../README.md#project-handbook).\n"
	write(t, dir, "README.md", []byte(readme))
	write(t, dir, "guide/setup.md", []byte(setup))
	write(t, dir, "guide/index.md", []byte("# Guide\n\nSee [[Setting up#install-it]].\n"))
	rep, err := mdio.ImportDir(ctx, db, sp.ID, dir, mdio.DefaultLimits)
	if err != nil || len(rep.Skipped) > 0 {
		t.Fatalf("import: %+v, %v", rep, err)
	}
	got := outline(t, db, sp.ID, func(s string) string { return strings.ReplaceAll(s, "\n", "⏎") })
	want := "Docs: # Docs⏎⏎⏎\n" +
		"guide: # Guide⏎⏎See [[Setting up#install-it]].⏎\n" +
		"  Setting up: ---⏎title: Setting up⏎sidebar_label: Setup⏎keywords:⏎  - install⏎---⏎⏎# Install it⏎⏎Back to [[Project handbook#project-handbook|the handbook]].⏎\n" +
		"Project handbook: # Project handbook⏎⏎Start with [[Setting up#install-it|setup]] or [[guide|the guide]].⏎\n"
	if got != want {
		t.Errorf("pages:\n%s\nwant:\n%s", got, want)
	}
	out := t.TempDir()
	erep, err := mdio.ExportSpace(ctx, db, *sp, out)
	if err != nil {
		t.Fatal(err)
	}
	body := func(rel string) string {
		data, err := os.ReadFile(filepath.Join(erep.Path, rel))
		if err != nil {
			t.Fatal(err)
		}
		_, b, err := mdio.ParsePageFile(string(data))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if got, want := body("Project handbook.md"), "# Project handbook\n\nStart with [setup](guide/Setting%20up.md#install-it) or [the guide](guide.md).\n"; got != want {
		t.Errorf("Project handbook.md = %q, want %q", got, want)
	}
	if got, want := body("guide/Setting up.md"), strings.Replace(setup, "../README.md", "../Project%20handbook.md", 1); got != want {
		t.Errorf("Setting up.md = %q, want %q", got, want)
	}
	if got, want := body("guide.md"), "# Guide\n\nSee [Setting up#install-it](guide/Setting%20up.md#install-it).\n"; got != want {
		t.Errorf("guide.md = %q, want %q", got, want)
	}
	data, _ := os.ReadFile(filepath.Join(erep.Path, "guide/Setting up.md"))
	if !strings.HasPrefix(string(data), "---\nlonghand-id: ") || !strings.Contains(string(data), "\ntitle: Setting up\nsidebar_label: Setup\nkeywords:\n  - install\n---\n") {
		t.Errorf("Setting up.md:\n%s", data)
	}
}

// Files other than images go out beside the pages and come back as the
// same attachments; a file in the folder that a page links to is attached,
// and one no page links to is reported.
func TestFilesRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	sp, err := db.CreateSpace(ctx, "Finance", "", "")
	if err != nil {
		t.Fatal(err)
	}
	pdf := bytes.Repeat([]byte("%PDF-1.7 quarterly numbers\n"), 60_000) // 1.6 MB: two chunks
	b, err := db.CreateBlob(ctx, "Q3 numbers.PDF", bytes.NewReader(pdf), store.DefaultMaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	body := "The numbers: [Q3 numbers.PDF](attachment:" + b.Hash + ").\n"
	create(t, db, store.NewPage{Title: "Q3", Body: body, Space: sp.ID})
	out := t.TempDir()
	rep, err := mdio.ExportSpace(ctx, db, *sp, out)
	if err != nil || rep.Other != 1 || len(rep.Problems) != 0 {
		t.Fatalf("export: %+v, %v", rep, err)
	}
	written, _ := os.ReadFile(filepath.Join(rep.Path, "_attachments", b.Hash+".pdf"))
	if !bytes.Equal(written, pdf) {
		t.Fatal("the exported file differs")
	}
	q3, _ := os.ReadFile(filepath.Join(rep.Path, "Q3.md"))
	if !strings.Contains(string(q3), "[Q3 numbers.PDF](_attachments/"+b.Hash+".pdf)") {
		t.Fatalf("the exported page links to its file as:\n%s", q3)
	}
	// Files of the person's own beside the pages: one linked, one not.
	if err := os.WriteFile(filepath.Join(rep.Path, "budget.xlsx"), []byte("PK\x03\x04 a spreadsheet"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(rep.Path, "notes.bin"), []byte("nobody links here"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(rep.Path, "Budget.md"), []byte("See [the budget](budget.xlsx) and [a missing file](gone.pdf).\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	db2 := openDB(t)
	sp2, _ := db2.CreateSpace(ctx, "Imported", "", "")
	irep, err := mdio.ImportDir(ctx, db2, sp2.ID, rep.Path, mdio.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if irep.Other != 2 || len(irep.Skipped) != 1 || irep.Skipped[0].Path != "notes.bin" || !strings.Contains(irep.Skipped[0].Reason, "no page links to it") {
		t.Fatalf("import report: other %d, skipped %+v", irep.Other, irep.Skipped)
	}
	pages, _ := db2.FindPages(ctx, store.PageFilter{Space: sp2.ID})
	bodies := map[string]string{}
	for _, p := range pages {
		full, _ := db2.FindPage(ctx, p.ID)
		bodies[p.Title] = full.Body
	}
	if bodies["Q3"] != body {
		t.Fatalf("the page came back as %q, want %q", bodies["Q3"], body)
	}
	xlsx := store.HashAttachment([]byte("PK\x03\x04 a spreadsheet"))
	if want := "See [the budget](attachment:" + xlsx + ") and [a missing file](gone.pdf).\n"; bodies["Budget"] != want {
		t.Fatalf("a page linking a file of the folder came in as %q, want %q", bodies["Budget"], want)
	}
	r, got, err := db2.OpenBlob(ctx, b.Hash)
	if err != nil || got.Size != int64(len(pdf)) {
		t.Fatalf("the imported file: %+v, %v", got, err)
	}
	r.Close()
}
