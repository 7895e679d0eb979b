package mdio_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/mdio"
)

// The corpus is assembled by scripts/corpus.sh from pinned npm and Debian
// packages; `make test` passes its path, and then the test must run.
var corpusDir = flag.String("corpus", os.Getenv("LONGHAND_CORPUS"), "folder of the Markdown corpus (scripts/corpus.sh); make corpus sets it")

// minCorpusFiles is the fewest Markdown files the corpus may hold.
const minCorpusFiles = 2000

// TestCorpusRoundTrip imports each package of the corpus into a space,
// exports the space, and compares every exported file with the file it
// came from. The only differences allowed are Longhand's own front matter
// keys and links to other files of the package, which must lead to the
// same file (by its page), with the same anchor, text and title, and to
// images with the same bytes.
func TestCorpusRoundTrip(t *testing.T) {
	if *corpusDir == "" {
		t.Fatal("no corpus: run make corpus (scripts/corpus.sh fetches it and the target sets LONGHAND_CORPUS), or go test -skip TestCorpusRoundTrip")
	}
	var units []string
	for _, kind := range []string{"npm", "deb"} {
		entries, err := os.ReadDir(filepath.Join(*corpusDir, kind))
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() {
				units = append(units, filepath.Join(*corpusDir, kind, e.Name()))
			}
		}
	}
	total := 0
	for _, u := range units {
		total += len(markdownFiles(t, u))
	}
	if total < minCorpusFiles {
		t.Fatalf("the corpus at %s holds %d Markdown files, want at least %d: run scripts/corpus.sh", *corpusDir, total, minCorpusFiles)
	}

	ctx := context.Background()
	db := openDB(t)
	lim := mdio.Limits{MaxEntries: 1 << 20, MaxFileSize: 5 << 20, MaxImageSize: store.MaxAttachmentSize, MaxDepth: 32}
	diffs := map[string][]string{}
	var importTime, exportTime time.Duration
	files, pages, refused, kept := 0, 0, 0, 0
	notes := map[string]int{}
	for _, u := range units {
		name := filepath.Base(u)
		sp, err := db.CreateSpace(ctx, name, "", "")
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		irep, err := mdio.ImportDir(ctx, db, sp.ID, u, lim)
		importTime += time.Since(start)
		if err != nil {
			t.Fatalf("import %s: %v", name, err)
		}
		tooLong := map[string]bool{}
		for _, s := range irep.Skipped {
			if strings.HasPrefix(s.Reason, "It is longer than a page can be") {
				// A page holds at most store.MaxBodyLen characters: a larger
				// file is refused whole, and said so, never cut.
				tooLong[s.Path] = true
				refused++
				continue
			}
			t.Errorf("import %s skipped %s: %s", name, s.Path, s.Reason)
		}
		out := t.TempDir()
		start = time.Now()
		erep, err := mdio.ExportSpace(ctx, db, *sp, out)
		exportTime += time.Since(start)
		if err != nil {
			t.Fatalf("export %s: %v", name, err)
		}
		pages += len(irep.Pages)
		for _, n := range irep.Notes {
			r := n.Reason
			if i := strings.Index(r, ": "); i >= 0 && strings.HasPrefix(r, "The link to") {
				r = "link left as written: " + regexp.MustCompile(`\d+ pages are titled “.*”`).ReplaceAllString(r[i+2:], "several pages have its title")
			} else if strings.HasPrefix(r, "Image ") {
				r = "image left as a link"
			}
			notes[r]++
		}
		src, dst := sourcePages(irep), exportedPages(erep)
		for _, f := range markdownFiles(t, u) {
			files++
			id, ok := src.byFile[f]
			if tooLong[f] {
				continue
			}
			if !ok {
				diffs["not imported"] = append(diffs["not imported"], name+"/"+f)
				continue
			}
			ef, ok := erep.Files[id]
			if !ok {
				diffs["not exported"] = append(diffs["not exported"], name+"/"+f)
				continue
			}
			orig := readText(t, filepath.Join(u, f))
			got := readText(t, filepath.Join(erep.Path, ef))
			// A link that led nowhere in the original is compared as written,
			// wherever it happens to lead in the export.
			unresolved := map[string]bool{}
			origLinks := canonical(u, f, src.resolve, unresolved)
			gotLinks := keptLinks(u, f, src, canonical(erep.Path, ef, dst.resolve, unresolved), &kept)
			for _, c := range compareFile(orig, got, origLinks, gotLinks) {
				diffs[c.kind] = append(diffs[c.kind], fmt.Sprintf("%s/%s (exported as %s): %s", name, f, ef, c.detail))
			}
		}
	}
	t.Logf("corpus: %d packages, %d Markdown files (%d larger than a page can be, refused), %d pages; import %v, export %v",
		len(units), files, refused, pages, importTime.Round(time.Millisecond), exportTime.Round(time.Millisecond))
	t.Logf("links to files of the package that stay as written (reported in the import's notes): %d", kept)
	for r, n := range notes {
		t.Logf("import notes: %d× %s", n, r)
	}
	kinds := make([]string, 0, len(diffs))
	for k := range diffs {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	changed := 0
	for _, k := range kinds {
		changed += len(diffs[k])
		t.Logf("%s: %d", k, len(diffs[k]))
		for i, d := range diffs[k] {
			if i == 5 && !testing.Verbose() {
				break
			}
			t.Logf("  %s", d)
		}
	}
	if changed > 0 {
		t.Errorf("%d content changes in %d files", changed, files)
	}
}

// markdownFiles lists the Markdown files under dir, as slash paths.
func markdownFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && (strings.EqualFold(path.Ext(p), ".md") || strings.EqualFold(path.Ext(p), ".markdown")) {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func readText(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// pageMap finds the page of a Markdown file or a folder, by slash path.
type pageMap struct {
	byFile map[string]store.DocID
	byDir  map[string]store.DocID
}

func (m pageMap) resolve(p string) (store.DocID, bool) {
	if id, ok := m.byFile[p]; ok {
		return id, true
	}
	id, ok := m.byDir[strings.TrimSuffix(p, "/")]
	return id, ok
}

func sourcePages(rep *mdio.ImportReport) pageMap {
	m := pageMap{byFile: map[string]store.DocID{}, byDir: map[string]store.DocID{}}
	for _, f := range rep.Files {
		if f.File != "" {
			m.byFile[f.File] = f.Page
		}
		if f.Folder != "" {
			m.byDir[f.Folder] = f.Page
		}
	}
	return m
}

func exportedPages(rep *mdio.ExportReport) pageMap {
	m := pageMap{byFile: map[string]store.DocID{}, byDir: map[string]store.DocID{}}
	for id, f := range rep.Files {
		m.byFile[f] = id
		// A page's subpages are in the folder named as its file.
		if fi, err := os.Stat(filepath.Join(rep.Path, strings.TrimSuffix(f, ".md"))); err == nil && fi.IsDir() {
			m.byDir[strings.TrimSuffix(f, ".md")] = id
		}
	}
	return m
}

// keptLinks is the canonical rewriter of an exported file that first
// reads each link as the importer left it, relative to the original
// file: a link that could not become a [[link]] (a reference definition,
// a title several pages have) is kept as written. It counts them.
func keptLinks(srcRoot, srcFile string, src pageMap, exported func(mdio.Link) (string, bool), kept *int) func(mdio.Link) (string, bool) {
	orig := canonical(srcRoot, srcFile, src.resolve, nil)
	return func(l mdio.Link) (string, bool) {
		if p, ok := mdio.LocalPath(srcFile, l.Dest); ok {
			if _, ok := src.resolve(p); ok {
				*kept++
				return orig(l)
			}
		}
		return exported(l)
	}
}

// canonical returns a link rewriter that replaces the destination of each
// link to a page's file with "page:<id>" and of each image file with
// "image:<sha256>", keeping anchors and queries, so that a file and its
// export compare equal when their links lead to the same places.
func canonical(root, file string, resolve func(string) (store.DocID, bool), unresolved map[string]bool) func(mdio.Link) (string, bool) {
	return func(l mdio.Link) (string, bool) {
		p, ok := mdio.LocalPath(file, l.Dest)
		if !ok || unresolved[l.Dest] {
			return "", false
		}
		suffix := ""
		if i := strings.IndexAny(l.Dest, "?#"); i >= 0 {
			suffix = l.Dest[i:]
		}
		if id, ok := resolve(p); ok {
			l.Dest = "page:" + string(id) + suffix
			return l.String(), true
		}
		if data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p))); err == nil {
			sum := sha256.Sum256(data)
			l.Dest = "image:" + hex.EncodeToString(sum[:]) + suffix
			return l.String(), true
		}
		if unresolved != nil {
			unresolved[l.Dest] = true
		}
		return "", false
	}
}

type fileDiff struct{ kind, detail string }

// ownKey is a front matter key Longhand writes; in an exported file a
// line with one of them that the original did not have is Longhand's.
var ownKey = regexp.MustCompile(`^(?:id|title|order|created|updated|longhand-[a-z-]+):`)

var h1 = regexp.MustCompile(`(?m)^ {0,3}# +\S.*$`)

// compareFile compares a file with its export, and says how they differ.
func compareFile(orig, got string, origLinks, gotLinks func(mdio.Link) (string, bool)) []fileDiff {
	orig = strings.TrimPrefix(strings.ReplaceAll(orig, "\r\n", "\n"), "\uFEFF")
	oBlock, oRest, oHas := splitBlock(orig)
	gBlock, gRest, gHas := splitBlock(got)
	var out []fileDiff
	// Longhand's own lines are those with its keys that the original lacks.
	inOrig := map[string]bool{}
	for _, l := range oBlock {
		inOrig[l] = true
	}
	var kept []string
	for _, l := range gBlock {
		if ownKey.MatchString(l) && !inOrig[l] {
			continue
		}
		kept = append(kept, l)
	}
	switch {
	case oHas && strings.Join(kept, "\n") != strings.Join(oBlock, "\n"):
		var lost []string
		have := map[string]bool{}
		for _, l := range kept {
			have[l] = true
		}
		for _, l := range oBlock {
			if !have[l] {
				lost = append(lost, l)
			}
		}
		out = append(out, fileDiff{"front matter keys dropped or changed", fmt.Sprintf("lost %q", lost)})
	case !oHas && len(kept) > 0:
		out = append(out, fileDiff{"front matter keys added", fmt.Sprintf("%q", kept)})
	}
	if gHas && !oHas {
		gRest = strings.TrimPrefix(gRest, "\n") // the blank line after Longhand's block
	}
	if !oHas {
		oRest = orig
	}
	if !gHas {
		gRest = got
	}
	if m := h1.FindString(oRest); m != "" && !regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(m)+`$`).MatchString(gRest) {
		out = append(out, fileDiff{"headings lost", fmt.Sprintf("%q", m)})
	}
	o := mdio.RewriteLinks(oRest, origLinks)
	g := mdio.RewriteLinks(gRest, gotLinks)
	if o == g {
		return out
	}
	oa, ga := anchors(o), anchors(g)
	if len(oa) > len(ga) {
		out = append(out, fileDiff{"anchors lost", fmt.Sprintf("%d of %d, e.g. %q", len(oa)-len(ga), len(oa), oa[0])})
	}
	if len(out) == 0 {
		out = append(out, fileDiff{"other changes", firstDiff(o, g)})
	}
	return out
}

var pageAnchor = regexp.MustCompile(`\(page:[0-9a-f]{32}#[^)\s]*`)

func anchors(s string) []string { return pageAnchor.FindAllString(s, -1) }

// splitBlock returns the lines of a leading front matter block and the
// text after its closing line.
func splitBlock(text string) ([]string, string, bool) {
	first, rest, ok := strings.Cut(text, "\n")
	if !ok || strings.TrimRight(first, " \t") != "---" {
		return nil, text, false
	}
	var lines []string
	for {
		line, after, more := strings.Cut(rest, "\n")
		if t := strings.TrimRight(line, " \t"); t == "---" || t == "..." {
			return lines, after, true
		}
		if !more {
			return nil, text, false
		}
		lines = append(lines, line)
		rest = after
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d: %q became %q", i+1, x, y)
		}
	}
	return "line ends"
}
