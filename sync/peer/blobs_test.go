package peer_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/sync/peer"
)

// pngImage is a real 1×1 PNG.
var pngImage = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")

// bigFile returns a reader of size bytes whose every chunk differs, made
// cheaply: one random chunk, stamped with each chunk's index as it is read.
func bigFile(seed uint64, size int64) io.Reader {
	r := rand.New(rand.NewPCG(seed, 2))
	base := make([]byte, store.ChunkSize)
	for i := range base {
		base[i] = byte(r.Uint32())
	}
	return &stamped{base: base, size: size}
}

type stamped struct {
	base      []byte
	size, off int64
}

func (s *stamped) Read(p []byte) (int, error) {
	if s.off >= s.size {
		return 0, io.EOF
	}
	i, in := s.off/store.ChunkSize, s.off%store.ChunkSize
	n := copy(p, s.base[in:min(store.ChunkSize, s.size-i*store.ChunkSize)])
	var stamp [8]byte
	binary.LittleEndian.PutUint64(stamp[:], uint64(i))
	if in < 8 {
		copy(p[:n], stamp[in:])
	}
	s.off += int64(n)
	return n, nil
}

// attach stores a file on d and a page that names it.
func attach(t testing.TB, d *device, name string, r io.Reader) *store.Blob {
	t.Helper()
	ctx := context.Background()
	b, err := d.db.CreateBlob(ctx, name, r, store.DefaultMaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	spaces, _ := d.db.FindSpaces(ctx)
	if _, err := d.db.CreatePage(ctx, store.NewPage{Title: "With " + name, Space: spaces[0].ID,
		Body: "[" + name + "](attachment:" + b.Hash + ")"}); err != nil {
		t.Fatal(err)
	}
	return b
}

func sameFile(t *testing.T, d *device, b *store.Blob, want io.Reader) {
	t.Helper()
	r, got, err := d.db.OpenBlob(context.Background(), b.Hash)
	if err != nil {
		t.Fatalf("%s opens %s: %v", d.name, b.Name, err)
	}
	defer r.Close()
	if got.Name != b.Name || got.Size != b.Size {
		t.Fatalf("%s holds %s as %+v", d.name, b.Name, got)
	}
	if wh, gh := hashOf(t, want), hashOf(t, r); wh != gh || gh != b.Hash {
		t.Fatalf("%s holds other bytes for %s", d.name, b.Name)
	}
}

func hashOf(t *testing.T, r io.Reader) string {
	t.Helper()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// A file attached on one device reaches the other in the same session as
// the page that names it, and a file two pages name travels once.
func TestAFileTravelsWithThePageThatNamesIt(t *testing.T) {
	dir := t.TempDir()
	loader(t)
	a := newWorkspace(t, dir, "ada")
	defer a.close(t)
	b := join(t, a, dir, "bo")
	defer b.close(t)
	img := attach(t, a, "diagram.png", bytes.NewReader(pngImage))
	doc := attach(t, a, "notes.pdf", bigFile(1, 2*store.ChunkSize+99))
	attach(t, a, "notes.pdf", bigFile(1, 2*store.ChunkSize+99)) // a second page names the same file

	ra, rb := syncPair(t, b, a) // b calls a, and so fetches first
	sameFile(t, b, img, bytes.NewReader(pngImage))
	sameFile(t, b, doc, bigFile(1, 2*store.ChunkSize+99))
	if ra.Blobs.Asked != 2 || ra.Blobs.ChunksIn != 4 || rb.Blobs.ChunksOut != 4 {
		t.Fatalf("b asked for %d files and took %d chunks; a sent %d; want 2, 4, 4", ra.Blobs.Asked, ra.Blobs.ChunksIn, rb.Blobs.ChunksOut)
	}
	// And back: a file b attaches reaches a, when b is the one called.
	back := attach(t, b, "reply.txt", bytes.NewReader([]byte("Looks right to me.")))
	syncPair(t, a, b)
	sameFile(t, a, back, bytes.NewReader([]byte("Looks right to me.")))
	// Nothing more to send.
	ra, _ = syncPair(t, b, a)
	if ra.Blobs.Asked != 0 || ra.Blobs.ChunksIn != 0 {
		t.Fatalf("a settled session still moved files: %+v", ra.Blobs)
	}
}

// readCut is a connection that breaks after some bytes have been read.
type readCut struct {
	net.Conn
	left int64
}

func (c *readCut) Read(p []byte) (int, error) {
	if c.left <= 0 {
		c.Conn.Close()
		return 0, errors.New("link cut")
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.Conn.Read(p)
	c.left -= int64(n)
	return n, err
}

// A 200 MB file survives transfers cut at random points: every session
// asks only for the chunks still missing, each chunk is taken in once,
// and the file that arrives is the file that was sent.
func TestALargeFileSurvivesTransfersCutAtRandom(t *testing.T) {
	dir := t.TempDir()
	loader(t)
	a := newWorkspace(t, dir, "ada")
	defer a.close(t)
	b := join(t, a, dir, "bo")
	defer b.close(t)
	const size = 200 << 20
	f := attach(t, a, "all-hands.webm", bigFile(7, size))
	rng := rand.New(rand.NewPCG(7, 7))
	taken, cuts := 0, 0
	for session := 0; ; session++ {
		if session > 40 {
			t.Fatal("the file did not arrive in 40 sessions")
		}
		before, _ := b.db.FindBlob(context.Background(), f.Hash)
		cut := int64(-1)
		if session < 6 {
			cut = rng.Int64N(60 << 20) // somewhere in the next 60 MB
		}
		var res *peer.Result
		var err error
		if cut < 0 {
			res, _, err = trySync(b, a)
		} else {
			cuts++
			res, _, err = runOver(b, a, peer.Options{}, peer.Options{}, func(c net.Conn) io.ReadWriter { return &readCut{Conn: c, left: cut} })
		}
		if res != nil {
			taken += res.Blobs.ChunksIn
		}
		after, ferr := b.db.FindBlob(context.Background(), f.Hash)
		if ferr == nil && before != nil && after.Have < before.Have {
			t.Fatalf("session %d lost chunks: %d before, %d after", session, before.Have, after.Have)
		}
		if cut < 0 {
			if err != nil {
				t.Fatalf("session %d on a sound link: %v", session, err)
			}
			break
		}
	}
	parts := store.Parts(size)
	if taken != parts {
		t.Fatalf("%d chunks taken in over %d cut sessions, want each of the %d once", taken, cuts, parts)
	}
	sameFile(t, b, f, bigFile(7, size))
}

// lying is a peer whose store hands out damaged chunks.
type lying struct{ *sqlite.DB }

func (l lying) ReadChunk(ctx context.Context, hash string) ([]byte, error) {
	c, err := l.DB.ReadChunk(ctx, hash)
	if err != nil {
		return nil, err
	}
	c = bytes.Clone(c)
	c[len(c)/2] ^= 0x55
	return c, nil
}

// A peer that sends bytes other than the chunk it names is refused: the
// session fails saying so, and nothing it sent is kept.
func TestAPeerSendingCorruptChunksIsRefused(t *testing.T) {
	dir := t.TempDir()
	loader(t)
	a := newWorkspace(t, dir, "ada")
	defer a.close(t)
	b := join(t, a, dir, "bo")
	defer b.close(t)
	f := attach(t, a, "budget.ods", bigFile(3, store.ChunkSize+10))
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
		peer.RunWith(context.Background(), c, lying{a.db}, checker, false, peer.Options{})
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	_, err = peer.RunWith(context.Background(), c, b.db, checker, true, peer.Options{})
	c.Close()
	if !errors.Is(err, sqlite.ErrBadChunk) {
		t.Fatalf("a session with a peer sending corrupt chunks: %v", err)
	}
	got, ferr := b.db.FindBlob(context.Background(), f.Hash)
	if ferr != nil || got.Have != 0 || got.Complete {
		t.Fatalf("after the corrupt chunks: %+v, %v", got, ferr)
	}
	// An honest session then brings it whole.
	syncPair(t, b, a)
	sameFile(t, b, f, bigFile(3, store.ChunkSize+10))
}
