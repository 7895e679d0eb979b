package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/longhand/longhand/store"
)

var _ store.MirrorStateService = (*DB)(nil)

// FindMirrorFolder returns the folder the pages are mirrored to, or "".
func (db *DB) FindMirrorFolder(ctx context.Context) (string, error) {
	var folder string
	err := db.db.QueryRowContext(ctx, "SELECT folder FROM mirror_settings WHERE id = 1").Scan(&folder)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("find mirror folder: %w", err)
	}
	return folder, nil
}

// SetMirrorFolder sets the mirrored folder and forgets the files of the
// one before, in one transaction. Setting the same folder again keeps them.
func (db *DB) SetMirrorFolder(ctx context.Context, folder string) error {
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		var prev string
		err := tx.QueryRowContext(ctx, "SELECT folder FROM mirror_settings WHERE id = 1").Scan(&prev)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("set mirror folder: %w", err)
		}
		if prev == folder && folder != "" {
			return nil // the same folder again: what it holds is still known
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO mirror_settings (id, folder) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET folder = excluded.folder", folder); err != nil {
			return fmt.Errorf("set mirror folder: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM mirror_files"); err != nil {
			return fmt.Errorf("forget mirror files: %w", err)
		}
		return nil
	})
}

// MirrorOwner returns this database's mark for mirrored folders, making
// it the first time.
func (db *DB) MirrorOwner(ctx context.Context) (string, error) {
	var owner string
	err := <-db.w.submit("", "", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, "SELECT owner FROM mirror_settings WHERE id = 1").Scan(&owner)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("find mirror owner: %w", err)
		}
		if owner != "" {
			return nil
		}
		var b [16]byte
		rand.Read(b[:])
		owner = hex.EncodeToString(b[:])
		_, err = tx.ExecContext(ctx, "INSERT INTO mirror_settings (id, owner) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET owner = excluded.owner", owner)
		if err != nil {
			return fmt.Errorf("make mirror owner: %w", err)
		}
		return nil
	})
	return owner, err
}

// FindMirrorFiles lists what the mirror remembers of every file.
func (db *DB) FindMirrorFiles(ctx context.Context) ([]store.MirrorFile, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT page_id, path, place, title, body, hash FROM mirror_files ORDER BY path")
	if err != nil {
		return nil, fmt.Errorf("find mirror files: %w", err)
	}
	defer rows.Close()
	var out []store.MirrorFile
	for rows.Next() {
		var f store.MirrorFile
		if err := rows.Scan(&f.Page, &f.Path, &f.Place, &f.Title, &f.Body, &f.Hash); err != nil {
			return nil, fmt.Errorf("find mirror files: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// SaveMirrorFile records one page's file.
func (db *DB) SaveMirrorFile(ctx context.Context, f store.MirrorFile) error {
	if err := f.Page.Validate(); err != nil {
		return err
	}
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO mirror_files (page_id, path, place, title, body, hash) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (page_id) DO UPDATE SET path = excluded.path, place = excluded.place, title = excluded.title,
			body = excluded.body, hash = excluded.hash`, f.Page, f.Path, f.Place, f.Title, f.Body, f.Hash)
		if err != nil {
			return fmt.Errorf("save mirror file of %s: %w", f.Page, err)
		}
		return nil
	})
}

// DeleteMirrorFile forgets one page's file.
func (db *DB) DeleteMirrorFile(ctx context.Context, page store.DocID) error {
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM mirror_files WHERE page_id = ?", page); err != nil {
			return fmt.Errorf("forget mirror file of %s: %w", page, err)
		}
		return nil
	})
}
