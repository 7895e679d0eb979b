package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// BlobGrace is how long a file no document here names is kept before it
// is collected: long enough for a peer that still has an older version
// of a document naming it to ask for it.
const BlobGrace = 30 * 24 * time.Hour

// chunkGrace spares the chunks of a file still being stored, which are
// written before the file's row.
const chunkGrace = time.Hour

// TidyStats says what TidyBlobs did.
type TidyStats struct {
	Collected int   // files no document named for longer than the grace, removed
	Evicted   int   // files fetched from peers whose chunks the cache let go
	Freed     int64 // bytes of chunks removed
}

// TidyBlobs collects the files no document here has named for grace, and,
// while the files fetched from peers take more than the device's room for
// files, lets the least recently used of them go: their chunks are
// removed, their manifests kept, and they come back when someone opens
// them. A file stored on this device is never evicted (no peer is known
// to hold it), and one a document names is never collected.
func (db *DB) TidyBlobs(ctx context.Context, grace time.Duration) (TidyStats, error) {
	var st TidyStats
	set, err := db.BlobSettings(ctx)
	if err != nil {
		return st, err
	}
	now := db.Now()
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		// References of documents that are gone (purged) go with them.
		if _, err := tx.ExecContext(ctx, "DELETE FROM blob_refs WHERE NOT EXISTS (SELECT 1 FROM docs WHERE docs.id = blob_refs.doc_id)"); err != nil {
			return err
		}
		named := "EXISTS (SELECT 1 FROM blob_refs r WHERE r.blob = blobs.hash)"
		if _, err := tx.ExecContext(ctx, "UPDATE blobs SET orphan_at = 0 WHERE orphan_at != 0 AND "+named); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE blobs SET orphan_at = ? WHERE orphan_at = 0 AND NOT "+named, now.UnixMilli()); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM blobs WHERE orphan_at != 0 AND orphan_at < ?", now.Add(-grace).UnixMilli())
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		st.Collected = int(n)

		// The cache: fetched files, least recently used first, until the rest fit.
		var total int64
		if err := tx.QueryRowContext(ctx, "SELECT coalesce(sum(size), 0) FROM blobs WHERE fetched AND complete").Scan(&total); err != nil {
			return err
		}
		if total > set.CacheLimit {
			rows, err := tx.QueryContext(ctx, "SELECT hash, size FROM blobs WHERE fetched AND complete ORDER BY used_at, hash")
			if err != nil {
				return err
			}
			var evict []string
			for rows.Next() && total > set.CacheLimit {
				var h string
				var size int64
				if err := rows.Scan(&h, &size); err != nil {
					rows.Close()
					return err
				}
				evict = append(evict, h)
				total -= size
			}
			rows.Close()
			for _, h := range evict {
				if _, err := tx.ExecContext(ctx, "UPDATE blobs SET complete = 0, evicted = 1 WHERE hash = ?", h); err != nil {
					return err
				}
			}
			st.Evicted = len(evict)
		}

		// Chunks no whole file holds: of collected files, evicted ones
		// (unless a file still here shares them), and of stores cut short.
		var freed int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(length(data)), 0) FROM chunks c WHERE at < ? AND NOT EXISTS
			(SELECT 1 FROM blob_parts p JOIN blobs b ON b.hash = p.blob WHERE p.chunk = c.hash AND (b.complete OR NOT b.evicted))`,
			now.Add(-chunkGrace).UnixMilli()).Scan(&freed); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM chunks WHERE at < ? AND NOT EXISTS
			(SELECT 1 FROM blob_parts p JOIN blobs b ON b.hash = p.blob WHERE p.chunk = chunks.hash AND (b.complete OR NOT b.evicted))`,
			now.Add(-chunkGrace).UnixMilli()); err != nil {
			return err
		}
		st.Freed = freed
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("tidy files: %w", err)
	}
	return st, nil
}
