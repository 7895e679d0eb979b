package mirror_test

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/mirror"
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

// A file the mirror came across before it saw its folder appear (a walk
// for another reason found it while the folder's event was still queued)
// and that was deleted after its page settled, before that event was
// read: no event of the file's ever comes, since its folder was not
// watched yet. The folder's own event, read late, must still send its page
// to the trash.
func TestFileInANewFolderDeletedBeforeTheFolderIsSeen(t *testing.T) {
	f := newFixture(t)
	f.debounce = time.Hour // passes run when the test says
	f.start()
	old := f.page("Old policy", "Obsolete.\n")
	other := f.page("Other", "Unrelated.\n")
	f.sync()
	// A file gone, held for a grace: the pass that finds it due walks the
	// whole folder once more.
	if err := os.Remove(f.path("Handbook/Old policy.md")); err != nil {
		t.Fatal(err)
	}
	f.sync()
	// Long enough that it is due even though the pass will hear of the
	// new folder as it runs (ten graces; see isDue).
	time.Sleep(1100 * time.Millisecond)
	const folder = "Handbook/Drafts"
	var mu sync.Mutex
	made, holding, held := false, true, map[string]bool{}
	mirror.SetTestHookPass(f.m, func(paths map[string]bool) {
		mu.Lock()
		defer mu.Unlock()
		if !made {
			made = true
			f.write(folder+"/Scratch.md", "Scratch.\n")
		}
		for p := range paths {
			if holding && (p == folder || strings.HasPrefix(p, folder+"/")) {
				held[p] = true
				delete(paths, p)
			}
		}
		if !holding {
			maps.Copy(paths, held)
			clear(held)
		}
	})
	f.sync()
	if !f.find(old.ID).InTrash() {
		t.Fatal("the page whose file was deleted is not in the trash")
	}
	var scratch store.DocID
	for _, p := range f.livePages() {
		if p.Title == "Scratch" {
			scratch = p.ID
		}
	}
	if scratch == "" {
		t.Fatal("the walk did not take the new file in: the test no longer sets the scene")
	}
	f.eventually("the new file holds its page's ID", func() bool { return strings.Contains(f.read(folder+"/Scratch.md"), string(scratch)) })
	f.sync()
	if err := os.Remove(f.path(folder + "/Scratch.md")); err != nil {
		t.Fatal(err)
	}
	f.sync()
	mu.Lock()
	if !held[folder] {
		t.Error("the folder's event was not held back: the test no longer sets the scene")
	}
	holding = false
	mu.Unlock()
	f.m.PageChanged(other.ID) // a pass for another reason, which the folder's event joins
	f.eventually("the deleted file's page is in the trash", func() bool { return f.find(scratch).InTrash() })
}

// A page whose file has been gone for a grace is not trashed while the
// folder is still changing, even when the pass that would trash it has
// not read those changes yet (a long pass under load, with the changes
// waiting in the kernel's queue): a file being moved by deleting it and
// writing it anew is missing for a moment, and comes back.
func TestNoTrashWhileChangesWait(t *testing.T) {
	f := newFixture(t)
	f.debounce = time.Hour // passes run when the test says
	f.start()
	p := f.page("Policy", "Kept.\n")
	f.sync()
	saved := f.read("Handbook/Policy.md")
	// Moved by deleting it, then writing it elsewhere after a while.
	if err := os.Remove(f.path("Handbook/Policy.md")); err != nil {
		t.Fatal(err)
	}
	f.sync()
	time.Sleep(250 * time.Millisecond) // twice the grace
	var once sync.Once
	mirror.SetTestHookPass(f.m, func(map[string]bool) {
		// Another change made just now, which the pass has not read.
		once.Do(func() {
			f.write("Handbook/Other.md", "Other.\n")
			time.Sleep(50 * time.Millisecond) // for the watcher to have it
		})
	})
	f.sync()
	if f.find(p.ID).InTrash() {
		t.Fatal("the page went to the trash while the folder was changing")
	}
	f.write("Handbook/Policy (moved).md", saved)
	for range 3 {
		f.sync()
		time.Sleep(250 * time.Millisecond)
	}
	if f.find(p.ID).InTrash() {
		t.Fatal("the page went to the trash though its file is back")
	}
	if n := f.st.trashed.Load(); n != 0 {
		t.Errorf("the mirror trashed %d pages; a file being moved must keep its page", n)
	}
}
