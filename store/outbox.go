package store

import (
	"context"
	"time"
)

// Scheduled is a message waiting to be sent at a chosen time. It stays on
// this device until then: nobody sees it early.
type Scheduled struct {
	ID        string
	Kind      string // "chat" or "post"
	Target    DocID  // the conversation, or the channel
	Title     string // a post's title
	Body      string
	SendAt    time.Time
	CreatedAt time.Time
	Error     string // why sending failed; it is not retried until rescheduled
}

// Sent is a scheduled message that went out.
type Sent struct {
	Scheduled Scheduled
	Message   *Message // a chat message, or
	Post      *Post    // a post
}

// OutboxService sends messages later.
type OutboxService interface {
	ScheduleMessage(ctx context.Context, conversation DocID, body string, at time.Time) (*Scheduled, error)
	SchedulePost(ctx context.Context, channel DocID, title, body string, at time.Time) (*Scheduled, error)
	FindScheduled(ctx context.Context, target DocID) ([]Scheduled, error)
	CancelScheduled(ctx context.Context, id string) error
	// SendDue sends everything due by now, each as if written then.
	SendDue(ctx context.Context) ([]Sent, error)
	// NextDue is when the next scheduled message is due; zero when none.
	NextDue(ctx context.Context) (time.Time, error)
}
