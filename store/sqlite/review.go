package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

var _ store.ReviewService = (*DB)(nil)

// materialPage reads what a page's rows hold from its document.
func materialPage(d *crdt.Doc) (*store.Page, *store.Review, error) {
	p, err := d.Page()
	if err != nil {
		return nil, nil, err
	}
	r, err := d.Review()
	if err != nil {
		return nil, nil, err
	}
	return p, r, nil
}

// deleteReviewRows deletes a page's reviewer and decision rows, and
// insertReviewRows writes them.
func deleteReviewRows(ctx context.Context, tx *sql.Tx, id store.DocID) error {
	for _, q := range []string{"DELETE FROM reviewers WHERE page_id = ?", "DELETE FROM decisions WHERE page_id = ?"} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("materialize review of %s: %w", id, err)
		}
	}
	return nil
}

func insertReviewRows(ctx context.Context, tx *sql.Tx, id store.DocID, r *store.Review) error {
	for _, rv := range r.Reviewers {
		_, err := tx.ExecContext(ctx, `INSERT INTO reviewers (page_id, member_id, state, due_date, due_at, requested_by, requested_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, rv.Member, rv.State, rv.DueDate, store.UnixMillis(rv.Due),
			rv.RequestedBy, store.UnixMillis(rv.RequestedAt), store.UnixMillis(rv.UpdatedAt))
		if err != nil {
			return fmt.Errorf("materialize reviewers of %s: %w", id, err)
		}
	}
	for _, dec := range r.Decisions {
		_, err := tx.ExecContext(ctx, "INSERT INTO decisions (id, page_id, text, author, at) VALUES (?, ?, ?, ?, ?)",
			dec.ID, id, dec.Text, dec.Author, store.UnixMillis(dec.At))
		if err != nil {
			return fmt.Errorf("materialize decisions of %s: %w", id, err)
		}
	}
	return nil
}

// FindReview reads a page's review from its rows.
func (db *DB) FindReview(ctx context.Context, id store.DocID) (*store.Review, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	db.mu.Lock()
	err := db.flushLocked(ctx, id)
	db.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return db.readReview(ctx, id)
}

func (db *DB) readReview(ctx context.Context, id store.DocID) (*store.Review, error) {
	r := store.Review{Page: id}
	var decidedAt int64
	err := db.db.QueryRowContext(ctx, `SELECT page_kind, status, owner, review_by, pre_read, ready, decided_at, decided_by
		FROM pages WHERE id = ?`, id).Scan(&r.Kind, &r.Status, &r.Owner, &r.ReviewBy, &r.Meeting.PreRead, &r.Meeting.Ready, &decidedAt, &r.DecidedBy)
	if err == sql.ErrNoRows {
		return nil, store.Errorf(store.ENOTFOUND, "This page does not exist any more.")
	}
	if err != nil {
		return nil, fmt.Errorf("find review of %s: %w", id, err)
	}
	r.DecidedAt = store.FromUnixMillis(decidedAt)
	rows, err := db.db.QueryContext(ctx, `SELECT member_id, state, due_date, due_at, requested_by, requested_at, updated_at
		FROM reviewers WHERE page_id = ? ORDER BY requested_at, member_id`, id)
	if err != nil {
		return nil, fmt.Errorf("find reviewers of %s: %w", id, err)
	}
	defer rows.Close()
	r.Reviewers = []store.Reviewer{}
	for rows.Next() {
		var rv store.Reviewer
		var due, requested, updated int64
		if err := rows.Scan(&rv.Member, &rv.State, &rv.DueDate, &due, &rv.RequestedBy, &requested, &updated); err != nil {
			return nil, fmt.Errorf("find reviewers of %s: %w", id, err)
		}
		rv.Due, rv.RequestedAt, rv.UpdatedAt = store.FromUnixMillis(due), store.FromUnixMillis(requested), store.FromUnixMillis(updated)
		r.Reviewers = append(r.Reviewers, rv)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	drows, err := db.db.QueryContext(ctx, "SELECT id, text, author, at FROM decisions WHERE page_id = ? ORDER BY at, id", id)
	if err != nil {
		return nil, fmt.Errorf("find decisions of %s: %w", id, err)
	}
	defer drows.Close()
	r.Decisions = []store.Decision{}
	for drows.Next() {
		var dec store.Decision
		var at int64
		if err := drows.Scan(&dec.ID, &dec.Text, &dec.Author, &at); err != nil {
			return nil, fmt.Errorf("find decisions of %s: %w", id, err)
		}
		dec.At = store.FromUnixMillis(at)
		r.Decisions = append(r.Decisions, dec)
	}
	return &r, drows.Err()
}

// reviewChange is what a change to a review sees: the page as its row
// says, its review as its document says, and who is acting.
type reviewChange struct {
	page   *store.Page
	review *store.Review
	me     store.DocID
	now    time.Time
}

// changeReview checks and makes a change to a page's review in its
// document and returns the review as stored after it.
func (db *DB) changeReview(ctx context.Context, id store.DocID, verb string, f func(c *reviewChange, d *crdt.Doc) error) (*store.Review, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	pg, err := db.FindPage(ctx, id)
	if err != nil {
		return nil, err
	}
	if pg.InTrash() {
		return nil, store.Errorf(store.ECONFLICT, "Restore the page from the trash first.")
	}
	if pg.Template {
		return nil, store.Errorf(store.EINVALID, "Templates are not reviewed; pages made from them are.")
	}
	_, err = db.changePage(ctx, id, verb, func(d *crdt.Doc) error {
		r, err := d.Review()
		if err != nil {
			return err
		}
		return f(&reviewChange{page: pg, review: r, me: me, now: db.Now()}, d)
	})
	if err != nil {
		return nil, err
	}
	return db.readReview(ctx, id)
}

// ownerOnly refuses a change by anyone but the page's owner.
func (db *DB) ownerOnly(ctx context.Context, c *reviewChange, what string) error {
	if c.review.Owner == c.me {
		return nil
	}
	name := "its owner"
	if m, err := db.FindMember(ctx, c.review.Owner); err == nil {
		name = m.Name
	}
	return store.Errorf(store.EFORBIDDEN, "Only the page's owner, %s, can %s.", name, what)
}

// SetStatus moves a page between draft, in review and decided. Only its
// owner does. A review needs reviewers; a decision needs a review first.
func (db *DB) SetStatus(ctx context.Context, id store.DocID, s store.Status) (*store.Review, error) {
	if !s.Valid() {
		return nil, store.Errorf(store.EINVALID, "%q is not a page status.", string(s))
	}
	return db.changeReview(ctx, id, "set status", func(c *reviewChange, d *crdt.Doc) error {
		if c.review.Status == s {
			return nil
		}
		if err := db.ownerOnly(ctx, c, "change its status"); err != nil {
			return err
		}
		switch {
		case s == store.StatusReview && len(c.review.Reviewers) == 0:
			return store.Errorf(store.ECONFLICT, "Add at least one reviewer before asking for a review.")
		case s == store.StatusDecided && c.review.Status != store.StatusReview:
			return store.Errorf(store.ECONFLICT, "A draft is decided after its review: ask for a review first.")
		}
		return d.SetStatus(s, c.me, c.now)
	})
}

// SetOwner hands a page to another member. Only its owner does.
func (db *DB) SetOwner(ctx context.Context, id, owner store.DocID) (*store.Review, error) {
	if _, err := db.FindMember(ctx, owner); err != nil {
		return nil, err
	}
	return db.changeReview(ctx, id, "set owner", func(c *reviewChange, d *crdt.Doc) error {
		if c.review.Owner == owner {
			return nil
		}
		if err := db.ownerOnly(ctx, c, "hand it over"); err != nil {
			return err
		}
		return d.SetOwner(owner)
	})
}

// SetReviewBy sets the date by which the page should be looked at again.
func (db *DB) SetReviewBy(ctx context.Context, id store.DocID, date string) (*store.Review, error) {
	if date != "" {
		if _, err := store.ParseDate(date); err != nil {
			return nil, err
		}
	}
	return db.changeReview(ctx, id, "set review date", func(c *reviewChange, d *crdt.Doc) error {
		if c.review.ReviewBy == date {
			return nil
		}
		if err := db.ownerOnly(ctx, c, "set its review date"); err != nil {
			return err
		}
		return d.SetReviewBy(date)
	})
}

// AddReviewer asks a member to review the page by a day in their own
// calendar, due at the end of their working hours that day.
func (db *DB) AddReviewer(ctx context.Context, id, member store.DocID, dueDate string) (*store.Review, error) {
	m, err := db.FindMember(ctx, member)
	if err != nil {
		return nil, err
	}
	if dueDate == "" {
		return nil, store.Errorf(store.EINVALID, "Choose the day %s should review it by.", m.Name)
	}
	due, err := store.DueAt(dueDate, m)
	if err != nil {
		return nil, err
	}
	if due.Before(db.Now()) {
		return nil, store.Errorf(store.EINVALID, "%s is already past the end of %s's working day; choose a later day.", dueDate, m.Name)
	}
	return db.changeReview(ctx, id, "ask for review", func(c *reviewChange, d *crdt.Doc) error {
		if err := db.ownerOnly(ctx, c, "choose its reviewers"); err != nil {
			return err
		}
		if member == c.review.Owner {
			return store.Errorf(store.EINVALID, "%s owns this page; choose someone else to review it.", m.Name)
		}
		if old := c.review.Reviewer(member); old != nil {
			old.DueDate, old.Due = dueDate, due
			return d.SetReviewer(*old)
		}
		return d.SetReviewer(store.Reviewer{Member: member, State: store.ReviewUnread, DueDate: dueDate, Due: due,
			RequestedBy: c.me, RequestedAt: c.now, UpdatedAt: c.now})
	})
}

// RemoveReviewer takes a member off the reviewers.
func (db *DB) RemoveReviewer(ctx context.Context, id, member store.DocID) (*store.Review, error) {
	return db.changeReview(ctx, id, "remove reviewer", func(c *reviewChange, d *crdt.Doc) error {
		if c.review.Reviewer(member) == nil {
			return nil
		}
		if err := db.ownerOnly(ctx, c, "choose its reviewers"); err != nil {
			return err
		}
		if c.review.Status == store.StatusReview && len(c.review.Reviewers) == 1 {
			return store.Errorf(store.ECONFLICT, "A page in review needs a reviewer: add another first, or move it back to draft.")
		}
		return d.RemoveReviewer(member)
	})
}

// MarkRead records that the page was shown to me, when I am one of its
// reviewers and it is in review.
func (db *DB) MarkRead(ctx context.Context, id store.DocID) (*store.Review, error) {
	return db.changeReview(ctx, id, "read", func(c *reviewChange, d *crdt.Doc) error {
		return raiseReviewState(c, d, store.ReviewRead)
	})
}

// raiseReviewState moves my state as a reviewer up to s, while the page is
// in review; it never moves it down.
func raiseReviewState(c *reviewChange, d *crdt.Doc, s store.ReviewState) error {
	rv := c.review.Reviewer(c.me)
	if rv == nil || c.review.Status != store.StatusReview || rv.State.Rank() >= s.Rank() {
		return nil
	}
	return d.SetReviewState(c.me, s, c.now)
}

// Approve records my approval of a page in review, or withdraws it.
func (db *DB) Approve(ctx context.Context, id store.DocID, approved bool) (*store.Review, error) {
	return db.changeReview(ctx, id, "approve", func(c *reviewChange, d *crdt.Doc) error {
		rv := c.review.Reviewer(c.me)
		switch {
		case rv == nil:
			return store.Errorf(store.EFORBIDDEN, "Only the people asked to review this page can approve it.")
		case c.review.Status != store.StatusReview:
			return store.Errorf(store.ECONFLICT, "This page is not in review.")
		case approved:
			return d.SetReviewState(c.me, store.ReviewApproved, c.now)
		case rv.State != store.ReviewApproved:
			return nil
		}
		back := store.ReviewRead
		if n, err := db.countMyComments(ctx, id, c.me); err != nil {
			return err
		} else if n > 0 {
			back = store.ReviewCommented
		}
		return d.SetReviewState(c.me, back, c.now)
	})
}

func (db *DB) countMyComments(ctx context.Context, page, me store.DocID) (int, error) {
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM replies r JOIN threads t ON t.id = r.thread_id
		WHERE t.page_id = ? AND r.author = ?`, page, me).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count comments: %w", err)
	}
	return n, nil
}

// SetMeeting makes a page a meeting page, or an ordinary one again.
func (db *DB) SetMeeting(ctx context.Context, id store.DocID, meeting bool) (*store.Review, error) {
	kind := store.KindDocument
	if meeting {
		kind = store.KindMeeting
	}
	return db.changeReview(ctx, id, "set page kind", func(c *reviewChange, d *crdt.Doc) error {
		if c.review.Kind == kind {
			return nil
		}
		if err := db.ownerOnly(ctx, c, "make it a meeting page"); err != nil {
			return err
		}
		if !meeting && c.review.Meeting.Ready {
			if err := d.SetReady(false); err != nil {
				return err
			}
		}
		return d.SetPageKind(kind)
	})
}

// SetPreRead links the document a meeting's attendees read before it.
func (db *DB) SetPreRead(ctx context.Context, id, preRead store.DocID) (*store.Review, error) {
	if preRead != "" {
		if preRead == id {
			return nil, store.Errorf(store.EINVALID, "A meeting page cannot be its own pre-read.")
		}
		pr, err := db.FindPage(ctx, preRead)
		if err != nil {
			return nil, store.Errorf(store.ENOTFOUND, "The pre-read page does not exist.")
		}
		if pr.InTrash() || pr.Template {
			return nil, store.Errorf(store.EINVALID, "The pre-read must be a live page, not a template or one in the trash.")
		}
	}
	return db.changeReview(ctx, id, "set pre-read", func(c *reviewChange, d *crdt.Doc) error {
		if c.review.Kind != store.KindMeeting {
			return store.Errorf(store.ECONFLICT, "Only a meeting page has a pre-read.")
		}
		if c.review.Meeting.PreRead == preRead {
			return nil
		}
		if preRead == "" && c.review.Meeting.Ready {
			if err := d.SetReady(false); err != nil {
				return err
			}
		}
		return d.SetPreRead(preRead)
	})
}

// SetReady marks a meeting page ready to be held. Its pre-read must exist
// and be past draft: nobody meets over a document that is not written.
func (db *DB) SetReady(ctx context.Context, id store.DocID, ready bool) (*store.Review, error) {
	var checked store.DocID
	if ready {
		r, err := db.FindReview(ctx, id)
		if err != nil {
			return nil, err
		}
		if r.Kind == store.KindMeeting && !r.Meeting.Ready {
			if err := db.preReadReady(ctx, r.Meeting.PreRead); err != nil {
				return nil, err
			}
		}
		checked = r.Meeting.PreRead
	}
	return db.changeReview(ctx, id, "set ready", func(c *reviewChange, d *crdt.Doc) error {
		if c.review.Kind != store.KindMeeting {
			return store.Errorf(store.ECONFLICT, "Only a meeting page can be marked ready.")
		}
		if c.review.Meeting.Ready == ready {
			return nil
		}
		if ready && c.review.Meeting.PreRead != checked {
			return store.Errorf(store.ECONFLICT, "The pre-read changed just now; try again.")
		}
		return d.SetReady(ready)
	})
}

// preReadReady says why a meeting cannot be held over its pre-read, or nil.
func (db *DB) preReadReady(ctx context.Context, id store.DocID) error {
	if id == "" {
		return store.Errorf(store.ECONFLICT, "Link the pre-read first: a meeting is ready when its pre-read exists and is not a draft.")
	}
	pr, err := db.FindPage(ctx, id)
	if store.ErrorCode(err) == store.ENOTFOUND {
		return store.Errorf(store.ECONFLICT, "The pre-read was deleted for good; link another one.")
	}
	if err != nil {
		return err
	}
	switch {
	case pr.InTrash():
		return store.Errorf(store.ECONFLICT, "The pre-read “%s” is in the trash; restore it or link another one.", pr.Title)
	case pr.Status == store.StatusDraft:
		return store.Errorf(store.ECONFLICT, "The pre-read “%s” is still a draft: send it for review or decide it before the meeting is ready.", pr.Title)
	}
	return nil
}

// AddDecision logs a decision on the page.
func (db *DB) AddDecision(ctx context.Context, id store.DocID, text string) (*store.Review, error) {
	text, err := store.ValidateDecision(text)
	if err != nil {
		return nil, err
	}
	return db.changeReview(ctx, id, "log decision", func(c *reviewChange, d *crdt.Doc) error {
		return d.AddDecision(store.Decision{ID: newID(), Text: text, Author: c.me, At: c.now})
	})
}

// DeleteDecision removes a decision from the log: its author or the
// page's owner can.
func (db *DB) DeleteDecision(ctx context.Context, id store.DocID, decision string) (*store.Review, error) {
	return db.changeReview(ctx, id, "delete decision", func(c *reviewChange, d *crdt.Doc) error {
		for _, dec := range c.review.Decisions {
			if dec.ID != decision {
				continue
			}
			if dec.Author != c.me && c.review.Owner != c.me {
				return store.Errorf(store.EFORBIDDEN, "Only whoever logged a decision, or the page's owner, can delete it.")
			}
			return d.DeleteDecision(decision)
		}
		return store.Errorf(store.ENOTFOUND, "That decision is not in the log any more.")
	})
}

// reviewSoon is how far ahead a review-by date puts a page on the list.
const reviewSoon = 7 * 24 * time.Hour

// FindReviewItems lists what needs my attention for reviews, soonest due
// first, undated last.
// The review queue's queries: pages waiting for my review, my pages in
// review, and my pages with a date to be reviewed by. The last two read
// the partial index pages_by_owner (migration 0028), which holds only
// pages in review or with such a date; each query says so in the words of
// its WHERE clause, or SQLite would not use it (review_test.go checks).
const (
	reviewQueueColumns = "p.id, p.title, p.space_id, p.parent_id, p.status, p.page_kind, p.owner, "
	reviewQueueLive    = " p.deleted_at = 0 AND p.is_template = 0 "
	reviewerQueueSQL   = `SELECT ` + reviewQueueColumns + `r.due_at, r.due_date, r.state, 0, p.updated_at
		FROM reviewers r JOIN pages p ON p.id = r.page_id
		WHERE r.member_id = ? AND r.state != 'approved' AND p.status = 'review' AND` + reviewQueueLive
	ownerQueueSQL = `SELECT ` + reviewQueueColumns + `coalesce(min(r.due_at) FILTER (WHERE r.state != 'approved'), 0), '', '',
			count(r.member_id) FILTER (WHERE r.state != 'approved'), p.updated_at
		FROM pages p LEFT JOIN reviewers r ON r.page_id = p.id
		WHERE p.owner = ? AND p.status = 'review' AND` + reviewQueueLive + `GROUP BY p.id`
	reviewByQueueSQL = `SELECT ` + reviewQueueColumns + `0, p.review_by, '', 0, p.updated_at FROM pages p
		WHERE p.owner = ? AND p.review_by != '' AND` + reviewQueueLive
)

func (db *DB) FindReviewItems(ctx context.Context) ([]store.ReviewItem, error) {
	if err := db.flushAll(ctx); err != nil {
		return nil, err
	}
	meID, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	me, err := db.FindMember(ctx, meID)
	if err != nil {
		return nil, err
	}
	now := db.Now()
	var out []store.ReviewItem
	add := func(q string, reason store.ReviewReason, args ...any) error {
		rows, err := db.db.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("find reviews: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var it store.ReviewItem
			var due, updated int64
			var state string
			if err := rows.Scan(&it.Page.ID, &it.Page.Title, &it.Page.Space, &it.Page.Parent, &it.Page.Status, &it.Page.Kind,
				&it.Page.Owner, &due, &it.DueDate, &state, &it.Pending, &updated); err != nil {
				return fmt.Errorf("find reviews: %w", err)
			}
			it.Reason, it.State = reason, store.ReviewState(state)
			it.Page.UpdatedAt = store.FromUnixMillis(updated)
			it.Due = store.FromUnixMillis(due)
			if reason == store.ReasonReviewBy {
				if it.Due, err = store.DueAt(it.DueDate, me); err != nil {
					continue // a malformed date from a peer: not worth failing the list
				}
				if it.Due.After(now.Add(reviewSoon)) {
					continue
				}
			}
			it.Overdue = !it.Due.IsZero() && it.Due.Before(now)
			out = append(out, it)
		}
		return rows.Err()
	}
	if err := add(reviewerQueueSQL, store.ReasonReviewer, meID); err != nil {
		return nil, err
	}
	if err := add(ownerQueueSQL, store.ReasonOwner, meID); err != nil {
		return nil, err
	}
	if err := add(reviewByQueueSQL, store.ReasonReviewBy, meID); err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Due, out[j].Due
		if a.IsZero() != b.IsZero() {
			return !a.IsZero()
		}
		return a.Before(b)
	})
	if out == nil {
		out = []store.ReviewItem{}
	}
	return out, nil
}
