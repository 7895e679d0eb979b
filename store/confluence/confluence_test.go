package confluence_test

import (
	"archive/zip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/confluence"
	"github.com/longhand/longhand/store/sqlite"
)

var onePixelPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")

var (
	releasePlan = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
	budget      = "PK\x03\x04 a spreadsheet, zipped as .xlsx files are"
)

// An export as Confluence writes it (Space settings → Export space →
// HTML): a folder named for the space's key holding index.html with the
// page tree under "Available Pages", a file per page with its content in
// #main-content, its attachments in the "Attachments" section below it
// (each file in attachments/<page ID>/ named by its ID, its own name the
// link's text) and its comments in #comments-section.
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
<p>The <a href="attachments/65538/65541.pdf" data-linked-resource-id="65541" data-linked-resource-type="attachment" data-linked-resource-default-alias="release-plan.pdf" data-nice-type="PDF Document">release plan</a> has the dates.</p>
</div>
<div class="pageSection group"><div class="pageSectionHeader"><h2 id="attachments" class="pageSectionTitle">Attachments:</h2></div>
<div class="greybox" align="left">
<img src="images/icons/bullet_blue.gif" height="8" width="8" alt=""/>
<a href="attachments/65538/65539.png">diagram.png</a> (image/png)<br/>
<img src="images/icons/bullet_blue.gif" height="8" width="8" alt=""/>
<a href="attachments/65538/65541.pdf">release-plan.pdf</a> (application/pdf)<br/>
<img src="images/icons/bullet_blue.gif" height="8" width="8" alt=""/>
<a href="attachments/65538/65543.xlsx">budget_Q1 [draft].xlsx</a> (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)<br/>
</div></div>
<div id="comments-section" class="pageSection group"><h2 id="comments" class="pageSectionTitle">Comments:</h2>
<table class="comment-table"><tr><td><div class="comment"><div class="comment-header"><h4 class="author">Bo Berg</h4></div>
<div class="comment-body"><p>Should we <strong>automate</strong> this?</p></div><div class="comment-date">Mar 03, 2024 09:12</div></div></td></tr></table>
</div></body></html>`,
	"ENG/Release-process_65540.html": `<html><head><title>Engineering : Release process</title></head><body>
<span id="title-text">Engineering : Release process</span>
<div id="main-content"><p>Back to <a href="Runbooks_65538.html#Runbooks-Why">Runbooks</a>.</p><blockquote><p>Ship small.</p></blockquote></div></body></html>`,
	"ENG/attachments/65538/65539.png":  string(onePixelPNG),
	"ENG/attachments/65538/65541.pdf":  releasePlan,
	"ENG/attachments/65538/65543.xlsx": budget,
	"ENG/attachments/70000/70001.txt":  "an attachment of a page the export does not hold",
}

func writeZip(t *testing.T, files map[string]string) string {
	t.Helper()
	return writeZipRaw(t, files, nil)
}

// writeZipRaw writes files to a .zip, and raw entries of four bytes each
// under the headers given, as they are (sizes and checksums that lie).
func writeZipRaw(t *testing.T, files map[string]string, raw []zip.FileHeader) string {
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
	for i := range raw {
		w, err := zw.CreateRaw(&raw[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("abcd"))
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
	if rep.Space != "Engineering" || len(rep.Pages) != 2 || rep.Images != 1 || rep.Files != 2 || rep.Comments != 1 {
		t.Fatalf("report: %+v", rep)
	}
	why := ""
	for _, s := range append(rep.Skipped, rep.Notes...) {
		why += s.Path + ": " + s.Reason + "\n"
	}
	for _, w := range []string{"Broken_1.html: It could not be read", "attachments/70000/70001.txt: An attachment of no page that was imported", "The image https://tracker.example/pixel.gif is not in the export"} {
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
		"![diagram](attachment:" + store.HashAttachment(onePixelPNG) + ")\n\n" +
		"The [release plan](attachment:" + store.HashAttachment([]byte(releasePlan)) + ") has the dates.\n\n" +
		"## Attachments\n\n" +
		"- [budget\\_Q1 \\[draft\\].xlsx](attachment:" + store.HashAttachment([]byte(budget)) + ")\n"
	if runbooks.Body != want {
		t.Errorf("Runbooks body:\n%s\nwant:\n%s", runbooks.Body, want)
	}
	// The files are stored whole, under the names Confluence gave them.
	for name, data := range map[string]string{"release-plan.pdf": releasePlan, "budget_Q1 [draft].xlsx": budget} {
		r, b, err := db.OpenBlob(ctx, store.HashAttachment([]byte(data)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := io.ReadAll(r)
		r.Close()
		if err != nil || string(got) != data || b.Name != name {
			t.Errorf("blob %q holds %q (%v), want %q named %q", b.Name, got, err, data, name)
		}
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

// noBlobs is a sink that stores images only, as one without CreateBlob.
type noBlobs struct{ confluence.Sink }

func TestImportConfluenceAttachments(t *testing.T) {
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
	logo := `<svg xmlns="http://www.w3.org/2000/svg"/>`
	spec := "%PDF-1.7\n% the spec\n"
	stray := "a file Confluence's section leaves out"
	// A page that shows an SVG, embeds a PDF with Confluence's "View
	// file" macro (a link around a thumbnail the export does not hold),
	// and lists a file over the limit and one the .zip holds damaged.
	files := map[string]string{
		"ENG/index.html": `<html><head><title>Engineering</title></head><body>
<h2>Available Pages:</h2><ul><li><a href="Specs_80000.html">Specs</a></li></ul></body></html>`,
		"ENG/Specs_80000.html": `<html><head><title>Engineering : Specs</title></head><body>
<span id="title-text">Engineering : Specs</span>
<div id="main-content">
<p><span class="confluence-embedded-file-wrapper"><img class="confluence-embedded-image" src="attachments/80000/80001.svg" data-linked-resource-default-alias="logo.svg" alt="logo"></span></p>
<p><span class="confluence-embedded-file-wrapper"><a class="confluence-embedded-file" href="attachments/80000/80002.pdf" data-linked-resource-type="attachment" data-linked-resource-default-alias="spec.pdf" data-nice-type="PDF Document"><img src="rest/documentConversion/latest/conversion/thumbnail/80002/1" height="250"></a></span></p>
</div>
<div class="pageSection group"><div class="pageSectionHeader"><h2 id="attachments" class="pageSectionTitle">Attachments:</h2></div>
<div class="greybox" align="left">
<img src="images/icons/bullet_blue.gif" height="8" width="8" alt=""/><a href="attachments/80000/80001.svg">logo.svg</a> (image/svg+xml)<br/>
<img src="images/icons/bullet_blue.gif" height="8" width="8" alt=""/><a href="attachments/80000/80002.pdf">spec.pdf</a> (application/pdf)<br/>
<img src="images/icons/bullet_blue.gif" height="8" width="8" alt=""/><a href="attachments/80000/80003.iso">huge.iso</a> (application/octet-stream)<br/>
<img src="images/icons/bullet_blue.gif" height="8" width="8" alt=""/><a href="attachments/80000/80004.zip">broken.zip</a> (application/zip)<br/>
</div></div></body></html>`,
		"ENG/attachments/80000/80001.svg": logo,
		"ENG/attachments/80000/80002.pdf": spec,
		"ENG/attachments/80000/80005.txt": stray,
	}
	// The .zip's entries whose headers lie: one says it is larger than a
	// workspace takes, one's checksum does not match its bytes.
	zipPath := writeZipRaw(t, files, []zip.FileHeader{
		{Name: "ENG/attachments/80000/80003.iso", Method: zip.Store, CompressedSize64: 4, UncompressedSize64: store.DefaultMaxFileSize + 1},
		{Name: "ENG/attachments/80000/80004.zip", Method: zip.Store, CRC32: 1, CompressedSize64: 4, UncompressedSize64: 4},
	})
	rep, err := confluence.Import(ctx, db, sp.ID, zipPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Pages) != 1 || rep.Images != 0 || rep.Files != 3 {
		t.Fatalf("report: %+v", rep)
	}
	why := ""
	for _, s := range append(rep.Skipped, rep.Notes...) {
		why += s.Path + ": " + s.Reason + "\n"
	}
	for _, w := range []string{
		"attachments/80000/80003.iso: “huge.iso”, attached to “Specs”, was not carried over. It is larger than 200 MB.",
		"attachments/80000/80004.zip: “broken.zip”, attached to “Specs”, was not carried over. It could not be read (zip: checksum error).",
	} {
		if !strings.Contains(why, w) {
			t.Errorf("the report lacks %q:\n%s", w, why)
		}
	}
	if strings.Contains(why, "thumbnail") {
		t.Errorf("the report names the thumbnail of a file link:\n%s", why)
	}
	pg, err := db.FindPage(ctx, rep.Pages[0])
	if err != nil {
		t.Fatal(err)
	}
	h := func(s string) string { return store.HashAttachment([]byte(s)) }
	want := "[logo](attachment:" + h(logo) + ")\n\n" +
		"[spec.pdf](attachment:" + h(spec) + ")\n\n" +
		"## Attachments\n\n" +
		"- [80005.txt](attachment:" + h(stray) + ")\n"
	if pg.Body != want {
		t.Errorf("body:\n%s\nwant:\n%s", pg.Body, want)
	}
	for name, data := range map[string]string{"logo.svg": logo, "spec.pdf": spec, "80005.txt": stray} {
		r, b, err := db.OpenBlob(ctx, h(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, _ := io.ReadAll(r)
		r.Close()
		if string(got) != data || b.Name != name {
			t.Errorf("blob %q holds %q, want %q named %q", b.Name, got, data, name)
		}
	}

	// Unpacked, a file over the limit is refused by its size before a
	// byte of it is read (a sparse file: no room taken).
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	huge := filepath.Join(dir, "ENG", "attachments", "80000", "80003.iso")
	if err := os.WriteFile(huge, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, store.DefaultMaxFileSize+1); err != nil {
		t.Fatal(err)
	}
	rep, err = confluence.Import(ctx, db, sp.ID, dir)
	if err != nil {
		t.Fatal(err)
	}
	why = ""
	for _, s := range rep.Skipped {
		why += s.Path + ": " + s.Reason + "\n"
	}
	if !strings.Contains(why, "attachments/80000/80003.iso: “huge.iso”, attached to “Specs”, was not carried over. It is larger than 200 MB.") {
		t.Errorf("from a folder, the report lacks the file over the limit:\n%s", why)
	}

	// Through a sink that cannot store files, they are reported, not lost.
	rep, err = confluence.Import(ctx, noBlobs{db}, sp.ID, zipPath)
	if err != nil {
		t.Fatal(err)
	}
	why = ""
	for _, s := range rep.Skipped {
		why += s.Path + ": " + s.Reason + "\n"
	}
	if rep.Files != 0 || !strings.Contains(why, "attachments/80000/80002.pdf: “spec.pdf”, linked from “Specs”, was not carried over. It is not a PNG, JPEG, GIF or WebP image") {
		t.Errorf("without CreateBlob: %+v\n%s", rep, why)
	}
}
