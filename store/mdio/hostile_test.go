//go:build unix

package mdio_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/mdio"
)

// importSoon runs an import, failing the test if it has not finished in
// a few seconds: a FIFO opened for reading waits for a writer forever.
func importSoon(t *testing.T, run func() (*mdio.ImportReport, error)) *mdio.ImportReport {
	t.Helper()
	type result struct {
		rep *mdio.ImportReport
		err error
	}
	done := make(chan result, 1)
	go func() {
		rep, err := run()
		done <- result{rep, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		return r.rep
	case <-time.After(10 * time.Second):
		t.Fatal("the import did not finish in 10 s: it waits on a FIFO")
		return nil
	}
}

func reasons(rep *mdio.ImportReport) map[string]string {
	out := map[string]string{}
	for _, s := range append(append([]mdio.Skipped{}, rep.Skipped...), rep.Notes...) {
		out[s.Path] += s.Reason
	}
	return out
}

func TestImportRefusesFIFOs(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	sps, _ := db.FindSpaces(ctx)
	dir := t.TempDir()
	write(t, dir, "Guide.md", []byte("See ![x](x.png) and ![logo](logo.png)."))
	write(t, dir, "Other.md", []byte("other"))
	write(t, dir, "logo.png", pngBytes)
	for _, name := range []string{"x.png", "page.md"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The import of the folder, and of files chosen one by one (which are
	// opened without a look at the folder first).
	rep := importSoon(t, func() (*mdio.ImportReport, error) {
		return mdio.ImportDir(ctx, db, sps[0].ID, dir, mdio.DefaultLimits)
	})
	got := reasons(rep)
	if len(rep.Pages) != 2 || rep.Images != 1 {
		t.Errorf("pages %d, images %d; want Guide and Other, and the logo; report %+v", len(rep.Pages), rep.Images, got)
	}
	for p, want := range map[string]string{"page.md": "not a regular file", "Guide.md": "Image x.png was left as a link: it is not a regular file"} {
		if !strings.Contains(got[p], want) {
			t.Errorf("report of %s = %q, want it to say %q", p, got[p], want)
		}
	}
	rep = importSoon(t, func() (*mdio.ImportReport, error) {
		return mdio.ImportFiles(ctx, db, sps[0].ID, []string{filepath.Join(dir, "page.md"), filepath.Join(dir, "Guide.md")}, mdio.DefaultLimits)
	})
	got = reasons(rep)
	if len(rep.Pages) != 1 || !strings.Contains(got["page.md"], "not a regular file") || !strings.Contains(got["Guide.md"], "x.png") {
		t.Errorf("ImportFiles: pages %d, report %+v", len(rep.Pages), got)
	}
}

func TestImportRefusesHardLinksFromOutside(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	sps, _ := db.FindSpaces(ctx)
	outside := t.TempDir()
	write(t, outside, "secret.md", []byte("secret text"))
	write(t, outside, "secret.png", pngBytes)
	dir := t.TempDir()
	write(t, dir, "Guide.md", []byte("![s](s.png)"))
	write(t, dir, "Own.md", []byte("own notes"))
	for _, l := range [][2]string{
		{filepath.Join(outside, "secret.md"), "Notes.md"},
		{filepath.Join(outside, "secret.png"), "s.png"},
		// Two names of one file, both inside: a person's own links.
		{filepath.Join(dir, "Own.md"), "sub/Own again.md"},
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, l[1])), 0o755)
		if err := os.Link(l[0], filepath.Join(dir, l[1])); err != nil {
			t.Skipf("no hard links here: %v", err)
		}
	}
	rep, err := mdio.ImportDir(ctx, db, sps[0].ID, dir, mdio.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	got := reasons(rep)
	for p, want := range map[string]string{"Notes.md": "hard link", "Guide.md": "Image s.png was left as a link: it is a hard link"} {
		if !strings.Contains(got[p], want) {
			t.Errorf("report of %s = %q, want it to say %q", p, got[p], want)
		}
	}
	if rep.Images != 0 || len(rep.Pages) != 4 { // Guide, Own, sub, Own again
		t.Errorf("pages %d, images %d, report %+v", len(rep.Pages), rep.Images, got)
	}
	all, _ := db.FindPages(ctx, store.PageFilter{})
	for _, p := range all {
		if strings.Contains(p.Excerpt, "secret") {
			t.Errorf("page %q holds the outside file", p.Title)
		}
	}
	// A file chosen by itself is held to the same rule: the dialog shows
	// its name, not that it is another file's.
	rep, err = mdio.ImportFiles(ctx, db, sps[0].ID, []string{filepath.Join(dir, "Notes.md")}, mdio.DefaultLimits)
	if err != nil || len(rep.Pages) != 0 || !strings.Contains(reasons(rep)["Notes.md"], "hard link") {
		t.Errorf("ImportFiles of a hard link: %+v, %v", rep, err)
	}
}
