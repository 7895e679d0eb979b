package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

// AttachmentPath is where the window loads attachments from: the renderer
// maps ![alt](attachment:<hash>) to AttachmentPath+<hash>.
const AttachmentPath = "/attachments/"

// AttachmentStore is what attachments need from the store.
type AttachmentStore interface {
	store.AttachmentService
	store.BlobService
	BlobSettings(ctx context.Context) (store.BlobSettings, error)
	SetBlobSettings(ctx context.Context, s store.BlobSettings) error
	WantBlob(hash string) error
	FindVideo(ctx context.Context, hash string) (*store.Video, error)
	BlobRefusal(ctx context.Context, hash string) (string, error)
}

// FileDialogs opens the system's dialogs for any file; an empty answer
// means the person cancelled.
type FileDialogs interface {
	OpenFile(title string) (string, error)
	SaveFile(title, defaultName string) (string, error)
}

// Attachments is the bound service that stores the images and files
// attached to pages, posts and chats, says how far one arriving from a
// teammate's device has come, and opens them with the system's apps.
type Attachments struct {
	ctx     context.Context
	store   AttachmentStore
	dialogs FileDialogs
	// open hands a file to the system's default app (xdg-open, open);
	// tests replace it.
	open func(path string) error
	// openDir is where opened copies go; empty for the user's cache folder.
	openDir string
	// fetch asks sync to fetch what is wanted now.
	fetch func()
}

// NewAttachments returns the attachments service.
func NewAttachments(ctx context.Context, st AttachmentStore, dialogs FileDialogs) *Attachments {
	return &Attachments{ctx: ctx, store: st, dialogs: dialogs, open: systemOpen, fetch: func() {}}
}

// EventAttachmentProgress carries an AttachmentStatus while a file arrives
// from a teammate's device, and once when it is whole.
const EventAttachmentProgress = "attachment:progress"

// AttachmentView is a stored image or file.
type AttachmentView struct {
	Hash  string `json:"hash"`
	Mime  string `json:"mime"`
	Size  int64  `json:"size"`
	Name  string `json:"name"`
	Image bool   `json:"image"` // one of the images the window shows
	// Ref is how Markdown refers to it: attachment:<hash>.
	Ref string `json:"ref"`
}

func attachmentView(b *store.Blob) AttachmentView {
	return AttachmentView{Hash: b.Hash, Mime: b.Mime, Size: b.Size, Name: b.Name, Image: isShownImage(b.Mime, b.Size),
		Ref: store.AttachmentScheme + b.Hash}
}

func isShownImage(mime string, size int64) bool {
	return store.MimeExt(mime) != ".bin" && size <= store.MaxAttachmentSize
}

// Create stores an image given as base64 (how the window can send bytes)
// and returns how to refer to it. The same image stored twice is one.
func (s *Attachments) Create(name, dataBase64 string) (AttachmentView, error) {
	if base64.StdEncoding.DecodedLen(len(dataBase64)) > store.MaxAttachmentSize+3 {
		return AttachmentView{}, store.Errorf(store.EINVALID, "This image is larger than %d MB, the most Longhand stores.", store.MaxAttachmentSize>>20)
	}
	data, err := base64.StdEncoding.DecodeString(dataBase64)
	if err != nil {
		return AttachmentView{}, store.Errorf(store.EINVALID, "The image arrived damaged; try again.")
	}
	a, err := s.store.CreateAttachment(s.ctx, name, data)
	if err != nil {
		return AttachmentView{}, err
	}
	return AttachmentView{Hash: a.Hash, Mime: a.Mime, Size: a.Size, Name: a.Name, Image: true, Ref: store.AttachmentScheme + a.Hash}, nil
}

// MaxDroppedFile is the largest file the window hands over as base64 (a
// dropped or pasted file); larger ones go through ChooseFile, which reads
// them from disk in chunks.
const MaxDroppedFile = 25 << 20

// CreateFile stores a file of any kind given as base64, as dropping or
// pasting one into the window does.
func (s *Attachments) CreateFile(name, dataBase64 string) (AttachmentView, error) {
	if base64.StdEncoding.DecodedLen(len(dataBase64)) > MaxDroppedFile+3 {
		return AttachmentView{}, store.Errorf(store.EINVALID, "Files over %d MB cannot be dropped in; use Attach file instead.", MaxDroppedFile>>20)
	}
	data, err := base64.StdEncoding.DecodeString(dataBase64)
	if err != nil {
		return AttachmentView{}, store.Errorf(store.EINVALID, "The file arrived damaged; try again.")
	}
	return s.createFrom(name, bytes.NewReader(data))
}

func (s *Attachments) createFrom(name string, r io.Reader) (AttachmentView, error) {
	set, err := s.store.BlobSettings(s.ctx)
	if err != nil {
		return AttachmentView{}, err
	}
	b, err := s.store.CreateBlob(s.ctx, name, r, set.MaxFileSize)
	if err != nil {
		return AttachmentView{}, err
	}
	return attachmentView(b), nil
}

// ChooseFile asks for a file with the system's dialog and stores it,
// reading it from disk a chunk at a time. It returns an empty view when
// the person cancels.
func (s *Attachments) ChooseFile() (AttachmentView, error) {
	if s.dialogs == nil {
		return AttachmentView{}, store.Errorf(store.EUNAVAILABLE, "This window cannot open a file dialog.")
	}
	p, err := s.dialogs.OpenFile("Attach a file")
	if err != nil || p == "" {
		return AttachmentView{}, err
	}
	f, err := os.Open(p)
	if err != nil {
		return AttachmentView{}, store.Errorf(store.EINVALID, "Longhand cannot read %s: %v.", filepath.Base(p), unwrapPath(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && !st.Mode().IsRegular() {
		return AttachmentView{}, store.Errorf(store.EINVALID, "%s is not a regular file.", filepath.Base(p))
	}
	return s.createFrom(filepath.Base(p), f)
}

// AttachmentStatus says whether a file is here, and how far it has come
// when it is arriving from a teammate's device.
type AttachmentStatus struct {
	Hash     string `json:"hash"`
	Known    bool   `json:"known"` // its manifest is here: name, size and parts are known
	Name     string `json:"name"`
	Size     int64  `json:"size"`
	Mime     string `json:"mime"`
	Image    bool   `json:"image"`
	Have     int    `json:"have"`
	Parts    int    `json:"parts"`
	Complete bool   `json:"complete"`
	Video    bool   `json:"video"`   // a video message the window plays
	Refused  string `json:"refused"` // why it was refused when it arrived, or ""
}

func statusOf(hash string, b *store.Blob) AttachmentStatus {
	if b == nil {
		return AttachmentStatus{Hash: hash}
	}
	return AttachmentStatus{Hash: b.Hash, Known: true, Name: b.Name, Size: b.Size, Mime: b.Mime, Image: isShownImage(b.Mime, b.Size),
		Have: b.Have, Parts: b.Parts, Complete: b.Complete}
}

// Status says whether a file is on this device yet.
func (s *Attachments) Status(hash string) (AttachmentStatus, error) {
	b, err := s.store.FindBlob(s.ctx, hash)
	if store.ErrorCode(err) == store.ENOTFOUND {
		st := statusOf(hash, nil)
		st.Refused, err = s.store.BlobRefusal(s.ctx, hash)
		return st, err
	}
	if err != nil {
		return AttachmentStatus{}, err
	}
	st := statusOf(hash, b)
	if b.Complete {
		_, err := s.store.FindVideo(s.ctx, hash)
		st.Video = err == nil
	}
	return st, nil
}

// Fetch asks the teammates' devices for a file that is not here yet, as
// opening it does when this device fetches files only when opened.
func (s *Attachments) Fetch(hash string) error {
	if err := s.store.WantBlob(hash); err != nil {
		return err
	}
	s.fetch()
	return nil
}

// progress reports a file arriving.
func (s *Attachments) progress(events Emitter) func(hash string, have, parts int) {
	return func(hash string, have, parts int) {
		events.Emit(EventAttachmentProgress, AttachmentStatus{Hash: hash, Known: true, Have: have, Parts: parts, Complete: have == parts})
	}
}

// EventAttachmentRefused carries the AttachmentStatus of a file that
// arrived from a teammate's device and was refused (a video over 3:00, a
// third take), with the reason.
const EventAttachmentRefused = "attachment:refused"

// refused reports a file refused as it arrived.
func (s *Attachments) refused(events Emitter, log interface{ Warn(msg string, args ...any) }) func(hash, reason string) {
	return func(hash, reason string) {
		log.Warn("refused a file from a peer", "hash", hash, "reason", reason)
		events.Emit(EventAttachmentRefused, AttachmentStatus{Hash: hash, Refused: reason})
	}
}

// runnable lists the endings of files the system would run rather than
// show: these are saved, never opened from Longhand.
var runnable = map[string]bool{
	".desktop": true, ".sh": true, ".bash": true, ".zsh": true, ".csh": true, ".run": true, ".bin": true, ".appimage": true,
	".exe": true, ".msi": true, ".bat": true, ".cmd": true, ".com": true, ".scr": true, ".ps1": true, ".vbs": true, ".js": true,
	".jar": true, ".py": true, ".pl": true, ".rb": true, ".deb": true, ".rpm": true, ".pkg": true, ".dmg": true, ".app": true,
	".command": true, ".action": true, ".workflow": true, ".lnk": true, ".url": true, ".webloc": true, ".so": true, ".dylib": true,
}

// Open opens a file with the system's default app, through a copy of its
// own in a private folder: the app never sees the store, and what it does
// to the copy changes nothing here. A file the system would run (a
// program, a script, a launcher) is refused: Save as… is offered instead.
func (s *Attachments) Open(hash string) error {
	r, b, err := s.store.OpenBlob(s.ctx, hash)
	if err != nil {
		return err
	}
	defer r.Close()
	name := safeFileName(b.Name, hash, b.Mime)
	head := make([]byte, 4)
	n, _ := io.ReadFull(r, head)
	if runnable[strings.ToLower(filepath.Ext(name))] || bytes.HasPrefix(head[:n], []byte("#!")) || bytes.HasPrefix(head[:n], []byte("\x7fELF")) {
		return store.Errorf(store.EFORBIDDEN, "“%s” is a program or script, which Longhand does not open. Use Save as… and check it first.", name)
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return err
	}
	base := s.openDir
	if base == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return store.Errorf(store.EUNAVAILABLE, "There is no folder to open files from: %v.", err)
		}
		base = filepath.Join(cache, "longhand", "opened")
	}
	if err := os.MkdirAll(base, 0o700); err != nil {
		return store.Errorf(store.EUNAVAILABLE, "Longhand cannot make %s: %v.", base, unwrapPath(err))
	}
	dir, err := os.MkdirTemp(base, hash[:12]+"-")
	if err != nil {
		return store.Errorf(store.EUNAVAILABLE, "Longhand cannot make a folder in %s: %v.", base, unwrapPath(err))
	}
	p := filepath.Join(dir, name)
	if err := copyOut(p, r, 0o400); err != nil {
		return err
	}
	if err := s.open(p); err != nil {
		return store.Errorf(store.EUNAVAILABLE, "The system could not open “%s”: %v. Use Save as… instead.", name, err)
	}
	return nil
}

// SaveAs saves a copy of a file where the person chooses.
func (s *Attachments) SaveAs(hash string) (string, error) {
	r, b, err := s.store.OpenBlob(s.ctx, hash)
	if err != nil {
		return "", err
	}
	defer r.Close()
	if s.dialogs == nil {
		return "", store.Errorf(store.EUNAVAILABLE, "This window cannot open a file dialog.")
	}
	p, err := s.dialogs.SaveFile("Save a copy", safeFileName(b.Name, hash, b.Mime))
	if err != nil || p == "" {
		return "", err
	}
	return p, copyOut(p, r, 0o600)
}

// copyOut writes r to a new file at p, refusing to follow or replace a
// link, then makes it mode.
func copyOut(p string, r io.Reader, mode os.FileMode) error {
	if fi, err := os.Lstat(p); err == nil && !fi.Mode().IsRegular() {
		return store.Errorf(store.EINVALID, "%s is not a regular file; choose another name.", p)
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return store.Errorf(store.EUNAVAILABLE, "Longhand cannot write %s: %v.", p, unwrapPath(err))
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		os.Remove(p)
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Chmod(p, mode)
}

// safeFileName is a file's name fit to write: its base name, no leading
// dot, no control characters, never empty.
func safeFileName(name, hash, mime string) string {
	name = strings.TrimLeft(store.AttachmentName(name), ". ")
	name = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == 0 {
			return '_'
		}
		return r
	}, name)
	if name == "" {
		name = "attachment-" + hash[:12] + store.MimeExt(mime)
	}
	return name
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// systemOpen hands a file to the desktop's default app for its type, or to
// the command LONGHAND_OPENER names (tests use one that records the path).
func systemOpen(p string) error {
	cmd := "xdg-open"
	if goruntime.GOOS == "darwin" {
		cmd = "open"
	}
	if c := os.Getenv("LONGHAND_OPENER"); c != "" {
		cmd = c
	}
	return exec.Command(cmd, p).Start()
}

// FileSettingsView is this device's settings for files, in megabytes.
type FileSettingsView struct {
	MaxFileMB int64 `json:"maxFileMB"`
	FetchAll  bool  `json:"fetchAll"`
	CacheMB   int64 `json:"cacheMB"`
	DroppedMB int64 `json:"droppedMB"` // the largest file that can be dropped in, not a setting
}

// Settings returns this device's settings for files.
func (s *Attachments) Settings() (FileSettingsView, error) {
	set, err := s.store.BlobSettings(s.ctx)
	if err != nil {
		return FileSettingsView{}, err
	}
	return FileSettingsView{MaxFileMB: set.MaxFileSize >> 20, FetchAll: set.FetchAll, CacheMB: set.CacheLimit >> 20, DroppedMB: MaxDroppedFile >> 20}, nil
}

// SetSettings changes this device's settings for files.
func (s *Attachments) SetSettings(v FileSettingsView) (FileSettingsView, error) {
	if v.MaxFileMB <= 0 || v.MaxFileMB > 4096 || v.CacheMB <= 0 || v.CacheMB > 1<<24 {
		return FileSettingsView{}, store.Errorf(store.EINVALID, "The largest file must be between 1 MB and 4 GB, and the room for files at least 100 MB.")
	}
	if err := s.store.SetBlobSettings(s.ctx, store.BlobSettings{MaxFileSize: v.MaxFileMB << 20, FetchAll: v.FetchAll, CacheLimit: v.CacheMB << 20}); err != nil {
		return FileSettingsView{}, err
	}
	if v.FetchAll {
		s.fetch()
	}
	return s.Settings()
}

// blobRequest reads the hash a GET or HEAD of prefix+<hash> asks for and
// marks the response inert: never sniffed, nothing in it run, for this
// origin only. When the request is not one, it has answered (404 or 405)
// and returns false.
func blobRequest(w http.ResponseWriter, r *http.Request, prefix string) (string, bool) {
	hash, ok := strings.CutPrefix(r.URL.Path, prefix)
	if !ok || store.ValidateAttachmentHash(hash) != nil {
		http.NotFound(w, r)
		return "", false
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return "", false
	}
	inert(w.Header())
	return hash, true
}

// inert sets the headers under which the window shows served bytes.
func inert(h http.Header) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
}

// AttachmentHandler serves GET /attachments/<hash> from the store to the
// window's own origin, and nothing else. The bytes are served with the
// type sniffed when they were stored, never sniffed again by the browser,
// and under a CSP that lets nothing in them run.
func AttachmentHandler(attachments store.AttachmentService) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hash, ok := blobRequest(w, r, AttachmentPath)
		if !ok {
			return
		}
		h := w.Header()
		a, err := attachments.FindAttachment(r.Context(), hash)
		if err != nil {
			code := http.StatusInternalServerError
			switch store.ErrorCode(err) {
			case store.ENOTFOUND, store.EINVALID: // not here yet, or not an image the window shows
				code = http.StatusNotFound
			case store.EUNAVAILABLE: // still arriving, or damaged
				code = http.StatusServiceUnavailable
			}
			http.Error(w, store.ErrorMessage(err), code)
			return
		}
		h.Set("Content-Type", a.Mime)
		h.Set("Content-Length", strconv.Itoa(len(a.Data)))
		// The hash names the bytes: they never change.
		h.Set("Cache-Control", "private, max-age=31536000, immutable")
		h.Set("ETag", `"`+a.Hash+`"`)
		if r.Method == http.MethodHead {
			return
		}
		w.Write(a.Data)
	})
}

// tidyFiles collects files no document names and keeps fetched files
// within the room for them: a minute after start, then every six hours.
func tidyFiles(ctx context.Context, db interface {
	TidyBlobs(ctx context.Context, grace time.Duration) (sqlite.TidyStats, error)
}, log interface{ Warn(msg string, args ...any) }) {
	wait := time.Minute
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = 6 * time.Hour
		st, err := db.TidyBlobs(ctx, sqlite.BlobGrace)
		if err != nil && ctx.Err() == nil {
			log.Warn("tidy files", "err", err)
		} else if st.Collected+st.Evicted > 0 {
			log.Warn("tidied files", "collected", st.Collected, "evicted", st.Evicted, "freed", st.Freed)
		}
	}
}
