package server_test

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/relay/server"
	"github.com/longhand/longhand/sync/seal"
)

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// cluster starts a three-node JetStream cluster on loopback.
func cluster(t *testing.T) []*natsserver.Server {
	t.Helper()
	dir := t.TempDir()
	var routes []*url.URL
	cports := []int{freePort(t), freePort(t), freePort(t)}
	for _, p := range cports {
		routes = append(routes, &url.URL{Scheme: "nats", Host: fmt.Sprintf("127.0.0.1:%d", p)})
	}
	var nodes []*natsserver.Server
	for i := range 3 {
		opts := &natsserver.Options{ServerName: fmt.Sprintf("n%d", i+1), Host: "127.0.0.1", Port: -1,
			JetStream: true, StoreDir: filepath.Join(dir, fmt.Sprint(i)), MaxPayload: 8 << 20, NoSigs: true, NoLog: true,
			Cluster: natsserver.ClusterOpts{Name: "longhand", Host: "127.0.0.1", Port: cports[i]}, Routes: routes}
		ns, err := natsserver.NewServer(opts)
		if err != nil {
			t.Fatal(err)
		}
		ns.Start()
		nodes = append(nodes, ns)
		t.Cleanup(ns.Shutdown)
	}
	for _, ns := range nodes {
		if !ns.ReadyForConnections(30 * time.Second) {
			t.Fatal("a NATS node did not start")
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		leader := false
		for _, ns := range nodes {
			leader = leader || ns.JetStreamIsLeader()
		}
		if leader {
			break
		}
		if time.Now().After(deadline) {
			for _, ns := range nodes {
				t.Logf("%s: routes %d, clustered %v", ns.Name(), ns.NumRoutes(), ns.JetStreamIsClustered())
			}
			t.Fatal("the cluster elected no JetStream leader")
		}
		time.Sleep(50 * time.Millisecond)
	}
	return nodes
}

// A relay on a three-node cluster with streams replicated three times
// loses nothing when a node dies in the middle of publishing.
func TestClusterNodeKilledLosesNothing(t *testing.T) {
	nodes := cluster(t)
	var urls []string
	for _, ns := range nodes {
		urls = append(urls, ns.ClientURL())
	}
	r := relaytest.Start(t, server.Config{NATSURL: strings.Join(urls, ","), Replicas: 3, Logf: t.Logf})
	tm := relaytest.NewTeam(t)
	bob := tm.AddMember(t, membership.RoleMember)
	doc := store.NewDocID()
	const n = 60
	a := dial(t, r, tm, tm.Admin)
	acked := map[string]bool{}
	for i := range n {
		if i == n/2 {
			// Kill the node the relay is connected to, or any one.
			nodes[0].Shutdown()
		}
		text := fmt.Sprintf("envelope %d", i)
		env := envelope(t, tm.Key, tm.Admin, doc, text)
		// A publish in flight when the node dies may fail: the device
		// retries it, as the app does; a duplicate is harmless.
		for try := 0; ; try++ {
			_, err := a.Publish(ctx(t), env)
			if err == nil {
				acked[text] = true
				break
			}
			if try == 100 || code(err) != relay.CodeInternal {
				t.Fatalf("publish %d: %v", i, err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	b := dial(t, r, tm, bob)
	b.Subscribe(0)
	envs, _ := collect(t, b)
	got := map[string]bool{}
	for _, env := range envs {
		_, c, err := seal.Open(seal.Ring{tm.Key.ID: tm.Key}, env)
		if err != nil {
			t.Fatal(err)
		}
		got[string(c.Data[0])] = true
	}
	for text := range acked {
		if !got[text] {
			t.Errorf("%q was acknowledged and then lost", text)
		}
	}
	if len(acked) != n {
		t.Errorf("%d of %d envelopes acknowledged", len(acked), n)
	}
}
