// Package speechtest makes recordings of known speech for tests: espeak-ng
// says sentences, and gst-launch-1.0 puts the sound with a test picture
// into a WebM (VP8, Opus) or MP4 (H.264, Opus) video, as a recorder would.
package speechtest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store/video/videotest"
)

// Sentences are what the recordings say: a first thought in two sentences,
// a pause, and a second thought.
var Sentences = []string{
	"The quarterly report is ready for review.",
	"Please send your comments before Friday.",
	"Next week we will plan the launch together.",
}

// Gaps between sentences: a breath inside a thought, and a pause long
// enough to start a chapter (store.ChapterPause is 1.5 s).
const (
	Breath = 300 * time.Millisecond
	Pause  = 2500 * time.Millisecond
)

// Recording is a video of spoken sentences.
type Recording struct {
	Video     []byte
	Length    time.Duration
	Sentences []string
	Pause     time.Duration // after the second sentence, when there is a third
	PauseEnd  time.Duration // where the third sentence starts
}

// Said is the words spoken, for a word error rate.
func (r *Recording) Said() []string { return strings.Fields(strings.Join(r.Sentences, " ")) }

// Speak records sentences: a Breath between the first two, a Pause before
// the third. mux is "webm" or "mp4".
func Speak(t testing.TB, sentences []string, mux string) *Recording {
	t.Helper()
	espeak, err := exec.LookPath("espeak-ng")
	if err != nil {
		t.Fatal("espeak-ng is needed to speak test sentences: run scripts/install-deps.sh --test")
	}
	gst, err := exec.LookPath("gst-launch-1.0")
	if err != nil {
		t.Fatal("gst-launch-1.0 is needed to make test videos: run scripts/install-deps.sh --test")
	}
	dir := t.TempDir()
	rec := &Recording{Sentences: sentences}
	var pcm []byte
	rate := 0
	for i, s := range sentences {
		wav := filepath.Join(dir, fmt.Sprintf("s%d.wav", i))
		if out, err := exec.Command(espeak, "-w", wav, s).CombinedOutput(); err != nil {
			t.Fatalf("espeak-ng: %v: %s", err, out)
		}
		b, err := os.ReadFile(wav)
		if err != nil {
			t.Fatal(err)
		}
		r, data := readWAV(t, b)
		rate = r
		switch i {
		case 1:
			pcm = append(pcm, make([]byte, samples(Breath, rate)*2)...)
		case 2:
			pcm = append(pcm, make([]byte, samples(Pause, rate)*2)...)
			rec.Pause = Pause
			rec.PauseEnd = duration(len(pcm)/2, rate)
		}
		pcm = append(pcm, data...)
	}
	rec.Length = duration(len(pcm)/2, rate)
	wav := filepath.Join(dir, "all.wav")
	if err := os.WriteFile(wav, makeWAV(pcm, rate), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "video")
	frames := int(rec.Length.Seconds()*2) + 1
	venc, muxer := "vp8enc deadline=1", "webmmux"
	if mux == "mp4" {
		venc, muxer = "x264enc", "mp4mux"
	}
	pipe := fmt.Sprintf("videotestsrc num-buffers=%d ! video/x-raw,width=16,height=16,framerate=2/1 ! %s ! queue ! %s name=m ! filesink location=%s "+
		"filesrc location=%s ! wavparse ! audioconvert ! audioresample ! audio/x-raw,rate=48000 ! opusenc ! queue ! m.", frames, venc, muxer, out, wav)
	if msg, err := exec.Command(gst, append([]string{"-q"}, strings.Fields(pipe)...)...).CombinedOutput(); err != nil {
		t.Fatalf("gst-launch-1.0: %v: %s", err, msg)
	}
	rec.Video, err = os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// Silent is a WebM video with a picture and no sound.
func Silent(t testing.TB) []byte {
	return videotest.Encode(t, videotest.Encoding{Seconds: 2, Mux: "webm"})
}

func samples(d time.Duration, rate int) int { return int(d.Seconds() * float64(rate)) }

func duration(samples, rate int) time.Duration {
	return time.Duration(samples) * time.Second / time.Duration(rate)
}

// readWAV returns the rate and the samples of espeak-ng's 16-bit mono WAV.
func readWAV(t testing.TB, b []byte) (int, []byte) {
	t.Helper()
	if len(b) < 44 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		t.Fatal("espeak-ng wrote something that is not a WAV file")
	}
	var rate int
	for off := 12; off+8 <= len(b); {
		id, n := string(b[off:off+4]), int(binary.LittleEndian.Uint32(b[off+4:]))
		body := b[off+8:]
		switch id {
		case "fmt ":
			if binary.LittleEndian.Uint16(body[2:]) != 1 || binary.LittleEndian.Uint16(body[14:]) != 16 {
				t.Fatal("espeak-ng's WAV is not 16-bit mono")
			}
			rate = int(binary.LittleEndian.Uint32(body[4:]))
		case "data":
			return rate, bytes.Clone(body[:min(n, len(body))&^1])
		}
		off += 8 + n + n%2
	}
	t.Fatal("espeak-ng's WAV has no samples")
	return 0, nil
}

func makeWAV(pcm []byte, rate int) []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	b.WriteString("RIFF")
	binary.Write(&b, le, uint32(36+len(pcm)))
	b.WriteString("WAVEfmt ")
	for _, v := range []any{uint32(16), uint16(1), uint16(1), uint32(rate), uint32(rate * 2), uint16(2), uint16(16)} {
		binary.Write(&b, le, v)
	}
	b.WriteString("data")
	binary.Write(&b, le, uint32(len(pcm)))
	b.Write(pcm)
	return b.Bytes()
}
