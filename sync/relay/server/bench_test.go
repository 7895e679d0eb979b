package server_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/relay/server"
	"github.com/longhand/longhand/sync/seal"
)

// fanout connects n devices of one workspace to a relay, all subscribed,
// then has publishers send envelopes; it reports the latency from a
// publish to each delivery (p50, p99) and deliveries per second.
func fanout(b *testing.B, n, publishers, perPublisher int, gap time.Duration) {
	tm := relaytest.NewTeam(b)
	devs := tm.AddMembers(b, n-1)
	devs = append([]*relaytest.Device{tm.Admin}, devs...)
	r := relaytest.Start(b, server.Config{Rate: 1e6, Burst: 1e6, Logf: b.Logf})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	// The first device hands over the log; the rest find it there.
	first, err := r.Dialer.Dial(ctx, r.URL, tm.WS, devs[0], tm.Raw())
	if err != nil {
		b.Fatal(err)
	}
	clients := []*relay.Client{first}
	for _, d := range devs[1:] {
		c, err := r.Dialer.Dial(ctx, r.URL, tm.WS, d, nil)
		if err != nil {
			b.Fatal(err)
		}
		clients = append(clients, c)
	}
	defer func() {
		for _, c := range clients {
			c.Close()
		}
	}()
	total := publishers * perPublisher
	var mu sync.Mutex
	sent := map[uint64]time.Time{}
	var lat []time.Duration
	var wg sync.WaitGroup
	ready := make(chan struct{}, len(clients))
	for _, c := range clients {
		c.Subscribe(0)
		wg.Add(1)
		go func(c *relay.Client) {
			defer wg.Done()
			got := 0
			for ev := range c.Events() {
				switch ev.Type {
				case relay.TCaughtUp:
					ready <- struct{}{}
				case relay.TDeliver:
					now := time.Now()
					mu.Lock()
					t0, ok := sent[ev.Position]
					if ok {
						lat = append(lat, now.Sub(t0))
					} else {
						// Delivered before the publisher's ack came back.
						sent[ev.Position] = now
						lat = append(lat, -1)
					}
					mu.Unlock()
					if got++; got == total {
						return
					}
				case relay.TError:
					return
				}
			}
		}(c)
	}
	for range clients {
		<-ready
	}
	doc := store.NewDocID()
	start := time.Now()
	var pw sync.WaitGroup
	for p := range publishers {
		pw.Add(1)
		go func(c *relay.Client, d *relaytest.Device) {
			defer pw.Done()
			for i := range perPublisher {
				env, _ := seal.Seal(tm.Key, d, seal.KindChanges, 0, &seal.Content{Doc: doc, DocKind: store.KindPage,
					Data: [][]byte{[]byte(fmt.Sprintf("keystroke %d", i))}})
				t0 := time.Now()
				pos, err := c.Publish(ctx, env)
				if err != nil {
					b.Error(err)
					return
				}
				mu.Lock()
				if early, ok := sent[pos]; ok {
					// Some deliveries beat the ack: their latency is from t0.
					fix := early.Sub(t0)
					for i := range lat {
						if lat[i] == -1 {
							lat[i] = fix
						}
					}
				}
				sent[pos] = t0
				mu.Unlock()
				if gap > 0 {
					time.Sleep(gap)
				}
			}
		}(clients[p%len(clients)], devs[p%len(devs)])
	}
	pw.Wait()
	wg.Wait()
	elapsed := time.Since(start)
	lat = slices.DeleteFunc(lat, func(d time.Duration) bool { return d < 0 })
	slices.Sort(lat)
	if len(lat) == 0 {
		b.Fatal("no deliveries")
	}
	p := func(q float64) time.Duration { return lat[int(q*float64(len(lat)-1))] }
	b.ReportMetric(float64(p(0.50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p(0.99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "deliveries/s")
	b.ReportMetric(float64(total)/elapsed.Seconds(), "publishes/s")
}

// BenchmarkFanout1000 is 1,000 devices on loopback: one publishes, every
// device receives.
func BenchmarkFanout1000(b *testing.B) {
	for b.Loop() {
		fanout(b, 1000, 1, 100, 100*time.Millisecond)
	}
}

// BenchmarkTypists100 is 100 people typing into one document at once: each
// sends a keystroke envelope every 100 ms and all of them receive all.
func BenchmarkTypists100(b *testing.B) {
	for b.Loop() {
		fanout(b, 100, 100, 20, 100*time.Millisecond)
	}
}
