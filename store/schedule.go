package store

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Schedule is when a person checks in: on some days of the week at one
// local time, in their own time zone.
type Schedule struct {
	Days []time.Weekday // sorted, each once
	Time string         // "HH:MM", 24-hour, local
}

// DefaultSchedule is Tuesday and Friday at 09:00.
func DefaultSchedule() Schedule {
	return Schedule{Days: []time.Weekday{time.Tuesday, time.Friday}, Time: "09:00"}
}

// scheduleClock parses a schedule's "HH:MM" into hours and minutes.
func scheduleClock(s string) (h, m int, err error) {
	mins, perr := ParseClock(s)
	if perr != nil {
		return 0, 0, Errorf(EINVALID, "%q is not a time of day like 09:00.", s)
	}
	return mins / 60, mins % 60, nil
}

// ValidateSchedule checks a schedule and returns it with its days sorted
// and each once. A schedule with no days never prompts.
func ValidateSchedule(s Schedule) (Schedule, error) {
	if _, _, err := scheduleClock(s.Time); err != nil {
		return s, err
	}
	if len(s.Days) > 7*4 {
		return s, Errorf(EINVALID, "A schedule lists each day of the week at most once.")
	}
	seen := map[time.Weekday]bool{}
	days := []time.Weekday{}
	for _, d := range s.Days {
		if d < time.Sunday || d > time.Saturday {
			return s, Errorf(EINVALID, "%d is not a day of the week.", int(d))
		}
		if !seen[d] {
			seen[d] = true
			days = append(days, d)
		}
	}
	sort.Slice(days, func(i, j int) bool { return days[i] < days[j] })
	return Schedule{Days: days, Time: s.Time}, nil
}

// FormatDays writes days as "2,5" (Sunday is 0), as the schedule is stored.
func FormatDays(days []time.Weekday) string {
	s := make([]string, len(days))
	for i, d := range days {
		s[i] = fmt.Sprint(int(d))
	}
	return strings.Join(s, ",")
}

// ParseDays reads what FormatDays wrote.
func ParseDays(s string) ([]time.Weekday, error) {
	if s == "" {
		return []time.Weekday{}, nil
	}
	var out []time.Weekday
	for _, p := range strings.Split(s, ",") {
		var d int
		if _, err := fmt.Sscanf(p, "%d", &d); err != nil || d < 0 || d > 6 || fmt.Sprint(d) != p {
			return nil, Errorf(EINVALID, "%q is not a list of weekdays.", s)
		}
		out = append(out, time.Weekday(d))
	}
	return out, nil
}

// localAt returns the instant a wall-clock time happens on a date in loc.
// A time that happens twice (when clocks go back) is the first of the
// two; a time that does not happen (skipped when clocks go forward) is
// read with the offset before the change, as calendars do (RFC 5545), so
// 02:30 on a day that jumps from 02:00 to 03:00 is 03:30.
func localAt(y int, mo time.Month, d, h, mi int, loc *time.Location) time.Time {
	naive := time.Date(y, mo, d, h, mi, 0, 0, time.UTC)
	offsetAt := func(t time.Time) time.Duration {
		_, off := t.In(loc).Zone()
		return time.Duration(off) * time.Second
	}
	// The offsets in force a day either side cover every transition of
	// real zones, which are months apart.
	before := offsetAt(naive.Add(-24 * time.Hour))
	after := offsetAt(naive.Add(24 * time.Hour))
	var best time.Time
	for _, off := range []time.Duration{before, after} {
		t := naive.Add(-off)
		ly, lm, ld := t.In(loc).Date()
		lh, lmi, _ := t.In(loc).Clock()
		if ly == y && lm == mo && ld == d && lh == h && lmi == mi {
			if best.IsZero() || t.Before(best) {
				best = t
			}
		}
	}
	if best.IsZero() {
		best = naive.Add(-before) // in a gap
	}
	return best
}

// occurrences calls f with each check-in time on the local dates from
// day-8 to day+8 around t, in order, until f returns false.
func (s Schedule) each(loc *time.Location, around time.Time, f func(time.Time) bool) {
	h, mi, err := scheduleClock(s.Time)
	if err != nil || len(s.Days) == 0 {
		return
	}
	want := map[time.Weekday]bool{}
	for _, d := range s.Days {
		want[d] = true
	}
	y, mo, d := around.In(loc).Date()
	for i := -8; i <= 8; i++ {
		day := time.Date(y, mo, d+i, 12, 0, 0, 0, time.UTC) // calendar arithmetic only
		if !want[day.Weekday()] {
			continue
		}
		dy, dmo, dd := day.Date()
		if !f(localAt(dy, dmo, dd, h, mi, loc)) {
			return
		}
	}
}

// NextCheckIn returns the first check-in time of the schedule strictly
// after now, in the zone loc; the zero time for a schedule with no days.
func NextCheckIn(s Schedule, loc *time.Location, now time.Time) time.Time {
	var next time.Time
	s.each(loc, now, func(t time.Time) bool {
		if t.After(now) {
			next = t
			return false
		}
		return true
	})
	return next
}

// LastCheckIn returns the latest check-in time of the schedule at or
// before now; the zero time for a schedule with no days.
func LastCheckIn(s Schedule, loc *time.Location, now time.Time) time.Time {
	var last time.Time
	s.each(loc, now, func(t time.Time) bool {
		if t.After(now) {
			return false
		}
		last = t
		return true
	})
	return last
}

// CheckInDue reports whether a check-in is due at now: a scheduled time
// has come and the person has not checked in since it (lastDone is their
// latest check-in, zero for none). It returns that scheduled time.
func CheckInDue(s Schedule, loc *time.Location, now, lastDone time.Time) (bool, time.Time) {
	last := LastCheckIn(s, loc, now)
	if last.IsZero() || !lastDone.Before(last) {
		return false, last
	}
	return true, last
}
