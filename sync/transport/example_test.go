package transport_test

import (
	"context"
	"log"
	"net"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/crypto"
	"github.com/longhand/longhand/sync/discovery"
	"github.com/longhand/longhand/sync/transport"
)

// How the app wires a device: listen, announce, find peers, dial them.
// load returns the current membership; admit checks a join with
// crypto.AdmitJoin, stores the entry, and returns the whole log.
func Example() {
	var (
		id    *crypto.Identity
		ws    store.DocID
		load  func() (*membership.State, []*membership.Entry, error)
		admit func(context.Context, *crypto.JoinRequest) ([][]byte, error)
	)
	ctx := context.Background()
	cfg := transport.Config{Identity: id, Pin: transport.MemberPinner(load), Admit: admit}
	l, err := transport.Listen(":0", cfg) // or ":" + strconv.Itoa(discovery.DefaultPort)
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		for {
			c, err := l.Accept(ctx)
			if err != nil {
				return
			}
			_ = c // engine.Reconcile(c, set, false), then engine.SyncDocs(...)
		}
	}()
	if stop, err := discovery.Advertise(ctx, l.Addr().(*net.TCPAddr).Port, ws); err == nil {
		defer stop()
	}
	peers, _ := discovery.Browse(ctx, ws, 2*time.Second)
	for _, p := range peers {
		c, err := transport.Dial(ctx, p.Addr, cfg)
		if err != nil {
			log.Print(store.ErrorMessage(err)) // not a member, removed on ..., unreachable
			continue
		}
		_ = c // engine.Reconcile(c, set, true), then engine.SyncDocs(...)
	}
}
