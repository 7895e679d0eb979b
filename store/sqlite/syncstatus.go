package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/longhand/longhand/store"
)

// PeerRecord is what this device knows of a peer device from sessions.
type PeerRecord struct {
	Device    string // hex device ID
	Member    store.DocID
	Name      string // the member's name, when known
	Address   string
	LastSync  time.Time // zero before the first completed session
	LastError string
	ErrorAt   time.Time
	InSync    int // documents whose heads are still those the peer confirmed
	Unsent    int // documents changed here since the peer confirmed them, or never confirmed
	Behind    int // documents the peer has changed that a session cut short did not bring here
}

// RecordSession stores the end of a session: the peer's confirmations
// when it completed, or its error and how many documents the peer had
// changed that did not arrive (behind). confirmed holds the heads both
// sides held at the end, per document.
func (db *DB) RecordSession(ctx context.Context, device string, member store.DocID, address string,
	confirmed map[store.DocID]string, behind int, sessionErr error) error {
	now := db.Now().UnixMilli()
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sync_peers (device, member_id, address, last_sync) VALUES (?, ?, ?, 0)
			ON CONFLICT (device) DO UPDATE SET member_id = excluded.member_id,
				address = CASE WHEN excluded.address != '' THEN excluded.address ELSE address END`, device, member, address)
		if err != nil {
			return fmt.Errorf("record session: %w", err)
		}
		if sessionErr != nil {
			_, err := tx.ExecContext(ctx, "UPDATE sync_peers SET last_error = ?, error_at = ?, behind = ? WHERE device = ?", sessionErr.Error(), now, behind, device)
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE sync_peers SET last_sync = ?, last_error = '', error_at = 0, behind = 0 WHERE device = ?", now, device); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO sync_confirmed (device, doc_id, heads) VALUES (?, ?, ?)
			ON CONFLICT (device, doc_id) DO UPDATE SET heads = excluded.heads WHERE heads != excluded.heads`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for id, h := range confirmed {
			if _, err := stmt.ExecContext(ctx, device, id, h); err != nil {
				return fmt.Errorf("record session: %w", err)
			}
		}
		return nil
	})
}

// FindPeers lists the peers this device has had sessions with, with how
// many documents each holds as this device does.
func (db *DB) FindPeers(ctx context.Context) ([]PeerRecord, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT p.device, p.member_id, coalesce(m.name, ''), p.address, p.last_sync, p.last_error, p.error_at, p.behind,
			(SELECT count(*) FROM sync_confirmed c JOIN docs d ON d.id = c.doc_id AND d.heads = c.heads WHERE c.device = p.device),
			(SELECT count(*) FROM docs WHERE damaged = '')
		FROM sync_peers p LEFT JOIN members m ON m.id = p.member_id
		ORDER BY p.last_sync DESC, p.device`)
	if err != nil {
		return nil, fmt.Errorf("find peers: %w", err)
	}
	defer rows.Close()
	var out []PeerRecord
	for rows.Next() {
		var p PeerRecord
		var last, errAt int64
		var total int
		if err := rows.Scan(&p.Device, &p.Member, &p.Name, &p.Address, &last, &p.LastError, &errAt, &p.Behind, &p.InSync, &total); err != nil {
			return nil, fmt.Errorf("find peers: %w", err)
		}
		p.LastSync, p.ErrorAt = store.FromUnixMillis(last), store.FromUnixMillis(errAt)
		p.Unsent = max(total-p.InSync, 0)
		out = append(out, p)
	}
	return out, rows.Err()
}

// DocPeerStatus is one document's status with one peer.
type DocPeerStatus struct {
	Device   string
	Name     string
	InSync   bool      // the peer confirmed the document's current heads
	LastSync time.Time // when it last confirmed anything
}

// FindDocStatus says, per peer, whether it confirmed a document as it is now.
// Edits not yet folded into the document are changes no peer has: the
// page reads as not in sync without folding them early, since the editor
// asks while its person types.
func (db *DB) FindDocStatus(ctx context.Context, id store.DocID) ([]DocPeerStatus, error) {
	db.mu.Lock()
	p := db.pages[id]
	pending := p != nil && (p.dirty > 0 || len(p.pending) > 0)
	db.mu.Unlock()
	rows, err := db.db.QueryContext(ctx, `
		SELECT p.device, coalesce(m.name, ''), p.last_sync,
			coalesce((SELECT c.heads = d.heads FROM sync_confirmed c JOIN docs d ON d.id = c.doc_id WHERE c.device = p.device AND c.doc_id = ?1), 0)
		FROM sync_peers p LEFT JOIN members m ON m.id = p.member_id
		ORDER BY p.last_sync DESC, p.device`, id)
	if err != nil {
		return nil, fmt.Errorf("find status of %s: %w", id, err)
	}
	defer rows.Close()
	var out []DocPeerStatus
	for rows.Next() {
		var s DocPeerStatus
		var last int64
		if err := rows.Scan(&s.Device, &s.Name, &last, &s.InSync); err != nil {
			return nil, fmt.Errorf("find status of %s: %w", id, err)
		}
		s.LastSync = store.FromUnixMillis(last)
		s.InSync = s.InSync && !pending
		out = append(out, s)
	}
	return out, rows.Err()
}

// AddSyncAddress remembers an address a person typed in.
func (db *DB) AddSyncAddress(ctx context.Context, addr string) error {
	now := db.Now().UnixMilli()
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO sync_addresses (address, added_at) VALUES (?, ?)", addr, now)
		return err
	})
}

// RemoveSyncAddress forgets a typed-in address.
func (db *DB) RemoveSyncAddress(ctx context.Context, addr string) error {
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM sync_addresses WHERE address = ?", addr)
		return err
	})
}

// FindSyncAddresses lists the typed-in addresses, oldest first.
func (db *DB) FindSyncAddresses(ctx context.Context) ([]string, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT address FROM sync_addresses ORDER BY added_at, address")
	if err != nil {
		return nil, fmt.Errorf("find addresses: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ConfirmedHeads gives the heads of a document that a device confirmed
// holding at the end of its last session with this one, "" when none.
func (db *DB) ConfirmedHeads(ctx context.Context, device string, id store.DocID) (string, error) {
	var heads string
	err := db.db.QueryRowContext(ctx, "SELECT heads FROM sync_confirmed WHERE device = ? AND doc_id = ?", device, id).Scan(&heads)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("confirmed heads of %s: %w", id, err)
	}
	return heads, nil
}
