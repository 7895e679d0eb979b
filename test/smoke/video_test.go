//go:build smoke

package smoke

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/store/video"
	"github.com/longhand/longhand/test/xvfb"
)

// The production window on Linux records a video message with GStreamer
// (its WebKitGTK has no working MediaRecorder): from #Announcements'
// composer, the screen with the camera in a corner and the microphone
// (GStreamer's test picture and tone, LONGHAND_MOCK_CAPTURE=1: this
// machine has neither), stopped after a few seconds; the take on disk is
// WebM with VP8 and Opus, and the recorder offers it for review.
func TestWindowRecordsAVideoNatively(t *testing.T) {
	if *bin == "" {
		t.Fatal("-bin is required")
	}
	display := xvfb.Start(t)
	dataDir := t.TempDir()
	// A workspace with no pages: the sidebar's channels sit where the
	// clicks below expect them.
	db, err := sqlite.Open(context.Background(), filepath.Join(dataDir, "longhand.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateWorkspace(context.Background(), "Acme", "Ada Lovelace", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	app := launch(t, display, dataDir, "LONGHAND_MOCK_CAPTURE=1")
	app.waitFor(t, `msg="ui ready"`, 90*time.Second)
	time.Sleep(1500 * time.Millisecond)

	// Screen coordinates on the 1280×860 display (the window sits at its
	// top left, 20 pixels down); found from screenshots of this layout.
	click := func(what string, x, y int, wait time.Duration) {
		t.Helper()
		cmd := exec.Command("xdotool", "mousemove", strconv.Itoa(x), strconv.Itoa(y), "click", "1")
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("click %s: %v: %s", what, err, out)
		}
		time.Sleep(wait)
	}
	click("#Announcements in the sidebar", 108, 510, 2*time.Second)
	click("Start a post", 594, 153, 2*time.Second)
	click("Video", 960, 193, 3*time.Second)
	click("Screen and camera", 516, 546, 500*time.Millisecond)
	click("Start recording", 904, 546, 0)

	// The take is Go's file: it grows while GStreamer records.
	recordings := filepath.Join(dataDir, "recordings")
	var take string
	for deadline := time.Now().Add(90 * time.Second); take == ""; time.Sleep(250 * time.Millisecond) {
		parts, _ := filepath.Glob(filepath.Join(recordings, "*-1.part"))
		if len(parts) == 1 {
			if fi, err := os.Stat(parts[0]); err == nil && fi.Size() > 50<<10 {
				take = parts[0]
			}
		}
		if time.Now().After(deadline) {
			screenshot(t, display, "video-native-failed.png")
			t.Fatalf("no take of over 50 KB in %s after 90 s: the window did not record natively", recordings)
		}
	}
	time.Sleep(3 * time.Second)
	screenshot(t, display, "video-native-recording.png")
	click("Stop", 947, 594, 0)
	// Stopped: the file stops growing (the end-of-stream drains what the
	// encoder holds first, which takes seconds on a busy machine).
	stopped := false
	for i := 0; i < 60 && !stopped; i++ {
		before, _ := os.Stat(take)
		time.Sleep(2 * time.Second)
		after, _ := os.Stat(take)
		stopped = after.Size() == before.Size()
	}
	if !stopped {
		t.Errorf("the take still grows two minutes after Stop")
	}
	time.Sleep(3 * time.Second) // the review's player loads the take
	screenshot(t, display, "video-native-review.png")

	b, err := os.ReadFile(take)
	if err != nil {
		t.Fatal(err)
	}
	v, err := video.Probe(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the take does not read as a video: %v", err)
	}
	if v.Mime != "video/webm" || !v.HasVideo || v.Length < time.Second || !bytes.Contains(b, []byte("V_VP8")) || !bytes.Contains(b, []byte("A_OPUS")) {
		t.Errorf("the take: %+v, VP8 %v, Opus %v; want WebM with VP8 and Opus over a second long", v,
			bytes.Contains(b, []byte("V_VP8")), bytes.Contains(b, []byte("A_OPUS")))
	}
	t.Logf("recorded natively: %v, %d bytes", v.Length, len(b))
}
