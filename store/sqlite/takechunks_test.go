package sqlite_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

// fetchSetup stores data as a file on one device, hands a page naming it
// and its manifest to another, and returns the other, the manifest and the
// chunks by hash.
func fetchSetup(t *testing.T, data []byte) (*sqlite.DB, *store.BlobManifest, map[string][]byte) {
	t.Helper()
	ctx := context.Background()
	from, _ := openDB(t)
	to, _ := openDB(t)
	b, err := from.CreateBlob(ctx, "film.bin", bytes.NewReader(data), store.DefaultMaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	p := pageNaming(t, from, b.Hash)
	doc, _, _ := from.SyncOpen(ctx, p.ID)
	if err := to.SyncAdopt(ctx, p.ID, store.KindPage, doc.Save()); err != nil {
		t.Fatal(err)
	}
	m, err := from.BlobManifest(ctx, b.Hash, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := to.AddBlobManifest(ctx, *m); err != nil {
		t.Fatal(err)
	}
	chunks := map[string][]byte{}
	for _, h := range m.Chunks {
		c, err := from.ReadChunk(ctx, h)
		if err != nil {
			t.Fatal(err)
		}
		chunks[h] = c
	}
	return to, m, chunks
}

func verified(t *testing.T, hash string, data []byte) store.VerifiedChunk {
	t.Helper()
	c, err := store.VerifyChunk(hash, data)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func sameBlob(t *testing.T, db *sqlite.DB, hash string, want []byte) {
	t.Helper()
	r, b, err := db.OpenBlob(context.Background(), hash)
	if err != nil || !b.Complete {
		t.Fatalf("the file: %+v, %v", b, err)
	}
	defer r.Close()
	if got, _ := io.ReadAll(r); !bytes.Equal(got, want) {
		t.Fatal("the file arrived with other bytes")
	}
}

// Chunks taken in batches, in any order, by several goroutines at once (a
// LAN session and a relay fetching the same file), make the file whole
// and checked, whether or not the whole hash could be kept running.
func TestChunksTakenInBatchesInAnyOrderMakeTheFile(t *testing.T) {
	// Chunks 1 and 3 are the same bytes: the file lists one chunk twice.
	part := randomFile(8, store.ChunkSize)
	data := append(append(append(append(randomFile(9, store.ChunkSize), part...), randomFile(10, store.ChunkSize)...), part...),
		randomFile(11, store.ChunkSize/3)...)
	for _, tc := range []struct {
		name    string
		order   func(hs []string) []string
		workers int
	}{
		{"in order, one batch at a time", func(hs []string) []string { return hs }, 1},
		{"backwards", func(hs []string) []string {
			out := append([]string(nil), hs...)
			for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
				out[i], out[j] = out[j], out[i]
			}
			return out
		}, 1},
		{"shuffled, by three goroutines", func(hs []string) []string {
			out := append([]string(nil), hs...)
			rand.New(rand.NewPCG(1, 2)).Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
			return out
		}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			to, m, chunks := fetchSetup(t, data)
			missing, err := to.AddBlobManifest(ctx, *m)
			if err != nil || len(missing) != 4 {
				t.Fatalf("missing = %d, %v; want 4 (one chunk listed twice)", len(missing), err)
			}
			order := tc.order(missing)
			var wg sync.WaitGroup
			errs := make([]error, tc.workers)
			shares := make([][]store.VerifiedChunk, tc.workers)
			for i, h := range order {
				shares[i%tc.workers] = append(shares[i%tc.workers], verified(t, h, chunks[h]))
			}
			for w, mine := range shares {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for len(mine) > 0 {
						n := min(len(mine), 2)
						if _, err := to.TakeChunks(ctx, mine[:n]); err != nil {
							// Another goroutine may have made the file whole first.
							if store.ErrorCode(err) != store.EFORBIDDEN {
								errs[w] = err
							}
						}
						mine = mine[n:]
					}
				}()
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				t.Fatal(err)
			}
			sameBlob(t, to, m.Hash, data)
		})
	}
}

// A batch stops at the first chunk no file waits for: those before it are
// stored, it and those after it are not.
func TestABatchStopsAtAChunkNothingWaitsFor(t *testing.T) {
	ctx := context.Background()
	data := randomFile(12, 3*store.ChunkSize)
	to, m, chunks := fetchSetup(t, data)
	stray := []byte("nobody asked")
	batch := []store.VerifiedChunk{verified(t, m.Chunks[0], chunks[m.Chunks[0]]),
		verified(t, store.HashAttachment(stray), stray), verified(t, m.Chunks[1], chunks[m.Chunks[1]])}
	n, err := to.TakeChunks(ctx, batch)
	if n != 1 || store.ErrorCode(err) != store.EFORBIDDEN {
		t.Fatalf("TakeChunks = %d, %v; want 1 stored and EFORBIDDEN", n, err)
	}
	if b, _ := to.FindBlob(ctx, m.Hash); b.Have != 1 {
		t.Fatalf("Have = %d, want 1", b.Have)
	}
	missing, _ := to.AddBlobManifest(ctx, *m)
	for _, h := range missing {
		if _, err := to.TakeChunks(ctx, []store.VerifiedChunk{verified(t, h, chunks[h])}); err != nil {
			t.Fatal(err)
		}
	}
	sameBlob(t, to, m.Hash, data)
}

// A chunk's bytes are checked before anything can be stored: VerifyChunk
// is the only way to a VerifiedChunk.
func TestVerifyChunkRefusesOtherBytes(t *testing.T) {
	data := randomFile(13, 1000)
	h := store.HashAttachment(data)
	bad := bytes.Clone(data)
	bad[10] ^= 1
	for _, tc := range []struct {
		name string
		hash string
		data []byte
	}{
		{"other bytes", h, bad},
		{"no bytes", store.HashAttachment(nil), nil},
		{"over a chunk", store.HashAttachment(make([]byte, store.ChunkSize+1)), make([]byte, store.ChunkSize+1)},
	} {
		if _, err := store.VerifyChunk(tc.hash, tc.data); !errors.Is(err, store.ErrBadChunk) {
			t.Errorf("%s: VerifyChunk = %v, want ErrBadChunk", tc.name, err)
		}
	}
	if _, err := store.VerifyChunk("not a hash", data); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("a malformed hash: %v", err)
	}
}
