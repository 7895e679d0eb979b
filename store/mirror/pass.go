package mirror

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/mdio"
	"github.com/longhand/longhand/store/textop"
)

// maxWalk bounds the files and folders one scan of the folder looks at.
const maxWalk = 50000

// layout is where Longhand would put every live page now.
type layout struct {
	pass       int // the pass that made it
	firstSpace store.DocID
	dirSpace   map[string]store.DocID // lowercased space folder name → space
	spaceDir   map[store.DocID]string // space → its folder's name
	home       map[store.DocID]bool   // spaces' home pages, which stay at the top of their space
	pages      map[store.DocID]store.PageSummary
	desired    map[store.DocID]string // page → slash path
}

func (m *Mirror) layout(ctx context.Context) (*layout, error) {
	spaces, err := m.st.FindSpaces(ctx)
	if err != nil {
		return nil, err
	}
	sums, err := m.st.FindPages(ctx, store.PageFilter{})
	if err != nil {
		return nil, err
	}
	lay := &layout{dirSpace: map[string]store.DocID{}, spaceDir: map[store.DocID]string{}, home: map[store.DocID]bool{},
		pages: map[store.DocID]store.PageSummary{}, desired: map[store.DocID]string{}}
	bySpace := map[store.DocID][]store.Page{}
	for _, s := range sums {
		if s.Damaged != "" {
			continue
		}
		lay.pages[s.ID] = s
		bySpace[s.Space] = append(bySpace[s.Space], store.Page{ID: s.ID, Title: s.Title, Parent: s.Parent, Position: s.Position})
	}
	var top mdio.Namer
	top.Reserve(mdio.AttachmentsDir)
	for _, sp := range spaces {
		if lay.firstSpace == "" {
			lay.firstSpace = sp.ID
		}
		dir := top.Name(sp.Name, "")
		lay.dirSpace[strings.ToLower(dir)] = sp.ID
		lay.spaceDir[sp.ID] = dir
		if sp.Home != "" {
			lay.home[sp.Home] = true
		}
		var walk func(ns []*mdio.Node, dir string)
		walk = func(ns []*mdio.Node, dir string) {
			var names mdio.Namer
			for _, n := range ns {
				name := names.Name(n.Page.Title, ".md")
				want := path.Join(dir, name)
				lay.desired[n.Page.ID] = want
				walk(n.Children, m.subfolder(n.Page.ID, want, dir))
			}
		}
		walk(mdio.Tree(bySpace[sp.ID]), dir)
	}
	return lay, nil
}

// subfolder is the folder of a page's subpages: its file's path without
// the extension, where its file is (a file renamed or moved by hand takes
// its subpages' folder along) or, when Longhand is about to move the file
// to want, will be. A file outside its space's folder (top) has them at
// the place Longhand would give it.
func (m *Mirror) subfolder(id store.DocID, want, top string) string {
	e := m.files[id]
	space, _, _ := strings.Cut(top, "/")
	if e == nil || (e.Place != "" && e.Place != want) || len(e.Path) <= len(space) || !strings.EqualFold(e.Path[:len(space)+1], space+"/") {
		return strings.TrimSuffix(want, ".md")
	}
	return stem(e.Path)
}

// stem is a path without its extension.
func stem(p string) string { return strings.TrimSuffix(p, path.Ext(p)) }

// currentLayout lists the pages again when fresh is set or nothing is
// known yet, and otherwise returns the last layout.
func (m *Mirror) currentLayout(ctx context.Context, fresh bool) (*layout, error) {
	if !fresh && m.lay != nil {
		return m.lay, nil
	}
	lay, err := m.layout(ctx)
	if err != nil {
		return nil, err
	}
	lay.pass = m.passes
	m.mu.Lock()
	m.lay, m.placed = lay, lay.pages
	m.mu.Unlock()
	return lay, nil
}

// pass takes in what changed in the folder, then writes what changed in
// Longhand.
func (m *Mirror) pass() {
	ctx := context.Background()
	m.mu.Lock()
	if m.halted {
		m.mu.Unlock()
		return
	}
	paths, pages, full, relayout, due := m.dirtyPaths, m.dirtyPages, m.fullScan, m.relayout, m.due
	m.dirtyPaths, m.dirtyPages, m.fullScan, m.relayout, m.due = map[string]bool{}, map[store.DocID]bool{}, false, false, false
	m.mu.Unlock()
	if len(paths) == 0 && len(pages) == 0 && !full && !due {
		return // nothing changed
	}
	m.settling = map[string]bool{}
	m.links = nil
	m.passes++
	if m.testHookPass != nil {
		m.testHookPass(paths)
	}

	lay, err := m.currentLayout(ctx, full || relayout)
	if err != nil {
		m.logf("mirror: list pages: %v", err)
		m.mu.Lock() // try again at the next pass
		for p := range paths {
			m.dirtyPaths[p] = true
		}
		for id := range pages {
			m.dirtyPages[id] = true
		}
		m.fullScan = m.fullScan || full
		m.relayout = true
		m.due = m.due || due
		m.mu.Unlock()
		return
	}
	if full && len(m.files) > 1 {
		// A folder that lost every file is more likely a disk not mounted
		// than a person deleting everything: trash nothing, write nothing.
		present := false
		for _, e := range m.files {
			if present = m.exists(e.Path); present {
				break
			}
		}
		if !present {
			m.mu.Lock()
			m.watchErr = fmt.Sprintf("None of the %d mirrored files are in %s any more, so the mirror stopped without changing any page. If the folder is on a disk that is not connected, connect it and start Longhand again; to start over, choose the folder again.", len(m.files), m.dir)
			m.halted = true
			m.mu.Unlock()
			m.announce()
			return
		}
	}
	if full {
		m.watchAll()
		m.walk(".", func(p string) { paths[p] = true })
		for _, e := range m.files {
			paths[e.Path] = true
			pages[e.Page] = true
		}
		for id := range lay.desired {
			pages[id] = true
		}
	}

	// The folder first: edits made there are taken in before any page is
	// written over them. What is gone first, so that a file that turns up
	// elsewhere in this pass finds its page among them; then what is there.
	keys := make([]string, 0, len(paths))
	for p := range paths {
		keys = append(keys, p)
	}
	sort.Strings(keys)
	touched := map[store.DocID]bool{} // pages the files changed
	var there []string
	for _, p := range keys {
		if ignoredPath(p) {
			continue
		}
		if _, err := m.root.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			m.vanished(p)
		} else {
			there = append(there, p)
		}
	}
	for _, p := range there {
		m.look(ctx, lay, p, touched)
	}
	// Copies held back: their original may have gone since.
	for _, p := range slices.Sorted(maps.Keys(m.held)) {
		if !paths[p] {
			m.look(ctx, lay, p, touched)
		}
	}
	// Pages follow their files into other folders; then the pages whose
	// files have been gone long enough, and were found nowhere else, go to
	// the trash.
	if lay, err = m.place(ctx, lay, touched); err != nil {
		m.logf("mirror: list pages: %v", err)
		return
	}
	if m.trashGone(ctx, lay, touched) {
		if lay, err = m.place(ctx, lay, touched); err != nil {
			m.logf("mirror: list pages: %v", err)
			return
		}
	}
	for id := range touched {
		pages[id] = true
	}
	// Every page without a file, every file whose page is gone, and every
	// file whose page Longhand moved.
	for id := range lay.desired {
		if m.files[id] == nil {
			pages[id] = true
		}
	}
	for id, e := range m.files {
		if d, ok := lay.desired[id]; !ok || (e.Place != "" && d != e.Place) {
			pages[id] = true
		}
	}
	ids := make([]store.DocID, 0, len(pages))
	for id := range pages {
		ids = append(ids, id)
	}
	// Parents before children, so a folder's page is where its subpages go.
	sort.Slice(ids, func(i, j int) bool {
		a, b := lay.desired[ids[i]], lay.desired[ids[j]]
		if strings.Count(a, "/") != strings.Count(b, "/") {
			return strings.Count(a, "/") < strings.Count(b, "/")
		}
		return a < b
	})
	for _, id := range ids {
		m.syncPage(ctx, lay, id)
	}
	m.scheduleDue()
	m.announce()
}

// place lists the pages again when the files changed some, and moves each
// page whose file a person put in another folder to that folder's page
// (see placeFor). It returns the layout to go on with.
func (m *Mirror) place(ctx context.Context, lay *layout, touched map[store.DocID]bool) (*layout, error) {
	var err error
	if len(touched) > 0 {
		if lay, err = m.currentLayout(ctx, true); err != nil {
			return nil, err
		}
	}
	if m.follow(ctx, lay, touched) {
		if lay, err = m.currentLayout(ctx, true); err != nil {
			return nil, err
		}
	}
	return lay, nil
}

// follow moves the pages whose files are in a folder other than their
// page's: a file moved or renamed by hand, a folder moved without its
// page's file or before it, a file that came back. A page Longhand moved
// since the mirror last placed its file is left alone: its file follows it
// instead. It reports whether it moved any.
func (m *Mirror) follow(ctx context.Context, lay *layout, touched map[store.DocID]bool) bool {
	type move struct {
		e             *store.MirrorFile
		space, parent store.DocID
	}
	var moves []move
	for id, e := range m.files {
		s, ok := lay.pages[id]
		if !ok || m.isGone(id) || (e.Place != "" && e.Place != lay.desired[id]) {
			continue
		}
		space, parent := m.placeFor(lay, e.Path, id)
		if space == "" || (space == s.Space && parent == s.Parent) {
			continue
		}
		moves = append(moves, move{e, space, parent})
	}
	// Top-down in the folder, so that a page goes under one already where
	// its file says, never (for a moment) under one of its own subpages.
	sort.Slice(moves, func(i, j int) bool {
		a, b := moves[i].e.Path, moves[j].e.Path
		if strings.Count(a, "/") != strings.Count(b, "/") {
			return strings.Count(a, "/") < strings.Count(b, "/")
		}
		return a < b
	})
	moved := false
	for _, mv := range moves {
		e := mv.e
		_, err := m.st.MovePage(ctx, e.Page, store.PageMove{Space: mv.space, Parent: mv.parent})
		switch {
		case err == nil:
			moved = true
			touched[e.Page] = true
		case lay.home[e.Page] || store.ErrorCode(err) == store.EINVALID:
			// A space's home page, or a page put under one of its own
			// subpages: the page cannot go there, so its file goes back.
			m.logf("mirror: %s cannot follow its file %s (%s); the file goes back", e.Page, e.Path, store.ErrorMessage(err))
			ent := *e
			ent.Place = e.Path
			m.save(ctx, &ent)
			touched[e.Page] = true
		default:
			m.logf("mirror: move %s after its file: %v", e.Page, err)
		}
	}
	return moved
}

// scheduleDue arranges a pass for when the first page whose file is gone
// may go to the trash.
func (m *Mirror) scheduleDue() {
	if m.dueTimer != nil {
		m.dueTimer.Stop()
		m.dueTimer = nil
	}
	if len(m.gone) == 0 && len(m.held) == 0 {
		return
	}
	m.mu.Lock()
	last := m.lastEvent
	m.mu.Unlock()
	var first time.Time
	for _, g := range slices.Concat(slices.Collect(maps.Values(m.gone)), slices.Collect(maps.Values(m.held))) {
		t := g.at.Add(m.Grace)
		if q := last.Add(m.Grace); q.After(t) {
			t = min64(q, g.at.Add(maxGraceFactor*m.Grace))
		}
		if first.IsZero() || t.Before(first) {
			first = t
		}
	}
	m.dueTimer = time.AfterFunc(max(time.Until(first), 0), func() {
		m.mu.Lock()
		m.due = true
		m.mu.Unlock()
		m.poke()
	})
}

func min64(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// isDue reports whether a page whose file is gone has waited long enough:
// a later pass than the one that found it gone, Grace after that, and
// Grace after the folder last changed (or maxGraceFactor graces).
func (m *Mirror) isDue(g goneMark, now, last time.Time) bool {
	if m.passes <= g.pass || now.Sub(g.at) < m.Grace {
		return false
	}
	return now.Sub(last) >= m.Grace || now.Sub(g.at) >= maxGraceFactor*m.Grace
}

// trashGone sends to the trash the pages whose files have been gone long
// enough, after looking through the whole folder for them once more (an
// event may have been lost). It reports whether it changed any page.
func (m *Mirror) trashGone(ctx context.Context, lay *layout, touched map[store.DocID]bool) bool {
	if len(m.gone) == 0 {
		return false
	}
	m.drain()
	m.mu.Lock()
	last := m.lastEvent
	m.mu.Unlock()
	now := time.Now()
	any := false
	for _, g := range m.gone {
		if m.isDue(g, now, last) {
			any = true
			break
		}
	}
	if !any {
		return false
	}
	before := len(touched)
	m.walk(".", func(p string) {
		if m.byPath(p) == nil {
			m.look(ctx, lay, p, touched)
		}
	})
	var due []*store.MirrorFile
	for id, g := range m.gone {
		if e := m.files[id]; e != nil && m.isDue(g, now, last) {
			due = append(due, e)
		}
	}
	if len(due) == 0 {
		return len(touched) > before
	}
	// The subpages to keep out of the trash, as they are now: a page goes
	// there with every live subpage.
	lay, err := m.currentLayout(ctx, true)
	if err != nil {
		m.logf("mirror: list pages: %v", err)
		return len(touched) > before
	}
	// Parents first: a page's subpages whose files are gone too go to the
	// trash with it.
	sort.Slice(due, func(i, j int) bool { return due[i].Path < due[j].Path })
	dueIDs := map[store.DocID]bool{}
	for _, e := range due {
		dueIDs[e.Page] = true
	}
	// Every due page's subpages whose files are still there stay: each
	// goes where its file now says. Those whose files are gone but not
	// for long enough wait at the top of the space. All of them move out
	// before any page goes to the trash, for a due page under another due
	// page goes there with its parent, and would take its live subpages
	// along.
	for _, e := range due {
		for id, s := range lay.pages {
			if s.Parent != e.Page || dueIDs[id] {
				continue
			}
			space, parent := s.Space, store.DocID("")
			if ce := m.files[id]; ce != nil && !m.isGone(id) {
				if sp, pa := m.placeFor(lay, ce.Path, id); sp != "" {
					space, parent = sp, pa
					// Its folder may still be there, named for a page
					// going to the trash now: placed under that page, it
					// would go there with it.
					if dueIDs[parent] {
						parent = ""
					}
				}
			}
			if _, err := m.st.MovePage(ctx, id, store.PageMove{Space: space, Parent: parent}); err != nil {
				m.logf("mirror: move %s out of %s before it goes to the trash: %v", id, e.Page, err)
			}
			touched[id] = true
		}
	}
	done := map[store.DocID]bool{}
	for _, e := range due {
		m.clearProblem(e.Path)
		m.forget(ctx, e.Page)
		if done[e.Page] {
			continue
		}
		ids, err := m.st.DeletePage(ctx, e.Page)
		if err != nil && store.ErrorCode(err) != store.ENOTFOUND {
			m.logf("mirror: trash %s after its file went: %v", e.Page, err)
		}
		touched[e.Page] = true
		for _, id := range ids {
			touched[id] = true
			done[id] = true
		}
	}
	return true
}

func (m *Mirror) announce() {
	m.mu.Lock()
	st := m.statusLocked()
	key := fmt.Sprint(st)
	changed := key != m.lastStatus
	m.lastStatus = key
	m.mu.Unlock()
	if changed && m.OnStatus != nil {
		m.OnStatus(st)
	}
}

func (m *Mirror) setProblem(p, reason string) {
	m.mu.Lock()
	m.problems[p] = reason
	m.mu.Unlock()
}

func (m *Mirror) clearProblem(p string) {
	m.mu.Lock()
	delete(m.problems, p)
	m.mu.Unlock()
}

// ignoredPath reports whether any part of a path is one the mirror skips.
func ignoredPath(p string) bool {
	for _, part := range strings.Split(p, "/") {
		if Ignored(part) || part == mdio.AttachmentsDir {
			return true
		}
	}
	return false
}

// watchAll watches every real folder inside the folder.
func (m *Mirror) watchAll() {
	m.watchDir(".")
	m.walkDirs(".", m.watchDir)
}

func (m *Mirror) watchDir(p string) {
	if err := m.w.Add(filepath.Join(m.dir, filepath.FromSlash(p))); err != nil {
		m.mu.Lock()
		m.watchErr = fmt.Sprintf("Longhand cannot watch every folder inside %s (%v); edits there are read when Longhand next starts.", m.dir, unwrap(err))
		m.mu.Unlock()
	}
}

// walk calls f with every Markdown file and every link under
// dir, skipping what the mirror ignores; it never follows links.
func (m *Mirror) walk(dir string, f func(p string)) {
	n := 0
	fs.WalkDir(m.root.FS(), dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return nil
		}
		if n++; n > maxWalk {
			m.setProblem(dir, fmt.Sprintf("The folder holds more than %d files and folders; the mirror looked no further.", maxWalk))
			return fs.SkipAll
		}
		if ignoredPath(p) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && (isMarkdown(p) || d.Type()&fs.ModeSymlink != 0) {
			f(p) // links are looked at to be reported when they lead out
		}
		return nil
	})
}

func (m *Mirror) walkDirs(dir string, f func(p string)) {
	n := 0
	fs.WalkDir(m.root.FS(), dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir || !d.IsDir() {
			return nil
		}
		if n++; n > maxWalk || ignoredPath(p) {
			return fs.SkipDir
		}
		f(p)
		return nil
	})
}

// look takes in what is at p now.
func (m *Mirror) look(ctx context.Context, lay *layout, p string, touched map[store.DocID]bool) {
	if ignoredPath(p) {
		return
	}
	fi, err := m.root.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		m.vanished(p) // gone since it was looked for
		return
	}
	if err != nil {
		m.setProblem(p, fmt.Sprintf("It could not be read: %v.", unwrap(err)))
		return
	}
	switch {
	case fi.IsDir():
		// A folder that appeared, or was moved here: watch it and read it.
		// A walk made before its event was read (trashGone's, or another
		// folder's) may have taken in a file in it that is gone again:
		// unwatched then, its going brought no event of its own.
		m.pruneWatches()
		m.watchDir(p)
		m.walkDirs(p, m.watchDir)
		m.walk(p, func(q string) { m.look(ctx, lay, q, touched) })
		m.lost(p)
	case fi.Mode()&fs.ModeSymlink != 0:
		if _, err := m.root.Stat(p); err != nil {
			m.setProblem(p, "It is a link to something outside the mirrored folder, or to nothing; Longhand does not follow it.")
		} else if isMarkdown(p) {
			m.lookFile(ctx, lay, p, touched)
		}
	case isMarkdown(p):
		m.lookFile(ctx, lay, p, touched)
	}
}

// byPath is the entry of the file at p, if the mirror knows one there.
func (m *Mirror) byPath(p string) *store.MirrorFile {
	if id, ok := m.at[p]; ok {
		return m.files[id]
	}
	return nil
}

// put sets a page's entry and indexes it; the caller holds no lock.
func (m *Mirror) put(e *store.MirrorFile) {
	m.mu.Lock()
	old := m.files[e.Page]
	m.files[e.Page] = e
	m.mu.Unlock()
	if old != nil {
		m.unindex(old)
	}
	if _, gone := m.gone[e.Page]; !gone {
		m.at[e.Path] = e.Page
	}
	k := strings.ToLower(stem(e.Path))
	m.folders[k] = append(m.folders[k], e.Page)
}

func (m *Mirror) unindex(e *store.MirrorFile) {
	if m.at[e.Path] == e.Page {
		delete(m.at, e.Path)
	}
	k := strings.ToLower(stem(e.Path))
	ids := m.folders[k]
	for i, id := range ids {
		if id == e.Page {
			ids = append(ids[:i:i], ids[i+1:]...)
			break
		}
	}
	if len(ids) == 0 {
		delete(m.folders, k)
	} else {
		m.folders[k] = ids
	}
}

// isGone reports whether a page's file is gone and its page held.
func (m *Mirror) isGone(id store.DocID) bool {
	_, ok := m.gone[id]
	return ok
}

// markGone holds the page of a file that is gone: it goes to the trash
// unless its file turns up somewhere in the folder (see trashGone).
func (m *Mirror) markGone(id store.DocID) {
	e := m.files[id]
	if e == nil || m.isGone(id) {
		return
	}
	m.gone[id] = goneMark{at: time.Now(), pass: m.passes}
	if m.at[e.Path] == id {
		delete(m.at, e.Path)
	}
	m.clearProblem(e.Path)
}

func (m *Mirror) exists(p string) bool {
	_, err := m.root.Lstat(p)
	return err == nil
}

func (m *Mirror) save(ctx context.Context, e *store.MirrorFile) {
	delete(m.gone, e.Page) // found
	m.put(e)
	if err := m.st.SaveMirrorFile(ctx, *e); err != nil {
		m.logf("mirror: remember %s: %v", e.Path, err)
	}
}

func (m *Mirror) forget(ctx context.Context, id store.DocID) {
	m.mu.Lock()
	old := m.files[id]
	delete(m.files, id)
	delete(m.rewrite, id)
	m.mu.Unlock()
	if old != nil {
		m.unindex(old)
	}
	delete(m.gone, id)
	if err := m.st.DeleteMirrorFile(ctx, id); err != nil {
		m.logf("mirror: forget %s: %v", id, err)
	}
}

// lookFile takes in the Markdown file at p: an edit of its page, a page
// renamed or moved here, or a new page.
func (m *Mirror) lookFile(ctx context.Context, lay *layout, p string, touched map[store.DocID]bool) {
	data, err := m.readFile(p)
	var pr *problem
	switch {
	case errors.As(err, &pr):
		m.setProblem(p, pr.msg)
		return
	case errors.Is(err, fs.ErrNotExist):
		return // gone again; its folder's pass sees it vanish
	case err != nil:
		m.setProblem(p, fmt.Sprintf("It could not be read: %v.", unwrap(err)))
		return
	}
	h := hashOf(data)
	held, wasHeld := m.held[p]
	delete(m.held, p)
	e := m.byPath(p)
	if e != nil && e.Hash == h {
		m.clearProblem(p) // as Longhand wrote or last read it
		return
	}
	if len(data) == 0 && e != nil && e.Body != "" {
		// An editor between truncating the file and writing it, or a
		// disk that failed: never a person's edit, since the mirror's own
		// files hold front matter that an emptied page keeps. The page
		// stays as it is; the editor's write brings an event of its own.
		return
	}
	if len(data) == 0 && e == nil && !m.holdNew(p, held, wasHeld) {
		// A new file, empty: most likely made and not yet written (or
		// truncated by an editor saving in place right after a move). It
		// becomes a page if it stays empty for a grace.
		return
	}
	fm, body, found, err := ParseFile(data)
	if err != nil {
		m.setProblem(p, err.Error())
		return
	}
	title := strings.TrimSpace(fm.Title)
	if t, err := store.NormalizeTitle(title); err == nil {
		title = t
	} else {
		title = ""
	}

	// Which page is it? The ID in its front matter says, unless another
	// file still holds that page (a copy makes a new page).
	var page *store.Page
	if id := store.DocID(fm.ID); found && id != "" && id.Validate() == nil {
		if other := m.files[id]; other != nil && other.Path != p && !m.isGone(id) && m.exists(other.Path) && (e == nil || e.Page != id) {
			// A copy of another page's file: a new page, once the original
			// has stayed for a grace (a move made by copying, then
			// deleting, keeps its page).
			if !m.holdNew(p, held, wasHeld) {
				return
			}
		} else if pg, err := m.st.FindPage(ctx, id); err == nil && !pg.Template {
			page = pg
		}
	}
	if page == nil && e != nil {
		page, _ = m.st.FindPage(ctx, e.Page) // its ID was taken out or mistyped
	}
	if page == nil && e == nil {
		// No ID to go by (taken out, or a new file moved before the mirror
		// wrote its ID): a page whose file is gone and held the same text.
		if id := m.sameText(h, body); id != "" {
			if pg, err := m.st.FindPage(ctx, id); err == nil && !pg.Template {
				page = pg
			}
		}
	}
	if e != nil && (page == nil || page.ID != e.Page) {
		// Another file took this one's place: the page that was here lost
		// its file, unless that file turns up elsewhere.
		m.markGone(e.Page)
		e = nil
	}
	if page == nil {
		m.create(ctx, lay, p, h, title, body, touched)
		return
	}
	m.clearProblem(p)

	prev := m.files[page.ID]
	// A file that comes back (moved back, or renamed in two steps) brings
	// its page back; an edit to a file whose page was trashed in Longhand
	// meanwhile is kept with the page in the trash, and the file goes.
	if page.InTrash() && prev == nil {
		if _, err := m.st.RestorePage(ctx, page.ID); err != nil {
			m.setProblem(p, fmt.Sprintf("Its page is in the trash and could not be restored: %s", store.ErrorMessage(err)))
			return
		}
	}
	base, baseTitle := page.Body, page.Title
	if prev != nil {
		base, baseTitle = prev.Body, prev.Title
	} else if !page.InTrash() && (body != page.Body || (title != "" && title != page.Title)) {
		// A file the mirror has no record of, holding a page that differs
		// from it: an old export, or a folder mirrored long ago. The page
		// wins; the file's text is kept beside it, which the mirror ignores.
		keep, err := m.keepAside(p, data)
		if err != nil {
			m.setProblem(p, fmt.Sprintf("It differs from its page, and Longhand could not keep a copy of it before writing the page's text (%v); it was left as it is.", unwrap(err)))
			return
		}
		m.logf("mirror: %s differed from its page; kept it as %s", p, keep)
		body, title = page.Body, page.Title
		base = body
		m.mu.Lock()
		m.rewrite[page.ID] = true
		m.mu.Unlock()
	}
	if body != base {
		if err := m.merge(ctx, page, base, body); err != nil {
			m.setProblem(p, fmt.Sprintf("Its edits could not be saved to the page: %s It was left as it is.", store.ErrorMessage(err)))
			return
		}
	}
	newTitle := baseTitle
	if title != "" && title != baseTitle {
		if _, err := m.st.UpdatePage(ctx, page.ID, store.PageUpdate{Title: &title}); err != nil {
			m.setProblem(p, fmt.Sprintf("Its title could not be saved: %s", store.ErrorMessage(err)))
		} else {
			newTitle = title
		}
	}
	ent := &store.MirrorFile{Page: page.ID, Path: p, Title: newTitle, Body: body, Hash: h}
	if prev != nil && newTitle == prev.Title {
		ent.Place = prev.Place
	} // else renamed from its front matter: the file keeps its name, as the editor has it open
	if prev != nil && prev.Path != p {
		// Renamed or moved by hand: the file stays where it is, and the
		// page follows it into another space or under another page (not
		// out of every space) once the whole folder has been looked at.
		ent.Place = ""
		if m.byPath(prev.Path) == nil {
			m.clearProblem(prev.Path)
		}
	}
	if !found || fm.ID != string(page.ID) {
		m.mu.Lock()
		m.rewrite[page.ID] = true
		m.mu.Unlock()
	}
	m.save(ctx, ent)
	m.settling[p] = true
	touched[page.ID] = true
}

// holdNew holds a new file at p for a grace, from when it was first seen
// (held, when wasHeld); it reports true once that is over.
func (m *Mirror) holdNew(p string, held goneMark, wasHeld bool) bool {
	m.mu.Lock()
	last := m.lastEvent
	m.mu.Unlock()
	if !wasHeld {
		held = goneMark{at: time.Now(), pass: m.passes}
	}
	if m.isDue(held, time.Now(), last) {
		return true
	}
	m.held[p] = held
	return false
}

// keepAside copies a file's bytes to "<path>.orig" (or "<path>.2.orig"
// and so on), a name the mirror ignores, and returns that name.
func (m *Mirror) keepAside(p string, data []byte) (string, error) {
	for i := 1; i < 1000; i++ {
		q := p + ".orig"
		if i > 1 {
			q = fmt.Sprintf("%s.%d.orig", p, i)
		}
		if m.exists(q) {
			continue
		}
		return q, m.writeFile(q, data, absent)
	}
	return "", errors.New("too many copies")
}

// later looks at a path again at the next pass.
func (m *Mirror) later(p string) {
	m.mu.Lock()
	m.dirtyPaths[p] = true
	m.mu.Unlock()
	m.poke()
}

// merge applies the file's edits (base → body) to the page, transformed
// over the edits made in Longhand since (base → page.Body).
func (m *Mirror) merge(ctx context.Context, page *store.Page, base, body string) error {
	for attempt := 0; ; attempt++ {
		theirs := textop.Diff(base, page.Body)
		mine := textop.Diff(base, body)
		_, mine2, err := textop.Transform(theirs, mine)
		if err != nil {
			return err
		}
		splices := mine2.Splices()
		if len(splices) == 0 {
			return nil
		}
		_, err = m.st.EditPage(ctx, page.ID, store.Edit{Base: page.Rev, Splices: splices})
		if err == nil || store.ErrorCode(err) != store.ECONFLICT || attempt == 2 {
			return err
		}
		if page, err = m.st.FindPage(ctx, page.ID); err != nil {
			return err
		}
	}
}

// placeFor finds where a file at p belongs: the space of its top folder
// and the page whose file sits beside its folder (its file's name without
// .md names the folder, whatever the case), or the top of the space when
// no page's file does. A page whose file is gone but not yet for long
// enough still holds its folder. A file outside every space's folder has
// no space ("").
func (m *Mirror) placeFor(lay *layout, p string, self store.DocID) (space, parent store.DocID) {
	parts := strings.Split(p, "/")
	if len(parts) > 1 {
		space = lay.dirSpace[strings.ToLower(parts[0])]
	}
	if space == "" || len(parts) <= 2 {
		return space, ""
	}
	dir := path.Dir(p)
	best := store.DocID("")
	rank := 0
	for _, id := range m.folders[strings.ToLower(dir)] {
		s, ok := lay.pages[id]
		if id == self || !ok || s.Space != space {
			continue
		}
		// A file that is there beats one that is gone; the exact case, a
		// different one; then the smaller ID, so every pass agrees.
		r := 1
		if !m.isGone(id) {
			r += 2
		}
		if stem(m.files[id].Path) == dir {
			r++
		}
		if r > rank || (r == rank && id < best) {
			best, rank = id, r
		}
	}
	return space, best
}

// sameText finds the page whose file is gone (or whose file is not where
// the mirror last saw it) and held the same bytes, or the same text, or,
// among those gone, text most like body. It returns "" when none does,
// or when two are equally like it.
func (m *Mirror) sameText(h, body string) store.DocID {
	var byHash, byBody []store.DocID
	for id, e := range m.files {
		if e.Hash != h && (body == "" || e.Body != body) {
			continue
		}
		if !m.isGone(id) && m.exists(e.Path) {
			continue
		}
		if e.Hash == h {
			byHash = append(byHash, id)
		} else {
			byBody = append(byBody, id)
		}
	}
	for _, ids := range [][]store.DocID{byHash, byBody} {
		if len(ids) > 0 {
			slices.Sort(ids)
			return ids[0] // copies of one file: any of them
		}
	}
	if utf8.RuneCountInString(body) < minSimilarLen {
		return ""
	}
	best, second := 0.0, 0.0
	var found store.DocID
	for id := range m.gone {
		e := m.files[id]
		if e == nil {
			continue
		}
		sc := similarity(e.Body, body)
		switch {
		case sc > best:
			best, second, found = sc, best, id
		case sc > second:
			second = sc
		}
	}
	if best < minSimilarity || best == second {
		return ""
	}
	return found
}

// A new file without an ID is taken for a gone file edited on its way
// only when at least minSimilarity of its lines are that file's, and it is
// at least minSimilarLen characters long.
const (
	minSimilarity = 0.6
	minSimilarLen = 40
)

// similarity is the share of lines two texts have in common (as
// multisets), over the longer: 1 when equal, 0 when they share no line.
func similarity(a, b string) float64 {
	la, lb := lines(a), lines(b)
	if len(la) == 0 || len(lb) == 0 {
		return 0
	}
	count := map[string]int{}
	for _, l := range la {
		count[l]++
	}
	common := 0
	for _, l := range lb {
		if count[l] > 0 {
			count[l]--
			common++
		}
	}
	return float64(common) / float64(max(len(la), len(lb)))
}

// lines are a text's non-blank lines, trimmed.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (m *Mirror) create(ctx context.Context, lay *layout, p, h, title, body string, touched map[store.DocID]bool) {
	space, parent := m.placeFor(lay, p, "")
	if space == "" {
		space = lay.firstSpace // a file outside the spaces' folders: the first space takes it
	}
	if space == "" {
		m.setProblem(p, "The workspace has no space to put a new page in yet; the file was left as it is.")
		return
	}
	if title == "" {
		t, _ := store.NormalizeTitle(strings.TrimSuffix(path.Base(p), path.Ext(p)))
		if utf8.RuneCountInString(t) > store.MaxTitleLen {
			t = string([]rune(t)[:store.MaxTitleLen])
		}
		title = t
	}
	pg, err := m.st.CreatePage(ctx, store.NewPage{Title: title, Body: body, Space: space, Parent: parent})
	if err != nil {
		m.setProblem(p, fmt.Sprintf("It could not become a page: %s It was left as it is.", store.ErrorMessage(err)))
		return
	}
	m.clearProblem(p)
	m.mu.Lock()
	m.rewrite[pg.ID] = true // its front matter gets the page's ID
	m.mu.Unlock()
	m.save(ctx, &store.MirrorFile{Page: pg.ID, Path: p, Title: pg.Title, Body: body, Hash: h})
	m.settling[p] = true
	touched[pg.ID] = true
}

// vanished handles a path where nothing is any more: the pages whose
// files were there, or in the folder that was there, are held, to go to
// the trash unless their files turn up elsewhere (see trashGone). A folder
// that was there is no longer watched under that name: moved, the watches
// of the folders in it would report their events under their old names.
func (m *Mirror) vanished(p string) {
	m.lost(p)
	m.unwatch(p)
	for q := range m.held {
		if q == p || strings.HasPrefix(q, p+"/") {
			delete(m.held, q)
		}
	}
	m.mu.Lock()
	delete(m.problems, p)
	for q := range m.problems {
		if strings.HasPrefix(q, p+"/") {
			delete(m.problems, q)
		}
	}
	m.mu.Unlock()
}

// lost holds the pages of the files the mirror knew at p, or in the
// folder p, that are no longer there.
func (m *Mirror) lost(p string) {
	for _, e := range m.files {
		if (e.Path == p || strings.HasPrefix(e.Path, p+"/")) && !m.isGone(e.Page) && !m.exists(e.Path) {
			m.markGone(e.Page)
		}
	}
}

// render is a page's file. keep holds front matter keys of the file it
// replaces, which a person or another tool added: they stay.
func render(pg *store.Page, keep map[string]string) []byte {
	return []byte(mdio.Encode(mdio.FrontMatter{ID: string(pg.ID), Title: pg.Title, Created: pg.CreatedAt, Fields: keep}, pg.Body))
}

// fieldsOf returns the front matter keys of a file's bytes, or nil.
func fieldsOf(data []byte) map[string]string {
	fm, _, found, err := mdio.Decode(string(data))
	if err != nil || !found {
		return nil
	}
	return fm.Fields
}

// freePath returns want, or "want (2).md" and so on when another file is
// there already.
func (m *Mirror) freePath(want string, id store.DocID) string {
	stem := strings.TrimSuffix(want, ".md")
	for i := 1; ; i++ {
		p := want
		if i > 1 {
			p = fmt.Sprintf("%s (%d).md", stem, i)
		}
		e := m.byPath(p)
		if (e == nil || e.Page == id) && (!m.exists(p) || e != nil) {
			return p
		}
	}
}

// syncPage brings a page's file up to date with the page: writes it,
// moves it where Longhand now puts the page, or removes it when the page
// is no longer live. A file edited since it was last read is taken in
// first, so nothing typed into it is written over.
func (m *Mirror) syncPage(ctx context.Context, lay *layout, id store.DocID) {
	e := m.files[id]
	desired, placed := lay.desired[id]
	if !placed && e == nil {
		return // not live, and no file
	}
	pg, err := m.st.FindPage(ctx, id)
	switch {
	case err != nil && store.ErrorCode(err) != store.ENOTFOUND:
		m.logf("mirror: read page %s: %v", id, err)
		return
	case err == nil && pg.Damaged != "":
		return // its file may be the best copy there is: leave it be
	case e != nil && m.isGone(id):
		// Its file is gone: it is written again only if it is not found
		// before its page goes to the trash, and then not at all.
		if err != nil || pg.InTrash() || pg.Template {
			m.forget(ctx, id)
		}
		return
	case err != nil || pg.InTrash() || pg.Template:
		if e != nil {
			m.remove(ctx, e)
		}
		return
	case !placed:
		// Live, but the listing has no place for it: list again, unless
		// the listing is this pass's (a page outside every live space).
		if lay.pass == m.passes {
			return
		}
		m.mu.Lock()
		m.relayout = true
		m.dirtyPages[id] = true
		m.mu.Unlock()
		m.poke()
		return
	}
	if e == nil {
		p := m.freePath(desired, id)
		data := render(pg, nil)
		if err := m.writeFile(p, data, absent); errors.Is(err, errChanged) {
			return // a file was put there meanwhile: it is read, and this page's goes beside it
		} else if err != nil {
			m.setProblem(p, fmt.Sprintf("Longhand could not write it: %v.", unwrap(err)))
			return
		}
		m.clearProblem(p)
		m.save(ctx, &store.MirrorFile{Page: id, Path: p, Place: desired, Title: pg.Title, Body: pg.Body, Hash: hashOf(data)})
		return
	}

	data, err := m.readFile(e.Path)
	var pr *problem
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// Gone without an event yet: the next pass decides.
		m.mu.Lock()
		m.dirtyPaths[e.Path] = true
		m.mu.Unlock()
		m.poke()
		return
	case errors.As(err, &pr):
		m.setProblem(e.Path, pr.msg+" Longhand will not write over it.")
		return
	case err != nil:
		m.setProblem(e.Path, fmt.Sprintf("It could not be read: %v.", unwrap(err)))
		return
	case hashOf(data) != e.Hash:
		// Edited since Longhand last wrote or read it: take that in first.
		touched := map[store.DocID]bool{}
		m.lookFile(ctx, lay, e.Path, touched)
		if m.files[id] == nil || m.files[id].Path != e.Path {
			return
		}
		e = m.files[id]
		if pg, err = m.st.FindPage(ctx, id); err != nil {
			return
		}
		if data, err = m.readFile(e.Path); err != nil || hashOf(data) != e.Hash {
			return // it could not be taken in: leave it
		}
	}

	if m.settling[e.Path] {
		// Just read after someone changed it: write it only once the folder
		// has been quiet again, never straight after an editor's save.
		m.mu.Lock()
		m.dirtyPages[id] = true
		m.mu.Unlock()
		m.poke()
		return
	}
	ent := *e
	if ent.Place == "" {
		ent.Place = desired // where the person put it is where it stays
	} else if desired != ent.Place {
		// Longhand renamed or moved the page: its file follows.
		np := m.freePath(desired, id)
		if err := m.mkdirAll(path.Dir(np)); err == nil {
			if np == ent.Path {
				err = nil // where it is already
			} else if m.exists(np) {
				err = fmt.Errorf("%s was put there meanwhile", np) // never over a file
			} else {
				err = m.root.Rename(ent.Path, np)
			}
			if err != nil {
				m.logf("mirror: move %s to %s: %v", ent.Path, np, err)
			} else {
				m.removeEmptyDirs(path.Dir(ent.Path))
				ent.Path = np
			}
		}
		ent.Place = desired
	}
	m.mu.Lock()
	rewrite := m.rewrite[id]
	m.mu.Unlock()
	if pg.Body != ent.Body || pg.Title != ent.Title || rewrite {
		out := render(pg, fieldsOf(data))
		if !bytes.Equal(out, data) {
			if err := m.writeFile(ent.Path, out, hashOf(data)); errors.Is(err, errChanged) {
				// Saved or deleted while Longhand wrote it: take that in first.
				if ent != *e {
					m.save(ctx, &ent)
				}
				m.later(ent.Path)
				return
			} else if err != nil {
				m.setProblem(ent.Path, fmt.Sprintf("Longhand could not write it: %v.", unwrap(err)))
				return
			}
		}
		ent.Body, ent.Title, ent.Hash = pg.Body, pg.Title, hashOf(out)
		m.mu.Lock()
		delete(m.rewrite, id)
		m.mu.Unlock()
	}
	m.clearProblem(ent.Path)
	if ent != *e {
		m.save(ctx, &ent)
	}
}

// remove deletes the file of a page that is no longer live, after taking
// in any edit made to it, so the page in the trash holds it.
func (m *Mirror) remove(ctx context.Context, e *store.MirrorFile) {
	base, hash := e.Body, e.Hash
	for attempt := 0; attempt < 3; attempt++ {
		data, err := m.readFile(e.Path)
		if err != nil {
			break // gone already, or no longer Longhand's (a link, binary): it stays
		}
		if h := hashOf(data); h != hash {
			if _, body, _, ferr := ParseFile(data); ferr == nil && body != base {
				if pg, err := m.st.FindPage(ctx, e.Page); err == nil {
					if err := m.merge(ctx, pg, base, body); err != nil {
						m.setProblem(e.Path, fmt.Sprintf("Its page was deleted in Longhand, and its last edits could not be saved to it, so the file was kept: %s", store.ErrorMessage(err)))
						m.forget(ctx, e.Page)
						return
					}
				}
				base = body
			}
			hash = h
		}
		if m.currentHash(e.Path) != hash {
			continue // saved again meanwhile: take that in too
		}
		if rerr := m.root.Remove(e.Path); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			m.logf("mirror: remove %s: %v", e.Path, rerr)
		}
		break
	}
	m.clearProblem(e.Path)
	m.removeEmptyDirs(path.Dir(e.Path))
	m.forget(ctx, e.Page)
}

// removeEmptyDirs removes dir and the folders above it while they are
// empty (hidden files count), never the mirrored folder itself.
func (m *Mirror) removeEmptyDirs(dir string) {
	for dir != "." && dir != "/" && dir != "" {
		entries, err := fs.ReadDir(m.root.FS(), dir)
		if err != nil || len(entries) > 0 {
			return
		}
		if err := m.root.Remove(dir); err != nil {
			return
		}
		dir = path.Dir(dir)
	}
}

// ParseFile reads a mirrored file's bytes as front matter and a page
// body. The error, when there is one, says in words why the file is left
// as it is.
func ParseFile(data []byte) (fm mdio.FrontMatter, body string, found bool, err error) {
	if len(data) > MaxFileSize {
		return fm, "", false, problemf("It is larger than %d MB, the most the mirror reads; it was left as it is.", MaxFileSize>>20)
	}
	if !isText(data) {
		return fm, "", false, problemf("It is not text: it holds binary data or is not UTF-8. It was left as it is.")
	}
	// Line ends as Longhand writes them, whatever the editor used.
	text := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n")
	fm, body, found, ferr := mdio.Decode(text)
	if ferr != nil {
		return fm, "", false, problemf("Its front matter could not be read (%v). The file was left as it is and its page was not changed; fix the block between the --- lines to go on.", ferr)
	}
	if utf8.RuneCountInString(body) > store.MaxBodyLen {
		return fm, "", false, problemf("It is longer than a page can be (%d characters); it was left as it is.", store.MaxBodyLen)
	}
	return fm, body, found, nil
}

func isText(data []byte) bool {
	return bytes.IndexByte(data, 0) < 0 && utf8.Valid(data)
}
