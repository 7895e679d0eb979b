package mirror_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"
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
	f.sync()
	// The second half, a pass later: it lands in Alpha's folder.
	if err := os.Rename(aside, f.path("Handbook/Alpha/Beta.md")); err != nil {
		t.Fatal(err)
	}
	for range 4 {
		f.sync()
	}
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
