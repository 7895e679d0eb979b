package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

// Flipped and truncated bytes in stored rows never crash the app: the
// touched page is marked damaged, its bytes go to the quarantine, its last
// materialized text still shows, and every other page works as before.
func TestCorruptRowsAreQuarantined(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		damage string
	}{
		{"flipped snapshot byte", "UPDATE docs SET snapshot = CAST(substr(snapshot, 1, 20) || iif(substr(snapshot, 21, 1) = x'ff', x'fe', x'ff') || substr(snapshot, 22) AS BLOB) WHERE id = ?"},
		{"truncated snapshot", "UPDATE docs SET snapshot = substr(snapshot, 1, length(snapshot) / 2) WHERE id = ?"},
		{"flipped change byte", "UPDATE changes SET bytes = CAST(iif(substr(bytes, 1, 1) = x'00', x'01', x'00') || substr(bytes, 2) AS BLOB) WHERE doc_id = ?"},
		{"truncated change", "UPDATE changes SET bytes = substr(bytes, 1, 9) WHERE doc_id = ?"},
		// Intact bytes that hold less than was saved: Automerge leaves out
		// changes whose dependencies are gone, without an error.
		{"lost change", "DELETE FROM changes WHERE doc_id = ?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, path := openDB(t)
			bad, _ := db.CreatePage(ctx, inSpace(db, "Doomed", ""))
			good, _ := db.CreatePage(ctx, inSpace(db, "Healthy", ""))
			for _, id := range []store.DocID{bad.ID, good.ID} {
				db.EditPage(ctx, id, store.Edit{Splices: []store.Splice{{Ins: "text that was saved"}}})
				db.UpdatePage(ctx, id, store.PageUpdate{Title: ptr(map[bool]string{true: "Doomed", false: "Healthy"}[id == bad.ID])})
			}
			db.Close()

			raw, _ := sql.Open("sqlite3", path)
			if res, err := raw.Exec(tc.damage, bad.ID); err != nil {
				t.Fatal(err)
			} else if n, _ := res.RowsAffected(); n == 0 {
				t.Fatal("damage touched no row")
			}
			raw.Close()

			db = mustOpen(t, path)
			// The first edit is journaled while the document loads in the
			// background; once the load has failed, edits are refused.
			db.EditPage(ctx, bad.ID, store.Edit{Splices: []store.Splice{{Ins: "x"}}})
			db.FindPage(ctx, bad.ID)
			_, err := db.EditPage(ctx, bad.ID, store.Edit{Splices: []store.Splice{{Ins: "x"}}})
			if store.ErrorCode(err) != store.EUNAVAILABLE || !strings.Contains(store.ErrorMessage(err), "damaged") {
				t.Fatalf("edit of the damaged page: %v; want unavailable, saying it is damaged", err)
			}
			p, err := db.FindPage(ctx, bad.ID)
			if err != nil || p.Body != "text that was saved" || p.Damaged == "" {
				t.Errorf("damaged page reads %+v, %v; want its last text and the damage named", p, err)
			}
			list, _ := db.FindPages(ctx, store.PageFilter{})
			for _, s := range list {
				if (s.ID == bad.ID) != (s.Damaged != "") {
					t.Errorf("list: %s Damaged=%q", s.Title, s.Damaged)
				}
			}
			if _, err := db.EditPage(ctx, good.ID, store.Edit{Splices: []store.Splice{{Ins: "still fine: "}}}); err != nil {
				t.Errorf("edit of the healthy page: %v", err)
			}
			db.Close()

			raw, _ = sql.Open("sqlite3", path)
			defer raw.Close()
			var n int
			raw.QueryRow("SELECT count(*) FROM quarantine WHERE doc_id = ?", bad.ID).Scan(&n)
			if n == 0 {
				t.Error("nothing was quarantined")
			}
			checkIntegrity(t, path)
		})
	}
}

// Acknowledged edits that do not fit the page's stored document, whether
// replayed from the journal at start or typed while the document loads,
// are never dropped: they stay in the journal, the page is marked damaged
// and says so, and nothing folds the journal away afterwards.
func TestUnfitEditsAreKept(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		damage string // run with the page's ID
		typed  bool   // the edit is typed after the reopen, at the end of the row's text
	}{
		{"replayed at start", `INSERT INTO journal (doc_id, splices) VALUES (?, CAST('[{"pos":1000,"ins":"typed"}]' AS BLOB))`, false},
		{"typed while it loads", "UPDATE pages SET packed_body = pack_body(unpack_body(packed_body) || ', and more') WHERE id = ?", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, path := openDB(t)
			p, _ := db.CreatePage(ctx, inSpace(db, "Unfit", ""))
			other, _ := db.CreatePage(ctx, inSpace(db, "Healthy", ""))
			db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Ins: "text that was saved"}}})
			db.Close()
			raw, _ := sql.Open(sqlite.DriverName, path) // with pack_body
			if _, err := raw.Exec(tc.damage, p.ID); err != nil {
				t.Fatal(err)
			}
			raw.Close()

			db = mustOpen(t, path) // replays the journal
			defer db.Close()
			if tc.typed {
				row, _ := db.FindPage(ctx, p.ID)
				if _, err := db.EditPage(ctx, p.ID, store.Edit{Base: row.Rev, Splices: []store.Splice{{Pos: len(row.Body), Ins: "typed"}}}); err != nil {
					t.Fatalf("edit: %v", err)
				}
				db.FindPage(ctx, p.ID) // waits for the load
			}
			// A change that loads the page and folds its journal.
			db.UpdatePage(ctx, p.ID, store.PageUpdate{Title: ptr("Renamed")})
			var kept int
			sqlite.QueryRow(db, "SELECT count(*) FROM journal WHERE doc_id = ? AND splices LIKE '%typed%'", p.ID).Scan(&kept)
			if kept != 1 {
				t.Errorf("the acknowledged edit is not in the journal any more")
			}
			got, err := db.FindPage(ctx, p.ID)
			if err != nil || got.Damaged == "" {
				t.Errorf("page reads %+v, %v; want it marked damaged", got, err)
			}
			if _, err := db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Ins: "x"}}}); store.ErrorCode(err) != store.EUNAVAILABLE {
				t.Errorf("edit of the page: %v; want unavailable", err)
			}
			if _, err := db.EditPage(ctx, other.ID, store.Edit{Splices: []store.Splice{{Ins: "fine"}}}); err != nil {
				t.Errorf("edit of another page: %v", err)
			}
		})
	}
}

// When only a checksum is wrong, the bytes still load in the sandbox with
// the recorded heads: the page is stored anew and stays usable.
func TestChecksumOnlyDamageIsSalvaged(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	p, _ := db.CreatePage(ctx, inSpace(db, "Rotten sum", ""))
	db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Ins: "kept"}}})
	db.Close()
	raw, _ := sql.Open("sqlite3", path)
	raw.Exec("UPDATE docs SET sum = sum + 1 WHERE id = ?", p.ID)
	raw.Exec("UPDATE changes SET sum = sum + 1 WHERE doc_id = ?", p.ID)
	raw.Close()

	db = mustOpen(t, path)
	if _, err := db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Pos: 4, Ins: " and edited"}}}); err != nil {
		t.Fatalf("edit after a checksum-only fault: %v", err)
	}
	got, _ := db.FindPage(ctx, p.ID)
	if got.Body != "kept and edited" || got.Damaged != "" {
		t.Errorf("page = %q, damaged %q", got.Body, got.Damaged)
	}
}

// Verify finds damage at start, before anyone opens the page, and
// announces it so lists can show it.
func TestVerifyFindsDamageUpFront(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	bad, _ := db.CreatePage(ctx, inSpace(db, "Doomed", "text"))
	good, _ := db.CreatePage(ctx, inSpace(db, "Healthy", "text"))
	db.Close()
	raw, _ := sql.Open("sqlite3", path)
	raw.Exec("UPDATE docs SET snapshot = CAST(substr(snapshot, 1, 30) AS BLOB) WHERE id = ?", bad.ID)
	raw.Close()

	db = mustOpen(t, path)
	var announced []store.PageSummary
	db.OnPageSaved = func(s store.PageSummary) { announced = append(announced, s) }
	n, err := db.Verify(ctx)
	if err != nil || n != 1 {
		t.Fatalf("Verify = %d, %v; want 1 damaged", n, err)
	}
	if len(announced) != 1 || announced[0].ID != bad.ID || announced[0].Damaged == "" || announced[0].Title != "Doomed" {
		t.Errorf("announced %+v", announced)
	}
	p, _ := db.FindPage(ctx, good.ID)
	if p.Damaged != "" {
		t.Errorf("healthy page marked %q", p.Damaged)
	}
	if n, _ := db.Verify(ctx); n != 0 {
		t.Errorf("second Verify found %d more", n)
	}
}

// Verify remembers what it checked: a second run reads nothing, a page
// edited since is read again, and a row corrupted after the first run is
// still found.
func TestVerifyRemembersWhatItChecked(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	bad, _ := db.CreatePage(ctx, inSpace(db, "Doomed", "text"))
	edited, _ := db.CreatePage(ctx, inSpace(db, "Edited", "text"))
	db.Close()

	db = mustOpen(t, path)
	if n, err := db.Verify(ctx); err != nil || n != 0 {
		t.Fatalf("first Verify = %d, %v", n, err)
	}
	first := sqlite.VerifyReads(db)
	if first < 10 { // the workspace, the member, seven home pages and two pages
		t.Fatalf("first Verify read %d documents, want every one", first)
	}
	if _, err := db.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	if again := sqlite.VerifyReads(db) - first; again != 0 {
		t.Errorf("second Verify read %d documents, want none", again)
	}
	db.Close()

	// Across a restart too; then an edit makes one document new to it.
	db = mustOpen(t, path)
	db.Verify(ctx)
	if n := sqlite.VerifyReads(db); n != 0 {
		t.Errorf("Verify after a restart read %d documents, want none", n)
	}
	db.EditPage(ctx, edited.ID, store.Edit{Splices: []store.Splice{{Ins: "more "}}})
	db.Close()
	db = mustOpen(t, path)
	db.Verify(ctx)
	if n := sqlite.VerifyReads(db); n != 1 {
		t.Errorf("Verify after an edit read %d documents, want the edited one", n)
	}
	db.Close()

	raw, _ := sql.Open("sqlite3", path)
	raw.Exec("UPDATE docs SET snapshot = CAST(substr(snapshot, 1, 30) AS BLOB) WHERE id = ?", bad.ID)
	raw.Close()
	db = mustOpen(t, path)
	n, err := db.Verify(ctx)
	if err != nil || n != 1 {
		t.Fatalf("Verify after corruption = %d, %v; want 1 damaged", n, err)
	}
	if reads := sqlite.VerifyReads(db); reads != 1 {
		t.Errorf("Verify after corruption read %d documents, want the corrupted one", reads)
	}
	if p, _ := db.FindPage(ctx, bad.ID); p.Damaged == "" {
		t.Error("the corrupted page is not marked damaged")
	}
}

// A page row whose packed body cannot be read back is rebuilt from the
// page's document: lists still show every page (the damaged one without
// its excerpt the first time), the page reads and is found with its text,
// the bad bytes are kept in the quarantine, and no other page is touched.
func TestDamagedRowBodyIsRebuiltFromItsDocument(t *testing.T) {
	ctx := context.Background()
	text := strings.Repeat("The quokka memo is due on Friday, with the numbat numbers. ", 5)
	for _, tc := range []struct{ name, damage string }{
		{"flipped byte", "UPDATE pages SET packed_body = CAST(substr(packed_body, 1, 20) || iif(substr(packed_body, 21, 1) = x'ff', x'fe', x'ff') || substr(packed_body, 22) AS BLOB) WHERE id = ?"},
		{"truncated", "UPDATE pages SET packed_body = substr(packed_body, 1, length(packed_body) / 2) WHERE id = ?"},
		{"unknown packing", "UPDATE pages SET packed_body = CAST(x'07' || substr(packed_body, 2) AS BLOB) WHERE id = ?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, path := openDB(t)
			bad, _ := db.CreatePage(ctx, inSpace(db, "Doomed", text))
			good, _ := db.CreatePage(ctx, inSpace(db, "Healthy", "wombat "+text))
			db.Close()
			raw, _ := sql.Open("sqlite3", path)
			var before []byte
			raw.QueryRow("SELECT packed_body FROM pages WHERE id = ?", bad.ID).Scan(&before)
			if _, err := raw.Exec(tc.damage, bad.ID); err != nil {
				t.Fatal(err)
			}
			var damaged []byte
			raw.QueryRow("SELECT packed_body FROM pages WHERE id = ?", bad.ID).Scan(&damaged)
			raw.Close()
			if bytes.Equal(before, damaged) {
				t.Fatal("the damage changed nothing")
			}

			db = mustOpen(t, path)
			defer db.Close()
			list, err := db.FindPages(ctx, store.PageFilter{})
			if err != nil {
				t.Fatalf("list with a damaged row: %v", err)
			}
			excerpts := map[store.DocID]string{}
			for _, s := range list {
				excerpts[s.ID] = s.Excerpt
			}
			if _, ok := excerpts[bad.ID]; !ok || !strings.HasPrefix(excerpts[good.ID], "wombat") {
				t.Errorf("list: %v; want both pages, the healthy one with its excerpt", excerpts)
			}
			p, err := db.FindPage(ctx, bad.ID)
			if err != nil || p.Body != text || p.Title != "Doomed" {
				t.Fatalf("damaged page reads %+v, %v; want its text rebuilt from its document", p, err)
			}
			hits, err := db.Search(ctx, "quokka", 10)
			if err != nil || len(hits) != 2 {
				t.Errorf("search: %+v, %v; want both pages", hits, err)
			}
			for _, h := range hits {
				if !strings.Contains(h.Snippet, store.SnippetOpen+"quokka") {
					t.Errorf("search hit %s has snippet %q", h.Title, h.Snippet)
				}
			}
			var kept []byte
			var reason string
			sqlite.QueryRow(db, "SELECT bytes, reason FROM quarantine WHERE doc_id = ? AND source = 'row'", bad.ID).Scan(&kept, &reason)
			if !bytes.Equal(kept, damaged) || !strings.Contains(reason, "could not be read back") {
				t.Errorf("quarantine holds %d bytes (%q); want the %d damaged bytes and why", len(kept), reason, len(damaged))
			}
			if g, err := db.FindPage(ctx, good.ID); err != nil || g.Body != "wombat "+text {
				t.Errorf("healthy page: %v", err)
			}
			if msg := sqlite.CheckStoredPage(db, bad.ID); msg != "" {
				t.Errorf("rebuilt row: %s", msg)
			}
		})
	}
}
