package sqlite_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/longhand/longhand/store"
)

// A blob held whole and named by a page is offered to a relay until it is
// put there under the current key; a new key, a relay that lost its
// store, or another relay offers it again.
func TestBlobRelayOffersUntilPut(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	sess, err := db.FindSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ws := sess.Workspace.ID
	const url, other = "wss://relay.example.com/v1", "wss://other.example.com/v1"
	for _, u := range []string{url, other} {
		if err := db.AddRelay(ctx, u, ws); err != nil {
			t.Fatal(err)
		}
	}
	data := randomFile(7, store.ChunkSize+10)
	b, err := db.CreateBlob(ctx, "plan.pdf", bytes.NewReader(data), store.DefaultMaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateBlob(ctx, "loose.txt", bytes.NewReader([]byte("named by nothing")), store.DefaultMaxFileSize); err != nil {
		t.Fatal(err)
	}
	key, next := [32]byte{1}, [32]byte{2}
	offers := func(u string, k [32]byte) []store.BlobManifest {
		t.Helper()
		ms, err := db.BlobsToOffer(ctx, u, k, 10)
		if err != nil {
			t.Fatal(err)
		}
		return ms
	}
	if ms := offers(url, key); len(ms) != 0 {
		t.Fatalf("offered %d blobs no document names", len(ms))
	}
	pageNaming(t, db, b.Hash)
	ms := offers(url, key)
	if len(ms) != 1 || ms[0].Hash != b.Hash || ms[0].Size != b.Size || len(ms[0].Chunks) != 2 || ms[0].Name != "plan.pdf" {
		t.Fatalf("offered %+v, want the manifest of %s only", ms, b.Hash[:12])
	}
	if err := db.SetBlobOffered(ctx, url, key, b.Hash); err != nil {
		t.Fatal(err)
	}
	if ms := offers(url, key); len(ms) != 0 {
		t.Errorf("after it was put, still offered: %d", len(ms))
	}
	if len(offers(url, next)) != 1 || len(offers(other, key)) != 1 {
		t.Error("not offered under a new key, or to another relay")
	}
	if err := db.ResetRelay(ctx, url, ws); err != nil {
		t.Fatal(err)
	}
	if len(offers(url, key)) != 1 {
		t.Error("not offered again to a relay that lost its store")
	}
}
