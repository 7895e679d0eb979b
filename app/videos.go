package app

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/video"
)

// VideoPath is where the window plays videos from: VideoPath+<hash>.
const VideoPath = "/videos/"

// VideoStore is what video messages need from the store.
type VideoStore interface {
	CreateBlob(ctx context.Context, name string, r io.Reader, limit int64) (*store.Blob, error)
	OpenBlob(ctx context.Context, hash string) (io.ReadSeekCloser, *store.Blob, error)
	BlobSettings(ctx context.Context) (store.BlobSettings, error)
	FindVideo(ctx context.Context, hash string) (*store.Video, error)
	CreateAttachment(ctx context.Context, name string, data []byte) (*store.Attachment, error)
}

// Videos is the bound service that records video messages: it hands out
// takes (the first, and one more; the second is final), keeps what the
// window records on disk as it comes so that a crash loses none of it,
// and stores the take chosen, stamped with its take and summary, once it
// keeps the rules. The rules are store's and are checked again wherever a
// video comes in; here they are first met.
type Videos struct {
	ctx   context.Context
	store VideoStore
	dir   string // where takes are written as they are recorded

	// Where the window cannot record (videos_native.go): how long
	// GStreamer records a take, and whether it records test sources for
	// the camera and microphone (LONGHAND_MOCK_CAPTURE=1, as the window's
	// mock devices).
	limit       time.Duration
	fakeCapture bool
	goRecords   bool // the window records nothing itself: the recorder asks Go

	mu      sync.Mutex
	drafts  map[string]int         // recording id → the take being recorded
	natives map[string]*nativeTake // recording id → its take GStreamer records

	// author names who records here, stamped into each video as the one
	// who may correct its transcript; stored is told of each video stored.
	author func() store.DocID
	stored func(hash string)

	seen VideoSeenStore // nil without a workspace
	key  store.Signer   // this device's key, which signs what it watched; nil without one
}

// NewVideos returns the video service, writing takes under dir.
func NewVideos(ctx context.Context, st VideoStore, dir string) *Videos {
	return &Videos{ctx: ctx, store: st, dir: dir, drafts: map[string]int{}, natives: map[string]*nativeTake{},
		limit: store.MaxVideoLength, fakeCapture: os.Getenv("LONGHAND_MOCK_CAPTURE") == "1"}
}

// RecordingView is a recording under way: its id and the take to record.
type RecordingView struct {
	ID         string `json:"id"`
	Take       int    `json:"take"`
	Final      bool   `json:"final"`      // this take is the last one allowed
	MaxSeconds int    `json:"maxSeconds"` // how long a take may run
	// Native: Go records the takes (StartNativeTake), as the window cannot.
	Native bool `json:"native"`
}

// TakeView is a recorded take before it is sent.
type TakeView struct {
	Size     int64 `json:"size"`
	LengthMs int64 `json:"lengthMs"`
}

// VideoView is a stored video message.
type VideoView struct {
	Hash     string `json:"hash"`
	Ref      string `json:"ref"` // attachment:<hash>, how Markdown names it
	URL      string `json:"url"` // where the window plays it
	Mime     string `json:"mime"`
	Size     int64  `json:"size"`
	LengthMs int64  `json:"lengthMs"`
	Take     int    `json:"take"` // 0 for a video Longhand did not record
	Summary  string `json:"summary"`
}

func (v *Videos) view(take int) RecordingView {
	return RecordingView{Take: take, Final: take == store.MaxTakes, MaxSeconds: int(store.MaxVideoLength / time.Second), Native: v.goRecords}
}

// StartRecording begins a video message at its first take.
func (v *Videos) StartRecording() (RecordingView, error) {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return RecordingView{}, err
	}
	id := hex.EncodeToString(b[:])
	if err := os.MkdirAll(v.dir, 0o700); err != nil {
		return RecordingView{}, store.Errorf(store.EUNAVAILABLE, "Longhand cannot make a folder for recordings: %v.", unwrapPath(err))
	}
	v.mu.Lock()
	v.drafts[id] = 1
	v.mu.Unlock()
	rv := v.view(1)
	rv.ID = id
	return rv, nil
}

// take returns the take a recording is at, checking that the window names
// it: any other take, or an unknown recording, is refused.
func (v *Videos) take(id string, take int) error {
	v.mu.Lock()
	at, ok := v.drafts[id]
	v.mu.Unlock()
	if !ok {
		return store.Errorf(store.ENOTFOUND, "This recording is over; start a new one.")
	}
	if take != at {
		return store.Errorf(store.EINVALID, "This recording is at take %d, not take %d.", at, take)
	}
	return nil
}

func (v *Videos) takePath(id string, take int) string {
	return filepath.Join(v.dir, id+"-"+string(rune('0'+take))+".part")
}

// maxPiece bounds one piece of a take the window hands over (MediaRecorder
// gives one a second, a few hundred kilobytes).
const maxPiece = 8 << 20

// AddToTake appends a piece of the take being recorded, as base64, and
// returns the take's size so far. Pieces go to disk as they come.
func (v *Videos) AddToTake(id string, take int, pieceBase64 string) (int64, error) {
	if err := v.take(id, take); err != nil {
		return 0, err
	}
	if v.recordingNatively(id) {
		return 0, errStillRecording()
	}
	if base64.StdEncoding.DecodedLen(len(pieceBase64)) > maxPiece+3 {
		return 0, store.Errorf(store.EINVALID, "A piece of the recording is over %d MB.", maxPiece>>20)
	}
	piece, err := base64.StdEncoding.DecodeString(pieceBase64)
	if err != nil {
		return 0, store.Errorf(store.EINVALID, "A piece of the recording arrived damaged.")
	}
	set, err := v.store.BlobSettings(v.ctx)
	if err != nil {
		return 0, err
	}
	f, err := os.OpenFile(v.takePath(id, take), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return 0, store.Errorf(store.EUNAVAILABLE, "Longhand cannot write the recording: %v.", unwrapPath(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	if fi.Size()+int64(len(piece)) > set.MaxFileSize {
		return 0, store.Errorf(store.EINVALID, "The recording is over %d MB, the largest file this device attaches.", set.MaxFileSize>>20)
	}
	if _, err := f.Write(piece); err != nil {
		return 0, store.Errorf(store.EUNAVAILABLE, "Longhand cannot write the recording (is the disk full?): %v.", unwrapPath(err))
	}
	return fi.Size() + int64(len(piece)), nil
}

func errStillRecording() error {
	return store.Errorf(store.EINVALID, "This take is still being recorded: stop it first.")
}

// probeTake reads a take from disk.
func (v *Videos) probeTake(id string, take int) (*os.File, *store.Video, int64, error) {
	f, err := os.Open(v.takePath(id, take))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, 0, store.Errorf(store.EINVALID, "Nothing was recorded in this take.")
	}
	if err != nil {
		return nil, nil, 0, store.Errorf(store.EUNAVAILABLE, "Longhand cannot read the recording: %v.", unwrapPath(err))
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, 0, err
	}
	vid, err := video.Probe(f, fi.Size())
	if err != nil {
		f.Close()
		return nil, nil, 0, err
	}
	return f, vid, fi.Size(), nil
}

// Take says how large and how long a recorded take is, before it is sent.
func (v *Videos) Take(id string, take int) (TakeView, error) {
	if err := v.take(id, take); err != nil {
		return TakeView{}, err
	}
	if v.recordingNatively(id) {
		return TakeView{}, errStillRecording()
	}
	f, vid, size, err := v.probeTake(id, take)
	if err != nil {
		return TakeView{}, err
	}
	f.Close()
	return TakeView{Size: size, LengthMs: vid.Length.Milliseconds()}, nil
}

// RecordAgain drops the first take and moves to the second, which is
// final: there is no third.
func (v *Videos) RecordAgain(id string) (RecordingView, error) {
	v.stopNative(id)
	v.mu.Lock()
	at, ok := v.drafts[id]
	if ok && at < store.MaxTakes {
		v.drafts[id] = at + 1
	}
	v.mu.Unlock()
	switch {
	case !ok:
		return RecordingView{}, store.Errorf(store.ENOTFOUND, "This recording is over; start a new one.")
	case at >= store.MaxTakes:
		return RecordingView{}, store.Errorf(store.EINVALID, "The second take is final: use it, or discard the recording.")
	}
	os.Remove(v.takePath(id, at))
	rv := v.view(at + 1)
	rv.ID = id
	return rv, nil
}

// UseTake stores the take recorded, stamped with its take number and the
// one-line summary, and ends the recording. A take over 3:00 is refused.
func (v *Videos) UseTake(id string, take int, summary string) (VideoView, error) {
	if err := v.take(id, take); err != nil {
		return VideoView{}, err
	}
	if v.recordingNatively(id) {
		return VideoView{}, errStillRecording()
	}
	summary, err := store.CleanSummary(summary)
	if err != nil {
		return VideoView{}, err
	}
	f, vid, _, err := v.probeTake(id, take)
	if err != nil {
		return VideoView{}, err
	}
	defer f.Close()
	if err := vid.Validate(); err != nil {
		return VideoView{}, err
	}
	meta := store.VideoMeta{Take: take, Summary: summary}
	if v.author != nil {
		meta.Author = v.author()
	}
	stamp, err := video.Stamp(vid.Mime, meta)
	if err != nil {
		return VideoView{}, err
	}
	set, err := v.store.BlobSettings(v.ctx)
	if err != nil {
		return VideoView{}, err
	}
	name := "Video " + time.Now().Format("2006-01-02 15.04") + ".mp4"
	if vid.Mime == "video/webm" {
		name = strings.TrimSuffix(name, ".mp4") + ".webm"
	}
	b, err := v.store.CreateBlob(v.ctx, name, io.MultiReader(f, strings.NewReader(string(stamp))), set.MaxFileSize)
	if err != nil {
		return VideoView{}, err
	}
	v.Discard(id)
	if v.stored != nil {
		v.stored(b.Hash)
	}
	return v.Find(b.Hash)
}

// Discard ends a recording and deletes its takes.
func (v *Videos) Discard(id string) error {
	v.stopNative(id)
	v.mu.Lock()
	at, ok := v.drafts[id]
	delete(v.drafts, id)
	v.mu.Unlock()
	if ok {
		for t := 1; t <= at; t++ {
			os.Remove(v.takePath(id, t))
		}
	}
	return nil
}

// Find returns a stored video message (ENOTFOUND for a file that is not
// a video, or not here yet).
func (v *Videos) Find(hash string) (VideoView, error) {
	vid, err := v.store.FindVideo(v.ctx, hash)
	if err != nil {
		return VideoView{}, err
	}
	r, b, err := v.store.OpenBlob(v.ctx, hash)
	if err != nil {
		return VideoView{}, err
	}
	r.Close()
	out := VideoView{Hash: hash, Ref: store.AttachmentScheme + hash, URL: VideoPath + hash, Mime: vid.Mime, Size: b.Size,
		LengthMs: vid.Length.Milliseconds()}
	if vid.Meta != nil {
		out.Take, out.Summary = vid.Meta.Take, vid.Meta.Summary
	}
	return out, nil
}

// VideoHandler serves GET /videos/<hash> to the window: only a blob the
// store read as a video, with the type its container gave, ranges for
// seeking, and the same guards as attachments (no sniffing, nothing in it
// runs).
func VideoHandler(st VideoStore) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hash, ok := blobRequest(w, r, VideoPath)
		if !ok {
			return
		}
		h := w.Header()
		vid, err := st.FindVideo(r.Context(), hash)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		f, _, err := st.OpenBlob(r.Context(), hash)
		if err != nil {
			http.Error(w, store.ErrorMessage(err), http.StatusServiceUnavailable)
			return
		}
		defer f.Close()
		h.Set("Content-Type", vid.Mime)
		h.Set("Cache-Control", "private, max-age=31536000, immutable")
		h.Set("ETag", `"`+hash+`"`)
		http.ServeContent(w, r, "", time.Time{}, f)
	})
}

// TakePath is where the recorder plays a take back before it is used:
// TakePath+<recording id>/<take>.
const TakePath = "/takes/"

// takeHandler serves a take being recorded, the one the recording is at,
// for the recorder to play it back; nothing else of the folder.
func (v *Videos) takeHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest, _ := strings.CutPrefix(r.URL.Path, TakePath)
		id, take, _ := strings.Cut(rest, "/")
		h := w.Header()
		inert(h)
		h.Set("Cache-Control", "no-store")
		n := map[string]int{"1": 1, "2": 2}[take]
		if n == 0 || r.Method != http.MethodGet && r.Method != http.MethodHead || v.take(id, n) != nil {
			http.NotFound(w, r)
			return
		}
		f, vid, _, err := v.probeTake(id, n)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		h.Set("Content-Type", vid.Mime)
		http.ServeContent(w, r, "", time.Time{}, f)
	})
}

// MediaHandler serves the window's attachments, videos, their posters,
// and takes being recorded.
func MediaHandler(attachments store.AttachmentService, videos *Videos) http.Handler {
	mux := http.NewServeMux()
	mux.Handle(AttachmentPath, AttachmentHandler(attachments))
	mux.Handle(VideoPath, VideoHandler(videos.store))
	mux.Handle(TakePath, videos.takeHandler())
	mux.Handle(PosterPath, PosterHandler(attachments))
	return mux
}
