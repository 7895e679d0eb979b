// Package videotest makes real video files for tests with GStreamer.
package videotest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Encoding describes a test video GStreamer makes: a 16×16 test picture
// at two frames a second (cheap to encode however long it runs) and a
// tone in Opus, muxed into WebM (VP8) or MP4 (H.264).
type Encoding struct {
	Seconds  int
	Mux      string // "webm", "webm-live" (no Duration, sizes unknown, as MediaRecorder writes) or "mp4"
	Audio    bool
	Matroska bool
}

var (
	encodedMu sync.Mutex
	encoded   = map[Encoding][]byte{}
)

// Encode returns the bytes of a test video, made once per test binary by
// gst-launch-1.0 (scripts/install-deps.sh --test installs it).
func Encode(t testing.TB, e Encoding) []byte {
	t.Helper()
	encodedMu.Lock()
	defer encodedMu.Unlock()
	if b, ok := encoded[e]; ok {
		return b
	}
	gst, err := exec.LookPath("gst-launch-1.0")
	if err != nil {
		t.Fatalf("gst-launch-1.0 is needed to make test videos: run scripts/install-deps.sh --test (it installs gstreamer1.0-tools)")
	}
	out := filepath.Join(t.TempDir(), "v")
	frames := e.Seconds * 2
	venc, mux := "vp8enc deadline=1", "webmmux"
	switch {
	case e.Mux == "webm-live":
		mux = "webmmux streamable=true"
	case e.Mux == "mp4":
		venc, mux = "x264enc", "mp4mux"
	case e.Matroska:
		mux = "matroskamux"
	}
	pipe := fmt.Sprintf("videotestsrc num-buffers=%d ! video/x-raw,width=16,height=16,framerate=2/1 ! %s ! queue ! %s name=m ! filesink location=%s",
		frames, venc, mux, out)
	if e.Audio {
		// 100 buffers of 10 ms a second.
		pipe += fmt.Sprintf(" audiotestsrc num-buffers=%d samplesperbuffer=480 ! audio/x-raw,rate=48000 ! opusenc ! queue ! m.", e.Seconds*100)
	}
	cmd := exec.Command(gst, append([]string{"-q"}, strings.Fields(pipe)...)...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gst-launch-1.0 %s: %v\n%s", pipe, err, msg)
	}
	b, err := os.ReadFile(out)
	if err != nil || len(b) == 0 {
		t.Fatalf("gst-launch-1.0 wrote nothing: %v", err)
	}
	encoded[e] = b
	return b
}
