package store

import (
	"testing"
	"time"
)

func member(tz, start, end string) *Member {
	return &Member{Name: tz, TimeZone: tz, WorkStart: start, WorkEnd: end}
}

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestNextOverlap(t *testing.T) {
	london := member("Europe/London", "09:00", "17:00")
	newYork := member("America/New_York", "09:00", "17:00")
	tokyo := member("Asia/Tokyo", "09:00", "17:00")
	la := member("America/Los_Angeles", "09:00", "17:00")
	lateTokyo := member("Asia/Tokyo", "13:00", "21:00")
	nightShift := member("Europe/London", "22:00", "06:00")
	for _, tc := range []struct {
		name       string
		a, b       *Member
		now        string
		start, end string // UTC; "" for none
	}{
		// Winter: New York is 5 hours behind London, so 14:00–17:00 London.
		{"London and New York, Monday morning", london, newYork, "2026-01-12 08:00", "2026-01-12 14:00", "2026-01-12 17:00"},
		{"already overlapping starts now", london, newYork, "2026-01-12 15:30", "2026-01-12 15:30", "2026-01-12 17:00"},
		{"after today's overlap, tomorrow", london, newYork, "2026-01-12 18:00", "2026-01-13 14:00", "2026-01-13 17:00"},
		{"Friday evening waits for Monday", london, newYork, "2026-01-16 18:00", "2026-01-19 14:00", "2026-01-19 17:00"},
		// 9 to 22 March 2026: the US has moved its clocks, Europe not yet;
		// the gap is 4 hours and the overlap an hour longer.
		{"US already on summer time", london, newYork, "2026-03-16 08:00", "2026-03-16 13:00", "2026-03-16 17:00"},
		{"Tokyo and New York never meet", tokyo, newYork, "2026-01-12 00:00", "", ""},
		// Los Angeles 16:00–17:00 is Tokyo 09:00–10:00 the next day.
		{"Tokyo and Los Angeles meet for an hour", tokyo, la, "2026-01-12 00:00", "2026-01-13 00:00", "2026-01-13 01:00"},
		// Tokyo 13:00–21:00 is 04:00–12:00 London: 09:00–12:00 London.
		{"a late Tokyo day meets London's morning", lateTokyo, london, "2026-01-12 00:00", "2026-01-12 09:00", "2026-01-12 12:00"},
		// A night shift from Monday 22:00 to Tuesday 06:00 meets Tokyo's Tuesday 09:00–15:00 (00:00–06:00 UTC).
		{"a night shift past midnight", nightShift, tokyo, "2026-01-12 12:00", "2026-01-13 00:00", "2026-01-13 06:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, e, ok := NextOverlap(tc.a, tc.b, utc(tc.now))
			if tc.start == "" {
				if ok {
					t.Fatalf("overlap %v–%v, want none", s, e)
				}
				return
			}
			if !ok || !s.Equal(utc(tc.start)) || !e.Equal(utc(tc.end)) {
				t.Errorf("overlap = %v–%v (%v), want %s–%s", s.UTC(), e.UTC(), ok, tc.start, tc.end)
			}
		})
	}
}

func TestNextWorkStart(t *testing.T) {
	berlin := member("Europe/Berlin", "09:00", "17:00")
	for _, tc := range []struct {
		name, now, want string
	}{
		{"before the morning", "2026-01-12 06:00", "2026-01-12 08:00"},
		{"during the day: tomorrow", "2026-01-12 10:00", "2026-01-13 08:00"},
		{"Friday night: Monday", "2026-01-16 20:00", "2026-01-19 08:00"},
		// Summer time starts on Sunday 29 March 2026: Monday's 09:00 is 07:00 UTC.
		{"across the clock change", "2026-03-27 20:00", "2026-03-30 07:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := NextWorkStart(berlin, utc(tc.now)); !got.Equal(utc(tc.want)) {
				t.Errorf("NextWorkStart = %v, want %s", got.UTC(), tc.want)
			}
		})
	}
	if !InWorkingHours(berlin, utc("2026-01-12 10:00")) || InWorkingHours(berlin, utc("2026-01-17 10:00")) {
		t.Error("InWorkingHours: Monday 11:00 Berlin is working time, Saturday is not")
	}
}

func TestWorkingUntil(t *testing.T) {
	berlin := member("Europe/Berlin", "09:00", "17:10")
	night := member("America/New_York", "22:00", "06:00")
	for _, tc := range []struct {
		name string
		m    *Member
		now  string
		want string // "" outside hours
	}{
		{"Berlin afternoon", berlin, "2026-01-12 14:00", "2026-01-12 16:10"},
		{"Berlin evening", berlin, "2026-01-12 17:00", ""},
		{"night shift past midnight", night, "2026-01-13 05:00", "2026-01-13 11:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := WorkingUntil(tc.m, utc(tc.now))
			if tc.want == "" {
				if ok {
					t.Errorf("WorkingUntil = %v, want outside hours", got)
				}
				return
			}
			if !ok || !got.Equal(utc(tc.want)) {
				t.Errorf("WorkingUntil = %v, %v; want %s", got.UTC(), ok, tc.want)
			}
		})
	}
}
