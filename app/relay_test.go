package app

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/sync/crypto"
	"github.com/longhand/longhand/sync/engine"
	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/relay/server"
)

func newRelayDB(t *testing.T) (*sqlite.DB, *crypto.Identity) {
	t.Helper()
	dir := t.TempDir()
	id, err := crypto.LoadIdentity(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Signer = id
	if _, err := db.CreateWorkspace(t.Context(), "Acme Research", "Ada", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	return db, id
}

func TestRelaysAddListRemove(t *testing.T) {
	db, id := newRelayDB(t)
	s := NewRelays(t.Context(), db, nil, id, nil, nil, EmitterFunc(func(string, any) {}))
	if _, err := s.Add("http://relay.example.com"); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("Add(http://) = %v, want EINVALID", err)
	}
	v, err := s.Add("wss://relay.example.com/v1")
	if err != nil {
		t.Fatal(err)
	}
	// Without a store that can list documents for sync, the relay says so.
	if v.State != "unavailable" || v.LastError == "" || v.Queued != 0 {
		t.Errorf("Add = %+v, want unavailable with a reason", v)
	}
	list, err := s.List()
	if err != nil || len(list) != 1 || list[0].URL != "wss://relay.example.com/v1" {
		t.Fatalf("List = %+v, %v", list, err)
	}
	if err := s.Remove(v.URL); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.List(); len(list) != 0 {
		t.Errorf("after Remove: %+v", list)
	}
	broken := NewRelays(t.Context(), nil, store.Errorf(store.EUNAVAILABLE, "no data"), nil, nil, nil, nil)
	if _, err := broken.List(); store.ErrorCode(err) != store.EUNAVAILABLE {
		t.Errorf("List without data = %v", err)
	}
}

// noDocs is a store whose documents the relay cannot reach: they are
// listed but none opens, so they stay queued.
type noDocs struct{ list []engine.Doc }

func (noDocs) Open(context.Context, store.DocID) (*crdt.Doc, store.Kind, error) {
	return nil, "", store.Errorf(store.ENOTFOUND, "none")
}
func (noDocs) Adopt(context.Context, store.DocID, store.Kind, []byte) error { return nil }
func (noDocs) Changed(context.Context, store.DocID, *crdt.Doc) error        { return nil }
func (n noDocs) SyncList(context.Context) ([]engine.Doc, error)             { return n.list, nil }

// Adding a reachable relay connects to it and reports it reachable; the
// confirmed position and status are remembered.
func TestRelayReportsReachable(t *testing.T) {
	db, id := newRelayDB(t)
	r := relaytest.Start(t, server.Config{})
	var mu sync.Mutex
	got := make(chan RelayView, 16)
	s := NewRelays(t.Context(), db, nil, id, noDocs{}, nil, EmitterFunc(func(name string, p any) {
		mu.Lock()
		defer mu.Unlock()
		if name == EventRelayStatus {
			got <- p.(RelayView)
		}
	}))
	s.TLS = r.Dialer.TLS
	t.Cleanup(s.stopAll)
	if _, err := s.Add(r.URL); err != nil {
		t.Fatal(err)
	}
	select {
	case v := <-got:
		if v.State != "reachable" || v.LastError != "" || v.LastOKAt == "" {
			t.Errorf("status = %+v, want reachable", v)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("no status from the relay")
	}
}

// A document changed here and not yet confirmed by the relay counts as
// queued.
func TestRelayCountsQueuedDocuments(t *testing.T) {
	db, id := newRelayDB(t)
	ws, err := db.MembershipState(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	a, b := store.NewDocID(), store.NewDocID()
	docs := noDocs{list: []engine.Doc{{ID: a, Heads: "h1"}, {ID: b, Heads: "h2"}}}
	s := NewRelays(t.Context(), db, nil, id, docs, nil, EmitterFunc(func(string, any) {}))
	url := "wss://relay.example.com/v1"
	if err := db.AddRelay(t.Context(), url, ws.Workspace); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPublishedHeads(t.Context(), url, ws.Workspace, a, "h1"); err != nil {
		t.Fatal(err)
	}
	list, err := s.List()
	if err != nil || len(list) != 1 || list[0].Queued != 1 {
		t.Errorf("List = %+v, %v; want one document queued", list, err)
	}
}
