package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/mirror"
)

// EventMirrorChanged carries a MirrorStatus whenever the folder mirror
// starts, stops, or finds or clears a problem with a file.
const EventMirrorChanged = "mirror:changed"

// MirrorStore is what the folder mirror reads and changes.
type MirrorStore interface {
	mirror.Store
}

// Mirror is the bound service for the live Markdown folder mirror: one
// folder per workspace, chosen in settings, where every page is a file
// that any editor can change.
type Mirror struct {
	ctx     context.Context
	st      MirrorStore
	err     error // why there is no store
	dialogs Dialogs
	events  Emitter
	dataDir string
	logf    func(string, ...any)

	pages *Pages // announces what the mirror changes, as if typed here

	mu  sync.Mutex // one start or stop at a time
	m   *mirror.Mirror
	cur atomic.Pointer[mirror.Mirror] // m, for hooks that must not wait on mu
}

// MirrorStatus says whether the mirror is on, where, and what it could
// not take in.
type MirrorStatus struct {
	On       bool            `json:"on"`
	Folder   string          `json:"folder"`
	Pages    int             `json:"pages"`
	Problems []MirrorProblem `json:"problems"`
	Error    string          `json:"error"` // the folder cannot be watched, or the mirror stopped; "" when all is well
}

// MirrorProblem is a file left as it is, by its path inside the folder, and why.
type MirrorProblem struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// NewMirror returns the mirror service. With a nil store every method
// returns unavailable, the reason the data could not be opened.
func NewMirror(ctx context.Context, st MirrorStore, unavailable error, dialogs Dialogs, events Emitter, dataDir string, logf func(string, ...any)) *Mirror {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	return &Mirror{ctx: ctx, st: st, err: unavailable, dialogs: dialogs, events: events, dataDir: dataDir, logf: logf}
}

// resume starts mirroring the folder chosen before, if there is one. A
// folder that has gone is reported in the status, not turned off.
func (s *Mirror) resume() error {
	if s.st == nil {
		return s.err
	}
	folder, err := s.st.FindMirrorFolder(s.ctx)
	if err != nil || folder == "" {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.startLocked(folder)
}

// announceTo makes the mirror's changes to pages announced through pages,
// so that an open editor takes in an edit made in a file as it would a
// peer's.
func (s *Mirror) announceTo(pages *Pages) { s.pages = pages }

func (s *Mirror) store() mirror.Store {
	if s.pages == nil {
		return s.st
	}
	return announcingMirrorStore{s.st, s.pages}
}

func (s *Mirror) startLocked(folder string) error {
	m, err := mirror.New(s.store(), folder, s.logf)
	if err != nil {
		return err
	}
	m.OnStatus = func(st mirror.Status) { s.events.Emit(EventMirrorChanged, statusView(st, true)) }
	if err := m.Start(s.ctx); err != nil {
		return err
	}
	s.m = m
	s.cur.Store(m)
	return nil
}

// Status says whether the mirror is on and what it found.
func (s *Mirror) Status() (MirrorStatus, error) {
	if s.st == nil {
		return MirrorStatus{}, s.err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m != nil {
		return statusView(s.m.Status(), true), nil
	}
	folder, err := s.st.FindMirrorFolder(s.ctx)
	if err != nil {
		return MirrorStatus{}, err
	}
	v := MirrorStatus{Folder: folder, Problems: []MirrorProblem{}}
	if folder != "" {
		v.Error = "The folder " + folder + " could not be opened, so the mirror is paused. Reconnect it and start Longhand again, or choose another folder."
	}
	return v, nil
}

// ChooseFolder asks for the folder to mirror into with the system's
// dialog; "" when cancelled.
func (s *Mirror) ChooseFolder() (string, error) {
	return s.dialogs.OpenDirectory("Choose a folder for your pages as Markdown files")
}

// Start mirrors every page into folder (a full path), from now on and
// each time Longhand starts. Markdown files already there become pages.
func (s *Mirror) Start(folder string) (MirrorStatus, error) {
	if s.st == nil {
		return MirrorStatus{}, s.err
	}
	if err := checkPath(folder); err != nil {
		return MirrorStatus{}, err
	}
	folder = filepath.Clean(folder)
	if err := s.checkFolder(folder); err != nil {
		return MirrorStatus{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopLocked()
	if _, err := mirror.New(s.st, folder, nil); err != nil {
		return MirrorStatus{}, err // not a folder: keep the setting as it was
	}
	if err := mirror.Claim(s.ctx, s.st, folder); err != nil {
		return MirrorStatus{}, err // another Longhand's folder: the same
	}
	if err := s.st.SetMirrorFolder(s.ctx, folder); err != nil {
		return MirrorStatus{}, err
	}
	if err := s.startLocked(folder); err != nil {
		return MirrorStatus{}, err
	}
	v := statusView(s.m.Status(), true)
	s.events.Emit(EventMirrorChanged, v)
	return v, nil
}

// checkFolder refuses folders the mirror must not fill: the file
// system's root, the data folder, and anything holding or inside it.
func (s *Mirror) checkFolder(folder string) error {
	if filepath.Dir(folder) == folder {
		return store.Errorf(store.EINVALID, "Choose a folder of its own, not the top of a disk.")
	}
	if home, err := os.UserHomeDir(); err == nil && filepath.Clean(home) == folder {
		return store.Errorf(store.EINVALID, "Choose a folder inside your home folder, not the home folder itself.")
	}
	if s.dataDir != "" {
		data := filepath.Clean(s.dataDir)
		if within(folder, data) || within(data, folder) {
			return store.Errorf(store.EINVALID, "Choose a folder apart from Longhand's own data folder (%s).", data)
		}
	}
	return nil
}

// within reports whether p is dir or inside it.
func within(p, dir string) bool {
	r, err := filepath.Rel(dir, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator))
}

// Stop stops mirroring. The files stay in the folder as they are.
func (s *Mirror) Stop() (MirrorStatus, error) {
	if s.st == nil {
		return MirrorStatus{}, s.err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopLocked()
	if err := s.st.SetMirrorFolder(s.ctx, ""); err != nil {
		return MirrorStatus{}, err
	}
	v := MirrorStatus{Problems: []MirrorProblem{}}
	s.events.Emit(EventMirrorChanged, v)
	return v, nil
}

// Rescan looks at every file and page again, as after a space was renamed.
func (s *Mirror) Rescan() error {
	if s.st == nil {
		return s.err
	}
	if m := s.running(); m != nil {
		m.Rescan()
	}
	return nil
}

// running is the mirror at work, if any. It never waits: the store calls
// it while a pass of the mirror may be waiting on the store.
func (s *Mirror) running() *mirror.Mirror { return s.cur.Load() }

func (s *Mirror) stopLocked() {
	s.cur.Store(nil)
	if s.m != nil {
		s.m.Stop()
		s.m = nil
	}
}

// pageSaved tells the mirror a page's row changed: by an edit here or a
// peer's, a rename, a move, the trash. The store calls it.
func (s *Mirror) pageSaved(p store.PageSummary) {
	if m := s.running(); m != nil {
		m.PageSaved(p)
	}
}

// observe passes every event on to next, and tells the mirror of pages
// created, renamed, moved, trashed, restored and purged and of spaces
// changed, some of which the store's hook does not see.
func (s *Mirror) observe(next Emitter) Emitter {
	return EmitterFunc(func(name string, payload any) {
		next.Emit(name, payload)
		m := s.running()
		if m == nil {
			return
		}
		switch ev := payload.(type) {
		case PageChanged:
			if ev.Kind == ChangeEdited || ev.Kind == ChangeSaved {
				return // the store's hook tells the mirror once the edits are folded
			}
			m.PageChanged(store.DocID(ev.Page.ID))
		case SpaceView, SpaceChanged:
			m.Rescan()
		}
	})
}

// close stops the mirror; Longhand calls it before closing the database.
func (s *Mirror) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopLocked()
}

func statusView(st mirror.Status, on bool) MirrorStatus {
	v := MirrorStatus{On: on, Folder: st.Folder, Pages: st.Pages, Problems: make([]MirrorProblem, len(st.Problems)), Error: st.Error}
	for i, p := range st.Problems {
		v.Problems[i] = MirrorProblem{Path: p.Path, Reason: p.Reason}
	}
	return v
}

// announcingMirrorStore announces every change the mirror makes to pages,
// as the pages service announces those made in a window.
type announcingMirrorStore struct {
	MirrorStore
	pages *Pages
}

// mirrorOrigin names the mirror as the client behind its edits.
const mirrorOrigin = "mirror"

func (a announcingMirrorStore) EditPage(ctx context.Context, id store.DocID, e store.Edit) (*store.EditResult, error) {
	res, err := a.MirrorStore.EditPage(ctx, id, e)
	if err != nil {
		return nil, err
	}
	a.pages.announce(PageChanged{Kind: ChangeEdited, Page: summaryView(res.Page), Origin: mirrorOrigin, PrevRev: res.PrevRev, Rev: res.Rev, Splices: res.Splices})
	return res, nil
}

func (a announcingMirrorStore) CreatePage(ctx context.Context, np store.NewPage) (*store.Page, error) {
	p, err := a.MirrorStore.CreatePage(ctx, np)
	if err != nil {
		return nil, err
	}
	a.pages.announce(PageChanged{Kind: ChangeCreated, Page: summaryView(p.Summary()), Origin: mirrorOrigin, Rev: p.Rev})
	return p, nil
}

func (a announcingMirrorStore) UpdatePage(ctx context.Context, id store.DocID, upd store.PageUpdate) (*store.Page, error) {
	p, err := a.MirrorStore.UpdatePage(ctx, id, upd)
	if err != nil {
		return nil, err
	}
	a.pages.announce(PageChanged{Kind: ChangeRenamed, Page: summaryView(p.Summary()), Origin: mirrorOrigin, Rev: p.Rev})
	return p, nil
}

func (a announcingMirrorStore) MovePage(ctx context.Context, id store.DocID, mv store.PageMove) (*store.Page, error) {
	p, err := a.MirrorStore.MovePage(ctx, id, mv)
	if err != nil {
		return nil, err
	}
	a.pages.announce(PageChanged{Kind: ChangeMoved, Page: summaryView(p.Summary()), Origin: mirrorOrigin, Rev: p.Rev})
	return p, nil
}

func (a announcingMirrorStore) DeletePage(ctx context.Context, id store.DocID) ([]store.DocID, error) {
	ids, err := a.MirrorStore.DeletePage(ctx, id)
	a.announceAll(ctx, ChangeTrashed, ids)
	return ids, err
}

func (a announcingMirrorStore) RestorePage(ctx context.Context, id store.DocID) ([]store.DocID, error) {
	ids, err := a.MirrorStore.RestorePage(ctx, id)
	a.announceAll(ctx, ChangeRestored, ids)
	return ids, err
}

func (a announcingMirrorStore) announceAll(ctx context.Context, kind string, ids []store.DocID) {
	for _, x := range ids {
		if p, err := a.MirrorStore.FindPage(ctx, x); err == nil {
			a.pages.announce(PageChanged{Kind: kind, Page: summaryView(p.Summary()), Origin: mirrorOrigin, Rev: p.Rev})
		}
	}
}
