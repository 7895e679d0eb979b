package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/eml"
)

// upsertPostRow materializes a post and its replies for the feed and search.
func upsertPostRow(ctx context.Context, tx *sql.Tx, id store.DocID, p *store.Post) error {
	replies, lastActor := 0, p.Author
	for _, r := range p.Replies {
		if r.DeletedAt.IsZero() {
			replies++
			if !r.CreatedAt.Before(p.LastActivity) {
				lastActor = r.Author
			}
		}
	}
	reactions := p.Reactions
	if reactions == nil {
		reactions = []store.Reaction{}
	}
	rj, err := json.Marshal(reactions)
	if err != nil {
		return err
	}
	acks := make([]store.DocID, len(p.Acks))
	for i, a := range p.Acks {
		acks[i] = a.Member
	}
	var from, subject string
	if p.Email != nil {
		from, subject = p.Email.From, p.Email.Subject
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO posts (id, channel_id, title, body, author, created_at, edited_at, deleted_at, pinned, reply_count,
			last_activity, last_actor, reactions, mentions, ack_requested, acks, promoted_to, promoted_name, email_from, email_subject)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET channel_id = excluded.channel_id, title = excluded.title, body = excluded.body,
			edited_at = excluded.edited_at, deleted_at = excluded.deleted_at, pinned = excluded.pinned,
			reply_count = excluded.reply_count, last_activity = excluded.last_activity, last_actor = excluded.last_actor,
			reactions = excluded.reactions, mentions = excluded.mentions, ack_requested = excluded.ack_requested,
			acks = excluded.acks, promoted_to = excluded.promoted_to, promoted_name = excluded.promoted_name`,
		id, p.Channel, p.Title, p.Body, p.Author, store.UnixMillis(p.CreatedAt), store.UnixMillis(p.EditedAt),
		store.UnixMillis(p.DeletedAt), p.Pinned, replies, store.UnixMillis(p.LastActivity), lastActor, string(rj),
		joinDocIDs(p.Mentions), p.AckRequested, joinDocIDs(acks), p.PromotedTo, p.PromotedName, from, subject)
	if err != nil {
		return fmt.Errorf("materialize post %s: %w", id, err)
	}
	texts := []string{p.Body}
	for _, r := range p.Replies {
		texts = append(texts, r.Body)
	}
	if err := writeBlobRefs(ctx, tx, id, texts...); err != nil {
		return err
	}
	for _, r := range p.Replies {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO post_replies (id, post_id, author, body, mentions, created_at, deleted) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (post_id, id) DO UPDATE SET body = excluded.body, mentions = excluded.mentions, deleted = excluded.deleted`,
			r.ID, id, r.Author, r.Body, joinDocIDs(r.Mentions), store.UnixMillis(r.CreatedAt), !r.DeletedAt.IsZero())
		if err != nil {
			return fmt.Errorf("materialize reply %s: %w", r.ID, err)
		}
	}
	return nil
}

func joinDocIDs(ids []store.DocID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	return strings.Join(s, ",")
}

func splitDocIDs(s string) []store.DocID {
	out := []store.DocID{}
	for _, x := range strings.Split(s, ",") {
		if x != "" {
			out = append(out, store.DocID(x))
		}
	}
	return out
}

// FindPosts lists a channel's posts for its feed: pinned first, then by
// latest activity. A deleted post stays while it has replies.
func (db *DB) FindPosts(ctx context.Context, f store.PostFilter) ([]store.PostSummary, error) {
	if _, err := db.FindChannel(ctx, f.Channel); err != nil {
		return nil, err
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case f.Limit <= 0:
		f.Limit = 100
	case f.Limit > 1000:
		f.Limit = 1000
	}
	rows, err := db.db.QueryContext(ctx, `
		SELECT id, channel_id, title, body, author, created_at, edited_at, deleted_at, pinned, reply_count, last_activity, last_actor,
			reactions, mentions, ack_requested, acks, promoted_to, promoted_name, email_from, email_subject
		FROM posts WHERE channel_id = ? AND (deleted_at = 0 OR reply_count > 0)
		ORDER BY pinned DESC, last_activity DESC, id LIMIT ?`, f.Channel, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("find posts: %w", err)
	}
	defer rows.Close()
	out := []store.PostSummary{}
	for rows.Next() {
		var s store.PostSummary
		var body, reactions, mentions, acks string
		var created, edited, deleted, last int64
		if err := rows.Scan(&s.ID, &s.Channel, &s.Title, &body, &s.Author, &created, &edited, &deleted, &s.Pinned, &s.ReplyCount,
			&last, &s.LastActor, &reactions, &mentions, &s.AckRequested, &acks, &s.PromotedTo, &s.PromotedName, &s.EmailFrom, &s.EmailSubject); err != nil {
			return nil, fmt.Errorf("find posts: %w", err)
		}
		s.Excerpt = store.Excerpt(body)
		if deleted == 0 {
			s.Video = store.FirstVideoLink(body)
		}
		s.CreatedAt, s.EditedAt, s.LastActivity = store.FromUnixMillis(created), store.FromUnixMillis(edited), store.FromUnixMillis(last)
		s.Deleted = deleted != 0
		if err := json.Unmarshal([]byte(reactions), &s.Reactions); err != nil {
			s.Reactions = nil // a row is rebuilt from its document at the next change
		}
		s.Mentions = splitDocIDs(mentions)
		ackers := splitDocIDs(acks)
		s.AckCount = len(ackers)
		for _, a := range ackers {
			s.AckedByMe = s.AckedByMe || a == me
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// FindPost reads a post with its thread from its document.
func (db *DB) FindPost(ctx context.Context, id store.DocID) (*store.Post, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	sd, err := readDoc(ctx, db.db, id)
	if err != nil {
		return nil, err
	}
	if sd.kind != store.KindPost {
		return nil, store.Errorf(store.ENOTFOUND, "That post does not exist.")
	}
	if sd.damaged != "" {
		return nil, store.Errorf(store.EUNAVAILABLE, "This post is damaged and cannot be shown (%s).", sd.damaged)
	}
	var d *crdt.Doc
	if reason := sd.verify(); reason != "" {
		// Bytes that failed their checksum are loaded only in the sandbox.
		if d, err = db.salvage(ctx, id, sd); err != nil {
			db.markDamaged(ctx, id, sd, reason)
			return nil, store.Errorf(store.EUNAVAILABLE, "This post is damaged (%s). Its stored bytes were set aside; the channel still lists it.", reason)
		}
	} else if d, err = sd.load(); err != nil {
		return nil, err
	}
	p, err := d.Post()
	if err != nil {
		return nil, err
	}
	p.ID = id
	return p, nil
}

// mentionsIn finds the members named with @ in text.
func (db *DB) mentionsIn(ctx context.Context, text string) ([]store.DocID, error) {
	if !strings.Contains(text, "@") {
		return nil, nil
	}
	ms, err := db.FindMembers(ctx)
	if err != nil {
		return nil, err
	}
	return store.FindMentions(text, ms), nil
}

// postableChannel checks that the local member may start a post in a channel.
func (db *DB) postableChannel(ctx context.Context, id store.DocID) (*store.Channel, error) {
	c, err := db.FindChannel(ctx, id)
	if err != nil {
		return nil, err
	}
	switch {
	case c.Archived:
		return nil, store.Errorf(store.ECONFLICT, "#%s is archived. Unarchive it to post there.", c.Name)
	case !c.CanPost:
		return nil, store.Errorf(store.EFORBIDDEN, "Only admins can start posts in #%s. Everyone can reply to them.", c.Name)
	}
	return c, nil
}

// CreatePost starts a post in a channel.
func (db *DB) CreatePost(ctx context.Context, np store.NewPost) (*store.Post, error) {
	title, body, err := store.ValidatePost(np.Title, np.Body)
	if err != nil {
		return nil, err
	}
	if err := np.Channel.Validate(); err != nil {
		return nil, err
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	c, err := db.postableChannel(ctx, np.Channel)
	if err != nil {
		return nil, err
	}
	if np.RequestAck && !c.AdminsOnly {
		return nil, store.Errorf(store.EINVALID, "Acknowledgements can be asked for on announcements only.")
	}
	mentions, err := db.mentionsIn(ctx, title+"\n"+body)
	if err != nil {
		return nil, err
	}
	now := db.Now()
	p := store.Post{ID: store.NewDocID(), Channel: np.Channel, Title: title, Body: body, Author: me, CreatedAt: now,
		Mentions: mentions, AckRequested: np.RequestAck}
	return db.insertPost(ctx, &p, nil)
}

// insertPost stores a new post, with the original email when it was made from one.
func (db *DB) insertPost(ctx context.Context, p *store.Post, raw []byte) (*store.Post, error) {
	now := p.CreatedAt
	d, err := crdt.NewPost(*p)
	if err != nil {
		return nil, err
	}
	if _, err := d.Commit("create post by "+string(p.Author), now); err != nil {
		return nil, err
	}
	stored, err := d.Post()
	if err != nil {
		return nil, err
	}
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		if err := insertDoc(ctx, tx, p.ID, store.KindPost, d, now); err != nil {
			return err
		}
		if p.Email != nil {
			_, err := tx.ExecContext(ctx, "INSERT INTO post_emails (id, post_id, name, bytes, sum, created_at) VALUES (?, ?, ?, ?, ?, ?)",
				p.Email.ID, p.ID, p.Email.Name, raw, checksum(raw), now.UnixMilli())
			if err != nil {
				return fmt.Errorf("store email: %w", err)
			}
		}
		return upsertPostRow(ctx, tx, p.ID, stored)
	})
	if err != nil {
		return nil, err
	}
	return db.FindPost(ctx, p.ID)
}

// changePost changes a post's document and its rows. f sees the post as
// it is and the local member.
func (db *DB) changePost(ctx context.Context, id store.DocID, verb string, f func(d *crdt.Doc, p *store.Post, me store.DocID) error) (*store.Post, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	var kind store.Kind
	err = db.db.QueryRowContext(ctx, "SELECT kind FROM docs WHERE id = ?", id).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) || err == nil && kind != store.KindPost {
		return nil, store.Errorf(store.ENOTFOUND, "That post does not exist.")
	}
	if err != nil {
		return nil, fmt.Errorf("find post %s: %w", id, err)
	}
	err = db.changeDoc(ctx, id, verb, func(d *crdt.Doc) error {
		p, err := d.Post()
		if err != nil {
			return err
		}
		p.ID = id
		return f(d, p, me)
	}, func(tx *sql.Tx, d *crdt.Doc) error {
		p, err := d.Post()
		if err != nil {
			return err
		}
		return upsertPostRow(ctx, tx, id, p)
	})
	if err != nil {
		return nil, err
	}
	return db.FindPost(ctx, id)
}

// openChannel refuses changes to the posts of an archived channel.
func (db *DB) openChannel(ctx context.Context, p *store.Post) error {
	c, err := db.FindChannel(ctx, p.Channel)
	if err != nil {
		return err
	}
	if c.Archived {
		return store.Errorf(store.ECONFLICT, "#%s is archived; its posts are read-only.", c.Name)
	}
	return nil
}

// EditPost changes the title and body of one's own post.
func (db *DB) EditPost(ctx context.Context, id store.DocID, title, body string) (*store.Post, error) {
	title, body, err := store.ValidatePost(title, body)
	if err != nil {
		return nil, err
	}
	mentions, err := db.mentionsIn(ctx, title+"\n"+body)
	if err != nil {
		return nil, err
	}
	return db.changePost(ctx, id, "edit post", func(d *crdt.Doc, p *store.Post, me store.DocID) error {
		switch {
		case p.Author != me:
			return store.Errorf(store.EFORBIDDEN, "You can edit only your own posts.")
		case p.Deleted():
			return store.Errorf(store.ECONFLICT, "This post was deleted.")
		}
		if err := db.openChannel(ctx, p); err != nil {
			return err
		}
		return d.SetPostText(title, body, mentions, db.Now())
	})
}

// DeletePost deletes one's own post, leaving a tombstone so its replies stay.
func (db *DB) DeletePost(ctx context.Context, id store.DocID) (*store.Post, error) {
	return db.changePost(ctx, id, "delete post", func(d *crdt.Doc, p *store.Post, me store.DocID) error {
		switch {
		case p.Author != me:
			return store.Errorf(store.EFORBIDDEN, "You can delete only your own posts.")
		case p.Deleted():
			return nil
		}
		return d.DeletePostBody(db.Now())
	})
}

// ReplyToPost adds a reply to a post's thread. Everyone may reply, in
// announcements too.
func (db *DB) ReplyToPost(ctx context.Context, id store.DocID, body string) (*store.Post, error) {
	body, err := store.ValidateReply(body)
	if err != nil {
		return nil, err
	}
	mentions, err := db.mentionsIn(ctx, body)
	if err != nil {
		return nil, err
	}
	return db.changePost(ctx, id, "reply", func(d *crdt.Doc, p *store.Post, me store.DocID) error {
		if err := db.openChannel(ctx, p); err != nil {
			return err
		}
		return d.AddPostReply(store.PostReply{ID: newID(), Author: me, Body: body, Mentions: mentions, CreatedAt: db.Now()})
	})
}

func findReply(p *store.Post, id string) (*store.PostReply, error) {
	if err := store.ValidateReplyID(id); err != nil {
		return nil, err
	}
	for i := range p.Replies {
		if p.Replies[i].ID == id {
			return &p.Replies[i], nil
		}
	}
	return nil, store.Errorf(store.ENOTFOUND, "That reply does not exist.")
}

// EditReply changes one's own reply.
func (db *DB) EditReply(ctx context.Context, id store.DocID, reply, body string) (*store.Post, error) {
	body, err := store.ValidateReply(body)
	if err != nil {
		return nil, err
	}
	mentions, err := db.mentionsIn(ctx, body)
	if err != nil {
		return nil, err
	}
	return db.changePost(ctx, id, "edit reply", func(d *crdt.Doc, p *store.Post, me store.DocID) error {
		r, err := findReply(p, reply)
		if err != nil {
			return err
		}
		switch {
		case r.Author != me:
			return store.Errorf(store.EFORBIDDEN, "You can edit only your own replies.")
		case !r.DeletedAt.IsZero():
			return store.Errorf(store.ECONFLICT, "This reply was deleted.")
		}
		if err := db.openChannel(ctx, p); err != nil {
			return err
		}
		return d.SetPostReply(reply, body, mentions, db.Now(), r.DeletedAt)
	})
}

// DeleteReply deletes one's own reply; its place in the thread stays.
func (db *DB) DeleteReply(ctx context.Context, id store.DocID, reply string) (*store.Post, error) {
	return db.changePost(ctx, id, "delete reply", func(d *crdt.Doc, p *store.Post, me store.DocID) error {
		r, err := findReply(p, reply)
		if err != nil {
			return err
		}
		switch {
		case r.Author != me:
			return store.Errorf(store.EFORBIDDEN, "You can delete only your own replies.")
		case !r.DeletedAt.IsZero():
			return nil
		}
		return d.SetPostReply(reply, "", nil, r.EditedAt, db.Now())
	})
}

// React adds or takes away the local member's reaction to a post.
func (db *DB) React(ctx context.Context, id store.DocID, emoji string, on bool) (*store.Post, error) {
	if err := store.ValidateEmoji(emoji); err != nil {
		return nil, err
	}
	return db.changePost(ctx, id, "react", func(d *crdt.Doc, p *store.Post, me store.DocID) error {
		if p.Deleted() {
			return store.Errorf(store.ECONFLICT, "This post was deleted.")
		}
		return d.SetReaction(me, emoji, on)
	})
}

// ReactToReply adds or takes away the local member's reaction to a reply.
func (db *DB) ReactToReply(ctx context.Context, id store.DocID, reply, emoji string, on bool) (*store.Post, error) {
	if err := store.ValidateEmoji(emoji); err != nil {
		return nil, err
	}
	return db.changePost(ctx, id, "react", func(d *crdt.Doc, p *store.Post, me store.DocID) error {
		r, err := findReply(p, reply)
		if err != nil {
			return err
		}
		if !r.DeletedAt.IsZero() {
			return store.Errorf(store.ECONFLICT, "This reply was deleted.")
		}
		return d.SetReplyReaction(reply, me, emoji, on)
	})
}

// PinPost pins a post to the top of its channel, or unpins it.
func (db *DB) PinPost(ctx context.Context, id store.DocID, pinned bool) (*store.Post, error) {
	return db.changePost(ctx, id, "pin post", func(d *crdt.Doc, p *store.Post, me store.DocID) error {
		if p.Deleted() && pinned {
			return store.Errorf(store.ECONFLICT, "A deleted post cannot be pinned.")
		}
		if p.Pinned == pinned {
			return nil
		}
		return d.SetPinned(pinned)
	})
}

// AcknowledgePost records that the local member read an announcement
// that asked for it.
func (db *DB) AcknowledgePost(ctx context.Context, id store.DocID) (*store.Post, error) {
	return db.changePost(ctx, id, "acknowledge", func(d *crdt.Doc, p *store.Post, me store.DocID) error {
		if !p.AckRequested {
			return store.Errorf(store.EINVALID, "This post does not ask for acknowledgement.")
		}
		for _, a := range p.Acks {
			if a.Member == me {
				return nil
			}
		}
		return d.Acknowledge(me, db.Now())
	})
}

// PromotePost turns a post, or a post and its thread, into a page in a
// space. The page quotes each reply with its author and time and links
// back to the post; the post records the page.
func (db *DB) PromotePost(ctx context.Context, id, space store.DocID, withReplies bool) (*store.Post, *store.Page, error) {
	if err := space.Validate(); err != nil {
		return nil, nil, err
	}
	p, err := db.FindPost(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if p.Deleted() {
		return nil, nil, store.Errorf(store.ECONFLICT, "A deleted post cannot be promoted.")
	}
	c, err := db.FindChannel(ctx, p.Channel)
	if err != nil {
		return nil, nil, err
	}
	names := map[store.DocID]string{}
	var clock store.Clock // UTC until I am known
	me, _ := db.me(ctx)
	if ms, err := db.FindMembers(ctx); err == nil {
		for i, m := range ms {
			names[m.ID] = m.Name
			if m.ID == me {
				clock = ms[i].Clock()
			}
		}
	}
	page, err := db.CreatePage(ctx, store.NewPage{Title: p.Title, Body: promotedBody(p, c.Name, names, withReplies, clock), Space: space})
	if err != nil {
		return nil, nil, err
	}
	post, err := db.changePost(ctx, id, "promote post", func(d *crdt.Doc, _ *store.Post, _ store.DocID) error {
		return d.SetPromoted(page.ID, page.Title)
	})
	if err != nil {
		return nil, nil, err
	}
	return post, page, nil
}

// promotedBody is the Markdown of a page made from a post. Its times are on
// the clock of whoever promotes it, with the zone named for other readers.
func promotedBody(p *store.Post, channel string, names map[store.DocID]string, withReplies bool, clock store.Clock) string {
	name := func(id store.DocID) string {
		if n := names[id]; n != "" {
			return n
		}
		return "Someone"
	}
	when := clock.DateTime
	var b strings.Builder
	fmt.Fprintf(&b, "> Promoted from a post by **%s** in #%s on %s. [Open the original post](#post/%s)\n\n",
		escapeMarkdown(name(p.Author)), escapeMarkdown(channel), when(p.CreatedAt), p.ID)
	if p.Email != nil {
		fmt.Fprintf(&b, "**From:** %s  \n**Subject:** %s  \n**Date:** %s\n\n", escapeMarkdown(p.Email.From),
			escapeMarkdown(p.Email.Subject), when(p.Email.Date))
	}
	b.WriteString(p.Body)
	b.WriteString("\n")
	if withReplies {
		n := 0
		for _, r := range p.Replies {
			if !r.DeletedAt.IsZero() {
				continue
			}
			if n == 0 {
				b.WriteString("\n---\n\n## Discussion\n")
			}
			n++
			fmt.Fprintf(&b, "\n> **%s** · %s\n>\n", escapeMarkdown(name(r.Author)), when(r.CreatedAt))
			for _, line := range strings.Split(r.Body, "\n") {
				b.WriteString(strings.TrimRight("> "+line, " ") + "\n")
			}
		}
	}
	return b.String()
}

func escapeMarkdown(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "`", "\\`", "#", `\#`)
	return r.Replace(s)
}

// AttachEmail makes a post from an .eml file: the subject as its title,
// the text as its body, and the original kept as it came.
func (db *DB) AttachEmail(ctx context.Context, channel store.DocID, name string, raw []byte) (*store.Post, error) {
	if err := channel.Validate(); err != nil {
		return nil, err
	}
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "." || name == "/" || !utf8.ValidString(name) || utf8.RuneCountInString(name) > 200 {
		name = "email.eml"
	}
	m, err := eml.Parse(raw)
	if err != nil {
		return nil, err
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := db.postableChannel(ctx, channel); err != nil {
		return nil, err
	}
	title := m.Subject
	if title == "" {
		title = "Email from " + m.From
	}
	title = strings.Join(strings.Fields(title), " ")
	if r := []rune(title); len(r) > store.MaxTitleLen {
		title = string(r[:store.MaxTitleLen-1]) + "…"
	}
	body := m.Body
	if r := []rune(body); len(r) > store.MaxPostLen-200 {
		body = string(r[:store.MaxPostLen-200]) + "\n\n[The email is longer; the rest is in the attached original.]"
	}
	if body == "" {
		body = "(This email has no text. The original is attached.)"
	}
	now := db.Now()
	p := store.Post{ID: store.NewDocID(), Channel: channel, Title: title, Body: body, Author: me, CreatedAt: now,
		Email: &store.Email{ID: newID(), Name: name, From: m.From, To: m.To, Subject: m.Subject, Date: m.Date, Size: len(raw)}}
	return db.insertPost(ctx, &p, raw)
}

// FindEmail returns the original bytes of an attached email.
func (db *DB) FindEmail(ctx context.Context, id string) ([]byte, error) {
	if err := store.DocID(id).Validate(); err != nil {
		return nil, err
	}
	var b []byte
	var sum int64
	err := db.db.QueryRowContext(ctx, "SELECT bytes, sum FROM post_emails WHERE id = ?", id).Scan(&b, &sum)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.Errorf(store.ENOTFOUND, "That email is not stored here.")
	}
	if err != nil {
		return nil, fmt.Errorf("find email %s: %w", id, err)
	}
	if checksum(b) != sum {
		return nil, store.Errorf(store.EUNAVAILABLE, "The stored copy of this email is damaged.")
	}
	return b, nil
}
