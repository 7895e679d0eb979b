package sqlite

import (
	"context"
	"fmt"

	"github.com/longhand/longhand/store"
)

func init() { inboxSources = append(inboxSources, postItems, postReplyItems) }

// postItems: posts that name me, and announcements asking me to acknowledge.
func postItems(ctx context.Context, db *DB, me store.DocID, limit int) ([]store.InboxItem, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT p.id, p.author, p.title, p.body, p.created_at,
			CASE WHEN p.ack_requested = 1 AND NOT (`+mentioned("p.acks")+`) THEN 'ack' ELSE 'post-mention' END
		FROM posts p
		WHERE p.author != ?1 AND p.deleted_at = 0 AND (
			`+mentioned("p.mentions")+` OR (p.ack_requested = 1 AND NOT (`+mentioned("p.acks")+`)))
		ORDER BY p.created_at DESC LIMIT ?2`, me, limit)
	if err != nil {
		return nil, fmt.Errorf("find post items: %w", err)
	}
	defer rows.Close()
	var out []store.InboxItem
	for rows.Next() {
		var it store.InboxItem
		var at int64
		if err := rows.Scan(&it.Post, &it.Actor, &it.Title, &it.Snippet, &at, &it.Kind); err != nil {
			return nil, fmt.Errorf("find post items: %w", err)
		}
		it.Key = string(it.Kind) + ":" + string(it.Post)
		it.At, it.Snippet = store.FromUnixMillis(at), store.Excerpt(it.Snippet)
		out = append(out, it)
	}
	return out, rows.Err()
}

// postReplyItems: replies that name me, replies to my posts, and replies
// after mine in a thread.
func postReplyItems(ctx context.Context, db *DB, me store.DocID, limit int) ([]store.InboxItem, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT r.id, r.author, r.body, r.created_at, p.id, p.title,
			CASE WHEN `+mentioned("r.mentions")+` THEN 'post-mention' ELSE 'post-reply' END
		FROM post_replies r JOIN posts p ON p.id = r.post_id
		WHERE r.author != ?1 AND r.deleted = 0 AND (
			`+mentioned("r.mentions")+` OR p.author = ?1
			OR EXISTS (SELECT 1 FROM post_replies mine WHERE mine.post_id = r.post_id AND mine.author = ?1 AND mine.created_at < r.created_at))
		ORDER BY r.created_at DESC LIMIT ?2`, me, limit)
	if err != nil {
		return nil, fmt.Errorf("find post reply items: %w", err)
	}
	defer rows.Close()
	var out []store.InboxItem
	for rows.Next() {
		var it store.InboxItem
		var id string
		var at int64
		if err := rows.Scan(&id, &it.Actor, &it.Snippet, &at, &it.Post, &it.Title, &it.Kind); err != nil {
			return nil, fmt.Errorf("find post reply items: %w", err)
		}
		it.Key = "postreply:" + string(it.Post) + ":" + id
		it.At, it.Snippet = store.FromUnixMillis(at), store.Excerpt(it.Snippet)
		out = append(out, it)
	}
	return out, rows.Err()
}
