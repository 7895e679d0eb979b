package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/longhand/longhand/store"
)

// Relay is a relay this device syncs through, as remembered.
type Relay struct {
	URL       string
	Workspace store.DocID
	Position  uint64
	AddedAt   int64 // Unix ms
	LastOKAt  int64 // Unix ms; 0 when it never answered
	LastError string
}

// AddRelay remembers a relay for the workspace; adding one already known
// changes nothing.
func (db *DB) AddRelay(ctx context.Context, url string, ws store.DocID) error {
	url = strings.TrimSpace(url)
	if !strings.HasPrefix(url, "wss://") && !strings.HasPrefix(url, "ws://127.0.0.1") && !strings.HasPrefix(url, "ws://localhost") {
		return store.Errorf(store.EINVALID, "A relay's address starts with wss:// (for example wss://relay.example.com/v1).")
	}
	if len(url) > 500 {
		return store.Errorf(store.EINVALID, "The relay's address is too long.")
	}
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO relays (url, workspace, added_at) VALUES (?, ?, ?) ON CONFLICT (url) DO NOTHING`,
			url, string(ws), db.Now().UnixMilli())
		return err
	})
}

// RemoveRelay forgets a relay and what was published to it.
func (db *DB) RemoveRelay(ctx context.Context, url string) error {
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		for _, q := range []string{"DELETE FROM relay_published WHERE url = ?", "DELETE FROM relay_blobs WHERE url = ?"} {
			if _, err := tx.ExecContext(ctx, q, url); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM relays WHERE url = ?", url)
		return err
	})
}

// FindRelays lists the relays, oldest first.
func (db *DB) FindRelays(ctx context.Context) ([]Relay, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT url, workspace, position, added_at, last_ok_at, last_error FROM relays ORDER BY added_at, url")
	if err != nil {
		return nil, fmt.Errorf("find relays: %w", err)
	}
	defer rows.Close()
	var out []Relay
	for rows.Next() {
		var r Relay
		var ws string
		var pos int64
		if err := rows.Scan(&r.URL, &ws, &pos, &r.AddedAt, &r.LastOKAt, &r.LastError); err != nil {
			return nil, err
		}
		r.Workspace, r.Position = store.DocID(ws), uint64(pos)
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetRelayStatus records what the last attempt to reach a relay said.
func (db *DB) SetRelayStatus(ctx context.Context, url string, ok bool, lastError string) error {
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		var err error
		if ok {
			_, err = tx.ExecContext(ctx, "UPDATE relays SET last_ok_at = ?, last_error = ? WHERE url = ?", db.Now().UnixMilli(), lastError, url)
		} else {
			_, err = tx.ExecContext(ctx, "UPDATE relays SET last_error = ? WHERE url = ?", lastError, url)
		}
		return err
	})
}

// RelayPosition returns the last stream position applied from the relay.
func (db *DB) RelayPosition(ctx context.Context, url string, ws store.DocID) (uint64, error) {
	var pos int64
	err := db.db.QueryRowContext(ctx, "SELECT position FROM relays WHERE url = ? AND workspace = ?", url, string(ws)).Scan(&pos)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, store.Errorf(store.ENOTFOUND, "The relay %s is not added to this workspace.", url)
	}
	return uint64(pos), err
}

// SetRelayPosition remembers the last stream position applied.
func (db *DB) SetRelayPosition(ctx context.Context, url string, ws store.DocID, pos uint64) error {
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE relays SET position = max(position, ?) WHERE url = ? AND workspace = ?", int64(pos), url, string(ws))
		return err
	})
}

// PublishedHeads returns, per document, the heads last published to the relay.
func (db *DB) PublishedHeads(ctx context.Context, url string, ws store.DocID) (map[store.DocID]string, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT doc_id, heads FROM relay_published WHERE url = ?", url)
	if err != nil {
		return nil, fmt.Errorf("published heads: %w", err)
	}
	defer rows.Close()
	out := map[store.DocID]string{}
	for rows.Next() {
		var id, heads string
		if err := rows.Scan(&id, &heads); err != nil {
			return nil, err
		}
		out[store.DocID(id)] = heads
	}
	return out, rows.Err()
}

// SetPublishedHeads remembers the heads last published of a document.
func (db *DB) SetPublishedHeads(ctx context.Context, url string, ws store.DocID, id store.DocID, heads string) error {
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO relay_published (url, doc_id, heads) VALUES (?, ?, ?)
			ON CONFLICT (url, doc_id) DO UPDATE SET heads = excluded.heads`, url, string(id), heads)
		return err
	})
}

// AddRelayKey keeps a key this device made, sealed to its own key.
func (db *DB) AddRelayKey(ctx context.Context, id [32]byte, grant []byte) error {
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO relay_keys (key_id, grant, created_at) VALUES (?, ?, ?)",
			id[:], grant, db.Now().UnixMilli())
		return err
	})
}

// FindRelayKeys returns the kept grants, oldest first.
func (db *DB) FindRelayKeys(ctx context.Context) ([][]byte, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT grant FROM relay_keys ORDER BY created_at, key_id")
	if err != nil {
		return nil, fmt.Errorf("find relay keys: %w", err)
	}
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		var g []byte
		if err := rows.Scan(&g); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// ResetRelay forgets the position applied, the heads published and the
// files put for a relay that lost its store: everything is read and sent
// again.
func (db *DB) ResetRelay(ctx context.Context, url string, ws store.DocID) error {
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE relays SET position = 0 WHERE url = ? AND workspace = ?", url, string(ws)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM relay_blobs WHERE url = ?", url); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM relay_published WHERE url = ?", url)
		return err
	})
}

// RelayIncarnation returns the relay stream's incarnation last seen.
func (db *DB) RelayIncarnation(ctx context.Context, url string, ws store.DocID) (uint64, error) {
	var inc int64
	err := db.db.QueryRowContext(ctx, "SELECT incarnation FROM relays WHERE url = ? AND workspace = ?", url, string(ws)).Scan(&inc)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, store.Errorf(store.ENOTFOUND, "The relay %s is not added to this workspace.", url)
	}
	return uint64(inc), err
}

// SetRelayIncarnation remembers the relay stream's incarnation.
func (db *DB) SetRelayIncarnation(ctx context.Context, url string, ws store.DocID, inc uint64) error {
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE relays SET incarnation = ? WHERE url = ? AND workspace = ?", int64(inc), url, string(ws))
		return err
	})
}
