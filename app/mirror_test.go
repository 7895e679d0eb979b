package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

// mirrorEvents records the mirror's status events.
type mirrorEvents struct {
	mu   sync.Mutex
	last *MirrorStatus
}

func (e *mirrorEvents) Emit(name string, payload any) {
	if name == EventMirrorChanged {
		e.mu.Lock()
		v := payload.(MirrorStatus)
		e.last = &v
		e.mu.Unlock()
	}
}

func (e *mirrorEvents) lastStatus() *MirrorStatus {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.last
}

func newMirrorService(t *testing.T, dbPath, dataDir string) (*sqlite.DB, *Mirror, *Pages, *mirrorEvents, *recorder) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	events := &mirrorEvents{}
	rec := &recorder{}
	svc := NewMirror(ctx, db, nil, fakeDialogs{t.TempDir()}, events, dataDir, t.Logf)
	pages := NewPages(ctx, db, db, db, db, svc.observe(rec))
	svc.announceTo(pages)
	db.OnPageSaved = func(p store.PageSummary) { pages.saved(p); svc.pageSaved(p) }
	t.Cleanup(func() {
		svc.close()
		db.Close()
	})
	return db, svc, pages, events, rec
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting until %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestMirrorService(t *testing.T) {
	dataDir := t.TempDir()
	dbPath := filepath.Join(dataDir, DatabaseFile)
	db, svc, pages, events, _ := newMirrorService(t, dbPath, dataDir)
	ctx := context.Background()
	if _, err := db.CreateWorkspace(ctx, "", "Ada", "UTC"); err != nil {
		t.Fatal(err)
	}
	st, err := svc.Status()
	if err != nil || st.On || st.Folder != "" {
		t.Fatalf("Status before = %+v, %v; want off", st, err)
	}

	// Folders the mirror must not fill are refused with a sentence.
	for _, bad := range []string{"", "relative/dir", "/", dataDir, filepath.Dir(dataDir), filepath.Join(dataDir, "inside")} {
		if _, err := svc.Start(bad); store.ErrorCode(err) != store.EINVALID || store.ErrorMessage(err) == "" {
			t.Errorf("Start(%q) = %v, want invalid with a message", bad, err)
		}
	}
	if _, err := svc.Start(filepath.Join(t.TempDir(), "missing")); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("Start(missing) = %v, want not found", err)
	}

	folder := t.TempDir()
	chosen, err := svc.ChooseFolder()
	if err != nil || chosen == "" {
		t.Fatalf("ChooseFolder = %q, %v", chosen, err)
	}
	st, err = svc.Start(folder)
	if err != nil || !st.On || st.Folder != folder {
		t.Fatalf("Start = %+v, %v", st, err)
	}
	// A page made in Longhand appears as a file, found through the events.
	p, err := pages.Create(NewPageInput{Title: "Roadmap"})
	if err != nil {
		t.Fatal(err)
	}
	var file string
	waitFor(t, "the page's file is written", func() bool {
		matches, _ := filepath.Glob(filepath.Join(folder, "*", "Roadmap.md"))
		if len(matches) == 1 {
			file = matches[0]
		}
		return file != ""
	})
	data, _ := os.ReadFile(file)
	if !strings.Contains(string(data), "id: \""+p.ID+"\"") {
		t.Errorf("file lacks the page ID:\n%s", data)
	}
	// A binary file is a problem in the status and in an event.
	os.WriteFile(filepath.Join(filepath.Dir(file), "Blob.md"), []byte("\x00\x01\x02"), 0o644)
	waitFor(t, "the problem is announced", func() bool {
		ev := events.lastStatus()
		return ev != nil && len(ev.Problems) == 1 && strings.HasSuffix(ev.Problems[0].Path, "/Blob.md")
	})
	if st, _ := svc.Status(); len(st.Problems) != 1 || st.Pages == 0 {
		t.Errorf("Status = %+v, want the pages and one problem", st)
	}

	// Closed and opened again, it resumes the same folder.
	svc.close()
	db.Close()
	db2, svc2, _, _, rec2 := newMirrorService(t, dbPath, dataDir)
	if err := svc2.resume(); err != nil {
		t.Fatal(err)
	}
	if st, err := svc2.Status(); err != nil || !st.On || st.Folder != folder {
		t.Fatalf("Status after restart = %+v, %v", st, err)
	}
	// An edit in the file reaches the page.
	text, _ := os.ReadFile(file)
	os.WriteFile(file, append(text, "Edited in vim.\n"...), 0o644)
	waitFor(t, "the edit reaches the page", func() bool {
		pg, err := db2.FindPage(ctx, store.DocID(p.ID))
		return err == nil && strings.HasSuffix(pg.Body, "Edited in vim.\n")
	})
	// ...announced as an edit with its splices, so open editors take it in.
	waitFor(t, "the edit is announced", func() bool {
		rec2.mu.Lock()
		defer rec2.mu.Unlock()
		for _, ev := range rec2.events {
			if ev.Kind == ChangeEdited && ev.Page.ID == p.ID && ev.Origin == mirrorOrigin && len(ev.Splices) > 0 && ev.Rev != "" {
				return true
			}
		}
		return false
	})

	// Stopped, it leaves the files and forgets the folder.
	if st, err := svc2.Stop(); err != nil || st.On {
		t.Fatalf("Stop = %+v, %v", st, err)
	}
	if _, err := os.Stat(file); err != nil {
		t.Errorf("Stop removed the file: %v", err)
	}
	if folder, _ := db2.FindMirrorFolder(ctx); folder != "" {
		t.Errorf("folder after Stop = %q", folder)
	}
}

func TestMirrorServiceUnavailable(t *testing.T) {
	why := store.Errorf(store.EUNAVAILABLE, "The data folder cannot be read.")
	svc := NewMirror(context.Background(), nil, why, fakeDialogs{}, &recorder{}, "", nil)
	if _, err := svc.Status(); err != why {
		t.Errorf("Status = %v, want %v", err, why)
	}
	if _, err := svc.Start("/tmp"); err != why {
		t.Errorf("Start = %v, want %v", err, why)
	}
	if err := svc.resume(); err != why {
		t.Errorf("Resume = %v", err)
	}
}
