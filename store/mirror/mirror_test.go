package mirror_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/mdio"
	"github.com/longhand/longhand/store/mirror"
	"github.com/longhand/longhand/store/sqlite"
)

// countingStore is the database, counting the edits, trashings and
// restorings the mirror makes.
type countingStore struct {
	*sqlite.DB
	edits    atomic.Int64
	trashed  atomic.Int64
	restored atomic.Int64
}

func (c *countingStore) DeletePage(ctx context.Context, id store.DocID) ([]store.DocID, error) {
	c.trashed.Add(1)
	return c.DB.DeletePage(ctx, id)
}

func (c *countingStore) RestorePage(ctx context.Context, id store.DocID) ([]store.DocID, error) {
	c.restored.Add(1)
	return c.DB.RestorePage(ctx, id)
}

func (c *countingStore) EditPage(ctx context.Context, id store.DocID, e store.Edit) (*store.EditResult, error) {
	c.edits.Add(1)
	return c.DB.EditPage(ctx, id, e)
}

type fixture struct {
	cur   atomic.Pointer[mirror.Mirror] // the mirror the store's hook tells
	t     *testing.T
	db    *sqlite.DB
	st    *countingStore
	m     *mirror.Mirror
	dir   string // the mirrored folder
	space store.Space
	// debounce, when set, replaces the short one tests use, so that only
	// sync runs passes.
	debounce time.Duration
	// grace, when set, replaces the short grace tests give a gone file.
	grace time.Duration
}

func openDB(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// setup makes a workspace with a space "Handbook" and mirrors it into a
// new folder.
func setup(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	f.start()
	return f
}

// newFixture is setup without starting the mirror.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "longhand.db"))
	if _, err := db.CreateWorkspace(ctx, "", "Ada Lovelace", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	sp, err := db.CreateSpace(ctx, "Handbook", "How we work", "")
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, db: db, st: &countingStore{DB: db}, dir: t.TempDir(), space: *sp}
	db.OnPageSaved = func(s store.PageSummary) {
		if m := f.cur.Load(); m != nil {
			m.PageSaved(s)
		}
	}
	// A peer's change reaches the mirror as the app passes it on.
	db.OnRemoteChange = func(c sqlite.RemoteChange) {
		if m := f.cur.Load(); m != nil && c.Page != nil {
			m.PageSaved(*c.Page)
		}
	}
	return f
}

func (f *fixture) start() {
	f.t.Helper()
	m, err := mirror.New(f.st, f.dir, f.t.Logf)
	if err != nil {
		f.t.Fatal(err)
	}
	m.Debounce = 20 * time.Millisecond
	m.Grace = 100 * time.Millisecond
	if f.grace != 0 {
		m.Grace = f.grace
	}
	if f.debounce != 0 {
		m.Debounce = f.debounce
	}
	if err := m.Start(context.Background()); err != nil {
		f.t.Fatal(err)
	}
	f.m = m
	f.cur.Store(m)
	f.t.Cleanup(m.Stop)
	f.sync()
}

func (f *fixture) stop() {
	f.cur.Store(nil)
	f.m.Stop()
}

func (f *fixture) sync() {
	f.t.Helper()
	if err := f.m.Sync(context.Background()); err != nil {
		f.t.Fatal(err)
	}
}

// eventually waits, passing the mirror along, until cond holds.
func (f *fixture) eventually(what string, cond func() bool) {
	f.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			f.t.Fatalf("gave up waiting until %s; status %+v", what, f.m.Status())
		}
		time.Sleep(10 * time.Millisecond)
		f.sync()
	}
}

func (f *fixture) page(title, body string) *store.Page {
	f.t.Helper()
	p, err := f.db.CreatePage(context.Background(), store.NewPage{Title: title, Body: body, Space: f.space.ID})
	if err != nil {
		f.t.Fatal(err)
	}
	f.m.PageChanged(p.ID)
	return p
}

func (f *fixture) find(id store.DocID) *store.Page {
	f.t.Helper()
	p, err := f.db.FindPage(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	return p
}

func (f *fixture) path(rel string) string { return filepath.Join(f.dir, filepath.FromSlash(rel)) }

func (f *fixture) read(rel string) string {
	data, _ := os.ReadFile(f.path(rel))
	return string(data)
}

func (f *fixture) body(rel string) string {
	_, body, _, err := mdio.Decode(f.read(rel))
	if err != nil {
		f.t.Fatalf("decode %s: %v", rel, err)
	}
	return body
}

func (f *fixture) write(rel, text string) {
	f.t.Helper()
	if err := os.MkdirAll(filepath.Dir(f.path(rel)), 0o755); err != nil {
		f.t.Fatal(err)
	}
	if err := os.WriteFile(f.path(rel), []byte(text), 0o644); err != nil {
		f.t.Fatal(err)
	}
}

// edit rewrites the body of a mirrored file in place, keeping its front matter.
func (f *fixture) edit(rel string, change func(string) string) {
	f.t.Helper()
	fm, body, _, err := mdio.Decode(f.read(rel))
	if err != nil {
		f.t.Fatal(err)
	}
	f.write(rel, mdio.Encode(fm, change(body)))
}

func (f *fixture) livePages() []store.PageSummary {
	f.t.Helper()
	ps, err := f.db.FindPages(context.Background(), store.PageFilter{Space: f.space.ID})
	if err != nil {
		f.t.Fatal(err)
	}
	return ps
}

func (f *fixture) problem(rel string) string {
	for _, p := range f.m.Status().Problems {
		if p.Path == rel {
			return p.Reason
		}
	}
	return ""
}

func TestMirrorWritesEveryPage(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	parent := f.page("Onboarding", "Welcome aboard.\n")
	child, err := f.db.CreatePage(ctx, store.NewPage{Title: "First week: laptop", Body: "Get a laptop.\n", Parent: parent.ID})
	if err != nil {
		t.Fatal(err)
	}
	f.m.PageChanged(child.ID)
	f.sync()

	fm, body, found, err := mdio.Decode(f.read("Handbook/Onboarding.md"))
	if err != nil || !found {
		t.Fatalf("Handbook/Onboarding.md: found=%v err=%v; files %v", found, err, files(t, f.dir))
	}
	if fm.ID != string(parent.ID) || fm.Title != "Onboarding" || body != "Welcome aboard.\n" {
		t.Errorf("Onboarding.md = id %q title %q body %q", fm.ID, fm.Title, body)
	}
	if got := f.body("Handbook/Onboarding/First week- laptop.md"); got != "Get a laptop.\n" {
		t.Errorf("subpage body = %q; files %v", got, files(t, f.dir))
	}
	if st := f.m.Status(); st.Pages < 2 || len(st.Problems) != 0 {
		t.Errorf("Status = %+v, want the pages and no problems", st)
	}

	// An edit in Longhand reaches the file.
	if _, err := f.db.EditPage(ctx, parent.ID, store.Edit{Splices: []store.Splice{{Pos: 0, Ins: "Hello! "}}}); err != nil {
		t.Fatal(err)
	}
	f.eventually("the edit is in the file", func() bool { return f.body("Handbook/Onboarding.md") == "Hello! Welcome aboard.\n" })

	// A rename in Longhand moves the file, and its subpages' folder.
	title := "Joining"
	if _, err := f.db.UpdatePage(ctx, parent.ID, store.PageUpdate{Title: &title}); err != nil {
		t.Fatal(err)
	}
	f.eventually("the files follow the new title", func() bool {
		return f.body("Handbook/Joining.md") == "Hello! Welcome aboard.\n" && f.body("Handbook/Joining/First week- laptop.md") == "Get a laptop.\n"
	})
	if _, err := os.Stat(f.path("Handbook/Onboarding")); !os.IsNotExist(err) {
		t.Errorf("the old folder is still there: %v; files %v", err, files(t, f.dir))
	}
	if _, err := os.Stat(f.path("Handbook/Onboarding.md")); !os.IsNotExist(err) {
		t.Errorf("the old file is still there; files %v", files(t, f.dir))
	}
}

// An edit made in the file and an edit made at the same time in
// Longhand (as a peer's arrives) both survive, in the page and the file.
func TestExternalEditMergesWithConcurrentEdit(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	p := f.page("Plan", "Ship the beta on Friday to ten customers.\n")
	f.sync()
	f.edit("Handbook/Plan.md", func(b string) string { return strings.Replace(b, "Friday", "Monday", 1) })
	// Before the mirror reads the file, someone else types in the page.
	if _, err := f.db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Pos: len("Ship the "), Ins: "public "}}}); err != nil {
		t.Fatal(err)
	}
	want := "Ship the public beta on Monday to ten customers.\n"
	f.eventually("both edits are in the page and the file", func() bool {
		return f.find(p.ID).Body == want && f.body("Handbook/Plan.md") == want
	})
	if n := len(f.livePages()); n != 2 { // Plan and the space's home page
		t.Errorf("%d live pages, want 2: an edit must not make a page", n)
	}
}

// An edit made in the file and a peer's change that arrives by sync
// (Automerge changes made on another copy of the page) both survive.
func TestExternalEditMergesWithAPeersChange(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	p := f.page("Plan", "Ship the beta on Friday to ten customers.\n")
	f.sync()
	// The peer's copy of the page, changed there.
	peer, _, err := f.db.SyncOpen(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	base := peer.Heads()
	if err := peer.SpliceBody([]store.Splice{{Pos: len("Ship the "), Ins: "public "}}); err != nil {
		t.Fatal(err)
	}
	if _, err := peer.Commit("edit by a peer", time.Now()); err != nil {
		t.Fatal(err)
	}
	changes, err := peer.ChangesSince(base)
	if err != nil {
		t.Fatal(err)
	}
	f.edit("Handbook/Plan.md", func(b string) string { return strings.Replace(b, "Friday", "Monday", 1) })
	if err := f.db.SyncMerge(ctx, p.ID, changes); err != nil {
		t.Fatal(err)
	}
	want := "Ship the public beta on Monday to ten customers.\n"
	f.eventually("the file's edit and the peer's are in the page and the file", func() bool {
		return f.find(p.ID).Body == want && f.body("Handbook/Plan.md") == want
	})
}

// Keys a person adds to a file's front matter survive Longhand rewriting
// the file.
func TestFrontMatterKeysSurviveRewrites(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	p := f.page("Tagged", "body\n")
	f.sync()
	f.write("Handbook/Tagged.md", strings.Replace(f.read("Handbook/Tagged.md"), "---\n\n", "tags: \"draft, q3\"\n---\n\n", 1))
	f.sync()
	if _, err := f.db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Pos: 0, Ins: "new "}}}); err != nil {
		t.Fatal(err)
	}
	f.eventually("the page's edit in the file, with the added key", func() bool {
		got := f.read("Handbook/Tagged.md")
		return strings.Contains(got, "new body") && strings.Contains(got, `tags: "draft, q3"`)
	})
}

// The same when the peer's edit lands while the mirror is not running:
// the file's edits are merged at the next start.
func TestEditsMadeWhileStoppedMerge(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	p := f.page("Notes", "one\ntwo\nthree\n")
	f.sync()
	f.stop()
	f.edit("Handbook/Notes.md", func(b string) string { return strings.Replace(b, "two", "TWO", 1) })
	if _, err := f.db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Pos: len("one\ntwo\nthree\n"), Ins: "four\n"}}}); err != nil {
		t.Fatal(err)
	}
	f.start()
	want := "one\nTWO\nthree\nfour\n"
	f.eventually("both edits survive a restart", func() bool {
		return f.find(p.ID).Body == want && f.body("Handbook/Notes.md") == want
	})
}

// Longhand's own writes are not read back as edits.
func TestOwnWritesAreNotReimported(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	p := f.page("Log", "start\n")
	f.sync()
	for i := 0; i < 5; i++ {
		if _, err := f.db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Pos: 0, Ins: "x"}}}); err != nil {
			t.Fatal(err)
		}
		want := strings.Repeat("x", i+1) + "start\n"
		f.eventually("the edit is written", func() bool { return f.body("Handbook/Log.md") == want })
	}
	f.sync()
	f.sync()
	if n := f.st.edits.Load(); n != 0 {
		t.Errorf("the mirror made %d edits from its own writes, want 0", n)
	}
	if got := f.find(p.ID).Body; got != "xxxxxstart\n" {
		t.Errorf("Body = %q", got)
	}
}

// Editors save in different ways; each is one edit of the same page.
func TestEditorSaves(t *testing.T) {
	tests := []struct {
		name string
		save func(f *fixture, rel, text string)
	}{
		{name: "in place, in two writes", save: func(f *fixture, rel, text string) {
			fh, err := os.OpenFile(f.path(rel), os.O_WRONLY|os.O_TRUNC, 0)
			if err != nil {
				f.t.Fatal(err)
			}
			fh.WriteString(text[:len(text)/2])
			fh.Sync()
			fh.WriteString(text[len(text)/2:])
			fh.Close()
		}},
		{name: "temporary file renamed over it (gedit)", save: func(f *fixture, rel, text string) {
			tmp := filepath.Join(filepath.Dir(f.path(rel)), ".goutputstream-ABC123")
			os.WriteFile(tmp, []byte(text), 0o644)
			if err := os.Rename(tmp, f.path(rel)); err != nil {
				f.t.Fatal(err)
			}
		}},
		{name: "backup, then a new file (vim)", save: func(f *fixture, rel, text string) {
			dir := filepath.Dir(f.path(rel))
			os.WriteFile(filepath.Join(dir, "4913"), nil, 0o644)
			os.Remove(filepath.Join(dir, "4913"))
			os.WriteFile(filepath.Join(dir, ".Plan.md.swp"), []byte("b0VIM 9.0\x00\x00binary"), 0o644)
			if err := os.Rename(f.path(rel), f.path(rel)+"~"); err != nil {
				f.t.Fatal(err)
			}
			os.WriteFile(f.path(rel), []byte(text), 0o644)
			os.Remove(f.path(rel) + "~")
		}},
		{name: "write to name.tmp then rename (atomic writers)", save: func(f *fixture, rel, text string) {
			os.WriteFile(f.path(rel)+".tmp", []byte(text), 0o644)
			if err := os.Rename(f.path(rel)+".tmp", f.path(rel)); err != nil {
				f.t.Fatal(err)
			}
		}},
		{name: "emacs lock and backup", save: func(f *fixture, rel, text string) {
			dir := filepath.Dir(f.path(rel))
			os.Symlink("ada@host.1234:1", filepath.Join(dir, ".#Plan.md"))
			os.WriteFile(filepath.Join(dir, "#Plan.md#"), []byte("autosave"), 0o644)
			os.WriteFile(f.path(rel), []byte(text), 0o644)
			os.Remove(filepath.Join(dir, ".#Plan.md"))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			p := f.page("Plan", "Draft one.\n")
			f.sync()
			fm, _, _, _ := mdio.Decode(f.read("Handbook/Plan.md"))
			tt.save(f, "Handbook/Plan.md", mdio.Encode(fm, "Draft two, saved by an editor.\n"))
			f.eventually("the save reaches the page", func() bool { return f.find(p.ID).Body == "Draft two, saved by an editor.\n" })
			f.sync()
			if n := len(f.livePages()); n != 2 {
				t.Errorf("%d live pages, want 2: backup and temporary files must not become pages", n)
			}
			if got := f.find(p.ID); got.InTrash() {
				t.Error("the page went to the trash during the save")
			}
			if st := f.m.Status(); len(st.Problems) != 0 {
				t.Errorf("Problems = %v, want none", st.Problems)
			}
		})
	}
}

func TestNewFileBecomesPage(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	parent := f.page("Guides", "All guides.\n")
	f.sync()
	f.write("Handbook/Guides/Release checklist.md", "- [ ] tag\n- [ ] notes\n")
	var id store.DocID
	f.eventually("the file is a page", func() bool {
		for _, s := range f.livePages() {
			if s.Title == "Release checklist" {
				id = s.ID
				return true
			}
		}
		return false
	})
	p := f.find(id)
	if p.Body != "- [ ] tag\n- [ ] notes\n" || p.Parent != parent.ID {
		t.Errorf("new page: body %q parent %q, want the file's body under %q", p.Body, p.Parent, parent.ID)
	}
	// Its file now carries the page's ID, so a rename keeps it.
	f.eventually("the file gets the page's ID", func() bool {
		fm, _, _, _ := mdio.Decode(f.read("Handbook/Guides/Release checklist.md"))
		return fm.ID == string(id)
	})
	_ = ctx
}

func TestRenamedOrMovedFileKeepsItsPage(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	other, err := f.db.CreateSpace(ctx, "Engineering", "", "")
	if err != nil {
		t.Fatal(err)
	}
	p := f.page("Runbook", "Restart the service.\n")
	f.sync()
	if err := os.Rename(f.path("Handbook/Runbook.md"), f.path("Handbook/On-call runbook.md")); err != nil {
		t.Fatal(err)
	}
	f.edit("Handbook/On-call runbook.md", func(b string) string { return b + "Then page someone.\n" })
	f.eventually("the renamed file's edit reaches the same page", func() bool {
		return f.find(p.ID).Body == "Restart the service.\nThen page someone.\n"
	})
	// A new title in its front matter renames the page; the file keeps its name.
	f.write("Handbook/On-call runbook.md", strings.Replace(f.read("Handbook/On-call runbook.md"), `title: "Runbook"`, `title: "Pager duty"`, 1))
	f.eventually("the page takes the title", func() bool { return f.find(p.ID).Title == "Pager duty" })
	f.sync()
	if _, err := os.Stat(f.path("Handbook/On-call runbook.md")); err != nil {
		t.Fatalf("the file was moved after its title changed: %v; files %v", err, files(t, f.dir))
	}
	if _, err := os.Stat(f.path("Handbook/Pager duty.md")); err == nil {
		t.Fatalf("a second file was written for the new title; files %v", files(t, f.dir))
	}
	if got := f.find(p.ID); got.InTrash() {
		t.Fatal("a renamed file sent its page to the trash")
	}
	// Moved into another space's folder: the page moves to that space.
	if err := os.MkdirAll(f.path("Engineering"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(f.path("Handbook/On-call runbook.md"), f.path("Engineering/On-call runbook.md")); err != nil {
		t.Fatal(err)
	}
	f.eventually("the page moves with its file", func() bool { return f.find(p.ID).Space == other.ID })
	f.sync()
	if got := f.find(p.ID); got.InTrash() || got.Body != "Restart the service.\nThen page someone.\n" {
		t.Errorf("after the move: trashed %v, body %q", got.InTrash(), got.Body)
	}
	if _, err := os.Stat(f.path("Engineering/On-call runbook.md")); err != nil {
		t.Errorf("the moved file is gone: %v; files %v", err, files(t, f.dir))
	}
	for _, s := range f.livePages() {
		if s.ID != p.ID && (s.Title == "On-call runbook" || s.Title == "Runbook" || s.Title == "Pager duty") {
			t.Errorf("a second page %q was made from the moved file", s.Title)
		}
	}
}

func TestDeletedFileTrashesPage(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	p := f.page("Old policy", "Obsolete.\n")
	f.sync()
	if err := os.Remove(f.path("Handbook/Old policy.md")); err != nil {
		t.Fatal(err)
	}
	f.eventually("the page is in the trash", func() bool { return f.find(p.ID).InTrash() })
	// Restored in Longhand, its file comes back.
	if _, err := f.db.RestorePage(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	f.m.PageChanged(p.ID)
	f.eventually("the file is back", func() bool { return f.body("Handbook/Old policy.md") == "Obsolete.\n" })
	// Trashed in Longhand, its file goes.
	saved := f.read("Handbook/Old policy.md")
	if _, err := f.db.DeletePage(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	f.eventually("the file is removed", func() bool {
		_, err := os.Stat(f.path("Handbook/Old policy.md"))
		return os.IsNotExist(err)
	})
	// Put back (from a backup, or the file manager's undo), it brings its page back.
	f.write("Handbook/Old policy.md", saved)
	f.eventually("the page is out of the trash", func() bool { return !f.find(p.ID).InTrash() })
	if n := len(f.livePages()); n != 2 {
		t.Errorf("%d live pages, want 2: the file brought back its own page, not a new one", n)
	}
}

func TestHostileFilesAreRefused(t *testing.T) {
	f := setup(t)
	outside := filepath.Join(t.TempDir(), "secret.md")
	os.WriteFile(outside, []byte("---\ntitle: Secret\n---\nsecret\n"), 0o644)
	if err := os.Symlink(outside, f.path("Handbook/Escape.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Dir(outside), f.path("Handbook/Elsewhere")); err != nil {
		t.Fatal(err)
	}
	// Written beside and renamed in, so the mirror never sees it half written
	// (under load, an 8 MB write spans several of its quiet spells).
	huge := bytes.Repeat([]byte("a"), mirror.MaxFileSize+1)
	staged := filepath.Join(t.TempDir(), "Huge.md")
	if err := os.WriteFile(staged, huge, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(staged, f.path("Handbook/Huge.md")); err != nil {
		t.Fatal(err) // t.TempDir() and the folder are on one file system here
	}
	os.WriteFile(f.path("Handbook/Binary.md"), []byte("PK\x03\x04\x00\x00binary"), 0o644)
	bad := "---\ntitle: \"never closed\n---\nbody\n"
	os.WriteFile(f.path("Handbook/Bad front matter.md"), []byte(bad), 0o644)

	f.eventually("every hostile file is reported", func() bool {
		return f.problem("Handbook/Escape.md") != "" && f.problem("Handbook/Huge.md") != "" &&
			f.problem("Handbook/Binary.md") != "" && f.problem("Handbook/Bad front matter.md") != "" &&
			f.problem("Handbook/Elsewhere") != ""
	})
	for _, want := range []struct{ path, says string }{
		{"Handbook/Escape.md", "outside"},
		{"Handbook/Huge.md", "8 MB"},
		{"Handbook/Binary.md", "not text"},
		{"Handbook/Bad front matter.md", "front matter"},
	} {
		if got := f.problem(want.path); !strings.Contains(got, want.says) {
			t.Errorf("problem of %s = %q, want it to say %q", want.path, got, want.says)
		}
	}
	if n := len(f.livePages()); n != 1 {
		t.Errorf("%d live pages, want only the home page: no hostile file becomes a page", n)
	}
	if got := f.read("Handbook/Bad front matter.md"); got != bad {
		t.Errorf("the unreadable file was changed to %q", got)
	}
	if data, _ := os.ReadFile(outside); string(data) != "---\ntitle: Secret\n---\nsecret\n" {
		t.Errorf("the file outside was changed")
	}
	// Fixed, the file is taken in and its problem goes.
	os.WriteFile(f.path("Handbook/Bad front matter.md"), []byte("---\ntitle: \"Fixed\"\n---\nbody\n"), 0o644)
	f.eventually("the fixed file is a page", func() bool {
		return f.problem("Handbook/Bad front matter.md") == "" && len(f.livePages()) == 2
	})
}

// A file Longhand wrote that becomes something it cannot read is left
// alone: the page's later edits are not written over it.
func TestNeverWritesOverAnUnreadableFile(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	p := f.page("Spec", "v1\n")
	f.sync()
	os.WriteFile(f.path("Handbook/Spec.md"), []byte("\x00\x01binary now"), 0o644)
	f.eventually("the binary file is reported", func() bool { return f.problem("Handbook/Spec.md") != "" })
	if _, err := f.db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Pos: 0, Ins: "v2 "}}}); err != nil {
		t.Fatal(err)
	}
	f.m.PageChanged(p.ID)
	f.sync()
	f.sync()
	if got := f.read("Handbook/Spec.md"); got != "\x00\x01binary now" {
		t.Errorf("the file was written over: %q", got)
	}
	if got := f.find(p.ID); got.InTrash() || got.Body != "v2 v1\n" {
		t.Errorf("page: trashed %v body %q", got.InTrash(), got.Body)
	}
}

func files(t *testing.T, dir string) []string {
	var out []string
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && p != dir {
			r, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(r))
		}
		return nil
	})
	return out
}

// A space renamed or trashed in Longhand takes its folder along.
func TestSpaceFolderFollowsTheSpace(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	p := f.page("Values", "Write it down.\n")
	f.sync()
	name := "Culture"
	if _, err := f.db.UpdateSpace(ctx, f.space.ID, store.SpaceUpdate{Name: &name}); err != nil {
		t.Fatal(err)
	}
	f.m.Rescan() // as the app does on space:changed
	f.eventually("the space's folder is renamed", func() bool { return f.body("Culture/Values.md") == "Write it down.\n" })
	if _, err := os.Stat(f.path("Handbook")); !os.IsNotExist(err) {
		t.Errorf("the old space folder is still there; files %v", files(t, f.dir))
	}
	if _, err := f.db.DeleteSpace(ctx, f.space.ID); err != nil {
		t.Fatal(err)
	}
	f.m.Rescan()
	f.eventually("the trashed space's folder is gone", func() bool {
		_, err := os.Stat(f.path("Culture"))
		return os.IsNotExist(err)
	})
	if got := f.find(p.ID); !got.InTrash() || got.Body != "Write it down.\n" {
		t.Errorf("page after its space was trashed: trashed %v body %q", got.InTrash(), got.Body)
	}
}

// A pass that lands while an editor has truncated the file but not yet
// written it neither empties the page nor writes over the file, so the
// editor's write lands in the file the mirror then reads.
func TestPassDuringAnInPlaceSave(t *testing.T) {
	f := newFixture(t)
	f.debounce = time.Hour // passes run when the test says
	f.start()
	p := f.page("Minutes", "Decided: ship.\n")
	f.sync()
	fm, _, _, _ := mdio.Decode(f.read("Handbook/Minutes.md"))
	fh, err := os.OpenFile(f.path("Handbook/Minutes.md"), os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.sync() // the file is empty now
	if got := f.find(p.ID).Body; got != "Decided: ship.\n" {
		t.Errorf("Body while the file was empty = %q, want it untouched", got)
	}
	want := "Decided: ship on Monday.\n"
	if _, err := fh.WriteString(mdio.Encode(fm, want)); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	f.eventually("the save reaches the page", func() bool { return f.find(p.ID).Body == want })
	if got := f.body("Handbook/Minutes.md"); got != want {
		t.Errorf("file body = %q, want the editor's %q", got, want)
	}
}

// A copy of a file, ID and all, becomes a page of its own; the original
// keeps its page.
func TestCopiedFileBecomesANewPage(t *testing.T) {
	f := setup(t)
	p := f.page("Template", "## Goals\n")
	f.sync()
	f.write("Handbook/Q3 plan.md", strings.Replace(f.read("Handbook/Template.md"), "## Goals\n", "## Goals\nGrow.\n", 1))
	var copyID store.DocID
	f.eventually("the copy is a page", func() bool {
		for _, s := range f.livePages() {
			if s.ID != p.ID && s.Title == "Template" && s.Excerpt == "Goals Grow." {
				copyID = s.ID
			}
		}
		return copyID != ""
	})
	if got := f.find(p.ID).Body; got != "## Goals\n" {
		t.Errorf("the original page became %q", got)
	}
	f.eventually("the copy's file carries its own ID", func() bool {
		fm, _, _, _ := mdio.Decode(f.read("Handbook/Q3 plan.md"))
		return fm.ID == string(copyID)
	})
	fm, _, _, _ := mdio.Decode(f.read("Handbook/Template.md"))
	if fm.ID != string(p.ID) {
		t.Errorf("the original file's ID became %q", fm.ID)
	}
}

// A page trashed in Longhand while its file held edits not yet read keeps
// those edits in the trash; its file goes.
func TestTrashedPageKeepsLastFileEdits(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	p := f.page("Draft", "first\n")
	f.sync()
	f.stop()
	f.edit("Handbook/Draft.md", func(b string) string { return b + "second\n" })
	if _, err := f.db.DeletePage(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	f.start()
	f.eventually("the file is gone and the page holds its edit", func() bool {
		_, err := os.Stat(f.path("Handbook/Draft.md"))
		pg := f.find(p.ID)
		return os.IsNotExist(err) && pg.Body == "first\nsecond\n"
	})
	if !f.find(p.ID).InTrash() {
		t.Error("the page came out of the trash")
	}
}

// A folder holding an old export of the workspace: its files name the
// pages by ID but hold older text. The pages keep their text, the files
// are brought up to date, and their old text is kept beside them.
func TestOldExportInTheFolder(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	p, err := f.db.CreatePage(ctx, store.NewPage{Title: "Pricing", Body: "Per seat, from May.\n", Space: f.space.ID})
	if err != nil {
		t.Fatal(err)
	}
	old := mdio.Encode(mdio.FrontMatter{ID: string(p.ID), Title: "Pricing"}, "Flat fee.\n")
	f.write("Handbook/Pricing.md", old)
	f.start()
	f.eventually("the file holds the page's text", func() bool { return f.body("Handbook/Pricing.md") == "Per seat, from May.\n" })
	if got := f.find(p.ID).Body; got != "Per seat, from May.\n" {
		t.Errorf("page body = %q, want it kept", got)
	}
	if got := f.read("Handbook/Pricing.md.orig"); got != old {
		t.Errorf("the old file was not kept aside: %q; files %v", got, files(t, f.dir))
	}
	if n := len(f.livePages()); n != 2 {
		t.Errorf("%d live pages, want 2: the copy kept aside is not a page", n)
	}
}

// A folder another database mirrors (another device's Longhand sharing it
// through a sync service, or another workspace) is refused.
func TestFolderOfAnotherLonghandIsRefused(t *testing.T) {
	f := setup(t)
	other := newFixture(t)
	m, err := mirror.New(other.st, f.dir, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(context.Background()); store.ErrorCode(err) != store.ECONFLICT || !strings.Contains(store.ErrorMessage(err), "Another copy of Longhand") {
		if err == nil {
			m.Stop()
		}
		t.Fatalf("Start on another's folder = %v, want a conflict that says why", err)
	}
	if err := mirror.Claim(context.Background(), other.st, f.dir); store.ErrorCode(err) != store.ECONFLICT {
		t.Errorf("Claim = %v, want a conflict", err)
	}
	// Its own folder it claims again without trouble, after a restart too.
	f.stop()
	f.start()
	if err := mirror.Claim(context.Background(), f.st, f.dir); err != nil {
		t.Errorf("Claim of its own folder = %v", err)
	}
}
