package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

func kinds(items []store.InboxItem) []store.InboxKind {
	out := make([]store.InboxKind, len(items))
	for i, it := range items {
		out[i] = it.Kind
	}
	return out
}

func TestInbox(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	sess, _ := db.FindSession(ctx)
	ada := sess.Me.ID
	bo, _ := db.CreateMember(ctx, store.NewMember{Name: "Bo", TimeZone: "Asia/Tokyo"})
	cy, _ := db.CreateMember(ctx, store.NewMember{Name: "Cy", TimeZone: "UTC"})

	// Ada asks Bo to review her memo and mentions Cy on it.
	memo, _ := db.CreatePage(ctx, inSpace(db, "Pricing memo", "We should charge per seat."))
	db.AddReviewer(ctx, memo.ID, bo.ID, "2026-03-06")
	db.SetStatus(ctx, memo.ID, store.StatusReview)
	th, _ := db.CreateThread(ctx, memo.ID, "", 0, 2, "@Cy can you check the numbers?", []store.DocID{cy.ID})
	if items, _ := db.FindInbox(ctx, store.InboxFilter{}); len(items) != 0 {
		t.Errorf("Ada's own actions are in her inbox: %+v", items)
	}

	// Bo: a review request.
	sqlite.SetMe(db, bo.ID)
	items, err := db.FindInbox(ctx, store.InboxFilter{})
	if err != nil || len(items) != 1 || items[0].Kind != store.InboxReview || items[0].Actor != ada || items[0].Page != memo.ID || items[0].Due.IsZero() {
		t.Fatalf("Bo's inbox = %+v, %v", items, err)
	}
	// Bo replies in the thread: Ada gets a comment on her page, Cy a reply
	// in a thread... only if Cy wrote in it; Cy was mentioned, so Cy has that.
	db.ReplyToThread(ctx, memo.ID, th.ID, "Per seat works for us.", nil)

	sqlite.SetMe(db, cy.ID)
	items, _ = db.FindInbox(ctx, store.InboxFilter{})
	if len(items) != 1 || items[0].Kind != store.InboxMention || items[0].Snippet != "@Cy can you check the numbers?" {
		t.Fatalf("Cy's inbox = %+v", items)
	}
	// Cy answers; later Bo writes again: for Cy that is a reply in a thread she wrote in.
	db.ReplyToThread(ctx, memo.ID, th.ID, "Numbers look right.", nil)
	sqlite.SetMe(db, bo.ID)
	db.ReplyToThread(ctx, memo.ID, th.ID, "Thanks both.", nil)
	sqlite.SetMe(db, cy.ID)
	items, _ = db.FindInbox(ctx, store.InboxFilter{})
	if got := kinds(items); len(got) != 2 || got[0] != store.InboxReply || got[1] != store.InboxMention {
		t.Fatalf("Cy's inbox kinds = %v, want [reply mention]", got)
	}

	sqlite.SetMe(db, ada)
	items, _ = db.FindInbox(ctx, store.InboxFilter{})
	if got := kinds(items); len(got) != 3 || got[0] != store.InboxComment {
		t.Fatalf("Ada's inbox = %v, want three comments on her page", got)
	}
	if n, _ := db.CountUnread(ctx); n != 3 {
		t.Errorf("unread = %d, want 3", n)
	}
	// Shown: read. Done: gone from the open tab, in the done tab.
	db.MarkInboxRead(ctx, []string{items[0].Key})
	db.MarkInboxDone(ctx, []string{items[1].Key}, true)
	if n, _ := db.CountUnread(ctx); n != 1 {
		t.Errorf("unread after reading one and finishing one = %d, want 1", n)
	}
	if done, _ := db.FindInbox(ctx, store.InboxFilter{View: store.InboxArchive}); len(done) != 1 || done[0].Key != items[1].Key {
		t.Errorf("done tab = %+v", done)
	}
	// Later: put off until tomorrow; back, unread, once the time comes.
	tomorrow := db.Now().Add(24 * time.Hour)
	if err := db.SnoozeInbox(ctx, items[0].Key, tomorrow); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "snooze into the past", db.SnoozeInbox(ctx, items[0].Key, db.Now().Add(-time.Hour)), store.EINVALID)
	if later, _ := db.FindInbox(ctx, store.InboxFilter{View: store.InboxLater}); len(later) != 1 {
		t.Errorf("later tab = %+v", later)
	}
	if open, _ := db.FindInbox(ctx, store.InboxFilter{}); len(open) != 1 {
		t.Errorf("open tab while one is done and one put off = %+v", open)
	}

	db.Close()
	db = mustOpen(t, path)
	db.Now = func() time.Time { return tomorrow.Add(time.Minute) }
	open, _ := db.FindInbox(ctx, store.InboxFilter{})
	if len(open) != 2 || open[0].Key != items[0].Key || open[0].Read {
		t.Fatalf("after the snooze ends: %+v, want it back, unread, on top", open)
	}

	// Approving ends Bo's review request.
	sqlite.SetMe(db, bo.ID)
	db.Approve(ctx, memo.ID, true)
	for _, it := range mustInbox(t, db) {
		if it.Kind == store.InboxReview {
			t.Errorf("review request still there after approving: %+v", it)
		}
	}
}

func mustInbox(t *testing.T, db *sqlite.DB) []store.InboxItem {
	t.Helper()
	items, err := db.FindInbox(context.Background(), store.InboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func TestInboxPosts(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	sess, _ := db.FindSession(ctx)
	ada := sess.Me.ID
	bo, _ := db.CreateMember(ctx, store.NewMember{Name: "Bo", TimeZone: "Asia/Tokyo"})
	chans, err := db.FindChannels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]store.DocID{}
	for _, c := range chans {
		byName[c.Name] = c.ID
	}
	mention, err := db.CreatePost(ctx, store.NewPost{Channel: byName["General"], Title: "Launch plan", Body: "@Bo can you own the rollout?"})
	if err != nil {
		t.Fatal(err)
	}
	ann, err := db.CreatePost(ctx, store.NewPost{Channel: byName["Announcements"], Title: "New travel policy", Body: "Read it by Friday.", RequestAck: true})
	if err != nil {
		t.Fatal(err)
	}

	sqlite.SetMe(db, bo.ID)
	items := mustInbox(t, db)
	got := map[store.InboxKind]store.DocID{}
	for _, it := range items {
		got[it.Kind] = it.Post
	}
	if got[store.InboxPostMention] != mention.ID || got[store.InboxAck] != ann.ID || len(items) != 2 {
		t.Fatalf("Bo's inbox = %+v", items)
	}
	if _, err := db.AcknowledgePost(ctx, ann.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReplyToPost(ctx, mention.ID, "Yes, I'll take it."); err != nil {
		t.Fatal(err)
	}
	if items = mustInbox(t, db); len(items) != 1 || items[0].Kind != store.InboxPostMention {
		t.Errorf("Bo's inbox after acknowledging = %+v", items)
	}

	sqlite.SetMe(db, ada)
	if items = mustInbox(t, db); len(items) != 1 || items[0].Kind != store.InboxPostReply || items[0].Actor != bo.ID || items[0].Post != mention.ID {
		t.Errorf("Ada's inbox = %+v, want Bo's reply to her post", items)
	}
}

// My check-in shows in my inbox once its time comes in my zone, until I
// check in.
func TestInboxCheckInDue(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t) // Ada, in London, set up on Sunday 1 March 2026
	if items := mustInbox(t, db); len(items) != 0 {
		t.Fatalf("inbox before any check-in time = %+v", items)
	}
	// Tuesday 3 March, 10:00 in London: Tuesday's 09:00 check-in is due.
	db.Now = func() time.Time { return time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC) }
	items := mustInbox(t, db)
	if len(items) != 1 || items[0].Kind != store.InboxCheckInDue || !items[0].Due.Equal(time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("inbox on Tuesday = %+v", items)
	}
	if _, err := db.CreateCheckIn(ctx, store.NewCheckIn{Progress: "Shipped the pricing page."}); err != nil {
		t.Fatal(err)
	}
	if items := mustInbox(t, db); len(items) != 0 {
		t.Errorf("inbox after checking in = %+v", items)
	}
}
