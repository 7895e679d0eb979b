package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/video"
)

// This file keeps the rules of video messages however a video comes in:
// stored from this device (recorded or attached) or arrived whole from a
// peer, a video Longhand plays is read from its bytes and refused when it
// runs over 3:00 or says it is a third take.

// readVideo reads a stored blob that sniffs as a video. It returns nil for
// a file that is not a video Longhand plays (not WebM or MP4, or malformed
// as one): that stays a file, never shown as a video.
func (db *DB) readVideo(ctx context.Context, head []byte, chunks []string, size int64) (*store.Video, error) {
	if video.Sniff(head) == "" {
		return nil, nil
	}
	r := &blobReader{ctx: ctx, db: db, chunks: chunks, size: size, cur: -1}
	v, err := video.Probe(readerAt{r}, size)
	if store.ErrorCode(err) == store.EINVALID {
		return nil, nil
	}
	return v, err
}

// readerAt reads a blob at an offset through its reader.
type readerAt struct{ r io.ReadSeeker }

func (a readerAt) ReadAt(p []byte, off int64) (int, error) {
	if _, err := a.r.Seek(off, io.SeekStart); err != nil {
		return 0, err
	}
	n, err := io.ReadFull(a.r, p)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = io.EOF
	}
	return n, err
}

// insertVideo records what was read of a video, and takes up its
// transcript when that arrived before the video's bytes did.
func insertVideo(ctx context.Context, tx *sql.Tx, hash string, v *store.Video) error {
	take, summary, author := 0, "", store.DocID("")
	if v.Meta != nil {
		take, summary, author = v.Meta.Take, v.Meta.Summary, v.Meta.Author
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO videos (hash, mime, length_ms, take, summary) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (hash) DO NOTHING`, hash, v.Mime, v.Length.Milliseconds(), take, summary)
	if err != nil {
		return err
	}
	if author != "" {
		_, err := tx.ExecContext(ctx, "INSERT INTO video_authors (hash, author) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING", hash, author)
		if err != nil {
			return err
		}
	}
	return refreshTranscript(ctx, tx, hash)
}

// FindVideo returns what was read of a stored video (ENOTFOUND for a blob
// that is not one, or not here).
func (db *DB) FindVideo(ctx context.Context, hash string) (*store.Video, error) {
	if err := store.ValidateAttachmentHash(hash); err != nil {
		return nil, err
	}
	v := store.Video{HasVideo: true}
	var ms int64
	var take int
	var summary string
	var author store.DocID
	err := db.db.QueryRowContext(ctx, `SELECT mime, length_ms, take, summary, coalesce(a.author, '')
		FROM videos v LEFT JOIN video_authors a USING (hash) WHERE hash = ?`, hash).Scan(&v.Mime, &ms, &take, &summary, &author)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.Errorf(store.ENOTFOUND, "This file is not a video.")
	}
	if err != nil {
		return nil, fmt.Errorf("find video %s: %w", hash[:12], err)
	}
	v.Length = time.Duration(ms) * time.Millisecond
	if take > 0 {
		v.Meta = &store.VideoMeta{Take: take, Summary: summary, Author: author}
	}
	return &v, nil
}

// BlobRefusal returns why a file that arrived from a peer was refused, or
// "" when it was not.
func (db *DB) BlobRefusal(ctx context.Context, hash string) (string, error) {
	var reason string
	err := db.db.QueryRowContext(ctx, "SELECT reason FROM refused_blobs WHERE hash = ?", hash).Scan(&reason)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return reason, err
}

// refuseBlob drops a blob that arrived whole and broke a rule, and
// remembers why, so that it is never asked for again.
func refuseBlob(ctx context.Context, tx *sql.Tx, hash, reason string, now int64) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM blobs WHERE hash = ?", hash); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO refused_blobs (hash, reason, at) VALUES (?, ?, ?) ON CONFLICT (hash) DO NOTHING", hash, reason, now)
	return err
}
