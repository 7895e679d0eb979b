package app

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

var onePixelPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")

type fakeDialogs struct{ dir string }

func (f fakeDialogs) OpenDirectory(string) (string, error)       { return f.dir, nil }
func (f fakeDialogs) OpenMarkdownFiles(string) ([]string, error) { return nil, nil }
func (f fakeDialogs) OpenZipFile(string) (string, error)         { return "", nil }
func (f fakeDialogs) OpenFile(string) (string, error)            { return filepath.Join(f.dir, "chosen"), nil }
func (f fakeDialogs) SaveFile(_, name string) (string, error) {
	return filepath.Join(f.dir, "saved-"+name), nil
}
func (f fakeDialogs) SaveMarkdownFile(_, name string) (string, error) {
	return filepath.Join(f.dir, name), nil
}

func newTransfer(t *testing.T) (*sqlite.DB, *Attachments, *Transfer, *recorder) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.CreateWorkspace(context.Background(), "", "Ada", "UTC"); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	pages := NewPages(context.Background(), db, db, db, db, rec)
	dialogs := fakeDialogs{t.TempDir()}
	return db, NewAttachments(context.Background(), db, dialogs), NewTransfer(context.Background(), db, db, pages, dialogs, rec), rec
}

func TestAttachmentHandler(t *testing.T) {
	_, atts, _, _ := newTransfer(t)
	v, err := atts.Create("shot.png", base64.StdEncoding.EncodeToString(onePixelPNG))
	if err != nil {
		t.Fatal(err)
	}
	if v.Ref != "attachment:"+v.Hash || v.Mime != "image/png" {
		t.Errorf("Create = %+v", v)
	}
	if _, err := atts.Create("x.svg", base64.StdEncoding.EncodeToString([]byte("<svg onload=alert(1)>"))); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("svg: %v", err)
	}
	if _, err := atts.Create("x.png", "not base64!"); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("bad base64: %v", err)
	}
	if _, err := atts.Create("x.png", strings.Repeat("A", 15<<20)); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("huge: %v", err)
	}

	h := AttachmentHandler(atts.store)
	get := func(method, path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(method, path, nil))
		return w
	}
	w := get("GET", "/attachments/"+v.Hash)
	if w.Code != 200 || w.Body.String() != string(onePixelPNG) {
		t.Fatalf("GET = %d, %d bytes", w.Code, w.Body.Len())
	}
	for k, want := range map[string]string{"Content-Type": "image/png", "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox"} {
		if got := w.Header().Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	tests := []struct {
		method, path string
		code         int
	}{
		{"GET", "/attachments/" + strings.Repeat("0", 64), http.StatusNotFound},
		{"GET", "/attachments/../longhand.db", http.StatusNotFound},
		{"GET", "/attachments/" + strings.ToUpper(v.Hash), http.StatusNotFound},
		{"GET", "/other", http.StatusNotFound},
		{"POST", "/attachments/" + v.Hash, http.StatusMethodNotAllowed},
		{"HEAD", "/attachments/" + v.Hash, http.StatusOK},
	}
	for _, tt := range tests {
		if w := get(tt.method, tt.path); w.Code != tt.code {
			t.Errorf("%s %s = %d, want %d", tt.method, tt.path, w.Code, tt.code)
		}
	}
}

func TestTransferExportImport(t *testing.T) {
	db, _, tr, rec := newTransfer(t)
	ctx := context.Background()
	sps, _ := db.FindSpaces(ctx)
	p, err := db.CreatePage(ctx, store.NewPage{Title: "Plan", Body: "The plan.", Space: sps[1].ID})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ev, err := tr.ExportSpace(string(sps[1].ID), dir)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Pages != 2 || ev.Path != filepath.Join(dir, "Playbooks") {
		t.Errorf("ExportSpace = %+v", ev)
	}
	pv, err := tr.ExportPage(string(p.ID), filepath.Join(dir, "plan"))
	if err != nil || pv.Path != filepath.Join(dir, "plan.md") {
		t.Errorf("ExportPage = %+v, %v", pv, err)
	}
	if b, _ := os.ReadFile(pv.Path); !strings.HasSuffix(string(b), "\nThe plan.") {
		t.Errorf("exported page:\n%s", b)
	}
	sp, _ := db.CreateSpace(ctx, "Imported", "", "")
	n := len(rec.events)
	iv, err := tr.ImportFolder(string(sp.ID), ev.Path)
	if err != nil {
		t.Fatal(err)
	}
	if iv.Pages != 2 || iv.FirstID == "" || len(iv.Skipped) != 0 || len(rec.events) != n+2 || rec.last().Kind != ChangeCreated {
		t.Errorf("ImportFolder = %+v, %d events", iv, len(rec.events)-n)
	}
	fv, err := tr.ImportFiles(string(sp.ID), []string{pv.Path})
	if err != nil || fv.Pages != 1 {
		t.Errorf("ImportFiles = %+v, %v", fv, err)
	}
	for name, err := range map[string]error{
		"relative dir":  func() error { _, err := tr.ImportFolder(string(sp.ID), "x"); return err }(),
		"no space":      func() error { _, err := tr.ImportFolder(string(store.NewDocID()), dir); return err }(),
		"relative file": func() error { _, err := tr.ExportPage(string(p.ID), "x.md"); return err }(),
	} {
		if c := store.ErrorCode(err); c != store.EINVALID && c != store.ENOTFOUND {
			t.Errorf("%s: %v", name, err)
		}
	}
	if f, err := tr.ChooseExportFile("a/b: c"); err != nil || filepath.Base(f) != "a-b- c.md" {
		t.Errorf("ChooseExportFile = %q, %v", f, err)
	}
}

// progressEvents records the import progress events and stops the import
// under way once one says stopAt pages are made.
type progressEvents struct {
	recorder
	tr     *Transfer
	stopAt int
	mu     sync.Mutex
	last   ImportProgress
}

func (p *progressEvents) Emit(name string, payload any) {
	p.recorder.Emit(name, payload)
	if name == EventImportProgress {
		ip := payload.(ImportProgress)
		if p.stopAt > 0 && ip.Done >= p.stopAt {
			p.stopAt = 0
			p.tr.CancelImport()
		}
		p.mu.Lock()
		p.last = ip
		p.mu.Unlock()
	}
}

// A folder import cancelled part way is listed as stopped, with its
// progress, and resumes where it stopped; every file becomes one page.
func TestImportFolderCancelAndResume(t *testing.T) {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.CreateWorkspace(context.Background(), "", "Ada", "UTC"); err != nil {
		t.Fatal(err)
	}
	ev := &progressEvents{stopAt: 150}
	pages := NewPages(context.Background(), db, db, db, db, ev)
	tr := NewTransfer(context.Background(), db, db, pages, fakeDialogs{t.TempDir()}, ev)
	ev.tr = tr
	sp, err := db.CreateSpace(context.Background(), "Imported", "", "")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	const n = 400
	for i := range n {
		p := filepath.Join(dir, fmt.Sprintf("part %d", i/100), fmt.Sprintf("note %03d.md", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(fmt.Sprintf("Note %d.\n", i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	v, err := tr.ImportFolder(string(sp.ID), dir)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Stopped || v.ID == "" || v.Pages < 150 || v.Pages >= n || len(v.Skipped) != 0 {
		t.Fatalf("cancelled import: %+v; want it stopped after 150 pages, with nothing reported skipped", v)
	}
	stopped, err := tr.StoppedImports()
	if err != nil || len(stopped) != 1 || stopped[0].ID != v.ID || stopped[0].Done != v.Pages || stopped[0].Total != n+4 || stopped[0].Folder != dir {
		t.Fatalf("StoppedImports = %+v, %v; want the import with %d of %d done", stopped, err, v.Pages, n+4)
	}

	v2, err := tr.ResumeImport(v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v2.Stopped || v2.Pages != n+4 {
		t.Fatalf("resumed import: %+v; want all %d pages", v2, n+4)
	}
	if last := ev.last; last.Done != n+4 || last.Total != n+4 {
		t.Errorf("the last progress event: %+v", last)
	}
	if stopped, _ := tr.StoppedImports(); len(stopped) != 0 {
		t.Errorf("after it finished, stopped imports: %+v", stopped)
	}
	if _, err := tr.ResumeImport(v.ID); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("resuming a finished import: %v, want ENOTFOUND", err)
	}
	sums, err := db.FindPages(context.Background(), store.PageFilter{Space: sp.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != n+4+1 { // and the space's own page
		t.Errorf("%d pages in the space, want %d", len(sums), n+5)
	}
}
