package confluence_test

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/confluence"
	"github.com/longhand/longhand/store/sqlite"
)

var onePixelPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")

// An export as Confluence writes it (Space settings → Export space →
// HTML): a folder named for the space's key holding index.html with the
// page tree under "Available Pages", a file per page with its content in
// #main-content and its comments in #comments-section, and attachments/.
var export = map[string]string{
	"ENG/index.html": `<html><head><title>Engineering</title></head><body>
<div id="main-header"><h1 id="title-heading" class="pagetitle"><span id="title-text">Engineering</span></h1></div>
<div id="main-content"><p>Space home.</p></div>
<div class="pageSection"><h2>Available Pages:</h2>
<ul>
  <li><a href="Runbooks_65538.html">Runbooks</a>
    <ul><li><a href="Release-process_65540.html">Release process</a></li></ul>
  </li>
  <li><a href="Broken_1.html">Broken</a></li>
  <li><a href="https://evil.example/x.html">Outside</a></li>
</ul></div></body></html>`,
	"ENG/Runbooks_65538.html": `<html><head><title>Engineering : Runbooks</title></head><body>
<h1 id="title-heading"><span id="title-text">Engineering : Runbooks</span></h1>
<div id="main-content" class="wiki-content group">
<h2 id="Runbooks-Why">Why</h2>
<p>Read the <a href="Release-process_65540.html">release process</a> and <a href="https://example.com/docs">the docs</a>, not <a href="javascript:alert(1)">this</a>.</p>
<p>A <strong>bold</strong> and <em>soft</em> claim with * stars_ and <code>x &lt; y</code>.<script>alert(1)</script></p>
<ul><li>One</li><li>Two<ul><li>Two and a half</li></ul></li></ul>
<ol><li>First</li><li>Second</li></ol>
<div class="code panel"><div class="codeContent"><pre class="syntaxhighlighter-pre" data-syntaxhighlighter-params="brush: bash; gutter: false">make release
echo done</pre></div></div>
<table><tbody><tr><th>Step</th><th>Owner</th></tr><tr><td>Tag</td><td>Ada | Bo</td></tr></tbody></table>
<p><span class="confluence-embedded-file-wrapper"><img class="confluence-embedded-image" src="attachments/65538/65539.png" alt="diagram"></span></p>
<p><img src="https://tracker.example/pixel.gif"></p>
</div>
<div id="comments-section" class="pageSection group"><h2 id="comments" class="pageSectionTitle">Comments:</h2>
<table class="comment-table"><tr><td><div class="comment"><div class="comment-header"><h4 class="author">Bo Berg</h4></div>
<div class="comment-body"><p>Should we <strong>automate</strong> this?</p></div><div class="comment-date">Mar 03, 2024 09:12</div></div></td></tr></table>
</div></body></html>`,
	"ENG/Release-process_65540.html": `<html><head><title>Engineering : Release process</title></head><body>
<span id="title-text">Engineering : Release process</span>
<div id="main-content"><p>Back to <a href="Runbooks_65538.html#Runbooks-Why">Runbooks</a>.</p><blockquote><p>Ship small.</p></blockquote></div></body></html>`,
	"ENG/attachments/65538/65539.png": string(onePixelPNG),
	"ENG/attachments/65538/65541.pdf": "%PDF-1.4 not shown anywhere",
}

func writeZip(t *testing.T, files map[string]string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "Confluence-space-export.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(data))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

func TestImportConfluenceExport(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "longhand.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.CreateWorkspace(ctx, "", "Ada", "UTC"); err != nil {
		t.Fatal(err)
	}
	sp, err := db.CreateSpace(ctx, "From Confluence", "", "")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for k, v := range export {
		files[k] = v
	}
	files["../evil.html"] = "<p>outside</p>" // a name leading out of the zip
	rep, err := confluence.Import(ctx, db, sp.ID, writeZip(t, files))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Space != "Engineering" || len(rep.Pages) != 2 || rep.Images != 1 || rep.Comments != 1 {
		t.Fatalf("report: %+v", rep)
	}
	why := ""
	for _, s := range append(rep.Skipped, rep.Notes...) {
		why += s.Path + ": " + s.Reason + "\n"
	}
	for _, w := range []string{"Broken_1.html: It could not be read", "attachments/65538/65541.pdf: An attachment no page shows", "The image https://tracker.example/pixel.gif is not in the export"} {
		if !strings.Contains(why, w) {
			t.Errorf("the report lacks %q:\n%s", w, why)
		}
	}
	runbooks, err := db.FindPage(ctx, rep.Pages[0])
	if err != nil {
		t.Fatal(err)
	}
	release, err := db.FindPage(ctx, rep.Pages[1])
	if err != nil {
		t.Fatal(err)
	}
	if runbooks.Title != "Runbooks" || release.Title != "Release process" || release.Parent != runbooks.ID || runbooks.Parent != "" {
		t.Fatalf("tree: %q under %q, %q under %q", runbooks.Title, runbooks.Parent, release.Title, release.Parent)
	}
	want := "## Why\n\n" +
		"Read the [[Release process|release process]] and [the docs](https://example.com/docs), not this.\n\n" +
		"A **bold** and *soft* claim with \\* stars\\_ and `x < y`.\n\n" +
		"- One\n- Two\n  - Two and a half\n\n" +
		"1. First\n2. Second\n\n" +
		"```bash\nmake release\necho done\n```\n\n" +
		"| Step | Owner |\n| --- | --- |\n| Tag | Ada \\| Bo |\n\n" +
		"![diagram](attachment:" + store.HashAttachment(onePixelPNG) + ")\n"
	if runbooks.Body != want {
		t.Errorf("Runbooks body:\n%s\nwant:\n%s", runbooks.Body, want)
	}
	if release.Body != "Back to [[Runbooks#Runbooks-Why|Runbooks]].\n\n> Ship small.\n" {
		t.Errorf("Release process body: %q", release.Body)
	}
	threads, err := db.FindThreads(ctx, runbooks.ID)
	if err != nil || len(threads) != 1 {
		t.Fatalf("threads: %+v, %v", threads, err)
	}
	if c := threads[0].Replies[0].Body; !strings.Contains(c, "**Bo Berg** (Mar 03, 2024 09:12), in Confluence:") || !strings.Contains(c, "Should we **automate** this?") {
		t.Errorf("comment: %q", c)
	}

	// The unpacked folder reads the same; a folder that is not an export is refused.
	dir := t.TempDir()
	for name, data := range export {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	if rep, err := confluence.Import(ctx, db, sp.ID, dir); err != nil || len(rep.Pages) != 2 {
		t.Errorf("from a folder: %+v, %v", rep, err)
	}
	if _, err := confluence.Import(ctx, db, sp.ID, t.TempDir()); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("an empty folder: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "x.zip")
	os.WriteFile(bad, []byte("not a zip"), 0o644)
	if _, err := confluence.Import(ctx, db, sp.ID, bad); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("not a zip: %v", err)
	}
}
