package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// What a peer sends that fails its check is kept in the quarantine table
// for someone to look at, but a peer (or a relay) can send such bytes
// without end, and this device would keep them all. So the quarantine
// keeps, of what came from peers, the newest maxPeerItems items and the
// newest maxPeerBytes of their bytes: an older item over the byte budget
// loses its bytes and says so in its reason, and an item past the count
// is deleted and counted in one record (source "dropped"), which says how
// many went and when the last did. The table does not know which peer
// sent an item, so the budget is one for all of them. What this device's
// own storage failed to load is never dropped.
const (
	maxPeerItems = 1000
	maxPeerBytes = 64 << 20
)

// droppedFormat is the reason of the record of dropped items; its count
// is read back from it.
const droppedFormat = "%d rejected items from peers were dropped, oldest first, to keep the quarantine within %d items; the last of them at %s."

// capPeerQuarantine holds the peers' items in the quarantine within
// maxPeerItems and maxPeerBytes.
func capPeerQuarantine(ctx context.Context, tx *sql.Tx, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `
		UPDATE quarantine SET bytes = X'',
			reason = reason || printf(' (Its %d bytes were dropped to keep the quarantine within %d MB of bytes from peers.)', length(bytes), ?)
		WHERE n IN (SELECT n FROM (
			SELECT n, sum(length(bytes)) OVER (ORDER BY n DESC) AS upto
			FROM quarantine WHERE source = 'peer' AND length(bytes) > 0)
		WHERE upto > ?)`, maxPeerBytes>>20, maxPeerBytes); err != nil {
		return fmt.Errorf("cap quarantine: %w", err)
	}
	old := "SELECT n FROM quarantine WHERE source = 'peer' ORDER BY n DESC LIMIT -1 OFFSET ?"
	res, err := tx.ExecContext(ctx, "DELETE FROM quarantine WHERE n IN ("+old+")", maxPeerItems)
	if err != nil {
		return fmt.Errorf("cap quarantine: %w", err)
	}
	dropped, err := res.RowsAffected()
	if err != nil || dropped == 0 {
		return err
	}
	var before int64
	var reason string
	switch err := tx.QueryRowContext(ctx, "SELECT reason FROM quarantine WHERE source = 'dropped'").Scan(&reason); err {
	case nil:
		fmt.Sscanf(reason, "%d", &before)
	case sql.ErrNoRows:
	default:
		return fmt.Errorf("cap quarantine: %w", err)
	}
	reason = fmt.Sprintf(droppedFormat, before+dropped, maxPeerItems, now.UTC().Format(time.RFC3339))
	if _, err := tx.ExecContext(ctx, "DELETE FROM quarantine WHERE source = 'dropped'"); err != nil {
		return fmt.Errorf("cap quarantine: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO quarantine (doc_id, source, reason, bytes, found_at) VALUES ('', 'dropped', ?, X'', ?)", reason, now.UnixMilli()); err != nil {
		return fmt.Errorf("cap quarantine: %w", err)
	}
	return nil
}
