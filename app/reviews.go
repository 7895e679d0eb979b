package app

import (
	"context"

	"github.com/longhand/longhand/store"
)

// Reviews is the bound service for the review of pages: status, owner,
// reviewers, review-by dates, meeting pre-reads and decision logs.
type Reviews struct {
	ctx     context.Context
	reviews store.ReviewService
	pages   store.PageService
	members store.MemberService
	events  Emitter
}

// NewReviews returns the reviews service.
func NewReviews(ctx context.Context, reviews store.ReviewService, pages store.PageService, members store.MemberService, events Emitter) *Reviews {
	return &Reviews{ctx: ctx, reviews: reviews, pages: pages, members: members, events: events}
}

// ReviewView is a page's review as its review bar and panel show it.
type ReviewView struct {
	PageID        string         `json:"pageId"`
	Kind          string         `json:"kind"`   // "" or "meeting"
	Status        string         `json:"status"` // draft, review or decided
	OwnerID       string         `json:"ownerId"`
	ReviewBy      string         `json:"reviewBy"` // "YYYY-MM-DD" or ""
	Reviewers     []ReviewerView `json:"reviewers"`
	Meeting       MeetingView    `json:"meeting"`
	Decisions     []DecisionView `json:"decisions"`
	DecidedAt     string         `json:"decidedAt"`
	DecidedBy     string         `json:"decidedBy"`
	DecidedByName string         `json:"decidedByName"`
}

// ReviewerView is one reviewer. Due is the instant; show it in timeZone,
// the reviewer's own, and in the viewer's.
type ReviewerView struct {
	MemberID string `json:"memberId"`
	Name     string `json:"name"`
	TimeZone string `json:"timeZone"`
	State    string `json:"state"`   // unread, read, commented, approved
	DueDate  string `json:"dueDate"` // the day asked for, in their calendar
	Due      string `json:"due"`     // RFC 3339
}

// MeetingView is what a meeting page adds.
type MeetingView struct {
	PreReadID     string `json:"preReadId"`
	PreReadTitle  string `json:"preReadTitle"`
	PreReadStatus string `json:"preReadStatus"` // "" when it is gone
	PreReadGone   bool   `json:"preReadGone"`   // deleted or in the trash
	Ready         bool   `json:"ready"`
}

// DecisionView is one entry of a decision log.
type DecisionView struct {
	ID         string `json:"id"`
	Text       string `json:"text"`
	AuthorID   string `json:"authorId"`
	AuthorName string `json:"authorName"`
	At         string `json:"at"`
}

// ReviewItemView is one entry of the "needs review" list.
type ReviewItemView struct {
	Page    PageSummary `json:"page"`
	Reason  string      `json:"reason"` // reviewer, owner or review-by
	Due     string      `json:"due"`    // RFC 3339, "" when undated
	DueDate string      `json:"dueDate"`
	State   string      `json:"state"`   // my state, as a reviewer
	Pending int         `json:"pending"` // reviewers yet to approve, as owner
	Overdue bool        `json:"overdue"`
}

// ReviewChanged is the payload of EventReviewChanged.
type ReviewChanged struct {
	PageID string     `json:"pageId"`
	Review ReviewView `json:"review"`
}

// Get returns a page's review.
func (s *Reviews) Get(pageID string) (ReviewView, error) {
	r, err := s.reviews.FindReview(s.ctx, store.DocID(pageID))
	if err != nil {
		return ReviewView{}, err
	}
	return s.view(r), nil
}

// NeedsReview lists what needs my attention: pages I was asked to review,
// pages I own in review, and pages of mine due to be looked at again.
func (s *Reviews) NeedsReview() ([]ReviewItemView, error) {
	items, err := s.reviews.FindReviewItems(s.ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ReviewItemView, len(items))
	for i, it := range items {
		out[i] = ReviewItemView{Page: summaryView(it.Page), Reason: string(it.Reason), Due: formatTime(it.Due),
			DueDate: it.DueDate, State: string(it.State), Pending: it.Pending, Overdue: it.Overdue}
	}
	return out, nil
}

// SetStatus moves a page to draft, review or decided.
func (s *Reviews) SetStatus(pageID, status string) (ReviewView, error) {
	return s.change(pageID, func(id store.DocID) (*store.Review, error) {
		return s.reviews.SetStatus(s.ctx, id, store.Status(status))
	})
}

// SetOwner hands a page to another member.
func (s *Reviews) SetOwner(pageID, memberID string) (ReviewView, error) {
	return s.change(pageID, func(id store.DocID) (*store.Review, error) {
		return s.reviews.SetOwner(s.ctx, id, store.DocID(memberID))
	})
}

// SetReviewBy sets the date to look at the page again ("" for none).
func (s *Reviews) SetReviewBy(pageID, date string) (ReviewView, error) {
	return s.change(pageID, func(id store.DocID) (*store.Review, error) { return s.reviews.SetReviewBy(s.ctx, id, date) })
}

// AddReviewer asks a member to review the page by a day in their calendar.
func (s *Reviews) AddReviewer(pageID, memberID, dueDate string) (ReviewView, error) {
	return s.change(pageID, func(id store.DocID) (*store.Review, error) {
		return s.reviews.AddReviewer(s.ctx, id, store.DocID(memberID), dueDate)
	})
}

// RemoveReviewer takes a member off the reviewers.
func (s *Reviews) RemoveReviewer(pageID, memberID string) (ReviewView, error) {
	return s.change(pageID, func(id store.DocID) (*store.Review, error) {
		return s.reviews.RemoveReviewer(s.ctx, id, store.DocID(memberID))
	})
}

// MarkRead records that the page was shown to me; the frontend calls it
// once the page is on screen.
func (s *Reviews) MarkRead(pageID string) (ReviewView, error) {
	return s.change(pageID, func(id store.DocID) (*store.Review, error) { return s.reviews.MarkRead(s.ctx, id) })
}

// Approve records or withdraws my approval.
func (s *Reviews) Approve(pageID string, approved bool) (ReviewView, error) {
	return s.change(pageID, func(id store.DocID) (*store.Review, error) { return s.reviews.Approve(s.ctx, id, approved) })
}

// SetMeeting makes a page a meeting page or an ordinary one.
func (s *Reviews) SetMeeting(pageID string, meeting bool) (ReviewView, error) {
	return s.change(pageID, func(id store.DocID) (*store.Review, error) { return s.reviews.SetMeeting(s.ctx, id, meeting) })
}

// SetPreRead links a meeting page's pre-read ("" to unlink).
func (s *Reviews) SetPreRead(pageID, preReadID string) (ReviewView, error) {
	return s.change(pageID, func(id store.DocID) (*store.Review, error) {
		return s.reviews.SetPreRead(s.ctx, id, store.DocID(preReadID))
	})
}

// SetReady marks a meeting page ready to be held, or not.
func (s *Reviews) SetReady(pageID string, ready bool) (ReviewView, error) {
	return s.change(pageID, func(id store.DocID) (*store.Review, error) { return s.reviews.SetReady(s.ctx, id, ready) })
}

// AddDecision logs a decision on the page.
func (s *Reviews) AddDecision(pageID, text string) (ReviewView, error) {
	return s.change(pageID, func(id store.DocID) (*store.Review, error) { return s.reviews.AddDecision(s.ctx, id, text) })
}

// DeleteDecision removes a decision from the log.
func (s *Reviews) DeleteDecision(pageID, decisionID string) (ReviewView, error) {
	return s.change(pageID, func(id store.DocID) (*store.Review, error) {
		return s.reviews.DeleteDecision(s.ctx, id, decisionID)
	})
}

// change runs a review change and announces the review as it now is.
func (s *Reviews) change(pageID string, f func(store.DocID) (*store.Review, error)) (ReviewView, error) {
	id := store.DocID(pageID)
	if err := id.Validate(); err != nil {
		return ReviewView{}, err
	}
	r, err := f(id)
	if err != nil {
		return ReviewView{}, err
	}
	v := s.view(r)
	s.events.Emit(EventReviewChanged, ReviewChanged{PageID: pageID, Review: v})
	return v, nil
}

func (s *Reviews) view(r *store.Review) ReviewView {
	names := map[store.DocID]*store.Member{}
	if ms, err := s.members.FindMembers(s.ctx); err == nil {
		for i := range ms {
			names[ms[i].ID] = &ms[i]
		}
	}
	name := func(id store.DocID) string {
		if m := names[id]; m != nil {
			return m.Name
		}
		return ""
	}
	v := ReviewView{PageID: string(r.Page), Kind: string(r.Kind), Status: string(r.Status), OwnerID: string(r.Owner),
		ReviewBy: r.ReviewBy, Reviewers: []ReviewerView{}, Decisions: []DecisionView{},
		DecidedAt: formatTime(r.DecidedAt), DecidedBy: string(r.DecidedBy), DecidedByName: name(r.DecidedBy)}
	for _, rv := range r.Reviewers {
		tz := "UTC"
		if m := names[rv.Member]; m != nil {
			tz = m.TimeZone
		}
		v.Reviewers = append(v.Reviewers, ReviewerView{MemberID: string(rv.Member), Name: name(rv.Member), TimeZone: tz,
			State: string(rv.State), DueDate: rv.DueDate, Due: formatTime(rv.Due)})
	}
	for _, d := range r.Decisions {
		v.Decisions = append(v.Decisions, DecisionView{ID: d.ID, Text: d.Text, AuthorID: string(d.Author),
			AuthorName: name(d.Author), At: formatTime(d.At)})
	}
	v.Meeting = MeetingView{PreReadID: string(r.Meeting.PreRead), Ready: r.Meeting.Ready}
	if r.Meeting.PreRead != "" {
		if p, err := s.pages.FindPage(s.ctx, r.Meeting.PreRead); err == nil {
			v.Meeting.PreReadTitle, v.Meeting.PreReadStatus, v.Meeting.PreReadGone = p.Title, string(p.Status), p.InTrash()
		} else {
			v.Meeting.PreReadGone = true
		}
	}
	return v
}
