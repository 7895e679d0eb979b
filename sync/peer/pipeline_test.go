package peer_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/sync/peer"
)

// serveTo runs one session in which sender, a's store as the peer sees
// it, answers receiver, b's; it returns the receiver's result and error,
// failing the test if the session does not end.
func serveTo(t *testing.T, receiver peer.Store, sender peer.Store) (*peer.Result, error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		peer.RunWith(context.Background(), c, sender, checker, false, peer.Options{})
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	type out struct {
		r   *peer.Result
		err error
	}
	done := make(chan out, 1)
	go func() {
		r, err := peer.RunWith(context.Background(), c, receiver, checker, true, peer.Options{})
		done <- out{r, err}
	}()
	select {
	case o := <-done:
		return o.r, o.err
	case <-time.After(3 * time.Minute):
		t.Fatal("the session did not end")
		return nil, nil
	}
}

// lyingAbout is a peer whose store damages one chunk only.
type lyingAbout struct {
	*sqlite.DB
	chunk string
}

func (l lyingAbout) ReadChunk(ctx context.Context, hash string) ([]byte, error) {
	c, err := l.DB.ReadChunk(ctx, hash)
	if err != nil || hash != l.chunk {
		return c, err
	}
	c = bytes.Clone(c)
	c[7] ^= 0x80
	return c, nil
}

// A corrupt chunk in the middle of a file ends the session with
// ErrBadChunk; the chunks checked before it are kept (the receiver stores
// chunks on another goroutine than the one reading them), nothing of the
// bad one is, and the next session sends only what is missing.
func TestACorruptChunkMidFileKeepsTheChunksBeforeIt(t *testing.T) {
	dir := t.TempDir()
	loader(t)
	a := newWorkspace(t, dir, "ada")
	defer a.close(t)
	b := join(t, a, dir, "bo")
	defer b.close(t)
	syncPair(t, b, a)
	const parts, bad = 20, 11
	f := attach(t, a, "survey.tif", bigFile(21, parts*store.ChunkSize))
	m, err := a.db.BlobManifest(context.Background(), f.Hash, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := serveTo(t, b.db, lyingAbout{a.db, m.Chunks[bad]})
	if !errors.Is(err, sqlite.ErrBadChunk) {
		t.Fatalf("a session with a peer sending a corrupt chunk: %v", err)
	}
	if res.Blobs.ChunksIn != bad {
		t.Errorf("ChunksIn = %d, want the %d before the corrupt one", res.Blobs.ChunksIn, bad)
	}
	got, err := b.db.FindBlob(context.Background(), f.Hash)
	if err != nil || got.Have != bad || got.Complete {
		t.Fatalf("after the corrupt chunk: %+v, %v; want %d chunks held", got, err, bad)
	}
	if _, err := b.db.ReadChunk(context.Background(), m.Chunks[bad]); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("the corrupt chunk: %v, want not kept", err)
	}
	r, _ := syncPair(t, b, a)
	if r.Blobs.ChunksIn != parts-bad {
		t.Errorf("the honest session took %d chunks, want the %d missing", r.Blobs.ChunksIn, parts-bad)
	}
	sameFile(t, b, f, bigFile(21, parts*store.ChunkSize))
}

var errDiskFull = errors.New("disk full")

// failingAfter is a store whose writes of chunks fail after a number of
// batches, as a full disk would make them.
type failingAfter struct {
	*sqlite.DB
	left *int
}

func (f failingAfter) TakeChunks(ctx context.Context, chunks []store.VerifiedChunk) (int, error) {
	if *f.left == 0 {
		return 0, errDiskFull
	}
	*f.left--
	return f.DB.TakeChunks(ctx, chunks)
}

// A store failing while a peer streams chunks ends the session with its
// error, without waiting for the rest of the stream; what was stored
// before stays, and the next session brings the rest.
func TestAStoreFailingMidTransferEndsTheSession(t *testing.T) {
	dir := t.TempDir()
	loader(t)
	a := newWorkspace(t, dir, "ada")
	defer a.close(t)
	b := join(t, a, dir, "bo")
	defer b.close(t)
	syncPair(t, b, a)
	const parts = 40
	f := attach(t, a, "archive.zip", bigFile(22, parts*store.ChunkSize-3))
	left := 2
	res, err := serveTo(t, failingAfter{b.db, &left}, a.db)
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("a session whose store fails: %v", err)
	}
	got, err := b.db.FindBlob(context.Background(), f.Hash)
	if err != nil || got.Complete || got.Have != res.Blobs.ChunksIn || got.Have == 0 {
		t.Fatalf("after the store failed: %+v, %v; ChunksIn %d", got, err, res.Blobs.ChunksIn)
	}
	r, _ := syncPair(t, b, a)
	if r.Blobs.ChunksIn != parts-got.Have {
		t.Errorf("the next session took %d chunks, want the %d missing", r.Blobs.ChunksIn, parts-got.Have)
	}
	sameFile(t, b, f, bigFile(22, parts*store.ChunkSize-3))
}
