package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/longhand/longhand/store"
)

var _ store.AttachmentService = (*DB)(nil)

// CreateAttachment stores an image under the SHA-256 of its bytes. The
// same bytes stored again are the same row: the first name is kept.
func (db *DB) CreateAttachment(ctx context.Context, name string, data []byte) (*store.Attachment, error) {
	mime, err := store.ValidateAttachment(name, data)
	if err != nil {
		return nil, err
	}
	a := &store.Attachment{Hash: store.HashAttachment(data), Mime: mime, Name: store.AttachmentName(name),
		Size: int64(len(data)), Data: data, CreatedAt: db.Now()}
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO attachments (hash, mime, size, data, sum, name, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`,
			a.Hash, a.Mime, a.Size, a.Data, checksum(a.Data), a.Name, store.UnixMillis(a.CreatedAt))
		if err != nil {
			return fmt.Errorf("insert attachment %s: %w", a.Hash, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return db.FindAttachment(ctx, a.Hash)
}

// FindAttachment reads an attachment and checks its bytes against their
// checksum and hash; bytes that fail are reported, never served.
func (db *DB) FindAttachment(ctx context.Context, hash string) (*store.Attachment, error) {
	if err := store.ValidateAttachmentHash(hash); err != nil {
		return nil, err
	}
	var a store.Attachment
	var sum, created int64
	err := db.db.QueryRowContext(ctx, "SELECT hash, mime, size, data, sum, name, created_at FROM attachments WHERE hash = ?", hash).
		Scan(&a.Hash, &a.Mime, &a.Size, &a.Data, &sum, &a.Name, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.Errorf(store.ENOTFOUND, "This image is not stored on this device.")
	}
	if err != nil {
		return nil, fmt.Errorf("find attachment %s: %w", hash, err)
	}
	if checksum(a.Data) != sum || store.HashAttachment(a.Data) != a.Hash || int64(len(a.Data)) != a.Size {
		return nil, store.Errorf(store.EUNAVAILABLE, "The stored copy of this image is damaged.")
	}
	a.CreatedAt = store.FromUnixMillis(created)
	return &a, nil
}
