package speech

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/longhand/longhand/store"
)

// ErrNoRecognizer is what every call says on a device without a recognizer.
var ErrNoRecognizer = store.Errorf(store.EUNAVAILABLE, "Transcripts need pocketsphinx (apt install pocketsphinx pocketsphinx-en-us).")

// ModelDir is where Debian's pocketsphinx-en-us puts the US English
// acoustic model, the one pocketsphinx_continuous uses by default.
const ModelDir = "/usr/share/pocketsphinx/model/en-us/en-us"

// Rate is the sample rate the recognizer's model was trained at; the
// sound is given to it as 16-bit mono PCM at this rate.
const Rate = 16000

// Recognizer runs the two programs. Its zero value is not usable: call New.
type Recognizer struct {
	Gst    string // gst-launch-1.0
	Sphinx string // pocketsphinx_continuous

	// DecodeTimeout and RecognizeTimeout bound each program's run; it is
	// killed at the deadline. Decoding three minutes of Opus takes well
	// under a second; recognizing them about a minute of CPU (BENCHMARKS.md).
	DecodeTimeout    time.Duration
	RecognizeTimeout time.Duration
	// MaxMemory caps each program's address space, in bytes.
	MaxMemory int64
	// TempDir is where the video and its sound are written while they are
	// read; "" for the system's.
	TempDir string
}

// maxPCM bounds the sound taken out of a video: as long as a video may run,
// and ten seconds more. A file that says it is short and decodes to more
// is cut off there with an error.
var maxPCM = int64((store.MaxVideoLength + 10*time.Second) / time.Second * Rate * 2)

// maxSphinxOutput bounds what the recognizer prints: a line per word.
const maxSphinxOutput = 1 << 20

// New finds the programs on PATH and the model. Without any of them it
// returns ErrNoRecognizer.
func New() (*Recognizer, error) {
	if !supported {
		return nil, ErrNoRecognizer
	}
	sphinx, err := exec.LookPath("pocketsphinx_continuous")
	if err != nil {
		return nil, ErrNoRecognizer
	}
	if _, err := os.Stat(filepath.Join(ModelDir, "mdef")); err != nil {
		return nil, ErrNoRecognizer
	}
	gst, err := exec.LookPath("gst-launch-1.0")
	if err != nil {
		return nil, store.Errorf(store.EUNAVAILABLE, "Transcripts need GStreamer's gst-launch-1.0 (apt install gstreamer1.0-tools).")
	}
	return &Recognizer{Gst: gst, Sphinx: sphinx, DecodeTimeout: time.Minute, RecognizeTimeout: 10 * time.Minute, MaxMemory: 1 << 30}, nil
}

// Transcribe returns the words said in a video, read from r (size bytes, of
// type mime: video/webm or video/mp4), with their times. A video with no
// sound, or none the recognizer took for words, has no words.
func (rc *Recognizer) Transcribe(ctx context.Context, r io.Reader, mime string) ([]store.TranscriptWord, error) {
	if rc == nil {
		return nil, ErrNoRecognizer
	}
	dir, err := os.MkdirTemp(rc.TempDir, "longhand-transcript-")
	if err != nil {
		return nil, fmt.Errorf("transcript: %w", err)
	}
	defer os.RemoveAll(dir)
	video := filepath.Join(dir, "video")
	if err := writeFile(video, r); err != nil {
		return nil, err
	}
	pcm := filepath.Join(dir, "sound.raw")
	n, err := rc.Decode(ctx, video, mime, pcm)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return []store.TranscriptWord{}, nil
	}
	return rc.Recognize(ctx, pcm)
}

func writeFile(path string, r io.Reader) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("transcript: %w", err)
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return store.Errorf(store.EUNAVAILABLE, "Longhand cannot copy the video to transcribe it (is the disk full?): %v.", err)
	}
	return f.Close()
}

// pipeline is the fixed GStreamer pipeline for a container: its first
// audio track, decoded, as 16 kHz mono 16-bit PCM on standard output.
// Nothing in it comes from the file but the bytes it reads.
func pipeline(mime, path string) ([]string, error) {
	var demux []string
	switch mime {
	case "video/webm":
		demux = []string{"matroskademux", "name=d", "d.audio_0", "!", "opusdec"}
	case "video/mp4":
		demux = []string{"qtdemux", "name=d", "d.audio_0", "!", "decodebin"}
	default:
		return nil, store.Errorf(store.EINVALID, "Longhand transcribes WebM and MP4 videos, not %s.", mime)
	}
	out := []string{"-q", "filesrc", "location=" + path, "!"}
	out = append(out, demux...)
	return append(out, "!", "audioconvert", "!", "audioresample", "!",
		fmt.Sprintf("audio/x-raw,format=S16LE,channels=1,rate=%d", Rate), "!", "fdsink", "fd=1"), nil
}

// Decode writes the sound of the video at path to out as raw PCM and says
// how many bytes it wrote. A truncated video gives the sound up to where it
// breaks off; one that does not decode at all is an EINVALID error.
func (rc *Recognizer) Decode(ctx context.Context, path, mime, out string) (int64, error) {
	args, err := pipeline(mime, path)
	if err != nil {
		return 0, err
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return 0, fmt.Errorf("transcript: %w", err)
	}
	defer f.Close()
	lim := &limitWriter{w: f, n: maxPCM}
	var stderr bytes.Buffer
	// gst-launch reports an error and sometimes waits on after it (a file
	// that ends inside its header): two seconds after the first error it
	// is stopped, as a normal exit would have come by then.
	gctx, stop := context.WithCancel(ctx)
	defer stop()
	watch := &errorWatch{w: &boundedBuffer{b: &stderr, n: 8 << 10}, grace: 2 * time.Second, stop: stop}
	err = rc.run(gctx, rc.DecodeTimeout, rc.Gst, args, lim, watch)
	if err != nil && ctx.Err() != nil {
		return 0, ctx.Err()
	}
	switch {
	case lim.over:
		return lim.written, store.Errorf(store.EINVALID, "The sound of this video runs longer than a video message may.")
	case errors.Is(err, errTimeout):
		return lim.written, store.Errorf(store.EUNAVAILABLE, "Taking the sound out of this video took longer than %s; it was stopped.", rc.DecodeTimeout)
	case err != nil && lim.written == 0:
		// No audio track leaves the pipeline's only sink unlinked. (A
		// queue after the demuxer would make gst-launch wait forever.)
		if strings.Contains(stderr.String(), "not-linked") {
			return 0, store.Errorf(store.EINVALID, "This video has no sound to transcribe, or none Longhand can decode.")
		}
		return 0, store.Errorf(store.EINVALID, "Longhand cannot read the sound of this video: the file is damaged or not a video.")
	}
	// A video that breaks off part way gives what came before the break.
	return lim.written, nil
}

// Recognize runs the recognizer on raw PCM and returns the words it heard.
func (rc *Recognizer) Recognize(ctx context.Context, pcm string) ([]store.TranscriptWord, error) {
	args := []string{"-infile", pcm, "-time", "yes", "-logfn", os.DevNull, "-samprate", strconv.Itoa(Rate), "-hmm", ModelDir}
	var out bytes.Buffer
	lim := &boundedBuffer{b: &out, n: maxSphinxOutput}
	err := rc.run(ctx, rc.RecognizeTimeout, rc.Sphinx, args, lim, io.Discard)
	switch {
	case errors.Is(err, errTimeout):
		return nil, store.Errorf(store.EUNAVAILABLE, "The recognizer took longer than %s on this video; it was stopped.", rc.RecognizeTimeout)
	case err != nil:
		return nil, store.Errorf(store.EUNAVAILABLE, "The recognizer failed on this video (%v).", err)
	case lim.over:
		return nil, store.Errorf(store.EINVALID, "The recognizer heard more words than a video message holds.")
	}
	return ParseTimes(out.Bytes())
}

var errTimeout = errors.New("timed out")

// run runs a program in its own process group at low priority with its
// address space capped, killing the group when ctx ends or the timeout
// passes.
func (rc *Recognizer) run(ctx context.Context, timeout time.Duration, prog string, args []string, stdout, stderr io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// sh caps the address space (ulimit -v, in KiB) and lowers the
	// priority, then becomes the program; the arguments are passed as
	// arguments, never parsed by the shell.
	script := `ulimit -v "$1" && shift && exec nice -n 10 "$@"`
	full := append([]string{"-c", script, "sh", strconv.FormatInt(rc.MaxMemory>>10, 10), prog}, args...)
	cmd := exec.CommandContext(ctx, "/bin/sh", full...)
	cmd.Stdin = nil
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C", "GST_REGISTRY_FORK=no"}
	ownGroup(cmd)
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	if ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return errTimeout
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// ParseTimes reads pocketsphinx_continuous's -time output: for each
// utterance a line with what it heard, then a line per word with its
// start and end in seconds and its confidence. Silences, fillers and
// sentence marks (<s>, </s>, <sil>, [NOISE]) are left out, and a word's
// alternative pronunciation ("the(2)") is the word.
func ParseTimes(out []byte) ([]store.TranscriptWord, error) {
	ws := []store.TranscriptWord{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 4 {
			continue
		}
		start, err1 := strconv.ParseFloat(f[1], 64)
		end, err2 := strconv.ParseFloat(f[2], 64)
		if _, err3 := strconv.ParseFloat(f[3], 64); err1 != nil || err2 != nil || err3 != nil {
			continue // an utterance of four words
		}
		w := f[0]
		if strings.HasPrefix(w, "<") || strings.HasPrefix(w, "[") || strings.HasPrefix(w, "++") {
			continue
		}
		if i := strings.IndexByte(w, '('); i > 0 {
			w = w[:i]
		}
		if !(start >= 0 && end >= start && end <= 1e6) { // NaN fails every comparison
			continue
		}
		ws = append(ws, store.TranscriptWord{Text: w, Start: int64(start*1000 + 0.5), End: int64(end*1000 + 0.5)})
	}
	if len(ws) > store.MaxTranscriptWords {
		return nil, store.Errorf(store.EINVALID, "The recognizer heard more words than a video message holds.")
	}
	return ws, store.ValidateTranscriptWords(ws)
}

// errorWatch passes a program's error output on, and calls stop a grace
// period after the first line that says ERROR.
type errorWatch struct {
	w     io.Writer
	grace time.Duration
	stop  func()
	once  sync.Once
}

func (e *errorWatch) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte("ERROR")) {
		e.once.Do(func() { time.AfterFunc(e.grace, e.stop) })
	}
	return e.w.Write(p)
}

// limitWriter writes up to n bytes and then fails, remembering it.
type limitWriter struct {
	w       io.Writer
	n       int64
	written int64
	over    bool
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if l.written+int64(len(p)) > l.n {
		l.over = true
		return 0, errors.New("output over its bound")
	}
	n, err := l.w.Write(p)
	l.written += int64(n)
	return n, err
}

// boundedBuffer keeps the first n bytes written and drops the rest.
type boundedBuffer struct {
	b    *bytes.Buffer
	n    int
	over bool
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	if room := b.n - b.b.Len(); room < len(p) {
		b.over = true
		b.b.Write(p[:max(room, 0)])
		return len(p), nil
	}
	return b.b.Write(p)
}
