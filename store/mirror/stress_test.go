package mirror_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/mdio"
	"github.com/longhand/longhand/store/mirror"
)

// The random tests' sizes. make test runs them small; make soak runs the
// sizes the issue asks for (1,000 operations on 2,000 pages).
var (
	stressOps   = flag.Int("mirror.ops", 200, "outside operations in TestRandomOutsideOperations")
	stressPages = flag.Int("mirror.pages", 400, "pages in the mirror of TestRandomOutsideOperations")
	stressSeed  = flag.Uint64("mirror.seed", 0, "seed of the random tests (0: a new one, printed)")
	racingOps   = flag.Int("mirror.racing-ops", 150, "outside operations in TestRandomOperationsDuringPasses")
	racingPages = flag.Int("mirror.racing-pages", 200, "pages in the mirror of TestRandomOperationsDuringPasses")
)

// TestRandomOutsideOperations does random operations on the mirrored
// folder, as people and their tools do them: edit a file (and sometimes
// the title in its front matter), rename it (with its folder or not), move
// it into another page's folder or another space's (by a rename, with its
// folder first or after, by deleting and then writing it a pass later, or
// by copying and then deleting it), delete a file or a page's whole
// folder, and create files, with the mirror's passes run at random points
// between them. At the end every page must be equal to its file (title,
// place, body), every page must have kept its ID through renames and
// moves, deleted files' pages must be in the trash with their last text,
// created files must be pages, and the mirror must not have trashed and
// then restored any page.
func TestRandomOutsideOperations(t *testing.T) {
	w := newWorld(t, *stressPages, false)
	w.run(*stressOps)
}

// TestRandomOperationsDuringPasses does the same while the mirror runs
// passes on its own and at random moments, so that operations land in the
// middle of a pass, as a person's editor and git checkout do.
func TestRandomOperationsDuringPasses(t *testing.T) {
	w := newWorld(t, *racingPages, true)
	w.run(*racingOps)
}

// doc is one page as the test knows it: by its ID, or, for a file the test
// created, by the token on its body's first line until its ID is known.
type doc struct {
	n      int
	id     store.DocID
	token  string   // the body's first line, for files the test made
	body   string   // what its page's body must be
	bodies []string // the bodies its file had since the last pass the test ran, oldest first
	title  string   // what its page's title must be; "" when it depends on when the mirror read the file
	alive  bool
	home   bool   // a space's home page: it stays at the top of its space
	path   string // where the test last saw its file
	events []string
}

type world struct {
	t      *testing.T
	f      *fixture
	rnd    *rand.Rand
	seed   uint64
	racing bool

	docs    []*doc
	byID    map[store.DocID]*doc
	byToken map[string]*doc
	spaces  map[string]store.DocID // lowercased space folder → space
	folders []string               // space folders
	names   int                    // for unique names

	log       []string
	ops       map[string]int
	refreshes int
	deleted   int // pages the test's operations deleted the file of
}

func newWorld(t *testing.T, pages int, racing bool) *world {
	seed := *stressSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (run again with -mirror.seed=%d)", seed, seed)
	w := &world{t: t, seed: seed, racing: racing, rnd: rand.New(rand.NewPCG(seed, 0x5eed)),
		byID: map[store.DocID]*doc{}, byToken: map[string]*doc{}, spaces: map[string]store.DocID{}, ops: map[string]int{}}
	ctx := context.Background()
	f := newFixture(t)
	w.f = f
	eng, err := f.db.CreateSpace(ctx, "Engineering", "", "")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	spaces := []store.DocID{f.space.ID, eng.ID}
	var made [2][]store.DocID
	for i := range pages {
		s := i % 2
		var parent store.DocID
		if len(made[s]) > 0 && w.rnd.IntN(10) < 6 {
			parent = made[s][w.rnd.IntN(len(made[s]))]
		}
		d := w.newDoc()
		d.title = w.title()
		p, err := f.db.CreatePage(ctx, store.NewPage{Title: d.title, Body: d.body, Space: spaces[s], Parent: parent})
		if err != nil {
			t.Fatal(err)
		}
		d.id = p.ID
		w.byID[d.id] = d
		made[s] = append(made[s], p.ID)
	}
	// The spaces' home pages, and any other page already there.
	all, err := f.db.FindPages(ctx, store.PageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	sps, err := f.db.FindSpaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	homes := map[store.DocID]store.DocID{}
	for _, sp := range sps {
		homes[sp.Home] = sp.ID
	}
	for _, s := range all {
		if w.byID[s.ID] != nil {
			continue
		}
		pg := f.find(s.ID)
		d := &doc{n: len(w.docs), id: s.ID, body: pg.Body, title: pg.Title, alive: true, home: homes[s.ID] != ""}
		w.docs = append(w.docs, d)
		w.byID[d.id] = d
	}
	t.Logf("%d pages made in %v", len(all), time.Since(start).Round(time.Millisecond))

	if racing {
		f.debounce = 5 * time.Millisecond
	} else {
		f.debounce = time.Hour // passes run when the test says
	}
	f.grace = 20 * time.Millisecond
	if racing {
		f.grace = 150 * time.Millisecond
	}
	start = time.Now()
	f.start()
	t.Logf("the mirror wrote %d files in %v", len(all), time.Since(start).Round(time.Millisecond))
	w.refresh()
	for _, d := range w.docs {
		if d.path == "" {
			t.Fatalf("no file for page %s (%q)", d.id, d.title)
		}
		if d.home {
			space, _, _ := strings.Cut(d.path, "/")
			w.spaces[strings.ToLower(space)] = homes[d.id]
			w.folders = append(w.folders, space)
		}
	}
	sort.Strings(w.folders)
	return w
}

var words = strings.Fields("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu plan notes draft review ship launch budget hiring policy")

func (w *world) word() string { return words[w.rnd.IntN(len(words))] }

func (w *world) title() string {
	w.names++
	return fmt.Sprintf("%s %s %d", strings.ToUpper(w.word()[:1])+w.word()[1:], w.word(), w.names)
}

func (w *world) line() string {
	n := 1 + w.rnd.IntN(8)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = w.word()
	}
	return strings.Join(ws, " ") + fmt.Sprintf(" %d.", w.rnd.IntN(1000))
}

// newDoc is a live doc with a fresh token and body.
func (w *world) newDoc() *doc {
	d := &doc{n: len(w.docs), alive: true}
	d.token = fmt.Sprintf("⟦doc %d⟧", d.n)
	lines := []string{d.token, ""}
	for range 1 + w.rnd.IntN(6) {
		lines = append(lines, w.line())
	}
	d.body = strings.Join(lines, "\n") + "\n"
	w.docs = append(w.docs, d)
	w.byToken[d.token] = d
	return d
}

func (w *world) abs(rel string) string { return filepath.Join(w.f.dir, filepath.FromSlash(rel)) }

func (w *world) note(d *doc, format string, args ...any) string {
	s := fmt.Sprintf(format, args...)
	w.log = append(w.log, s)
	if d != nil {
		d.events = append(d.events, s)
	}
	return s
}

// identify reads the file at rel and says whose it is, learning the ID of
// a page the test made from a file.
func (w *world) identify(rel string) (*doc, mdio.FrontMatter, string, bool) {
	data, err := os.ReadFile(w.abs(rel))
	if err != nil {
		return nil, mdio.FrontMatter{}, "", false
	}
	fm, body, found, err := mdio.Decode(strings.ReplaceAll(string(data), "\r\n", "\n"))
	if err != nil {
		return nil, fm, "", false
	}
	var d *doc
	if found && fm.ID != "" {
		d = w.byID[store.DocID(fm.ID)]
	}
	if d == nil {
		first, _, _ := strings.Cut(body, "\n")
		d = w.byToken[first]
		if d != nil && found && fm.ID != "" && d.id == "" {
			d.id = store.DocID(fm.ID)
			w.byID[d.id] = d
		}
	}
	return d, fm, body, found
}

// mdFiles lists the Markdown files in the folder that the mirror reads.
func (w *world) mdFiles() []string {
	var out []string
	filepath.WalkDir(w.f.dir, func(p string, de fs.DirEntry, err error) error {
		if err != nil || p == w.f.dir {
			return nil
		}
		if mirror.Ignored(de.Name()) {
			if de.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !de.IsDir() && strings.HasSuffix(de.Name(), ".md") {
			r, _ := filepath.Rel(w.f.dir, p)
			out = append(out, filepath.ToSlash(r))
		}
		return nil
	})
	return out
}

// refresh finds every doc's file again: the mirror moves files too (a
// page's subpages follow it).
func (w *world) refresh() {
	w.refreshes++
	for _, d := range w.docs {
		d.path = ""
	}
	for _, p := range w.mdFiles() {
		if d, _, _, _ := w.identify(p); d != nil && (d.path == "" || p < d.path) {
			d.path = p
		}
	}
}

// elsewhere is a file of d's other than the one at not, or "".
func (w *world) elsewhere(d *doc, not string) string {
	for _, p := range w.mdFiles() {
		if p == not {
			continue
		}
		if e, _, _, _ := w.identify(p); e == d {
			return p
		}
	}
	return ""
}

// where is a live doc's file now, or "" when it has none at the moment.
func (w *world) where(d *doc) string {
	if d.path != "" {
		if got, _, _, _ := w.identify(d.path); got == d {
			return d.path
		}
	}
	w.refresh()
	return d.path
}

func (w *world) exists(rel string) bool {
	_, err := os.Lstat(w.abs(rel))
	return err == nil
}

// pick returns a random live doc that test may act on, or nil.
func (w *world) pick(ok func(*doc) bool) *doc {
	for range 50 {
		d := w.docs[w.rnd.IntN(len(w.docs))]
		if d.alive && (ok == nil || ok(d)) && w.where(d) != "" {
			return d
		}
	}
	return nil
}

func notHome(d *doc) bool { return !d.home }

// freeName is a name for a new file in dir that no file or folder has.
func (w *world) freeName(dir, base string) string {
	for {
		w.names++
		name := fmt.Sprintf("%s %d.md", base, w.names)
		if !w.exists(path.Join(dir, name)) && !w.exists(path.Join(dir, strings.TrimSuffix(name, ".md"))) {
			return path.Join(dir, name)
		}
	}
}

func stemOf(p string) string { return strings.TrimSuffix(p, path.Ext(p)) }

// folderFor picks where to put a file: a space's folder, or the folder of
// a live page's file (made if need be), never inside avoid's own folder.
func (w *world) folderFor(avoid string) string {
	for range 20 {
		var dir string
		if w.rnd.IntN(10) < 3 {
			dir = w.folders[w.rnd.IntN(len(w.folders))]
		} else if d := w.pick(nil); d != nil {
			dir = stemOf(d.path)
		} else {
			continue
		}
		if avoid != "" && (dir == stemOf(avoid) || strings.HasPrefix(dir, stemOf(avoid)+"/")) {
			continue
		}
		return dir
	}
	return w.folders[0]
}

func (w *world) sync() {
	if err := w.f.m.Sync(context.Background()); err != nil {
		w.t.Fatal(err)
	}
	if !w.racing {
		// Only a live file's bodies are forgotten: a pass after a file
		// was deleted cannot read what it held before, so a deleted
		// doc keeps the bodies it had since the last pass before then.
		for _, d := range w.docs {
			if d.alive && len(d.bodies) > 0 {
				d.bodies = d.bodies[:0]
			}
		}
	}
}

// maybeSync runs a pass now and then, between operations, in the test
// that runs them itself.
func (w *world) maybeSync() {
	if !w.racing && w.rnd.IntN(4) == 0 {
		w.sync()
	}
}

// pause is a pass in the test that runs them itself, and a short wait in
// the one where the mirror runs them.
func (w *world) pause() {
	if w.racing {
		time.Sleep(time.Duration(w.rnd.IntN(60)) * time.Millisecond)
		return
	}
	w.sync()
}

// writeInPlace writes a file over itself, as an editor that saves in
// place does: it fails, doing nothing, when the file is not there.
func writeInPlace(p string, data []byte) error {
	fh, err := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	_, err = fh.Write(data)
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	return err
}

// writeNew writes a new file, through a temporary name renamed into place
// or straight.
func (w *world) writeNew(rel string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(w.abs(rel)), 0o755); err != nil {
		return err
	}
	if w.rnd.IntN(2) == 0 {
		tmp := filepath.Join(filepath.Dir(w.abs(rel)), fmt.Sprintf(".%s.tmp%d", path.Base(rel), w.rnd.IntN(1e6)))
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			return err
		}
		return os.Rename(tmp, w.abs(rel))
	}
	fh, err := os.OpenFile(w.abs(rel), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = fh.Write(data)
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	return err
}

func (w *world) op() {
	switch r := w.rnd.IntN(100); {
	case r < 30:
		w.edit()
	case r < 42:
		w.rename()
	case r < 65:
		w.move()
	case r < 75:
		w.delete()
	case r < 78:
		w.deleteFolder()
	default:
		w.create()
	}
}

// edit changes a file's body (never its first line, by which the test
// knows it) and sometimes the title in its front matter.
func (w *world) edit() {
	d := w.pick(nil)
	if d == nil {
		return
	}
	got, fm, body, found := w.identify(d.path)
	if got != d {
		return
	}
	ls := strings.Split(strings.TrimSuffix(body, "\n"), "\n")
	keep := 0
	if d.token != "" {
		keep = 1
	}
	for range 1 + w.rnd.IntN(3) {
		i := keep + w.rnd.IntN(len(ls)-keep+1)
		switch w.rnd.IntN(3) {
		case 0:
			ls = slices.Insert(ls, i, w.line())
		case 1:
			if i < len(ls) {
				ls[i] = w.line()
			}
		default:
			if i < len(ls) && len(ls) > keep+1 {
				ls = slices.Delete(ls, i, i+1)
			}
		}
	}
	nb := strings.Join(ls, "\n") + "\n"
	title := ""
	if found && w.rnd.IntN(5) == 0 {
		title = w.title()
		fm.Title = title
	}
	out := nb
	if found {
		out = mdio.Encode(fm, nb)
	}
	if err := writeInPlace(w.abs(d.path), []byte(out)); err != nil {
		return // moved meanwhile by the mirror: nothing done
	}
	d.bodies = append(d.bodies, d.body)
	d.body = nb
	if title != "" {
		d.title = title
	}
	w.ops["edit"]++
	w.note(d, "edit %s (doc %d) title %q", d.path, d.n, title)
}

// rename gives a file a new name in its folder, and sometimes its folder
// the same name.
func (w *world) rename() {
	d := w.pick(nil)
	if d == nil {
		return
	}
	old := d.path
	np := w.freeName(path.Dir(old), w.word())
	if err := os.Rename(w.abs(old), w.abs(np)); err != nil {
		return
	}
	d.path = np
	kind := "rename"
	if w.exists(stemOf(old)) && w.rnd.IntN(2) == 0 {
		w.maybeSync()
		if os.Rename(w.abs(stemOf(old)), w.abs(stemOf(np))) == nil {
			kind = "rename with folder"
		}
	}
	w.ops[kind]++
	w.note(d, "%s %s → %s (doc %d)", kind, old, np, d.n)
}

// move puts a file into another folder: another page's, or a space's.
func (w *world) move() {
	d := w.pick(notHome)
	if d == nil {
		return
	}
	old := d.path
	dir := w.folderFor(old)
	if dir == path.Dir(old) {
		return
	}
	if err := os.MkdirAll(w.abs(dir), 0o755); err != nil {
		return
	}
	np := path.Join(dir, path.Base(old))
	if w.exists(np) || w.exists(stemOf(np)) {
		np = w.freeName(dir, w.word())
	}
	kind := ""
	switch r := w.rnd.IntN(100); {
	case r < 50:
		kind = "move"
		if os.Rename(w.abs(old), w.abs(np)) != nil {
			return
		}
	case r < 75:
		// With its folder, the folder first or last, as file managers do.
		if !w.exists(stemOf(old)) {
			kind = "move"
			if os.Rename(w.abs(old), w.abs(np)) != nil {
				return
			}
			break
		}
		if w.rnd.IntN(2) == 0 {
			kind = "move with folder, folder first"
			if os.Rename(w.abs(stemOf(old)), w.abs(stemOf(np))) != nil {
				return
			}
			w.maybeSync()
			if os.Rename(w.abs(old), w.abs(np)) != nil {
				w.refresh()
				return
			}
		} else {
			kind = "move with folder, file first"
			if os.Rename(w.abs(old), w.abs(np)) != nil {
				return
			}
			w.maybeSync()
			os.Rename(w.abs(stemOf(old)), w.abs(stemOf(np))) // may have followed by itself already
		}
	case r < 90:
		// Deleted, then written in its new place after a pass: git
		// checkout, or a tool that moves by writing anew.
		kind = "move by delete, then write"
		data, err := os.ReadFile(w.abs(old))
		if err != nil || os.Remove(w.abs(old)) != nil {
			return
		}
		w.pause()
		if err := w.writeNew(np, data); err != nil {
			w.t.Fatalf("write %s: %v", np, err)
		}
	default:
		// Copied, then the original deleted after a pass: a move across
		// disks, or a file manager's cut and paste.
		kind = "move by copy, then delete"
		data, err := os.ReadFile(w.abs(old))
		if err != nil {
			return
		}
		if err := w.writeNew(np, data); err != nil {
			w.t.Fatalf("write %s: %v", np, err)
		}
		w.pause()
		if err := os.Remove(w.abs(old)); err != nil {
			// Running meanwhile, the mirror may have moved the original
			// along with its page's folder: it is deleted where it is now.
			if moved := w.elsewhere(d, np); w.racing && moved != "" && os.Remove(w.abs(moved)) == nil {
				old = moved
			} else {
				w.t.Fatalf("the original %s of a copy went away", old)
			}
		}
	}
	d.path = np
	w.ops[kind]++
	w.note(d, "%s %s → %s (doc %d)", kind, old, np, d.n)
}

// delete deletes a file; the files in its folder stay.
func (w *world) delete() {
	d := w.pick(notHome)
	if d == nil {
		return
	}
	if os.Remove(w.abs(d.path)) != nil {
		return
	}
	d.alive = false
	w.deleted++
	w.ops["delete"]++
	w.note(d, "delete %s (doc %d)", d.path, d.n)
}

// deleteFolder deletes a file and its folder with everything in it, as
// rm -r does: one file at a time, then the folders.
func (w *world) deleteFolder() {
	d := w.pick(func(d *doc) bool { return !d.home && w.exists(stemOf(w.where(d))) })
	if d == nil {
		return
	}
	dir := stemOf(d.path)
	var victims []string
	var dirs []string
	filepath.WalkDir(w.abs(dir), func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		r, _ := filepath.Rel(w.f.dir, p)
		if de.IsDir() {
			dirs = append(dirs, p)
		} else {
			victims = append(victims, filepath.ToSlash(r))
		}
		return nil
	})
	victims = append(victims, d.path)
	n := 0
	for _, v := range victims {
		got, _, _, _ := w.identify(v)
		if os.Remove(w.abs(v)) != nil {
			continue
		}
		if got != nil && got.alive && !got.home {
			got.alive = false
			w.deleted++
			n++
			w.note(got, "deleted in folder %s: %s (doc %d)", dir, v, got.n)
		} else if got != nil && got.home {
			w.t.Fatalf("a home page's file %s was in %s", v, dir)
		}
	}
	slices.Reverse(dirs)
	for _, p := range dirs {
		os.Remove(p)
	}
	w.ops["delete folder"]++
	w.note(d, "delete folder %s: %d files", dir, n)
}

// create writes a new file, with a title in front matter or none.
func (w *world) create() {
	dir := w.folderFor("")
	d := w.newDoc()
	np := w.freeName(dir, w.word())
	data := d.body
	if w.rnd.IntN(2) == 0 {
		d.title = w.title()
		data = mdio.Encode(mdio.FrontMatter{Title: d.title}, d.body)
	}
	if err := w.writeNew(np, []byte(data)); err != nil {
		w.t.Fatalf("create %s: %v", np, err)
	}
	d.path = np
	w.ops["create"]++
	w.note(d, "create %s (doc %d) title %q", np, d.n, d.title)
}

func (w *world) run(n int) {
	t := w.t
	start := time.Now()
	var stop atomic.Bool
	var wg sync.WaitGroup
	if w.racing {
		// Passes at random moments besides the mirror's own.
		wg.Add(1)
		go func() {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(w.seed, 2))
			for !stop.Load() {
				time.Sleep(time.Duration(rnd.IntN(30)) * time.Millisecond)
				w.f.m.Sync(context.Background())
			}
		}()
	}
	for i := 0; i < n; i++ {
		w.op()
		w.maybeSync()
		if w.racing && w.rnd.IntN(3) == 0 {
			time.Sleep(time.Duration(w.rnd.IntN(4000)) * time.Microsecond)
		}
	}
	stop.Store(true)
	wg.Wait()
	t.Logf("%d operations in %v (%d lookups of every file): %v", n, time.Since(start).Round(time.Millisecond), w.refreshes, w.ops)

	// Settle: passes until the folder and the pages agree, or 20 s.
	start = time.Now()
	var probs []string
	for {
		w.sync()
		time.Sleep(w.f.grace)
		w.sync()
		if probs = w.check(); len(probs) == 0 || time.Since(start) > 20*time.Second {
			break
		}
	}
	t.Logf("settled in %v", time.Since(start).Round(time.Millisecond))
	if n := w.f.st.restored.Load(); n != 0 {
		probs = append(probs, fmt.Sprintf("the mirror restored %d pages from the trash: it trashed pages whose files had only moved", n))
	}
	if n := w.f.st.trashed.Load(); n > int64(w.deleted) {
		probs = append(probs, fmt.Sprintf("the mirror trashed pages %d times for %d deleted files", n, w.deleted))
	}
	if len(probs) > 0 {
		if len(probs) > 30 {
			probs = append(probs[:30], fmt.Sprintf("… and %d more", len(probs)-30))
		}
		if testing.Verbose() {
			t.Logf("every operation:\n%s", strings.Join(w.log, "\n"))
		}
		tail := w.log[max(0, len(w.log)-20):]
		t.Fatalf("seed %d (run again with -mirror.seed=%d): %d problems:\n%s\n\nlast operations:\n%s", w.seed, w.seed, len(probs),
			strings.Join(probs, "\n"), strings.Join(tail, "\n"))
	}
}

// check compares every page with its file, and both with what the
// operations did; it returns what is wrong.
func (w *world) check() []string {
	ctx := context.Background()
	var probs []string
	bad := func(d *doc, format string, args ...any) {
		s := fmt.Sprintf(format, args...)
		if d != nil && len(d.events) > 0 {
			s += " [" + strings.Join(d.events, "; ") + "]"
		}
		probs = append(probs, s)
	}
	type file struct {
		path  string
		fm    mdio.FrontMatter
		body  string
		found bool
	}
	byID := map[store.DocID][]file{}
	folderOf := map[string]store.DocID{} // lowercased path without .md → page
	var all []file
	for _, p := range w.mdFiles() {
		_, fm, body, found := w.identify(p)
		fl := file{p, fm, body, found}
		all = append(all, fl)
		if !found || fm.ID == "" {
			bad(nil, "%s has no ID in its front matter", p)
			continue
		}
		id := store.DocID(fm.ID)
		byID[id] = append(byID[id], fl)
		folderOf[strings.ToLower(stemOf(p))] = id
	}
	live, err := w.f.db.FindPages(ctx, store.PageFilter{})
	if err != nil {
		w.t.Fatal(err)
	}
	liveIDs := map[store.DocID]bool{}
	for _, s := range live {
		liveIDs[s.ID] = true
		fs := byID[s.ID]
		d := w.byID[s.ID]
		if len(fs) != 1 {
			bad(d, "page %s %q has %d files", s.ID, s.Title, len(fs))
			continue
		}
		fl := fs[0]
		pg := w.f.find(s.ID)
		if pg.Title != fl.fm.Title {
			bad(d, "page %s is titled %q, its file %s %q", s.ID, pg.Title, fl.path, fl.fm.Title)
		}
		if pg.Body != fl.body {
			bad(d, "page %s's body differs from its file %s:\n page %q\n file %q", s.ID, fl.path, pg.Body, fl.body)
		}
		parts := strings.Split(fl.path, "/")
		space := w.spaces[strings.ToLower(parts[0])]
		var parent store.DocID
		if len(parts) > 2 {
			parent = folderOf[strings.ToLower(path.Dir(fl.path))]
			if !liveIDs[parent] && parent != "" {
				if p2, err := w.f.db.FindPage(ctx, parent); err != nil || p2.InTrash() {
					parent = ""
				}
			}
		}
		if pg.Space != space || pg.Parent != parent {
			bad(d, "page %s (file %s) is in space %s under %q, its file says space %s under %q", s.ID, fl.path, pg.Space, pg.Parent, space, parent)
		}
	}
	for id, fs := range byID {
		if !liveIDs[id] {
			bad(w.byID[id], "file %s is of page %s, which is not live", fs[0].path, id)
		}
	}
	alive := 0
	for _, d := range w.docs {
		if !d.alive {
			w.checkGone(d, bad)
			continue
		}
		alive++
		if d.id == "" {
			for _, fl := range all {
				if first, _, _ := strings.Cut(fl.body, "\n"); first == d.token && fl.found && fl.fm.ID != "" {
					d.id = store.DocID(fl.fm.ID)
					w.byID[d.id] = d
				}
			}
		}
		if d.id == "" || len(byID[d.id]) == 0 {
			bad(d, "doc %d (%q) has no page with a file", d.n, d.token)
			continue
		}
		fl := byID[d.id][0]
		if fl.body != d.body {
			bad(d, "doc %d: file %s holds %q, want %q", d.n, fl.path, fl.body, d.body)
		}
		if d.title != "" && fl.fm.Title != d.title {
			bad(d, "doc %d: file %s is titled %q, want %q", d.n, fl.path, fl.fm.Title, d.title)
		}
	}
	if alive != len(live) {
		bad(nil, "%d live pages for %d live files", len(live), alive)
	}
	return probs
}

// checkGone checks a doc whose file was deleted: its page, if it ever had
// one, is in the trash with its last text.
func (w *world) checkGone(d *doc, bad func(*doc, string, ...any)) {
	ctx := context.Background()
	if d.id == "" {
		trash, err := w.f.db.FindPages(ctx, store.PageFilter{Trashed: true})
		if err != nil {
			w.t.Fatal(err)
		}
		for _, s := range trash {
			if pg := w.f.find(s.ID); strings.HasPrefix(pg.Body, d.token+"\n") {
				d.id = s.ID
				w.byID[d.id] = d
			}
		}
		if d.id == "" {
			return // deleted before the mirror saw it
		}
	}
	pg, err := w.f.db.FindPage(ctx, d.id)
	switch {
	case errors.Is(err, nil) && !pg.InTrash():
		bad(d, "doc %d's file was deleted, but its page %s is live", d.n, d.id)
	case err != nil:
		bad(d, "doc %d's page %s: %v", d.n, d.id, err)
	case pg.Body != d.body && !slices.Contains(d.bodies, pg.Body):
		// A file edited and then deleted before any pass read it may
		// leave its page with any body it had since the last pass.
		bad(d, "doc %d's page %s in the trash holds %q, want %q", d.n, d.id, pg.Body, d.body)
	}
}
