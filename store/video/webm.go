package video

import (
	"encoding/binary"
	"errors"
	"math"
	"math/bits"
	"time"

	"github.com/longhand/longhand/store"
)

// EBML element IDs that Probe reads (Matroska's, which WebM uses).
const (
	idEBML          = 0x1a45dfa3
	idDocType       = 0x4282
	idSegment       = 0x18538067
	idInfo          = 0x1549a966
	idTimecodeScale = 0x2ad7b1
	idDuration      = 0x4489
	idTracks        = 0x1654ae6b
	idTrackEntry    = 0xae
	idTrackType     = 0x83
	idCodecID       = 0x86
	idCluster       = 0x1f43b675
	idTimecode      = 0xe7
	idSimpleBlock   = 0xa3
	idBlockGroup    = 0xa0
	idBlock         = 0xa1
	idBlockDuration = 0x9b
	idVoid          = 0xec
)

// clusterChildren are the elements a Cluster holds; any other ends a
// Cluster whose size is unknown, as MediaRecorder writes them.
var clusterChildren = map[uint32]bool{
	idTimecode: true, idSimpleBlock: true, idBlockGroup: true, idVoid: true,
	0xbf: true, 0xa7: true, 0xab: true, 0x5854: true, 0xaf: true, // CRC-32, Position, PrevSize, SilentTracks, EncryptedBlock
}

// unknownSize marks an element whose size is not written: it runs to the
// end of its parent, or until an element that cannot be its child.
const unknownSize = -1

// element is one EBML element's header.
type element struct {
	id   uint32
	off  int64 // where its payload starts
	size int64 // its payload's size, or unknownSize
}

func (e element) end(parent int64) int64 {
	if e.size == unknownSize || e.size > parent-e.off {
		return parent
	}
	return e.off + e.size
}

// readElement reads the header of the element at off.
func readElement(s *source, off int64) (element, error) {
	if err := s.visit(); err != nil {
		return element{}, err
	}
	b, err := s.read(off, min(12, int(s.size-min(off, s.size))))
	if err != nil || len(b) == 0 {
		return element{}, errTruncated
	}
	idLen := bits.LeadingZeros8(b[0]) + 1
	if idLen > 4 || len(b) < idLen+1 {
		return element{}, errors.New("an element ID is malformed")
	}
	var id uint32
	for _, c := range b[:idLen] {
		id = id<<8 | uint32(c)
	}
	sb := b[idLen:]
	sizeLen := bits.LeadingZeros8(sb[0]) + 1
	if sizeLen > 8 || len(sb) < sizeLen {
		return element{}, errors.New("an element size is malformed")
	}
	size := uint64(sb[0]) & (0xff >> sizeLen)
	allOnes := size == 0xff>>sizeLen
	for _, c := range sb[1:sizeLen] {
		size = size<<8 | uint64(c)
		allOnes = allOnes && c == 0xff
	}
	e := element{id: id, off: off + int64(idLen+sizeLen), size: int64(size)}
	if allOnes {
		e.size = unknownSize
	} else if size > math.MaxInt64/2 {
		return element{}, errors.New("an element size is too large")
	}
	return e, nil
}

// readUint reads an unsigned integer element's payload.
func readUint(s *source, e element) (uint64, error) {
	if e.size < 0 || e.size > 8 {
		return 0, errors.New("a number is malformed")
	}
	b, err := s.read(e.off, int(e.size))
	if err != nil {
		return 0, err
	}
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v, nil
}

// webm is what probeWebM gathers as it walks.
type webm struct {
	scale    uint64  // nanoseconds per timecode unit
	duration float64 // Info's Duration, in timecode units; -1 when absent
	last     float64 // the latest block's time, in timecode units
	blocks   int
	tracks   int
	v        store.Video
}

// probeWebM walks a WebM file: its EBML header, its Segment's Info and
// Tracks, and every block of every Cluster, since a file MediaRecorder
// wrote has no Duration and the last block is how long it is; and a
// Duration that says less than the blocks is not believed.
func probeWebM(s *source) (*store.Video, error) {
	w := &webm{scale: 1_000_000, duration: -1, v: store.Video{Mime: "video/webm"}}
	head, err := readElement(s, 0)
	if err != nil || head.size == unknownSize {
		return nil, malformed("its header is malformed")
	}
	if err := w.header(s, head); err != nil {
		return nil, err
	}
	segments := 0
	for off := head.end(s.size); off < s.size; {
		e, err := readElement(s, off)
		if err != nil {
			return nil, malformed("it has a malformed part after its header")
		}
		switch e.id {
		case idSegment:
			if segments++; segments > 1 {
				return nil, malformed("it holds two videos")
			}
			if err := w.segment(s, e.off, e.end(s.size)); err != nil {
				return nil, err
			}
		case idVoid:
			m, err := readStamp(s, e.off, e.end(s.size)-e.off)
			if err != nil {
				return nil, err
			}
			if err := setStamp(&w.v, m); err != nil {
				return nil, err
			}
		}
		off = e.end(s.size)
	}
	if segments == 0 {
		return nil, malformed("it holds no video")
	}
	return w.finish()
}

func (w *webm) header(s *source, head element) error {
	end := head.end(s.size)
	for off := head.off; off < end; {
		e, err := readElement(s, off)
		if err != nil || e.size == unknownSize {
			return malformed("its header is malformed")
		}
		if e.id == idDocType {
			b, err := s.read(e.off, int(min(e.size, 16)))
			if err != nil {
				return malformed("its header is cut off")
			}
			if string(trimNUL(b)) != "webm" {
				return store.Errorf(store.EINVALID, "This is a Matroska file, not WebM; Longhand plays WebM (VP8 or VP9 with Opus) or MP4.")
			}
			return nil
		}
		off = e.end(end)
	}
	return malformed("its header does not say it is WebM")
}

func trimNUL(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == 0 {
		b = b[:len(b)-1]
	}
	return b
}

// segment walks the Segment's children from off to end.
func (w *webm) segment(s *source, off, end int64) error {
	for off < end {
		e, err := readElement(s, off)
		if errors.Is(err, errTruncated) {
			// A recording cut short: what was written so far is the video.
			return nil
		}
		if err != nil {
			return malformed(err.Error())
		}
		next := e.end(end)
		switch e.id {
		case idInfo:
			err = w.info(s, e.off, next)
		case idTracks:
			err = w.trackList(s, e.off, next)
		case idCluster:
			next, err = w.cluster(s, e, end)
		case idVoid:
			var m *store.VideoMeta
			if m, err = readStamp(s, e.off, next-e.off); err == nil {
				err = setStamp(&w.v, m)
			}
		default:
			if e.size == unknownSize {
				return malformed("a part of it has no size")
			}
		}
		if err != nil {
			return err
		}
		off = next
	}
	return nil
}

func (w *webm) info(s *source, off, end int64) error {
	for off < end {
		e, err := readElement(s, off)
		if err != nil || e.size == unknownSize {
			return malformed("its Info is malformed")
		}
		switch e.id {
		case idTimecodeScale:
			v, err := readUint(s, e)
			if err != nil || v == 0 || v > uint64(time.Hour) {
				return malformed("its time scale is not a time scale")
			}
			w.scale = v
		case idDuration:
			b, err := s.read(e.off, int(min(max(e.size, 0), 9)))
			var d float64
			switch {
			case err == nil && len(b) == 4:
				d = float64(math.Float32frombits(binary.BigEndian.Uint32(b)))
			case err == nil && len(b) == 8:
				d = math.Float64frombits(binary.BigEndian.Uint64(b))
			default:
				return malformed("its Duration is malformed")
			}
			if math.IsNaN(d) || d < 0 {
				return malformed("its Duration is not a length")
			}
			w.duration = d
		}
		off = e.end(end)
	}
	return nil
}

func (w *webm) trackList(s *source, off, end int64) error {
	for off < end {
		e, err := readElement(s, off)
		if err != nil || e.size == unknownSize {
			return malformed("its track list is malformed")
		}
		if e.id == idTrackEntry {
			if err := w.track(s, e.off, e.end(end)); err != nil {
				return err
			}
		}
		off = e.end(end)
	}
	return nil
}

// track checks one track: VP8 or VP9 pictures, or Opus sound.
func (w *webm) track(s *source, off, end int64) error {
	var kind uint64
	var codec string
	for off < end {
		e, err := readElement(s, off)
		if err != nil || e.size == unknownSize {
			return malformed("a track is malformed")
		}
		switch e.id {
		case idTrackType:
			if kind, err = readUint(s, e); err != nil {
				return malformed("a track's type is malformed")
			}
		case idCodecID:
			b, err := s.read(e.off, int(min(e.size, 32)))
			if err != nil {
				return malformed("a track's codec is cut off")
			}
			codec = string(trimNUL(b))
		}
		off = e.end(end)
	}
	w.tracks++
	switch {
	case kind == 1 && (codec == "V_VP8" || codec == "V_VP9"):
		w.v.HasVideo = true
	case kind == 2 && codec == "A_OPUS":
	default:
		return store.Errorf(store.EINVALID, "This WebM video has a track in %q; Longhand plays VP8 or VP9 pictures with Opus sound.", store.AttachmentName(codec))
	}
	return nil
}

// cluster walks one Cluster's blocks, noting the latest, and returns
// where the Cluster ends: for one of unknown size, at the first element
// that is not a Cluster's child.
func (w *webm) cluster(s *source, c element, parent int64) (int64, error) {
	end := c.end(parent)
	var tc uint64
	off := c.off
	for off < end {
		e, err := readElement(s, off)
		if errors.Is(err, errTruncated) {
			return end, nil
		}
		if err != nil {
			return 0, malformed(err.Error())
		}
		if c.size == unknownSize && !clusterChildren[e.id] {
			return off, nil
		}
		if e.size == unknownSize {
			return 0, malformed("a block has no size")
		}
		next := e.end(end)
		switch e.id {
		case idTimecode:
			if tc, err = readUint(s, e); err != nil {
				return 0, malformed("a cluster's time is malformed")
			}
		case idSimpleBlock:
			w.block(s, tc, e.off, next, 0)
		case idBlockGroup:
			w.blockGroup(s, tc, e.off, next)
		case idVoid:
			m, err := readStamp(s, e.off, next-e.off)
			if err == nil {
				err = setStamp(&w.v, m)
			}
			if err != nil {
				return 0, err
			}
		}
		off = next
	}
	return end, nil
}

func (w *webm) blockGroup(s *source, tc uint64, off, end int64) {
	var blockOff, blockEnd int64 = -1, -1
	var dur uint64
	for off < end {
		e, err := readElement(s, off)
		if err != nil || e.size == unknownSize {
			return
		}
		switch e.id {
		case idBlock:
			blockOff, blockEnd = e.off, e.end(end)
		case idBlockDuration:
			dur, _ = readUint(s, e)
		}
		off = e.end(end)
	}
	if blockOff >= 0 {
		w.block(s, tc, blockOff, blockEnd, dur)
	}
}

// block notes a block's time: its cluster's plus its own offset, plus its
// duration when a BlockGroup gives one. A block too short to hold its
// header is a recording cut short and is passed over.
func (w *webm) block(s *source, tc uint64, off, end int64, dur uint64) {
	b, err := s.read(off, int(min(end-off, 11)))
	if err != nil || len(b) == 0 {
		return
	}
	n := bits.LeadingZeros8(b[0]) + 1 // the track number's length
	if n > 8 || len(b) < n+2 {
		return
	}
	rel := int16(binary.BigEndian.Uint16(b[n : n+2]))
	t := float64(tc) + float64(rel) + float64(min(dur, 1<<40))
	w.last = max(w.last, t)
	w.blocks++
}

func (w *webm) finish() (*store.Video, error) {
	if w.tracks == 0 || !w.v.HasVideo {
		return nil, store.Errorf(store.EINVALID, "This WebM file has no pictures; a video message needs a picture track in VP8 or VP9.")
	}
	if w.blocks == 0 && w.duration <= 0 {
		return nil, malformed("it holds no frames")
	}
	units := max(w.duration, w.last)
	length, ok := fromNanos(units * float64(w.scale))
	if !ok {
		return nil, malformed("it does not say how long it is")
	}
	w.v.Length = length
	return &w.v, nil
}
