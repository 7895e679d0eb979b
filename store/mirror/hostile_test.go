//go:build unix

package mirror_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/mirror"
)

// within runs f and fails the test if it has not returned in 10 s: an
// open of a FIFO for reading waits for a writer forever. unstick, when
// given, is called then to let a stuck reader go.
func within(t *testing.T, what string, f func(), unstick func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { f(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		if unstick != nil {
			unstick()
		}
		t.Fatalf("%s did not return in 10 s: it waits on a FIFO", what)
	}
}

func mkfifo(t *testing.T, p string) {
	t.Helper()
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
}

// release opens a FIFO for writing, which lets a reader waiting in open go.
func release(p string) {
	if w, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		w.Close()
	}
}

func TestFIFOMarkerIsRefused(t *testing.T) {
	f := newFixture(t)
	marker := f.path(mirror.MarkerFile)
	mkfifo(t, marker)
	var err error
	within(t, "Claim", func() { err = mirror.Claim(context.Background(), f.st, f.dir) }, func() { release(marker) })
	if store.ErrorCode(err) != store.EINVALID || !strings.Contains(store.ErrorMessage(err), "not a regular file") {
		t.Errorf("Claim of a folder whose marker is a FIFO = %v, want a refusal that says why", err)
	}
}

// A name that turns from a regular file into a FIFO between the mirror's
// look and its open must not hold the mirror: the open file is checked,
// not the name.
func TestFIFOSwappedInIsRefused(t *testing.T) {
	f := setup(t)
	stage := t.TempDir() // on the folder's file system, as renames need
	fifo := filepath.Join(stage, "fifo")
	mkfifo(t, fifo)
	name := f.path("Handbook/Race.md")
	text := []byte("---\ntitle: Race\n---\nrace\n")
	f.write("Handbook/Other.md", "other\n")

	stop := make(chan struct{})
	swapped := make(chan struct{})
	go func() {
		defer close(swapped)
		for i := 0; ; i++ {
			select {
			case <-stop:
				os.WriteFile(filepath.Join(stage, "last"), text, 0o644)
				os.Rename(filepath.Join(stage, "last"), name)
				return
			default:
			}
			// The FIFO goes in by a second name, so that a reader stuck on
			// it can be let go through the first.
			tmp := filepath.Join(stage, "next")
			if i%2 == 0 {
				os.WriteFile(tmp, text, 0o644)
			} else if os.Link(fifo, tmp) != nil {
				continue
			}
			os.Rename(tmp, name)
		}
	}()
	within(t, "passes over a file swapped with a FIFO", func() {
		for end := time.Now().Add(2 * time.Second); time.Now().Before(end); {
			f.sync()
		}
		close(stop)
		<-swapped
		f.sync()
	}, func() {
		for range 100 {
			release(fifo)
			time.Sleep(10 * time.Millisecond)
		}
	})
	f.eventually("both files are pages", func() bool {
		titles := map[string]bool{}
		for _, s := range f.livePages() {
			titles[s.Title] = true
		}
		return titles["Race"] && titles["Other"] && f.problem("Handbook/Race.md") == ""
	})
}

func TestHardLinksFromOutsideAreRefused(t *testing.T) {
	f := setup(t)
	outside := filepath.Join(t.TempDir(), "secret.md")
	secret := "---\ntitle: Secret\n---\nsecret\n"
	os.WriteFile(outside, []byte(secret), 0o644)
	if err := os.Link(outside, f.path("Handbook/Linked.md")); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	// A person's own file under two names inside the folder is theirs.
	f.write("Handbook/Own.md", "own\n")
	if err := os.Link(f.path("Handbook/Own.md"), f.path("Handbook/Own too.md")); err != nil {
		t.Fatal(err)
	}
	f.eventually("the outside file is reported and the own ones are pages", func() bool {
		n := 0
		for _, s := range f.livePages() {
			if s.Title == "Own" || s.Title == "Own too" {
				n++
			}
		}
		return f.problem("Handbook/Linked.md") != "" && n == 2
	})
	if got := f.problem("Handbook/Linked.md"); !strings.Contains(got, "hard link") {
		t.Errorf("problem of Linked.md = %q, want it to say it is a hard link", got)
	}
	for _, s := range f.livePages() {
		if s.Title == "Secret" || strings.Contains(s.Excerpt, "secret") {
			t.Errorf("page %q holds the outside file", s.Title)
		}
	}
	if data, _ := os.ReadFile(outside); string(data) != secret {
		t.Errorf("the file outside was changed to %q", data)
	}
}
