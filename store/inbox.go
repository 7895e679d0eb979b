package store

import (
	"context"
	"time"
)

// InboxKind says why something is in my inbox.
type InboxKind string

const (
	InboxMention     InboxKind = "mention"      // someone named me with @ in a comment
	InboxComment     InboxKind = "comment"      // someone commented on a page I own
	InboxReply       InboxKind = "reply"        // someone replied in a thread I took part in
	InboxReview      InboxKind = "review"       // someone asked me to review a page
	InboxCheckIn     InboxKind = "checkin"      // someone commented on my check-in, or after me on another's
	InboxPostMention InboxKind = "post-mention" // someone named me in a post or a reply to one
	InboxPostReply   InboxKind = "post-reply"   // someone replied to my post, or after me in its thread
	InboxAck         InboxKind = "ack"          // an announcement asks me to acknowledge it
	InboxCheckInDue  InboxKind = "checkin-due"  // my scheduled check-in time has come
)

// InboxItem is one thing that needs me. The inbox is worked out from what
// the documents say (comments, reviews, posts), so it is the same on every
// device; whether I read it, finished it or put it off is this device's.
type InboxItem struct {
	Key          string // stable: the same item has the same key on every read
	Kind         InboxKind
	Actor        DocID  // who did it
	Page         DocID  // where it happened, when on a page
	Post         DocID  // where it happened, when in a channel
	Thread       string // the comment thread, when one
	CheckIn      DocID  // the check-in, when the item is about one
	Title        string // the page's title, or what the item is about
	Snippet      string // what they wrote, as one line
	At           time.Time
	Due          time.Time // for reviews: when mine is due
	Read         bool
	Done         bool
	SnoozedUntil time.Time // zero unless put off
}

// InboxFilter selects inbox items.
type InboxFilter struct {
	View  InboxView
	Limit int // 0: 200
}

// InboxView is one of the inbox's tabs.
type InboxView string

const (
	InboxOpen    InboxView = ""      // not done and not put off
	InboxLater   InboxView = "later" // put off to a time still ahead
	InboxArchive InboxView = "done"  // marked done
)

// InboxService keeps my inbox.
type InboxService interface {
	FindInbox(ctx context.Context, f InboxFilter) ([]InboxItem, error)
	// CountUnread counts open items not yet shown to me.
	CountUnread(ctx context.Context) (int, error)
	// MarkInboxRead records that items were shown to me.
	MarkInboxRead(ctx context.Context, keys []string) error
	// MarkInboxDone clears items, or brings them back.
	MarkInboxDone(ctx context.Context, keys []string, done bool) error
	// SnoozeInbox puts an item off until a time; zero brings it back now.
	SnoozeInbox(ctx context.Context, key string, until time.Time) error
}
