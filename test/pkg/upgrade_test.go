//go:build pkgtest

package pkg

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/app"
	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

// undo turns a database back into what the version before a migration
// left, newest first: the upgrade test makes "version N's data" with this
// build's store, then undoes the newest migrations, so that installing
// N+1 must run them. A new migration needs its undo here (the test says so).
var undo = map[int]string{
	28: `DROP INDEX pages_tree; DROP INDEX pages_by_owner;
		CREATE INDEX pages_by_owner ON pages (owner, status);
		CREATE INDEX pages_by_place ON pages (space_id, parent_id, position);
		CREATE INDEX pages_tree ON pages (space_id, parent_id, position, id) WHERE deleted_at = 0 AND is_template = 0;
		DROP TABLE search; DROP TABLE IF EXISTS search_content;
		CREATE VIRTUAL TABLE search USING fts5 (title, body, kind UNINDEXED, doc_id UNINDEXED, content = '',
			contentless_delete = 1, contentless_unindexed = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '3');
		INSERT INTO search (rowid, title, body, kind, doc_id)
			SELECT n, title, unpack_body(packed_body), 'page', id FROM pages WHERE deleted_at = 0 AND is_template = 0;
		INSERT INTO search (rowid, title, body, kind, doc_id)
			SELECT 3000000000000 + n, title, body, 'post', id FROM posts WHERE deleted_at = 0;
		INSERT INTO search (rowid, title, body, kind, doc_id)
			SELECT 3500000000000 + n, '', body, 'post', post_id FROM post_replies WHERE deleted = 0;
		INSERT INTO search (rowid, title, body, kind, doc_id)
			SELECT 4000000000000000 + n, '', body, 'chat', conversation_id FROM chat_messages WHERE deleted = 0`,
	27: `ALTER TABLE pages ADD COLUMN body TEXT NOT NULL DEFAULT '';
		UPDATE pages SET body = unpack_body(packed_body);
		ALTER TABLE pages DROP COLUMN packed_body`,
	26: `CREATE TRIGGER pages_search_insert AFTER INSERT ON pages WHEN new.deleted_at = 0 AND new.is_template = 0 BEGIN
			INSERT INTO search (rowid, title, body, kind, doc_id) VALUES (new.n, new.title, new.body, 'page', new.id);
		END;
		CREATE TRIGGER pages_search_update AFTER UPDATE OF title, body, deleted_at ON pages BEGIN
			DELETE FROM search WHERE rowid = old.n;
			INSERT INTO search (rowid, title, body, kind, doc_id)
				SELECT new.n, new.title, new.body, 'page', new.id WHERE new.deleted_at = 0 AND new.is_template = 0;
		END`,
	25: `DROP TRIGGER videos_transcript_gone; DROP TABLE transcripts; DROP TABLE transcript_entries;
		DELETE FROM search WHERE rowid >= 6000000000000 AND rowid < 4000000000000000;
		DROP TABLE video_authors`,
	24: `DROP TABLE video_seen`,
	23: `DROP TABLE videos; DROP TABLE refused_blobs`,
	22: `DROP TABLE presence_settings`,
	21: `DROP TABLE search; DROP TABLE search_content;
		CREATE VIRTUAL TABLE search USING fts5 (title, body, kind UNINDEXED, doc_id UNINDEXED,
			tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
		INSERT INTO search (rowid, title, body, kind, doc_id)
			SELECT n, title, body, 'page', id FROM pages WHERE deleted_at = 0 AND is_template = 0`,
}

// undone is how many migrations the upgrade has to run.
const undone = 2

// Version N is installed and opens a workspace with pages; the data
// folder is turned back to the schema of two migrations earlier (as an
// older Longhand left it); version N+1 installed over it migrates the
// folder, says so, and shows the same pages.
//
// Version N is this build packaged with an older version number (make
// pkgtest), not an older commit: building one costs CI minutes a run.
// Upgrading from a real older commit (23924ff, schema 19) was run by hand
// when the packages were made and migrated the same way.
func TestUpgradeKeepsPages(t *testing.T) {
	if *oldDeb == "" {
		t.Fatal("-old-deb is required (make pkgtest builds it)")
	}
	install(t, *oldDeb)
	d := newDesktop(t)
	seedPages(t, d.dataDir())
	lh := d.launch(t)
	lh.waitFor(t, `msg="ui ready" screen=[main]`, 90*time.Second)
	lh.stop(t)
	from := undoMigrations(t, d.dataDir())

	install(t, *deb)
	if out, _ := exec.Command("dpkg-query", "-W", "-f=${Version}", "longhand").Output(); !strings.Contains(*deb, "_"+string(out)+"_") {
		t.Errorf("installed version %s, want the one in %s", out, filepath.Base(*deb))
	}
	lh = d.launch(t)
	said := lh.waitFor(t, `msg="migrated data"`, 90*time.Second)
	if want := " from=" + strconv.Itoa(from) + " to=" + strconv.Itoa(sqlite.SchemaVersion()); !strings.Contains(said, want) {
		t.Errorf("the app said %q, want%s", said, want)
	}
	lh.waitFor(t, `msg="ui ready" screen=[main]`, 90*time.Second)
	// An invitation opened now cannot join: this data folder has its
	// workspace. The window says so (look at the screenshot).
	if out, err := d.run(t, "xdg-open", invitation(t).Link); err != nil {
		t.Fatalf("xdg-open: %v\n%s", err, out)
	}
	lh.waitFor(t, `msg="link received" from="second launch"`, 30*time.Second)
	time.Sleep(1500 * time.Millisecond)
	d.screenshot(t, "pkg-upgraded.png")
	lh.stop(t)

	db, err := sqlite.Open(context.Background(), filepath.Join(d.dataDir(), app.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pages, err := db.FindPages(context.Background(), store.PageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, p := range pages {
		full, err := db.FindPage(context.Background(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(full.Body, "Written by version N") {
			titles = append(titles, p.Title)
		}
	}
	sort.Strings(titles)
	if strings.Join(titles, ", ") != "Operating principles, Q3 launch plan, Upgrade notes" {
		t.Errorf("after the upgrade the pages of version N are %q", titles)
	}
	// The migrated search index finds them.
	if hits, err := db.Search(context.Background(), "q3 launch", 10); err != nil || len(hits) != 1 || hits[0].Title != "Q3 launch plan" {
		t.Errorf("search after the upgrade: %+v, %v", hits, err)
	}
	purge(t, "longhand")
}

// seedPages writes a workspace with three pages into dir, as version N.
func seedPages(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(dir, app.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.CreateWorkspace(ctx, "Acme", "Ada Lovelace", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	spaces, err := db.FindSpaces(ctx)
	if err != nil || len(spaces) == 0 {
		t.Fatalf("no space: %v", err)
	}
	for i, title := range []string{"Operating principles", "Q3 launch plan", "Upgrade notes"} {
		body := fmt.Sprintf("# %s\n\nWritten by version N, page %d.\n", title, i+1)
		if _, err := db.CreatePage(ctx, store.NewPage{Title: title, Body: body, Space: spaces[0].ID}); err != nil {
			t.Fatal(err)
		}
	}
}

// undoMigrations turns the data folder's database back by the newest
// undone migrations and returns the schema it is left at.
func undoMigrations(t *testing.T, dir string) int {
	t.Helper()
	db, err := sql.Open(sqlite.DriverName, filepath.Join(dir, app.DatabaseFile)) // with unpack_body
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v := sqlite.SchemaVersion()
	for ; v > sqlite.SchemaVersion()-undone; v-- {
		q, ok := undo[v]
		if !ok {
			t.Fatalf("migration %d has no undo in test/pkg/upgrade_test.go: add one, so that the upgrade test runs it", v)
		}
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("undo migration %d: %v", v, err)
		}
	}
	if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", v)); err != nil {
		t.Fatal(err)
	}
	if got := schemaOf(t, dir); got != v {
		t.Fatalf("schema %d after the undo, want %d", got, v)
	}
	return v
}

// schemaOf reads the schema version of the data folder's database, read
// only, as SQLite sees it (WAL included).
func schemaOf(t *testing.T, dir string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, app.DatabaseFile)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatalf("schema of version N's data: %v", err)
	}
	return v
}
