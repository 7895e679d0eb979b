package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

// randomFile is n bytes that do not compress or repeat.
func randomFile(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestAFileOfManyChunksIsStoredAndReadBack(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	data := randomFile(1, 3*store.ChunkSize+12345)
	b, err := db.CreateBlob(ctx, "/home/ada/Reports/Q3 numbers.xlsx", bytes.NewReader(data), store.DefaultMaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	if b.Hash != store.HashAttachment(data) || b.Size != int64(len(data)) || b.Parts != 4 || b.Have != 4 || !b.Complete ||
		b.Name != "Q3 numbers.xlsx" || b.Mime != "application/octet-stream" {
		t.Fatalf("stored as %+v", b)
	}
	r, _, err := db.OpenBlob(ctx, b.Hash)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read back %d bytes, %v; want the %d stored", len(got), err, len(data))
	}
	// Seeking into the third chunk reads from there, as a player would.
	off := int64(2*store.ChunkSize + 77)
	if _, err := r.Seek(off, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	part := make([]byte, 5000)
	if _, err := io.ReadFull(r, part); err != nil || !bytes.Equal(part, data[off:off+5000]) {
		t.Fatalf("after a seek: %v", err)
	}
	// Stored again under another name: the same blob, first name kept.
	again, err := db.CreateBlob(ctx, "copy.xlsx", bytes.NewReader(data), store.DefaultMaxFileSize)
	if err != nil || again.Hash != b.Hash || again.Name != "Q3 numbers.xlsx" {
		t.Fatalf("stored twice: %+v, %v", again, err)
	}
}

func TestAFileOverTheLimitIsRefused(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	data := randomFile(2, 2*store.ChunkSize+1)
	_, err := db.CreateBlob(ctx, "big.iso", bytes.NewReader(data), 2*store.ChunkSize)
	if store.ErrorCode(err) != store.EINVALID || !strings.Contains(store.ErrorMessage(err), "“big.iso” is larger than 2 MB") {
		t.Fatalf("CreateBlob over the limit: %v", err)
	}
	if _, err := db.FindBlob(ctx, store.HashAttachment(data)); store.ErrorCode(err) != store.ENOTFOUND {
		t.Fatalf("a refused file is known: %v", err)
	}
	if _, err := db.CreateBlob(ctx, "empty.txt", bytes.NewReader(nil), store.DefaultMaxFileSize); store.ErrorCode(err) != store.EINVALID {
		t.Fatalf("an empty file: %v", err)
	}
}

// pageNaming makes a page on db whose body names the blob with hash.
func pageNaming(t *testing.T, db *sqlite.DB, hash string) *store.Page {
	t.Helper()
	p, err := db.CreatePage(context.Background(), inSpace(db, "Q3 report", "See [the numbers](attachment:"+hash+")."))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A device that receives a page naming a file fetches the file: its
// manifest, then its chunks, each checked; a transfer cut short resumes
// with only the chunks still missing; wrong bytes are refused.
func TestAFileArrivesChunkByChunkFromAPeer(t *testing.T) {
	ctx := context.Background()
	from, _ := openDB(t)
	to, _ := openDB(t)
	data := randomFile(3, 3*store.ChunkSize+10)
	b, err := from.CreateBlob(ctx, "walkthrough.webm", bytes.NewReader(data), store.DefaultMaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	p := pageNaming(t, from, b.Hash)

	if wants, err := to.BlobWants(ctx, 100); err != nil || len(wants) != 0 {
		t.Fatalf("wants before the page arrived: %v, %v", wants, err)
	}
	// Nobody here asked for it: a manifest pushed now is refused.
	m, err := from.BlobManifest(ctx, b.Hash, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := to.AddBlobManifest(ctx, *m); store.ErrorCode(err) != store.EFORBIDDEN {
		t.Fatalf("an unasked manifest: %v", err)
	}
	doc, _, err := from.SyncOpen(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := to.SyncAdopt(ctx, p.ID, store.KindPage, doc.Save()); err != nil {
		t.Fatal(err)
	}
	wants, err := to.BlobWants(ctx, 100)
	if err != nil || len(wants) != 1 || wants[0] != b.Hash {
		t.Fatalf("wants after the page arrived: %v, %v", wants, err)
	}
	missing, err := to.AddBlobManifest(ctx, *m)
	if err != nil || len(missing) != 4 {
		t.Fatalf("missing after the manifest: %d, %v", len(missing), err)
	}
	chunk := func(h string) []byte {
		c, err := from.ReadChunk(ctx, h)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// Two chunks arrive, then the connection is cut.
	for _, h := range missing[:2] {
		if err := to.TakeChunk(ctx, h, chunk(h)); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := to.FindBlob(ctx, b.Hash); got.Have != 2 || got.Complete {
		t.Fatalf("after two chunks: %+v", got)
	}
	if _, _, err := to.OpenBlob(ctx, b.Hash); store.ErrorCode(err) != store.EUNAVAILABLE {
		t.Fatalf("opening a file still arriving: %v", err)
	}
	// Wrong bytes under a chunk's name are refused and not kept.
	bad := bytes.Clone(chunk(missing[2]))
	bad[100] ^= 1
	if err := to.TakeChunk(ctx, missing[2], bad); !errors.Is(err, sqlite.ErrBadChunk) {
		t.Fatalf("a corrupt chunk: %v", err)
	}
	// A chunk nothing here waits for is refused.
	if err := to.TakeChunk(ctx, store.HashAttachment([]byte("x")), []byte("x")); store.ErrorCode(err) != store.EFORBIDDEN {
		t.Fatalf("an unasked chunk: %v", err)
	}
	// The next session asks only for what is missing.
	missing, err = to.AddBlobManifest(ctx, *m)
	if err != nil || len(missing) != 2 {
		t.Fatalf("missing on resuming: %d, %v", len(missing), err)
	}
	for _, h := range missing {
		if err := to.TakeChunk(ctx, h, chunk(h)); err != nil {
			t.Fatal(err)
		}
	}
	r, got, err := to.OpenBlob(ctx, b.Hash)
	if err != nil || !got.Complete || got.Name != "walkthrough.webm" {
		t.Fatalf("the whole file: %+v, %v", got, err)
	}
	if all, _ := io.ReadAll(r); !bytes.Equal(all, data) {
		t.Fatal("the file arrived with other bytes")
	}
	if wants, _ := to.BlobWants(ctx, 100); len(wants) != 0 {
		t.Fatalf("still wanted once whole: %v", wants)
	}
}

// A peer whose manifest lists real chunks of another file under this
// file's name gets every chunk checked, and then the whole refused.
func TestAManifestThatMakesAnotherFileIsRefusedWhole(t *testing.T) {
	ctx := context.Background()
	from, _ := openDB(t)
	to, _ := openDB(t)
	real := randomFile(4, store.ChunkSize+5)
	other := randomFile(5, store.ChunkSize+5)
	p := pageNaming(t, from, store.HashAttachment(real))
	doc, _, _ := from.SyncOpen(ctx, p.ID)
	if err := to.SyncAdopt(ctx, p.ID, store.KindPage, doc.Save()); err != nil {
		t.Fatal(err)
	}
	ob, err := from.CreateBlob(ctx, "other.bin", bytes.NewReader(other), store.DefaultMaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	pageNaming(t, from, ob.Hash)
	lie, err := from.BlobManifest(ctx, ob.Hash, nil)
	if err != nil {
		t.Fatal(err)
	}
	lie.Hash = store.HashAttachment(real)
	missing, err := to.AddBlobManifest(ctx, *lie)
	if err != nil {
		t.Fatal(err)
	}
	var last error
	for _, h := range missing {
		c, _ := from.ReadChunk(ctx, h)
		last = to.TakeChunk(ctx, h, c)
	}
	if !errors.Is(last, sqlite.ErrBadChunk) {
		t.Fatalf("the last chunk of a lying manifest: %v", last)
	}
	if _, err := to.FindBlob(ctx, lie.Hash); store.ErrorCode(err) != store.ENOTFOUND {
		t.Fatalf("the lying manifest is kept: %v", err)
	}
	if wants, _ := to.BlobWants(ctx, 100); len(wants) != 1 {
		t.Fatalf("the file is no longer wanted: %v", wants)
	}
}

func TestAManifestIsCheckedBeforeItIsKept(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	h := store.HashAttachment([]byte("wanted"))
	pageNaming(t, db, h)
	c := store.HashAttachment([]byte("c"))
	for _, tc := range []struct {
		name string
		m    store.BlobManifest
	}{
		{"no bytes", store.BlobManifest{Hash: h, Size: 0}},
		{"too few chunks", store.BlobManifest{Hash: h, Size: store.ChunkSize + 1, Chunks: []string{c}}},
		{"too many chunks", store.BlobManifest{Hash: h, Size: 10, Chunks: []string{c, c}}},
		{"a chunk that is not a hash", store.BlobManifest{Hash: h, Size: 10, Chunks: []string{"../../etc"}}},
		{"over the limit", store.BlobManifest{Hash: h, Size: store.DefaultMaxFileSize + 1, Chunks: make([]string, store.Parts(store.DefaultMaxFileSize+1))}},
	} {
		if _, err := db.AddBlobManifest(ctx, tc.m); store.ErrorCode(err) != store.EINVALID {
			t.Errorf("%s: %v, want EINVALID", tc.name, err)
		}
	}
	if _, err := db.FindBlob(ctx, h); store.ErrorCode(err) != store.ENOTFOUND {
		t.Fatalf("a refused manifest was kept: %v", err)
	}
}

// A guest's device gets a file only when a page in one of the guest's
// spaces names it.
func TestAGuestGetsOnlyTheFilesOfItsSpaces(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	b, err := db.CreateBlob(ctx, "plan.pdf", strings.NewReader("%PDF-1.7 the plan"), store.DefaultMaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.BlobManifest(ctx, b.Hash, nil); store.ErrorCode(err) != store.EFORBIDDEN {
		t.Fatalf("a file no document names was offered: %v", err)
	}
	p := pageNaming(t, db, b.Hash)
	if _, err := db.BlobManifest(ctx, b.Hash, map[store.DocID]bool{"elsewhere": true}); store.ErrorCode(err) != store.EFORBIDDEN {
		t.Fatalf("a guest of another space was offered it: %v", err)
	}
	if m, err := db.BlobManifest(ctx, b.Hash, map[store.DocID]bool{p.Space: true}); err != nil || m.Size != b.Size {
		t.Fatalf("a guest of the page's space: %+v, %v", m, err)
	}
}

// Images stored before files had chunks move into the file store when the
// database opens, and the documents that name them are recorded.
func TestImagesFromBeforeBlobsMoveIn(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	h := store.HashAttachment(pngBytes)
	p := pageNaming(t, db, h)
	db.Close()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DELETE FROM blob_refs; DELETE FROM local WHERE key = 'blob_refs_built';
		INSERT INTO attachments (hash, mime, size, data, sum, name, created_at) VALUES (?, 'image/png', ?, ?, 0, 'shot.png', 1),
			(?, 'image/gif', 3, x'474946', 0, 'bad.gif', 1)`,
		h, len(pngBytes), pngBytes, strings.Repeat("ab", 32)); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db = mustOpen(t, path)
	a, err := db.FindAttachment(ctx, h)
	if err != nil || !bytes.Equal(a.Data, pngBytes) || a.Name != "shot.png" {
		t.Fatalf("the old image: %+v, %v", a, err)
	}
	var left, quarantined int
	sqlite.QueryRow(db, "SELECT count(*) FROM attachments").Scan(&left)
	sqlite.QueryRow(db, "SELECT count(*) FROM quarantine WHERE source = 'attachment'").Scan(&quarantined)
	if left != 0 || quarantined != 1 {
		t.Fatalf("%d images left in the old table, %d quarantined; want 0 and the damaged one", left, quarantined)
	}
	var named string
	if err := sqlite.QueryRow(db, "SELECT doc_id FROM blob_refs WHERE blob = ?", h).Scan(&named); err != nil || named != string(p.ID) {
		t.Fatalf("the page naming the image: %q, %v", named, err)
	}
}

// fetch brings every file from's pages name to to, as a sync would: the
// pages first, then manifests and chunks.
func fetch(t *testing.T, from, to *sqlite.DB, pages ...*store.Page) {
	t.Helper()
	ctx := context.Background()
	for _, p := range pages {
		doc, _, err := from.SyncOpen(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := to.SyncAdopt(ctx, p.ID, store.KindPage, doc.Save()); err != nil {
			t.Fatal(err)
		}
	}
	wants, err := to.BlobWants(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range wants {
		m, err := from.BlobManifest(ctx, h, nil)
		if err != nil {
			t.Fatal(err)
		}
		missing, err := to.AddBlobManifest(ctx, *m)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range missing {
			data, err := from.ReadChunk(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			if err := to.TakeChunk(ctx, c, data); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func countChunks(t *testing.T, db *sqlite.DB) int {
	t.Helper()
	var n int
	if err := sqlite.QueryRow(db, "SELECT count(*) FROM chunks").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A file no document names any more is kept for the grace period, then
// collected with its chunks; a file a document names never is.
func TestFilesNoDocumentNamesAreCollectedAfterTheGrace(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	kept, err := db.CreateBlob(ctx, "kept.pdf", bytes.NewReader(randomFile(10, store.ChunkSize+1)), store.DefaultMaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	gone, err := db.CreateBlob(ctx, "gone.pdf", bytes.NewReader(randomFile(11, store.ChunkSize+1)), store.DefaultMaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	pageNaming(t, db, kept.Hash)
	p := pageNaming(t, db, gone.Hash)
	// The page stops naming the file; its row follows when it is saved.
	if _, err := db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Pos: 0, Del: len([]rune(p.Body))}}}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = mustOpen(t, path)
	if st, err := db.TidyBlobs(ctx, time.Hour); err != nil || st.Collected != 0 {
		t.Fatalf("the first pass: %+v, %v; want nothing collected inside the grace", st, err)
	}
	later := db.Now().Add(2 * time.Hour)
	db.Now = func() time.Time { return later }
	st, err := db.TidyBlobs(ctx, time.Hour)
	if err != nil || st.Collected != 1 || st.Freed != store.ChunkSize+1 {
		t.Fatalf("after the grace: %+v, %v; want the one file and its %d bytes", st, err, store.ChunkSize+1)
	}
	if _, err := db.FindBlob(ctx, gone.Hash); store.ErrorCode(err) != store.ENOTFOUND {
		t.Fatalf("the file no page names: %v", err)
	}
	if b, err := db.FindBlob(ctx, kept.Hash); err != nil || !b.Complete {
		t.Fatalf("the file a page names: %+v, %v", b, err)
	}
	if n := countChunks(t, db); n != 2 {
		t.Fatalf("%d chunks left, want the kept file's 2", n)
	}
}

// When fetched files take more than the room for files, the least
// recently used go; files stored here stay; a file let go comes back only
// when it is asked for.
func TestTheCacheLetsTheLeastUsedFetchedFilesGo(t *testing.T) {
	ctx := context.Background()
	from, _ := openDB(t)
	to, _ := openDB(t)
	var pages []*store.Page
	var hashes []string
	for i := range 3 {
		b, err := from.CreateBlob(ctx, "f.bin", bytes.NewReader(randomFile(uint64(20+i), 600<<10)), store.DefaultMaxFileSize)
		if err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, b.Hash)
		pages = append(pages, pageNaming(t, from, b.Hash))
	}
	own, err := to.CreateBlob(ctx, "own.bin", bytes.NewReader(randomFile(30, 900<<10)), store.DefaultMaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	fetch(t, from, to, pages...)
	// The first fetched file is opened now: the most recently used.
	r, _, err := to.OpenBlob(ctx, hashes[0])
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	if _, err := sqlite.Exec(to, "INSERT OR REPLACE INTO local (key, value) VALUES ('blob_cache_mb', '1')"); err != nil {
		t.Fatal(err)
	}
	later := to.Now().Add(2 * time.Hour) // past the chunks' grace
	to.Now = func() time.Time { return later }
	st, err := to.TidyBlobs(ctx, sqlite.BlobGrace)
	if err != nil || st.Evicted != 2 || st.Freed != 2*600<<10 {
		t.Fatalf("tidy over the room: %+v, %v; want two files and their bytes let go", st, err)
	}
	for i, h := range hashes {
		b, _ := to.FindBlob(ctx, h)
		if b.Complete != (i == 0) {
			t.Errorf("fetched file %d: complete = %v", i, b.Complete)
		}
	}
	if b, _ := to.FindBlob(ctx, own.Hash); !b.Complete {
		t.Error("a file stored on this device was let go")
	}
	if wants, _ := to.BlobWants(ctx, 100); len(wants) != 0 {
		t.Fatalf("files let go are fetched again unasked: %v", wants)
	}
	if err := to.WantBlob(hashes[1]); err != nil {
		t.Fatal(err)
	}
	if wants, _ := to.BlobWants(ctx, 100); len(wants) != 1 || wants[0] != hashes[1] {
		t.Fatalf("an opened file that was let go: wants %v", wants)
	}
}

// The chunks of files live in a database of their own beside the main one,
// private as it is, with 64 KiB pages; a database from before, whose
// chunks are in the main file, has them moved there when it opens.
func TestChunksLiveInTheFilesDatabase(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	h := store.HashAttachment(pngBytes)
	if _, err := db.CreateAttachment(ctx, "shot.png", pngBytes); err != nil {
		t.Fatal(err)
	}
	db.Close()
	files := sqlite.FilesPath(path)
	if fi, err := os.Stat(files); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the files database: %v, %v; want a file only its owner reads", fi, err)
	}
	raw, err := sql.Open(sqlite.DriverName, path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var pageSize, inMain int
	raw.QueryRow("PRAGMA files.page_size").Scan(&pageSize)
	raw.QueryRow("SELECT count(*) FROM main.sqlite_schema WHERE name = 'chunks'").Scan(&inMain)
	if pageSize != 65536 || inMain != 0 {
		t.Errorf("files database pages of %d bytes, chunks table in the main file: %d; want 65536 and 0", pageSize, inMain)
	}
	// As the version before left it: the chunks in the main file.
	if _, err := raw.Exec(sqlite.UndoPackedBodies + `CREATE TABLE main.chunks (id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, data BLOB NOT NULL,
			sum INTEGER NOT NULL, at INTEGER NOT NULL) STRICT;
		INSERT INTO main.chunks SELECT * FROM files.chunks; DELETE FROM files.chunks; PRAGMA user_version = 19`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db = mustOpen(t, path)
	defer db.Close()
	if a, err := db.FindAttachment(ctx, h); err != nil || !bytes.Equal(a.Data, pngBytes) {
		t.Fatalf("the image after the move: %v", err)
	}
	var moved int
	if err := sqlite.QueryRow(db, "SELECT count(*) FROM files.chunks").Scan(&moved); err != nil || moved != 1 {
		t.Errorf("%d chunks in the files database (%v), want the one moved", moved, err)
	}
}
