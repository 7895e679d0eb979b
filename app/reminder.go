package app

import (
	"context"
	"time"

	"github.com/longhand/longhand/store"
)

// Clock is the time as the reminder sees it; tests give it a fake one.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// SystemClock is the real clock.
var SystemClock Clock = systemClock{}

// reminderPoll is the longest the reminder sleeps: a computer that slept
// through a check-in time, or whose clock or zone changed, is noticed
// within it.
const reminderPoll = time.Minute

// Reminder emits EventCheckInDue when my scheduled check-in time comes,
// in my own time zone, once per scheduled time and only when I have not
// checked in since. It needs no network.
type Reminder struct {
	goals  store.GoalService
	ws     store.WorkspaceService
	events Emitter
	clock  Clock
	wake   chan struct{}

	// Notify, when set before Run, also shows a desktop notification, for
	// a window that is hidden or behind others.
	Notify func(title, body string)

	announced time.Time // the scheduled time last announced
}

// NewReminder returns a reminder; Run starts it.
func NewReminder(goals store.GoalService, ws store.WorkspaceService, events Emitter, clock Clock) *Reminder {
	return &Reminder{goals: goals, ws: ws, events: events, clock: clock, wake: make(chan struct{}, 1)}
}

// Wake makes the reminder look again now: the schedule changed or a
// check-in was made.
func (r *Reminder) Wake() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run checks until ctx ends.
func (r *Reminder) Run(ctx context.Context) {
	for {
		wait := r.check(ctx)
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		case <-r.clock.After(wait):
		}
	}
}

// check announces a due check-in and returns how long to sleep.
func (r *Reminder) check(ctx context.Context) time.Duration {
	now := r.clock.Now()
	v, err := scheduleNow(ctx, r.goals, r.ws, now)
	if err != nil {
		return reminderPoll // not set up yet, or the data is unavailable
	}
	if v.Due {
		at, _ := time.Parse(time.RFC3339Nano, v.DueAt)
		if !at.Equal(r.announced) {
			r.announced = at
			r.events.Emit(EventCheckInDue, CheckInDue{DueAt: v.DueAt, TimeZone: v.TimeZone})
			if r.Notify != nil {
				r.Notify("Time for your check-in", "Update your goals and say how things are going.")
			}
		}
	}
	wait := reminderPoll
	if next, err := time.Parse(time.RFC3339Nano, v.Next); err == nil {
		if d := next.Sub(now); d < wait {
			wait = d
		}
	}
	if wait <= 0 {
		wait = time.Millisecond
	}
	return wait
}
