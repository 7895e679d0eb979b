package app

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/speech"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/store/video"
	"github.com/longhand/longhand/store/video/videotest"
	"github.com/longhand/longhand/sync/crypto"
)

// fakeTranscriber hears the same words in every video, or fails.
type fakeTranscriber struct {
	words []store.TranscriptWord
	err   error
}

func (f fakeTranscriber) Transcribe(ctx context.Context, r io.Reader, mime string) ([]store.TranscriptWord, error) {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return nil, err
	}
	return f.words, f.err
}

type transcriptEvents struct {
	mu     sync.Mutex
	hashes []string
}

func (e *transcriptEvents) Emit(name string, payload any) {
	if name == EventTranscriptChanged {
		e.mu.Lock()
		e.hashes = append(e.hashes, payload.(TranscriptChanged).Hash)
		e.mu.Unlock()
	}
}

// newTranscripts wires videos and transcripts as the app does, on a
// workspace whose device has a key.
func newTranscripts(t *testing.T, tr Transcriber, trErr error) (*sqlite.DB, *Videos, *Transcripts, *transcriptEvents) {
	t.Helper()
	dir := t.TempDir()
	id, err := crypto.LoadIdentity(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	db.Signer = id
	if _, err := db.CreateWorkspace(context.Background(), "Acme", "Ada", "UTC"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); db.Close() })
	ev := &transcriptEvents{}
	ts := NewTranscripts(ctx, db, ev)
	ts.recognizer = func() (Transcriber, error) { return tr, trErr }
	go ts.run(ctx)
	v := NewVideos(ctx, db, filepath.Join(dir, "recordings"))
	v.author = func() store.DocID {
		sess, _ := db.FindSession(ctx)
		return sess.Me.ID
	}
	v.stored = ts.videoStored
	return db, v, ts, ev
}

func recordVideo(t *testing.T, v *Videos) VideoView {
	t.Helper()
	rv, err := v.StartRecording()
	if err != nil {
		t.Fatal(err)
	}
	record(t, v, rv, videotest.Encode(t, videotest.Encoding{Seconds: 3, Mux: "webm-live", Audio: true}))
	vv, err := v.UseTake(rv.ID, rv.Take, "Status of the report")
	if err != nil {
		t.Fatalf("UseTake: %v", err)
	}
	return vv
}

// waitIdle waits for the background transcription to finish.
func waitIdle(t *testing.T, ts *Transcripts) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !ts.idle(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the transcription never finished")
		}
	}
}

// A video recorded here is transcribed in the background; the player gets
// the words and chapters, and I, its author, may correct them.
func TestARecordedVideoIsTranscribedAndCorrected(t *testing.T) {
	words := []store.TranscriptWord{{Text: "the", Start: 0, End: 200}, {Text: "cult", Start: 200, End: 600},
		{Text: "is", Start: 600, End: 700}, {Text: "ready", Start: 700, End: 1000},
		{Text: "next", Start: 3000, End: 3300}, {Text: "week", Start: 3300, End: 3600}}
	db, v, ts, ev := newTranscripts(t, fakeTranscriber{words: words}, nil)
	vv := recordVideo(t, v)
	waitIdle(t, ts)
	tv, err := ts.Transcript(vv.Hash)
	if err != nil {
		t.Fatal(err)
	}
	if tv.State != TranscriptReady || !tv.Mine || tv.Corrected || tv.Text != "the cult is ready next week" {
		t.Fatalf("Transcript=%+v, want the machine's words, mine to correct", tv)
	}
	if len(tv.Chapters) != 2 || tv.Chapters[1].Start != 3000 || tv.Chapters[0].Title != "the cult is ready" {
		t.Errorf("Chapters=%+v, want two, the second at the pause (3000 ms)", tv.Chapters)
	}
	ev.mu.Lock()
	if len(ev.hashes) == 0 || ev.hashes[len(ev.hashes)-1] != vv.Hash {
		t.Errorf("events=%v, want transcript:changed for the video", ev.hashes)
	}
	ev.mu.Unlock()

	tv, err = ts.CorrectTranscript(vv.Hash, "The report is ready. Next week!")
	if err != nil {
		t.Fatalf("CorrectTranscript: %v", err)
	}
	if !tv.Corrected || tv.Text != "The report is ready. Next week!" || len(tv.Chapters) != 2 || tv.Chapters[1].Start != 3000 {
		t.Errorf("after the correction: %+v, want the corrected words at the same times", tv)
	}
	hits, err := db.Search(context.Background(), "report", 10)
	if err != nil || len(hits) != 1 || hits[0].Kind != store.KindVideo || string(hits[0].ID) != vv.Hash || hits[0].At != 200 {
		t.Errorf("Search(report)=%+v, %v; want the video at 200 ms", hits, err)
	}
}

// Without a recognizer, video messages work as before and the transcript
// says what to install; nothing else is shown.
func TestNoRecognizerSaysWhatToInstall(t *testing.T) {
	_, v, ts, _ := newTranscripts(t, nil, speech.ErrNoRecognizer)
	vv := recordVideo(t, v)
	tv, err := ts.Transcript(vv.Hash)
	if err != nil {
		t.Fatal(err)
	}
	want := "Transcripts need pocketsphinx (apt install pocketsphinx pocketsphinx-en-us)."
	if tv.State != TranscriptUnavailable || tv.Message != want {
		t.Errorf("Transcript=%+v, want unavailable saying %q", tv, want)
	}
	if _, err := ts.MakeTranscript(vv.Hash); store.ErrorMessage(err) != want {
		t.Errorf("MakeTranscript: %v, want %q", err, want)
	}
	if _, err := v.Find(vv.Hash); err != nil {
		t.Errorf("the video itself: %v", err)
	}
}

// A video the recognizer cannot read says why, and can be tried again.
func TestAFailedTranscriptSaysWhy(t *testing.T) {
	bad := store.Errorf(store.EINVALID, "Longhand cannot read the sound of this video: the file is damaged or not a video.")
	_, v, ts, _ := newTranscripts(t, fakeTranscriber{err: bad}, nil)
	vv := recordVideo(t, v)
	waitIdle(t, ts)
	tv, err := ts.Transcript(vv.Hash)
	if err != nil || tv.State != TranscriptFailed || tv.Message != bad.Message {
		t.Errorf("Transcript=%+v, %v; want failed saying %q", tv, err, bad.Message)
	}
	if _, err := ts.CorrectTranscript(vv.Hash, "words"); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("correcting no transcript: %v, want ENOTFOUND", err)
	}
}

// Someone else's video: I may neither make nor correct its transcript.
func TestSomeoneElsesVideoIsNotMineToTranscribe(t *testing.T) {
	db, _, ts, _ := newTranscripts(t, fakeTranscriber{words: []store.TranscriptWord{{Text: "hi", Start: 0, End: 100}}}, nil)
	clip := videotest.Encode(t, videotest.Encoding{Seconds: 2, Mux: "webm-live", Audio: true})
	s, err := video.Stamp("video/webm", store.VideoMeta{Take: 1, Summary: "Bob's news", Author: store.NewDocID()})
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.CreateBlob(context.Background(), "bob.webm", bytes.NewReader(append(clip, s...)), store.DefaultMaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.MakeTranscript(b.Hash); store.ErrorCode(err) != store.EFORBIDDEN {
		t.Errorf("MakeTranscript of Bob's video: %v, want EFORBIDDEN", err)
	}
	tv, err := ts.Transcript(b.Hash)
	if err != nil || tv.Mine || tv.State != TranscriptNone || !strings.Contains(tv.Hash, b.Hash) {
		t.Errorf("Transcript of Bob's video=%+v, %v; want none, not mine", tv, err)
	}
}
