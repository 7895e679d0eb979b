package store

import (
	"time"
)

// Working hours are a person's own: a start and end clock time in their
// time zone, Monday to Friday. An end at or before the start runs past
// midnight into the next day.

// workingDay reports whether a local date is a working day.
func workingDay(d time.Weekday) bool { return d != time.Saturday && d != time.Sunday }

// shifts returns a member's working intervals that touch [from, to), as
// instants, in order.
func (m *Member) shifts(from, to time.Time) [][2]time.Time {
	loc := m.Location()
	start, err1 := ParseClock(m.WorkStart)
	end, err2 := ParseClock(m.WorkEnd)
	if err1 != nil || err2 != nil {
		start, end = 9*60, 17*60
	}
	length := end - start
	if length <= 0 {
		length += 24 * 60
	}
	var out [][2]time.Time
	// From the local day before from, so that a night shift that began
	// yesterday counts.
	f := from.In(loc)
	day := time.Date(f.Year(), f.Month(), f.Day()-1, 0, 0, 0, 0, loc)
	for ; day.Before(to); day = time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, loc) {
		if !workingDay(day.Weekday()) {
			continue
		}
		// time.Date normalizes a clock time that falls in a skipped hour
		// (a spring-forward gap) to a real instant.
		s := time.Date(day.Year(), day.Month(), day.Day(), start/60, start%60, 0, 0, loc)
		e := time.Date(day.Year(), day.Month(), day.Day(), (start+length)/60, (start+length)%60, 0, 0, loc)
		if e.After(from) && s.Before(to) {
			out = append(out, [2]time.Time{s, e})
		}
	}
	return out
}

// NextOverlap finds the next time, from now, when both people are in
// their working hours: the start and end of that stretch (start is now if
// it is going on). ok is false when there is none in the next two weeks,
// such as between Tokyo and New York on a 9-to-5 each.
func NextOverlap(a, b *Member, now time.Time) (start, end time.Time, ok bool) {
	to := now.Add(14 * 24 * time.Hour)
	as, bs := a.shifts(now, to), b.shifts(now, to)
	for i, j := 0, 0; i < len(as) && j < len(bs); {
		s, e := later(as[i][0], bs[j][0]), earlier(as[i][1], bs[j][1])
		if s.Before(now) {
			s = now
		}
		if s.Before(e) {
			return s, e, true
		}
		if as[i][1].Before(bs[j][1]) {
			i++
		} else {
			j++
		}
	}
	return time.Time{}, time.Time{}, false
}

// NextWorkStart is when a person's next working day starts, from now: "in
// their morning". Now itself if they are at the very start of it.
func NextWorkStart(m *Member, now time.Time) time.Time {
	for _, s := range m.shifts(now, now.Add(8*24*time.Hour)) {
		if !s[0].Before(now) {
			return s[0]
		}
	}
	return now
}

// InWorkingHours reports whether now is within a person's working hours.
func InWorkingHours(m *Member, now time.Time) bool {
	for _, s := range m.shifts(now, now.Add(time.Minute)) {
		if !now.Before(s[0]) && now.Before(s[1]) {
			return true
		}
	}
	return false
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// WorkingUntil is when the working stretch going on at now ends; ok is
// false outside working hours.
func WorkingUntil(m *Member, now time.Time) (end time.Time, ok bool) {
	for _, s := range m.shifts(now, now.Add(time.Minute)) {
		if !now.Before(s[0]) && now.Before(s[1]) {
			return s[1], true
		}
	}
	return time.Time{}, false
}
