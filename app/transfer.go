package app

import (
	"context"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/confluence"
	"github.com/longhand/longhand/store/mdio"
)

// Transfer is the bound service for Markdown export and import. The
// methods that write or read files take full paths; the Choose* methods
// open the system's file dialogs to get them, separately, so that the
// end-to-end tests (which cannot click native dialogs) pass paths directly.
type Transfer struct {
	ctx      context.Context
	pages    *Pages
	src      mdio.Source
	sink     mdio.Sink
	imports  store.ImportService
	spaces   store.SpaceService
	dialogs  Dialogs
	events   Emitter
	limits   mdio.Limits
	am       AutomergeStore       // nil when the workspace could not be opened
	comments store.CommentService // nil when the workspace could not be opened
	files    *deviceFiles         // where imported files go; nil when the workspace could not be opened

	mu     sync.Mutex
	cancel context.CancelFunc // of the folder import under way; nil when none
}

// TransferStore is what export and import read and write.
type TransferStore interface {
	store.PageService
	store.AttachmentService
	store.BlobService
	store.ImportService
}

// Dialogs opens the system's file dialogs; an empty answer means the
// person cancelled.
type Dialogs interface {
	OpenDirectory(title string) (string, error)
	OpenMarkdownFiles(title string) ([]string, error)
	OpenZipFile(title string) (string, error)
	SaveMarkdownFile(title, defaultName string) (string, error)
}

// NewTransfer returns the export and import service. Pages it creates are
// announced through pages; a folder import's progress through events.
func NewTransfer(ctx context.Context, st TransferStore, spaces store.SpaceService, pages *Pages, dialogs Dialogs, events Emitter) *Transfer {
	return &Transfer{ctx: ctx, pages: pages, src: st, sink: announcingSink{st, pages, nil}, imports: st, spaces: spaces, dialogs: dialogs,
		events: events, limits: mdio.DefaultLimits}
}

// EventImportProgress carries an ImportProgress while a folder is imported,
// at most ten times a second and once when its last page is made.
const EventImportProgress = "import:progress"

// ImportProgress is the payload of EventImportProgress.
type ImportProgress struct {
	ID    string `json:"id"`
	Done  int    `json:"done"`  // pages made, those of earlier runs of the import too
	Total int    `json:"total"` // pages the folder makes
}

// StoppedImport is a folder import that was cancelled or cut short (the
// app closed, the machine crashed) and can be resumed.
type StoppedImport struct {
	ID      string `json:"id"`
	SpaceID string `json:"spaceId"`
	Folder  string `json:"folder"`
	Done    int    `json:"done"`
	Total   int    `json:"total"` // 0 when it stopped before it counted the files
	Started string `json:"started"`
}

// ExportView says what an export wrote.
type ExportView struct {
	Path     string   `json:"path"`
	Pages    int      `json:"pages"`
	Images   int      `json:"images"`
	Files    int      `json:"files"` // other attached files written
	Problems []string `json:"problems"`
}

// ImportView is the import report shown to the person.
type ImportView struct {
	ID      string        `json:"id"`      // of a folder import, to resume it while Stopped
	Stopped bool          `json:"stopped"` // cancelled before every page was made: it can be resumed
	Pages   int           `json:"pages"`
	Images  int           `json:"images"`
	Files   int           `json:"files"`   // other files attached (a Confluence import)
	FirstID string        `json:"firstId"` // the first page created, to open; "" if none
	Skipped []SkippedFile `json:"skipped"`
	Notes   []SkippedFile `json:"notes"` // files imported with a link or image left as it was
}

// SkippedFile is a file, by its path inside what was chosen, and why.
type SkippedFile struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// ExportPage writes a page to the Markdown file at path (full path), its
// images into _attachments beside it.
func (s *Transfer) ExportPage(pageID, path string) (ExportView, error) {
	if err := checkPath(path); err != nil {
		return ExportView{}, err
	}
	if !strings.EqualFold(filepath.Ext(path), ".md") && !strings.EqualFold(filepath.Ext(path), ".markdown") {
		path += ".md"
	}
	rep, err := mdio.ExportPage(s.ctx, s.src, store.DocID(pageID), path)
	if err != nil {
		return ExportView{}, err
	}
	return exportView(rep), nil
}

// ExportSpace writes a space's pages into a new folder inside dir (full
// path) and returns the folder's path.
func (s *Transfer) ExportSpace(spaceID, dir string) (ExportView, error) {
	if err := checkPath(dir); err != nil {
		return ExportView{}, err
	}
	sp, err := s.space(spaceID)
	if err != nil {
		return ExportView{}, err
	}
	rep, err := mdio.ExportSpace(s.ctx, s.src, sp, dir)
	if err != nil {
		return ExportView{}, err
	}
	return exportView(rep), nil
}

// ImportFolder imports the Markdown files under dir (full path) into a
// space, folders becoming parent pages. However many files there are, it
// holds one at a time; each page is recorded as it is made, so that an
// import cancelled (CancelImport) or cut short goes on with ResumeImport.
func (s *Transfer) ImportFolder(spaceID, dir string) (ImportView, error) {
	if err := checkPath(dir); err != nil {
		return ImportView{}, err
	}
	sp, err := s.space(spaceID)
	if err != nil {
		return ImportView{}, err
	}
	im, err := s.imports.StartImport(s.ctx, sp.ID, dir)
	if err != nil {
		return ImportView{}, err
	}
	return s.runImport(im)
}

// ResumeImport goes on with a folder import that stopped, making the pages
// it had not made yet.
func (s *Transfer) ResumeImport(id string) (ImportView, error) {
	im, err := s.imports.FindImport(s.ctx, id)
	if err != nil {
		return ImportView{}, err
	}
	if _, err := s.space(string(im.Space)); err != nil {
		return ImportView{}, store.Errorf(store.ENOTFOUND, "The space this import was going into does not exist any more; discard the import.")
	}
	return s.runImport(im)
}

// CancelImport stops the folder import under way after the page it is
// making; the pages made stay, and the import can be resumed.
func (s *Transfer) CancelImport() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		s.cancel()
	}
}

// StoppedImports lists the folder imports that can be resumed, oldest first.
func (s *Transfer) StoppedImports() ([]StoppedImport, error) {
	ims, err := s.imports.FindImports(s.ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	running := s.cancel != nil
	s.mu.Unlock()
	out := []StoppedImport{}
	if running {
		return out, nil // the one under way is not stopped; one runs at a time
	}
	for _, im := range ims {
		out = append(out, StoppedImport{ID: im.ID, SpaceID: string(im.Space), Folder: im.Folder, Done: im.Done, Total: im.Total,
			Started: im.Started.UTC().Format(time.RFC3339)})
	}
	return out, nil
}

// DiscardImport ends a stopped import without making the rest of its
// pages; those it made stay.
func (s *Transfer) DiscardImport(id string) error {
	return s.imports.EndImport(s.ctx, id)
}

// runImport runs a folder import to its end, or until it is cancelled.
func (s *Transfer) runImport(im *store.Import) (ImportView, error) {
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	s.mu.Lock()
	if s.cancel != nil {
		s.mu.Unlock()
		return ImportView{}, store.Errorf(store.ECONFLICT, "Another import is under way; wait for it to finish, or cancel it.")
	}
	s.cancel = cancel
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.cancel = nil
		s.mu.Unlock()
	}()

	var last time.Time
	counted := im.Total
	progress := func(done, total int) {
		if total != counted {
			counted = total
			if err := s.imports.SetImportTotal(s.ctx, im.ID, total); err != nil {
				return // the next call tries again
			}
		}
		if now := time.Now(); done == total || now.Sub(last) >= 100*time.Millisecond {
			last = now
			s.events.Emit(EventImportProgress, ImportProgress{ID: im.ID, Done: done, Total: total})
		}
	}
	j := importJournal{st: s.imports, id: im.ID, pages: s.pages}
	rep, err := mdio.ImportDirRun(ctx, s.sink, im.Space, im.Folder, s.limits, mdio.Run{Journal: j, Progress: progress})
	if err != nil {
		return ImportView{}, err
	}
	v := importView(rep)
	v.ID = im.ID
	if ctx.Err() != nil {
		v.Stopped = true
		v.Skipped = slices.DeleteFunc(v.Skipped, func(f SkippedFile) bool { return f.Reason == mdio.StoppedReason })
		return v, nil
	}
	if err := s.imports.EndImport(s.ctx, im.ID); err != nil {
		return ImportView{}, err
	}
	return v, nil
}

// ImportFiles imports Markdown files (full paths) into a space as
// top-level pages.
func (s *Transfer) ImportFiles(spaceID string, paths []string) (ImportView, error) {
	for _, p := range paths {
		if err := checkPath(p); err != nil {
			return ImportView{}, err
		}
	}
	sp, err := s.space(spaceID)
	if err != nil {
		return ImportView{}, err
	}
	rep, err := mdio.ImportFiles(s.ctx, s.sink, sp.ID, paths, s.limits)
	if err != nil {
		return ImportView{}, err
	}
	return importView(rep), nil
}

// ChooseFolder asks for a folder with the system's dialog; "" when cancelled.
func (s *Transfer) ChooseFolder(title string) (string, error) {
	return s.dialogs.OpenDirectory(title)
}

// ChooseZipFile asks for a .zip file (an export of another tool) to
// import; "" when cancelled.
func (s *Transfer) ChooseZipFile(title string) (string, error) {
	return s.dialogs.OpenZipFile(title)
}

// ImportConfluence imports a Confluence space's HTML export (the .zip, or
// the folder it unpacks to; full path) into a space: its page tree, each
// page's content as Markdown, the images pages show, and comments.
func (s *Transfer) ImportConfluence(spaceID, path string) (ImportView, error) {
	if err := checkPath(path); err != nil {
		return ImportView{}, err
	}
	sp, err := s.space(spaceID)
	if err != nil {
		return ImportView{}, err
	}
	if s.comments == nil {
		return ImportView{}, store.Errorf(store.EUNAVAILABLE, "The workspace is not open.")
	}
	rep, err := confluence.Import(s.ctx, confluenceSink{s.sink, s.comments, s.files}, sp.ID, path)
	if err != nil {
		return ImportView{}, err
	}
	v := ImportView{Pages: len(rep.Pages), Images: rep.Images, Files: rep.Files, Skipped: skippedViews(rep.Skipped), Notes: skippedViews(rep.Notes)}
	if len(rep.Pages) > 0 {
		v.FirstID = string(rep.Pages[0])
	}
	return v, nil
}

// confluenceSink makes an import's pages through the announcing sink, its
// comments and attachments in the store.
type confluenceSink struct {
	mdio.Sink
	comments store.CommentService
	files    *deviceFiles
}

func (c confluenceSink) CreateBlob(ctx context.Context, name string, r io.Reader, limit int64) (*store.Blob, error) {
	if c.files == nil {
		return mdio.ImagesOnly{Sink: c.Sink}.CreateBlob(ctx, name, r, limit)
	}
	return c.files.CreateBlob(ctx, name, r, limit)
}

// deviceFiles stores an import's files within this device's size limit.
type deviceFiles struct{ st AttachmentStore }

func (d *deviceFiles) CreateBlob(ctx context.Context, name string, r io.Reader, limit int64) (*store.Blob, error) {
	set, err := d.st.BlobSettings(ctx)
	if err != nil {
		return nil, err
	}
	return d.st.CreateBlob(ctx, name, r, min(limit, set.MaxFileSize))
}

func (c confluenceSink) CreateThread(ctx context.Context, page store.DocID, rev string, start, end int, body string, mentions []store.DocID) (*store.Thread, error) {
	return c.comments.CreateThread(ctx, page, rev, start, end, body, mentions)
}

// ChooseMarkdownFiles asks for Markdown files to import; empty when cancelled.
func (s *Transfer) ChooseMarkdownFiles() ([]string, error) {
	files, err := s.dialogs.OpenMarkdownFiles("Import Markdown files")
	if files == nil {
		files = []string{}
	}
	return files, err
}

// ChooseExportFile asks where to save a page as Markdown, offering a file
// name made from its title; "" when cancelled.
func (s *Transfer) ChooseExportFile(title string) (string, error) {
	return s.dialogs.SaveMarkdownFile("Export as Markdown", mdio.SafeName(title)+".md")
}

func (s *Transfer) space(id string) (store.Space, error) {
	sps, err := s.spaces.FindSpaces(s.ctx)
	if err != nil {
		return store.Space{}, err
	}
	for _, sp := range sps {
		if string(sp.ID) == id {
			return sp, nil
		}
	}
	return store.Space{}, store.Errorf(store.ENOTFOUND, "This space does not exist any more.")
}

func checkPath(p string) error {
	if p == "" || !filepath.IsAbs(p) || strings.ContainsRune(p, 0) {
		return store.Errorf(store.EINVALID, "Choose a file or folder by its full path.")
	}
	return nil
}

func exportView(r *mdio.ExportReport) ExportView {
	v := ExportView{Path: r.Path, Pages: r.Pages, Images: r.Images, Files: r.Other, Problems: r.Problems}
	if v.Problems == nil {
		v.Problems = []string{}
	}
	return v
}

func importView(r *mdio.ImportReport) ImportView {
	v := ImportView{Pages: len(r.Pages), Images: r.Images, Files: r.Other, Skipped: skippedViews(r.Skipped), Notes: skippedViews(r.Notes)}
	if len(r.Pages) > 0 {
		v.FirstID = string(r.Pages[0])
	}
	return v
}

func skippedViews(ss []mdio.Skipped) []SkippedFile {
	out := make([]SkippedFile, len(ss))
	for i, s := range ss {
		out[i] = SkippedFile{Path: s.Path, Reason: s.Reason}
	}
	return out
}

// importJournal records a folder import's pages in the store, and
// announces each, so that the tree shows it at once.
type importJournal struct {
	st    store.ImportService
	id    string
	pages *Pages
}

func (j importJournal) Imported(ctx context.Context) (map[string]store.DocID, error) {
	return j.st.ImportedPages(ctx, j.id)
}

func (j importJournal) CreatePage(ctx context.Context, key string, np store.NewPage) (*store.Page, error) {
	p, err := j.st.CreateImportedPage(ctx, j.id, key, np)
	if err != nil {
		return nil, err
	}
	j.pages.created(p)
	return p, nil
}

// announcingSink announces each page an import creates, so that the tree
// shows it at once.
type announcingSink struct {
	TransferStore
	pages *Pages
	files *deviceFiles // within this device's size limit; nil: the store's own
}

// CreateBlob stores a file a page links to, within this device's limit.
func (a announcingSink) CreateBlob(ctx context.Context, name string, r io.Reader, limit int64) (*store.Blob, error) {
	if a.files != nil {
		return a.files.CreateBlob(ctx, name, r, limit)
	}
	return a.TransferStore.CreateBlob(ctx, name, r, limit)
}

// useFiles stores imported files within this device's size limit.
func (s *Transfer) useFiles(f *deviceFiles) {
	s.files = f
	if a, ok := s.sink.(announcingSink); ok {
		a.files = f
		s.sink = a
	}
}

func (a announcingSink) CreatePage(ctx context.Context, np store.NewPage) (*store.Page, error) {
	p, err := a.TransferStore.CreatePage(ctx, np)
	if err != nil {
		return nil, err
	}
	a.pages.created(p)
	return p, nil
}

// wailsDialogs opens the system's dialogs through the Wails runtime once
// it has started.
type wailsDialogs struct {
	ctx *atomic.Pointer[context.Context]
}

func (d wailsDialogs) runtime() (context.Context, error) {
	if c := d.ctx.Load(); c != nil {
		return *c, nil
	}
	return nil, store.Errorf(store.EUNAVAILABLE, "The window is not ready for dialogs yet.")
}

func (d wailsDialogs) OpenDirectory(title string) (string, error) {
	ctx, err := d.runtime()
	if err != nil {
		return "", err
	}
	return runtime.OpenDirectoryDialog(ctx, runtime.OpenDialogOptions{Title: title, CanCreateDirectories: true})
}

func (d wailsDialogs) OpenMarkdownFiles(title string) ([]string, error) {
	ctx, err := d.runtime()
	if err != nil {
		return nil, err
	}
	return runtime.OpenMultipleFilesDialog(ctx, runtime.OpenDialogOptions{Title: title,
		Filters: []runtime.FileFilter{{DisplayName: "Markdown (*.md, *.markdown)", Pattern: "*.md;*.markdown"}}})
}

func (d wailsDialogs) OpenZipFile(title string) (string, error) {
	ctx, err := d.runtime()
	if err != nil {
		return "", err
	}
	return runtime.OpenFileDialog(ctx, runtime.OpenDialogOptions{Title: title,
		Filters: []runtime.FileFilter{{DisplayName: "Zip archives (*.zip)", Pattern: "*.zip"}}})
}

func (d wailsDialogs) OpenFile(title string) (string, error) {
	ctx, err := d.runtime()
	if err != nil {
		return "", err
	}
	return runtime.OpenFileDialog(ctx, runtime.OpenDialogOptions{Title: title})
}

func (d wailsDialogs) SaveFile(title, defaultName string) (string, error) {
	ctx, err := d.runtime()
	if err != nil {
		return "", err
	}
	return runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{Title: title, DefaultFilename: defaultName, CanCreateDirectories: true})
}

func (d wailsDialogs) SaveMarkdownFile(title, defaultName string) (string, error) {
	ctx, err := d.runtime()
	if err != nil {
		return "", err
	}
	return runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{Title: title, DefaultFilename: defaultName, CanCreateDirectories: true,
		Filters: []runtime.FileFilter{{DisplayName: "Markdown (*.md)", Pattern: "*.md"}}})
}
