package video

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"time"

	"github.com/longhand/longhand/store"
)

// MaxElements bounds how many container elements (EBML elements or MP4
// boxes) Probe visits: a three-minute recording has some 15,000 (a frame
// or an audio packet each), so a million is far above any video Longhand
// takes and far below what would keep a device busy.
const MaxElements = 1 << 20

// maxLength caps the lengths Probe computes, so that no arithmetic on
// numbers from a file overflows; anything this long is refused anyway.
const maxLength = 1000 * time.Hour

// stampMagic opens the payload of the element or box that carries
// Longhand's stamp: an EBML Void element in WebM, a free box in MP4, both
// of which every player skips.
var stampMagic = []byte("longhand-video\n")

// maxStamp bounds the stamp's payload.
const maxStamp = 4096

// Probe reads a video file of size bytes and returns what it is, how long
// it runs, and its stamp when Longhand recorded it. A file that is neither
// WebM nor MP4, is malformed, or does not say how long it is, is refused
// with EINVALID. It does not apply the rules; see store.Video.Validate.
func Probe(r io.ReaderAt, size int64) (*store.Video, error) {
	s := &source{r: r, size: size}
	head, err := s.read(0, 12)
	if err != nil {
		return nil, notVideo()
	}
	switch {
	case bytes.HasPrefix(head, []byte{0x1a, 0x45, 0xdf, 0xa3}):
		return probeWebM(s)
	case string(head[4:8]) == "ftyp":
		return probeMP4(s)
	}
	return nil, notVideo()
}

// Sniff says whether head, a file's first bytes, looks like a video Probe
// reads: "video/webm", "video/mp4" or "".
func Sniff(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte{0x1a, 0x45, 0xdf, 0xa3}) && bytes.Contains(head[:min(len(head), 64)], []byte("webm")):
		return "video/webm"
	case len(head) >= 8 && string(head[4:8]) == "ftyp":
		return "video/mp4"
	}
	return ""
}

func notVideo() error {
	return store.Errorf(store.EINVALID, "This file is not a video Longhand plays: a video is WebM (VP8 or VP9 with Opus) or MP4.")
}

func malformed(what string) error {
	return store.Errorf(store.EINVALID, "This video is damaged: %s.", what)
}

var errTruncated = errors.New("the file ends early")

// source reads a file through a window, so that walking thousands of
// small elements costs a few large reads.
type source struct {
	r      io.ReaderAt
	size   int64
	win    []byte
	winOff int64
	visits int
}

const window = 64 << 10

// read returns n bytes at off (n at most window), or errTruncated when the
// file ends first.
func (s *source) read(off int64, n int) ([]byte, error) {
	if off < 0 || n < 0 || n > window || off > s.size || int64(n) > s.size-off {
		return nil, errTruncated
	}
	if off >= s.winOff && off+int64(n) <= s.winOff+int64(len(s.win)) {
		return s.win[off-s.winOff : off-s.winOff+int64(n)], nil
	}
	want := int(min(int64(window), s.size-off))
	if cap(s.win) < window {
		s.win = make([]byte, window)
	}
	s.win = s.win[:want]
	got, err := s.r.ReadAt(s.win, off)
	if got < want {
		s.win = s.win[:0]
		if err == nil || errors.Is(err, io.EOF) {
			return nil, errTruncated
		}
		return nil, err
	}
	s.winOff = off
	return s.win[:n], nil
}

// visit counts one element, and refuses a file with too many.
func (s *source) visit() error {
	s.visits++
	if s.visits > MaxElements {
		return malformed("it has too many parts")
	}
	return nil
}

// readStamp decodes Longhand's stamp from an element's payload, or
// returns nil when the payload is not one.
func readStamp(s *source, off, n int64) (*store.VideoMeta, error) {
	if n < int64(len(stampMagic)) {
		return nil, nil
	}
	magic, err := s.read(off, len(stampMagic))
	if err != nil || !bytes.Equal(magic, stampMagic) {
		return nil, nil
	}
	if n > maxStamp {
		return nil, malformed("its Longhand stamp is too large")
	}
	b, err := s.read(off, int(n))
	if err != nil {
		return nil, malformed("its Longhand stamp is cut off")
	}
	var m store.VideoMeta
	d := json.NewDecoder(bytes.NewReader(b[len(stampMagic):]))
	d.DisallowUnknownFields()
	if err := d.Decode(&m); err != nil {
		return nil, malformed("its Longhand stamp cannot be read")
	}
	return &m, nil
}

// setStamp records a stamp found in a file, refusing a second one.
func setStamp(v *store.Video, m *store.VideoMeta) error {
	if m == nil {
		return nil
	}
	if v.Meta != nil {
		return malformed("it carries two Longhand stamps")
	}
	v.Meta = m
	return nil
}

// Stamp returns the bytes to append to a video of the given type to stamp
// it: an EBML Void element for WebM, a free box for MP4. Players skip
// both, so the stamped file plays as before.
func Stamp(mime string, m store.VideoMeta) ([]byte, error) {
	summary, err := store.CleanSummary(m.Summary)
	if err != nil {
		return nil, err
	}
	if err := store.ValidateTake(m.Take); err != nil {
		return nil, err
	}
	if m.Author != "" {
		if err := m.Author.Validate(); err != nil {
			return nil, err
		}
	}
	js, err := json.Marshal(store.VideoMeta{Take: m.Take, Summary: summary, Author: m.Author})
	if err != nil {
		return nil, err
	}
	payload := append(bytes.Clone(stampMagic), js...)
	switch mime {
	case "video/webm":
		// Void (0xEC) with an eight-byte size.
		out := []byte{0xec, 0x01, 0, 0, 0, 0, 0, 0, 0}
		n := uint64(len(payload))
		for i := 0; i < 7; i++ {
			out[8-i] = byte(n >> (8 * i))
		}
		return append(out, payload...), nil
	case "video/mp4":
		out := []byte{0, 0, 0, 0, 'f', 'r', 'e', 'e'}
		n := uint32(8 + len(payload))
		out[0], out[1], out[2], out[3] = byte(n>>24), byte(n>>16), byte(n>>8), byte(n)
		return append(out, payload...), nil
	}
	return nil, notVideo()
}

// fromNanos turns a float count of nanoseconds from a file into a
// duration, capped, and refuses what is not a length.
func fromNanos(ns float64) (time.Duration, bool) {
	if math.IsNaN(ns) || ns < 0 {
		return 0, false
	}
	if ns > float64(maxLength) || math.IsInf(ns, 1) {
		return maxLength, true
	}
	return time.Duration(ns), true
}
