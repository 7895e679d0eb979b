package mirror

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"
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
	lay := &layout{dirSpace: map[string]store.DocID{}, pages: map[store.DocID]store.PageSummary{}, desired: map[store.DocID]string{}}
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
		var walk func(ns []*mdio.Node, dir string)
		walk = func(ns []*mdio.Node, dir string) {
			var names mdio.Namer
			for _, n := range ns {
				name := names.Name(n.Page.Title, ".md")
				lay.desired[n.Page.ID] = path.Join(dir, name)
				walk(n.Children, path.Join(dir, strings.TrimSuffix(name, ".md")))
			}
		}
		walk(mdio.Tree(bySpace[sp.ID]), dir)
	}
	return lay, nil
}

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
	paths, pages, full, relayout := m.dirtyPaths, m.dirtyPages, m.fullScan, m.relayout
	m.dirtyPaths, m.dirtyPages, m.fullScan, m.relayout = map[string]bool{}, map[store.DocID]bool{}, false, false
	m.mu.Unlock()
	if len(paths) == 0 && len(pages) == 0 && !full {
		return // nothing changed
	}
	m.settling = map[string]bool{}
	m.links = nil
	m.passes++

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
	// written over them.
	var vanished []string
	keys := make([]string, 0, len(paths))
	for p := range paths {
		keys = append(keys, p)
	}
	sort.Strings(keys)
	touched := map[store.DocID]bool{} // pages the files changed
	for _, p := range keys {
		if v := m.look(ctx, lay, p, touched); v {
			vanished = append(vanished, p)
		}
	}
	for _, p := range vanished {
		m.vanished(ctx, p, touched)
	}
	if len(touched) > 0 {
		// Files made, renamed, moved or trashed pages: list them again.
		if lay, err = m.currentLayout(ctx, true); err != nil {
			m.logf("mirror: list pages: %v", err)
			return
		}
		for id := range touched {
			pages[id] = true
		}
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
	m.announce()
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

// look takes in what is at p now. It reports true when nothing is there.
func (m *Mirror) look(ctx context.Context, lay *layout, p string, touched map[store.DocID]bool) bool {
	if ignoredPath(p) {
		return false
	}
	fi, err := m.root.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		m.clearProblem(p)
		return true
	}
	if err != nil {
		m.setProblem(p, fmt.Sprintf("It could not be read: %v.", unwrap(err)))
		return false
	}
	switch {
	case fi.IsDir():
		// A folder that appeared, or was moved here: watch it and read it.
		m.watchDir(p)
		m.walkDirs(p, m.watchDir)
		m.walk(p, func(q string) { m.look(ctx, lay, q, touched) })
	case fi.Mode()&fs.ModeSymlink != 0:
		if _, err := m.root.Stat(p); err != nil {
			m.setProblem(p, "It is a link to something outside the mirrored folder, or to nothing; Longhand does not follow it.")
		} else if isMarkdown(p) {
			m.lookFile(ctx, lay, p, touched)
		}
	case isMarkdown(p):
		m.lookFile(ctx, lay, p, touched)
	}
	return false
}

func (m *Mirror) byPath(p string) *store.MirrorFile {
	for _, e := range m.files {
		if e.Path == p {
			return e
		}
	}
	return nil
}

func (m *Mirror) exists(p string) bool {
	_, err := m.root.Lstat(p)
	return err == nil
}

func (m *Mirror) save(ctx context.Context, e *store.MirrorFile) {
	m.mu.Lock()
	m.files[e.Page] = e
	m.mu.Unlock()
	if err := m.st.SaveMirrorFile(ctx, *e); err != nil {
		m.logf("mirror: remember %s: %v", e.Path, err)
	}
}

func (m *Mirror) forget(ctx context.Context, id store.DocID) {
	m.mu.Lock()
	delete(m.files, id)
	delete(m.rewrite, id)
	m.mu.Unlock()
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
		if other := m.files[id]; other != nil && other.Path != p && m.exists(other.Path) && (e == nil || e.Page != id) {
			// a copy of another page's file
		} else if pg, err := m.st.FindPage(ctx, id); err == nil && !pg.Template {
			page = pg
		}
	}
	if page == nil && e != nil {
		page, _ = m.st.FindPage(ctx, e.Page) // its ID was taken out or mistyped
	}
	if e != nil && (page == nil || page.ID != e.Page) {
		// Another file took this one's place: the page that was here lost its file.
		m.trash(ctx, e, touched)
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
		// Renamed or moved by hand: the page follows it into another
		// space or under another page (not out of every space), and the
		// file stays where it is.
		ent.Place = ""
		space, parent := m.placeFor(lay, p, page.ID)
		if space != "" && (space != page.Space || parent != page.Parent) {
			if _, err := m.st.MovePage(ctx, page.ID, store.PageMove{Space: space, Parent: parent}); err != nil {
				m.logf("mirror: move %s after its file: %v", page.ID, err)
			}
		}
		m.clearProblem(prev.Path)
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
		return q, m.writeFile(q, data)
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
// and the page whose file sits beside its folder. A file outside every
// space's folder has no space ("").
func (m *Mirror) placeFor(lay *layout, p string, self store.DocID) (space, parent store.DocID) {
	parts := strings.Split(p, "/")
	if len(parts) > 1 {
		space = lay.dirSpace[strings.ToLower(parts[0])]
	}
	if len(parts) > 2 {
		dir := path.Dir(p)
		for _, e := range m.files {
			if e.Page != self && strings.EqualFold(strings.TrimSuffix(e.Path, path.Ext(e.Path)), dir) {
				if s, ok := lay.pages[e.Page]; ok {
					return s.Space, e.Page
				}
			}
		}
	}
	return space, ""
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

// trash moves to the trash the page whose file is gone.
func (m *Mirror) trash(ctx context.Context, e *store.MirrorFile, touched map[store.DocID]bool) {
	ids, err := m.st.DeletePage(ctx, e.Page)
	if err != nil && store.ErrorCode(err) != store.ENOTFOUND {
		m.logf("mirror: trash %s after its file went: %v", e.Page, err)
	}
	for _, id := range ids {
		touched[id] = true
	}
	m.forget(ctx, e.Page)
}

// vanished handles a path where nothing is any more: the pages whose
// files were there, or in the folder that was there, go to the trash,
// unless their file was found elsewhere meanwhile.
func (m *Mirror) vanished(ctx context.Context, p string, touched map[store.DocID]bool) {
	var gone []*store.MirrorFile
	for _, e := range m.files {
		if (e.Path == p || strings.HasPrefix(e.Path, p+"/")) && !m.exists(e.Path) {
			gone = append(gone, e)
		}
	}
	sort.Slice(gone, func(i, j int) bool { return gone[i].Path < gone[j].Path })
	for _, e := range gone {
		if m.files[e.Page] == e {
			m.clearProblem(e.Path)
			m.trash(ctx, e, touched)
		}
	}
	m.mu.Lock()
	for q := range m.problems {
		if strings.HasPrefix(q, p+"/") {
			delete(m.problems, q)
		}
	}
	m.mu.Unlock()
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
		if err := m.writeFile(p, data); err != nil {
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
			if err := m.root.Rename(ent.Path, np); err != nil {
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
			if err := m.writeFile(ent.Path, out); err != nil {
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
	data, err := m.readFile(e.Path)
	if err == nil && hashOf(data) != e.Hash {
		if _, body, _, ferr := ParseFile(data); ferr == nil && body != e.Body {
			if pg, err := m.st.FindPage(ctx, e.Page); err == nil {
				if err := m.merge(ctx, pg, e.Body, body); err != nil {
					m.setProblem(e.Path, fmt.Sprintf("Its page was deleted in Longhand, and its last edits could not be saved to it, so the file was kept: %s", store.ErrorMessage(err)))
					m.forget(ctx, e.Page)
					return
				}
			}
		}
	}
	if err == nil { // a file that is no longer Longhand's (a link, binary) stays
		if rerr := m.root.Remove(e.Path); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			m.logf("mirror: remove %s: %v", e.Path, rerr)
		}
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
