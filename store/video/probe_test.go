package video_test

import (
	"bytes"
	"encoding/binary"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/video"
	"github.com/longhand/longhand/store/video/videotest"
)

func probe(t *testing.T, b []byte) (*store.Video, error) {
	t.Helper()
	return video.Probe(bytes.NewReader(b), int64(len(b)))
}

func TestLengthsOfRealVideos(t *testing.T) {
	tests := []struct {
		name string
		enc  videotest.Encoding
		mime string
		want time.Duration
	}{
		{"WebM with a Duration", videotest.Encoding{Seconds: 4, Mux: "webm", Audio: true}, "video/webm", 4 * time.Second},
		{"WebM as MediaRecorder writes it, with no Duration", videotest.Encoding{Seconds: 4, Mux: "webm-live", Audio: true}, "video/webm", 4 * time.Second},
		{"WebM without sound", videotest.Encoding{Seconds: 3, Mux: "webm"}, "video/webm", 3 * time.Second},
		{"MP4", videotest.Encoding{Seconds: 4, Mux: "mp4", Audio: true}, "video/mp4", 4 * time.Second},
		{"three minutes exactly", videotest.Encoding{Seconds: 180, Mux: "webm", Audio: true}, "video/webm", 180 * time.Second},
		{"three minutes, no Duration", videotest.Encoding{Seconds: 180, Mux: "webm-live", Audio: true}, "video/webm", 180 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := probe(t, videotest.Encode(t, tt.enc))
			if err != nil {
				t.Fatalf("Probe: %v", err)
			}
			if v.Mime != tt.mime || !v.HasVideo {
				t.Errorf("Mime=%q HasVideo=%v, want %q and true", v.Mime, v.HasVideo, tt.mime)
			}
			// Without a Duration the length is the last block's start: up
			// to a frame (half a second here) short of the end; Opus pads
			// the sound a few milliseconds past it.
			if d := v.Length - tt.want; d < -500*time.Millisecond || d > 50*time.Millisecond {
				t.Errorf("Length=%v, want %v, up to a frame less or a few milliseconds more", v.Length, tt.want)
			}
			if err := v.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestAVideoOverThreeMinutesIsRefused(t *testing.T) {
	for _, mux := range []string{"webm", "webm-live", "mp4"} {
		t.Run(mux, func(t *testing.T) {
			v, err := probe(t, videotest.Encode(t, videotest.Encoding{Seconds: 181, Mux: mux, Audio: true}))
			if err != nil {
				t.Fatalf("Probe: %v", err)
			}
			if v.Length < 180*time.Second+500*time.Millisecond {
				t.Errorf("Length=%v, want about 3:01", v.Length)
			}
			err = v.Validate()
			if store.ErrorCode(err) != store.EINVALID || !strings.Contains(store.ErrorMessage(err), "at most 3:00") {
				t.Errorf("Validate=%v, want EINVALID saying at most 3:00", err)
			}
		})
	}
}

// A Duration that claims less than the blocks hold is not believed.
func TestADurationThatUnderstatesIsNotBelieved(t *testing.T) {
	b := bytes.Clone(videotest.Encode(t, videotest.Encoding{Seconds: 181, Mux: "webm", Audio: true}))
	i := bytes.Index(b, []byte{0x44, 0x89, 0x88})
	if i < 0 {
		t.Fatal("no 8-byte Duration in the file")
	}
	binary.BigEndian.PutUint64(b[i+3:], math.Float64bits(10_000)) // ten seconds, in milliseconds
	v, err := probe(t, b)
	if err != nil {
		t.Fatalf("Probe: %v", err)
	}
	if v.Length < 180*time.Second {
		t.Errorf("Length=%v, want the blocks' 3:01", v.Length)
	}
}

// A recording cut off by a crash is still a video, as long as what was
// written so far.
func TestACutOffRecordingKeepsWhatWasWritten(t *testing.T) {
	b := videotest.Encode(t, videotest.Encoding{Seconds: 20, Mux: "webm-live", Audio: true})
	v, err := probe(t, b[:len(b)/2])
	if err != nil {
		t.Fatalf("Probe: %v", err)
	}
	if v.Length < 5*time.Second || v.Length > 15*time.Second {
		t.Errorf("Length=%v, want about ten seconds", v.Length)
	}
}

func TestTheStampTravelsWithTheVideo(t *testing.T) {
	for _, mux := range []string{"webm", "webm-live", "mp4"} {
		t.Run(mux, func(t *testing.T) {
			b := videotest.Encode(t, videotest.Encoding{Seconds: 3, Mux: mux, Audio: true})
			v, err := probe(t, b)
			if err != nil {
				t.Fatal(err)
			}
			if v.Meta != nil {
				t.Fatalf("Meta=%+v before stamping, want nil", v.Meta)
			}
			stamp, err := video.Stamp(v.Mime, store.VideoMeta{Take: 2, Summary: "  The launch moves to May  "})
			if err != nil {
				t.Fatal(err)
			}
			stamped, err := probe(t, append(bytes.Clone(b), stamp...))
			if err != nil {
				t.Fatalf("Probe of the stamped file: %v", err)
			}
			want := store.VideoMeta{Take: 2, Summary: "The launch moves to May"}
			if stamped.Meta == nil || *stamped.Meta != want {
				t.Errorf("Meta=%+v, want %+v", stamped.Meta, want)
			}
			if stamped.Length != v.Length {
				t.Errorf("Length=%v after stamping, want %v", stamped.Length, v.Length)
			}
			twice := append(append(bytes.Clone(b), stamp...), stamp...)
			if _, err := probe(t, twice); store.ErrorCode(err) != store.EINVALID {
				t.Errorf("Probe of a twice-stamped file: %v, want EINVALID", err)
			}
		})
	}
}

func TestAThirdTakeIsRefused(t *testing.T) {
	if _, err := video.Stamp("video/webm", store.VideoMeta{Take: 3, Summary: "again"}); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("Stamp of take 3: %v, want EINVALID", err)
	}
	// Stamped by hand, as another program might: refused when it arrives.
	b := videotest.Encode(t, videotest.Encoding{Seconds: 3, Mux: "webm-live", Audio: true})
	payload := []byte("longhand-video\n" + `{"take":3,"summary":"third time lucky"}`)
	third := append(bytes.Clone(b), append([]byte{0xec, 0x80 | byte(len(payload))}, payload...)...)
	v, err := probe(t, third)
	if err != nil {
		t.Fatalf("Probe: %v", err)
	}
	if err := v.Validate(); store.ErrorCode(err) != store.EINVALID || !strings.Contains(store.ErrorMessage(err), "take 3") {
		t.Errorf("Validate=%v, want EINVALID about take 3", err)
	}
}

func TestStampsNeedASummaryOfOneLine(t *testing.T) {
	for _, s := range []string{"", "   ", "two\nlines", strings.Repeat("x", store.MaxSummary+1), "bell\a"} {
		if _, err := video.Stamp("video/webm", store.VideoMeta{Take: 1, Summary: s}); store.ErrorCode(err) != store.EINVALID {
			t.Errorf("Stamp(summary %q)=%v, want EINVALID", s, err)
		}
	}
}

func TestWhatIsNotAVideoWeTakeIsRefused(t *testing.T) {
	webm := videotest.Encode(t, videotest.Encoding{Seconds: 2, Mux: "webm", Audio: true})
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"text", []byte("hello, this is not a video at all")},
		{"PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")},
		{"Matroska", videotest.Encode(t, videotest.Encoding{Seconds: 2, Mux: "webm", Matroska: true})},
		{"only the header", webm[:40]},
		{"an MP4 with no movie", []byte("\x00\x00\x00\x10ftypisom\x00\x00\x00\x00")},
		{"a box larger than the file", []byte("\x00\x00\x00\x10ftypisom\x00\x00\x00\x00\x7f\x00\x00\x00moov")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := probe(t, tt.data); store.ErrorCode(err) != store.EINVALID {
				t.Errorf("Probe=%v, want EINVALID", err)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	if got := video.Sniff(videotest.Encode(t, videotest.Encoding{Seconds: 2, Mux: "webm-live", Audio: true})); got != "video/webm" {
		t.Errorf("Sniff(WebM)=%q", got)
	}
	if got := video.Sniff(videotest.Encode(t, videotest.Encoding{Seconds: 2, Mux: "mp4", Audio: true})); got != "video/mp4" {
		t.Errorf("Sniff(MP4)=%q", got)
	}
	if got := video.Sniff([]byte("GIF89a")); got != "" {
		t.Errorf("Sniff(GIF)=%q", got)
	}
}

func FuzzProbe(f *testing.F) {
	for _, e := range []videotest.Encoding{{Seconds: 1, Mux: "webm", Audio: true}, {Seconds: 1, Mux: "webm-live", Audio: true}, {Seconds: 1, Mux: "mp4", Audio: true}} {
		b := videotest.Encode(f, e)
		f.Add(b)
		stamp, err := video.Stamp(video.Sniff(b), store.VideoMeta{Take: 1, Summary: "hello"})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(append(bytes.Clone(b), stamp...))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := video.Probe(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			if store.ErrorCode(err) != store.EINVALID {
				t.Fatalf("Probe error %v is not EINVALID", err)
			}
			return
		}
		if v.Length < 0 {
			t.Fatalf("Length=%v", v.Length)
		}
		v.Validate()
	})
}
