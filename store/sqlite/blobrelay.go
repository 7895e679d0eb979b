package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/longhand/longhand/store"
)

// This file is the store's side of carrying blobs through a relay: which
// blobs this device holds that a relay may still lack, and remembering
// those put there (migration 0019).

// BlobsToOffer returns the manifests of up to limit blobs held whole here
// that a document names and that were not put on the relay at url under
// the key named key.
func (db *DB) BlobsToOffer(ctx context.Context, url string, key [32]byte, limit int) ([]store.BlobManifest, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT b.hash FROM blobs b WHERE b.complete
		AND EXISTS (SELECT 1 FROM blob_refs r WHERE r.blob = b.hash)
		AND NOT EXISTS (SELECT 1 FROM relay_blobs u WHERE u.url = ? AND u.blob = b.hash AND u.key_id = ?)
		ORDER BY b.created_at, b.hash LIMIT ?`, url, key[:], limit)
	if err != nil {
		return nil, fmt.Errorf("find files to put on %s: %w", url, err)
	}
	var hashes []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			rows.Close()
			return nil, err
		}
		hashes = append(hashes, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]store.BlobManifest, 0, len(hashes))
	for _, h := range hashes {
		b, err := db.FindBlob(ctx, h)
		if store.ErrorCode(err) == store.ENOTFOUND {
			continue // collected since
		}
		if err != nil {
			return nil, err
		}
		m, err := db.manifest(ctx, b)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// SetBlobOffered remembers that the relay at url holds the blob's
// manifest and chunks under the key named key.
func (db *DB) SetBlobOffered(ctx context.Context, url string, key [32]byte, hash string) error {
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO relay_blobs (url, blob, key_id) SELECT ?, ?, ?
			WHERE EXISTS (SELECT 1 FROM blobs WHERE hash = ?) ON CONFLICT DO NOTHING`, url, hash, key[:], hash)
		return err
	})
}
