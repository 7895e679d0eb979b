package sqlite_test

import (
	"context"
	"encoding/binary"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

// walPages is about how many pages the WAL file beside path has held at
// most: its size over a page, as its header gives it, and a frame header.
func walPages(t *testing.T, path string) int64 {
	t.Helper()
	wal, err := os.ReadFile(path + "-wal")
	if err != nil || len(wal) < 32 {
		t.Fatalf("read the WAL: %v (%d bytes)", err, len(wal))
	}
	return int64(len(wal)) / (int64(binary.BigEndian.Uint32(wal[8:12])) + 24)
}

// typeInto types n keystrokes at the end of the page, one EditPage each,
// pausing for pause after every burst of them, and checks the page's text.
func typeInto(t *testing.T, db *sqlite.DB, id store.DocID, n, burst int, pause time.Duration) {
	t.Helper()
	ctx := context.Background()
	p, err := db.FindPage(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	rev, at := p.Rev, len([]rune(p.Body))
	for i := 0; i < n; i++ {
		res, err := db.EditPage(ctx, id, store.Edit{Base: rev, Splices: []store.Splice{{Pos: at + i, Ins: "x"}}})
		if err != nil {
			t.Fatal(err)
		}
		rev = res.Rev
		if pause > 0 && i%burst == burst-1 {
			time.Sleep(pause)
		}
	}
	if p, err := db.FindPage(ctx, id); err != nil || p.Body != strings.Repeat("x", at+n) {
		t.Fatalf("the page holds %d characters (%v), want %d", len(p.Body), err, at+n)
	}
}

// Typing with the pauses people make, the WAL is checkpointed and starts
// over without the writer ever checkpointing it, so no keystroke waits for
// a checkpoint. Without the checkpoints' goroutine nothing would checkpoint
// it (the writer's connection has SQLite's own checkpoints off) and the WAL
// would hold a page or more for every keystroke. The pauses are longer
// than the checkpoints' second look (ckptAgain), which finds them quiet.
func TestCheckpointsRunBesideTheWriter(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	sqlite.SetCheckpoints(db, 64, 4000)
	page, err := db.CreatePage(ctx, inSpace(db, "Notes", ""))
	if err != nil {
		t.Fatal(err)
	}
	const n = 2000 // a page or two each
	before := walPages(t, path)
	typeInto(t, db, page.ID, n, 250, 600*time.Millisecond)

	aside, writer := sqlite.Checkpoints(db)
	if aside == 0 || writer != 0 {
		t.Errorf("%d checkpoints beside the writer and %d by it; want some and none", aside, writer)
	}
	if grew := walPages(t, path) - before; grew > n {
		t.Errorf("the WAL grew by %d pages over %d keystrokes: it did not start over", grew, n)
	}
}

// Typing that never pauses leaves every checkpoint beside the writer
// behind it, and the WAL could never start over: past its limit the
// writer checkpoints it itself, so it stays bounded, at the limit and what
// is written while one checkpoint runs. Unbounded it would hold a page or
// two for every keystroke.
func TestWALStaysBoundedWhileWritesNeverPause(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	sqlite.SetCheckpoints(db, 64, 500)
	page, err := db.CreatePage(ctx, inSpace(db, "Notes", ""))
	if err != nil {
		t.Fatal(err)
	}
	const n = 20000
	typeInto(t, db, page.ID, n, n, 0)
	aside, writer := sqlite.Checkpoints(db)
	t.Logf("%d checkpoints beside the writer, %d by it", aside, writer)
	// A checkpoint under load can take a tenth of a second, during which
	// thousands of keystrokes may commit; unbounded, the WAL would hold
	// 20,000 pages or more.
	if pages := walPages(t, path); pages > n/2 {
		t.Errorf("the WAL has held %d pages after %d keystrokes; its limit is 500", pages, n)
	}
}

// Creating a page writes a page of each of some fifteen tables and
// indexes. Counted by the WAL's own frames, 800 page creations in a row
// are checkpointed as they go and the WAL stays near its limit (16 MB);
// counted as one page each, as the writes estimated, the first checkpoint
// came after 1,000 of them and the WAL had reached 137 MB.
func TestWALCountsWhatCommitsWrite(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	if open := sqlite.WALIndexesOpen(db); open != [2]bool{true, true} {
		t.Errorf("WAL-indexes open (main, files): %v; want both", open)
	}
	for i := 0; i < 800; i++ {
		if _, err := db.CreatePage(ctx, inSpace(db, "Page "+strconv.Itoa(i), strings.Repeat("words of a body ", 60))); err != nil {
			t.Fatal(err)
		}
	}
	aside, writer := sqlite.Checkpoints(db)
	t.Logf("%d checkpoints beside the writer, %d by it", aside, writer)
	fi, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if aside == 0 || fi.Size() > 32<<20 {
		t.Errorf("after 800 pages the WAL has held %.1f MB, with %d checkpoints; want at most twice its 16 MB limit", float64(fi.Size())/(1<<20), aside)
	}
}
