package server

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/longhand/longhand/sync/relay"
)

// A feed is one JetStream consumer per workspace and relay process that
// delivers new envelopes to every session that has caught up: fan-out to
// a thousand devices costs one consumer, not a thousand. It keeps the
// latest envelopes so that a session registering after catching up gets
// what arrived in between.
type feed struct {
	mu    sync.Mutex
	live  map[*sub]uint64 // subscription → last position it was sent
	ring  []fed           // the latest envelopes, oldest first
	lost  bool            // the ring dropped envelopes since the feed began
	ready chan struct{}
	err   error
}

// sub is one subscription of a session: a session that subscribes again
// gets a new one, so the old one leaving never takes the new one out.
type sub struct{ c *session }

type fed struct {
	seq   uint64
	frame []byte
}

const (
	feedRing  = 8192 // envelopes the feed remembers
	outBuffer = 4096 // frames queued for one session before it counts as stuck
)

// startFeed returns the workspace's feed, starting it if needed, once its
// consumer is in place.
func (s *Server) startFeed(ctx context.Context, w *workspace) (*feed, error) {
	w.mu.Lock()
	f := w.feed
	if f == nil {
		f = &feed{live: map[*sub]uint64{}, ready: make(chan struct{})}
		w.feed = f
		go s.runFeed(w, f)
	}
	w.mu.Unlock()
	select {
	case <-f.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if f.err != nil {
		w.mu.Lock()
		if w.feed == f {
			w.feed = nil
		}
		w.mu.Unlock()
		return nil, f.err
	}
	return f, nil
}

func (s *Server) runFeed(w *workspace, f *feed) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-s.stop
		cancel()
	}()
	cons, err := w.stream.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{subject(w.id, "d", ">")}, DeliverPolicy: jetstream.DeliverNewPolicy})
	var it jetstream.MessagesContext
	if err == nil {
		it, err = cons.Messages()
	}
	f.err = err
	close(f.ready)
	if err != nil {
		return
	}
	go func() {
		<-ctx.Done()
		it.Stop()
	}()
	for {
		m, err := it.Next()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, jetstream.ErrMsgIteratorClosed) {
				return
			}
			time.Sleep(50 * time.Millisecond)
			continue
		}
		md, err := m.Metadata()
		if err != nil {
			continue
		}
		seq := md.Sequence.Stream
		b := relay.Positioned{Type: relay.TDeliver, Position: seq, Payload: m.Data()}.Frame().Encode()
		f.mu.Lock()
		f.ring = append(f.ring, fed{seq, b})
		if len(f.ring) > feedRing {
			f.ring = f.ring[len(f.ring)-feedRing:]
			f.lost = true
		}
		for sb, last := range f.live {
			if seq <= last {
				continue
			}
			if !sb.c.queue(b) {
				delete(f.live, sb)
				continue
			}
			f.live[sb] = seq
		}
		f.mu.Unlock()
	}
}

// join adds a session that has been sent everything up to last. It
// returns false when envelopes after last are no longer in the ring: the
// session must catch up from the stream again.
func (f *feed) join(sb *sub, last uint64) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.lost && len(f.ring) > 0 && f.ring[0].seq > last+1 {
		return false
	}
	for _, e := range f.ring {
		if e.seq > last {
			if !sb.c.queue(e.frame) {
				return true // the session is being closed
			}
			last = e.seq
		}
	}
	f.live[sb] = last
	return true
}

func (f *feed) leave(sb *sub) {
	f.mu.Lock()
	delete(f.live, sb)
	f.mu.Unlock()
}

// queue hands a frame to the session's writer; a session whose queue is
// full is too slow to keep up and is closed (it reconnects and catches up
// from its position).
func (c *session) queue(b []byte) bool {
	select {
	case c.out <- b:
		return true
	default:
		go c.refuse(0, relay.CodeInternal, "This device fell too far behind; connect again to catch up.")
		return false
	}
}

// writer sends queued frames until the connection ends.
func (c *session) writer() {
	for {
		select {
		case <-c.ctx.Done():
			return
		case b := <-c.out:
			c.wmu.Lock()
			c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
			err := c.ws.WriteMessage(websocket.BinaryMessage, b)
			c.wmu.Unlock()
			if err != nil {
				c.close()
				return
			}
		}
	}
}
