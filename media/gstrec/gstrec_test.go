package gstrec_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/longhand/longhand/media/gstrec"
	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/video"
	"github.com/longhand/longhand/test/xvfb"
)

// A child process of the test binary records until it is killed (the
// crash test) or tries to (the missing plugin test).
const childEnv = "GSTREC_TEST_CHILD"

func TestMain(m *testing.M) {
	if path := os.Getenv(childEnv); path != "" {
		os.Exit(child(path))
	}
	os.Exit(m.Run())
}

func child(path string) int {
	r, err := gstrec.Start(gstrec.Options{Source: gstrec.Camera, Microphone: true, Fake: true, Limit: time.Minute, Path: path})
	if err != nil {
		os.Stderr.WriteString(err.Error())
		return 3
	}
	os.Stdout.WriteString("recording\n")
	<-r.Done() // until killed
	return 0
}

// probe reads a recorded file as the store reads a take.
func probe(t *testing.T, path string) (*store.Video, []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := video.Probe(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("probe %s (%d bytes): %v", path, len(b), err)
	}
	return v, b
}

func codecs(t *testing.T, b []byte, audio bool) {
	t.Helper()
	if !bytes.Contains(b, []byte("V_VP8")) {
		t.Errorf("no VP8 track")
	}
	if got := bytes.Contains(b, []byte("A_OPUS")); got != audio {
		t.Errorf("Opus track: %v, want %v", got, audio)
	}
}

func TestRecordsAFewSeconds(t *testing.T) {
	display := xvfb.Start(t)
	t.Setenv("DISPLAY", display)
	for _, tc := range []struct {
		name   string
		source gstrec.Source
		mic    bool
	}{
		{"test camera and tone", gstrec.Camera, true},
		{"screen under Xvfb", gstrec.Screen, false},
		{"screen with the camera and tone", gstrec.Both, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "take.webm")
			r, err := gstrec.Start(gstrec.Options{Source: tc.source, Microphone: tc.mic, Fake: true, Limit: time.Minute, Path: path})
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(3 * time.Second)
			if err := r.Stop(); err != nil {
				t.Fatalf("Stop: %v", err)
			}
			st := r.Status()
			if st.Recording || st.AtLimit {
				t.Errorf("Status after Stop = %+v, want ended before its limit", st)
			}
			if len(r.Frame()) < 100 || !bytes.HasPrefix(r.Frame(), []byte{0xff, 0xd8}) {
				t.Errorf("preview frame: %d bytes, want a JPEG", len(r.Frame()))
			}
			v, b := probe(t, path)
			if v.Mime != "video/webm" || !v.HasVideo {
				t.Errorf("probe: %+v, want WebM with a picture", v)
			}
			// Something was recorded, and no more than the recorder says.
			if v.Length < time.Second || v.Length > st.Elapsed+store.VideoLengthTolerance {
				t.Errorf("Length = %v, want over 1s and at most the %v recorded", v.Length, st.Elapsed)
			}
			codecs(t, b, tc.mic)
			t.Logf("%s: %v, %d bytes", tc.name, v.Length, len(b))
		})
	}
}

// The production limit, 3:00, ends the file at 3:00: the test picture
// (five frames a second, no sound: a tone made faster than real time
// would meet the limit long before the picture) runs faster than real
// time; the limit is the one app gives the recorder.
func TestStopsAtThreeMinutes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "take.webm")
	r, err := gstrec.Start(gstrec.Fast(gstrec.Options{Source: gstrec.Camera, Fake: true, Limit: store.MaxVideoLength, Path: path}))
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.Done():
	case <-time.After(5 * time.Minute):
		r.Stop()
		t.Fatal("the recording did not end at its limit")
	}
	if st := r.Status(); !st.AtLimit || st.Err != nil {
		t.Errorf("Status = %+v, want ended at the limit", st)
	}
	v, b := probe(t, path)
	if err := v.Validate(); err != nil {
		t.Errorf("the store refuses the take: %v", err)
	}
	frame := 200 * time.Millisecond
	if v.Length < store.MaxVideoLength-frame || v.Length > store.MaxVideoLength+store.VideoLengthTolerance {
		t.Errorf("Length = %v, want 3:00 (within a frame, and the store's tolerance)", v.Length)
	}
	codecs(t, b, false)
	t.Logf("stopped at %v, %d bytes", v.Length, len(b))
}

// In real time, a short limit ends the recording by itself.
func TestStopsAtItsLimitLive(t *testing.T) {
	path := filepath.Join(t.TempDir(), "take.webm")
	limit := 2 * time.Second
	r, err := gstrec.Start(gstrec.Options{Source: gstrec.Camera, Microphone: true, Fake: true, Limit: limit, Path: path})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.Done():
	case <-time.After(time.Minute):
		r.Stop()
		t.Fatal("the recording did not end at its limit")
	}
	if st := r.Status(); !st.AtLimit || st.Err != nil || st.Elapsed != limit {
		t.Errorf("Status = %+v, want ended at the limit, %v", st, limit)
	}
	v, _ := probe(t, path)
	if v.Length > limit+store.VideoLengthTolerance || v.Length < limit/2 {
		t.Errorf("Length = %v, want up to %v", v.Length, limit)
	}
}

// A recording cut by a crash plays up to its last block.
func TestCrashKeepsWhatWasRecorded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "take.webm")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line := make([]byte, 10)
	if n, _ := out.Read(line); !strings.HasPrefix(string(line[:n]), "recording") {
		cmd.Wait()
		t.Fatalf("the child did not record: %s", stderr.String())
	}
	// Until some clusters are on disk, then a kill it cannot catch.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(100 * time.Millisecond) {
		if fi, err := os.Stat(path); err == nil && fi.Size() > 100<<10 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the child wrote under 100 KB in a minute")
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	v, b := probe(t, path)
	if v.Length <= 0 || !v.HasVideo {
		t.Errorf("the cut take: %+v, want a video with a length", v)
	}
	codecs(t, b, true)
	t.Logf("cut after %v, %d bytes", v.Length, len(b))
}

// A missing element is named, with the package that installs it: here
// GStreamer sees every plugin of this machine but VP8's.
func TestMissingPluginIsNamed(t *testing.T) {
	sys := "/usr/lib/x86_64-linux-gnu/gstreamer-1.0"
	plugins, err := filepath.Glob(filepath.Join(sys, "*.so"))
	if err != nil || len(plugins) == 0 {
		t.Skipf("no GStreamer plugins in %s", sys)
	}
	dir := t.TempDir()
	for _, p := range plugins {
		if filepath.Base(p) != "libgstvpx.so" {
			os.Symlink(p, filepath.Join(dir, filepath.Base(p)))
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+filepath.Join(dir, "take.webm"), "GST_PLUGIN_SYSTEM_PATH_1_0="+dir,
		"GST_PLUGIN_PATH_1_0=", "GST_REGISTRY_1_0="+filepath.Join(dir, "registry.bin"))
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 3 {
		t.Fatalf("the child: %v, %s; want it to refuse to start", err, out)
	}
	want := `GStreamer's "vp8enc" element is missing (install gstreamer1.0-plugins-good)`
	if !strings.Contains(string(out), want) {
		t.Errorf("the child said %q, want %q", out, want)
	}
}

func TestRefusals(t *testing.T) {
	restore := gstrec.NoCameraDevices()
	defer restore()
	for _, tc := range []struct {
		name string
		o    gstrec.Options
		kind gstrec.Kind
		want string
	}{
		{"unknown source", gstrec.Options{Source: "phone", Limit: time.Minute, Path: "x"}, gstrec.BadOptions, "not \"phone\""},
		{"no limit", gstrec.Options{Source: gstrec.Camera, Fake: true, Path: "x"}, gstrec.BadOptions, "limit"},
		{"no camera", gstrec.Options{Source: gstrec.Camera, Limit: time.Minute, Path: filepath.Join(t.TempDir(), "x")}, gstrec.NoCamera, "No camera was found"},
		{"disk full", gstrec.Options{Source: gstrec.Camera, Fake: true, Limit: time.Minute, Path: "/dev/full"}, gstrec.DiskFull, "The disk is full"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := gstrec.Start(tc.o)
			if err == nil {
				// A full disk shows once the first block is written.
				select {
				case <-r.Done():
				case <-time.After(time.Minute):
				}
				err = r.Stop()
			}
			var e *gstrec.Error
			if !errors.As(err, &e) || e.Kind != tc.kind || !strings.Contains(e.Error(), tc.want) {
				t.Errorf("err = %v, want kind %d saying %q", err, tc.kind, tc.want)
			}
		})
	}
}
