//go:build pkgtest

package pkg

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/app"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/sync/crypto"
)

// invitation makes a real invitation to a workspace named Acme Research,
// from an admin's device in a data folder of its own.
func invitation(t *testing.T) app.InviteView {
	t.Helper()
	dir := t.TempDir()
	id, err := crypto.LoadIdentity(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, app.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.Signer = id
	if _, err := db.CreateWorkspace(t.Context(), "Acme Research", "Ada", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	inv, err := app.NewDevices(t.Context(), id, nil, db, db, db).CreateInvite(app.NewInvite{Role: "member"})
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// The app installs with apt, shows in the menu with its icon, starts from
// its desktop entry, takes a longhand://join link from xdg-open into the
// window already open, and purges without a trace.
func TestAppPackage(t *testing.T) {
	install(t, *deb)

	for _, f := range []string{"/usr/bin/longhand", desktopFile, "/usr/share/metainfo/" + appID + ".metainfo.xml"} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("installed: %v", err)
		}
	}
	for _, size := range []string{"16x16", "24x24", "32x32", "48x48", "64x64", "128x128", "256x256", "512x512"} {
		if _, err := os.Stat("/usr/share/icons/hicolor/" + size + "/apps/" + appID + ".png"); err != nil {
			t.Errorf("icon: %v", err)
		}
	}
	d := newDesktop(t)
	for _, check := range [][]string{
		{"desktop-file-validate", desktopFile},
		{"appstreamcli", "validate", "--no-net", "/usr/share/metainfo/" + appID + ".metainfo.xml"},
	} {
		if out, err := d.run(t, check...); err != nil {
			t.Errorf("%s: %v\n%s", check[0], err, out)
		}
	}
	// The package's trigger registered the handler for the scheme.
	if out, err := d.run(t, "xdg-mime", "query", "default", "x-scheme-handler/longhand"); err != nil || out != appID+".desktop" {
		t.Errorf("xdg-mime query default x-scheme-handler/longhand = %q, %v; want %s.desktop", out, err, appID)
	}

	inv := invitation(t)
	lh := d.launch(t)
	lh.waitFor(t, `msg="ui ready" screen=[setup]`, 90*time.Second)
	if n := len(d.pids()); n != 1 {
		t.Fatalf("%d Longhands run from the desktop entry, want 1", n)
	}

	// The link as a browser hands it on: xdg-open starts a second
	// Longhand, which passes it to the first and exits.
	if out, err := d.run(t, "xdg-open", inv.Link); err != nil {
		t.Fatalf("xdg-open %s: %v\n%s", inv.Link, err, out)
	}
	lh.waitFor(t, `msg="link received" from="second launch" kind=join workspace="Acme Research"`, 30*time.Second)
	time.Sleep(2 * time.Second) // the join form fills and its preview draws
	d.screenshot(t, "pkg-join-link.png")
	if n := len(d.pids()); n != 1 {
		t.Errorf("%d Longhands run after the link, want the first alone", n)
	}

	// A link that is not an invitation is refused by the running window.
	if out, err := d.run(t, "xdg-open", "longhand://join?code=LH-NOT-A-CODE&x=1"); err != nil {
		t.Fatalf("xdg-open of a bad link: %v\n%s", err, out)
	}
	lh.waitFor(t, `msg="link refused" from="second launch"`, 30*time.Second)
	lh.stop(t)

	// Opened while Longhand is not running, the link starts it (through
	// the desktop entry's Exec) on the join form.
	lh = d.launch(t, "xdg-open", inv.Link)
	lh.waitFor(t, `msg="link received" from=start kind=join workspace="Acme Research"`, 90*time.Second)
	lh.waitFor(t, `msg="ui ready" screen=[setup]`, 90*time.Second)
	time.Sleep(2 * time.Second)
	d.screenshot(t, "pkg-join-link-start.png")
	lh.stop(t)
	purge(t, "longhand")
	if b, err := os.ReadFile("/usr/share/applications/mimeinfo.cache"); err == nil && strings.Contains(string(b), "longhand") {
		t.Errorf("the scheme handler is still registered after purge:\n%s", b)
	}
	// The person's data is theirs: removing the app leaves it.
	if _, err := os.Stat(filepath.Join(d.dataDir(), app.DatabaseFile)); err != nil {
		t.Errorf("data folder after purge: %v", err)
	}
}
