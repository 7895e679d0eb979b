package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/longhand/longhand/store"
)

// This file stores blobs: the files attached to pages, posts and chats, in
// chunks (see migration 0018 and store.ChunkSize), and takes them in from
// peers one verified chunk at a time.

var _ store.BlobService = (*DB)(nil)

// CreateBlob stores the file r gives, at most limit bytes, chunk by chunk,
// so that a large file is never held whole in memory. The same bytes
// stored twice are one blob; the first name is kept.
func (db *DB) CreateBlob(ctx context.Context, name string, r io.Reader, limit int64) (*store.Blob, error) {
	label := "This file"
	if n := store.AttachmentName(name); n != "" {
		label = "“" + n + "”"
	}
	whole := sha256.New()
	var chunks []string
	var size int64
	var head []byte
	buf := make([]byte, store.ChunkSize)
	for {
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			size += int64(n)
			if size > limit {
				return nil, store.Errorf(store.EINVALID, "%s is larger than %d MB, the most this workspace attaches.", label, limit>>20)
			}
			data := buf[:n]
			if head == nil {
				head = bytes.Clone(data[:min(n, 512)])
			}
			whole.Write(data)
			h, err := db.putChunk(ctx, data)
			if err != nil {
				return nil, err
			}
			chunks = append(chunks, h)
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", label, err)
		}
	}
	if size == 0 {
		return nil, store.Errorf(store.EINVALID, "%s is empty.", label)
	}
	m := store.BlobManifest{Hash: hex.EncodeToString(whole.Sum(nil)), Size: size, Mime: sniffFile(head),
		Name: store.AttachmentName(name), Chunks: chunks}
	v, err := db.readVideo(ctx, head, chunks, size)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", label, err)
	}
	if v != nil {
		if err := v.Validate(); err != nil {
			return nil, err
		}
		m.Mime = v.Mime
	}
	now := db.Now().UnixMilli()
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		if err := insertManifest(ctx, tx, m, now); err != nil {
			return err
		}
		if v != nil {
			if err := insertVideo(ctx, tx, m.Hash, v); err != nil {
				return err
			}
		}
		// Stored here: this device holds it for good, even if it had been fetched.
		_, err := tx.ExecContext(ctx, "UPDATE blobs SET complete = 1, fetched = 0, evicted = 0, used_at = ? WHERE hash = ?", now, m.Hash)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", label, err)
	}
	return db.FindBlob(ctx, m.Hash)
}

// sniffFile names a file's type from its first bytes: one of the images
// Longhand shows, or what the standard sniffer makes of it. The type is
// only a label: nothing but those images is ever served to the window.
func sniffFile(head []byte) string {
	if m := store.SniffImage(head); m != "" {
		return m
	}
	return http.DetectContentType(head)
}

// putChunk stores one chunk under its hash; one already here is kept.
func (db *DB) putChunk(ctx context.Context, data []byte) (string, error) {
	h := store.HashAttachment(data)
	err := <-db.w.submitPages(chunkWALPages, "", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO chunks (hash, data, sum, at) VALUES (?, ?, ?, ?) ON CONFLICT (hash) DO UPDATE SET at = excluded.at",
			h, data, checksum(data), db.Now().UnixMilli())
		return err
	})
	if err != nil {
		return "", fmt.Errorf("store a chunk: %w", err)
	}
	return h, nil
}

// insertManifest records a blob and its chunks' hashes, if it is new here.
func insertManifest(ctx context.Context, tx *sql.Tx, m store.BlobManifest, now int64) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO blobs (hash, size, mime, name, parts, created_at, used_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`, m.Hash, m.Size, m.Mime, m.Name, len(m.Chunks), now, now)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	for i, c := range m.Chunks {
		if _, err := tx.ExecContext(ctx, "INSERT INTO blob_parts (blob, idx, chunk) VALUES (?, ?, ?)", m.Hash, i, c); err != nil {
			return err
		}
	}
	// Its orphan clock starts now unless a document already names it.
	_, err = tx.ExecContext(ctx, "UPDATE blobs SET orphan_at = ? WHERE hash = ? AND NOT EXISTS (SELECT 1 FROM blob_refs WHERE blob = ?)",
		now, m.Hash, m.Hash)
	return err
}

// FindBlob returns what this device knows of a blob, complete or not.
func (db *DB) FindBlob(ctx context.Context, hash string) (*store.Blob, error) {
	if err := store.ValidateAttachmentHash(hash); err != nil {
		return nil, err
	}
	var b store.Blob
	var created int64
	err := db.db.QueryRowContext(ctx, `SELECT hash, size, mime, name, parts, complete, created_at,
		(SELECT count(*) FROM blob_parts p JOIN chunks c ON c.hash = p.chunk WHERE p.blob = blobs.hash)
		FROM blobs WHERE hash = ?`, hash).Scan(&b.Hash, &b.Size, &b.Mime, &b.Name, &b.Parts, &b.Complete, &created, &b.Have)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.Errorf(store.ENOTFOUND, "This file is not on this device yet.")
	}
	if err != nil {
		return nil, fmt.Errorf("find blob %s: %w", hash, err)
	}
	b.CreatedAt = store.FromUnixMillis(created)
	return &b, nil
}

// readChunk reads a chunk and checks it against its checksum. Its hash was
// checked when it was stored; a peer checks it again on arrival, and a
// whole file is checked against its hash when it completes.
func (db *DB) readChunk(ctx context.Context, hash string) ([]byte, error) {
	var data []byte
	var sum int64
	err := db.db.QueryRowContext(ctx, "SELECT data, sum FROM chunks WHERE hash = ?", hash).Scan(&data, &sum)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.Errorf(store.ENOTFOUND, "A piece of this file is not on this device yet.")
	}
	if err != nil {
		return nil, fmt.Errorf("read chunk %s: %w", hash, err)
	}
	if checksum(data) != sum {
		return nil, store.Errorf(store.EUNAVAILABLE, "The stored copy of this file is damaged (chunk %s).", hash[:12])
	}
	return data, nil
}

// manifest reads a blob's chunk hashes in order.
func (db *DB) manifest(ctx context.Context, b *store.Blob) (store.BlobManifest, error) {
	m := store.BlobManifest{Hash: b.Hash, Size: b.Size, Mime: b.Mime, Name: b.Name}
	rows, err := db.db.QueryContext(ctx, "SELECT chunk FROM blob_parts WHERE blob = ? ORDER BY idx", b.Hash)
	if err != nil {
		return m, fmt.Errorf("read manifest of %s: %w", b.Hash, err)
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return m, err
		}
		m.Chunks = append(m.Chunks, c)
	}
	if err := rows.Err(); err != nil {
		return m, err
	}
	if len(m.Chunks) != b.Parts {
		return m, store.Errorf(store.EUNAVAILABLE, "The stored list of this file's pieces is damaged.")
	}
	return m, nil
}

// OpenBlob reads a complete blob from its chunks, one at a time, checking
// each as it is read. Reading it marks it used, for the cache.
func (db *DB) OpenBlob(ctx context.Context, hash string) (io.ReadSeekCloser, *store.Blob, error) {
	b, err := db.FindBlob(ctx, hash)
	if err != nil {
		return nil, nil, err
	}
	if !b.Complete {
		return nil, b, store.Errorf(store.EUNAVAILABLE, "This file is still arriving (%d of %d pieces).", b.Have, b.Parts)
	}
	m, err := db.manifest(ctx, b)
	if err != nil {
		return nil, b, err
	}
	_, _ = db.db.ExecContext(ctx, "UPDATE blobs SET used_at = ? WHERE hash = ?", db.Now().UnixMilli(), hash)
	return &blobReader{ctx: ctx, db: db, chunks: m.Chunks, size: b.Size, cur: -1}, b, nil
}

// blobReader reads a blob's bytes through its chunks.
type blobReader struct {
	ctx    context.Context
	db     *DB
	chunks []string
	size   int64
	off    int64
	cur    int    // index of the chunk in data, -1 for none
	data   []byte // the chunk at cur
}

func (r *blobReader) Read(p []byte) (int, error) {
	if r.off >= r.size {
		return 0, io.EOF
	}
	i := int(r.off / store.ChunkSize)
	if i != r.cur {
		data, err := r.db.readChunk(r.ctx, r.chunks[i])
		if err != nil {
			return 0, err
		}
		want := min(int64(store.ChunkSize), r.size-int64(i)*store.ChunkSize)
		if int64(len(data)) != want {
			return 0, store.Errorf(store.EUNAVAILABLE, "The stored copy of this file is damaged (chunk %d has the wrong size).", i)
		}
		r.cur, r.data = i, data
	}
	n := copy(p, r.data[r.off-int64(i)*store.ChunkSize:])
	r.off += int64(n)
	return n, nil
}

func (r *blobReader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += r.off
	case io.SeekEnd:
		offset += r.size
	default:
		return 0, errors.New("blob: bad whence")
	}
	if offset < 0 {
		return 0, errors.New("blob: seek before the start")
	}
	r.off = offset
	return offset, nil
}

func (r *blobReader) Close() error { r.data = nil; return nil }

// writeBlobRefs records which blobs a document's texts name, as links are
// recorded: replacing what it named before.
func writeBlobRefs(ctx context.Context, tx *sql.Tx, doc store.DocID, texts ...string) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM blob_refs WHERE doc_id = ?", doc); err != nil {
		return fmt.Errorf("record the files %s names: %w", doc, err)
	}
	for _, h := range store.AttachmentRefs(texts...) {
		if _, err := tx.ExecContext(ctx, "INSERT INTO blob_refs (doc_id, blob) VALUES (?, ?)", doc, h); err != nil {
			return fmt.Errorf("record the files %s names: %w", doc, err)
		}
	}
	return nil
}

// Blob settings are this device's, never synced: how large a file may be
// attached, whether to fetch every file the workspace names or only those
// opened, and how much room fetched files may take.
const (
	keyMaxFileMB   = "blob_max_file_mb"
	keyFetchAll    = "blob_fetch_all"
	keyCacheMB     = "blob_cache_mb"
	defaultCacheMB = 10 << 10 // 10 GB
)

// BlobSettings returns this device's settings for files. Until they are
// set, a member's device fetches every file, and a guest's (often a
// laptop that visits) only those opened.
func (db *DB) BlobSettings(ctx context.Context) (store.BlobSettings, error) {
	s := store.BlobSettings{MaxFileSize: store.DefaultMaxFileSize, FetchAll: !db.guest(ctx), CacheLimit: defaultCacheMB << 20}
	rows, err := db.db.QueryContext(ctx, "SELECT key, value FROM local WHERE key IN (?, ?, ?)", keyMaxFileMB, keyFetchAll, keyCacheMB)
	if err != nil {
		return s, fmt.Errorf("read file settings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return s, err
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		switch k {
		case keyMaxFileMB:
			if n > 0 {
				s.MaxFileSize = n << 20
			}
		case keyFetchAll:
			s.FetchAll = v == "1"
		case keyCacheMB:
			if n > 0 {
				s.CacheLimit = n << 20
			}
		}
	}
	return s, rows.Err()
}

// SetBlobSettings changes this device's settings for files.
func (db *DB) SetBlobSettings(ctx context.Context, s store.BlobSettings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	fetch := "0"
	if s.FetchAll {
		fetch = "1"
	}
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		for k, v := range map[string]string{keyMaxFileMB: strconv.FormatInt(s.MaxFileSize>>20, 10), keyFetchAll: fetch,
			keyCacheMB: strconv.FormatInt(s.CacheLimit>>20, 10)} {
			if _, err := tx.ExecContext(ctx, "INSERT INTO local (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", k, v); err != nil {
				return fmt.Errorf("store file settings: %w", err)
			}
		}
		return nil
	})
}

// adoptOldAttachments moves the images of the attachments table, from
// before blobs, into blobs, and records which documents name which blobs
// for a database that has documents from before then. Each image moves in
// its own steps, so a crash part way leaves every image in one place or
// the other.
func (db *DB) adoptOldAttachments(ctx context.Context) error {
	for {
		var hash, name string
		var data []byte
		err := db.db.QueryRowContext(ctx, "SELECT hash, name, data FROM attachments LIMIT 1").Scan(&hash, &name, &data)
		if errors.Is(err, sql.ErrNoRows) {
			break
		}
		if err != nil {
			return err
		}
		if b, err := db.CreateBlob(ctx, name, bytes.NewReader(data), store.MaxAttachmentSize); err != nil || b.Hash != hash {
			// Damaged bytes are kept, in quarantine, and said so.
			db.Logf("attachment %s could not move to the file store (%v); its bytes are in quarantine", hash, err)
			if _, err := db.db.ExecContext(ctx, "INSERT INTO quarantine (doc_id, source, reason, bytes, found_at) VALUES (?, 'attachment', ?, ?, ?)",
				hash, fmt.Sprintf("an image that could not move to the file store: %v", err), data, db.Now().UnixMilli()); err != nil {
				return err
			}
		}
		if err := <-db.w.submit("", "", func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "DELETE FROM attachments WHERE hash = ?", hash)
			return err
		}); err != nil {
			return err
		}
	}
	var built string
	err := db.db.QueryRowContext(ctx, "SELECT value FROM local WHERE key = 'blob_refs_built'").Scan(&built)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		for i, q := range []string{
			"SELECT id, packed_body FROM pages", // unpacked below
			"SELECT id, body FROM posts WHERE body LIKE '%attachment:%' UNION ALL SELECT post_id, body FROM post_replies WHERE body LIKE '%attachment:%'",
			"SELECT chunk_id, body FROM chat_messages WHERE body LIKE '%attachment:%' AND NOT deleted",
			"SELECT id, plans || ' ' || progress || ' ' || problems || ' ' || blockers FROM checkins WHERE (plans || progress || problems || blockers) LIKE '%attachment:%'",
		} {
			rows, err := tx.QueryContext(ctx, q)
			if err != nil {
				return fmt.Errorf("record the files documents name: %w", err)
			}
			var refs [][2]string
			for rows.Next() {
				var id, text string
				if err := rows.Scan(&id, &text); err != nil {
					rows.Close()
					return err
				}
				if i == 0 {
					// A page's body is packed; one that is damaged names no
					// file until its row is rebuilt (and written again).
					text, _ = unpackBody([]byte(text))
				}
				for _, h := range store.AttachmentRefs(text) {
					refs = append(refs, [2]string{id, h})
				}
			}
			rows.Close()
			for _, r := range refs {
				if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO blob_refs (doc_id, blob) VALUES (?, ?)", r[0], r[1]); err != nil {
					return err
				}
			}
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO local (key, value) VALUES ('blob_refs_built', '1')")
		return err
	})
}
