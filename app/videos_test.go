package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/video/videotest"
)

func newVideos(t *testing.T) (*Videos, *Attachments) {
	t.Helper()
	db, atts, _, _ := newTransfer(t)
	return NewVideos(context.Background(), db, filepath.Join(t.TempDir(), "recordings")), atts
}

// record hands a take to the service in pieces, as MediaRecorder does.
func record(t *testing.T, v *Videos, rv RecordingView, data []byte) {
	t.Helper()
	for off := 0; off < len(data); off += 64 << 10 {
		piece := data[off:min(off+64<<10, len(data))]
		if _, err := v.AddToTake(rv.ID, rv.Take, base64.StdEncoding.EncodeToString(piece)); err != nil {
			t.Fatalf("AddToTake: %v", err)
		}
	}
}

// A video message is recorded in two takes at most: the first can be
// recorded again, the second is final; the take used is stored stamped
// with its take and summary, and played from /videos/<hash>.
func TestAVideoMessageHasTwoTakesAtMost(t *testing.T) {
	v, atts := newVideos(t)
	rv, err := v.StartRecording()
	if err != nil {
		t.Fatal(err)
	}
	if rv.Take != 1 || rv.Final || rv.MaxSeconds != 180 {
		t.Fatalf("StartRecording=%+v, want take 1 of 2, 180 s", rv)
	}
	record(t, v, rv, videotest.Encode(t, videotest.Encoding{Seconds: 3, Mux: "webm-live", Audio: true}))
	if tv, err := v.Take(rv.ID, 1); err != nil || tv.LengthMs < 2000 || tv.Size == 0 {
		t.Fatalf("Take=%+v, %v", tv, err)
	}
	// The recorder plays the take back from Go; nothing else is served.
	w := httptest.NewRecorder()
	MediaHandler(atts.store, v).ServeHTTP(w, httptest.NewRequest("GET", TakePath+rv.ID+"/1", nil))
	if w.Code != 200 || w.Header().Get("Content-Type") != "video/webm" || w.Body.Len() == 0 {
		t.Errorf("GET the take = %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	for _, p := range []string{rv.ID + "/2", rv.ID + "/../" + rv.ID + "-1.part", "nope/1", rv.ID + "/1x"} {
		w := httptest.NewRecorder()
		MediaHandler(atts.store, v).ServeHTTP(w, httptest.NewRequest("GET", TakePath+p, nil))
		if w.Code == 200 || w.Code == 206 {
			t.Errorf("GET %s = %d, want it refused", p, w.Code)
		}
	}
	rv, err = v.RecordAgain(rv.ID)
	if err != nil || rv.Take != 2 || !rv.Final {
		t.Fatalf("RecordAgain=%+v, %v; want take 2, final", rv, err)
	}
	if _, err := os.Stat(v.takePath(rv.ID, 1)); !os.IsNotExist(err) {
		t.Errorf("the first take is still on disk: %v", err)
	}
	if _, err := v.AddToTake(rv.ID, 1, "AAAA"); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("AddToTake of the dropped take: %v, want EINVALID", err)
	}
	if _, err := v.RecordAgain(rv.ID); store.ErrorCode(err) != store.EINVALID || !strings.Contains(store.ErrorMessage(err), "final") {
		t.Errorf("a third take: %v, want EINVALID saying the second is final", err)
	}
	data := videotest.Encode(t, videotest.Encoding{Seconds: 4, Mux: "webm-live", Audio: true})
	record(t, v, rv, data)
	if _, err := v.UseTake(rv.ID, 2, "  "); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("UseTake without a summary: %v, want EINVALID", err)
	}
	got, err := v.UseTake(rv.ID, 2, "The launch moves to May")
	if err != nil {
		t.Fatalf("UseTake: %v", err)
	}
	if got.Take != 2 || got.Summary != "The launch moves to May" || got.Mime != "video/webm" || got.LengthMs < 3000 ||
		got.URL != VideoPath+got.Hash || got.Ref != "attachment:"+got.Hash {
		t.Errorf("UseTake=%+v", got)
	}
	if _, err := v.RecordAgain(rv.ID); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("RecordAgain after the take was used: %v, want ENOTFOUND", err)
	}
	if left, _ := os.ReadDir(v.dir); len(left) != 0 {
		t.Errorf("recordings left on disk: %v", left)
	}
	if st, err := atts.Status(got.Hash); err != nil || !st.Video || !st.Complete {
		t.Errorf("Status=%+v, %v; want a whole video", st, err)
	}

	// Played as the window plays it: its type, and ranges for seeking.
	h := VideoHandler(v.store)
	w = httptest.NewRecorder()
	req := httptest.NewRequest("GET", VideoPath+got.Hash, nil)
	req.Header.Set("Range", "bytes=0-99")
	h.ServeHTTP(w, req)
	if w.Code != 206 || w.Header().Get("Content-Type") != "video/webm" || w.Body.Len() != 100 || !bytes.Equal(w.Body.Bytes(), data[:100]) ||
		w.Header().Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(w.Header().Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("GET a range = %d %q, %d bytes, headers %v", w.Code, w.Header().Get("Content-Type"), w.Body.Len(), w.Header())
	}
}

// A take over three minutes is refused when it is used, and the recording
// can still be discarded; a file that is not a video is served as none.
func TestATakeOverThreeMinutesIsRefused(t *testing.T) {
	v, atts := newVideos(t)
	rv, err := v.StartRecording()
	if err != nil {
		t.Fatal(err)
	}
	record(t, v, rv, videotest.Encode(t, videotest.Encoding{Seconds: 181, Mux: "webm-live", Audio: true}))
	if _, err := v.UseTake(rv.ID, 1, "Too long"); store.ErrorCode(err) != store.EINVALID || !strings.Contains(store.ErrorMessage(err), "3:01") {
		t.Errorf("UseTake of 3:01: %v, want EINVALID naming 3:01", err)
	}
	if err := v.Discard(rv.ID); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(v.dir); len(left) != 0 {
		t.Errorf("recordings left on disk: %v", left)
	}
	pdf, err := atts.CreateFile("notes.pdf", base64.StdEncoding.EncodeToString([]byte("%PDF-1.7 not a video")))
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	VideoHandler(v.store).ServeHTTP(w, httptest.NewRequest("GET", VideoPath+pdf.Hash, nil))
	if w.Code != 404 {
		t.Errorf("GET of a PDF as a video = %d", w.Code)
	}
	if _, err := v.Find(pdf.Hash); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("Find of a PDF: %v", err)
	}
}

// What a crash leaves of a take is a video as long as what was written.
func TestAnUnfinishedTakeIsAVideo(t *testing.T) {
	v, _ := newVideos(t)
	rv, err := v.StartRecording()
	if err != nil {
		t.Fatal(err)
	}
	data := videotest.Encode(t, videotest.Encoding{Seconds: 20, Mux: "webm-live", Audio: true})
	record(t, v, rv, data[:len(data)/2])
	got, err := v.UseTake(rv.ID, 1, "Cut short")
	if err != nil {
		t.Fatalf("UseTake of half a take: %v", err)
	}
	if got.LengthMs < 5000 || got.LengthMs > 15000 {
		t.Errorf("LengthMs=%d, want about ten seconds", got.LengthMs)
	}
	r, _, err := v.store.OpenBlob(context.Background(), got.Hash)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	stored, _ := io.ReadAll(r)
	if !bytes.HasPrefix(stored, data[:len(data)/2]) {
		t.Error("the stored video does not begin with the recorded bytes")
	}
}
