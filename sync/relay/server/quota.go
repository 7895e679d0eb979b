package server

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
)

// Quotas and rate limits hold for a device across every relay process on
// the same NATS: both live in JetStream key-value buckets and change only
// by compare-and-swap, so two processes never both spend the same bytes
// or the same tokens.
//
// Stored bytes are one key per device in LH_USAGE, updated at every
// envelope stored or compacted away.
//
// The rate limit is a token bucket per device in LH_RATE (tokens and the
// time they were counted at). A process takes up to chunk tokens at once
// and spends them locally, so that a device sending fast costs the bucket
// one update per chunk of requests rather than one per request; what the
// processes take together never exceeds what the bucket holds. (Dividing
// a per-process limit by the number of live relays would need no bucket,
// but would cut every device's rate by that number although almost every
// device talks to one relay at a time.) Each process's clock counts the
// refill, and the counted time never goes back, so clocks that differ by
// d let a device through at most Rate × d more.

// usage is one device's share of the relay as this process last saw it.
type usage struct {
	mu sync.Mutex
	// bytes and rev are the device's LH_USAGE value and its revision as
	// last read or written here (rev 0: the key did not exist); the usual
	// update is then one compare-and-swap, and a stale one is read again.
	bytes int64
	rev   uint64
	known bool
	// lease is how many requests this process may still let through
	// without the bucket; emptyUntil is when the bucket, empty at the last
	// look, holds a token again.
	lease      int
	emptyUntil time.Time
}

// usageOf returns the device's usage record. w.mu is held.
func (w *workspace) usageOf(d membership.DeviceID) *usage {
	u := w.usage[d]
	if u == nil {
		u = &usage{}
		w.usage[d] = u
	}
	return u
}

func usageKey(ws store.DocID, d membership.DeviceID) string {
	return string(ws) + "." + hex.EncodeToString(d[:16])
}

type quotaError struct{ msg string }

func (e *quotaError) Error() string { return e.msg }

const casTries = 100

// fetch reads the device's stored bytes. u.mu is held.
func (s *Server) fetch(ctx context.Context, key string, u *usage) error {
	e, err := s.usage.Get(ctx, key)
	switch {
	case errors.Is(err, jetstream.ErrKeyNotFound):
		u.bytes, u.rev = 0, 0
	case err != nil:
		return fmt.Errorf("read usage: %w", err)
	default:
		u.bytes, u.rev = 0, e.Revision()
		if v := e.Value(); len(v) == 8 {
			u.bytes = int64(binary.BigEndian.Uint64(v))
		}
	}
	u.known = true
	return nil
}

// used returns the bytes the device stores, as every relay counts them.
func (s *Server) used(ctx context.Context, key string, u *usage) (int64, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if err := s.fetch(ctx, key, u); err != nil {
		return 0, err
	}
	return u.bytes, nil
}

// addUsage adds delta to the bytes the device stores. With limit > 0 an
// increase past it is refused with a quotaError, decided on the value
// just read from the bucket, never on a stale one.
func (s *Server) addUsage(ctx context.Context, key string, u *usage, delta, limit int64) (int64, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	fresh := false
	for range casTries {
		if !u.known {
			if err := s.fetch(ctx, key, u); err != nil {
				return 0, err
			}
			fresh = true
		}
		next := max(0, u.bytes+delta)
		if delta > 0 && limit > 0 && next > limit {
			if !fresh {
				u.known = false // another process may have freed some
				continue
			}
			return u.bytes, &quotaError{fmt.Sprintf("This device has used its %d MiB on the relay; compact documents or ask the relay's operator for more.", limit>>20)}
		}
		val := binary.BigEndian.AppendUint64(nil, uint64(next))
		var rev uint64
		var err error
		if u.rev == 0 {
			rev, err = s.usage.Create(ctx, key, val)
		} else {
			rev, err = s.usage.Update(ctx, key, val, u.rev)
		}
		if err == nil {
			u.bytes, u.rev = next, rev
			return next, nil
		}
		u.known, fresh = false, false
		if !errors.Is(err, jetstream.ErrKeyExists) && !errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
			return 0, fmt.Errorf("record usage: %w", err)
		}
	}
	return 0, errors.New("record usage: the bucket kept changing")
}

// giveBack returns bytes to a device after a store that did not happen;
// it logs rather than fails, since the request has failed already.
func (s *Server) giveBack(key string, u *usage, n int64) {
	ctx, cancel := context.WithTimeout(context.Background(), natsTimeout)
	defer cancel()
	if _, err := s.addUsage(ctx, key, u, -n, 0); err != nil {
		s.logf("relay: give back %d bytes to %s: %v", n, key, err)
	}
}

// allow takes a token from the device's bucket: false when it is empty.
func (s *Server) allow(ctx context.Context, key string, u *usage) (bool, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.lease > 0 {
		u.lease--
		return true, nil
	}
	now := time.Now()
	if now.Before(u.emptyUntil) {
		return false, nil
	}
	burst := float64(s.cfg.Burst)
	for range casTries {
		tokens, at, rev := burst, now, uint64(0)
		e, err := s.rate.Get(ctx, key)
		switch {
		case errors.Is(err, jetstream.ErrKeyNotFound):
		case err != nil:
			return false, fmt.Errorf("read rate bucket: %w", err)
		default:
			rev = e.Revision()
			if v := e.Value(); len(v) == 16 {
				tokens = math.Float64frombits(binary.BigEndian.Uint64(v))
				at = time.Unix(0, int64(binary.BigEndian.Uint64(v[8:])))
			}
		}
		if now.After(at) {
			tokens = min(burst, tokens+s.cfg.Rate*now.Sub(at).Seconds())
			at = now
		}
		if tokens < 1 {
			wait := time.Duration((1 - tokens) / s.cfg.Rate * float64(time.Second))
			u.emptyUntil = now.Add(min(wait, time.Minute))
			return false, nil
		}
		take := min(float64(s.chunk), math.Floor(tokens))
		val := binary.BigEndian.AppendUint64(nil, math.Float64bits(tokens-take))
		val = binary.BigEndian.AppendUint64(val, uint64(at.UnixNano()))
		if rev == 0 {
			_, err = s.rate.Create(ctx, key, val)
		} else {
			_, err = s.rate.Update(ctx, key, val, rev)
		}
		if err == nil {
			u.lease = int(take) - 1
			return true, nil
		}
		if !errors.Is(err, jetstream.ErrKeyExists) && !errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
			return false, fmt.Errorf("update rate bucket: %w", err)
		}
	}
	return false, errors.New("update rate bucket: it kept changing")
}
