package sqlite_test

import (
	"context"
	"testing"

	"github.com/longhand/longhand/store"
)

func TestRelayStateSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	ws := store.NewDocID()
	if err := db.AddRelay(ctx, "http://relay.example.com", ws); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("AddRelay(http://) = %v, want EINVALID", err)
	}
	url := "wss://relay.example.com/v1"
	if err := db.AddRelay(ctx, url, ws); err != nil {
		t.Fatal(err)
	}
	if err := db.AddRelay(ctx, url, ws); err != nil {
		t.Fatalf("adding a relay twice: %v", err)
	}
	doc := store.NewDocID()
	if err := db.SetRelayPosition(ctx, url, ws, 42); err != nil {
		t.Fatal(err)
	}
	// A replayed, older position does not move it back.
	if err := db.SetRelayPosition(ctx, url, ws, 7); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPublishedHeads(ctx, url, ws, doc, "aa,bb"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetRelayStatus(ctx, url, false, "The relay cannot be reached."); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = mustOpen(t, path)
	defer db.Close()
	pos, err := db.RelayPosition(ctx, url, ws)
	if err != nil || pos != 42 {
		t.Errorf("RelayPosition = %d, %v; want 42", pos, err)
	}
	heads, err := db.PublishedHeads(ctx, url, ws)
	if err != nil || heads[doc] != "aa,bb" {
		t.Errorf("PublishedHeads = %v, %v", heads, err)
	}
	rs, err := db.FindRelays(ctx)
	if err != nil || len(rs) != 1 || rs[0].LastError != "The relay cannot be reached." || rs[0].Position != 42 {
		t.Errorf("FindRelays = %+v, %v", rs, err)
	}
	if _, err := db.RelayPosition(ctx, "wss://other/v1", ws); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("RelayPosition of an unknown relay: %v", err)
	}
	if err := db.SetRelayIncarnation(ctx, url, ws, 1<<62); err != nil {
		t.Fatal(err)
	}
	if inc, err := db.RelayIncarnation(ctx, url, ws); err != nil || inc != 1<<62 {
		t.Errorf("RelayIncarnation = %d, %v", inc, err)
	}
	if err := db.ResetRelay(ctx, url, ws); err != nil {
		t.Fatal(err)
	}
	if pos, _ := db.RelayPosition(ctx, url, ws); pos != 0 {
		t.Errorf("after ResetRelay the position is %d", pos)
	}
	if heads, _ := db.PublishedHeads(ctx, url, ws); len(heads) != 0 {
		t.Errorf("after ResetRelay the published heads are %v", heads)
	}
	if err := db.AddRelayKey(ctx, [32]byte{1}, []byte("grant")); err != nil {
		t.Fatal(err)
	}
	if ks, err := db.FindRelayKeys(ctx); err != nil || len(ks) != 1 || string(ks[0]) != "grant" {
		t.Errorf("FindRelayKeys = %q, %v", ks, err)
	}
	if err := db.RemoveRelay(ctx, url); err != nil {
		t.Fatal(err)
	}
	if rs, _ := db.FindRelays(ctx); len(rs) != 0 {
		t.Errorf("after RemoveRelay: %+v", rs)
	}
}
