//go:build pkgtest

package pkg

import (
	"context"
	"database/sql"
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

// Version N (an older commit, with a migration still to come) is
// installed, its store writes pages and its app opens them; version N+1
// installed over it migrates the data folder, says so, and shows the same
// pages.
func TestUpgradeKeepsPages(t *testing.T) {
	if *oldDeb == "" || *oldSeed == "" {
		t.Fatal("-old-deb and -old-seed are required (make pkgtest builds them)")
	}
	install(t, *oldDeb)
	d := newDesktop(t)
	if out, err := d.run(t, *oldSeed, d.dataDir()); err != nil {
		t.Fatalf("seed with version N: %v\n%s", err, out)
	}
	lh := d.launch(t)
	lh.waitFor(t, `msg="ui ready" screen=[main]`, 90*time.Second)
	lh.stop(t)
	from := schemaOf(t, d.dataDir())
	if from >= sqlite.SchemaVersion() {
		t.Fatalf("version N left schema %d; this build's is %d, so there is no migration to test", from, sqlite.SchemaVersion())
	}

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
	purge(t, "longhand")
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
