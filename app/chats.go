package app

import (
	"context"
	"time"

	"github.com/longhand/longhand/store"
)

// Chats is the bound service for chats of two or three people.
type Chats struct {
	ctx     context.Context
	chats   store.ChatService
	outbox  store.OutboxService
	members store.MemberService
	ws      store.WorkspaceService
	events  Emitter
	wake    chan struct{} // tells the outbox loop that something was scheduled
	Now     func() time.Time

	// OnPostSent is told of each scheduled post that went out.
	OnPostSent func(*store.Post)
}

// NewChats returns the chats service.
func NewChats(ctx context.Context, chats store.ChatService, outbox store.OutboxService, members store.MemberService,
	ws store.WorkspaceService, events Emitter) *Chats {
	return &Chats{ctx: ctx, chats: chats, outbox: outbox, members: members, ws: ws, events: events,
		wake: make(chan struct{}, 1), Now: time.Now}
}

// EventChatChanged carries a ChatChanged when a conversation changes.
const EventChatChanged = "chat:changed"

// ChatChanged is the payload of EventChatChanged.
type ChatChanged struct {
	ConversationID string `json:"conversationId"`
	Kind           string `json:"kind"` // message, members, read, scheduled
}

// PersonRef is a person as a chat shows them.
type PersonRef struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	TimeZone string `json:"timeZone"`
}

// ConversationView is a chat in the list and at the top of its screen.
type ConversationView struct {
	ID      string      `json:"id"`
	Members []PersonRef `json:"members"` // everyone, me included
	LastAt  string      `json:"lastAt"`
	Last    string      `json:"last"` // the newest message as one line
	LastBy  string      `json:"lastBy"`
	Unread  int         `json:"unread"`
}

// MessageView is one chat message.
type MessageView struct {
	ID         string `json:"id"`
	AuthorID   string `json:"authorId"`
	AuthorName string `json:"authorName"`
	Body       string `json:"body"` // Markdown; render it sanitized
	At         string `json:"at"`
	EditedAt   string `json:"editedAt"`
	Deleted    bool   `json:"deleted"`
}

// SaveAsPage keeps chosen messages of a chat as a page of the knowledge
// base, in a space, under a title; the page is announced as any new one.
func (s *Chats) SaveAsPage(id string, messageIDs []string, spaceID, title string) (PageSummary, error) {
	page, err := s.chats.SaveChatAsPage(s.ctx, store.DocID(id), messageIDs, store.DocID(spaceID), title)
	if err != nil {
		return PageSummary{}, err
	}
	sum := summaryView(page.Summary())
	s.events.Emit(EventPageChanged, PageChanged{Kind: ChangeCreated, Page: sum, Rev: page.Rev, Splices: []Splice{}})
	return sum, nil
}

// ScheduledView is a message or post waiting for its time.
type ScheduledView struct {
	ID     string `json:"id"`
	Title  string `json:"title"` // a post's
	Body   string `json:"body"`
	SendAt string `json:"sendAt"`
	Error  string `json:"error"` // why it could not be sent
}

// SeenView says how far someone read, when both of us share it.
type SeenView struct {
	MemberID string `json:"memberId"`
	Name     string `json:"name"`
	At       string `json:"at"`
}

func (s *Chats) people() map[store.DocID]*store.Member {
	out := map[store.DocID]*store.Member{}
	if ms, err := s.members.FindMembers(s.ctx); err == nil {
		for i := range ms {
			out[ms[i].ID] = &ms[i]
		}
	}
	return out
}

func (s *Chats) view(c *store.Conversation, people map[store.DocID]*store.Member) ConversationView {
	v := ConversationView{ID: string(c.ID), LastAt: formatTime(c.LastAt), Last: c.Last, LastBy: string(c.LastBy), Unread: c.Unread,
		Members: []PersonRef{}}
	for _, id := range c.Members {
		ref := PersonRef{ID: string(id), Name: "Someone", TimeZone: "UTC"}
		if m := people[id]; m != nil {
			ref.Name, ref.TimeZone = m.Name, m.TimeZone
		}
		v.Members = append(v.Members, ref)
	}
	return v
}

func messageView(m *store.Message, people map[store.DocID]*store.Member) MessageView {
	name := "Someone"
	if p := people[m.Author]; p != nil {
		name = p.Name
	}
	return MessageView{ID: m.ID, AuthorID: string(m.Author), AuthorName: name, Body: m.Body, At: formatTime(m.At),
		EditedAt: formatTime(m.EditedAt), Deleted: m.Deleted}
}

// List returns my chats, most recent first.
func (s *Chats) List() ([]ConversationView, error) {
	cs, err := s.chats.FindConversations(s.ctx)
	if err != nil {
		return nil, err
	}
	people := s.people()
	out := make([]ConversationView, len(cs))
	for i := range cs {
		out[i] = s.view(&cs[i], people)
	}
	return out, nil
}

// Get returns one chat.
func (s *Chats) Get(id string) (ConversationView, error) {
	c, err := s.chats.FindConversation(s.ctx, store.DocID(id))
	if err != nil {
		return ConversationView{}, err
	}
	return s.view(c, s.people()), nil
}

// Start opens a chat with one or two others (or the one they have).
func (s *Chats) Start(with []string) (ConversationView, error) {
	ids := make([]store.DocID, len(with))
	for i, w := range with {
		ids[i] = store.DocID(w)
	}
	c, err := s.chats.StartConversation(s.ctx, ids)
	if err != nil {
		return ConversationView{}, err
	}
	s.announce(c.ID, "members")
	return s.view(c, s.people()), nil
}

// Add brings a third person into a chat.
func (s *Chats) Add(id, memberID string) (ConversationView, error) {
	c, err := s.chats.AddToConversation(s.ctx, store.DocID(id), store.DocID(memberID))
	if err != nil {
		return ConversationView{}, err
	}
	s.announce(c.ID, "members")
	return s.view(c, s.people()), nil
}

// Messages returns up to limit messages before a time ("" for the newest), oldest first.
func (s *Chats) Messages(id, before string, limit int) ([]MessageView, error) {
	var t time.Time
	if before != "" {
		var err error
		if t, err = time.Parse(time.RFC3339Nano, before); err != nil {
			return nil, store.Errorf(store.EINVALID, "%q is not a time.", before)
		}
	}
	ms, err := s.chats.FindMessages(s.ctx, store.DocID(id), t, limit)
	if err != nil {
		return nil, err
	}
	people := s.people()
	out := make([]MessageView, len(ms))
	for i := range ms {
		out[i] = messageView(&ms[i], people)
	}
	return out, nil
}

// Send posts a message now.
func (s *Chats) Send(id, body string) (MessageView, error) {
	m, err := s.chats.SendMessage(s.ctx, store.DocID(id), body)
	if err != nil {
		return MessageView{}, err
	}
	s.announce(m.Conversation, "message")
	return messageView(m, s.people()), nil
}

// Edit changes one of my messages.
func (s *Chats) Edit(id, messageID, body string) (MessageView, error) {
	m, err := s.chats.EditMessage(s.ctx, store.DocID(id), messageID, body)
	if err != nil {
		return MessageView{}, err
	}
	s.announce(store.DocID(id), "message")
	return messageView(m, s.people()), nil
}

// Delete removes one of my messages.
func (s *Chats) Delete(id, messageID string) error {
	if err := s.chats.DeleteMessage(s.ctx, store.DocID(id), messageID); err != nil {
		return err
	}
	s.announce(store.DocID(id), "message")
	return nil
}

// MarkRead records that the chat was on screen up to its newest message.
func (s *Chats) MarkRead(id string) error {
	if err := s.chats.MarkChatRead(s.ctx, store.DocID(id)); err != nil {
		return err
	}
	s.announce(store.DocID(id), "read")
	return nil
}

// Seen says how far the others read, when they and I both share it.
func (s *Chats) Seen(id string) ([]SeenView, error) {
	seen, err := s.chats.FindSeen(s.ctx, store.DocID(id))
	if err != nil {
		return nil, err
	}
	people := s.people()
	out := make([]SeenView, len(seen))
	for i, x := range seen {
		out[i] = SeenView{MemberID: string(x.Member), At: formatTime(x.At)}
		if p := people[x.Member]; p != nil {
			out[i].Name = p.Name
		}
	}
	return out, nil
}

// SetShareSeen turns my "seen" on or off.
func (s *Chats) SetShareSeen(on bool) error {
	if err := s.chats.SetShareSeen(s.ctx, on); err != nil {
		return err
	}
	if sess, err := s.ws.FindSession(s.ctx); err == nil && sess.Me != nil {
		s.events.Emit(EventMemberChanged, memberView(sess.Me))
	}
	return nil
}

// TheirMorning is when the others' next working day starts ("in their
// morning"): the latest of their starts, so that it is morning for all.
func (s *Chats) TheirMorning(id string) (string, error) {
	t, err := s.theirMorning(store.DocID(id))
	return formatTime(t), err
}

func (s *Chats) theirMorning(id store.DocID) (time.Time, error) {
	c, err := s.chats.FindConversation(s.ctx, id)
	if err != nil {
		return time.Time{}, err
	}
	sess, err := s.ws.FindSession(s.ctx)
	if err != nil {
		return time.Time{}, err
	}
	people := s.people()
	now := s.Now()
	var at time.Time
	for _, m := range c.Members {
		if p := people[m]; p != nil && (sess.Me == nil || m != sess.Me.ID) {
			if t := store.NextWorkStart(p, now); t.After(at) {
				at = t
			}
		}
	}
	if at.IsZero() {
		return time.Time{}, store.Errorf(store.EINVALID, "There is nobody else in this chat.")
	}
	return at, nil
}

// Schedule sends a message at a time (RFC 3339).
func (s *Chats) Schedule(id, body, at string) (ScheduledView, error) {
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return ScheduledView{}, store.Errorf(store.EINVALID, "%q is not a time.", at)
	}
	return s.schedule(store.DocID(id), body, t)
}

// ScheduleInTheirMorning sends a message when the others' working day starts.
func (s *Chats) ScheduleInTheirMorning(id, body string) (ScheduledView, error) {
	t, err := s.theirMorning(store.DocID(id))
	if err != nil {
		return ScheduledView{}, err
	}
	return s.schedule(store.DocID(id), body, t)
}

func (s *Chats) schedule(id store.DocID, body string, at time.Time) (ScheduledView, error) {
	sc, err := s.outbox.ScheduleMessage(s.ctx, id, body, at)
	if err != nil {
		return ScheduledView{}, err
	}
	s.Wake()
	s.announce(id, "scheduled")
	return scheduledView(sc), nil
}

// Wake tells the outbox loop that something new was scheduled.
func (s *Chats) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func scheduledView(sc *store.Scheduled) ScheduledView {
	return ScheduledView{ID: sc.ID, Title: sc.Title, Body: sc.Body, SendAt: formatTime(sc.SendAt), Error: sc.Error}
}

// Scheduled lists what waits to be sent to a chat.
func (s *Chats) Scheduled(id string) ([]ScheduledView, error) {
	scs, err := s.outbox.FindScheduled(s.ctx, store.DocID(id))
	if err != nil {
		return nil, err
	}
	out := make([]ScheduledView, len(scs))
	for i := range scs {
		out[i] = scheduledView(&scs[i])
	}
	return out, nil
}

// Cancel drops a scheduled message.
func (s *Chats) Cancel(id, scheduledID string) error {
	if err := s.outbox.CancelScheduled(s.ctx, scheduledID); err != nil {
		return err
	}
	s.announce(store.DocID(id), "scheduled")
	return nil
}

// RunOutbox sends scheduled messages when they come due, until ctx ends.
// It works offline: sending is a local change, synced like any other.
func (s *Chats) RunOutbox(ctx context.Context, logf func(string, ...any)) {
	for {
		wait := time.Minute
		if next, err := s.outbox.NextDue(ctx); err == nil && !next.IsZero() {
			wait = min(max(time.Until(next), 0), time.Minute)
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
			continue
		case <-time.After(wait):
		}
		sent, err := s.outbox.SendDue(ctx)
		if err != nil {
			logf("send scheduled messages: %v", err)
		}
		for _, x := range sent {
			switch {
			case x.Post != nil && s.OnPostSent != nil:
				s.OnPostSent(x.Post)
			case x.Message != nil:
				s.announce(x.Scheduled.Target, "message")
			}
		}
	}
}

func (s *Chats) announce(id store.DocID, kind string) {
	s.events.Emit(EventChatChanged, ChatChanged{ConversationID: string(id), Kind: kind})
}
