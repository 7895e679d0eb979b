package app

import (
	"context"
	"io"
	"sync"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/speech"
)

// EventTranscriptChanged carries a TranscriptChanged when a video's
// transcript was made, corrected here or by a peer, or failed.
const EventTranscriptChanged = "transcript:changed"

// TranscriptChanged is the payload of EventTranscriptChanged.
type TranscriptChanged struct {
	Hash string `json:"hash"`
}

// TranscriptStore is what transcripts need from the store.
type TranscriptStore interface {
	OpenBlob(ctx context.Context, hash string) (io.ReadSeekCloser, *store.Blob, error)
	FindVideo(ctx context.Context, hash string) (*store.Video, error)
	FindTranscript(ctx context.Context, hash string) (*store.Transcript, error)
	SaveTranscript(ctx context.Context, hash string, words []store.TranscriptWord, corrected bool) (*store.Transcript, error)
	VideoAuthor(ctx context.Context, hash string) (store.DocID, error)
	FindSession(ctx context.Context) (*store.Session, error)
}

// Transcriber turns a video's bytes into timed words; *speech.Recognizer
// is one.
type Transcriber interface {
	Transcribe(ctx context.Context, r io.Reader, mime string) ([]store.TranscriptWord, error)
}

// Transcripts is the bound service of rough transcripts: it makes one in
// the background for each video recorded here (one at a time, never on the
// window's path), shows a video's transcript with its chapters, and takes
// its author's corrections. Without a recognizer it says what to install,
// and every other part of video messages works as before.
type Transcripts struct {
	ctx    context.Context
	store  TranscriptStore
	events Emitter
	// recognizer is found when first needed: nil and the reason when this
	// device has none.
	recognizer func() (Transcriber, error)

	mu      sync.Mutex
	working map[string]bool   // videos being transcribed or waiting to be
	failed  map[string]string // why a video's transcript could not be made
	queue   chan string
}

// maxQueued bounds the videos waiting for the recognizer.
const maxQueued = 64

// NewTranscripts returns the transcript service. st may be nil when the
// data folder could not be opened; every call then says why.
func NewTranscripts(ctx context.Context, st TranscriptStore, events Emitter) *Transcripts {
	return &Transcripts{ctx: ctx, store: st, events: events, working: map[string]bool{}, failed: map[string]string{},
		queue: make(chan string, maxQueued), recognizer: sync.OnceValues(func() (Transcriber, error) {
			r, err := speech.New()
			if err != nil {
				return nil, err
			}
			return r, nil
		})}
}

// TranscriptWordView is one word and when it is said, in ms.
type TranscriptWordView struct {
	Text  string `json:"text"`
	Start int64  `json:"start"`
	End   int64  `json:"end"`
}

// ChapterView is a chapter of a video: where it starts, in ms, and its
// first words.
type ChapterView struct {
	Start int64  `json:"start"`
	Title string `json:"title"`
}

// Transcript states.
const (
	TranscriptReady       = "ready"       // words are there
	TranscriptWorking     = "working"     // being made on this device
	TranscriptNone        = "none"        // none yet (its author's device makes it)
	TranscriptFailed      = "failed"      // making it failed; Message says why
	TranscriptUnavailable = "unavailable" // this device has no recognizer; Message says what to install
)

// TranscriptView is a video's transcript as the player shows it.
type TranscriptView struct {
	Hash      string               `json:"hash"`
	State     string               `json:"state"`
	Message   string               `json:"message"`
	Words     []TranscriptWordView `json:"words"`
	Chapters  []ChapterView        `json:"chapters"`
	Text      string               `json:"text"`
	Corrected bool                 `json:"corrected"` // its author corrected it; otherwise the machine's alone
	Mine      bool                 `json:"mine"`      // I recorded the video: I may correct it, or make its transcript
}

func (s *Transcripts) me() store.DocID {
	if sess, err := s.store.FindSession(s.ctx); err == nil && sess.Me != nil {
		return sess.Me.ID
	}
	return ""
}

// Transcript returns a video's transcript, or the state it is in.
func (s *Transcripts) Transcript(hash string) (TranscriptView, error) {
	if s.store == nil {
		return TranscriptView{}, store.Errorf(store.EUNAVAILABLE, "Transcripts are unavailable: the data folder could not be opened.")
	}
	if err := store.ValidateAttachmentHash(hash); err != nil {
		return TranscriptView{}, err
	}
	author, err := s.store.VideoAuthor(s.ctx, hash)
	if err != nil {
		return TranscriptView{}, err
	}
	v := TranscriptView{Hash: hash, State: TranscriptNone, Words: []TranscriptWordView{}, Chapters: []ChapterView{},
		Mine: author != "" && author == s.me()}
	t, err := s.store.FindTranscript(s.ctx, hash)
	switch {
	case err == nil:
		v.State, v.Corrected, v.Text = TranscriptReady, t.Corrected, t.Text()
		for _, w := range t.Words {
			v.Words = append(v.Words, TranscriptWordView{Text: w.Text, Start: w.Start, End: w.End})
		}
		for _, c := range store.Chapters(t.Words) {
			v.Chapters = append(v.Chapters, ChapterView{Start: c.Start, Title: c.Title})
		}
	case store.ErrorCode(err) != store.ENOTFOUND:
		return TranscriptView{}, err
	}
	s.mu.Lock()
	working, failed := s.working[hash], s.failed[hash]
	s.mu.Unlock()
	switch {
	case working:
		v.State = TranscriptWorking
	case v.State == TranscriptReady:
	case failed != "":
		v.State, v.Message = TranscriptFailed, failed
	case v.Mine:
		if _, err := s.recognizer(); err != nil {
			v.State, v.Message = TranscriptUnavailable, store.ErrorMessage(err)
		}
	}
	return v, nil
}

// CorrectTranscript stores the author's corrected text of a video's
// transcript. The words keep the times of the words they replace.
func (s *Transcripts) CorrectTranscript(hash, text string) (TranscriptView, error) {
	if s.store == nil {
		return TranscriptView{}, store.Errorf(store.EUNAVAILABLE, "Transcripts are unavailable: the data folder could not be opened.")
	}
	t, err := s.store.FindTranscript(s.ctx, hash)
	if err != nil {
		return TranscriptView{}, err
	}
	words, err := store.CorrectWords(t.Words, text)
	if err != nil {
		return TranscriptView{}, err
	}
	if _, err := s.store.SaveTranscript(s.ctx, hash, words, true); err != nil {
		return TranscriptView{}, err
	}
	s.changed(hash)
	return s.Transcript(hash)
}

// MakeTranscript starts making a video's transcript in the background: for
// its author, when it has none (a recognizer installed since, or a try
// that failed).
func (s *Transcripts) MakeTranscript(hash string) (TranscriptView, error) {
	if s.store == nil {
		return TranscriptView{}, store.Errorf(store.EUNAVAILABLE, "Transcripts are unavailable: the data folder could not be opened.")
	}
	author, err := s.store.VideoAuthor(s.ctx, hash)
	if err != nil {
		return TranscriptView{}, err
	}
	if author == "" || author != s.me() {
		return TranscriptView{}, store.Errorf(store.EFORBIDDEN, "Only the person who recorded this video can make its transcript.")
	}
	if _, err := s.recognizer(); err != nil {
		return TranscriptView{}, err
	}
	s.mu.Lock()
	delete(s.failed, hash)
	s.mu.Unlock()
	s.start(hash)
	return s.Transcript(hash)
}

// videoStored is called when a video recorded here was stored: its
// transcript is made in the background, when this device can.
func (s *Transcripts) videoStored(hash string) {
	if s.store == nil {
		return
	}
	if _, err := s.recognizer(); err != nil {
		return // the player says what to install
	}
	s.start(hash)
}

// start queues a video for the worker, unless it is queued already or the
// queue is full (the author can ask again).
func (s *Transcripts) start(hash string) {
	s.mu.Lock()
	if s.working[hash] {
		s.mu.Unlock()
		return
	}
	select {
	case s.queue <- hash:
		s.working[hash] = true
	default:
		s.failed[hash] = "Too many videos are waiting for a transcript; try again in a while."
	}
	s.mu.Unlock()
	s.changed(hash)
}

// run transcribes queued videos one at a time until ctx ends (the app
// stops, before the database closes).
func (s *Transcripts) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case hash := <-s.queue:
			err := s.transcribe(ctx, hash)
			s.mu.Lock()
			delete(s.working, hash)
			if err != nil {
				s.failed[hash] = store.ErrorMessage(err)
			}
			s.mu.Unlock()
			s.changed(hash)
		}
	}
}

func (s *Transcripts) transcribe(ctx context.Context, hash string) error {
	rc, err := s.recognizer()
	if err != nil {
		return err
	}
	if t, err := s.store.FindTranscript(ctx, hash); err == nil && t.Corrected {
		return nil // its author's words stand
	}
	vid, err := s.store.FindVideo(ctx, hash)
	if err != nil {
		return err
	}
	r, _, err := s.store.OpenBlob(ctx, hash)
	if err != nil {
		return err
	}
	defer r.Close()
	words, err := rc.Transcribe(ctx, r, vid.Mime)
	if err != nil {
		return err
	}
	_, err = s.store.SaveTranscript(ctx, hash, words, false)
	return err
}

func (s *Transcripts) changed(hash string) {
	if s.events != nil {
		s.events.Emit(EventTranscriptChanged, TranscriptChanged{Hash: hash})
	}
}

// idle reports that no video is being transcribed or waits to be; for tests.
func (s *Transcripts) idle() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.working) == 0
}
