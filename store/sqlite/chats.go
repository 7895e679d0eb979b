package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

var (
	_ store.ChatService   = (*DB)(nil)
	_ store.OutboxService = (*DB)(nil)
)

// membersKey names a set of people: sorted IDs, comma-separated.
func membersKey(ids []store.DocID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	sort.Strings(s)
	return strings.Join(s, ",")
}

// FindConversations lists my conversations, most recent first.
func (db *DB) FindConversations(ctx context.Context) ([]store.Conversation, error) {
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := db.db.QueryContext(ctx, `SELECT c.id FROM conversations c
		JOIN conversation_members m ON m.conversation_id = c.id AND m.member_id = ?
		ORDER BY c.last_at DESC, c.id`, me)
	if err != nil {
		return nil, fmt.Errorf("find conversations: %w", err)
	}
	var ids []store.DocID
	for rows.Next() {
		var id store.DocID
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find conversations: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := []store.Conversation{}
	for _, id := range ids {
		c, err := db.readConversation(ctx, id, me)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// FindConversation reads one of my conversations.
func (db *DB) FindConversation(ctx context.Context, id store.DocID) (*store.Conversation, error) {
	me, err := db.inConversation(ctx, id)
	if err != nil {
		return nil, err
	}
	return db.readConversation(ctx, id, me)
}

func (db *DB) readConversation(ctx context.Context, id, me store.DocID) (*store.Conversation, error) {
	c := store.Conversation{ID: id}
	var created, last int64
	var readAt sql.NullInt64
	err := db.db.QueryRowContext(ctx, `SELECT c.created_at, c.last_at, r.read_at FROM conversations c
		LEFT JOIN chat_read r ON r.conversation_id = c.id AND r.member_id = ? WHERE c.id = ?`, me, id).Scan(&created, &last, &readAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.Errorf(store.ENOTFOUND, "This chat does not exist.")
	}
	if err != nil {
		return nil, fmt.Errorf("find conversation %s: %w", id, err)
	}
	c.CreatedAt, c.LastAt = store.FromUnixMillis(created), store.FromUnixMillis(last)
	rows, err := db.db.QueryContext(ctx, "SELECT member_id FROM conversation_members WHERE conversation_id = ? ORDER BY member_id", id)
	if err != nil {
		return nil, fmt.Errorf("find conversation %s: %w", id, err)
	}
	for rows.Next() {
		var m store.DocID
		if err := rows.Scan(&m); err != nil {
			rows.Close()
			return nil, err
		}
		c.Members = append(c.Members, m)
	}
	rows.Close()
	err = db.db.QueryRowContext(ctx, `SELECT body, author FROM chat_messages WHERE conversation_id = ? AND deleted = 0
		ORDER BY at DESC, id DESC LIMIT 1`, id).Scan(&c.Last, &c.LastBy)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("find conversation %s: %w", id, err)
	}
	c.Last = store.Excerpt(c.Last)
	err = db.db.QueryRowContext(ctx, `SELECT count(*) FROM chat_messages
		WHERE conversation_id = ? AND author != ? AND deleted = 0 AND at > ?`, id, me, readAt.Int64).Scan(&c.Unread)
	if err != nil {
		return nil, fmt.Errorf("count unread in %s: %w", id, err)
	}
	return &c, nil
}

// inConversation checks that I am in a conversation and returns me.
func (db *DB) inConversation(ctx context.Context, id store.DocID) (store.DocID, error) {
	if err := id.Validate(); err != nil {
		return "", err
	}
	me, err := db.me(ctx)
	if err != nil {
		return "", err
	}
	var n int
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM conversations WHERE id = ?", id).Scan(&n); err != nil {
		return "", fmt.Errorf("find conversation %s: %w", id, err)
	}
	if n == 0 {
		return "", store.Errorf(store.ENOTFOUND, "This chat does not exist.")
	}
	err = db.db.QueryRowContext(ctx, "SELECT count(*) FROM conversation_members WHERE conversation_id = ? AND member_id = ?", id, me).Scan(&n)
	if err != nil {
		return "", fmt.Errorf("find conversation %s: %w", id, err)
	}
	if n == 0 {
		return "", store.Errorf(store.EFORBIDDEN, "You are not in this chat.")
	}
	return me, nil
}

// StartConversation opens a chat with one or two others, or returns the
// one those people already have.
func (db *DB) StartConversation(ctx context.Context, with []store.DocID) (*store.Conversation, error) {
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	people := []store.DocID{me}
	for _, id := range with {
		if _, err := db.FindMember(ctx, id); err != nil {
			return nil, err
		}
		if !slices.Contains(people, id) {
			people = append(people, id)
		}
	}
	switch {
	case len(people) < 2:
		return nil, store.Errorf(store.EINVALID, "Choose someone to chat with.")
	case len(people) > store.MaxChatPeople:
		return nil, store.TooManyPeople()
	}
	key := membersKey(people)
	var existing store.DocID
	err = db.db.QueryRowContext(ctx, "SELECT id FROM conversations WHERE members = ? ORDER BY created_at LIMIT 1", key).Scan(&existing)
	if err == nil {
		return db.readConversation(ctx, existing, me)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("find conversation: %w", err)
	}
	now := db.Now()
	d, err := crdt.NewConversation(people, now)
	if err != nil {
		return nil, err
	}
	if _, err := d.Commit(db.commitMessage(ctx, "start chat"), now); err != nil {
		return nil, err
	}
	id := store.NewDocID()
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		if err := insertDoc(ctx, tx, id, store.KindConversation, d, now); err != nil {
			return err
		}
		return materializeConversation(ctx, tx, id, d)
	})
	if err != nil {
		return nil, err
	}
	return db.readConversation(ctx, id, me)
}

// AddToConversation brings one more person into a chat, up to three.
func (db *DB) AddToConversation(ctx context.Context, id, member store.DocID) (*store.Conversation, error) {
	me, err := db.inConversation(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := db.FindMember(ctx, member); err != nil {
		return nil, err
	}
	err = db.changeDoc(ctx, id, "add to chat", func(d *crdt.Doc) error {
		c, err := d.Conversation()
		if err != nil {
			return err
		}
		if slices.Contains(c.Members, member) {
			return nil
		}
		if len(c.Members) >= store.MaxChatPeople {
			return store.TooManyPeople()
		}
		return d.AddConversationMember(member, db.Now())
	}, func(tx *sql.Tx, d *crdt.Doc) error { return materializeConversation(ctx, tx, id, d) })
	if err != nil {
		return nil, err
	}
	return db.readConversation(ctx, id, me)
}

// materializeConversation writes a conversation's rows from its document.
func materializeConversation(ctx context.Context, tx *sql.Tx, id store.DocID, d *crdt.Doc) error {
	c, err := d.Conversation()
	if err != nil {
		return err
	}
	seen, err := d.ConversationSeen()
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO conversations (id, members, created_at, last_at) VALUES (?1, ?2, ?3, ?3)
		ON CONFLICT (id) DO UPDATE SET members = excluded.members`, id, membersKey(c.Members), store.UnixMillis(c.CreatedAt))
	if err != nil {
		return fmt.Errorf("materialize conversation %s: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM conversation_members WHERE conversation_id = ?", id); err != nil {
		return fmt.Errorf("materialize conversation %s: %w", id, err)
	}
	for _, m := range c.Members {
		var at int64
		for _, s := range seen {
			if s.Member == m {
				at = store.UnixMillis(s.At)
			}
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO conversation_members (conversation_id, member_id, seen_at) VALUES (?, ?, ?)", id, m, at); err != nil {
			return fmt.Errorf("materialize conversation %s: %w", id, err)
		}
	}
	return nil
}

// materializeChat writes a month's messages into rows.
func materializeChat(ctx context.Context, tx *sql.Tx, chunk store.DocID, d *crdt.Doc) error {
	conv, month, err := d.ChatMonth()
	if err != nil {
		return err
	}
	ms, err := d.Messages()
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO chat_chunks (id, conversation_id, month) VALUES (?, ?, ?)", chunk, conv, month); err != nil {
		return fmt.Errorf("materialize chat %s: %w", chunk, err)
	}
	bodies := make([]string, 0, len(ms))
	for _, m := range ms {
		if !m.Deleted {
			bodies = append(bodies, m.Body)
		}
	}
	if err := writeBlobRefs(ctx, tx, chunk, bodies...); err != nil {
		return err
	}
	var last int64
	for _, m := range ms {
		_, err := tx.ExecContext(ctx, `INSERT INTO chat_messages (id, conversation_id, chunk_id, author, body, at, edited_at, deleted)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET body = excluded.body, edited_at = excluded.edited_at, deleted = excluded.deleted
			WHERE body != excluded.body OR edited_at != excluded.edited_at OR deleted != excluded.deleted`,
			m.ID, conv, chunk, m.Author, m.Body, store.UnixMillis(m.At), store.UnixMillis(m.EditedAt), m.Deleted)
		if err != nil {
			return fmt.Errorf("materialize chat %s: %w", chunk, err)
		}
		last = max(last, store.UnixMillis(m.At))
	}
	if _, err := tx.ExecContext(ctx, "UPDATE conversations SET last_at = max(last_at, ?) WHERE id = ?", last, conv); err != nil {
		return fmt.Errorf("materialize chat %s: %w", chunk, err)
	}
	return nil
}

// FindMessages returns up to limit messages before a time, oldest first.
func (db *DB) FindMessages(ctx context.Context, id store.DocID, before time.Time, limit int) ([]store.Message, error) {
	if _, err := db.inConversation(ctx, id); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	b := store.UnixMillis(before)
	if b == 0 {
		b = 1 << 62
	}
	rows, err := db.db.QueryContext(ctx, `SELECT id, author, body, at, edited_at, deleted FROM chat_messages
		WHERE conversation_id = ? AND at < ? ORDER BY at DESC, id DESC LIMIT ?`, id, b, limit)
	if err != nil {
		return nil, fmt.Errorf("find messages: %w", err)
	}
	defer rows.Close()
	var out []store.Message
	for rows.Next() {
		m := store.Message{Conversation: id}
		var at, edited int64
		if err := rows.Scan(&m.ID, &m.Author, &m.Body, &at, &edited, &m.Deleted); err != nil {
			return nil, fmt.Errorf("find messages: %w", err)
		}
		m.At, m.EditedAt = store.FromUnixMillis(at), store.FromUnixMillis(edited)
		out = append(out, m)
	}
	slices.Reverse(out)
	if out == nil {
		out = []store.Message{}
	}
	return out, rows.Err()
}

// SendMessage adds a message to this month's piece of a conversation.
func (db *DB) SendMessage(ctx context.Context, id store.DocID, body string) (*store.Message, error) {
	body, err := store.ValidateMessage(body)
	if err != nil {
		return nil, err
	}
	me, err := db.inConversation(ctx, id)
	if err != nil {
		return nil, err
	}
	return db.sendMessage(ctx, id, body, me)
}

func (db *DB) sendMessage(ctx context.Context, id store.DocID, body string, me store.DocID) (*store.Message, error) {
	var err error
	now := db.Now()
	m := store.Message{ID: newID(), Conversation: id, Author: me, Body: body, At: now}
	month := store.Month(now)
	var chunk store.DocID
	err = db.db.QueryRowContext(ctx, "SELECT id FROM chat_chunks WHERE conversation_id = ? AND month = ? ORDER BY id LIMIT 1", id, month).Scan(&chunk)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		d, err := crdt.NewChat(id, month)
		if err != nil {
			return nil, err
		}
		if err := d.AddMessage(m); err != nil {
			return nil, err
		}
		if _, err := d.Commit(db.commitMessage(ctx, "chat"), now); err != nil {
			return nil, err
		}
		chunk = store.NewDocID()
		err = <-db.w.submit("", "", func(tx *sql.Tx) error {
			if err := insertDoc(ctx, tx, chunk, store.KindChat, d, now); err != nil {
				return err
			}
			return materializeChat(ctx, tx, chunk, d)
		})
		if err != nil {
			return nil, err
		}
	case err != nil:
		return nil, fmt.Errorf("find chat piece: %w", err)
	default:
		err := db.changeDoc(ctx, chunk, "chat", func(d *crdt.Doc) error { return d.AddMessage(m) },
			func(tx *sql.Tx, d *crdt.Doc) error { return materializeChat(ctx, tx, chunk, d) })
		if err != nil {
			return nil, err
		}
	}
	return &m, nil
}

// myMessage finds the piece holding a message of mine.
func (db *DB) myMessage(ctx context.Context, id store.DocID, message string) (store.DocID, error) {
	me, err := db.inConversation(ctx, id)
	if err != nil {
		return "", err
	}
	var chunk, author store.DocID
	var deleted bool
	err = db.db.QueryRowContext(ctx, "SELECT chunk_id, author, deleted FROM chat_messages WHERE id = ? AND conversation_id = ?", message, id).
		Scan(&chunk, &author, &deleted)
	switch {
	case errors.Is(err, sql.ErrNoRows) || deleted:
		return "", store.Errorf(store.ENOTFOUND, "That message does not exist any more.")
	case err != nil:
		return "", fmt.Errorf("find message: %w", err)
	case author != me:
		return "", store.Errorf(store.EFORBIDDEN, "You can only change your own messages.")
	}
	return chunk, nil
}

// EditMessage changes the text of one of my messages.
func (db *DB) EditMessage(ctx context.Context, id store.DocID, message, body string) (*store.Message, error) {
	body, err := store.ValidateMessage(body)
	if err != nil {
		return nil, err
	}
	chunk, err := db.myMessage(ctx, id, message)
	if err != nil {
		return nil, err
	}
	var out *store.Message
	err = db.changeDoc(ctx, chunk, "edit chat", func(d *crdt.Doc) error { return d.EditMessage(message, body, db.Now()) },
		func(tx *sql.Tx, d *crdt.Doc) error {
			ms, err := d.Messages()
			for i := range ms {
				if ms[i].ID == message {
					out = &ms[i]
				}
			}
			if err != nil {
				return err
			}
			return materializeChat(ctx, tx, chunk, d)
		})
	return out, err
}

// DeleteMessage removes one of my messages; it shows as deleted.
func (db *DB) DeleteMessage(ctx context.Context, id store.DocID, message string) error {
	chunk, err := db.myMessage(ctx, id, message)
	if err != nil {
		return err
	}
	return db.changeDoc(ctx, chunk, "delete chat", func(d *crdt.Doc) error { return d.DeleteMessage(message, db.Now()) },
		func(tx *sql.Tx, d *crdt.Doc) error { return materializeChat(ctx, tx, chunk, d) })
}

// MarkChatRead records that I was shown a conversation up to its newest message.
func (db *DB) MarkChatRead(ctx context.Context, id store.DocID) error {
	me, err := db.inConversation(ctx, id)
	if err != nil {
		return err
	}
	var newest int64
	err = db.db.QueryRowContext(ctx, "SELECT coalesce(max(at), 0) FROM chat_messages WHERE conversation_id = ?", id).Scan(&newest)
	if err != nil {
		return fmt.Errorf("mark read: %w", err)
	}
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO chat_read (member_id, conversation_id, read_at) VALUES (?, ?, ?)
			ON CONFLICT (member_id, conversation_id) DO UPDATE SET read_at = max(read_at, excluded.read_at)`, me, id, newest)
		return err
	})
	if err != nil {
		return fmt.Errorf("mark read: %w", err)
	}
	m, err := db.FindMember(ctx, me)
	if err != nil || !m.ShareSeen || newest == 0 {
		return err
	}
	var seen int64
	if err := db.db.QueryRowContext(ctx, "SELECT seen_at FROM conversation_members WHERE conversation_id = ? AND member_id = ?", id, me).Scan(&seen); err != nil {
		return fmt.Errorf("mark read: %w", err)
	}
	if seen >= newest {
		return nil
	}
	return db.recordSeen(ctx, id, me, newest)
}

// recordSeen writes in a conversation that I read it up to at (Unix ms),
// for the others to see when they and I share "seen".
func (db *DB) recordSeen(ctx context.Context, id, me store.DocID, at int64) error {
	return db.changeDoc(ctx, id, "seen", func(d *crdt.Doc) error { return d.SetSeen(me, store.FromUnixMillis(at)) },
		func(tx *sql.Tx, d *crdt.Doc) error { return materializeConversation(ctx, tx, id, d) })
}

// FindSeen says how far the others read, when they and I both share it.
func (db *DB) FindSeen(ctx context.Context, id store.DocID) ([]store.Seen, error) {
	me, err := db.inConversation(ctx, id)
	if err != nil {
		return nil, err
	}
	out := []store.Seen{}
	m, err := db.FindMember(ctx, me)
	if err != nil || !m.ShareSeen {
		return out, err
	}
	rows, err := db.db.QueryContext(ctx, `SELECT cm.member_id, cm.seen_at FROM conversation_members cm
		JOIN members m ON m.id = cm.member_id
		WHERE cm.conversation_id = ? AND cm.member_id != ? AND m.share_seen = 1 AND cm.seen_at > 0 ORDER BY cm.member_id`, id, me)
	if err != nil {
		return nil, fmt.Errorf("find seen: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s store.Seen
		var at int64
		if err := rows.Scan(&s.Member, &at); err != nil {
			return nil, fmt.Errorf("find seen: %w", err)
		}
		s.At = store.FromUnixMillis(at)
		out = append(out, s)
	}
	return out, rows.Err()
}

// SetShareSeen turns my "seen" on or off. Turned on, it shares how far I
// had read each conversation already, as a person who ticks the box
// expects, not only what I read from then on; that is written before the
// setting, so that once the setting reads "on" it is there (the others see
// it only while the setting is on).
func (db *DB) SetShareSeen(ctx context.Context, on bool) error {
	me, err := db.me(ctx)
	if err != nil {
		return err
	}
	if on {
		if err := db.shareWhatWasRead(ctx, me); err != nil {
			return fmt.Errorf("share seen: %w", err)
		}
	}
	_, err = db.UpdateMember(ctx, me, store.MemberUpdate{ShareSeen: &on})
	return err
}

// shareWhatWasRead records as seen, in each conversation, how far I read it.
func (db *DB) shareWhatWasRead(ctx context.Context, me store.DocID) error {
	rows, err := db.db.QueryContext(ctx, `SELECT r.conversation_id, r.read_at FROM chat_read r
		JOIN conversation_members cm ON cm.conversation_id = r.conversation_id AND cm.member_id = r.member_id
		WHERE r.member_id = ? AND r.read_at > cm.seen_at`, me)
	if err != nil {
		return err
	}
	type read struct {
		id store.DocID
		at int64
	}
	var reads []read
	for rows.Next() {
		var r read
		if err := rows.Scan(&r.id, &r.at); err != nil {
			rows.Close()
			return err
		}
		reads = append(reads, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range reads {
		if err := db.recordSeen(ctx, r.id, me, r.at); err != nil {
			return err
		}
	}
	return nil
}

// ScheduleMessage keeps a message on this device until its time comes.
func (db *DB) ScheduleMessage(ctx context.Context, id store.DocID, body string, at time.Time) (*store.Scheduled, error) {
	body, err := store.ValidateMessage(body)
	if err != nil {
		return nil, err
	}
	me, err := db.inConversation(ctx, id)
	if err != nil {
		return nil, err
	}
	return db.schedule(ctx, store.Scheduled{Kind: "chat", Target: id, Body: body, SendAt: at}, me)
}

// SchedulePost keeps a post on this device until its time comes.
func (db *DB) SchedulePost(ctx context.Context, channel store.DocID, title, body string, at time.Time) (*store.Scheduled, error) {
	title, body, err := store.ValidatePost(title, body)
	if err != nil {
		return nil, err
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	chans, err := db.FindChannels(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(chans, func(c store.Channel) bool { return c.ID == channel })
	switch {
	case i < 0:
		return nil, store.Errorf(store.ENOTFOUND, "That channel does not exist.")
	case !chans[i].CanPost:
		return nil, store.Errorf(store.EFORBIDDEN, "Only admins start posts in %s.", chans[i].Name)
	}
	return db.schedule(ctx, store.Scheduled{Kind: "post", Target: channel, Title: title, Body: body, SendAt: at}, me)
}

func (db *DB) schedule(ctx context.Context, s store.Scheduled, me store.DocID) (*store.Scheduled, error) {
	now := db.Now()
	if !s.SendAt.After(now) {
		return nil, store.Errorf(store.EINVALID, "That time has already passed; send it now instead.")
	}
	if s.SendAt.After(now.AddDate(1, 0, 0)) {
		return nil, store.Errorf(store.EINVALID, "Something can be scheduled at most a year ahead.")
	}
	s.ID, s.CreatedAt = newID(), now
	err := <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO outbox (id, kind, author, target, title, body, send_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			s.ID, s.Kind, me, s.Target, s.Title, s.Body, store.UnixMillis(s.SendAt), store.UnixMillis(s.CreatedAt))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("schedule: %w", err)
	}
	return &s, nil
}

func (db *DB) queryScheduled(ctx context.Context, q string, args ...any) ([]store.Scheduled, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT id, kind, target, title, body, send_at, created_at, error FROM outbox "+q, args...)
	if err != nil {
		return nil, fmt.Errorf("find scheduled: %w", err)
	}
	defer rows.Close()
	out := []store.Scheduled{}
	for rows.Next() {
		var s store.Scheduled
		var at, created int64
		if err := rows.Scan(&s.ID, &s.Kind, &s.Target, &s.Title, &s.Body, &at, &created, &s.Error); err != nil {
			return nil, fmt.Errorf("find scheduled: %w", err)
		}
		s.SendAt, s.CreatedAt = store.FromUnixMillis(at), store.FromUnixMillis(created)
		out = append(out, s)
	}
	return out, rows.Err()
}

// FindScheduled lists what I wait to send to a conversation, soonest first.
func (db *DB) FindScheduled(ctx context.Context, target store.DocID) ([]store.Scheduled, error) {
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	return db.queryScheduled(ctx, "WHERE target = ? AND author = ? ORDER BY send_at, id", target, me)
}

// CancelScheduled drops a scheduled message before it is sent.
func (db *DB) CancelScheduled(ctx context.Context, id string) error {
	me, err := db.me(ctx)
	if err != nil {
		return err
	}
	var n int64
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM outbox WHERE id = ? AND author = ?", id, me)
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("cancel scheduled: %w", err)
	}
	if n == 0 {
		return store.Errorf(store.ENOTFOUND, "That message was already sent or cancelled.")
	}
	return nil
}

// SendDue sends what is due, each as its author's. A message that cannot
// be sent keeps its reason and waits for the person to see it; the others
// still go.
func (db *DB) SendDue(ctx context.Context) ([]store.Sent, error) {
	due, err := db.queryScheduled(ctx, "WHERE send_at <= ? AND error = '' ORDER BY send_at, id", store.UnixMillis(db.Now()))
	if err != nil {
		return nil, err
	}
	var out []store.Sent
	for _, s := range due {
		var author store.DocID
		if err := db.db.QueryRowContext(ctx, "SELECT author FROM outbox WHERE id = ?", s.ID).Scan(&author); err != nil {
			return out, fmt.Errorf("send scheduled: %w", err)
		}
		var sent store.Sent
		var err error
		switch s.Kind {
		case "post":
			if me, merr := db.me(ctx); merr != nil || me != author {
				continue // a post goes out as its author, from their own session
			}
			sent.Post, err = db.CreatePost(ctx, store.NewPost{Channel: s.Target, Title: s.Title, Body: s.Body})
		default:
			sent.Message, err = db.sendScheduled(ctx, s, author)
		}
		err2 := <-db.w.submit("", "", func(tx *sql.Tx) error {
			if err != nil {
				_, e := tx.ExecContext(ctx, "UPDATE outbox SET error = ? WHERE id = ?", store.ErrorMessage(err), s.ID)
				return e
			}
			_, e := tx.ExecContext(ctx, "DELETE FROM outbox WHERE id = ?", s.ID)
			return e
		})
		if err2 != nil {
			return out, fmt.Errorf("send scheduled: %w", err2)
		}
		if err == nil {
			sent.Scheduled = s
			out = append(out, sent)
		}
	}
	return out, nil
}

// sendScheduled sends a scheduled message as its author, who must still
// be in the conversation.
func (db *DB) sendScheduled(ctx context.Context, s store.Scheduled, author store.DocID) (*store.Message, error) {
	var n int
	err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM conversation_members WHERE conversation_id = ? AND member_id = ?", s.Target, author).Scan(&n)
	if err != nil {
		return nil, fmt.Errorf("send scheduled: %w", err)
	}
	if n == 0 {
		return nil, store.Errorf(store.EFORBIDDEN, "You are no longer in this chat.")
	}
	return db.sendMessage(ctx, s.Target, s.Body, author)
}

// NextDue is when the next scheduled message is due.
func (db *DB) NextDue(ctx context.Context) (time.Time, error) {
	var at sql.NullInt64
	if err := db.db.QueryRowContext(ctx, "SELECT min(send_at) FROM outbox WHERE error = ''").Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("next scheduled: %w", err)
	}
	return store.FromUnixMillis(at.Int64), nil
}
