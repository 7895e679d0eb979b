package sqlite_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/speech"
	"github.com/longhand/longhand/store/speech/speechtest"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/store/video"
	"github.com/longhand/longhand/store/video/videotest"
)

// openKeyed opens a workspace whose device has a key, as the app does.
func openKeyed(t *testing.T) (*sqlite.DB, keySigner, store.DocID) {
	t.Helper()
	dir := t.TempDir()
	id, path := openSigned(t, dir)
	db := mustOpen(t, path)
	db.Signer = id
	sess, err := db.FindSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return db, id, sess.Me.ID
}

// storeVideo stores a recording stamped as recorded by author.
func storeVideo(t *testing.T, db *sqlite.DB, rec []byte, author store.DocID, summary string) string {
	t.Helper()
	s, err := video.Stamp("video/webm", store.VideoMeta{Take: 1, Summary: summary, Author: author})
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.CreateBlob(context.Background(), "talk.webm", bytes.NewReader(append(bytes.Clone(rec), s...)), store.DefaultMaxFileSize)
	if err != nil {
		t.Fatalf("CreateBlob: %v", err)
	}
	return b.Hash
}

// The test: sentences spoken by espeak-ng into a WebM recording are
// transcribed, the transcript is stored with the video, timed, split into
// chapters at the pause, and found by search, the hit saying where in the
// video the word is said. The author's correction replaces it in search.
func TestSpokenVideoIsTranscribedAndSearchable(t *testing.T) {
	ctx := context.Background()
	db, _, me := openKeyed(t)
	rec := speechtest.Speak(t, speechtest.Sentences, "webm")
	hash := storeVideo(t, db, rec.Video, me, "Where the report stands")

	rc, err := speech.New()
	if err != nil {
		t.Fatalf("%v: scripts/install-deps.sh --test installs it", err)
	}
	rc.TempDir = t.TempDir()
	r, _, err := db.OpenBlob(ctx, hash)
	if err != nil {
		t.Fatal(err)
	}
	words, err := rc.Transcribe(ctx, r, "video/webm")
	r.Close()
	if err != nil {
		t.Fatalf("Transcribe: %v", err)
	}
	if _, err := db.SaveTranscript(ctx, hash, words, false); err != nil {
		t.Fatalf("SaveTranscript: %v", err)
	}
	got, err := db.FindTranscript(ctx, hash)
	if err != nil {
		t.Fatalf("FindTranscript: %v", err)
	}
	if got.Corrected || got.Author != me || len(got.Words) != len(words) || len(got.Words) == 0 {
		t.Fatalf("FindTranscript=%+v, want the %d machine words by %s", got, len(words), me)
	}
	if n := len(store.Chapters(got.Words)); n != 2 {
		t.Errorf("%d chapters, want 2 (the pause splits the talk)", n)
	}
	t.Logf("heard: %s (word error rate %.0f%%)", got.Text(), 100*store.WordErrorRate(rec.Said(), strings.Fields(got.Text())))

	// Search finds the video by a word the recognizer heard, at the moment
	// it is said.
	heard := got.Words[len(got.Words)/2]
	hits, err := db.Search(ctx, heard.Text, 10)
	if err != nil {
		t.Fatal(err)
	}
	hit := videoHit(hits, hash)
	if hit == nil {
		t.Fatalf("Search(%q)=%+v, want the video", heard.Text, hits)
	}
	if hit.Title != "Where the report stands" || !strings.Contains(hit.Snippet, store.SnippetOpen) {
		t.Errorf("hit=%+v, want the video's summary and the word marked", hit)
	}
	if first := firstSaid(got.Words, heard.Text); hit.At != first {
		t.Errorf("hit at %d ms, want %d, where %q is first said", hit.At, first, heard.Text)
	}

	// The author corrects it to what was said: search finds the corrected
	// words, and the times stay.
	text := strings.Join(rec.Said(), " ")
	corrected, err := store.CorrectWords(got.Words, text)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveTranscript(ctx, hash, corrected, true); err != nil {
		t.Fatalf("SaveTranscript of the correction: %v", err)
	}
	got, err = db.FindTranscript(ctx, hash)
	if err != nil || !got.Corrected || got.Text() != text {
		t.Fatalf("after the correction: %+v, %v; want %q", got, err, text)
	}
	hits, err = db.Search(ctx, "quarterly launch", 10)
	if err != nil {
		t.Fatal(err)
	}
	if hit = videoHit(hits, hash); hit == nil || hit.At != firstSaid(got.Words, "quarterly") {
		t.Errorf("Search of corrected words=%+v, want the video at %q", hits, "quarterly")
	}
	if hit != nil && (hit.At < 0 || hit.At > rec.PauseEnd.Milliseconds()) {
		t.Errorf("%q is said at %d ms, want in the first part, before %s", "quarterly", hit.At, rec.PauseEnd)
	}
}

func videoHit(hits []store.SearchHit, hash string) *store.SearchHit {
	for i := range hits {
		if hits[i].Kind == store.KindVideo && string(hits[i].ID) == hash {
			return &hits[i]
		}
	}
	return nil
}

func firstSaid(ws []store.TranscriptWord, word string) int64 {
	for _, w := range ws {
		if strings.EqualFold(strings.Trim(w.Text, ".,"), word) {
			return w.Start
		}
	}
	return -1
}

// signedEntry builds a transcript entry as a device signs it (the format
// store/sqlite/transcripts.go reads).
func signedEntry(t *testing.T, k keySigner, video string, author store.DocID, words []store.TranscriptWord, at time.Time) crdt.TranscriptEntry {
	t.Helper()
	body, err := json.Marshal(map[string]any{"video": video, "author": author, "words": words, "corrected": true, "at": at.UnixMilli()})
	if err != nil {
		t.Fatal(err)
	}
	sig := k.Sign(append([]byte("longhand transcript v1\x00"), body...))
	key := sha256.Sum256(body)
	return crdt.TranscriptEntry{Key: hex.EncodeToString(key[:16]), Device: hex.EncodeToString(k.PublicKey()), Body: string(body), Sig: hex.EncodeToString(sig)}
}

func someWords(text string) []store.TranscriptWord {
	var ws []store.TranscriptWord
	for i, w := range strings.Fields(text) {
		ws = append(ws, store.TranscriptWord{Text: w, Start: int64(i) * 400, End: int64(i)*400 + 300})
	}
	return ws
}

// Only a video's author may change its transcript: here, refused; from a
// peer, an entry whose signature or signer does not check out, or that
// another member signed, is read as nothing, and the author's stands.
func TestTranscriptEditsFromOthersAreRefused(t *testing.T) {
	ctx := context.Background()
	db, ada, me := openKeyed(t)
	clip := videotest.Encode(t, videotest.Encoding{Seconds: 2, Mux: "webm-live", Audio: true})
	mine := storeVideo(t, db, clip, me, "Mine")
	bob := store.NewDocID()
	bobs := storeVideo(t, db, append(bytes.Clone(clip), 0xec, 0x81, 0), bob, "Bob's") // other bytes, another video

	// Here: a video someone else recorded, or one with no author.
	if _, err := db.SaveTranscript(ctx, bobs, someWords("hello there"), true); store.ErrorCode(err) != store.EFORBIDDEN {
		t.Errorf("SaveTranscript of Bob's video: %v, want EFORBIDDEN", err)
	}
	if _, err := db.SaveTranscript(ctx, mine, someWords("the plan is ready"), false); err != nil {
		t.Fatalf("SaveTranscript of my video: %v", err)
	}

	// From a peer: changes to my video's transcript document.
	id := store.TranscriptDocID(mine)
	stranger := newSigner(t)
	later := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) // newer than mine: it would win if it counted
	tampered := signedEntry(t, ada, mine, me, someWords("ada said this"), later)
	tampered.Body = strings.Replace(tampered.Body, `"w":"said"`, `"w":"denied"`, 1)
	if !strings.Contains(tampered.Body, "denied") {
		t.Fatalf("the test did not change the signed body: %s", tampered.Body)
	}
	for _, tc := range []struct {
		name  string
		entry crdt.TranscriptEntry
	}{
		{"a key not in the workspace", signedEntry(t, stranger, mine, me, someWords("a stranger wrote this"), later)},
		{"a body changed after signing", tampered},
		{"another video's entry", signedEntry(t, ada, bobs, me, someWords("wrong video"), later)},
		{"bad hex", crdt.TranscriptEntry{Key: "x", Device: "zz", Body: "{}", Sig: "zz"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, _, err := db.SyncOpen(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if err := d.AddTranscriptEntry(tc.entry, nil); err != nil {
				t.Fatal(err)
			}
			change, err := d.Commit("edit by someone", later)
			if err != nil || change == nil {
				t.Fatalf("Commit: %v", err)
			}
			if err := db.SyncMerge(ctx, id, [][]byte{change}); err != nil {
				t.Fatalf("SyncMerge: %v", err)
			}
			got, err := db.FindTranscript(ctx, mine)
			if err != nil || got.Text() != "the plan is ready" {
				t.Errorf("transcript after the edit: %+v, %v; want mine unchanged", got, err)
			}
		})
	}

	// A transcript document for Bob's video arrives with entries my own
	// device signed: one claiming to be Bob's, one as mine. Neither is
	// Bob's, so his video has no transcript and search finds nothing.
	d, err := crdt.NewTranscript(bobs)
	if err != nil {
		t.Fatal(err)
	}
	d.AddTranscriptEntry(signedEntry(t, ada, bobs, bob, someWords("impostor words"), later), nil)
	d.AddTranscriptEntry(signedEntry(t, ada, bobs, me, someWords("impostor words"), later.Add(time.Second)), nil)
	if _, err := d.Commit("create", later); err != nil {
		t.Fatal(err)
	}
	if err := db.SyncAdopt(ctx, store.TranscriptDocID(bobs), store.KindTranscript, d.Save()); err != nil {
		t.Fatalf("SyncAdopt: %v", err)
	}
	if got, err := db.FindTranscript(ctx, bobs); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("Bob's video's transcript=%+v, %v; want none", got, err)
	}
	if hits, _ := db.Search(ctx, "impostor", 10); len(hits) != 0 {
		t.Errorf("Search found the impostor's words: %+v", hits)
	}
	// A document that names another video than its ID is for is nothing.
	odd, _ := crdt.NewTranscript(mine)
	odd.AddTranscriptEntry(signedEntry(t, ada, mine, me, someWords("misfiled words"), later), nil)
	odd.Commit("create", later)
	if err := db.SyncAdopt(ctx, store.NewDocID(), store.KindTranscript, odd.Save()); err != nil {
		t.Fatalf("SyncAdopt: %v", err)
	}
	if got, _ := db.FindTranscript(ctx, mine); got == nil || got.Text() != "the plan is ready" {
		t.Errorf("a misfiled document changed the transcript: %+v", got)
	}
}

// A transcript that arrives before its video's bytes is taken up when
// they come: who may write it is known only from the video.
func TestTranscriptBeforeItsVideo(t *testing.T) {
	ctx := context.Background()
	db, ada, me := openKeyed(t)
	clip := videotest.Encode(t, videotest.Encoding{Seconds: 2, Mux: "webm-live", Audio: true})
	s, err := video.Stamp("video/webm", store.VideoMeta{Take: 1, Summary: "Early", Author: me})
	if err != nil {
		t.Fatal(err)
	}
	data := append(bytes.Clone(clip), s...)
	hash := store.HashAttachment(data)
	d, _ := crdt.NewTranscript(hash)
	d.AddTranscriptEntry(signedEntry(t, ada, hash, me, someWords("words before the video"), time.Now()), nil)
	d.Commit("create", time.Now())
	if err := db.SyncAdopt(ctx, store.TranscriptDocID(hash), store.KindTranscript, d.Save()); err != nil {
		t.Fatalf("SyncAdopt: %v", err)
	}
	if _, err := db.FindTranscript(ctx, hash); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("a transcript counted before its video said who recorded it: %v", err)
	}
	if _, err := db.CreateBlob(ctx, "early.webm", bytes.NewReader(data), store.DefaultMaxFileSize); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindTranscript(ctx, hash)
	if err != nil || got.Text() != "words before the video" {
		t.Fatalf("after the video arrived: %+v, %v", got, err)
	}
	if hits, _ := db.Search(ctx, "before", 10); videoHit(hits, hash) == nil {
		t.Errorf("Search=%+v, want the video", hits)
	}
}
