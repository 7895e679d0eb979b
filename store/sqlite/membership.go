package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
)

var _ store.MembershipService = (*DB)(nil)

// loadMembership reads and decodes the stored log, in a transaction or
// not, checking each entry's sum first. A damaged entry is an
// EUNAVAILABLE error naming it (left out, it could be the removal of a
// device whose signatures would then count); nothing is changed.
func loadMembership(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) ([]*membership.Entry, error) {
	rows, err := q.QueryContext(ctx, "SELECT hash, body, sum FROM membership_entries ORDER BY seq")
	if err != nil {
		return nil, fmt.Errorf("load membership: %w", err)
	}
	defer rows.Close()
	var out []*membership.Entry
	for rows.Next() {
		var hash, body []byte
		var sum int64
		if err := rows.Scan(&hash, &body, &sum); err != nil {
			return nil, fmt.Errorf("load membership: %w", err)
		}
		if checksum(body) != sum {
			return nil, store.Errorf(store.EUNAVAILABLE, "The membership log is damaged (entry %x fails its checksum). Restore the data folder from a backup.", hash[:6])
		}
		e, err := membership.Decode(body)
		if err != nil || hex.EncodeToString(hash) != e.Hash().String() {
			return nil, store.Errorf(store.EUNAVAILABLE, "The membership log is damaged (entry %x does not decode). Restore the data folder from a backup.", hash[:6])
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// MembershipEntries returns the decoded log in the order stored.
func (db *DB) MembershipEntries(ctx context.Context) ([]*membership.Entry, error) {
	return loadMembership(ctx, db.db)
}

// MembershipState folds the stored log.
func (db *DB) MembershipState(ctx context.Context) (*membership.State, error) {
	log, err := db.MembershipEntries(ctx)
	if err != nil {
		return nil, err
	}
	st, _ := membership.Fold(log)
	return st, nil
}

// FindMembershipEntries returns every stored entry's bytes in the order stored.
func (db *DB) FindMembershipEntries(ctx context.Context) ([][]byte, error) {
	log, err := db.MembershipEntries(ctx)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, len(log))
	for i, e := range log {
		out[i] = e.Bytes()
	}
	return out, nil
}

// AppendMembership stores an entry this device signed. It goes through the
// same verification as entries from outside, and is refused with
// EFORBIDDEN, not quarantined, when it does not hold.
func (db *DB) AppendMembership(ctx context.Context, e *membership.Entry) error {
	res, err := db.AddMembershipEntries(ctx, [][]byte{e.Bytes()})
	if err != nil {
		return err
	}
	if r := res[0]; !r.Stored && !r.Duplicate {
		_ = db.dropQuarantined(ctx, r.Hash)
		return store.Errorf(store.EFORBIDDEN, "%s", r.Reason)
	}
	return nil
}

func (db *DB) dropQuarantined(ctx context.Context, hash string) error {
	h, _ := hex.DecodeString(hash)
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM membership_quarantine WHERE hash = ?", h)
		return err
	})
}

// AddMembershipEntries verifies and stores entries from another device.
// When it stores any, it calls OnMembershipChange, after unlocking.
func (db *DB) AddMembershipEntries(ctx context.Context, raws [][]byte) (_ []store.EntryResult, err error) {
	changed := false
	defer func() {
		if changed && db.OnMembershipChange != nil {
			db.OnMembershipChange()
		}
	}()
	db.membershipMu.Lock()
	defer db.membershipMu.Unlock()
	known, err := db.MembershipEntries(ctx)
	if err != nil {
		return nil, err
	}
	have, stored := map[membership.Hash]bool{}, map[membership.Hash]bool{}
	for _, e := range known {
		have[e.Hash()], stored[e.Hash()] = true, true
	}
	// Entries quarantined only for lack of a parent are tried again with
	// this batch, which may bring the parent.
	asked := len(raws)
	orphans, err := db.orphans(ctx)
	if err != nil {
		return nil, err
	}
	raws = append(raws[:asked:asked], orphans...)
	results := make([]store.EntryResult, len(raws))
	type pending struct {
		i int
		e *membership.Entry
	}
	var waiting []pending
	var accepted []*membership.Entry
	var quarantined []int
	for i, raw := range raws {
		sum := sha256.Sum256(raw)
		results[i].Hash = hex.EncodeToString(sum[:])
		if have[sum] {
			results[i].Duplicate = true
			continue
		}
		e, err := membership.Decode(raw)
		if err != nil {
			results[i].Reason = store.ErrorMessage(err)
			quarantined = append(quarantined, i)
			continue
		}
		have[sum] = true // a second copy in the batch is a duplicate
		waiting = append(waiting, pending{i, e})
	}
	// Entries of a batch may come in any order: try again while any of
	// them finds its parents among those accepted so far.
	for progress := true; progress && len(waiting) > 0; {
		progress = false
		var still []pending
		for _, p := range waiting {
			parentsKnown := true
			for _, ph := range p.e.Parents {
				if !stored[ph] {
					parentsKnown = false
				}
			}
			if !parentsKnown {
				still = append(still, p)
				continue
			}
			progress = true
			if why := membership.Authorize(known, p.e); why != "" {
				results[p.i].Reason = why
				quarantined = append(quarantined, p.i)
				continue
			}
			known = append(known, p.e)
			stored[p.e.Hash()] = true
			accepted = append(accepted, p.e)
			results[p.i].Stored = true
		}
		waiting = still
	}
	for _, p := range waiting {
		results[p.i].Reason = membership.Authorize(known, p.e) // names the missing parent
		quarantined = append(quarantined, p.i)
	}
	now := db.Now().UnixMilli()
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		for _, e := range accepted {
			h := e.Hash()
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO membership_entries (hash, seq, body, sum, received_at)
				VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM membership_entries), ?, ?, ?)`,
				h[:], e.Bytes(), checksum(e.Bytes()), now); err != nil {
				return fmt.Errorf("store membership entry: %w", err)
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM membership_quarantine WHERE hash = ?", h[:]); err != nil {
				return err
			}
		}
		for _, i := range quarantined {
			h, _ := hex.DecodeString(results[i].Hash)
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO membership_quarantine (hash, body, reason, received_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (hash) DO UPDATE SET reason = excluded.reason, received_at = excluded.received_at`,
				h, raws[i], results[i].Reason, now); err != nil {
				return fmt.Errorf("quarantine membership entry: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	db.myRole.Store(0) // the log changed: work my role out again
	changed = len(accepted) > 0
	return results[:asked], nil
}

// Roles as myRole caches them.
const (
	roleUnknown int32 = iota
	roleWriter
	roleGuest
)

// refuseGuest refuses a change to pages when this device's member is a
// guest, who comments but does not change pages: sync would refuse the
// change anyway, and the page would never sync again.
func (db *DB) refuseGuest(ctx context.Context) error {
	if db.guest(ctx) {
		return store.Errorf(store.EFORBIDDEN, "As a guest you can read and comment on pages, but not change them.")
	}
	return nil
}

// guest says whether the person using this device is a guest.
func (db *DB) guest(ctx context.Context) bool {
	r := db.myRole.Load()
	if r == roleUnknown {
		r = roleWriter
		me, err := db.me(ctx)
		if err == nil {
			if st, err := db.MembershipState(ctx); err == nil {
				if m := st.Members[me]; m != nil && m.Role == membership.RoleGuest {
					r = roleGuest
				}
			}
		}
		db.myRole.Store(r)
	}
	return r == roleGuest
}

// orphanReason starts the reason of an entry quarantined for lack of a parent.
const orphanReason = "It follows an entry this device does not have"

// orphans returns the quarantined entries that lacked a parent.
func (db *DB) orphans(ctx context.Context) ([][]byte, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT body FROM membership_quarantine WHERE reason LIKE ? ORDER BY hash", orphanReason+"%")
	if err != nil {
		return nil, fmt.Errorf("find orphans: %w", err)
	}
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, fmt.Errorf("find orphans: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// FindQuarantine lists refused entries, newest first.
func (db *DB) FindQuarantine(ctx context.Context) ([]store.QuarantinedEntry, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT hash, length(body), reason, received_at FROM membership_quarantine ORDER BY received_at DESC, hash")
	if err != nil {
		return nil, fmt.Errorf("find quarantine: %w", err)
	}
	defer rows.Close()
	var out []store.QuarantinedEntry
	for rows.Next() {
		var q store.QuarantinedEntry
		var h []byte
		var at int64
		if err := rows.Scan(&h, &q.Size, &q.Reason, &at); err != nil {
			return nil, fmt.Errorf("find quarantine: %w", err)
		}
		q.Hash, q.ReceivedAt = hex.EncodeToString(h), store.FromUnixMillis(at)
		out = append(out, q)
	}
	return out, rows.Err()
}
