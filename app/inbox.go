package app

import (
	"context"
	"time"

	"github.com/longhand/longhand/store"
)

// Inbox is the bound service for the inbox: what needs me, from comments,
// reviews and (later) posts and check-ins.
type Inbox struct {
	ctx     context.Context
	inbox   store.InboxService
	members store.MemberService
	ws      store.WorkspaceService
	events  Emitter
	Now     func() time.Time
}

// NewInbox returns the inbox service.
func NewInbox(ctx context.Context, inbox store.InboxService, members store.MemberService, ws store.WorkspaceService, events Emitter) *Inbox {
	return &Inbox{ctx: ctx, inbox: inbox, members: members, ws: ws, events: events, Now: time.Now}
}

// EventInboxChanged is emitted, with no payload, when what I did with my
// inbox changed here (read, done, later). Changes to what is in it arrive
// as the events of the documents themselves.
const EventInboxChanged = "inbox:changed"

// InboxItemView is one inbox entry.
type InboxItemView struct {
	Key          string `json:"key"`
	Kind         string `json:"kind"` // mention, comment, reply, review, checkin, post-mention, post-reply, ack, checkin
	ActorID      string `json:"actorId"`
	ActorName    string `json:"actorName"`
	PageID       string `json:"pageId"`
	PostID       string `json:"postId"`
	ThreadID     string `json:"threadId"`
	CheckInID    string `json:"checkInId"` // for a comment on a check-in
	Title        string `json:"title"`
	Snippet      string `json:"snippet"`
	At           string `json:"at"`
	Due          string `json:"due"`
	Read         bool   `json:"read"`
	Done         bool   `json:"done"`
	SnoozedUntil string `json:"snoozedUntil"`
}

// LaterOption is a time to put an item off until.
type LaterOption struct {
	Label string `json:"label"`
	At    string `json:"at"` // RFC 3339
}

// List returns one tab of the inbox: "" (open), "later" or "done".
func (s *Inbox) List(view string) ([]InboxItemView, error) {
	items, err := s.inbox.FindInbox(s.ctx, store.InboxFilter{View: store.InboxView(view)})
	if err != nil {
		return nil, err
	}
	names := map[store.DocID]string{}
	if ms, err := s.members.FindMembers(s.ctx); err == nil {
		for _, m := range ms {
			names[m.ID] = m.Name
		}
	}
	out := make([]InboxItemView, len(items))
	for i, it := range items {
		name := names[it.Actor]
		if name == "" {
			name = "Someone"
		}
		out[i] = InboxItemView{Key: it.Key, Kind: string(it.Kind), ActorID: string(it.Actor), ActorName: name,
			PageID: string(it.Page), PostID: string(it.Post), ThreadID: it.Thread, CheckInID: string(it.CheckIn), Title: it.Title, Snippet: it.Snippet, At: formatTime(it.At),
			Due: formatTime(it.Due), Read: it.Read, Done: it.Done, SnoozedUntil: formatTime(it.SnoozedUntil)}
	}
	return out, nil
}

// Unread counts open items not yet shown.
func (s *Inbox) Unread() (int, error) { return s.inbox.CountUnread(s.ctx) }

// MarkRead records that items were on screen.
func (s *Inbox) MarkRead(keys []string) error {
	return s.changed(s.inbox.MarkInboxRead(s.ctx, keys))
}

// Done clears items, or brings them back.
func (s *Inbox) Done(keys []string, done bool) error {
	return s.changed(s.inbox.MarkInboxDone(s.ctx, keys, done))
}

// Later puts an item off until a time (RFC 3339), or brings it back ("").
func (s *Inbox) Later(key, until string) error {
	var t time.Time
	if until != "" {
		var err error
		if t, err = time.Parse(time.RFC3339Nano, until); err != nil {
			return store.Errorf(store.EINVALID, "%q is not a time.", until)
		}
	}
	return s.changed(s.inbox.SnoozeInbox(s.ctx, key, t))
}

// LaterOptions are the usual times to put something off until, worked out
// from my working hours in my time zone.
func (s *Inbox) LaterOptions() ([]LaterOption, error) {
	sess, err := s.ws.FindSession(s.ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	out := []LaterOption{{Label: "In 3 hours", At: formatTime(now.Add(3 * time.Hour))}}
	if sess.Me == nil {
		return out, nil
	}
	me := sess.Me
	next := store.NextWorkStart(me, now.Add(time.Minute))
	out = append(out, LaterOption{Label: "Next working morning", At: formatTime(next)})
	loc := me.Location()
	local := now.In(loc)
	days := (8 - int(local.Weekday())) % 7
	if days == 0 {
		days = 7
	}
	monday := time.Date(local.Year(), local.Month(), local.Day()+days, 0, 0, 0, 0, loc)
	out = append(out, LaterOption{Label: "Next week", At: formatTime(store.NextWorkStart(me, monday))})
	return out, nil
}

func (s *Inbox) changed(err error) error {
	if err == nil {
		s.events.Emit(EventInboxChanged, nil)
	}
	return err
}
