package crdt

import (
	"fmt"
	"sort"
	"time"

	"github.com/longhand/longhand/store"
)

// A conversation document's root map:
//
//	kind       "conversation"
//	createdAt  int64, Unix ms
//	members    map of member ID to joinedAt (int64, Unix ms)
//	seen       map of member ID to the time of the newest message they were
//	           shown (int64), written only by people who share "seen"
//
// A chat document holds one month of a conversation's messages:
//
//	kind          "chat"
//	conversation  its conversation's DocID
//	month         "2026-12"
//	messages      map of message ID to {author, body, at, editedAt, deleted}
//
// Two devices may each start a month's piece while apart; both pieces are
// kept and read together, so no message is lost.

// NewConversation creates a conversation document.
func NewConversation(members []store.DocID, now time.Time) (*Doc, error) {
	m := map[string]any{}
	for i, id := range members {
		m[string(id)] = store.UnixMillis(now) + int64(i) // joined in this order
	}
	return newMap(map[string]any{"kind": string(store.KindConversation), "createdAt": store.UnixMillis(now),
		"members": m, "seen": map[string]any{}})
}

// Conversation reads a conversation document. ID comes from the store.
// Should concurrent additions have made it larger than a chat may be, the
// earliest to join are the members: every peer reads the same people.
func (d *Doc) Conversation() (*store.Conversation, error) {
	var c store.Conversation
	created, err := d.int("createdAt")
	if err != nil {
		return nil, fmt.Errorf("conversation createdAt: %w", err)
	}
	c.CreatedAt = store.FromUnixMillis(created)
	members, err := mapOf[int64](d, "members")
	if err != nil {
		return nil, err
	}
	type joined struct {
		id string
		at int64
	}
	var js []joined
	for id, at := range members {
		js = append(js, joined{id, at})
	}
	sort.Slice(js, func(i, j int) bool { return js[i].at < js[j].at || js[i].at == js[j].at && js[i].id < js[j].id })
	for i, j := range js {
		if i == store.MaxChatPeople {
			break
		}
		c.Members = append(c.Members, store.DocID(j.id))
	}
	return &c, nil
}

// AddConversationMember brings a member into a conversation.
func (d *Doc) AddConversationMember(id store.DocID, now time.Time) error {
	return d.am.Path("members", string(id)).Set(store.UnixMillis(now))
}

// SetSeen records how far a member has read.
func (d *Doc) SetSeen(member store.DocID, at time.Time) error {
	return d.am.Path("seen", string(member)).Set(store.UnixMillis(at))
}

// ConversationSeen reads how far each member has said they read.
func (d *Doc) ConversationSeen() ([]store.Seen, error) {
	seen, err := mapOf[int64](d, "seen")
	if err != nil {
		return nil, err
	}
	out := make([]store.Seen, 0, len(seen))
	for id, at := range seen {
		out = append(out, store.Seen{Member: store.DocID(id), At: store.FromUnixMillis(at)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Member < out[j].Member })
	return out, nil
}

// NewChat creates a month's piece of a conversation.
func NewChat(conversation store.DocID, month string) (*Doc, error) {
	return newMap(map[string]any{"kind": string(store.KindChat), "conversation": string(conversation), "month": month,
		"messages": map[string]any{}})
}

type messageFields struct {
	Author   string `automerge:"author"`
	Body     string `automerge:"body"`
	At       int64  `automerge:"at"`
	EditedAt int64  `automerge:"editedAt"`
	Deleted  bool   `automerge:"deleted"`
}

// ChatMonth says which conversation and month a chat piece holds.
func (d *Doc) ChatMonth() (store.DocID, string, error) {
	conv, err := d.str("conversation")
	if err != nil {
		return "", "", fmt.Errorf("chat conversation: %w", err)
	}
	month, err := d.str("month")
	if err != nil {
		return "", "", fmt.Errorf("chat month: %w", err)
	}
	return store.DocID(conv), month, nil
}

// AddMessage adds a message to a chat piece.
func (d *Doc) AddMessage(m store.Message) error {
	return d.am.Path("messages", m.ID).Set(map[string]any{"author": string(m.Author), "body": m.Body,
		"at": store.UnixMillis(m.At), "editedAt": int64(0), "deleted": false})
}

// EditMessage replaces a message's text.
func (d *Doc) EditMessage(id, body string, at time.Time) error {
	m := d.am.Path("messages", id).Map()
	if err := m.Set("body", body); err != nil {
		return fmt.Errorf("edit message: %w", err)
	}
	return m.Set("editedAt", store.UnixMillis(at))
}

// DeleteMessage empties a message and marks it deleted; the entry stays so
// that a concurrent edit cannot bring the text back.
func (d *Doc) DeleteMessage(id string, at time.Time) error {
	m := d.am.Path("messages", id).Map()
	for k, v := range map[string]any{"body": "", "deleted": true, "editedAt": store.UnixMillis(at)} {
		if err := m.Set(k, v); err != nil {
			return fmt.Errorf("delete message: %w", err)
		}
	}
	return nil
}

// Messages reads a chat piece's messages, oldest first. A deleted message
// keeps no text, whatever a concurrent edit wrote.
func (d *Doc) Messages() ([]store.Message, error) {
	conv, _, err := d.ChatMonth()
	if err != nil {
		return nil, err
	}
	ms, err := mapOf[messageFields](d, "messages")
	if err != nil {
		return nil, err
	}
	out := make([]store.Message, 0, len(ms))
	for id, f := range ms {
		m := store.Message{ID: id, Conversation: conv, Author: store.DocID(f.Author), Body: f.Body,
			At: store.FromUnixMillis(f.At), EditedAt: store.FromUnixMillis(f.EditedAt), Deleted: f.Deleted}
		if m.Deleted {
			m.Body = ""
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].At.Before(out[j].At) || out[i].At.Equal(out[j].At) && out[i].ID < out[j].ID
	})
	return out, nil
}

// HasMessage reports whether the piece holds a message.
func (d *Doc) HasMessage(id string) bool {
	ms, err := mapOf[messageFields](d, "messages")
	if err != nil {
		return false
	}
	_, ok := ms[id]
	return ok
}
