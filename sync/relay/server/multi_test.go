package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/relay/server"
)

// startNATS starts a JetStream server on 127.0.0.1 (port 0: any).
func startNATS(t *testing.T, port int) *natsserver.Server {
	t.Helper()
	if port == 0 {
		port = -1
	}
	ns, err := natsserver.NewServer(&natsserver.Options{ServerName: "n", Host: "127.0.0.1", Port: port,
		JetStream: true, StoreDir: t.TempDir(), MaxPayload: 8 << 20, NoSigs: true, NoLog: true})
	if err != nil {
		t.Fatal(err)
	}
	ns.Start()
	t.Cleanup(ns.Shutdown)
	if !ns.ReadyForConnections(30 * time.Second) {
		t.Fatal("NATS did not start")
	}
	return ns
}

// twoRelays starts two relay processes on one NATS.
func twoRelays(t *testing.T, cfg server.Config) (*relaytest.Relay, *relaytest.Relay) {
	cfg.NATSURL = startNATS(t, 0).ClientURL()
	return relaytest.Start(t, cfg), relaytest.Start(t, cfg)
}

// A member removed through one relay is disconnected from every other
// relay on the same NATS within seconds, and cannot publish there.
func TestRemovalThroughOneRelayClosesConnectionsOnAnother(t *testing.T) {
	r1, r2 := twoRelays(t, server.Config{})
	tm := relaytest.NewTeam(t)
	bob := tm.AddMember(t, membership.RoleMember)
	a := dial(t, r1, tm, tm.Admin)
	b := dial(t, r2, tm, bob)
	if _, err := b.Publish(ctx(t), envelope(t, tm.Key, bob, store.NewDocID(), "before")); err != nil {
		t.Fatal(err)
	}

	tm.RemoveMember(t, bob)
	start := time.Now()
	if err := a.PutLog(ctx(t), tm.Raw()); err != nil {
		t.Fatal(err)
	}
	select {
	case <-b.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the removed device's connection to the other relay stayed open for 5s")
	}
	t.Logf("closed on the other relay %v after the removal", time.Since(start))
	if code(b.Err()) != relay.CodeAuth {
		t.Errorf("the connection ended with %v, want an auth error", b.Err())
	}
	if _, err := r2.Dialer.Dial(ctx(t), r2.URL, tm.WS, bob, nil); code(err) != relay.CodeAuth {
		t.Errorf("the removed device connected to the other relay: %v", err)
	}
}

// A device connected to two relays stores its quota once, not twice.
func TestQuotaHoldsAcrossRelays(t *testing.T) {
	tm := relaytest.NewTeam(t)
	one := len(envelope(t, tm.Key, tm.Admin, store.NewDocID(), "x"))
	r1, r2 := twoRelays(t, server.Config{DeviceQuota: int64(3 * one)})
	cs := []*relay.Client{dial(t, r1, tm, tm.Admin), dial(t, r2, tm, tm.Admin)}
	stored := 0
	for i := range 6 {
		_, err := cs[i%2].Publish(ctx(t), envelope(t, tm.Key, tm.Admin, store.NewDocID(), "x"))
		switch {
		case err == nil:
			stored++
		case code(err) != relay.CodeQuota:
			t.Fatal(err)
		}
	}
	if stored != 3 {
		t.Errorf("a device on two relays stored %d envelopes, want 3 (its quota)", stored)
	}
	// Both relays tell the device what it uses.
	for _, r := range []*relaytest.Relay{r1, r2} {
		c := dial(t, r, tm, tm.Admin)
		if c.Welcome.Used != int64(3*one) {
			t.Errorf("Used = %d, want %d", c.Welcome.Used, 3*one)
		}
	}
}

// A device's rate limit is one bucket, whichever relays it sends through.
func TestRateLimitHoldsAcrossRelays(t *testing.T) {
	r1, r2 := twoRelays(t, server.Config{Rate: 0.001, Burst: 2})
	tm := relaytest.NewTeam(t)
	cs := []*relay.Client{dial(t, r1, tm, tm.Admin), dial(t, r2, tm, tm.Admin)}
	allowed := 0
	for i := range 6 {
		_, err := cs[i%2].Publish(ctx(t), envelope(t, tm.Key, tm.Admin, store.NewDocID(), "x"))
		switch {
		case err == nil:
			allowed++
		case code(err) != relay.CodeQuota:
			t.Fatal(err)
		}
	}
	if allowed != 2 {
		t.Errorf("%d of 6 fast publishes through two relays went through, want 2 (the burst)", allowed)
	}
}

// A relay started before its NATS retries with backoff, saying so, and
// serves once NATS is up.
func TestRelayWaitsForNATS(t *testing.T) {
	port := freePort(t)
	var l logs
	type result struct {
		s   *server.Server
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := server.New(server.Config{NATSURL: fmt.Sprintf("nats://127.0.0.1:%d", port), StartTimeout: time.Minute,
			AdmissionSecret: relaytest.Secret, Logf: l.Logf})
		done <- result{s, err}
	}()
	select {
	case r := <-done:
		t.Fatalf("New returned before NATS was up: %v", r.err)
	case <-time.After(1500 * time.Millisecond):
	}
	if !l.has("not reachable yet") {
		t.Errorf("the relay did not log that it is waiting for NATS: %q", l.lines)
	}
	startNATS(t, port)
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatalf("New after NATS came up: %v", r.err)
		}
		r.s.Close()
	case <-time.After(30 * time.Second):
		t.Fatal("the relay did not connect once NATS was up")
	}

	// A relay whose NATS never comes gives up, saying why.
	s, err := server.New(server.Config{NATSURL: fmt.Sprintf("nats://127.0.0.1:%d", freePort(t)), StartTimeout: time.Second})
	if err == nil {
		s.Close()
		t.Fatal("New succeeded without NATS")
	}
	if !strings.Contains(err.Error(), "did not answer within 1s") {
		t.Errorf("New without NATS: %v", err)
	}
}
