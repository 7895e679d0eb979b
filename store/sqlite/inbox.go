package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/longhand/longhand/store"
)

var _ store.InboxService = (*DB)(nil)

// An inboxSource lists the items one kind of document holds for a member,
// newest first, at most limit.
type inboxSource func(ctx context.Context, db *DB, me store.DocID, limit int) ([]store.InboxItem, error)

// inboxSources are every kind of document that puts things in an inbox.
var inboxSources = []inboxSource{commentItems, reviewItems, checkInCommentItems}

// mentioned is the SQL test that a comma-separated list of member IDs in
// column names ?1.
func mentioned(column string) string { return "',' || " + column + " || ',' LIKE '%,' || ?1 || ',%'" }

// commentItems: mentions of me, comments on pages I own, and replies in
// threads I wrote in, each reply once under the strongest reason.
func commentItems(ctx context.Context, db *DB, me store.DocID, limit int) ([]store.InboxItem, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT r.id, r.author, r.body, r.created_at, t.id, p.id, p.title,
			CASE
				WHEN `+mentioned("r.mentions")+` THEN 'mention'
				WHEN p.owner = ?1 THEN 'comment'
				ELSE 'reply'
			END
		FROM replies r
		JOIN threads t ON t.id = r.thread_id
		JOIN pages p ON p.id = t.page_id
		WHERE r.author != ?1 AND p.deleted_at = 0 AND (
			`+mentioned("r.mentions")+`
			OR p.owner = ?1
			OR EXISTS (SELECT 1 FROM replies mine WHERE mine.thread_id = r.thread_id AND mine.author = ?1 AND mine.created_at < r.created_at)
		)
		ORDER BY r.created_at DESC LIMIT ?2`, me, limit)
	if err != nil {
		return nil, fmt.Errorf("find comment items: %w", err)
	}
	defer rows.Close()
	var out []store.InboxItem
	for rows.Next() {
		var it store.InboxItem
		var id string
		var at int64
		if err := rows.Scan(&id, &it.Actor, &it.Snippet, &at, &it.Thread, &it.Page, &it.Title, &it.Kind); err != nil {
			return nil, fmt.Errorf("find comment items: %w", err)
		}
		it.Key, it.At, it.Snippet = "reply:"+id, store.FromUnixMillis(at), store.Excerpt(it.Snippet)
		out = append(out, it)
	}
	return out, rows.Err()
}

// checkInCommentItems: comments on my check-ins, and comments after mine
// on anyone's. Comments are read from the check-ins' rows; a row whose
// JSON is unreadable adds nothing rather than failing the inbox.
func checkInCommentItems(ctx context.Context, db *DB, me store.DocID, limit int) ([]store.InboxItem, error) {
	rows, err := db.db.QueryContext(ctx, `
		WITH comments AS (
			SELECT c.id AS checkin, c.member_id AS owner, c.date AS date,
				json_extract(j.value, '$.id') AS id, json_extract(j.value, '$.author') AS author,
				json_extract(j.value, '$.body') AS body, json_extract(j.value, '$.createdAt') AS at
			FROM checkins c, json_each(CASE WHEN json_valid(c.comments) THEN c.comments ELSE '[]' END) j
		)
		SELECT x.checkin, x.owner, x.date, x.id, x.author, x.body, x.at FROM comments x
		WHERE x.author != ?1 AND (x.owner = ?1
			OR EXISTS (SELECT 1 FROM comments mine WHERE mine.checkin = x.checkin AND mine.author = ?1 AND mine.at < x.at))
		ORDER BY x.at DESC LIMIT ?2`, me, limit)
	if err != nil {
		return nil, fmt.Errorf("find check-in comment items: %w", err)
	}
	defer rows.Close()
	var out []store.InboxItem
	for rows.Next() {
		it := store.InboxItem{Kind: store.InboxCheckIn}
		var owner store.DocID
		var date string
		var id, author, body sql.NullString
		var at sql.NullInt64
		if err := rows.Scan(&it.CheckIn, &owner, &date, &id, &author, &body, &at); err != nil {
			return nil, fmt.Errorf("find check-in comment items: %w", err)
		}
		it.Key = "checkin-comment:" + string(it.CheckIn) + ":" + id.String
		it.Actor, it.Snippet, it.At = store.DocID(author.String), store.Excerpt(body.String), store.FromUnixMillis(at.Int64)
		if owner == me {
			it.Title = "your check-in of " + date
		} else {
			it.Title = "a check-in of " + date
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// reviewItems: pages I was asked to review and have not approved.
func reviewItems(ctx context.Context, db *DB, me store.DocID, limit int) ([]store.InboxItem, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT p.id, p.title, r.requested_by, r.requested_at, r.due_at, p.packed_body
		FROM reviewers r JOIN pages p ON p.id = r.page_id
		WHERE r.member_id = ? AND r.state != 'approved' AND p.status = 'review' AND p.deleted_at = 0
		ORDER BY r.requested_at DESC LIMIT ?`, me, limit)
	if err != nil {
		return nil, fmt.Errorf("find review items: %w", err)
	}
	defer rows.Close()
	var out []store.InboxItem
	for rows.Next() {
		it := store.InboxItem{Kind: store.InboxReview}
		var at, due int64
		var packed []byte
		if err := rows.Scan(&it.Page, &it.Title, &it.Actor, &at, &due, &packed); err != nil {
			return nil, fmt.Errorf("find review items: %w", err)
		}
		it.Snippet, _ = unpackBodyStart(packed, 400*utf8.UTFMax) // a damaged body leaves no snippet
		// A new request after an earlier one was done is a new item.
		it.Key = fmt.Sprintf("review:%s:%d", it.Page, at)
		it.At, it.Due, it.Snippet = store.FromUnixMillis(at), store.FromUnixMillis(due), store.Excerpt(it.Snippet)
		out = append(out, it)
	}
	return out, rows.Err()
}

// allInbox gathers every source's items with my state on each, newest first.
func (db *DB) allInbox(ctx context.Context, limit int) ([]store.InboxItem, error) {
	if err := db.flushAll(ctx); err != nil {
		return nil, err
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	var all []store.InboxItem
	for _, src := range inboxSources {
		items, err := src(ctx, db, me, limit)
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
	}
	state := map[string][3]int64{}
	rows, err := db.db.QueryContext(ctx, "SELECT item, read_at, done_at, snoozed_until FROM inbox_state WHERE member_id = ?", me)
	if err != nil {
		return nil, fmt.Errorf("find inbox state: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var s [3]int64
		if err := rows.Scan(&key, &s[0], &s[1], &s[2]); err != nil {
			return nil, fmt.Errorf("find inbox state: %w", err)
		}
		state[key] = s
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range all {
		s := state[all[i].Key]
		all[i].Read, all[i].Done, all[i].SnoozedUntil = s[0] != 0, s[1] != 0, store.FromUnixMillis(s[2])
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].At.After(all[j].At) })
	return all, nil
}

// FindInbox lists one tab of my inbox, newest first. An item put off until
// a time now past is back in the open tab, unread again.
func (db *DB) FindInbox(ctx context.Context, f store.InboxFilter) ([]store.InboxItem, error) {
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	all, err := db.allInbox(ctx, limit)
	if err != nil {
		return nil, err
	}
	now := db.Now()
	out := []store.InboxItem{}
	for _, it := range all {
		later := it.SnoozedUntil.After(now)
		switch {
		case f.View == store.InboxArchive && it.Done,
			f.View == store.InboxLater && !it.Done && later,
			f.View == store.InboxOpen && !it.Done && !later:
			if f.View == store.InboxOpen && !it.SnoozedUntil.IsZero() {
				it.Read = false // back from "later": show it as new
			}
			out = append(out, it)
		}
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

// CountUnread counts open items not yet shown to me.
func (db *DB) CountUnread(ctx context.Context) (int, error) {
	items, err := db.FindInbox(ctx, store.InboxFilter{})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, it := range items {
		if !it.Read {
			n++
		}
	}
	return n, nil
}

// setInbox changes my state of some items.
func (db *DB) setInbox(ctx context.Context, keys []string, column string, value int64) error {
	if len(keys) > 1000 {
		return store.Errorf(store.EINVALID, "At most 1,000 items at a time.")
	}
	me, err := db.me(ctx)
	if err != nil {
		return err
	}
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		for _, k := range keys {
			if k == "" || len(k) > 200 {
				return store.Errorf(store.EINVALID, "%q is not an inbox item.", k)
			}
			q := fmt.Sprintf(`INSERT INTO inbox_state (member_id, item, %[1]s) VALUES (?, ?, ?)
				ON CONFLICT (member_id, item) DO UPDATE SET %[1]s = excluded.%[1]s`, column)
			if _, err := tx.ExecContext(ctx, q, me, k, value); err != nil {
				return fmt.Errorf("inbox %s: %w", column, err)
			}
			// Reading an item that came back from "later" clears the snooze.
			if column == "read_at" {
				if _, err := tx.ExecContext(ctx, "UPDATE inbox_state SET snoozed_until = 0 WHERE member_id = ? AND item = ? AND snoozed_until <= ?",
					me, k, value); err != nil {
					return fmt.Errorf("inbox read: %w", err)
				}
			}
		}
		return nil
	})
}

// MarkInboxRead records that items were on my screen.
func (db *DB) MarkInboxRead(ctx context.Context, keys []string) error {
	return db.setInbox(ctx, keys, "read_at", db.Now().UnixMilli())
}

// MarkInboxDone clears items, or brings them back.
func (db *DB) MarkInboxDone(ctx context.Context, keys []string, done bool) error {
	var at int64
	if done {
		at = db.Now().UnixMilli()
	}
	return db.setInbox(ctx, keys, "done_at", at)
}

// SnoozeInbox puts an item off until a time; zero brings it back now.
func (db *DB) SnoozeInbox(ctx context.Context, key string, until time.Time) error {
	if !until.IsZero() && !until.After(db.Now()) {
		return store.Errorf(store.EINVALID, "Choose a time in the future.")
	}
	return db.setInbox(ctx, []string{key}, "snoozed_until", store.UnixMillis(until))
}
