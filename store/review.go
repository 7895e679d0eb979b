package store

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Status is where a page is in its review: a draft being written, in
// review by named reviewers, or decided.
type Status string

const (
	StatusDraft   Status = "draft"
	StatusReview  Status = "review"
	StatusDecided Status = "decided"
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return s == StatusDraft || s == StatusReview || s == StatusDecided }

// ReviewState is how far a reviewer has got with a page.
type ReviewState string

const (
	ReviewUnread    ReviewState = "unread"
	ReviewRead      ReviewState = "read"
	ReviewCommented ReviewState = "commented"
	ReviewApproved  ReviewState = "approved"
)

// Rank orders review states: a reviewer's state only moves up on its own
// (opening a page never undoes a comment); only withdrawing an approval
// moves it down.
func (s ReviewState) Rank() int {
	switch s {
	case ReviewRead:
		return 1
	case ReviewCommented:
		return 2
	case ReviewApproved:
		return 3
	}
	return 0
}

// Reviewer is one person asked to review a page.
type Reviewer struct {
	Member      DocID
	State       ReviewState
	DueDate     string    // the day asked for, "YYYY-MM-DD", in the reviewer's own calendar
	Due         time.Time // the end of that day's working hours in the reviewer's time zone
	RequestedBy DocID
	RequestedAt time.Time
	UpdatedAt   time.Time
}

// PageKind says what a page is for, beyond being a document.
type PageKind string

const (
	KindDocument PageKind = ""        // an ordinary page
	KindMeeting  PageKind = "meeting" // a meeting page: a pre-read, readiness and a decision log
)

// Meeting is what a meeting page adds to a page: the document everyone
// reads before it, and whether it is ready to be held.
type Meeting struct {
	PreRead DocID // the pre-read page; "" until linked
	Ready   bool
}

// Decision is one entry in a page's decision log.
type Decision struct {
	ID     string
	Text   string
	Author DocID
	At     time.Time
}

// MaxDecisionLen is the longest decision, in characters.
const MaxDecisionLen = 2000

// ValidateDecision trims a decision and checks it.
func ValidateDecision(text string) (string, error) {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return "", Errorf(EINVALID, "Write the decision first.")
	case !utf8.ValidString(text):
		return "", Errorf(EINVALID, "The decision is not valid text.")
	case utf8.RuneCountInString(text) > MaxDecisionLen:
		return "", Errorf(EINVALID, "A decision can be at most %d characters.", MaxDecisionLen)
	}
	return text, nil
}

// ParseDate checks a calendar date, "YYYY-MM-DD".
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, Errorf(EINVALID, "%q is not a date like 2026-12-31.", s)
	}
	return t, nil
}

// DueAt is the moment a review asked for on date is due: the end of the
// reviewer's working hours that day, in their own time zone, so that a
// reviewer in Tokyo and one in Lisbon each get their whole day.
func DueAt(date string, m *Member) (time.Time, error) {
	d, err := ParseDate(date)
	if err != nil {
		return time.Time{}, err
	}
	end, err := ParseClock(m.WorkEnd)
	if err != nil {
		end = 17 * 60
	}
	start, err := ParseClock(m.WorkStart)
	if err == nil && end <= start {
		d = d.AddDate(0, 0, 1) // working hours past midnight end the next morning
	}
	return time.Date(d.Year(), d.Month(), d.Day(), end/60, end%60, 0, 0, m.Location()), nil
}

// Review is a page's review: its status, owner, reviewers, review-by
// date, and for a meeting page its pre-read and decision log.
type Review struct {
	Page      DocID
	Kind      PageKind
	Status    Status
	Owner     DocID
	ReviewBy  string // "YYYY-MM-DD" when the page should be looked at again; "" for never
	Reviewers []Reviewer
	Meeting   Meeting
	Decisions []Decision // oldest first
	DecidedAt time.Time
	DecidedBy DocID
}

// Reviewer returns the reviewer entry of a member, or nil.
func (r *Review) Reviewer(m DocID) *Reviewer {
	for i := range r.Reviewers {
		if r.Reviewers[i].Member == m {
			return &r.Reviewers[i]
		}
	}
	return nil
}

// ReviewItem is one entry of the "needs review" list.
type ReviewItem struct {
	Page    PageSummary
	Reason  ReviewReason
	Due     time.Time // when it is due; zero when no date applies
	DueDate string
	State   ReviewState // my state, for ReasonReviewer
	Pending int         // reviewers who have not approved, for ReasonOwner
	Overdue bool
}

// ReviewReason says why a page is on my "needs review" list.
type ReviewReason string

const (
	ReasonReviewer ReviewReason = "reviewer"  // I was asked to review it and have not approved
	ReasonOwner    ReviewReason = "owner"     // I own it and it is in review
	ReasonReviewBy ReviewReason = "review-by" // I own it and its review-by date is near or past
)

// ReviewService runs the review of pages.
type ReviewService interface {
	FindReview(ctx context.Context, page DocID) (*Review, error)
	// FindReviewItems lists what needs my review: pages I review, pages I
	// own in review, and pages I own whose review-by date is within the
	// next week or past, soonest due first.
	FindReviewItems(ctx context.Context) ([]ReviewItem, error)
	SetStatus(ctx context.Context, page DocID, s Status) (*Review, error)
	SetOwner(ctx context.Context, page, owner DocID) (*Review, error)
	SetReviewBy(ctx context.Context, page DocID, date string) (*Review, error)
	// AddReviewer asks a member to review a page by a date in their own
	// calendar; asking again changes the date.
	AddReviewer(ctx context.Context, page, member DocID, dueDate string) (*Review, error)
	RemoveReviewer(ctx context.Context, page, member DocID) (*Review, error)
	// MarkRead records that I was shown the page, if I am one of its reviewers.
	MarkRead(ctx context.Context, page DocID) (*Review, error)
	// Approve records my approval as a reviewer, or withdraws it.
	Approve(ctx context.Context, page DocID, approved bool) (*Review, error)
	SetMeeting(ctx context.Context, page DocID, meeting bool) (*Review, error)
	SetPreRead(ctx context.Context, page, preRead DocID) (*Review, error)
	// SetReady marks a meeting page ready to be held, which needs its
	// pre-read to exist and not be a draft, or not ready.
	SetReady(ctx context.Context, page DocID, ready bool) (*Review, error)
	AddDecision(ctx context.Context, page DocID, text string) (*Review, error)
	DeleteDecision(ctx context.Context, page DocID, id string) (*Review, error)
}
