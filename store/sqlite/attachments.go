package sqlite

import (
	"bytes"
	"context"
	"io"

	"github.com/longhand/longhand/store"
)

var _ store.AttachmentService = (*DB)(nil)

// CreateAttachment stores an image as a blob. The same bytes stored again
// are the same blob: the first name is kept.
func (db *DB) CreateAttachment(ctx context.Context, name string, data []byte) (*store.Attachment, error) {
	if _, err := store.ValidateAttachment(name, data); err != nil {
		return nil, err
	}
	b, err := db.CreateBlob(ctx, name, bytes.NewReader(data), store.MaxAttachmentSize)
	if err != nil {
		return nil, err
	}
	return db.FindAttachment(ctx, b.Hash)
}

// FindAttachment reads an image whole, every chunk checked against its
// hash and the whole against the attachment's; bytes that fail are
// reported, never served.
func (db *DB) FindAttachment(ctx context.Context, hash string) (*store.Attachment, error) {
	r, b, err := db.OpenBlob(ctx, hash)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if store.MimeExt(b.Mime) == ".bin" { // not one of the images Longhand shows
		return nil, store.Errorf(store.EINVALID, "This file is not an image.")
	}
	if b.Size > store.MaxAttachmentSize {
		return nil, store.Errorf(store.EINVALID, "This image is larger than %d MB.", store.MaxAttachmentSize>>20)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if store.HashAttachment(data) != b.Hash || int64(len(data)) != b.Size {
		return nil, store.Errorf(store.EUNAVAILABLE, "The stored copy of this image is damaged.")
	}
	return &store.Attachment{Hash: b.Hash, Mime: b.Mime, Name: b.Name, Size: b.Size, Data: data, CreatedAt: b.CreatedAt}, nil
}
