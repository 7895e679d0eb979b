package video

import (
	"encoding/binary"
	"errors"
	"time"

	"github.com/longhand/longhand/store"
)

// box is one MP4 box's header.
type box struct {
	typ string
	off int64 // where its payload starts
	end int64
}

// readBox reads the header of the box at off, inside a parent ending at
// end. A box of size 0 runs to its parent's end.
func readBox(s *source, off, end int64) (box, error) {
	if err := s.visit(); err != nil {
		return box{}, err
	}
	b, err := s.read(off, 8)
	if err != nil || off+8 > end {
		return box{}, errTruncated
	}
	size := int64(binary.BigEndian.Uint32(b))
	bx := box{typ: string(b[4:8]), off: off + 8}
	switch size {
	case 0:
		bx.end = end
	case 1:
		l, err := s.read(off+8, 8)
		if err != nil {
			return box{}, errTruncated
		}
		large := binary.BigEndian.Uint64(l)
		if large < 16 || large > uint64(end-off) {
			return box{}, errors.New("a box's size is wrong")
		}
		bx.off, bx.end = off+16, off+int64(large)
	default:
		if size < 8 || size > end-off {
			return box{}, errors.New("a box's size is wrong")
		}
		bx.end = off + size
	}
	return bx, nil
}

// mp4 is what probeMP4 gathers.
type mp4 struct {
	movie    time.Duration // mvhd's duration, or mehd's for a fragmented file
	tracks   time.Duration // the longest track's mdhd duration
	scale    uint32        // mvhd's time scale
	hasMovie bool
	v        store.Video
}

// probeMP4 reads an MP4 file's length from its movie header and its
// tracks' media headers (the longest of them: a movie header that says
// less than a track is not believed). A fragmented file whose movie
// header gives no length and which has no fragment duration (mehd) is
// refused: adding up every fragment is not done yet.
func probeMP4(s *source) (*store.Video, error) {
	m := &mp4{v: store.Video{Mime: "video/mp4"}}
	first := true
	for off := int64(0); off < s.size; {
		b, err := readBox(s, off, s.size)
		if err != nil {
			if errors.Is(err, errTruncated) && !first {
				break // a recording cut short
			}
			return nil, malformed("its boxes are malformed")
		}
		if first && b.typ != "ftyp" {
			return nil, notVideo()
		}
		first = false
		switch b.typ {
		case "moov":
			if m.hasMovie {
				return nil, malformed("it holds two movies")
			}
			m.hasMovie = true
			if err := m.moov(s, b); err != nil {
				return nil, err
			}
		case "free":
			meta, err := readStamp(s, b.off, b.end-b.off)
			if err == nil {
				err = setStamp(&m.v, meta)
			}
			if err != nil {
				return nil, err
			}
		}
		off = b.end
	}
	if !m.hasMovie {
		return nil, malformed("it has no movie header")
	}
	length := max(m.movie, m.tracks)
	if length <= 0 {
		return nil, store.Errorf(store.EINVALID, "This MP4 video does not say how long it is; Longhand reads the length from its movie header.")
	}
	m.v.Length = length
	return &m.v, nil
}

func (m *mp4) moov(s *source, parent box) error {
	for off := parent.off; off < parent.end; {
		b, err := readBox(s, off, parent.end)
		if err != nil {
			return malformed("its movie is malformed")
		}
		switch b.typ {
		case "mvhd":
			scale, d, err := fullHeader(s, b)
			if err != nil {
				return err
			}
			m.scale = scale
			m.movie = max(m.movie, d)
		case "mvex":
			if err := m.mvex(s, b); err != nil {
				return err
			}
		case "trak":
			if err := m.trak(s, b); err != nil {
				return err
			}
		}
		off = b.end
	}
	return nil
}

// errNoScale is a header with a time scale of zero: a movie's is
// malformed; a track's is an empty track, as muxers write one that never
// got a frame.
var errNoScale = store.Errorf(store.EINVALID, "This video is damaged: a header has no time scale.")

// fullHeader reads the time scale and duration of an mvhd or mdhd box,
// which lay them out alike. A duration of all ones means unknown: zero.
func fullHeader(s *source, b box) (uint32, time.Duration, error) {
	v, err := s.read(b.off, 1)
	if err != nil {
		return 0, 0, malformed("a header is cut off")
	}
	var scale uint32
	var units uint64
	var unknown bool
	switch v[0] {
	case 0:
		h, err := s.read(b.off+4, 16)
		if err != nil || b.off+20 > b.end {
			return 0, 0, malformed("a header is cut off")
		}
		scale, units = binary.BigEndian.Uint32(h[8:]), uint64(binary.BigEndian.Uint32(h[12:]))
		unknown = units == 0xffffffff
	case 1:
		h, err := s.read(b.off+4, 28)
		if err != nil || b.off+32 > b.end {
			return 0, 0, malformed("a header is cut off")
		}
		scale, units = binary.BigEndian.Uint32(h[16:]), binary.BigEndian.Uint64(h[20:])
		unknown = units == 1<<64-1
	default:
		return 0, 0, malformed("a header has an unknown version")
	}
	if scale == 0 {
		return 0, 0, errNoScale
	}
	if unknown {
		return scale, 0, nil
	}
	d, _ := fromNanos(float64(units) / float64(scale) * float64(time.Second))
	return scale, d, nil
}

// mvex reads a fragmented file's total length from mehd, in the movie's
// time scale (mvhd comes first in every file MediaRecorder writes).
func (m *mp4) mvex(s *source, parent box) error {
	for off := parent.off; off < parent.end; {
		b, err := readBox(s, off, parent.end)
		if err != nil {
			return malformed("its fragment list is malformed")
		}
		if b.typ == "mehd" && m.scale > 0 {
			v, err := s.read(b.off, 1)
			if err != nil {
				return malformed("its fragment duration is cut off")
			}
			var units uint64
			switch {
			case v[0] == 0 && b.end-b.off >= 8:
				h, err := s.read(b.off+4, 4)
				if err != nil {
					return malformed("its fragment duration is cut off")
				}
				units = uint64(binary.BigEndian.Uint32(h))
			case v[0] == 1 && b.end-b.off >= 12:
				h, err := s.read(b.off+4, 8)
				if err != nil {
					return malformed("its fragment duration is cut off")
				}
				units = binary.BigEndian.Uint64(h)
			default:
				return malformed("its fragment duration is malformed")
			}
			d, _ := fromNanos(float64(units) / float64(m.scale) * float64(time.Second))
			m.movie = max(m.movie, d)
		}
		off = b.end
	}
	return nil
}

// trak finds a track's media header (trak > mdia > mdhd) and its handler
// (mdia > hdlr): vide for pictures.
func (m *mp4) trak(s *source, parent box) error {
	for off := parent.off; off < parent.end; {
		b, err := readBox(s, off, parent.end)
		if err != nil {
			return malformed("a track is malformed")
		}
		if b.typ == "mdia" {
			for o := b.off; o < b.end; {
				c, err := readBox(s, o, b.end)
				if err != nil {
					return malformed("a track's media is malformed")
				}
				switch c.typ {
				case "mdhd":
					_, d, err := fullHeader(s, c)
					if err != nil && !errors.Is(err, errNoScale) {
						return err
					}
					m.tracks = max(m.tracks, d)
				case "hdlr":
					h, err := s.read(c.off+8, 4)
					if err == nil && c.off+12 <= c.end && string(h) == "vide" {
						m.v.HasVideo = true
					}
				}
				o = c.end
			}
		}
		off = b.end
	}
	return nil
}
