package speech_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/speech"
	"github.com/longhand/longhand/store/speech/speechtest"
)

func recognizer(t *testing.T) *speech.Recognizer {
	t.Helper()
	rc, err := speech.New()
	if err != nil {
		t.Fatalf("%v: scripts/install-deps.sh --test installs it", err)
	}
	rc.TempDir = t.TempDir()
	return rc
}

// Known sentences spoken by espeak-ng, with a pause between the second and
// third, are transcribed from a WebM (VP8 and Opus) recording: words come
// out, in time order, within the recording, and the pause starts a new
// chapter. What share of the words are right is logged, not asserted: the
// recognizer is rough (BENCHMARKS.md).
func TestTranscribeSpokenSentences(t *testing.T) {
	rc := recognizer(t)
	rec := speechtest.Speak(t, speechtest.Sentences, "webm")
	words, err := rc.Transcribe(context.Background(), bytes.NewReader(rec.Video), "video/webm")
	if err != nil {
		t.Fatalf("Transcribe: %v", err)
	}
	if len(words) < 5 {
		t.Fatalf("Transcribe heard %d words (%q), want most of the %d said", len(words), store.JoinWords(words), len(rec.Said()))
	}
	if err := store.ValidateTranscriptWords(words); err != nil {
		t.Errorf("words out of order: %v", err)
	}
	if last := words[len(words)-1].End; last > rec.Length.Milliseconds()+500 {
		t.Errorf("last word ends at %d ms, after the recording (%s)", last, rec.Length)
	}
	chapters := store.Chapters(words)
	if len(chapters) != 2 {
		t.Fatalf("Chapters=%+v, want 2: one before the %s pause and one after", chapters, rec.Pause)
	}
	if got, want := chapters[1].Start, rec.PauseEnd.Milliseconds(); got < want-300 || got > want+1000 {
		t.Errorf("second chapter starts at %d ms, want about %d (where the speaker goes on after the pause)", got, want)
	}
	wer := store.WordErrorRate(rec.Said(), strings.Fields(store.JoinWords(words)))
	t.Logf("said:  %s", strings.Join(rec.Said(), " "))
	t.Logf("heard: %s", store.JoinWords(words))
	t.Logf("word error rate %.0f%% over %d words; chapters %+v", wer*100, len(rec.Said()), chapters)
}

// The same from an MP4 (H.264 and Opus): the other container a video
// message may come in.
func TestTranscribeMP4(t *testing.T) {
	rc := recognizer(t)
	rec := speechtest.Speak(t, speechtest.Sentences[:1], "mp4")
	words, err := rc.Transcribe(context.Background(), bytes.NewReader(rec.Video), "video/mp4")
	if err != nil {
		t.Fatalf("Transcribe: %v", err)
	}
	if len(words) == 0 {
		t.Fatal("Transcribe heard no words in an MP4 with speech")
	}
}

// Bad videos are clear errors, never a crash or a hang: bytes that are not
// a video, a video with no sound, and a recording cut off half way (which
// gives the words before the cut).
func TestTranscribeBadVideos(t *testing.T) {
	rc := recognizer(t)
	rec := speechtest.Speak(t, speechtest.Sentences[:2], "webm")
	silent := speechtest.Silent(t)
	for _, tc := range []struct {
		name  string
		video []byte
		code  string // "" when some words come out
	}{
		{"junk", bytes.Repeat([]byte("not a video "), 500), store.EINVALID},
		{"empty", nil, store.EINVALID},
		{"no sound", silent, store.EINVALID},
		{"cut in half", rec.Video[:len(rec.Video)/2], ""},
		{"only the header", rec.Video[:300], store.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			words, err := rc.Transcribe(context.Background(), bytes.NewReader(tc.video), "video/webm")
			if got := store.ErrorCode(err); got != tc.code {
				t.Fatalf("Transcribe error %v (code %q), want code %q", err, got, tc.code)
			}
			if err != nil && strings.Contains(store.ErrorMessage(err), "inside Longhand") {
				t.Errorf("error %q says nothing of the video", store.ErrorMessage(err))
			}
			if tc.code == "" && len(words) == 0 {
				t.Errorf("no words from the half that was recorded")
			}
		})
	}
	if _, err := rc.Transcribe(context.Background(), bytes.NewReader(rec.Video), "video/ogg"); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("a type that is not WebM or MP4: %v, want EINVALID", err)
	}
}

// A recognizer that never finishes is killed at its deadline with a clear
// error, children and all.
func TestTranscribeTimeout(t *testing.T) {
	rc := recognizer(t)
	stuck := filepath.Join(t.TempDir(), "stuck")
	pidFile := filepath.Join(t.TempDir(), "pid")
	script := "#!/bin/sh\nsleep 300 &\necho $! > " + pidFile + "\nwait\n"
	if err := os.WriteFile(stuck, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	rc.Sphinx, rc.RecognizeTimeout = stuck, 300*time.Millisecond
	rec := speechtest.Speak(t, speechtest.Sentences[:1], "webm")
	_, err := rc.Transcribe(context.Background(), bytes.NewReader(rec.Video), "video/webm")
	if store.ErrorCode(err) != store.EUNAVAILABLE || !strings.Contains(store.ErrorMessage(err), "stopped") {
		t.Fatalf("Transcribe with a stuck recognizer: %v, want it stopped at its deadline", err)
	}
	pid, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	// The child was killed with its group: /proc has no live process left
	// (a zombie waiting for init is gone too, or at least not running).
	stat, err := os.ReadFile("/proc/" + strings.TrimSpace(string(pid)) + "/stat")
	if err == nil && !bytes.Contains(stat, []byte(") Z ")) {
		t.Errorf("the recognizer's child %s still runs after the deadline: %s", pid, stat)
	}
}

// Without the recognizer, New says what to install, in one sentence.
func TestNoRecognizer(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := speech.New()
	if err != speech.ErrNoRecognizer {
		t.Fatalf("New without pocketsphinx: %v, want ErrNoRecognizer", err)
	}
	if got := store.ErrorMessage(err); !strings.Contains(got, "apt install pocketsphinx pocketsphinx-en-us") {
		t.Errorf("message %q does not say what to install", got)
	}
	var rc *speech.Recognizer
	if _, err := rc.Transcribe(context.Background(), strings.NewReader(""), "video/webm"); err != speech.ErrNoRecognizer {
		t.Errorf("Transcribe on no recognizer: %v, want ErrNoRecognizer", err)
	}
}

func TestParseTimes(t *testing.T) {
	out := `the cult of the report
<s> 0.000 0.020 0.999400
the 0.030 0.130 0.285919
cult 0.140 0.480 0.023123
of 0.490 0.550 0.123225
the(2) 0.560 0.640 0.268863
[NOISE] 0.650 0.700 0.1
</s> 2.030 2.510 1.000000
one two three four
please 4.540 4.860 0.245941
<sil> 6.150 6.190 0.929593
`
	ws, err := speech.ParseTimes([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	want := []store.TranscriptWord{{Text: "the", Start: 30, End: 130}, {Text: "cult", Start: 140, End: 480}, {Text: "of", Start: 490, End: 550}, {Text: "the", Start: 560, End: 640}, {Text: "please", Start: 4540, End: 4860}}
	if len(ws) != len(want) {
		t.Fatalf("ParseTimes=%+v, want %+v", ws, want)
	}
	for i := range want {
		if ws[i] != want[i] {
			t.Errorf("word %d=%+v, want %+v", i, ws[i], want[i])
		}
	}
	if _, err := speech.ParseTimes([]byte("late 1.0 900.0 0.5\n")); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("a word after the longest video: %v, want EINVALID", err)
	}
}

// BenchmarkTranscribeMinute measures the recognizer on a minute of the
// spoken sentences (said six times over, a pause between each time): wall
// seconds per minute of audio, and the word error rate.
func BenchmarkTranscribeMinute(b *testing.B) {
	rc, err := speech.New()
	if err != nil {
		b.Skip(err)
	}
	var said []string
	for i := 0; i < 6; i++ {
		said = append(said, speechtest.Sentences...)
	}
	rec := speechtest.Speak(b, said, "webm")
	var wer float64
	var before, after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &before)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		words, err := rc.Transcribe(context.Background(), bytes.NewReader(rec.Video), "video/webm")
		if err != nil {
			b.Fatal(err)
		}
		wer = store.WordErrorRate(rec.Said(), strings.Fields(store.JoinWords(words)))
	}
	b.StopTimer()
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &after)
	cpu := time.Duration(after.Utime.Nano()+after.Stime.Nano()-before.Utime.Nano()-before.Stime.Nano()) * time.Nanosecond
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)/rec.Length.Minutes(), "s/min-audio")
	b.ReportMetric(cpu.Seconds()/float64(b.N)/rec.Length.Minutes(), "cpu-s/min-audio")
	b.ReportMetric(wer*100, "%WER")
	b.ReportMetric(rec.Length.Seconds(), "s-audio")
}

// BenchmarkTranscribe measures the recognizer on the spoken sentences:
// seconds of CPU (wall, on this machine's load) per minute of audio.
func BenchmarkTranscribe(b *testing.B) {
	rc, err := speech.New()
	if err != nil {
		b.Skip(err)
	}
	rec := speechtest.Speak(b, speechtest.Sentences, "webm")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := rc.Transcribe(context.Background(), bytes.NewReader(rec.Video), "video/webm"); err != nil {
			b.Fatal(err)
		}
	}
	perMinute := b.Elapsed().Seconds() / float64(b.N) / rec.Length.Minutes()
	b.ReportMetric(perMinute, "s/min-audio")
}

// FuzzParseTimes: whatever the recognizer prints, ParseTimes returns words
// that validate, or an error, and never panics.
func FuzzParseTimes(f *testing.F) {
	f.Add([]byte("hello 0.10 0.50 0.9\n<s> 0 0.1 1\nthe(2) 0.6 0.7 0.1\n"))
	f.Add([]byte("x 1e308 1e309 0\n"))
	f.Add([]byte("a -1 2 0\nb NaN NaN NaN\n"))
	f.Fuzz(func(t *testing.T, out []byte) {
		ws, err := speech.ParseTimes(out)
		if err == nil {
			if verr := store.ValidateTranscriptWords(ws); verr != nil {
				t.Fatalf("ParseTimes returned words that do not validate: %v", verr)
			}
		}
	})
}
