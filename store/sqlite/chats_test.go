package sqlite_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

func TestChats(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	sess, _ := db.FindSession(ctx)
	ada := sess.Me.ID
	bo, _ := db.CreateMember(ctx, store.NewMember{Name: "Bo", TimeZone: "Asia/Tokyo"})
	cy, _ := db.CreateMember(ctx, store.NewMember{Name: "Cy", TimeZone: "UTC"})
	di, _ := db.CreateMember(ctx, store.NewMember{Name: "Di", TimeZone: "UTC"})

	_, err := db.StartConversation(ctx, nil)
	wantCode(t, "alone", err, store.EINVALID)
	_, err = db.StartConversation(ctx, []store.DocID{bo.ID, cy.ID, di.ID})
	wantCode(t, "four people", err, store.EINVALID)
	c, err := db.StartConversation(ctx, []store.DocID{bo.ID})
	if err != nil || len(c.Members) != 2 {
		t.Fatalf("start = %+v, %v", c, err)
	}
	again, _ := db.StartConversation(ctx, []store.DocID{bo.ID, ada})
	if again.ID != c.ID {
		t.Errorf("a second chat with the same person was made: %s, want %s", again.ID, c.ID)
	}

	if _, err := db.SendMessage(ctx, c.ID, "  Morning! The Zanzibar memo is up.  "); err != nil {
		t.Fatal(err)
	}
	_, err = db.SendMessage(ctx, c.ID, strings.Repeat("x", store.MaxMessageLen+1))
	wantCode(t, "too long", err, store.EINVALID)

	// Bo answers; Ada has one unread until she reads it.
	sqlite.SetMe(db, bo.ID)
	db.MarkChatRead(ctx, c.ID) // Bo's reading is his, not Ada's
	reply, err := db.SendMessage(ctx, c.ID, "Reading it after lunch.")
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.EditMessage(ctx, c.ID, reply.ID, "Reading it now.")
	if err != nil {
		t.Fatal(err)
	}
	sqlite.SetMe(db, ada)
	_, err = db.EditMessage(ctx, c.ID, reply.ID, "forged")
	wantCode(t, "someone else's message", err, store.EFORBIDDEN)
	cs, _ := db.FindConversations(ctx)
	if len(cs) != 1 || cs[0].Unread != 1 || cs[0].Last != "Reading it now." || cs[0].LastBy != bo.ID {
		t.Fatalf("conversations = %+v", cs)
	}
	if err := db.MarkChatRead(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if cs, _ = db.FindConversations(ctx); cs[0].Unread != 0 {
		t.Errorf("unread after reading = %d", cs[0].Unread)
	}

	// A third person may join; a fourth may not.
	if c, err = db.AddToConversation(ctx, c.ID, cy.ID); err != nil || len(c.Members) != 3 {
		t.Fatalf("add Cy: %+v, %v", c, err)
	}
	_, err = db.AddToConversation(ctx, c.ID, di.ID)
	wantCode(t, "a fourth", err, store.EINVALID)
	if !strings.Contains(err.Error(), "channel") {
		t.Errorf("the message %q does not point to channels", err)
	}

	// Di is not in it and sees nothing of it.
	sqlite.SetMe(db, di.ID)
	_, err = db.FindMessages(ctx, c.ID, time.Time{}, 50)
	wantCode(t, "outsider reads", err, store.EFORBIDDEN)
	_, err = db.SendMessage(ctx, c.ID, "hi")
	wantCode(t, "outsider writes", err, store.EFORBIDDEN)
	sqlite.SetMe(db, ada)

	// Search finds chat messages; a deleted one drops out.
	hits, _ := db.Search(ctx, "lunch", 10)
	if len(hits) != 0 {
		t.Errorf("search found the edited-away word: %+v", hits)
	}
	if hits, _ = db.Search(ctx, "zanzibar", 10); len(hits) != 1 || hits[0].Kind != store.KindChat || hits[0].ID != c.ID {
		t.Errorf("search zanzibar = %+v", hits)
	}
	ms, _ := db.FindMessages(ctx, c.ID, time.Time{}, 50)
	db.DeleteMessage(ctx, c.ID, ms[0].ID)
	if hits, _ = db.Search(ctx, "zanzibar", 10); len(hits) != 0 {
		t.Errorf("search after delete = %+v", hits)
	}

	db.Close()
	db = mustOpen(t, path)
	ms, err = db.FindMessages(ctx, c.ID, time.Time{}, 50)
	if err != nil || len(ms) != 2 || !ms[0].Deleted || ms[0].Body != "" || ms[1].Body != "Reading it now." || ms[1].EditedAt.IsZero() {
		t.Fatalf("messages after restart = %+v, %v", ms, err)
	}
}

// Each month of a chat is its own document; reading crosses them.
func TestChatMonths(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	bo, _ := db.CreateMember(ctx, store.NewMember{Name: "Bo", TimeZone: "Asia/Tokyo"})
	c, _ := db.StartConversation(ctx, []store.DocID{bo.ID})
	clock := time.Date(2026, 1, 31, 23, 59, 0, 0, time.UTC)
	db.Now = func() time.Time { clock = clock.Add(20 * time.Second); return clock }
	for i := 0; i < 6; i++ {
		if _, err := db.SendMessage(ctx, c.ID, "message "+string(rune('a'+i))); err != nil {
			t.Fatal(err)
		}
	}
	var pieces int
	if err := sqlite.QueryRow(db, "SELECT count(*) FROM chat_chunks WHERE conversation_id = ?", c.ID).Scan(&pieces); err != nil {
		t.Fatal(err)
	}
	if pieces != 2 {
		t.Errorf("%d pieces for January and February, want 2", pieces)
	}
	ms, _ := db.FindMessages(ctx, c.ID, time.Time{}, 50)
	if len(ms) != 6 || ms[0].Body != "message a" || ms[5].Body != "message f" {
		t.Errorf("messages = %+v", ms)
	}
	// Paging back from the newest crosses into January.
	older, _ := db.FindMessages(ctx, c.ID, ms[3].At, 2)
	if len(older) != 2 || older[0].Body != "message b" || older[1].Body != "message c" {
		t.Errorf("older page = %+v", older)
	}
}

// "Seen" shows only between two people who both share it.
func TestChatSeen(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	sess, _ := db.FindSession(ctx)
	ada := sess.Me.ID
	bo, _ := db.CreateMember(ctx, store.NewMember{Name: "Bo", TimeZone: "Asia/Tokyo"})
	c, _ := db.StartConversation(ctx, []store.DocID{bo.ID})
	db.SendMessage(ctx, c.ID, "Are you around on Thursday?")

	sqlite.SetMe(db, bo.ID)
	db.MarkChatRead(ctx, c.ID) // Bo does not share: nothing is written for others
	sqlite.SetMe(db, ada)
	db.SetShareSeen(ctx, true)
	if seen, _ := db.FindSeen(ctx, c.ID); len(seen) != 0 {
		t.Errorf("Bo does not share seen, yet Ada sees %+v", seen)
	}

	sqlite.SetMe(db, bo.ID)
	db.SetShareSeen(ctx, true)
	db.MarkChatRead(ctx, c.ID)
	sqlite.SetMe(db, ada)
	if seen, _ := db.FindSeen(ctx, c.ID); len(seen) != 1 || seen[0].Member != bo.ID || seen[0].At.IsZero() {
		t.Errorf("both share; Ada sees %+v", seen)
	}
	db.SetShareSeen(ctx, false)
	if seen, _ := db.FindSeen(ctx, c.ID); len(seen) != 0 {
		t.Errorf("Ada stopped sharing, yet sees %+v", seen)
	}
}

// Turning "seen" on shares how far I had read already, not only what I
// read from then on.
func TestShareSeenSharesWhatWasRead(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	sess, _ := db.FindSession(ctx)
	ada := sess.Me.ID
	bo, _ := db.CreateMember(ctx, store.NewMember{Name: "Bo", TimeZone: "Asia/Tokyo"})
	c, _ := db.StartConversation(ctx, []store.DocID{bo.ID})
	db.SendMessage(ctx, c.ID, "The pricing memo is ready.")
	db.SetShareSeen(ctx, true)

	sqlite.SetMe(db, bo.ID)
	if err := db.MarkChatRead(ctx, c.ID); err != nil { // read before sharing
		t.Fatal(err)
	}
	if err := db.SetShareSeen(ctx, true); err != nil {
		t.Fatal(err)
	}
	sqlite.SetMe(db, ada)
	if seen, _ := db.FindSeen(ctx, c.ID); len(seen) != 1 || seen[0].Member != bo.ID || seen[0].At.IsZero() {
		t.Errorf("Bo read, then shared seen; Ada sees %+v, want Bo", seen)
	}
}

func TestSendLater(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	bo, _ := db.CreateMember(ctx, store.NewMember{Name: "Bo", TimeZone: "Asia/Tokyo"})
	c, _ := db.StartConversation(ctx, []store.DocID{bo.ID})
	now := db.Now()
	_, err := db.ScheduleMessage(ctx, c.ID, "too late", now.Add(-time.Minute))
	wantCode(t, "in the past", err, store.EINVALID)
	morning := store.NextWorkStart(bo, now)
	s, err := db.ScheduleMessage(ctx, c.ID, "Good morning — the draft is ready for you.", morning)
	if err != nil {
		t.Fatal(err)
	}
	drop, _ := db.ScheduleMessage(ctx, c.ID, "never mind", morning.Add(time.Hour))
	if err := db.CancelScheduled(ctx, drop.ID); err != nil {
		t.Fatal(err)
	}
	sqlite.SetMe(db, bo.ID)
	if theirs, _ := db.FindScheduled(ctx, c.ID); len(theirs) != 0 {
		t.Errorf("Bo sees Ada's scheduled messages: %+v", theirs)
	}
	if err := db.CancelScheduled(ctx, s.ID); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("Bo cancels Ada's message: %v", err)
	}
	if next, _ := db.NextDue(ctx); !next.Equal(morning) {
		t.Errorf("NextDue = %v, want %v", next, morning)
	}
	if sent, _ := db.SendDue(ctx); len(sent) != 0 {
		t.Fatalf("sent early: %+v", sent)
	}
	if ms, _ := db.FindMessages(ctx, c.ID, time.Time{}, 10); len(ms) != 0 {
		t.Fatalf("the chat shows a scheduled message before its time: %+v", ms)
	}
	db.Now = func() time.Time { return morning.Add(time.Second) }
	sent, err := db.SendDue(ctx)
	if err != nil || len(sent) != 1 || sent[0].Scheduled.ID != s.ID || sent[0].Message.Author == bo.ID {
		t.Fatalf("SendDue = %+v, %v; want Ada's message sent as hers", sent, err)
	}
	ms, _ := db.FindMessages(ctx, c.ID, time.Time{}, 10)
	if len(ms) != 1 || !ms[0].At.After(morning) {
		t.Errorf("messages = %+v, want the scheduled one, sent at its time", ms)
	}
	if left, _ := db.FindScheduled(ctx, c.ID); len(left) != 0 {
		t.Errorf("still scheduled: %+v", left)
	}
}

func TestSchedulePost(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	chans, _ := db.FindChannels(ctx)
	var general store.DocID
	for _, c := range chans {
		if c.Name == "General" {
			general = c.ID
		}
	}
	now := db.Now()
	_, err := db.SchedulePost(ctx, general, "", "no title", now.Add(time.Hour))
	if store.ErrorCode(err) != store.EINVALID {
		t.Errorf("untitled post: %v", err)
	}
	_, err = db.SchedulePost(ctx, store.NewDocID(), "Hello", "x", now.Add(time.Hour))
	wantCode(t, "unknown channel", err, store.ENOTFOUND)
	s, err := db.SchedulePost(ctx, general, "Monday notes", "What we shipped last week.", now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if feed, _ := db.FindPosts(ctx, store.PostFilter{Channel: general}); len(feed) != 0 {
		t.Fatalf("the post is in the feed before its time: %+v", feed)
	}
	db.Now = func() time.Time { return now.Add(time.Hour + time.Second) }
	sent, err := db.SendDue(ctx)
	if err != nil || len(sent) != 1 || sent[0].Post == nil || sent[0].Scheduled.ID != s.ID || sent[0].Post.Title != "Monday notes" {
		t.Fatalf("SendDue = %+v, %v", sent, err)
	}
	if feed, _ := db.FindPosts(ctx, store.PostFilter{Channel: general}); len(feed) != 1 {
		t.Errorf("feed after sending = %+v", feed)
	}
}
