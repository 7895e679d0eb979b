package transport

import (
	"sync"
	"time"

	"github.com/longhand/longhand/sync/wire"
)

// limiter meters what a peer sends with two token buckets. Bytes over the
// byte rate are slowed down: the reader waits, and TCP makes the sender
// wait too, so a large first sync goes through at the rate instead of
// failing. Frames over the frame rate end the connection: the engine
// batches, so a flood of small frames comes from a broken or hostile
// device, and each frame costs work however small it is.
type limiter struct {
	mu     sync.Mutex
	now    func() time.Time
	last   time.Time
	bytes  bucket
	frames bucket
	count  frameCounter
}

type bucket struct{ rate, burst, tokens float64 }

func (b *bucket) refill(d time.Duration) { b.tokens = min(b.burst, b.tokens+d.Seconds()*b.rate) }

func newLimiter(rate, burst, frameRate, frameBurst int, now func() time.Time) *limiter {
	return &limiter{now: now, last: now(),
		bytes:  bucket{float64(rate), float64(burst), float64(burst)},
		frames: bucket{float64(frameRate), float64(frameBurst), float64(frameBurst)}}
}

// errFrameRate is what take returns for a frame flood.
type frameRateError struct{}

func (frameRateError) Error() string { return "frame rate exceeded" }

// take charges b, just read from the peer, and says how long to wait
// before reading more. A rate of zero or less is no limit.
func (l *limiter) take(b []byte) (time.Duration, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	frames, err := l.count.feed(b)
	if err != nil {
		return 0, err
	}
	t := l.now()
	if d := t.Sub(l.last); d > 0 {
		l.bytes.refill(d)
		l.frames.refill(d)
	}
	l.last = t
	if l.frames.rate > 0 {
		if l.frames.tokens -= float64(frames); l.frames.tokens < 0 {
			return 0, frameRateError{}
		}
	}
	if l.bytes.rate > 0 {
		if l.bytes.tokens -= float64(len(b)); l.bytes.tokens < 0 {
			return time.Duration(-l.bytes.tokens / l.bytes.rate * float64(time.Second)), nil
		}
	}
	return 0, nil
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
