package mirror_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
)

// A file moved into another page's folder, seen by the mirror as gone in
// one pass and as new in the next (the rename's two events split across
// passes, as under load, or a move made by deleting and then writing the
// file), keeps its page: the page goes under the page whose folder it is
// in, is never trashed, and its file stays where it was put.
func TestMoveSeenInTwoPassesKeepsThePage(t *testing.T) {
	f := newFixture(t)
	f.debounce = time.Hour // passes run when the test says
	f.start()
	a := f.page("Alpha", "The folder's page.\n")
	b := f.page("Beta", "The page that moves.\n")
	f.sync()
	if err := os.MkdirAll(f.path("Handbook/Alpha"), 0o755); err != nil {
		t.Fatal(err)
	}
	f.sync()

	// The first half of the move: the file leaves its place.
	aside := filepath.Join(t.TempDir(), "Beta.md")
	if err := os.Rename(f.path("Handbook/Beta.md"), aside); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // its event reaches the mirror
	f.sync()
	// The second half, a pass later: it lands in Alpha's folder.
	if err := os.Rename(aside, f.path("Handbook/Alpha/Beta.md")); err != nil {
		t.Fatal(err)
	}
	f.settle(func() bool { pg := f.find(b.ID); return !pg.InTrash() && pg.Parent == a.ID })
	if got := f.find(b.ID); got.InTrash() || got.Parent != a.ID || got.Body != "The page that moves.\n" {
		t.Errorf("Beta: trashed %v, parent %q (want %q), body %q", got.InTrash(), got.Parent, a.ID, got.Body)
	}
	if got := f.body("Handbook/Alpha/Beta.md"); got != "The page that moves.\n" {
		t.Errorf("the moved file holds %q; files %v", got, files(t, f.dir))
	}
	if _, err := os.Stat(f.path("Handbook/Beta.md")); err == nil {
		t.Errorf("a file is back at the old place; files %v", files(t, f.dir))
	}
	if n, r := f.st.trashed.Load(), f.st.restored.Load(); n != 0 || r != 0 {
		t.Errorf("the mirror trashed %d and restored %d pages during a move, want none", n, r)
	}
}

// A page's subpages go where its file goes, whether their folder is moved
// with it, after it or before it (a pass between), or left behind.
func TestMovedPageTakesItsSubpagesAlong(t *testing.T) {
	for _, order := range []string{"file only", "folder first", "file first"} {
		t.Run(order, func(t *testing.T) {
			f := newFixture(t)
			f.debounce = time.Hour
			f.start()
			ctx := context.Background()
			a := f.page("Alpha", "A.\n")
			b := f.page("Beta", "B.\n")
			c, err := f.db.CreatePage(ctx, store.NewPage{Title: "Gamma", Body: "C.\n", Parent: b.ID})
			if err != nil {
				t.Fatal(err)
			}
			f.m.PageChanged(c.ID)
			f.sync()
			if got := f.body("Handbook/Beta/Gamma.md"); got != "C.\n" {
				t.Fatalf("subpage file holds %q; files %v", got, files(t, f.dir))
			}
			os.MkdirAll(f.path("Handbook/Alpha"), 0o755)
			mv := func(from, to string) {
				if err := os.Rename(f.path(from), f.path(to)); err != nil {
					t.Fatal(err)
				}
			}
			switch order {
			case "file only":
				mv("Handbook/Beta.md", "Handbook/Alpha/Beta.md")
			case "folder first":
				mv("Handbook/Beta", "Handbook/Alpha/Beta")
				f.sync()
				mv("Handbook/Beta.md", "Handbook/Alpha/Beta.md")
			case "file first":
				mv("Handbook/Beta.md", "Handbook/Alpha/Beta.md")
				f.sync()
				if _, err := os.Stat(f.path("Handbook/Beta")); err == nil {
					mv("Handbook/Beta", "Handbook/Alpha/Beta")
				}
			}
			f.settle(func() bool {
				return f.find(b.ID).Parent == a.ID && f.find(c.ID).Parent == b.ID && f.body("Handbook/Alpha/Beta/Gamma.md") == "C.\n"
			})
			if got := f.find(b.ID); got.InTrash() || got.Parent != a.ID {
				t.Errorf("Beta: trashed %v, parent %q, want under Alpha %q", got.InTrash(), got.Parent, a.ID)
			}
			if got := f.find(c.ID); got.InTrash() || got.Parent != b.ID {
				t.Errorf("Gamma: trashed %v, parent %q, want under Beta %q", got.InTrash(), got.Parent, b.ID)
			}
			if got := f.body("Handbook/Alpha/Beta/Gamma.md"); got != "C.\n" {
				t.Errorf("Gamma's file is not in Beta's new folder; files %v", files(t, f.dir))
			}
			if _, err := os.Stat(f.path("Handbook/Beta")); err == nil {
				t.Errorf("Beta's old folder is still there; files %v", files(t, f.dir))
			}
			if n, r := f.st.trashed.Load(), f.st.restored.Load(); n != 0 || r != 0 {
				t.Errorf("the mirror trashed %d and restored %d pages, want none", n, r)
			}
		})
	}
}

// A move made by copying the file and then deleting the original, a pass
// apart (a move across disks, a file manager's cut and paste), keeps the
// page: the copy is not made a page of its own while the original may be
// about to go.
func TestMoveByCopyThenDeleteKeepsThePage(t *testing.T) {
	f := newFixture(t)
	f.debounce = time.Hour
	f.start()
	a := f.page("Alpha", "A.\n")
	b := f.page("Beta", "The page that moves.\n")
	f.sync()
	f.write("Handbook/Alpha/Beta.md", f.read("Handbook/Beta.md"))
	f.sync()
	if err := os.Remove(f.path("Handbook/Beta.md")); err != nil {
		t.Fatal(err)
	}
	f.settle(func() bool { pg := f.find(b.ID); return !pg.InTrash() && pg.Parent == a.ID && len(f.livePages()) == 3 })
	if got := f.find(b.ID); got.InTrash() || got.Parent != a.ID || got.Body != "The page that moves.\n" {
		t.Errorf("Beta: trashed %v, parent %q (want %q), body %q", got.InTrash(), got.Parent, a.ID, got.Body)
	}
	if n := len(f.livePages()); n != 3 {
		t.Errorf("%d live pages, want 3: the copy must not become a page", n)
	}
	if n, r := f.st.trashed.Load(), f.st.restored.Load(); n != 0 || r != 0 {
		t.Errorf("the mirror trashed %d and restored %d pages, want none", n, r)
	}
}

// settle passes the mirror along, a grace apart, until cond holds or 10 s
// have gone by; the test then says what is wrong.
func (f *fixture) settle(cond func() bool) {
	f.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		f.sync()
		if cond() || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	f.sync()
}
