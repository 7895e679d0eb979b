package store

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// KindConversation and KindChat are the documents of chats: a small one
// per conversation (who is in it, who has seen what), and one per month of
// its messages, so that no document grows without bound.
const (
	KindConversation Kind = "conversation"
	KindChat         Kind = "chat"
)

// MaxChatPeople is the most people a chat holds, its starter included.
// Chats stay small on purpose: anything wider belongs in a channel.
const MaxChatPeople = 3

// MaxMessageLen is the longest chat message, in characters.
const MaxMessageLen = 10_000

// Conversation is a chat between two or three people.
type Conversation struct {
	ID        DocID
	Members   []DocID // everyone in it, the local member included, in the order they joined
	CreatedAt time.Time
	LastAt    time.Time // the newest message's time; CreatedAt when there is none
	Last      string    // the newest message, as one line
	LastBy    DocID
	Unread    int // messages from others after my last read
}

// Message is one chat message.
type Message struct {
	ID           string
	Conversation DocID
	Author       DocID
	Body         string
	At           time.Time
	EditedAt     time.Time
	Deleted      bool
}

// Seen is how far a person has read a conversation.
type Seen struct {
	Member DocID
	At     time.Time // the time of the newest message they were shown
}

// ChatService keeps chats.
type ChatService interface {
	// FindConversations lists my conversations, most recent first.
	FindConversations(ctx context.Context) ([]Conversation, error)
	FindConversation(ctx context.Context, id DocID) (*Conversation, error)
	// StartConversation opens a chat with one or two others; an existing
	// conversation with exactly those people is returned instead.
	StartConversation(ctx context.Context, with []DocID) (*Conversation, error)
	// AddToConversation brings one more person in, up to MaxChatPeople.
	AddToConversation(ctx context.Context, id, member DocID) (*Conversation, error)
	// FindMessages returns up to limit messages before a time (zero: the
	// newest), oldest first.
	FindMessages(ctx context.Context, id DocID, before time.Time, limit int) ([]Message, error)
	SendMessage(ctx context.Context, id DocID, body string) (*Message, error)
	EditMessage(ctx context.Context, id DocID, message, body string) (*Message, error)
	DeleteMessage(ctx context.Context, id DocID, message string) error
	// MarkChatRead records that I was shown the conversation up to its newest
	// message: locally always, and to the others only when I share "seen".
	MarkChatRead(ctx context.Context, id DocID) error
	// FindSeen says how far the others have read, but only when both they
	// and I share "seen"; otherwise nothing.
	FindSeen(ctx context.Context, id DocID) ([]Seen, error)
	// SetShareSeen turns my "seen" on or off.
	SetShareSeen(ctx context.Context, on bool) error
	// SaveChatAsPage keeps chosen messages of a chat as a page of the
	// knowledge base, in space, titled title.
	SaveChatAsPage(ctx context.Context, id DocID, messages []string, space DocID, title string) (*Page, error)
}

// ValidateMessage trims a message and checks it.
func ValidateMessage(body string) (string, error) {
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return "", Errorf(EINVALID, "Write something first.")
	case !utf8.ValidString(body):
		return "", Errorf(EINVALID, "The message is not valid text.")
	case utf8.RuneCountInString(body) > MaxMessageLen:
		return "", Errorf(EINVALID, "A message can be at most %d characters; write a page for anything longer.", MaxMessageLen)
	}
	return body, nil
}

// Month names the monthly piece of a chat a time falls in, in UTC: "2026-12".
func Month(t time.Time) string { return t.UTC().Format("2006-01") }

// TooManyPeople is the error for a chat that would grow past MaxChatPeople.
func TooManyPeople() error {
	return Errorf(EINVALID, "Chats stay small: at most %d people. For a wider conversation, write a post in a channel, where it is kept and found.", MaxChatPeople)
}
