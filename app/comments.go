package app

import (
	"context"

	"github.com/longhand/longhand/store"
)

// Comments is the bound service for comment threads on pages.
type Comments struct {
	ctx      context.Context
	comments store.CommentService
	events   Emitter
}

// NewComments returns the comments service.
func NewComments(ctx context.Context, comments store.CommentService, events Emitter) *Comments {
	return &Comments{ctx: ctx, comments: comments, events: events}
}

// ThreadView is a comment thread as the side panel shows it. Start and
// End are in code points of the page body at the page's current revision.
type ThreadView struct {
	ID         string      `json:"id"`
	PageID     string      `json:"pageId"`
	Start      int         `json:"start"`
	End        int         `json:"end"`
	Quote      string      `json:"quote"`
	Detached   bool        `json:"detached"` // its text was deleted
	Resolved   bool        `json:"resolved"`
	ResolvedBy string      `json:"resolvedBy"`
	ResolvedAt string      `json:"resolvedAt"`
	Replies    []ReplyView `json:"replies"`
}

// ReplyView is one message of a thread.
type ReplyView struct {
	ID         string   `json:"id"`
	AuthorID   string   `json:"authorId"`
	AuthorName string   `json:"authorName"`
	Body       string   `json:"body"` // Markdown; render it sanitized
	Mentions   []string `json:"mentions"`
	CreatedAt  string   `json:"createdAt"`
}

// ThreadsChanged is the payload of EventThreadsChanged.
type ThreadsChanged struct {
	PageID string `json:"pageId"`
}

func threadView(t store.Thread) ThreadView {
	v := ThreadView{ID: t.ID, PageID: string(t.Page), Start: t.Start, End: t.End, Quote: t.Quote, Detached: t.Detached,
		Resolved: t.Resolved, ResolvedBy: string(t.ResolvedBy), ResolvedAt: formatTime(t.ResolvedAt), Replies: []ReplyView{}}
	for _, r := range t.Replies {
		m := make([]string, len(r.Mentions))
		for i, x := range r.Mentions {
			m[i] = string(x)
		}
		v.Replies = append(v.Replies, ReplyView{ID: r.ID, AuthorID: string(r.Author), AuthorName: r.AuthorName,
			Body: r.Body, Mentions: m, CreatedAt: formatTime(r.CreatedAt)})
	}
	return v
}

func mentionIDs(ids []string) []store.DocID {
	out := make([]store.DocID, 0, len(ids))
	for _, id := range ids {
		if store.DocID(id).Validate() == nil {
			out = append(out, store.DocID(id))
		}
	}
	return out
}

// List returns a page's threads in text order, detached ones last.
func (s *Comments) List(pageID string) ([]ThreadView, error) {
	ts, err := s.comments.FindThreads(s.ctx, store.DocID(pageID))
	if err != nil {
		return nil, err
	}
	out := make([]ThreadView, len(ts))
	for i, t := range ts {
		out[i] = threadView(t)
	}
	return out, nil
}

// Start anchors a new thread to [start, end) of the page body as of rev.
func (s *Comments) Start(pageID, rev string, start, end int, body string, mentions []string) (ThreadView, error) {
	t, err := s.comments.CreateThread(s.ctx, store.DocID(pageID), rev, start, end, body, mentionIDs(mentions))
	return s.changed(pageID, t, err)
}

// Reply adds a reply to a thread.
func (s *Comments) Reply(pageID, threadID, body string, mentions []string) (ThreadView, error) {
	t, err := s.comments.ReplyToThread(s.ctx, store.DocID(pageID), threadID, body, mentionIDs(mentions))
	return s.changed(pageID, t, err)
}

// Resolve resolves a thread, or reopens it with resolved false.
func (s *Comments) Resolve(pageID, threadID string, resolved bool) (ThreadView, error) {
	t, err := s.comments.ResolveThread(s.ctx, store.DocID(pageID), threadID, resolved)
	return s.changed(pageID, t, err)
}

func (s *Comments) changed(pageID string, t *store.Thread, err error) (ThreadView, error) {
	if err != nil {
		return ThreadView{}, err
	}
	s.events.Emit(EventThreadsChanged, ThreadsChanged{PageID: pageID})
	return threadView(*t), nil
}
