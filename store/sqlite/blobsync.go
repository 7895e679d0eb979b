package sqlite

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"
	"sync"

	"github.com/longhand/longhand/store"
)

// This file is the store's side of fetching blobs from peers: which blobs
// this device lacks, a blob's manifest for a peer that may have it, and
// taking in a peer's manifests and chunks, each checked before it is kept.

// WantBlob asks for a blob that is not here, as opening it does when this
// device fetches files only when they are opened.
func (db *DB) WantBlob(hash string) error {
	if err := store.ValidateAttachmentHash(hash); err != nil {
		return err
	}
	db.blobMu.Lock()
	defer db.blobMu.Unlock()
	if db.blobWants == nil {
		db.blobWants = map[string]bool{}
	}
	db.blobWants[hash] = true
	return nil
}

// BlobWants lists up to limit blobs this device should fetch and does not
// hold whole: every blob a document here names, or, when fetching only on
// demand, those asked for.
func (db *DB) BlobWants(ctx context.Context, limit int) ([]string, error) {
	s, err := db.BlobSettings(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	if s.FetchAll {
		// Not one the cache let go: that comes back when someone opens it.
		rows, err := db.db.QueryContext(ctx, `SELECT DISTINCT r.blob FROM blob_refs r
			WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.hash = r.blob AND (b.complete OR b.evicted))
			AND NOT EXISTS (SELECT 1 FROM refused_blobs f WHERE f.hash = r.blob) LIMIT ?`, limit)
		if err != nil {
			return nil, fmt.Errorf("find files to fetch: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var h string
			if err := rows.Scan(&h); err != nil {
				return nil, err
			}
			out = append(out, h)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	db.blobMu.Lock()
	asked := make([]string, 0, len(db.blobWants))
	for h := range db.blobWants {
		asked = append(asked, h)
	}
	db.blobMu.Unlock()
	for _, h := range asked {
		if len(out) >= limit {
			break
		}
		reason, _ := db.BlobRefusal(ctx, h)
		if b, err := db.FindBlob(ctx, h); reason != "" || err == nil && b.Complete {
			db.blobMu.Lock()
			delete(db.blobWants, h)
			db.blobMu.Unlock()
			continue
		}
		if !s.FetchAll || !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out, nil
}

// BlobManifest returns the manifest of a blob this device holds whole, for
// a peer that asked for it: only when a document here names it, and, for a
// guest (spaces not nil), a page in one of the guest's spaces.
func (db *DB) BlobManifest(ctx context.Context, hash string, spaces map[store.DocID]bool) (*store.BlobManifest, error) {
	b, err := db.FindBlob(ctx, hash)
	if err != nil {
		return nil, err
	}
	if !b.Complete {
		return nil, store.Errorf(store.ENOTFOUND, "This file is not whole on this device.")
	}
	rows, err := db.db.QueryContext(ctx, `SELECT coalesce(p.space_id, '') FROM blob_refs r LEFT JOIN pages p ON p.id = r.doc_id
		WHERE r.blob = ?`, hash)
	if err != nil {
		return nil, fmt.Errorf("find what names %s: %w", hash, err)
	}
	defer rows.Close()
	named := false
	for rows.Next() {
		var space store.DocID
		if err := rows.Scan(&space); err != nil {
			return nil, err
		}
		if spaces == nil || space != "" && spaces[space] {
			named = true
			break
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !named {
		return nil, store.Errorf(store.EFORBIDDEN, "No document the peer may read names this file.")
	}
	m, err := db.manifest(ctx, b)
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// AddBlobManifest records the manifest a peer sent for a blob this device
// wants, and returns the hashes of its chunks not here yet, in order. A
// manifest for a blob nobody here asked for, or a malformed one, is
// refused; one over this device's size limit is refused with EINVALID.
func (db *DB) AddBlobManifest(ctx context.Context, m store.BlobManifest) ([]string, error) {
	s, err := db.BlobSettings(ctx)
	if err != nil {
		return nil, err
	}
	if err := m.Validate(s.MaxFileSize); err != nil {
		return nil, err
	}
	if reason, err := db.BlobRefusal(ctx, m.Hash); err != nil || reason != "" {
		return nil, cmp.Or(err, error(store.Errorf(store.EINVALID, "%s was refused before: %s", m.Hash[:12], reason)))
	}
	var named bool
	if err := db.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM blob_refs WHERE blob = ?)", m.Hash).Scan(&named); err != nil {
		return nil, err
	}
	db.blobMu.Lock()
	named = named || db.blobWants[m.Hash]
	db.blobMu.Unlock()
	if !named {
		return nil, store.Errorf(store.EFORBIDDEN, "A peer sent the manifest of %s, a file this device did not ask for.", m.Hash[:12])
	}
	m.Name = store.AttachmentName(m.Name)
	now := db.Now().UnixMilli()
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		if err := insertManifest(ctx, tx, m, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE blobs SET fetched = 1, evicted = 0 WHERE hash = ? AND NOT complete", m.Hash)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("record the manifest of %s: %w", m.Hash, err)
	}
	missing, err := db.missingChunks(ctx, m.Hash)
	if err != nil {
		return nil, err
	}
	if len(missing) == 0 {
		if err := db.completeBlob(ctx, m.Hash); err != nil {
			return nil, err
		}
	}
	return missing, nil
}

func (db *DB) missingChunks(ctx context.Context, blob string) ([]string, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT chunk FROM blob_parts p WHERE blob = ?
		AND NOT EXISTS (SELECT 1 FROM chunks c WHERE c.hash = p.chunk) ORDER BY idx`, blob)
	if err != nil {
		return nil, fmt.Errorf("find the missing pieces of %s: %w", blob, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out, rows.Err()
}

// ErrBadChunk says a peer sent bytes that are not what it said they were.
var ErrBadChunk = store.ErrBadChunk

// TakeChunk stores a chunk a peer sent: only one a blob here is waiting
// for, and only when its bytes hash to its name. A blob it makes whole is
// checked whole against its own hash before it counts as complete; one
// that fails is dropped with an error, so its chunks are asked again.
func (db *DB) TakeChunk(ctx context.Context, hash string, data []byte) error {
	c, err := store.VerifyChunk(hash, data)
	if err != nil {
		return err
	}
	_, err = db.TakeChunks(ctx, []store.VerifiedChunk{c})
	return err
}

// TakeChunks stores chunks a peer sent, already checked against their
// hashes (store.VerifyChunk), in one transaction: the chunks a blob here
// waits for, in order, up to the first that none waits for, which is
// refused (EFORBIDDEN) with those after it. It returns how many it stored.
// Each blob they make whole is checked as TakeChunk's are.
func (db *DB) TakeChunks(ctx context.Context, chunks []store.VerifiedChunk) (int, error) {
	var blobs []string // the blobs these chunks belong to, each once
	fresh := map[string][]byte{}
	var refused error
	for i, c := range chunks {
		n := len(blobs)
		rows, err := db.db.QueryContext(ctx, `SELECT DISTINCT p.blob FROM blob_parts p JOIN blobs b ON b.hash = p.blob
			WHERE p.chunk = ? AND NOT b.complete`, c.Hash())
		if err != nil {
			return 0, err
		}
		waited := false
		for rows.Next() {
			var b string
			if err := rows.Scan(&b); err != nil {
				rows.Close()
				return 0, err
			}
			waited = true
			if !slices.Contains(blobs, b) {
				blobs = append(blobs, b)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
		if !waited {
			blobs = blobs[:n]
			chunks = chunks[:i]
			refused = store.Errorf(store.EFORBIDDEN, "A peer sent chunk %s, which no file here is waiting for.", c.Hash()[:12])
			break
		}
		fresh[c.Hash()] = c.Data()
	}
	if len(chunks) > 0 {
		now := db.Now().UnixMilli()
		err := <-db.w.submitPages(chunkWALPages*len(chunks), "", "", func(tx *sql.Tx) error {
			for _, c := range chunks {
				if _, err := tx.ExecContext(ctx, "INSERT INTO chunks (hash, data, sum, at) VALUES (?, ?, ?, ?) ON CONFLICT (hash) DO UPDATE SET at = excluded.at",
					c.Hash(), c.Data(), checksum(c.Data()), now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return 0, fmt.Errorf("store %d chunks: %w", len(chunks), err)
		}
	}
	errs := []error{refused}
	for _, b := range blobs {
		if sum := db.runningSum(ctx, b); sum != nil {
			sum.advance(ctx, db, fresh)
		}
		missing, err := db.missingChunks(ctx, b)
		if err != nil {
			return len(chunks), err
		}
		if len(missing) > 0 {
			if f := db.OnBlobProgress; f != nil {
				if bl, err := db.FindBlob(ctx, b); err == nil {
					f(b, bl.Have, bl.Parts)
				}
			}
			continue
		}
		errs = append(errs, db.completeBlob(ctx, b))
	}
	return len(chunks), errors.Join(errs...)
}

// maxRunningSums bounds the blobs arriving at once whose whole hash is
// kept running in memory; past it, one is forgotten and hashed from the
// store when it completes.
const maxRunningSums = 64

// runningSum is the SHA-256 of a blob's first chunks in the order of its
// manifest, fed as they are stored, so that a blob arriving in order is
// not read back whole to be checked when its last chunk comes: only the
// chunks it did not see are read then. It holds the manifest's hashes
// (under 0.5 MB for the largest file the settings allow) and no bytes of
// the file but the first 512, for sniffing. Every chunk it is fed was checked against its hash,
// so the sum is the one reading the chunks back would give.
type runningSum struct {
	mu     sync.Mutex
	chunks []string // the manifest it was started from
	next   int      // chunks[:next] are in h
	n      int64    // the bytes of chunks[:next]
	h      hash.Hash
	head   headWriter
}

// runningSum returns the running sum of a blob being fetched, starting one
// if there is none; nil when its manifest cannot be read.
func (db *DB) runningSum(ctx context.Context, blob string) *runningSum {
	db.blobMu.Lock()
	s := db.sums[blob]
	db.blobMu.Unlock()
	if s != nil {
		return s
	}
	b, err := db.FindBlob(ctx, blob)
	if err != nil {
		return nil
	}
	m, err := db.manifest(ctx, b)
	if err != nil {
		return nil
	}
	db.blobMu.Lock()
	defer db.blobMu.Unlock()
	if s := db.sums[blob]; s != nil {
		return s
	}
	if db.sums == nil {
		db.sums = map[string]*runningSum{}
	}
	if len(db.sums) >= maxRunningSums {
		for k := range db.sums { // most likely one left by a transfer that stopped
			delete(db.sums, k)
			break
		}
	}
	s = &runningSum{chunks: m.Chunks, h: sha256.New()}
	db.sums[blob] = s
	return s
}

// advance feeds the sum the chunks that follow what it holds: the bytes
// just stored (fresh), or else those stored here before, until one that
// is not here yet.
func (s *runningSum) advance(ctx context.Context, db *DB, fresh map[string][]byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.next < len(s.chunks) {
		data, ok := fresh[s.chunks[s.next]]
		if !ok {
			var err error
			if data, err = db.readChunk(ctx, s.chunks[s.next]); err != nil {
				return // not here yet, or damaged: completeBlob reads it again
			}
		}
		want := store.ChunkSize
		if s.next == len(s.chunks)-1 {
			want = len(data) // the last may be short; completeBlob checks the size
		}
		if len(data) != want {
			return
		}
		s.head.Write(data)
		s.h.Write(data)
		s.next++
		s.n += int64(len(data))
	}
}

// completeBlob checks a blob whose chunks are all here against its hash,
// and marks it complete, or drops its manifest when the whole is wrong.
// The chunks its running sum saw are not read again.
func (db *DB) completeBlob(ctx context.Context, hash string) error {
	b, err := db.FindBlob(ctx, hash)
	if err != nil {
		return err
	}
	m, err := db.manifest(ctx, b)
	if err != nil {
		return err
	}
	db.blobMu.Lock()
	sum := db.sums[hash]
	delete(db.sums, hash)
	db.blobMu.Unlock()
	if sum != nil {
		sum.mu.Lock()
		if !slices.Equal(sum.chunks, m.Chunks) {
			sum.mu.Unlock()
			sum = nil // started from another manifest, dropped since
		}
	}
	if sum == nil {
		sum = &runningSum{chunks: m.Chunks, h: sha256.New()}
		sum.mu.Lock()
	}
	seen := sum.n
	r := &blobReader{ctx: ctx, db: db, chunks: m.Chunks, size: b.Size, off: min(seen, b.Size), cur: -1}
	n, err := io.Copy(io.MultiWriter(sum.h, &sum.head), r)
	ok := err == nil && seen <= b.Size && seen+n == b.Size && hex.EncodeToString(sum.h.Sum(nil)) == hash
	head := headWriter{b: slices.Clone(sum.head.b)}
	sum.next = len(sum.chunks) // done: a taker still holding it feeds it nothing more
	sum.mu.Unlock()            // before the callbacks below, which run outside any lock
	// A video is held to the rules however it came: the peer's word for
	// its type counts for nothing, its bytes are read again.
	var v *store.Video
	var refused error
	if ok {
		if v, err = db.readVideo(ctx, head.b, m.Chunks, b.Size); err != nil {
			return err
		}
		if v != nil {
			refused = v.Validate()
		}
	}
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		switch {
		case !ok:
			_, err := tx.ExecContext(ctx, "DELETE FROM blobs WHERE hash = ?", hash)
			return err
		case refused != nil:
			return refuseBlob(ctx, tx, hash, store.ErrorMessage(refused), db.Now().UnixMilli())
		case v != nil:
			if _, err := tx.ExecContext(ctx, "UPDATE blobs SET mime = ? WHERE hash = ?", v.Mime, hash); err != nil {
				return err
			}
			if err := insertVideo(ctx, tx, hash, v); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "UPDATE blobs SET complete = 1 WHERE hash = ?", hash)
		return err
	})
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("the pieces a peer sent for %s make another file: %w", hash[:12], ErrBadChunk)
	}
	if refused != nil {
		// Not the peer's fault, which may only pass it on: the session goes on.
		if f := db.OnBlobRefused; f != nil {
			f(hash, store.ErrorMessage(refused))
		}
		return nil
	}
	if f := db.OnBlobProgress; f != nil {
		f(hash, b.Parts, b.Parts)
	}
	return nil
}

// headWriter keeps the first bytes written to it, for sniffing.
type headWriter struct{ b []byte }

func (h *headWriter) Write(p []byte) (int, error) {
	if n := 512 - len(h.b); n > 0 {
		h.b = append(h.b, p[:min(n, len(p))]...)
	}
	return len(p), nil
}

// ReadChunk returns a chunk for a peer, checked as any read is.
func (db *DB) ReadChunk(ctx context.Context, hash string) ([]byte, error) {
	if err := store.ValidateAttachmentHash(hash); err != nil {
		return nil, err
	}
	return db.readChunk(ctx, hash)
}
