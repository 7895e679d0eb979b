package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/longhand/longhand/store"
)

// MaxSavedMessages bounds the messages one page is made of: a chat's
// insight is a few messages, not its history.
const MaxSavedMessages = 50

// SaveChatAsPage keeps what a chat settled where the team can find it: a
// page in space, titled title, made of the chosen messages in the order
// they were sent, each under its author's name and time. A chat is
// private to its two or three people, and the page is not: it names
// them, but does not link back to the chat, which nobody else could
// open. Times are on the clock of whoever saves it, with the zone named.
func (db *DB) SaveChatAsPage(ctx context.Context, id store.DocID, messages []string, space store.DocID, title string) (*store.Page, error) {
	me, err := db.inConversation(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := space.Validate(); err != nil {
		return nil, err
	}
	if title, err = store.NormalizeTitle(title); err != nil {
		return nil, err
	}
	messages = slices.Compact(slices.Sorted(slices.Values(messages)))
	if len(messages) == 0 || len(messages) > MaxSavedMessages {
		return nil, store.Errorf(store.EINVALID, "Choose from 1 to %d messages to keep.", MaxSavedMessages)
	}
	ids, _ := json.Marshal(messages)
	rows, err := db.db.QueryContext(ctx, `SELECT id, author, body, at FROM chat_messages
		WHERE conversation_id = ? AND deleted = 0 AND id IN (SELECT value FROM json_each(?))
		ORDER BY at, id`, id, string(ids))
	if err != nil {
		return nil, fmt.Errorf("find messages: %w", err)
	}
	var chosen []store.Message
	for rows.Next() {
		var m store.Message
		var at int64
		if err := rows.Scan(&m.ID, &m.Author, &m.Body, &at); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find messages: %w", err)
		}
		m.At = store.FromUnixMillis(at)
		chosen = append(chosen, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find messages: %w", err)
	}
	if len(chosen) != len(messages) {
		return nil, store.Errorf(store.ENOTFOUND, "%d of those messages are not in this chat any more.", len(messages)-len(chosen))
	}
	c, err := db.readConversation(ctx, id, me)
	if err != nil {
		return nil, err
	}
	names := map[store.DocID]string{}
	var clock store.Clock
	if ms, err := db.FindMembers(ctx); err == nil {
		for i, m := range ms {
			names[m.ID] = m.Name
			if m.ID == me {
				clock = ms[i].Clock()
			}
		}
	}
	return db.CreatePage(ctx, store.NewPage{Title: title, Body: chatPageBody(c, chosen, names, clock), Space: space})
}

// chatPageBody is the Markdown of a page kept from a chat.
func chatPageBody(c *store.Conversation, msgs []store.Message, names map[store.DocID]string, clock store.Clock) string {
	name := func(id store.DocID) string {
		if n := names[id]; n != "" {
			return escapeMarkdown(n)
		}
		return "Someone"
	}
	people := make([]string, len(c.Members))
	for i, m := range c.Members {
		people[i] = name(m)
	}
	slices.Sort(people) // the same line whoever keeps it
	with := strings.Join(people, " and ")
	if len(people) > 2 {
		with = strings.Join(people[:len(people)-1], ", ") + " and " + people[len(people)-1]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "> Kept from a chat between %s, %s.\n", with, clock.DateTime(msgs[0].At))
	day := ""
	for _, m := range msgs {
		when := clock.Time(m.At)
		if d := clock.Date(m.At); d != day {
			when, day = clock.DateTime(m.At), d
		}
		fmt.Fprintf(&b, "\n**%s** · %s\n\n%s\n", name(m.Author), when, strings.TrimSpace(m.Body))
	}
	return b.String()
}
