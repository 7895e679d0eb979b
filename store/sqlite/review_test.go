package sqlite_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

// wantCode fails the test unless err has the code.
func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if store.ErrorCode(err) != code {
		t.Fatalf("%s: err = %v, want %s", what, err, code)
	}
}

func TestMembers(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	sess, _ := db.FindSession(ctx)
	ada := sess.Me
	if ada.WorkStart != "09:00" || ada.WorkEnd != "17:00" || ada.CreatedAt.IsZero() {
		t.Errorf("first member = %+v, want default working hours and a creation time", ada)
	}
	bo, err := db.CreateMember(ctx, store.NewMember{Name: "  Bo   Chen ", TimeZone: "Asia/Tokyo", Role: "Engineer", Team: "Platform", Manager: ada.ID})
	if err != nil {
		t.Fatal(err)
	}
	if bo.Name != "Bo Chen" || bo.Manager != ada.ID || bo.WorkStart != "09:00" {
		t.Errorf("created %+v", bo)
	}
	for _, tc := range []struct {
		name string
		nm   store.NewMember
	}{
		{"no name", store.NewMember{TimeZone: "UTC"}},
		{"unknown zone", store.NewMember{Name: "Cy", TimeZone: "Mars/Olympus"}},
		{"bad hours", store.NewMember{Name: "Cy", TimeZone: "UTC", WorkStart: "9am", WorkEnd: "17:00"}},
		{"empty day", store.NewMember{Name: "Cy", TimeZone: "UTC", WorkStart: "10:00", WorkEnd: "10:00"}},
		{"unknown manager", store.NewMember{Name: "Cy", TimeZone: "UTC", Manager: store.NewDocID()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.CreateMember(ctx, tc.nm)
			if c := store.ErrorCode(err); c != store.EINVALID && c != store.ENOTFOUND {
				t.Errorf("err = %v, want invalid or not found", err)
			}
		})
	}
	// The org chart stays a tree.
	_, err = db.UpdateMember(ctx, ada.ID, store.MemberUpdate{Manager: &bo.ID})
	wantCode(t, "manager loop", err, store.EINVALID)

	role := "Staff engineer"
	if _, err := db.UpdateMember(ctx, bo.ID, store.MemberUpdate{Role: &role}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = mustOpen(t, path)
	ms, err := db.FindMembers(ctx)
	if err != nil || len(ms) != 2 || ms[0].Name != "Ada Lovelace" || ms[1].Role != "Staff engineer" || ms[1].Team != "Platform" {
		t.Fatalf("members after restart = %+v, %v", ms, err)
	}
}

func TestReviewFlow(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	sess, _ := db.FindSession(ctx)
	ada := sess.Me.ID
	bo, _ := db.CreateMember(ctx, store.NewMember{Name: "Bo", TimeZone: "Asia/Tokyo"})
	cy, _ := db.CreateMember(ctx, store.NewMember{Name: "Cy", TimeZone: "America/New_York", WorkStart: "08:00", WorkEnd: "16:30"})
	p, _ := db.CreatePage(ctx, inSpace(db, "Pricing memo", "We should charge per seat."))

	r, err := db.FindReview(ctx, p.ID)
	if err != nil || r.Status != store.StatusDraft || r.Owner != ada || len(r.Reviewers) != 0 {
		t.Fatalf("new page review = %+v, %v", r, err)
	}
	_, err = db.SetStatus(ctx, p.ID, store.StatusReview)
	wantCode(t, "review with no reviewers", err, store.ECONFLICT)
	_, err = db.SetStatus(ctx, p.ID, store.StatusDecided)
	wantCode(t, "decide a draft", err, store.ECONFLICT)
	_, err = db.AddReviewer(ctx, p.ID, bo.ID, "2026-02-27")
	wantCode(t, "due in the past", err, store.EINVALID)
	_, err = db.AddReviewer(ctx, p.ID, ada, "2026-03-06")
	wantCode(t, "owner as reviewer", err, store.EINVALID)

	if _, err = db.AddReviewer(ctx, p.ID, bo.ID, "2026-03-06"); err != nil {
		t.Fatal(err)
	}
	if r, err = db.AddReviewer(ctx, p.ID, cy.ID, "2026-03-06"); err != nil {
		t.Fatal(err)
	}
	// Each due date is the end of that reviewer's own working day.
	want := map[store.DocID]time.Time{
		bo.ID: time.Date(2026, 3, 6, 8, 0, 0, 0, time.UTC),   // 17:00 in Tokyo
		cy.ID: time.Date(2026, 3, 6, 21, 30, 0, 0, time.UTC), // 16:30 in New York
	}
	for _, rv := range r.Reviewers {
		if !rv.Due.Equal(want[rv.Member]) || rv.State != store.ReviewUnread || rv.RequestedBy != ada {
			t.Errorf("reviewer %+v, want due %v", rv, want[rv.Member])
		}
	}
	if r, err = db.SetStatus(ctx, p.ID, store.StatusReview); err != nil || r.Status != store.StatusReview {
		t.Fatalf("to review: %+v, %v", r, err)
	}

	// Bo, on Bo's device: the page is on the list; reading, commenting and
	// approving each move Bo's state.
	sqlite.SetMe(db, bo.ID)
	items, err := db.FindReviewItems(ctx)
	if err != nil || len(items) != 1 || items[0].Reason != store.ReasonReviewer || items[0].Page.Title != "Pricing memo" || items[0].State != store.ReviewUnread {
		t.Fatalf("Bo's list = %+v, %v", items, err)
	}
	_, err = db.SetStatus(ctx, p.ID, store.StatusDecided)
	wantCode(t, "a reviewer decides", err, store.EFORBIDDEN)
	if r, _ = db.MarkRead(ctx, p.ID); r.Reviewer(bo.ID).State != store.ReviewRead {
		t.Errorf("after reading: %+v", r.Reviewer(bo.ID))
	}
	if _, err := db.CreateThread(ctx, p.ID, "", 0, 2, "Per seat or per team?", nil); err != nil {
		t.Fatal(err)
	}
	if r, _ = db.MarkRead(ctx, p.ID); r.Reviewer(bo.ID).State != store.ReviewCommented {
		t.Errorf("reading again moved the state back: %+v", r.Reviewer(bo.ID))
	}
	if r, _ = db.Approve(ctx, p.ID, true); r.Reviewer(bo.ID).State != store.ReviewApproved {
		t.Errorf("after approving: %+v", r.Reviewer(bo.ID))
	}
	if r, _ = db.Approve(ctx, p.ID, false); r.Reviewer(bo.ID).State != store.ReviewCommented {
		t.Errorf("withdrawn approval of a commenter: %+v", r.Reviewer(bo.ID))
	}
	db.Approve(ctx, p.ID, true)
	if items, _ = db.FindReviewItems(ctx); len(items) != 0 {
		t.Errorf("Bo's list after approving = %+v", items)
	}

	// Cy approves without a word.
	sqlite.SetMe(db, cy.ID)
	db.Approve(ctx, p.ID, true)

	// Ada sees her page waiting on nobody, and decides it.
	sqlite.SetMe(db, ada)
	items, _ = db.FindReviewItems(ctx)
	if len(items) != 1 || items[0].Reason != store.ReasonOwner || items[0].Pending != 0 {
		t.Errorf("Ada's list = %+v", items)
	}
	if r, err = db.SetStatus(ctx, p.ID, store.StatusDecided); err != nil || r.DecidedBy != ada || r.DecidedAt.IsZero() {
		t.Fatalf("decide: %+v, %v", r, err)
	}
	_, err = db.RemoveReviewer(ctx, p.ID, bo.ID)
	if err != nil {
		t.Fatal(err)
	}

	db.Close()
	db = mustOpen(t, path)
	r, err = db.FindReview(ctx, p.ID)
	if err != nil || r.Status != store.StatusDecided || len(r.Reviewers) != 1 || r.Reviewers[0].Member != cy.ID || r.Reviewers[0].State != store.ReviewApproved {
		t.Fatalf("review after restart = %+v, %v", r, err)
	}
	pg, _ := db.FindPage(ctx, p.ID)
	if pg.Status != store.StatusDecided || pg.Owner != ada {
		t.Errorf("page row: status %q owner %q", pg.Status, pg.Owner)
	}
}

func TestReviewByAndOwner(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	sess, _ := db.FindSession(ctx)
	bo, _ := db.CreateMember(ctx, store.NewMember{Name: "Bo", TimeZone: "Asia/Tokyo"})
	soon, _ := db.CreatePage(ctx, inSpace(db, "On-call handbook", ""))
	later, _ := db.CreatePage(ctx, inSpace(db, "Travel policy", ""))
	db.SetReviewBy(ctx, soon.ID, "2026-03-04")
	db.SetReviewBy(ctx, later.ID, "2026-06-01")
	_, err := db.SetReviewBy(ctx, later.ID, "next week")
	wantCode(t, "malformed date", err, store.EINVALID)
	items, _ := db.FindReviewItems(ctx)
	if len(items) != 1 || items[0].Page.ID != soon.ID || items[0].Reason != store.ReasonReviewBy || items[0].Overdue {
		t.Fatalf("list = %+v, want only the page due this week", items)
	}

	// Handing a page over moves it to the new owner's list.
	if _, err := db.SetOwner(ctx, soon.ID, bo.ID); err != nil {
		t.Fatal(err)
	}
	_, err = db.SetReviewBy(ctx, soon.ID, "")
	wantCode(t, "former owner changes it", err, store.EFORBIDDEN)
	if items, _ = db.FindReviewItems(ctx); len(items) != 0 {
		t.Errorf("former owner's list = %+v", items)
	}
	sqlite.SetMe(db, bo.ID)
	if items, _ = db.FindReviewItems(ctx); len(items) != 1 {
		t.Errorf("new owner's list = %+v", items)
	}
	_ = sess
}

func TestMeetingNeedsPreRead(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	bo, _ := db.CreateMember(ctx, store.NewMember{Name: "Bo", TimeZone: "Asia/Tokyo"})
	np := inSpace(db, "Pricing decision meeting", "")
	np.From = store.MeetingTemplate
	m, err := db.CreatePage(ctx, np)
	if err != nil || m.Kind != store.KindMeeting || !strings.Contains(m.Body, "## Agenda") {
		t.Fatalf("meeting page = %+v, %v", m, err)
	}
	memo, _ := db.CreatePage(ctx, inSpace(db, "Pricing memo", "Per seat."))

	_, err = db.SetReady(ctx, m.ID, true)
	wantCode(t, "ready without a pre-read", err, store.ECONFLICT)
	_, err = db.SetPreRead(ctx, m.ID, m.ID)
	wantCode(t, "its own pre-read", err, store.EINVALID)
	_, err = db.SetPreRead(ctx, memo.ID, m.ID)
	wantCode(t, "pre-read of an ordinary page", err, store.ECONFLICT)
	if _, err := db.SetPreRead(ctx, m.ID, memo.ID); err != nil {
		t.Fatal(err)
	}
	_, err = db.SetReady(ctx, m.ID, true)
	wantCode(t, "ready over a draft", err, store.ECONFLICT)
	if !strings.Contains(err.Error(), "Pricing memo") {
		t.Errorf("message %q does not name the pre-read", err)
	}
	db.AddReviewer(ctx, memo.ID, bo.ID, "2026-03-06")
	db.SetStatus(ctx, memo.ID, store.StatusReview)
	r, err := db.SetReady(ctx, m.ID, true)
	if err != nil || !r.Meeting.Ready || r.Meeting.PreRead != memo.ID {
		t.Fatalf("ready: %+v, %v", r, err)
	}
	// A trashed pre-read cannot carry a meeting.
	db.SetReady(ctx, m.ID, false)
	db.DeletePage(ctx, memo.ID)
	_, err = db.SetReady(ctx, m.ID, true)
	wantCode(t, "ready over a trashed pre-read", err, store.ECONFLICT)

	// The decision log keeps who decided what, in order.
	db.AddDecision(ctx, m.ID, "Charge per seat from July.")
	r, err = db.AddDecision(ctx, m.ID, "  Grandfather annual plans.  ")
	if err != nil || len(r.Decisions) != 2 || r.Decisions[1].Text != "Grandfather annual plans." || r.Decisions[0].Author == "" {
		t.Fatalf("decisions = %+v, %v", r, err)
	}
	_, err = db.AddDecision(ctx, m.ID, "   ")
	wantCode(t, "empty decision", err, store.EINVALID)
	sqlite.SetMe(db, bo.ID)
	_, err = db.DeleteDecision(ctx, m.ID, r.Decisions[0].ID)
	wantCode(t, "someone else's decision", err, store.EFORBIDDEN)
}

func TestFocus(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	now := db.Now()
	_, err := db.SetFocus(ctx, now.Add(-time.Minute))
	wantCode(t, "focus into the past", err, store.EINVALID)
	_, err = db.SetFocus(ctx, now.Add(13*time.Hour))
	wantCode(t, "a 13-hour session", err, store.EINVALID)
	m, err := db.SetFocus(ctx, now.Add(50*time.Minute))
	if err != nil || !m.Focusing(now) || m.Focusing(now.Add(51*time.Minute)) {
		t.Fatalf("focus = %+v, %v", m, err)
	}
	db.Close()
	db = mustOpen(t, path)
	sess, _ := db.FindSession(ctx)
	if !sess.Me.Focusing(now) {
		t.Errorf("focus lost in a restart: %+v", sess.Me)
	}
	if m, _ = db.SetFocus(ctx, time.Time{}); m.Focusing(now) {
		t.Errorf("stopped focus still on: %+v", m)
	}
}
