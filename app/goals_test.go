package app

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

// fakeClock moves only when told. After registers a waiter; Advance fires
// the waiters whose time has come.
type fakeClock struct {
	mu      sync.Mutex
	cond    *sync.Cond
	now     time.Time
	waiters []fakeWaiter
	asked   int // After calls so far
}

type fakeWaiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock(now time.Time) *fakeClock {
	c := &fakeClock{now: now}
	c.cond = sync.NewCond(&c.mu)
	return c
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.waiters = append(c.waiters, fakeWaiter{c.now.Add(d), ch})
	c.asked++
	c.cond.Broadcast()
	return ch
}

// Set moves the clock to t and fires due waiters.
func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(t) {
			w.ch <- t
		} else {
			kept = append(kept, w)
		}
	}
	c.waiters = kept
}

// waitAsked blocks until After has been called n times in all: the
// reminder has finished a check and gone back to sleep.
func (c *fakeClock) waitAsked(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for c.asked < n {
		c.cond.Wait()
	}
}

func (c *fakeClock) askedSoFar() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.asked
}

type dueRecorder struct {
	mu  sync.Mutex
	due []CheckInDue
}

func (r *dueRecorder) Emit(name string, payload any) {
	if name != EventCheckInDue {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.due = append(r.due, payload.(CheckInDue))
}

func (r *dueRecorder) list() []CheckInDue {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]CheckInDue(nil), r.due...)
}

// The reminder prompts at 09:00 Berlin time on Tuesday and Friday, across
// the spring DST change, once per scheduled time, and not after a check-in.
func TestReminderPromptsAtLocalTime(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.CreateWorkspace(ctx, "", "Grete", "Europe/Berlin"); err != nil {
		t.Fatal(err)
	}
	// Sunday 2026-03-29 12:00 Berlin (CEST, +2), just after the change;
	// her first check-in was made before, so nothing is due yet.
	clock := newFakeClock(time.Date(2026, 3, 27, 10, 0, 0, 0, time.UTC))
	db.Now = clock.Now
	rec := &dueRecorder{}
	reminder := NewReminder(db, db, rec, clock)
	var notified atomic.Int32
	reminder.Notify = func(title, body string) { notified.Add(1) }
	goals := NewGoals(ctx, db, db, db, rec, reminder)
	if _, err := goals.CheckIn(CheckInInput{Plans: "Friday plans"}); err != nil {
		t.Fatal(err)
	}
	clock.Set(time.Date(2026, 3, 29, 10, 0, 0, 0, time.UTC))
	go reminder.Run(ctx)
	clock.waitAsked(1)

	step := func(to time.Time) {
		t.Helper()
		n := clock.askedSoFar()
		clock.Set(to)
		clock.waitAsked(n + 1)
	}
	// Monday, and Tuesday 08:59 local (06:59 UTC): nothing.
	step(time.Date(2026, 3, 30, 12, 0, 0, 0, time.UTC))
	step(time.Date(2026, 3, 31, 6, 59, 0, 0, time.UTC))
	if got := rec.list(); len(got) != 0 {
		t.Fatalf("prompted before 09:00: %+v", got)
	}
	// Tuesday 09:00 local is 07:00 UTC after the change.
	step(time.Date(2026, 3, 31, 7, 0, 0, 0, time.UTC))
	got := rec.list()
	if len(got) != 1 || got[0].DueAt != "2026-03-31T07:00:00Z" || got[0].TimeZone != "Europe/Berlin" {
		t.Fatalf("at 09:00 Berlin: %+v, want one prompt for 07:00 UTC", got)
	}
	if v, err := goals.Schedule(); err != nil || !v.Due || v.Next != "2026-04-03T07:00:00Z" {
		t.Errorf("Schedule()=%+v, %v; want due, next Friday 09:00 Berlin", v, err)
	}
	// Still due a minute later, but announced once.
	step(time.Date(2026, 3, 31, 7, 1, 0, 0, time.UTC))
	if got := rec.list(); len(got) != 1 {
		t.Fatalf("prompted again for the same time: %+v", got)
	}
	// She checks in; Friday 09:00 prompts again.
	if _, err := goals.CheckIn(CheckInInput{Progress: "Tuesday progress"}); err != nil {
		t.Fatal(err)
	}
	if v, _ := goals.Schedule(); v.Due {
		t.Errorf("still due after checking in: %+v", v)
	}
	step(time.Date(2026, 4, 3, 6, 59, 0, 0, time.UTC))
	if got := rec.list(); len(got) != 1 {
		t.Fatalf("prompted before Friday 09:00: %+v", got)
	}
	step(time.Date(2026, 4, 3, 7, 0, 0, 0, time.UTC))
	if got := rec.list(); len(got) != 2 || got[1].DueAt != "2026-04-03T07:00:00Z" {
		t.Fatalf("Friday: %+v", got)
	}
	// A schedule change wakes it: Saturday at 10:00 instead.
	n := clock.askedSoFar()
	if _, err := goals.SetSchedule([]int{6}, "10:00"); err != nil {
		t.Fatal(err)
	}
	clock.waitAsked(n + 1)
	step(time.Date(2026, 4, 4, 8, 0, 0, 0, time.UTC))
	if got := rec.list(); len(got) != 3 || got[2].DueAt != "2026-04-04T08:00:00Z" {
		t.Fatalf("Saturday 10:00 Berlin: %+v", got)
	}
	if _, err := goals.SetSchedule([]int{8}, "10:00"); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("SetSchedule with day 8: %v, want invalid", err)
	}
	if n := notified.Load(); n != 3 {
		t.Errorf("%d desktop notifications, want one per prompt (3)", n)
	}
}

func TestGoalsServiceRollsUpAndAnnounces(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.CreateWorkspace(ctx, "", "Ada", "UTC")
	var mu sync.Mutex
	var changed []GoalView
	ev := EmitterFunc(func(name string, p any) {
		if name == EventGoalChanged {
			mu.Lock()
			changed = append(changed, p.(GoalView))
			mu.Unlock()
		}
	})
	goals := NewGoals(ctx, db, db, db, ev, nil)
	year, err := goals.Create(GoalInput{Title: "Year", Level: "annual", Scope: "company", Measure: MeasureView{Kind: "number", Target: 100}})
	if err != nil {
		t.Fatal(err)
	}
	q, err := goals.Create(GoalInput{Title: "Quarter", Level: "quarterly", Scope: "company", ParentID: year.ID,
		Measure: MeasureView{Kind: "number", Unit: "deals", Target: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := goals.SetProgress(q.ID, ProgressInput{Value: 4, Status: "at_risk", Confidence: 40, Note: "slow month"}); err != nil {
		t.Fatal(err)
	}
	list, err := goals.List()
	if err != nil || len(list) != 2 {
		t.Fatalf("List=%+v, %v", list, err)
	}
	for _, g := range list {
		if g.Progress != 0.4 {
			t.Errorf("%s progress=%v, want 0.4 (the year rolls up its one quarter)", g.Title, g.Progress)
		}
	}
	// Editing the definition keeps the current value.
	q.Title, q.Measure.Current = "Quarter, renamed", 0
	in := GoalInput{Title: q.Title, Level: q.Level, Scope: q.Scope, ParentID: q.ParentID, PeriodStart: q.PeriodStart, PeriodEnd: q.PeriodEnd,
		Measure: q.Measure, Status: q.Status}
	got, err := goals.Update(q.ID, in)
	if err != nil || got.Measure.Current != 4 || got.Title != "Quarter, renamed" || len(got.Snapshots) != 2 {
		t.Errorf("Update=%+v, %v; want the value kept", got, err)
	}
	// Archived goals leave the list and can be found and restored.
	if _, err := goals.Archive(q.ID, true); err != nil {
		t.Fatal(err)
	}
	if list, _ := goals.List(); len(list) != 1 || list[0].Progress != 0 {
		t.Errorf("List after archiving=%+v; want the year alone, on its own measure", list)
	}
	if arch, err := goals.Archived(); err != nil || len(arch) != 1 || arch[0].ID != q.ID || !arch[0].Archived {
		t.Errorf("Archived=%+v, %v", arch, err)
	}
	if _, err := goals.Archive(q.ID, false); err != nil {
		t.Fatal(err)
	}
	if arch, _ := goals.Archived(); len(arch) != 0 {
		t.Errorf("Archived after restoring=%+v", arch)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(changed) != 6 {
		t.Errorf("%d goal:changed events, want 6", len(changed))
	}
}

// Before a first check-in, only scheduled times after the person joined
// are due: someone who joins on a Wednesday is first asked on Friday.
func TestFirstCheckInIsDueAfterJoining(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// Wednesday 2026-03-04 10:00 in New York (EST, -5).
	clock := newFakeClock(time.Date(2026, 3, 4, 15, 0, 0, 0, time.UTC))
	db.Now = clock.Now
	if _, err := db.CreateWorkspace(ctx, "", "Nia", "America/New_York"); err != nil {
		t.Fatal(err)
	}
	goals := NewGoals(ctx, db, db, db, EmitterFunc(func(string, any) {}), NewReminder(db, db, nil, clock))
	if v, err := goals.Schedule(); err != nil || v.Due || v.Next != "2026-03-06T14:00:00Z" {
		t.Fatalf("on joining: %+v, %v; want not due, next Friday 09:00 New York", v, err)
	}
	kim, err := db.CreateMember(ctx, store.NewMember{Name: "Kim", TimeZone: "Asia/Seoul"})
	if err != nil {
		t.Fatal(err)
	}
	// Thursday 23:59 UTC: Friday 08:59 in Seoul, Thursday evening in New York.
	clock.Set(time.Date(2026, 3, 5, 23, 59, 0, 0, time.UTC))
	team := func() map[string]ScheduleView {
		t.Helper()
		st, err := goals.TeamStatus()
		if err != nil || len(st) != 2 {
			t.Fatalf("TeamStatus=%+v, %v", st, err)
		}
		out := map[string]ScheduleView{}
		for _, s := range st {
			out[s.MemberID] = s.Schedule
		}
		return out
	}
	if st := team(); st[string(kim.ID)].Due || st[string(kim.ID)].Next != "2026-03-06T00:00:00Z" {
		t.Errorf("Kim before 09:00 in Seoul: %+v", st[string(kim.ID)])
	}
	// Friday 09:00 in New York: Kim's Friday morning has passed too.
	clock.Set(time.Date(2026, 3, 6, 14, 0, 0, 0, time.UTC))
	if v, _ := goals.Schedule(); !v.Due || v.DueAt != "2026-03-06T14:00:00Z" || v.LastAt != "" {
		t.Errorf("Friday 09:00 New York: %+v, want due", v)
	}
	if st := team(); !st[string(kim.ID)].Due || st[string(kim.ID)].DueAt != "2026-03-06T00:00:00Z" || st[string(kim.ID)].TimeZone != "Asia/Seoul" {
		t.Errorf("Kim on Friday: %+v, want due since 09:00 Seoul", st[string(kim.ID)])
	}
	if _, err := goals.CheckIn(CheckInInput{Progress: "Friday"}); err != nil {
		t.Fatal(err)
	}
	me := team()
	for id, v := range me {
		if id != string(kim.ID) && (v.Due || v.LastAt != "2026-03-06T14:00:00Z") {
			t.Errorf("Nia after checking in: %+v", v)
		}
	}
}
