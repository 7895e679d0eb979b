package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sandbox"
	"github.com/longhand/longhand/store/sqlite"
)

// openDB opens a fresh database in a temp dir with a member set up and a
// clock that ticks one second per call.
func openDB(t testing.TB) (*sqlite.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "longhand.db")
	db := mustOpen(t, path)
	if _, err := db.CreateWorkspace(context.Background(), "", "Ada Lovelace", "Europe/London"); err != nil {
		t.Fatalf("CreateWorkspace: %v", err)
	}
	return db, path
}

func mustOpen(t testing.TB, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	db.Sandbox = sandbox.NewLoader(exe)
	t.Cleanup(db.Sandbox.Close)
	var mu sync.Mutex
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(time.Second)
		return clock
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestCreateWorkspace(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "db"))
	sess, err := db.FindSession(ctx)
	if err != nil || sess.Workspace != nil || sess.Me != nil {
		t.Fatalf("FindSession before setup = %+v, %v; want empty", sess, err)
	}
	for _, tc := range []struct {
		name, person, tz string
		code             string
	}{
		{"empty name", "  ", "UTC", store.EINVALID},
		{"unknown zone", "Ada", "Mars/Olympus", store.EINVALID},
		{"no zone", "Ada", "", store.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.CreateWorkspace(ctx, "", tc.person, tc.tz)
			if got := store.ErrorCode(err); got != tc.code {
				t.Errorf("ErrorCode=%q, want %q (err %v)", got, tc.code, err)
			}
		})
	}
	sess, err = db.CreateWorkspace(ctx, "", "  Ada   Lovelace ", "America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	if sess.Me.Name != "Ada Lovelace" || sess.Me.TimeZone != "America/New_York" || sess.Workspace.Name != "Ada Lovelace’s workspace" {
		t.Errorf("session = %+v / %+v", sess.Me, sess.Workspace)
	}
	if _, err := db.CreateWorkspace(ctx, "", "Bob", "UTC"); store.ErrorCode(err) != store.ECONFLICT {
		t.Errorf("second CreateWorkspace: %v, want conflict", err)
	}
}

func TestPageLifecycle(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	p, err := db.CreatePage(ctx, inSpace(db, "  Launch   plan ", "# Goals\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Launch plan" || p.Body != "# Goals\n" || p.Rev == "" {
		t.Fatalf("CreatePage = %+v", p)
	}
	res, err := db.EditPage(ctx, p.ID, store.Edit{Base: p.Rev, Splices: []store.Splice{
		{Pos: 8, Ins: "Ship it."}, {Pos: 2, Del: 5, Ins: "Aims"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rebased || res.Rev == p.Rev {
		t.Errorf("EditPage = %+v, want a new head and no merge", res)
	}
	if _, err := db.UpdatePage(ctx, p.ID, store.PageUpdate{Title: ptr("Launch plan v2")}); err != nil {
		t.Fatal(err)
	}

	// Everything survives closing and reopening the file.
	db.Close()
	db = mustOpen(t, path)
	got, err := db.FindPage(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := "# Aims\nShip it."; got.Body != want {
		t.Errorf("Body=%q, want %q", got.Body, want)
	}
	if got.Title != "Launch plan v2" {
		t.Errorf("Title=%q", got.Title)
	}
	// The materialized row agrees with the CRDT: edit again after the
	// reload, which loads Automerge from the stored snapshot and changes.
	if _, err := db.EditPage(ctx, p.ID, store.Edit{Base: got.Rev, Splices: []store.Splice{{Pos: 0, Del: 2}}}); err != nil {
		t.Fatal(err)
	}
	got, _ = db.FindPage(ctx, p.ID)
	if want := "Aims\nShip it."; got.Body != want {
		t.Errorf("after reload edit Body=%q, want %q", got.Body, want)
	}

	// Trash, list, restore, purge.
	if _, err := db.DeletePage(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	live, _ := db.FindPages(ctx, store.PageFilter{})
	trash, _ := db.FindPages(ctx, store.PageFilter{Trashed: true})
	if slices.ContainsFunc(live, func(s store.PageSummary) bool { return s.ID == p.ID }) || len(trash) != 1 || trash[0].DeletedAt.IsZero() {
		t.Errorf("after delete: live=%v trash=%v", live, trash)
	}
	if _, err := db.RestorePage(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.PurgePage(ctx, p.ID); store.ErrorCode(err) != store.ECONFLICT {
		t.Errorf("PurgePage of a live page: %v, want conflict", err)
	}
	db.DeletePage(ctx, p.ID)
	if err := db.PurgePage(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindPage(ctx, p.ID); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("FindPage after purge: %v, want not found", err)
	}
}

func TestFindPagesOrder(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	a, _ := db.CreatePage(ctx, inSpace(db, "A", ""))
	db.CreatePage(ctx, inSpace(db, "B", ""))
	db.CreatePage(ctx, inSpace(db, "C", ""))
	db.EditPage(ctx, a.ID, store.Edit{Splices: []store.Splice{{Ins: "touched"}}})
	got, err := db.FindPages(ctx, store.PageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, p := range got {
		titles = append(titles, p.Title)
	}
	if want := "A,C,B,"; strings.Join(titles[:3], ",")+"," != want {
		t.Errorf("order=%v, want %s (most recently updated first)", titles, want)
	}
	if got[0].Excerpt != "touched" {
		t.Errorf("Excerpt=%q", got[0].Excerpt)
	}
}

func TestEditValidation(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	p, _ := db.CreatePage(ctx, inSpace(db, "T", "héllo 👋"))
	for _, tc := range []struct {
		name    string
		id      store.DocID
		splices []store.Splice
		code    string
	}{
		{"past the end", p.ID, []store.Splice{{Pos: 9, Ins: "x"}}, store.EINVALID},
		{"delete past the end", p.ID, []store.Splice{{Pos: 7, Del: 2}}, store.EINVALID},
		{"negative", p.ID, []store.Splice{{Pos: -1}}, store.EINVALID},
		{"second splice does not fit", p.ID, []store.Splice{{Pos: 0, Del: 8}, {Pos: 1, Ins: "x"}}, store.EINVALID},
		{"invalid utf-8", p.ID, []store.Splice{{Pos: 0, Ins: "\xff"}}, store.EINVALID},
		{"malformed id", "../etc", nil, store.EINVALID},
		{"unknown id", store.NewDocID(), []store.Splice{{Ins: "x"}}, store.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.EditPage(ctx, tc.id, store.Edit{Splices: tc.splices})
			if got := store.ErrorCode(err); got != tc.code {
				t.Errorf("ErrorCode=%q, want %q (err %v)", got, tc.code, err)
			}
		})
	}
	// Code points, not bytes: replace the emoji (position 6, one code point).
	if _, err := db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Pos: 6, Del: 1, Ins: "🌍"}}}); err != nil {
		t.Fatal(err)
	}
	got, _ := db.FindPage(ctx, p.ID)
	if got.Body != "héllo 🌍" {
		t.Errorf("Body=%q", got.Body)
	}
}

// Two editors start from the same heads; the second one's splices were
// made against the old version and must merge, not clobber.
func TestConcurrentEditsMerge(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	p, _ := db.CreatePage(ctx, inSpace(db, "T", "one two three"))
	base := p.Rev
	r1, err := db.EditPage(ctx, p.ID, store.Edit{Base: base, Splices: []store.Splice{{Pos: 0, Ins: "ONE+ "}}})
	if err != nil || r1.Rebased {
		t.Fatalf("first edit: %+v, %v", r1, err)
	}
	r2, err := db.EditPage(ctx, p.ID, store.Edit{Base: base, Splices: []store.Splice{{Pos: 13, Ins: " four"}}})
	if err != nil {
		t.Fatal(err)
	}
	if !r2.Rebased {
		t.Errorf("second edit Rebased=false, want true")
	}
	got, _ := db.FindPage(ctx, p.ID)
	if want := "ONE+ one two three four"; got.Body != want {
		t.Errorf("Body=%q, want %q", got.Body, want)
	}
	if got.Rev != r2.Rev {
		t.Errorf("Rev=%q, want %q", got.Rev, r2.Rev)
	}
	_, err = db.EditPage(ctx, p.ID, store.Edit{Base: "0badc0ffee00.7", Splices: []store.Splice{{Ins: "x"}}})
	if store.ErrorCode(err) != store.ECONFLICT {
		t.Errorf("edit against unknown heads: %v, want conflict", err)
	}
}

// Many edits cross the compaction threshold; the page must still reload
// with every edit in it and the log folded into the snapshot.
func TestCompactionKeepsEverything(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	p, _ := db.CreatePage(ctx, inSpace(db, "T", ""))
	var want strings.Builder
	for i := 0; i < 600; i++ {
		c := string(rune('a' + i%26))
		if _, err := db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Pos: i, Ins: c}}}); err != nil {
			t.Fatal(err)
		}
		want.WriteString(c)
	}
	db.Close()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	raw.QueryRow("SELECT count(*) FROM changes WHERE doc_id = ?", p.ID).Scan(&n)
	raw.Close()
	if n >= 256 {
		t.Errorf("%d changes logged, want fewer than the compaction threshold", n)
	}
	db = mustOpen(t, path)
	// Edit once more so the document is loaded from snapshot + log.
	if _, err := db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Pos: 600, Ins: "!"}}}); err != nil {
		t.Fatal(err)
	}
	got, _ := db.FindPage(ctx, p.ID)
	if got.Body != want.String()+"!" {
		t.Errorf("Body has %d chars, want %d", len(got.Body), want.Len()+1)
	}
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	a, _ := db.CreatePage(ctx, inSpace(db, "Incident review", "The database failover took nine minutes."))
	db.CreatePage(ctx, inSpace(db, "Recruiting plan", "We recruit two engineers for the database team."))
	db.CreatePage(ctx, inSpace(db, "Team notes", "Recruiting is on hold until the recruiting plan is agreed."))
	trashed, _ := db.CreatePage(ctx, inSpace(db, "Old failover notes", "failover failover"))
	db.DeletePage(ctx, trashed.ID)

	for _, tc := range []struct {
		name, q string
		want    []string
	}{
		{"word", "failover", []string{"Incident review"}},
		{"prefix while typing", "failo", []string{"Incident review"}},
		{"title ranks higher", "recruiting", []string{"Recruiting plan", "Team notes"}},
		{"fts syntax is just text", `"NEAR( OR *`, nil},
		{"diacritics fold", "faílover", []string{"Incident review"}},
		{"empty", "   ", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hits, err := db.Search(ctx, tc.q, 10)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.Title)
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("hits=%v, want %v", got, tc.want)
			}
		})
	}
	hits, _ := db.Search(ctx, "nine", 10)
	if len(hits) != 1 || !strings.Contains(hits[0].Snippet, store.SnippetOpen+"nine"+store.SnippetClose) {
		t.Errorf("snippet=%+v, want the match marked", hits)
	}
	// Edits reach the index.
	db.EditPage(ctx, a.ID, store.Edit{Splices: []store.Splice{{Pos: 0, Ins: "Postmortem: "}}})
	if hits, _ := db.Search(ctx, "postmortem", 10); len(hits) != 1 {
		t.Errorf("after edit: %d hits, want 1", len(hits))
	}
}

func ptr[T any](v T) *T { return &v }

func TestEditorTooFarBehindIsToldToReload(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	sqlite.SetHistoryLen(db, 3)
	p, _ := db.CreatePage(ctx, inSpace(db, "T", ""))
	stale := p.Rev
	rev := p.Rev
	for i := 0; i < 5; i++ {
		res, err := db.EditPage(ctx, p.ID, store.Edit{Base: rev, Splices: []store.Splice{{Pos: i, Ins: "x"}}})
		if err != nil {
			t.Fatal(err)
		}
		rev = res.Rev
	}
	_, err := db.EditPage(ctx, p.ID, store.Edit{Base: stale, Splices: []store.Splice{{Ins: "late"}}})
	if store.ErrorCode(err) != store.ECONFLICT {
		t.Errorf("edit 5 revisions late with 3 kept: %v, want conflict", err)
	}
	_, err = db.EditPage(ctx, p.ID, store.Edit{Base: "not a revision", Splices: []store.Splice{{Ins: "x"}}})
	if store.ErrorCode(err) != store.EINVALID {
		t.Errorf("edit with a malformed base: %v, want invalid", err)
	}
}

// A page evicted from memory keeps its revision, so an editor that sat on
// it for a while goes on without a reload.
func TestRevisionSurvivesEviction(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	sqlite.SetFastFolding(db) // keeps two pages in memory
	a, _ := db.CreatePage(ctx, inSpace(db, "A", ""))
	res, err := db.EditPage(ctx, a.ID, store.Edit{Base: a.Rev, Splices: []store.Splice{{Ins: "one"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"B", "C", "D"} {
		p, _ := db.CreatePage(ctx, inSpace(db, title, ""))
		db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Ins: title}}})
	}
	res2, err := db.EditPage(ctx, a.ID, store.Edit{Base: res.Rev, Splices: []store.Splice{{Pos: 3, Ins: " two"}}})
	if err != nil || res2.Rebased || res2.PrevRev != res.Rev {
		t.Fatalf("edit after eviction: %+v, %v; want it applied on the revision the editor had", res2, err)
	}
	got, _ := db.FindPage(ctx, a.ID)
	if got.Body != "one two" {
		t.Errorf("Body=%q", got.Body)
	}
}

// A page evicted with its last edits still being stored reopens from what
// they store: read before they commit, its row would show the text without
// them, under the revision that has them, and an editor would build on it.
func TestReopenAfterEvictionWaitsForItsWrites(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	a, _ := db.CreatePage(ctx, inSpace(db, "A", ""))
	b, _ := db.CreatePage(ctx, inSpace(db, "B", ""))
	res, _ := db.EditPage(ctx, a.ID, store.Edit{Base: a.Rev, Splices: []store.Splice{{Ins: "one"}}})
	db.FindPage(ctx, a.ID) // loaded and folded
	if _, err := db.EditPage(ctx, a.ID, store.Edit{Base: res.Rev, Splices: []store.Splice{{Pos: 3, Ins: " two"}}}); err != nil {
		t.Fatal(err)
	}
	// Another program holds the write lock, so what is queued waits.
	raw, _ := sql.Open("sqlite3", path)
	defer raw.Close()
	lock, err := raw.Begin()
	if err == nil {
		_, err = lock.Exec("INSERT INTO local (key, value) VALUES ('lock', '')")
	}
	if err != nil {
		t.Fatal(err)
	}
	sqlite.SetMaxOpenPages(db, 1)
	if err := sqlite.OpenForEditing(db, b.ID); err != nil { // evicts A, its fold queued
		t.Fatal(err)
	}
	go func() {
		time.Sleep(50 * time.Millisecond)
		lock.Rollback()
	}()
	got, err := db.FindPage(ctx, a.ID)
	if err != nil || got.Body != "one two" {
		t.Fatalf("after eviction A reads %q at %s (%v); want %q", got.Body, got.Rev, err, "one two")
	}
}

// inSpace describes a new page at the end of the workspace's first space.
func inSpace(db *sqlite.DB, title, body string) store.NewPage {
	spaces, err := db.FindSpaces(context.Background())
	if err != nil || len(spaces) == 0 {
		panic(fmt.Sprintf("no space to put a page in: %v", err))
	}
	return store.NewPage{Title: title, Body: body, Space: spaces[0].ID}
}

// searchableOfEachKind writes a page ("quokka"), a post ("numbat") with a
// reply ("wombat") and a chat message ("bilby"), and returns the page,
// the post and the conversation.
func searchableOfEachKind(t *testing.T, db *sqlite.DB) (page *store.Page, post *store.Post, chat *store.Conversation) {
	t.Helper()
	ctx := context.Background()
	page, err := db.CreatePage(ctx, inSpace(db, "Canary page", "The quokka memo is due."))
	if err != nil {
		t.Fatal(err)
	}
	gen := channelNamed(t, db, "General")
	bo, err := db.CreateMember(ctx, store.NewMember{Name: "Bo Tanaka", TimeZone: "Asia/Tokyo"})
	if err != nil {
		t.Fatal(err)
	}
	if post, err = db.CreatePost(ctx, store.NewPost{Channel: gen.ID, Title: "Planning", Body: "Bring the numbat numbers."}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReplyToPost(ctx, post.ID, "Mine has the wombat figures"); err != nil {
		t.Fatal(err)
	}
	if chat, err = db.StartConversation(ctx, []store.DocID{bo.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SendMessage(ctx, chat.ID, "Lunch at the bilby place?"); err != nil {
		t.Fatal(err)
	}
	return page, post, chat
}

// The search index keeps no second copy of the text (only the words it
// indexes), and opening a database whose index predates that (migration
// 0021) builds it again from the rows of every kind.
func TestSearchIndexKeepsNoCopyOfTheText(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	page, post, chat := searchableOfEachKind(t, db)
	want := map[string]store.SearchHit{
		"quokka": {ID: page.ID, Kind: store.KindPage, Title: "Canary page", Snippet: "The \x02quokka\x03 memo is due."},
		"numbat": {ID: post.ID, Kind: store.KindPost, Title: "Planning", Snippet: "Bring the \x02numbat\x03 numbers."},
		"wombat": {ID: post.ID, Kind: store.KindPost, Title: "Planning", Snippet: "Mine has the \x02wombat\x03 figures"},
		"bilby":  {ID: chat.ID, Kind: store.KindChat, Title: "", Snippet: "Lunch at the \x02bilby\x03 place?"},
	}
	check := func(when string) {
		t.Helper()
		for q, w := range want {
			hits, err := db.Search(ctx, q, 10)
			if err != nil || len(hits) != 1 || hits[0] != w {
				t.Errorf("%s: Search(%q) = %+v, %v; want %+v", when, q, hits, err, w)
			}
		}
		if _, err := sqlite.Exec(db, "INSERT INTO search (search) VALUES ('integrity-check')"); err != nil {
			t.Errorf("%s: the index fails its integrity check: %v", when, err)
		}
	}
	check("as written")
	// The index's own tables hold the kind and document of a row, never its words.
	rows, err := sqlite.Query(db, "SELECT * FROM search_content")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, doc, kind any
		if err := rows.Scan(&id, &doc, &kind); err != nil {
			t.Fatal(err)
		}
		for _, v := range []any{doc, kind} {
			if s, ok := v.(string); ok && strings.ContainsAny(s, " ") {
				t.Errorf("search_content holds text: %q", s)
			}
		}
	}
	rows.Close()

	// A database from before the change: its index is built again at open.
	if _, err := sqlite.Exec(db, sqlite.UndoPackedBodies+`DROP TABLE search; DROP TABLE search_content;
		CREATE VIRTUAL TABLE search USING fts5 (title, body, kind UNINDEXED, doc_id UNINDEXED); PRAGMA user_version = 20`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = mustOpen(t, path)
	check("after the migration")
	// And again from the present schema: the migration can run twice.
	if _, err := sqlite.Exec(db, sqlite.UndoPackedBodies+"PRAGMA user_version = 20"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = mustOpen(t, path)
	check("after the migration ran again")
}

// Migration 0028 builds the search index again without its prefix index,
// from the rows of every kind, and puts the page tree's two indexes into
// one: search finds what it found before, the last word still as a
// prefix, and siblings keep their order.
func TestSearchIndexWithoutPrefixes(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	page, post, chat := searchableOfEachKind(t, db)
	goal := mustGoal(t, db, store.NewGoal{Title: "Count the echidnas", Level: store.LevelQuarterly, Scope: store.ScopeCompany, Measure: numeric(0, 30)})
	checkin, err := db.CreateCheckIn(ctx, store.NewCheckIn{
		Updates:  []store.GoalCheckIn{{Goal: goal.ID, Value: 9, Status: store.StatusOnTrack, Confidence: 60}},
		Progress: "Found the platypus burrow",
	})
	if err != nil {
		t.Fatal(err)
	}
	first, _ := db.CreatePage(ctx, inSpace(db, "Second sibling", ""))
	before, _ := db.CreatePage(ctx, inSpace(db, "First sibling", ""))
	if _, err := db.MovePage(ctx, before.ID, store.PageMove{Space: first.Space, Parent: first.Parent, Before: first.ID}); err != nil {
		t.Fatal(err)
	}
	found := func(q string) store.DocID {
		t.Helper()
		hits, err := db.Search(ctx, q, 10)
		if err != nil || len(hits) != 1 {
			t.Errorf("Search(%q) = %+v, %v; want one hit", q, hits, err)
			return "none"
		}
		return hits[0].ID
	}
	check := func(when string) {
		t.Helper()
		for q, want := range map[string]store.DocID{
			"quokka": page.ID, "quok": page.ID, "memo quo": page.ID,
			"numbat": post.ID, "wombat": post.ID, "wom": post.ID,
			"bilby": chat.ID, "echidnas": goal.ID, "platyp": checkin.ID,
		} {
			if got := found(q); got != want {
				t.Errorf("%s: Search(%q) found %s, want %s", when, q, got, want)
			}
		}
		if _, err := sqlite.Exec(db, "INSERT INTO search (search) VALUES ('integrity-check')"); err != nil {
			t.Errorf("%s: the index fails its integrity check: %v", when, err)
		}
		var schema string
		if err := sqlite.QueryRow(db, "SELECT group_concat(sql, ';') FROM sqlite_schema WHERE name IN ('search', 'pages_by_place')").Scan(&schema); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(schema, "prefix") || strings.Contains(schema, "pages_by_place") {
			t.Errorf("%s: schema %s, want no prefix index and no pages_by_place", when, schema)
		}
		var titles []string
		branch, err := db.FindBranch(ctx, first.Space, first.Parent, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range branch.Rows {
			titles = append(titles, r.Title)
		}
		if i, j := slices.Index(titles, before.Title), slices.Index(titles, first.Title); i < 0 || j != i+1 {
			t.Errorf("%s: siblings %q, want %q just before %q", when, titles, before.Title, first.Title)
		}
	}
	check("as written")

	// A database from before the migration (its index as 0021 made it).
	undo := `DROP INDEX pages_tree; DROP INDEX pages_by_owner;
		CREATE INDEX pages_by_owner ON pages (owner, status);
		CREATE INDEX pages_by_place ON pages (space_id, parent_id, position);
		CREATE INDEX pages_tree ON pages (space_id, parent_id, position, id) WHERE deleted_at = 0 AND is_template = 0;
		DROP TABLE search; DROP TABLE IF EXISTS search_content;
		CREATE VIRTUAL TABLE search USING fts5 (title, body, kind UNINDEXED, doc_id UNINDEXED, content = '',
			contentless_delete = 1, contentless_unindexed = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '3');
		PRAGMA user_version = 27`
	if _, err := sqlite.Exec(db, undo); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = mustOpen(t, path)
	check("after the migration")
	// And again from the present schema: the migration can run twice.
	if _, err := sqlite.Exec(db, "PRAGMA user_version = 27"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = mustOpen(t, path)
	check("after the migration ran again")
}

// A query whose last word has one or two characters is still being
// typed: it matches its other words, with the hits whose text has a word
// the fragment starts first, so results narrow rather than vanish; alone,
// a short word matches as a whole term, then as the start of titles.
func TestSearchAsItIsTyped(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	canary, _ := db.CreatePage(ctx, inSpace(db, "Canary page", "The quokka memo is due."))
	release, _ := db.CreatePage(ctx, inSpace(db, "Release memo", "A memo about the release train."))
	style, _ := db.CreatePage(ctx, inSpace(db, "Style guide", "We write Go and run gofmt."))
	ui, _ := db.CreatePage(ctx, inSpace(db, "Ux review", "Screens, one by one."))
	gofmt, _ := db.CreatePage(ctx, inSpace(db, "Formatting", "Run gofmt first."))
	tomorrow, _ := db.CreatePage(ctx, inSpace(db, "予定", "明日の会議について"))
	ids := func(q string) []store.DocID {
		t.Helper()
		hits, err := db.Search(ctx, q, 10)
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		var out []store.DocID
		for _, h := range hits {
			out = append(out, h.ID)
		}
		return out
	}
	for _, tc := range []struct {
		query string
		first store.DocID   // "" when any of also may come first
		also  []store.DocID // among the hits
		not   []store.DocID
	}{
		{"memo qu", canary.ID, []store.DocID{release.ID}, nil},
		{"memo re", release.ID, []store.DocID{canary.ID}, nil},
		{"memo q", canary.ID, []store.DocID{release.ID}, nil},
		{"memo zz", "", []store.DocID{canary.ID, release.ID}, []store.DocID{style.ID}}, // no word starts "zz": the memos still show
		{"go", style.ID, nil, []store.DocID{gofmt.ID}},                                 // a whole term: not every page with "gofmt"
		{"ca", canary.ID, nil, []store.DocID{release.ID}},                              // the start of a title
		{"u", ui.ID, nil, nil},
		{"明日", tomorrow.ID, nil, nil}, // a run of Han and kana is one term: short, it is still a prefix
		{"明", tomorrow.ID, nil, nil},
	} {
		got := ids(tc.query)
		if len(got) == 0 || (tc.first != "" && got[0] != tc.first) {
			t.Errorf("Search(%q) = %v, want %s first", tc.query, got, tc.first)
		}
		for _, a := range tc.also {
			if !slices.Contains(got, a) {
				t.Errorf("Search(%q) = %v, lacks %s", tc.query, got, a)
			}
		}
		for _, n := range tc.not {
			if slices.Contains(got, n) {
				t.Errorf("Search(%q) = %v, holds %s", tc.query, got, n)
			}
		}
	}
	hits, _ := db.Search(ctx, "memo qu", 1)
	if len(hits) != 1 || !strings.Contains(hits[0].Snippet, store.SnippetOpen+"quokka"+store.SnippetClose) {
		t.Errorf(`Search("memo qu", 1) = %+v, want the canary page with "quokka" marked`, hits)
	}
}
