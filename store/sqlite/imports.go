package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/longhand/longhand/store"
)

var _ store.ImportService = (*DB)(nil)

// StartImport records a new import of folder into space.
func (db *DB) StartImport(ctx context.Context, space store.DocID, folder string) (*store.Import, error) {
	im := &store.Import{ID: newID(), Space: space, Folder: folder, Started: store.FromUnixMillis(db.Now().UnixMilli())}
	err := <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO imports (id, space, folder, started) VALUES (?, ?, ?, ?)", im.ID, string(space), folder, im.Started.UnixMilli())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("start import: %w", err)
	}
	return im, nil
}

const importColumns = `SELECT i.id, i.space, i.folder, i.total, i.started,
	(SELECT count(*) FROM import_pages p WHERE p.import = i.id) FROM imports i WHERE i.ended IS NULL`

func scanImport(sc interface{ Scan(...any) error }) (store.Import, error) {
	var im store.Import
	var started int64
	err := sc.Scan(&im.ID, &im.Space, &im.Folder, &im.Total, &started, &im.Done)
	im.Started = store.FromUnixMillis(started)
	return im, err
}

// FindImports lists the imports that have not ended, oldest first.
func (db *DB) FindImports(ctx context.Context) ([]store.Import, error) {
	rows, err := db.db.QueryContext(ctx, importColumns+" ORDER BY i.started, i.id")
	if err != nil {
		return nil, fmt.Errorf("find imports: %w", err)
	}
	defer rows.Close()
	out := []store.Import{}
	for rows.Next() {
		im, err := scanImport(rows)
		if err != nil {
			return nil, fmt.Errorf("find imports: %w", err)
		}
		out = append(out, im)
	}
	return out, rows.Err()
}

// FindImport returns an import that has not ended.
func (db *DB) FindImport(ctx context.Context, id string) (*store.Import, error) {
	im, err := scanImport(db.db.QueryRowContext(ctx, importColumns+" AND i.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.Errorf(store.ENOTFOUND, "This import has ended; start it again to import the folder anew.")
	}
	if err != nil {
		return nil, fmt.Errorf("find import: %w", err)
	}
	return &im, nil
}

// SetImportTotal records how many pages an import makes in all.
func (db *DB) SetImportTotal(ctx context.Context, id string, total int) error {
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE imports SET total = ? WHERE id = ?", total, id)
		return err
	})
}

// ImportedPages returns the pages an import made, by file or folder.
func (db *DB) ImportedPages(ctx context.Context, id string) (map[string]store.DocID, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT key, page FROM import_pages WHERE import = ?", id)
	if err != nil {
		return nil, fmt.Errorf("find imported pages: %w", err)
	}
	defer rows.Close()
	out := map[string]store.DocID{}
	for rows.Next() {
		var key string
		var page store.DocID
		if err := rows.Scan(&key, &page); err != nil {
			return nil, fmt.Errorf("find imported pages: %w", err)
		}
		out[key] = page
	}
	return out, rows.Err()
}

// CreateImportedPage makes a page and records it as the one key became,
// in the transaction that stores the page.
func (db *DB) CreateImportedPage(ctx context.Context, id, key string, np store.NewPage) (*store.Page, error) {
	return db.createPage(ctx, np, func(tx *sql.Tx, page store.DocID) error {
		res, err := tx.ExecContext(ctx, "INSERT INTO import_pages (import, key, page) SELECT id, ?, ? FROM imports WHERE id = ? AND ended IS NULL", key, string(page), id)
		if err != nil {
			return fmt.Errorf("record imported page: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return store.Errorf(store.ENOTFOUND, "This import has ended.")
		}
		return nil
	})
}

// EndImport ends an import and forgets its record of pages.
func (db *DB) EndImport(ctx context.Context, id string) error {
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM import_pages WHERE import = ?", id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE imports SET ended = ? WHERE id = ?", db.Now().UnixMilli(), id)
		return err
	})
}
