package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

// Two compactions of a page in flight at once, the one that read later
// stored first, as the background compactions of a page being typed into
// can run: the other must neither put back its older snapshot nor delete
// the changes logged since, whose numbers start over after a compaction.
// Issue 15 lost a keystroke this way: the stored document fell behind its
// row, the next load failed with "Invalid pos", and after a kill the
// journaled edits did not fit the document and were dropped.
func TestCompactionsOutOfOrderKeepEveryEdit(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "longhand.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.CreateWorkspace(ctx, "", "Compactor", "UTC")
	sqlite.SetCompactAfter(db, 1<<30) // only the compactions staged below
	p, err := db.CreatePage(ctx, inSpace(db, "Page", ""))
	if err != nil {
		t.Fatal(err)
	}
	var body strings.Builder
	rev, typed := p.Rev, 0
	// typeTokens adds n tokens to the page, each acknowledged, and folds them
	// into one change when fold is set.
	typeTokens := func(n int, fold bool) {
		t.Helper()
		for range n {
			tok := strconv.Itoa(typed) + ","
			res, err := db.EditPage(ctx, p.ID, store.Edit{Base: rev, Splices: []store.Splice{{Pos: len(body.String()), Ins: tok}}})
			if err != nil {
				t.Fatalf("edit %d: %v", typed, err)
			}
			rev, typed = res.Rev, typed+1
			body.WriteString(tok)
			if fold {
				if _, err := db.FindPage(ctx, p.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	typeTokens(5, true) // changes 1-5
	first, err := sqlite.StageCompaction(db, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	typeTokens(5, true) // changes 6-10
	second, err := sqlite.StageCompaction(db, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := second(); err != nil { // a snapshot of changes 1-10
		t.Fatal(err)
	}
	typeTokens(5, true) // numbered 1-5 again
	if err := first(); err != nil {
		t.Fatal(err)
	}
	if msg := sqlite.CheckStoredPage(db, p.ID); msg != "" {
		t.Errorf("after the compactions, the stored page does not add up: %s", msg)
	}

	// Type on without folding, then copy the files as a kill would leave them.
	typeTokens(3, false)
	killed := filepath.Join(t.TempDir(), "longhand.db")
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(filepath.Join(dir, "longhand.db"+suffix))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(killed+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	after, err := sqlite.Open(ctx, killed) // replays the journal
	if err != nil {
		t.Fatalf("reopen after the kill: %v", err)
	}
	defer after.Close()
	got, err := after.FindPage(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Body != body.String() {
		t.Errorf("after the kill the page reads\n%q\nwant every acknowledged edit:\n%q", got.Body, body.String())
	}
	// And the page takes more typing, from the text its row shows.
	res, err := after.EditPage(ctx, p.ID, store.Edit{Base: got.Rev, Splices: []store.Splice{{Pos: len(got.Body), Ins: "end,"}}})
	if err != nil {
		t.Fatalf("edit after the kill: %v", err)
	}
	if final, err := after.FindPage(ctx, p.ID); err != nil || final.Body != got.Body+"end," {
		t.Fatalf("after one more edit (%s): %v, %v", res.Rev, final, err)
	}
}

// A compaction that commits while a load reads the page's bytes does not
// tear the read: the snapshot and the change log come from one moment.
// Read one after the other, the old snapshot came with the changes logged
// after the compaction, which do not follow it and did not load.
func TestLoadReadsSnapshotAndChangesTogether(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	defer db.Close()
	sqlite.SetCompactAfter(db, 1<<30)
	p, _ := db.CreatePage(ctx, inSpace(db, "Page", ""))
	body := ""
	typeToken := func() {
		t.Helper()
		tok := strconv.Itoa(len(body)) + ","
		if _, err := db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Pos: len(body), Ins: tok}}}); err != nil {
			t.Fatal(err)
		}
		body += tok
		db.FindPage(ctx, p.ID) // one change
	}
	for range 5 {
		typeToken()
	}
	before := body
	got, complete, err := sqlite.LoadStoredWhile(db, p.ID, func() {
		compact, err := sqlite.StageCompaction(db, p.ID)
		if err == nil {
			err = compact()
		}
		if err != nil {
			t.Error(err)
		}
		typeToken() // logged with the number the compaction freed
	})
	if err != nil {
		t.Fatal(err)
	}
	if !complete || (got != before && got != body) {
		t.Errorf("the load read %q (complete: %v); want %q or %q", got, complete, before, body)
	}
}
