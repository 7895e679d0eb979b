package mirror

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/mdio"
)

// MaxFileSize is the largest file the mirror reads.
const MaxFileSize = 8 << 20

// DefaultDebounce is how long the folder must be quiet before the mirror
// reads what changed in it: editors save in several steps.
const DefaultDebounce = 300 * time.Millisecond

// maxWait bounds how long changes wait for the folder to be quiet.
const maxWait = 3 * time.Second

// DefaultGrace is how long a page whose file is gone waits before it goes
// to the trash: a move is often seen as a file gone in one pass and a file
// new in a later one (a rename's two events read in two passes, a file
// manager's copy and delete, git checkout deleting before it writes), and
// the new file must find its page still there.
const DefaultGrace = 2 * time.Second

// maxGraceFactor bounds the wait of a gone file's page in a folder that is
// never quiet: it goes to the trash after this many graces whatever the
// folder does.
const maxGraceFactor = 10

// Store is what the mirror reads and changes pages and its own state in.
type Store interface {
	FindPage(ctx context.Context, id store.DocID) (*store.Page, error)
	FindPages(ctx context.Context, filter store.PageFilter) ([]store.PageSummary, error)
	CreatePage(ctx context.Context, np store.NewPage) (*store.Page, error)
	UpdatePage(ctx context.Context, id store.DocID, upd store.PageUpdate) (*store.Page, error)
	MovePage(ctx context.Context, id store.DocID, mv store.PageMove) (*store.Page, error)
	EditPage(ctx context.Context, id store.DocID, edit store.Edit) (*store.EditResult, error)
	DeletePage(ctx context.Context, id store.DocID) ([]store.DocID, error)
	RestorePage(ctx context.Context, id store.DocID) ([]store.DocID, error)
	FindSpaces(ctx context.Context) ([]store.Space, error)
	store.MirrorStateService
}

// Problem is a file the mirror left alone, and why.
type Problem struct {
	Path   string // slash path inside the folder
	Reason string
}

// Status says what the mirror is doing.
type Status struct {
	Folder   string
	Pages    int       // pages with a file
	Problems []Problem // by path
	Error    string    // why the folder cannot be watched; "" when all is well
}

// Mirror mirrors one workspace's pages into one folder. All work on files
// and pages happens on one goroutine, one pass at a time, so its own
// writes and its reads never overlap.
type Mirror struct {
	st   Store
	dir  string
	root *os.Root
	w    *fsnotify.Watcher
	logf func(string, ...any)

	// Debounce is the quiet time before a pass; set it before Start.
	Debounce time.Duration
	// Grace is how long the folder must be quiet, at least one pass after
	// a file was found gone, before its page goes to the trash; set it
	// before Start.
	Grace time.Duration
	// OnStatus, when set, is called after a pass that changed the status.
	OnStatus func(Status)

	mu         sync.Mutex
	files      map[store.DocID]*store.MirrorFile
	problems   map[string]string
	watchErr   string
	dirtyPages map[store.DocID]bool
	dirtyPaths map[string]bool
	fullScan   bool
	lastStatus string
	halted     bool // the folder lost every file; see pass
	relayout   bool // a page may have a new title or place
	passes     int  // passes that did something, on the worker only
	lay        *layout
	placed     map[store.DocID]store.PageSummary // lay.pages, for PageSaved to compare under mu
	lastEvent  time.Time                         // the last change seen in the folder
	due        bool                              // a gone file's page may have waited long enough

	kick    chan struct{}
	syncReq chan chan struct{}
	quit    chan struct{}
	done    chan struct{}

	rewrite  map[store.DocID]bool // files to write even if the page did not change: to add its ID, or replace a stale copy
	settling map[string]bool      // files taken in during this pass: not written until the next
	links    *mdio.Links          // names of hard-linked files, counted once a pass when one is met

	// On the worker only: pages whose file is gone, held for a grace
	// before they go to the trash (a file that turns up elsewhere meanwhile
	// keeps its page); the entry of each file there is, by path; and every
	// entry by its folder's name (a page's file minus .md names the folder
	// of its subpages).
	gone     map[store.DocID]goneMark
	held     map[string]goneMark // new files held as long: copies of a page's file (the original may be about to go), empty files (about to be written)
	at       map[string]store.DocID
	folders  map[string][]store.DocID // lowercased path without extension → pages
	dueTimer *time.Timer

	// testHookPass, when set, runs in each pass with the paths it is about
	// to look at: what a test does there is seen by the pass's walks but
	// its events only by a later pass, and a path it takes out of paths is
	// as an event still queued, as under load.
	testHookPass func(paths map[string]bool)
}

// goneMark says when, and in which pass, a page's file was found gone.
type goneMark struct {
	at   time.Time
	pass int
}

// New returns a mirror of st's pages into dir, an absolute path to an
// existing folder. It does nothing until Start.
func New(st Store, dir string, logf func(string, ...any)) (*Mirror, error) {
	if dir == "" || !filepath.IsAbs(dir) {
		return nil, store.Errorf(store.EINVALID, "Choose a folder by its full path.")
	}
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, store.Errorf(store.ENOTFOUND, "The folder %s does not exist.", dir)
	}
	if err != nil || !fi.IsDir() {
		return nil, store.Errorf(store.EINVALID, "%s is not a folder Longhand can open.", dir)
	}
	if logf == nil {
		logf = func(string, ...any) {}
	}
	return &Mirror{st: st, dir: filepath.Clean(dir), logf: logf, Debounce: DefaultDebounce, Grace: DefaultGrace,
		files: map[store.DocID]*store.MirrorFile{}, problems: map[string]string{},
		dirtyPages: map[store.DocID]bool{}, dirtyPaths: map[string]bool{}, rewrite: map[store.DocID]bool{}, settling: map[string]bool{},
		gone: map[store.DocID]goneMark{}, held: map[string]goneMark{}, at: map[string]store.DocID{}, folders: map[string][]store.DocID{},
		kick: make(chan struct{}, 1), syncReq: make(chan chan struct{}), quit: make(chan struct{}), done: make(chan struct{})}, nil
}

// Start opens the folder, loads what the mirror remembers of it, and
// starts watching: the first pass reads every file and writes every page.
func (m *Mirror) Start(ctx context.Context) error {
	root, err := os.OpenRoot(m.dir)
	if err != nil {
		return store.Errorf(store.EINVALID, "Longhand cannot open the folder %s: %v.", m.dir, unwrap(err))
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		root.Close()
		return store.Errorf(store.EUNAVAILABLE, "Longhand cannot watch folders on this system: %v.", err)
	}
	if err := w.Add(m.dir); err != nil {
		w.Close()
		root.Close()
		return store.Errorf(store.EUNAVAILABLE, "Longhand cannot watch the folder %s: %v.", m.dir, err)
	}
	if err := claimRoot(ctx, m.st, root, m.dir); err != nil {
		w.Close()
		root.Close()
		return err
	}
	files, err := m.st.FindMirrorFiles(ctx)
	if err != nil {
		w.Close()
		root.Close()
		return err
	}
	m.root, m.w = root, w
	for i := range files {
		f := files[i]
		m.put(&f)
	}
	m.fullScan = true
	go m.run()
	go m.watchErrors()
	return nil
}

// Stop stops watching and waits for the pass under way, if any.
func (m *Mirror) Stop() {
	select {
	case <-m.quit:
		return
	default:
	}
	close(m.quit)
	<-m.done
	if m.dueTimer != nil {
		m.dueTimer.Stop()
	}
	m.w.Close()
	m.root.Close()
}

// Folder is the mirrored folder.
func (m *Mirror) Folder() string { return m.dir }

// PageChanged tells the mirror a page changed in Longhand: edited,
// renamed, moved, trashed, restored or purged, here or by a peer. It never
// blocks; the file follows after the debounce.
func (m *Mirror) PageChanged(id store.DocID) {
	m.mu.Lock()
	m.dirtyPages[id] = true
	m.relayout = true
	m.mu.Unlock()
	m.poke()
}

// PageSaved tells the mirror a page's row was refreshed: usually its
// text, after edits here or a peer's. Unless its title or place changed
// too, the mirror rewrites its file without listing every page again
// (which would fold every page's pending edits).
func (m *Mirror) PageSaved(s store.PageSummary) {
	m.mu.Lock()
	m.dirtyPages[s.ID] = true
	if old, ok := m.placed[s.ID]; !ok || !samePlace(old, s) {
		m.relayout = true
	}
	m.mu.Unlock()
	m.poke()
}

func samePlace(a, b store.PageSummary) bool {
	return a.Title == b.Title && a.Space == b.Space && a.Parent == b.Parent && a.Position == b.Position &&
		a.DeletedAt.IsZero() == b.DeletedAt.IsZero() && a.Template == b.Template && (a.Damaged == "") == (b.Damaged == "")
}

// Rescan asks for every file and page to be looked at again, as after a
// space was renamed.
func (m *Mirror) Rescan() {
	m.mu.Lock()
	m.fullScan = true
	m.mu.Unlock()
	m.poke()
}

// watchErrors takes the watcher's errors as they come, on a goroutine of
// its own: the watcher holds its lock while it hands one on, so an error
// left waiting while a pass asks the watcher for its list (unwatch) would
// stop both for good.
func (m *Mirror) watchErrors() {
	for err := range m.w.Errors {
		m.logf("mirror %s: %v", m.dir, err)
		m.mu.Lock()
		m.fullScan = true // events were lost: look at everything
		m.mu.Unlock()
		m.poke()
	}
}

func (m *Mirror) poke() {
	select {
	case m.kick <- struct{}{}:
	default:
	}
}

// Sync takes in the changes the folder reported until now, runs a pass
// and waits for it. Tests use it to settle.
func (m *Mirror) Sync(ctx context.Context) error {
	req := make(chan struct{})
	select {
	case m.syncReq <- req:
	case <-m.quit:
		return store.Errorf(store.EUNAVAILABLE, "The mirror has stopped.")
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-req:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Status says what the mirror is doing now.
func (m *Mirror) Status() Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.statusLocked()
}

func (m *Mirror) statusLocked() Status {
	st := Status{Folder: m.dir, Pages: len(m.files), Problems: []Problem{}, Error: m.watchErr}
	for p, r := range m.problems {
		st.Problems = append(st.Problems, Problem{Path: p, Reason: r})
	}
	sort.Slice(st.Problems, func(i, j int) bool { return st.Problems[i].Path < st.Problems[j].Path })
	return st
}

func (m *Mirror) run() {
	defer close(m.done)
	timer := time.NewTimer(0) // the first pass at once
	var since time.Time       // when the oldest change not yet passed over came
	wait := func() {
		// Quiet for Debounce, but never more than maxWait after the first
		// change, so that a file written to all the time is still read.
		now := time.Now()
		if since.IsZero() {
			since = now
		}
		d := min(m.Debounce, max(0, since.Add(maxWait).Sub(now)))
		timer.Reset(d)
	}
	for {
		select {
		case <-m.quit:
			timer.Stop()
			return
		case ev, ok := <-m.w.Events:
			if !ok {
				return
			}
			if m.take(ev) {
				wait()
			}
		case <-m.kick:
			wait()
		case <-timer.C:
			since = time.Time{}
			m.pass()
		case req := <-m.syncReq:
			m.settle()
			m.pass()
			close(req)
		}
	}
}

// take notes a change the watcher reported, for the next pass; it
// reports false for one the mirror ignores (its own temporary files,
// editors' swap files).
func (m *Mirror) take(ev fsnotify.Event) bool {
	rel, ok := m.rel(ev.Name)
	if !ok || ignoredPath(rel) {
		return false
	}
	m.mu.Lock()
	m.dirtyPaths[rel] = true
	m.lastEvent = time.Now()
	m.mu.Unlock()
	return true
}

// drain takes the changes the watcher has waiting, without waiting for
// more, and has them looked at by a pass soon. A pass is long under load,
// and the changes made meanwhile wait in the kernel's queue: a pass about
// to trash pages whose files are gone first learns whether the folder is
// still changing, since a file being moved (deleted, then written) is
// missing for a moment.
func (m *Mirror) drain() {
	took := false
	for {
		select {
		case ev, ok := <-m.w.Events:
			if !ok {
				return
			}
			took = m.take(ev) || took
		default:
			if took {
				m.poke()
			}
			return
		}
	}
}

// settle takes the changes the watcher reports until it has been quiet
// for a moment (at most a fifth of a second): the kernel queues a change
// as it is made, but the watcher hands it on a moment later, and a pass
// asked for right after a change must see it.
func (m *Mirror) settle() {
	const quiet = 10 * time.Millisecond
	t := time.NewTimer(quiet)
	defer t.Stop()
	deadline := time.After(200 * time.Millisecond)
	for {
		select {
		case ev, ok := <-m.w.Events:
			if !ok {
				return
			}
			m.take(ev)
			t.Reset(quiet)
		case <-t.C:
			return
		case <-deadline:
			return
		}
	}
}

// rel turns a watched path into a slash path inside the folder.
func (m *Mirror) rel(name string) (string, bool) {
	r, err := filepath.Rel(m.dir, name)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// Ignored reports whether a file or folder name is one the mirror never
// reads: hidden files, editors' swap, backup and test files, and
// Longhand's own temporary files.
func Ignored(name string) bool {
	switch {
	case name == "" || strings.HasPrefix(name, "."): // .swp, .#lock, .goutputstream-*, .longhand-*
		return true
	case strings.HasSuffix(name, "~"): // vim, emacs, gedit backups
		return true
	case strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"): // emacs autosave
		return true
	case name == "4913": // vim checks it may write the folder
		return true
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".swp", ".swx", ".swo", ".tmp", ".bak", ".orig", ".crswap":
		return true
	}
	return false
}

func isMarkdown(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".md" || ext == ".markdown"
}

func hashOf(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// readFile reads a file through the root: a regular file of at most
// MaxFileSize bytes of UTF-8 text that lives in the folder. A missing file,
// or one replaced while it was read, is fs.ErrNotExist.
func (m *Mirror) readFile(p string) ([]byte, error) {
	fi, err := m.root.Lstat(p)
	if err != nil {
		return nil, err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		if _, err := m.root.Stat(p); err != nil {
			return nil, problemf("It is a link to something outside the mirrored folder, or to nothing; Longhand does not follow it.")
		}
		return nil, problemf("It is a symbolic link; the mirror reads and writes only real files.")
	}
	if !fi.Mode().IsRegular() {
		return nil, problemf("It is not a regular file.")
	}
	if fi.Size() > MaxFileSize {
		return nil, problemf("It is larger than %d MB, the most the mirror reads; it was left as it is.", MaxFileSize>>20)
	}
	f, opened, err := mdio.OpenRegular(m.root, p)
	if errors.Is(err, mdio.ErrNotRegular) {
		return nil, problemf("It is not a regular file.")
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if !os.SameFile(fi, opened) {
		// Replaced between the look and the open: the file looked at is
		// gone from here, and its replacement brings an event of its own.
		return nil, fmt.Errorf("%s was replaced while it was read: %w", p, fs.ErrNotExist)
	}
	if m.links == nil {
		m.links = mdio.NewLinks(m.root, maxWalk)
	}
	if !m.links.Inside(opened) {
		return nil, problemf("It is a hard link to a file that also has a name outside the mirrored folder; the mirror reads only files that live in the folder. It was left as it is.")
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, problemf("It could not be read: %v.", unwrap(err))
	}
	if len(data) > MaxFileSize {
		return nil, problemf("It is larger than %d MB, the most the mirror reads; it was left as it is.", MaxFileSize>>20)
	}
	if !isText(data) {
		return nil, problemf("It is not text: it holds binary data or is not UTF-8. It was left as it is.")
	}
	return data, nil
}

// problem is an error that says why a file was left alone, in words for
// the person who owns it.
type problem struct{ msg string }

func (p *problem) Error() string { return p.msg }

func problemf(format string, args ...any) error { return &problem{fmt.Sprintf(format, args...)} }

// errChanged is a write given up because the file changed since the
// mirror read it.
var errChanged = errors.New("the file changed since Longhand read it")

// absent is the hash of a file that is not there, for writeFile.
const absent = "absent"

// currentHash is the hash of the bytes at p now, absent when nothing is
// there, and "" when it cannot be read as a file.
func (m *Mirror) currentHash(p string) string {
	fi, err := m.root.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return absent
	}
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > MaxFileSize {
		return ""
	}
	f, _, err := mdio.OpenRegular(m.root, p)
	if err != nil {
		return ""
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil || len(data) > MaxFileSize {
		return ""
	}
	return hashOf(data)
}

// writeFile replaces p with data atomically: a temporary file beside it,
// synced, then renamed over it; but only while p still holds the bytes
// whose hash is want (absent: nothing is there), looked at again just
// before the rename, so that a save or a delete made while the file was
// being written is not undone. It returns errChanged when p changed.
func (m *Mirror) writeFile(p string, data []byte, want string) error {
	if err := m.mkdirAll(path.Dir(p)); err != nil {
		return err
	}
	var rnd [6]byte
	rand.Read(rnd[:])
	tmp := path.Join(path.Dir(p), ".longhand-"+hex.EncodeToString(rnd[:])+".tmp")
	f, err := m.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && m.currentHash(p) != want {
		err = errChanged
	}
	if err == nil {
		err = m.root.Rename(tmp, p)
	}
	if err != nil {
		m.root.Remove(tmp)
	}
	return err
}

// mkdirAll makes a folder and those above it, and watches each, so that
// a file put into a new folder right after is seen.
func (m *Mirror) mkdirAll(dir string) error {
	if dir == "." || dir == "" {
		return nil
	}
	if fi, err := m.root.Lstat(dir); err == nil && fi.IsDir() {
		return nil
	}
	if err := m.mkdirAll(path.Dir(dir)); err != nil {
		return err
	}
	if err := m.root.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	m.watchDir(dir)
	return nil
}

// MarkerFile, at the top of a mirrored folder, names the database that
// mirrors it. Hidden, so the mirror itself ignores it.
const MarkerFile = ".longhand-mirror"

// Claim makes sure no other database mirrors dir, and marks it as st's.
// Two copies of Longhand writing one folder (two devices sharing it
// through a sync service, or two workspaces) would each take the other's
// writes in as edits, and every edit would arrive twice.
func Claim(ctx context.Context, st Store, dir string) error {
	if dir == "" || !filepath.IsAbs(dir) {
		return store.Errorf(store.EINVALID, "Choose a folder by its full path.")
	}
	root, err := os.OpenRoot(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return store.Errorf(store.ENOTFOUND, "The folder %s does not exist.", dir)
	}
	if err != nil {
		return store.Errorf(store.EINVALID, "Longhand cannot open the folder %s: %v.", dir, unwrap(err))
	}
	defer root.Close()
	return claimRoot(ctx, st, root, dir)
}

func claimRoot(ctx context.Context, st Store, root *os.Root, dir string) error {
	owner, err := st.MirrorOwner(ctx)
	if err != nil {
		return err
	}
	want := "# This folder is mirrored by Longhand. Keep this file; do not share the folder with another device's Longhand.\nowner: " + owner + "\n"
	f, _, err := mdio.OpenRegular(root, MarkerFile)
	switch {
	case errors.Is(err, mdio.ErrNotRegular):
		return store.Errorf(store.EINVALID, "Longhand cannot use the folder %s: its %s is not a regular file. Delete it and try again.", dir, MarkerFile)
	case errors.Is(err, fs.ErrNotExist):
		if err := root.WriteFile(MarkerFile, []byte(want), 0o644); err != nil {
			return store.Errorf(store.EINVALID, "Longhand cannot write in the folder %s: %v.", dir, unwrap(err))
		}
		return nil
	case err != nil:
		return store.Errorf(store.EINVALID, "Longhand cannot read the folder %s: %v.", dir, unwrap(err))
	}
	defer f.Close()
	data, _ := io.ReadAll(io.LimitReader(f, 4096))
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "owner:"); ok && strings.TrimSpace(v) == owner {
			return nil
		}
	}
	return store.Errorf(store.ECONFLICT, "Another copy of Longhand (on another device, or for another workspace) already mirrors %s. Choose another folder: two copies writing one folder would take each other's edits in twice. If that copy is gone for good, delete the file %s in the folder and try again.", dir, MarkerFile)
}

// unwatch stops watching the folder p and the folders in it, if watched:
// it is gone, or was moved, and a watch that follows a moved folder would
// report its events under the old name. Where it went is watched anew.
func (m *Mirror) unwatch(p string) {
	full := filepath.Join(m.dir, filepath.FromSlash(p))
	for _, w := range m.w.WatchList() {
		if w == full || strings.HasPrefix(w, full+string(filepath.Separator)) {
			m.w.Remove(w) // already gone: nothing to do
		}
	}
}

// pruneWatches stops watching every folder no longer where it was
// watched. A folder moved inside the mirrored folder keeps the watches of
// the folders in it, under their old names; they must go before it is
// watched where it is now.
func (m *Mirror) pruneWatches() {
	for _, w := range m.w.WatchList() {
		if w == m.dir {
			continue
		}
		if fi, err := os.Lstat(w); err != nil || !fi.IsDir() {
			m.w.Remove(w)
		}
	}
}
