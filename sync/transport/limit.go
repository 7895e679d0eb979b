package transport

import (
	"sync"
	"time"

	"github.com/longhand/longhand/sync/wire"
)

// limiter is a token bucket on what a peer sends: each byte costs one
// token and each frame frameCost more, so that a flood of empty frames is
// caught as surely as a flood of bytes. Tokens come back at rate per
// second up to burst. Going below zero is an error, not a wait: a device
// that sends that much is broken or hostile.
type limiter struct {
	mu        sync.Mutex
	rate      float64
	burst     float64
	frameCost float64
	now       func() time.Time
	tokens    float64
	last      time.Time
	frames    frameCounter
}

func newLimiter(rate, burst, frameCost int, now func() time.Time) *limiter {
	return &limiter{rate: float64(rate), burst: float64(burst), frameCost: float64(frameCost),
		now: now, tokens: float64(burst), last: now()}
}

// errRate and errFrame are what take returns; the Conn turns them into
// sentences naming the peer.
type limitError struct{ what string }

func (e *limitError) Error() string { return e.what }

// take charges b, just read from the peer.
func (l *limiter) take(b []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	frames, err := l.frames.feed(b)
	if err != nil {
		return err
	}
	t := l.now()
	if d := t.Sub(l.last); d > 0 {
		l.tokens = min(l.burst, l.tokens+d.Seconds()*l.rate)
	}
	l.last = t
	l.tokens -= float64(len(b)) + float64(frames)*l.frameCost
	if l.tokens < 0 {
		return &limitError{"rate"}
	}
	return nil
}

// frameCounter follows frame boundaries in a byte stream (a type byte, a
// uvarint length, the payload) to count frames and to refuse a frame over
// wire.MaxFrame as soon as its length is read.
type frameCounter struct {
	inLen     bool   // reading the length
	length    uint64 // of the frame being read
	shift     uint
	remaining uint64 // payload bytes still to come
}

func (f *frameCounter) feed(b []byte) (frames int, err error) {
	for len(b) > 0 {
		switch {
		case f.remaining > 0:
			k := uint64(len(b))
			if k > f.remaining {
				k = f.remaining
			}
			b, f.remaining = b[k:], f.remaining-k
		case !f.inLen:
			b = b[1:]
			frames++
			f.inLen, f.length, f.shift = true, 0, 0
		default:
			c := b[0]
			b = b[1:]
			if f.shift > 28 {
				return frames, wire.ErrFrameTooLarge
			}
			f.length |= uint64(c&0x7f) << f.shift
			f.shift += 7
			if c < 0x80 {
				f.inLen = false
				if f.length > wire.MaxFrame {
					return frames, wire.ErrFrameTooLarge
				}
				f.remaining = f.length
			}
		}
	}
	return frames, nil
}
