//go:build soak

package server_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/relay/server"
	"github.com/longhand/longhand/sync/seal"
)

// TestRelaySoak publishes for LONGHAND_RELAY_SOAK (10m by default) while
// readers come and go, each resuming from the last position it saw; at
// the end every reader holds every envelope the relay acknowledged. Run
// by make soak, not make test.
func TestRelaySoak(t *testing.T) {
	d := 10 * time.Minute
	if s := os.Getenv("LONGHAND_RELAY_SOAK"); s != "" {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			t.Fatal(err)
		}
	}
	r := relaytest.Start(t, server.Config{Logf: t.Logf})
	tm := relaytest.NewTeam(t)
	devs := append([]*relaytest.Device{tm.Admin}, tm.AddMembers(t, 15)...)
	ctx, cancel := context.WithTimeout(context.Background(), d+5*time.Minute)
	defer cancel()
	first, err := r.Dialer.Dial(ctx, r.URL, tm.WS, tm.Admin, tm.Raw())
	if err != nil {
		t.Fatal(err)
	}
	first.Close()

	var mu sync.Mutex
	acked := map[uint64]bool{}
	stop := time.Now().Add(d)
	var pubs sync.WaitGroup
	for i, dev := range devs[:8] {
		pubs.Add(1)
		go func() {
			defer pubs.Done()
			var c *relay.Client
			doc := store.NewDocID()
			for n := 0; time.Now().Before(stop); n++ {
				if c == nil {
					if c, err = r.Dialer.Dial(ctx, r.URL, tm.WS, dev, nil); err != nil {
						t.Errorf("publisher %d: %v", i, err)
						return
					}
				}
				env, _ := seal.Seal(tm.Key, dev, seal.KindChanges, 0, &seal.Content{Doc: doc, DocKind: store.KindPage,
					Data: [][]byte{[]byte(fmt.Sprintf("%d-%d", i, n))}})
				pos, err := c.Publish(ctx, env)
				if err != nil {
					c.Close()
					c = nil // reconnect and send it again
					continue
				}
				mu.Lock()
				acked[pos] = true
				mu.Unlock()
				if n%500 == 499 {
					c.Close() // publishers reconnect now and then too
					c = nil
				}
				time.Sleep(5 * time.Millisecond)
			}
			if c != nil {
				c.Close()
			}
		}()
	}
	// Readers connect for a while, disconnect, and resume from where they were.
	got := make([]map[uint64]bool, 8)
	var readers sync.WaitGroup
	for i, dev := range devs[8:] {
		got[i] = map[uint64]bool{}
		readers.Add(1)
		go func() {
			defer readers.Done()
			var last uint64
			for round := 0; ; round++ {
				done := time.Now().After(stop.Add(5 * time.Second))
				c, err := r.Dialer.Dial(ctx, r.URL, tm.WS, dev, nil)
				if err != nil {
					t.Errorf("reader %d: %v", i, err)
					return
				}
				c.Subscribe(last)
				window := time.After(time.Duration(2+round%5) * time.Second)
			read:
				for {
					select {
					case ev, ok := <-c.Events():
						if !ok {
							break read
						}
						if ev.Type == relay.TDeliver {
							got[i][ev.Position] = true
							last = max(last, ev.Position)
						}
						if ev.Type == relay.TCaughtUp && done {
							c.Close()
							return
						}
					case <-window:
						break read
					}
				}
				c.Close()
			}
		}()
	}
	pubs.Wait()
	readers.Wait()
	mu.Lock()
	defer mu.Unlock()
	for i, g := range got {
		lost := 0
		for pos := range acked {
			if !g[pos] {
				lost++
			}
		}
		if lost > 0 {
			t.Errorf("reader %d lacks %d of %d acknowledged envelopes", i, lost, len(acked))
		}
	}
	t.Logf("%d envelopes acknowledged over %v; every reader has them all", len(acked), d)
}
