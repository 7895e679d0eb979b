package app

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

// sentNotes records what a notifier sends.
type sentNotes struct {
	mu   sync.Mutex
	sent []Notification
}

func (s *sentNotes) Send(n Notification) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, n)
	return nil
}

// take returns what was sent since the last take.
func (s *sentNotes) take() []Notification {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.sent
	s.sent = nil
	return out
}

type notifierFixture struct {
	t        *testing.T
	db       *sqlite.DB
	path     string
	clock    *fakeClock
	ada, bo  store.DocID
	page     store.DocID
	thread   string
	sender   *sentNotes
	notifier *Notifier
	states   []FocusState
}

// newNotifierFixture: Ada in London owns a page; Bo, in Tokyo, comments
// on it. It is Tuesday 2 June 2026, 10:00 in London.
func newNotifierFixture(t *testing.T) *notifierFixture {
	t.Helper()
	ctx := context.Background()
	f := &notifierFixture{t: t, path: filepath.Join(t.TempDir(), DatabaseFile), sender: &sentNotes{}}
	f.clock = newFakeClock(time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC))
	f.open()
	sess, err := f.db.CreateWorkspace(ctx, "", "Ada", "Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	f.ada = sess.Me.ID
	bo, err := f.db.CreateMember(ctx, store.NewMember{Name: "Bo", TimeZone: "Asia/Tokyo"})
	if err != nil {
		t.Fatal(err)
	}
	f.bo = bo.ID
	sps, _ := f.db.FindSpaces(ctx)
	p, err := f.db.CreatePage(ctx, store.NewPage{Title: "Plan", Body: "The plan for June.", Space: sps[len(sps)-1].ID})
	if err != nil {
		t.Fatal(err)
	}
	f.page = p.ID
	th, err := f.db.CreateThread(ctx, p.ID, "", 0, 4, "Who reads this?", nil)
	if err != nil {
		t.Fatal(err)
	}
	f.thread = th.ID
	return f
}

func (f *notifierFixture) open() {
	db, err := sqlite.Open(context.Background(), f.path)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { db.Close() })
	db.Now = f.clock.Now
	f.db = db
	f.notifier = NewNotifier(db, db, db, db, db, EmitterFunc(func(string, any) {}), f.clock, f.t.Logf)
	f.notifier.SetSender(f.sender)
	f.notifier.OnState(func(s FocusState) { f.states = append(f.states, s) })
}

// restart closes the database and opens it again with a new notifier, as
// quitting and starting Longhand does.
func (f *notifierFixture) restart() {
	f.db.Close()
	f.open()
}

// boSays: Bo replies in Ada's thread, mentioning her or not.
func (f *notifierFixture) boSays(text string, mention bool) {
	f.t.Helper()
	ctx := context.Background()
	if err := f.db.ActAs(ctx, f.bo); err != nil {
		f.t.Fatal(err)
	}
	var m []store.DocID
	if mention {
		m = []store.DocID{f.ada}
	}
	if _, err := f.db.ReplyToThread(ctx, f.page, f.thread, text, m); err != nil {
		f.t.Fatal(err)
	}
	if err := f.db.ActAs(ctx, f.ada); err != nil {
		f.t.Fatal(err)
	}
}

func (f *notifierFixture) at(london string) {
	f.t.Helper()
	loc, _ := time.LoadLocation("Europe/London")
	t, err := time.ParseInLocation("2006-01-02 15:04", london, loc)
	if err != nil {
		f.t.Fatal(err)
	}
	f.clock.Set(t)
}

func (f *notifierFixture) check() []Notification {
	f.notifier.Check(context.Background())
	return f.sender.take()
}

func titles(ns []Notification) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Title
	}
	return out
}

func TestNotifierShowsHoldsAndDigests(t *testing.T) {
	f := newNotifierFixture(t)
	ctx := context.Background()
	f.at("2026-06-02 10:00")
	if got := f.check(); len(got) != 0 {
		t.Fatalf("first start announced the past: %v", titles(got))
	}

	// In working hours, not focusing: shown now, and clicking opens the item.
	f.boSays("I do, <b>every</b> week.", false)
	got := f.check()
	if len(got) != 1 || got[0].Title != "Bo commented on Plan" || got[0].Body != "I do, &lt;b&gt;every&lt;/b&gt; week." || !strings.HasPrefix(got[0].Open, "reply:") {
		t.Fatalf("sent %+v, want Bo's comment with its markup escaped", got)
	}
	if s := f.notifier.State(); s.Focusing || s.Unread != 1 {
		t.Errorf("state = %+v, want not focusing, 1 unread", s)
	}

	// Focus for 50 minutes: nothing is shown, the unread count stays.
	if _, err := f.db.SetFocus(ctx, f.clock.Now().Add(50*time.Minute)); err != nil {
		t.Fatal(err)
	}
	f.boSays("Second thought.", false)
	f.boSays("Third thought.", false)
	if got := f.check(); len(got) != 0 {
		t.Fatalf("sent while focusing: %v", titles(got))
	}
	if s := f.notifier.State(); !s.Focusing || s.Unread != 1 {
		t.Errorf("state while focusing = %+v, want focusing with the unread count frozen at 1", s)
	}

	// Held notes survive a restart.
	f.restart()
	f.at("2026-06-02 10:30")
	if got := f.check(); len(got) != 0 {
		t.Fatalf("sent while focusing after a restart: %v", titles(got))
	}

	// Focus ends: one digest.
	f.at("2026-06-02 10:50")
	got = f.check()
	if len(got) != 1 || got[0].ID != "digest" || got[0].Title != "2 notifications while you were focusing" || got[0].Body != "2 comments" {
		t.Fatalf("at focus end sent %+v, want one digest of 2 comments", got)
	}
	if s := f.notifier.State(); s.Focusing || s.Unread != 3 {
		t.Errorf("state after focus = %+v, want 3 unread", s)
	}
	if got := f.check(); len(got) != 0 {
		t.Errorf("the digest came twice: %v", titles(got))
	}
}

func TestNotifierWorkingHours(t *testing.T) {
	f := newNotifierFixture(t)
	f.at("2026-06-02 18:00")
	f.check()
	f.boSays("Late thought.", false)
	if got := f.check(); len(got) != 0 {
		t.Fatalf("sent after working hours: %v", titles(got))
	}
	// A mention, with mentions not allowed through: held too.
	f.boSays("@Ada are you there?", true)
	if got := f.check(); len(got) != 0 {
		t.Fatalf("sent a mention after hours without leave: %v", titles(got))
	}
	f.at("2026-06-03 08:59")
	if got := f.check(); len(got) != 0 {
		t.Fatalf("sent before hours: %v", titles(got))
	}
	f.at("2026-06-03 09:00")
	got := f.check()
	if len(got) != 2 || got[0].Title != "Bo mentioned you on Plan" && got[1].Title != "Bo mentioned you on Plan" {
		t.Fatalf("at 09:00 sent %v, want both held", titles(got))
	}
}

func TestNotifierMentionsBreakThrough(t *testing.T) {
	f := newNotifierFixture(t)
	ctx := context.Background()
	f.at("2026-06-02 10:00")
	f.check()
	if err := f.db.UpdateNotifySettings(ctx, store.NotifySettings{MentionsBreakThrough: true}); err != nil {
		t.Fatal(err)
	}
	f.db.SetFocus(ctx, f.clock.Now().Add(time.Hour))
	f.boSays("Just a comment.", false)
	f.boSays("@Ada need you now", true)
	got := f.check()
	if len(got) != 1 || got[0].Title != "Bo mentioned you on Plan" {
		t.Fatalf("sent %v, want only the mention", titles(got))
	}
}

func TestNotifierStopFocusReleases(t *testing.T) {
	f := newNotifierFixture(t)
	ctx := context.Background()
	f.at("2026-06-02 10:00")
	f.check()
	f.db.SetFocus(ctx, f.clock.Now().Add(90*time.Minute))
	f.boSays("One.", false)
	f.check()
	f.at("2026-06-02 10:20")
	f.db.SetFocus(ctx, time.Time{})
	f.notifier.FocusChanged(ctx, time.Time{})
	got := f.check()
	if len(got) != 1 || got[0].Title != "Bo commented on Plan" {
		t.Fatalf("after stopping focus sent %v, want the held comment", titles(got))
	}
}

func TestNotifierReadItemsAreDropped(t *testing.T) {
	f := newNotifierFixture(t)
	ctx := context.Background()
	f.at("2026-06-02 10:00")
	f.check()
	f.db.SetFocus(ctx, f.clock.Now().Add(30*time.Minute))
	f.boSays("Seen already.", false)
	f.check()
	items, _ := f.db.FindInbox(ctx, store.InboxFilter{})
	f.db.MarkInboxRead(ctx, []string{items[0].Key}) // read in the window meanwhile
	f.at("2026-06-02 10:30")
	if got := f.check(); len(got) != 0 {
		t.Errorf("sent an item already read: %v", titles(got))
	}
}

func TestNotifierRecurringBlock(t *testing.T) {
	f := newNotifierFixture(t)
	ctx := context.Background()
	block := store.FocusBlock{Days: store.Weekdays, Start: 9 * 60, End: 11 * 60}
	if err := f.db.UpdateNotifySettings(ctx, store.NotifySettings{Blocks: []store.FocusBlock{block}}); err != nil {
		t.Fatal(err)
	}
	f.at("2026-06-02 09:30")
	f.check()
	// The block started a session that the team sees.
	me, _ := f.db.FindMember(ctx, f.ada)
	if want := time.Date(2026, 6, 2, 10, 0, 0, 0, time.UTC); !me.FocusUntil.Equal(want) {
		t.Fatalf("FocusUntil = %v, want the block's end %v", me.FocusUntil, want)
	}
	f.boSays("During the block.", false)
	if got := f.check(); len(got) != 0 {
		t.Fatalf("sent in a focus block: %v", titles(got))
	}
	// Stopped by hand: the block is over for today, and what was held comes.
	f.db.SetFocus(ctx, time.Time{})
	f.notifier.FocusChanged(ctx, time.Time{})
	if got := f.check(); len(got) != 1 {
		t.Fatalf("after stopping the block sent %v", titles(got))
	}
	if me, _ := f.db.FindMember(ctx, f.ada); me.Focusing(f.clock.Now()) {
		t.Errorf("the stopped block started again: until %v", me.FocusUntil)
	}
	// The next morning it starts again.
	f.at("2026-06-03 09:00")
	f.check()
	if s := f.notifier.State(); !s.Focusing {
		t.Errorf("state on the next morning = %+v, want focusing", s)
	}
}

// My check-in coming due is an inbox item like any other: held through
// focus, and gone if I check in meanwhile.
func TestNotifierCheckInDue(t *testing.T) {
	f := newNotifierFixture(t)
	ctx := context.Background()
	f.at("2026-06-05 08:30") // Friday; check-ins are due Tuesday and Friday 09:00
	f.check()
	if _, err := f.db.SetFocus(ctx, f.clock.Now().Add(90*time.Minute)); err != nil {
		t.Fatal(err)
	}
	f.at("2026-06-05 09:00")
	if got := f.check(); len(got) != 0 {
		t.Fatalf("reminder shown while focusing: %v", titles(got))
	}
	f.at("2026-06-05 10:00")
	got := f.check()
	if len(got) != 1 || got[0].Title != "Time for your check-in" || got[0].Open != "checkin-due" {
		t.Fatalf("after focus sent %+v, want the check-in", got)
	}

	// Next Tuesday: due during focus, done during focus, never shown.
	f.at("2026-06-09 08:50")
	f.db.SetFocus(ctx, f.clock.Now().Add(60*time.Minute))
	f.at("2026-06-09 09:00")
	f.check()
	if _, err := f.db.CreateCheckIn(ctx, store.NewCheckIn{Progress: "Done."}); err != nil {
		t.Fatal(err)
	}
	f.at("2026-06-09 09:50")
	if got := f.check(); len(got) != 0 {
		t.Errorf("a check-in already made was announced: %v", titles(got))
	}
}

func TestNotifierWithoutSenderKeepsNotes(t *testing.T) {
	f := newNotifierFixture(t)
	f.notifier.SetSender(nil)
	f.at("2026-06-02 10:00")
	f.check()
	f.boSays("Nobody to show this.", false)
	f.check()
	f.notifier.SetSender(f.sender)
	if got := f.check(); len(got) != 1 {
		t.Fatalf("once notifications work, sent %v, want the kept comment", titles(got))
	}
}

// The tray hears of the state only when it changes.
func TestNotifierStateOnlyOnChange(t *testing.T) {
	f := newNotifierFixture(t)
	f.at("2026-06-02 10:00")
	f.check()
	f.check()
	f.check()
	if len(f.states) != 1 {
		t.Fatalf("three checks with nothing new gave %d states, want 1", len(f.states))
	}
	f.boSays("News.", false)
	f.check()
	if len(f.states) != 2 || f.states[1].Unread != 1 || f.states[1].Zone != "Europe/London" {
		t.Errorf("states = %+v, want a second with 1 unread", f.states)
	}
}

// Removing the block that is going on ends the session it started; a
// session I started myself stays.
func TestNotifierRemovedBlockEndsItsSession(t *testing.T) {
	f := newNotifierFixture(t)
	ctx := context.Background()
	block := store.FocusBlock{Days: store.Weekdays, Start: 9 * 60, End: 11 * 60}
	f.db.UpdateNotifySettings(ctx, store.NotifySettings{Blocks: []store.FocusBlock{block}})
	f.at("2026-06-02 09:30")
	f.check()
	if me, _ := f.db.FindMember(ctx, f.ada); !me.Focusing(f.clock.Now()) {
		t.Fatal("the block did not start focus")
	}
	f.db.UpdateNotifySettings(ctx, store.NotifySettings{})
	f.check()
	if me, _ := f.db.FindMember(ctx, f.ada); me.Focusing(f.clock.Now()) {
		t.Errorf("focus goes on until %v after its block was removed", me.FocusUntil)
	}

	// My own session is mine.
	f.db.UpdateNotifySettings(ctx, store.NotifySettings{Blocks: []store.FocusBlock{block}})
	f.check()
	f.db.SetFocus(ctx, f.clock.Now().Add(2*time.Hour))
	f.db.UpdateNotifySettings(ctx, store.NotifySettings{})
	f.check()
	if me, _ := f.db.FindMember(ctx, f.ada); !me.Focusing(f.clock.Now()) {
		t.Error("removing a block ended a session I started myself")
	}
}

// Many at once (a first sync, a night's worth) come as one notification.
func TestNotifierManyAtOnce(t *testing.T) {
	f := newNotifierFixture(t)
	f.at("2026-06-02 10:00")
	f.check()
	for i := 0; i < 5; i++ {
		f.boSays("Point.", false)
	}
	got := f.check()
	if len(got) != 1 || got[0].Title != "5 new notifications" || got[0].Body != "5 comments" || got[0].Open != "" {
		t.Fatalf("five at once sent %+v, want one that opens the inbox", got)
	}
	f.at("2026-06-02 20:00")
	f.check()
	for i := 0; i < 4; i++ {
		f.boSays("Late point.", false)
	}
	f.check()
	f.at("2026-06-03 09:00")
	got = f.check()
	if len(got) != 1 || got[0].Title != "4 notifications while you were away" {
		t.Fatalf("at 09:00 sent %v, want one for the night", titles(got))
	}
}
