package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/longhand/longhand/store"
)

var _ store.NotifyService = (*DB)(nil)

// FindNotifySettings returns my notification settings; defaults when I
// never saved any. Blocks stored unreadably are reported and left out,
// never guessed at.
func (db *DB) FindNotifySettings(ctx context.Context) (store.NotifySettings, error) {
	var s store.NotifySettings
	me, err := db.me(ctx)
	if err != nil {
		return s, err
	}
	var blocks string
	var off int64
	err = db.db.QueryRowContext(ctx, `SELECT hidden FROM presence_settings WHERE member_id = ?`, me).Scan(&s.HidePresence)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("find presence settings: %w", err)
	}
	err = db.db.QueryRowContext(ctx, `SELECT mentions_break, blocks, blocks_off_until, keep_in_tray
		FROM notify_settings WHERE member_id = ?`, me).Scan(&s.MentionsBreakThrough, &blocks, &off, &s.KeepInTray)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("find notify settings: %w", err)
	}
	s.BlocksOffUntil = store.FromUnixMillis(off)
	if s.Blocks, err = store.DecodeFocusBlocks([]byte(blocks)); err != nil {
		db.Logf("notify settings: %v", err)
	}
	return s, nil
}

// UpdateNotifySettings saves my notification settings.
func (db *DB) UpdateNotifySettings(ctx context.Context, s store.NotifySettings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	me, err := db.me(ctx)
	if err != nil {
		return err
	}
	if s.Blocks == nil {
		s.Blocks = []store.FocusBlock{}
	}
	blocks, err := json.Marshal(s.Blocks)
	if err != nil {
		return fmt.Errorf("encode focus blocks: %w", err)
	}
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO notify_settings (member_id, mentions_break, blocks, blocks_off_until, keep_in_tray)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (member_id) DO UPDATE SET mentions_break = excluded.mentions_break,
			blocks = excluded.blocks, blocks_off_until = excluded.blocks_off_until, keep_in_tray = excluded.keep_in_tray`,
			me, s.MentionsBreakThrough, string(blocks), store.UnixMillis(s.BlocksOffUntil), s.KeepInTray)
		if err != nil {
			return fmt.Errorf("save notify settings: %w", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO presence_settings (member_id, hidden) VALUES (?, ?)
			ON CONFLICT (member_id) DO UPDATE SET hidden = excluded.hidden`, me, s.HidePresence)
		if err != nil {
			return fmt.Errorf("save presence settings: %w", err)
		}
		return nil
	})
}

// NoticeItems records keys as considered and returns those that were not.
// The first call for a member returns none: what was in the inbox before
// the notifier ever ran is not news.
func (db *DB) NoticeItems(ctx context.Context, keys []string) ([]string, error) {
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	now := db.Now().UnixMilli()
	var fresh []string
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		fresh = nil
		var seen int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM notify_seen WHERE member_id = ? LIMIT 1)", me).Scan(&seen); err != nil {
			return fmt.Errorf("notice items: %w", err)
		}
		first := seen == 0
		if first {
			// A marker, so that an empty inbox at the first start still
			// counts as the start.
			if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO notify_seen (member_id, item, seen_at) VALUES (?, '', ?)", me, now); err != nil {
				return fmt.Errorf("notice items: %w", err)
			}
		}
		for _, k := range keys {
			if k == "" {
				continue
			}
			res, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO notify_seen (member_id, item, seen_at) VALUES (?, ?, ?)", me, k, now)
			if err != nil {
				return fmt.Errorf("notice items: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 1 && !first {
				fresh = append(fresh, k)
			}
		}
		return nil
	})
	return fresh, err
}

// HoldNote keeps a notification back, or moves the time of one held.
func (db *DB) HoldNote(ctx context.Context, n store.HeldNote) error {
	if n.Item == "" || len(n.Item) > 200 || !utf8.ValidString(n.Title) || !utf8.ValidString(n.Body) {
		return store.Errorf(store.EINVALID, "That is not a notification.")
	}
	me, err := db.me(ctx)
	if err != nil {
		return err
	}
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO notify_held (member_id, item, kind, title, body, mention, until, digest)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (member_id, item) DO UPDATE SET until = excluded.until, digest = excluded.digest`,
			me, n.Item, string(n.Kind), n.Title, n.Body, n.Mention, store.UnixMillis(n.Until), n.Digest)
		if err != nil {
			return fmt.Errorf("hold notification: %w", err)
		}
		return nil
	})
}

// FindHeldNotes returns my held notifications, soonest first.
func (db *DB) FindHeldNotes(ctx context.Context) ([]store.HeldNote, error) {
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := db.db.QueryContext(ctx, `SELECT item, kind, title, body, mention, until, digest FROM notify_held
		WHERE member_id = ? ORDER BY until, item`, me)
	if err != nil {
		return nil, fmt.Errorf("find held notifications: %w", err)
	}
	defer rows.Close()
	var out []store.HeldNote
	for rows.Next() {
		var n store.HeldNote
		var until int64
		if err := rows.Scan(&n.Item, &n.Kind, &n.Title, &n.Body, &n.Mention, &until, &n.Digest); err != nil {
			return nil, fmt.Errorf("find held notifications: %w", err)
		}
		n.Until = store.FromUnixMillis(until)
		out = append(out, n)
	}
	return out, rows.Err()
}

// DeleteHeldNotes forgets held notifications: they were shown, or are no
// longer worth showing.
func (db *DB) DeleteHeldNotes(ctx context.Context, items []string) error {
	me, err := db.me(ctx)
	if err != nil {
		return err
	}
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		for _, k := range items {
			if _, err := tx.ExecContext(ctx, "DELETE FROM notify_held WHERE member_id = ? AND item = ?", me, k); err != nil {
				return fmt.Errorf("release notification: %w", err)
			}
		}
		return nil
	})
}
