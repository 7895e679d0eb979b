package store_test

import (
	"testing"
	"time"

	"github.com/longhand/longhand/store"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestNextCheckIn(t *testing.T) {
	def := store.DefaultSchedule()
	daily := store.Schedule{Days: []time.Weekday{0, 1, 2, 3, 4, 5, 6}, Time: "09:00"}
	for _, tc := range []struct {
		name     string
		schedule store.Schedule
		zone     string
		now      string // RFC 3339
		want     string // RFC 3339, in UTC; "" for none
	}{
		// 2026-03-03 is a Tuesday.
		{"before Tuesday 09:00 in Lisbon", def, "Europe/Lisbon", "2026-03-03T08:59:00Z", "2026-03-03T09:00:00Z"},
		{"exactly at 09:00 the next is Friday", def, "Europe/Lisbon", "2026-03-03T09:00:00Z", "2026-03-06T09:00:00Z"},
		{"Friday after 09:00 rolls to Tuesday", def, "Europe/Lisbon", "2026-03-06T10:00:00Z", "2026-03-10T09:00:00Z"},
		{"Tokyo morning is the evening before in UTC", def, "Asia/Tokyo", "2026-03-02T23:00:00Z", "2026-03-03T00:00:00Z"},
		{"Tokyo after 09:00 Tuesday", def, "Asia/Tokyo", "2026-03-03T00:00:01Z", "2026-03-06T00:00:00Z"},
		{"Los Angeles, a UTC Tuesday that is still Monday there", def, "America/Los_Angeles", "2026-03-03T05:00:00Z", "2026-03-03T17:00:00Z"},
		// Berlin goes from CET (+1) to CEST (+2) on Sunday 2026-03-29 at 02:00.
		{"Berlin Friday before the change is +1", def, "Europe/Berlin", "2026-03-27T07:00:00Z", "2026-03-27T08:00:00Z"},
		{"Berlin Tuesday after the change is +2", def, "Europe/Berlin", "2026-03-27T09:00:00Z", "2026-03-31T07:00:00Z"},
		{"Berlin daily across the change night", daily, "Europe/Berlin", "2026-03-28T09:00:00Z", "2026-03-29T07:00:00Z"},
		{"Berlin 02:30 is skipped and happens at 03:30", store.Schedule{Days: []time.Weekday{time.Sunday}, Time: "02:30"},
			"Europe/Berlin", "2026-03-28T12:00:00Z", "2026-03-29T01:30:00Z"},
		// New York goes from EDT (-4) to EST (-5) on Sunday 2026-11-01 at 02:00.
		{"New York Friday before the change is -4", def, "America/New_York", "2026-10-30T12:00:00Z", "2026-10-30T13:00:00Z"},
		{"New York Tuesday after the change is -5", def, "America/New_York", "2026-10-30T13:00:01Z", "2026-11-03T14:00:00Z"},
		{"New York 01:30 happens twice; the first counts", store.Schedule{Days: []time.Weekday{time.Sunday}, Time: "01:30"},
			"America/New_York", "2026-10-31T12:00:00Z", "2026-11-01T05:30:00Z"},
		{"New York after the first 01:30 the next is a week on", store.Schedule{Days: []time.Weekday{time.Sunday}, Time: "01:30"},
			"America/New_York", "2026-11-01T05:30:00Z", "2026-11-08T06:30:00Z"},
		// Lord Howe moves by half an hour: +10:30 to +11 on Sunday 2026-10-04 at 02:00.
		{"Lord Howe standard time is +10:30", def, "Australia/Lord_Howe", "2026-09-28T00:00:00Z", "2026-09-28T22:30:00Z"},
		{"Lord Howe summer time is +11", def, "Australia/Lord_Howe", "2026-10-05T00:00:00Z", "2026-10-05T22:00:00Z"},
		{"Lord Howe 02:15 is skipped and happens at 02:45", store.Schedule{Days: []time.Weekday{time.Sunday}, Time: "02:15"},
			"Australia/Lord_Howe", "2026-10-03T00:00:00Z", "2026-10-03T15:45:00Z"},
		{"no days, no check-in", store.Schedule{Days: []time.Weekday{}, Time: "09:00"}, "UTC", "2026-03-03T00:00:00Z", ""},
		{"Saturday only, from Sunday", store.Schedule{Days: []time.Weekday{time.Saturday}, Time: "18:30"}, "UTC",
			"2026-03-01T00:00:00Z", "2026-03-07T18:30:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := store.NextCheckIn(tc.schedule, zone(t, tc.zone), mustTime(t, tc.now))
			if tc.want == "" {
				if !got.IsZero() {
					t.Errorf("NextCheckIn=%v, want none", got)
				}
				return
			}
			if want := mustTime(t, tc.want); !got.Equal(want) {
				t.Errorf("NextCheckIn=%v (%v local), want %v", got.UTC(), got.In(zone(t, tc.zone)), want)
			}
		})
	}
}

func TestCheckInDue(t *testing.T) {
	def := store.DefaultSchedule()
	berlin := zone(t, "Europe/Berlin")
	for _, tc := range []struct {
		name     string
		now      string
		lastDone string // "" for never
		want     bool
	}{
		{"a minute before Tuesday 09:00 nothing new is due", "2026-03-31T06:59:00Z", "2026-03-27T09:00:00Z", false},
		{"at Tuesday 09:00 (after the spring change) it is due", "2026-03-31T07:00:00Z", "2026-03-27T09:00:00Z", true},
		{"checked in at 07:30 local, before 09:00, it is still due", "2026-03-31T08:00:00Z", "2026-03-31T05:30:00Z", true},
		{"checked in since 09:00, not due", "2026-03-31T09:00:00Z", "2026-03-31T07:30:00Z", false},
		{"never checked in, due once the first time comes", "2026-03-31T07:00:00Z", "", true},
		{"Monday with Friday done, not due", "2026-03-30T12:00:00Z", "2026-03-27T10:00:00Z", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var last time.Time
			if tc.lastDone != "" {
				last = mustTime(t, tc.lastDone)
			}
			got, _ := store.CheckInDue(def, berlin, mustTime(t, tc.now), last)
			if got != tc.want {
				t.Errorf("CheckInDue=%v, want %v", got, tc.want)
			}
		})
	}
}

func TestValidateSchedule(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   store.Schedule
		want string // FormatDays of the result
		code string
	}{
		{"sorted and deduplicated", store.Schedule{Days: []time.Weekday{5, 2, 5}, Time: "09:00"}, "2,5", ""},
		{"no days is allowed", store.Schedule{Days: nil, Time: "08:15"}, "", ""},
		{"bad time", store.Schedule{Days: []time.Weekday{1}, Time: "9am"}, "", store.EINVALID},
		{"hour 24", store.Schedule{Days: []time.Weekday{1}, Time: "24:00"}, "", store.EINVALID},
		{"bad day", store.Schedule{Days: []time.Weekday{7}, Time: "09:00"}, "", store.EINVALID},
		{"negative day", store.Schedule{Days: []time.Weekday{-1}, Time: "09:00"}, "", store.EINVALID},
		{"oversized list", store.Schedule{Days: make([]time.Weekday, 100000), Time: "09:00"}, "", store.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := store.ValidateSchedule(tc.in)
			if code := store.ErrorCode(err); code != tc.code {
				t.Fatalf("ErrorCode=%q, want %q (%v)", code, tc.code, err)
			}
			if err == nil && store.FormatDays(got.Days) != tc.want {
				t.Errorf("Days=%q, want %q", store.FormatDays(got.Days), tc.want)
			}
		})
	}
}

func TestParseDays(t *testing.T) {
	for _, bad := range []string{"7", "a", "1,,2", "01", "-1", "1, 2"} {
		if _, err := store.ParseDays(bad); store.ErrorCode(err) != store.EINVALID {
			t.Errorf("ParseDays(%q) err=%v, want invalid", bad, err)
		}
	}
	days, err := store.ParseDays("2,5")
	if err != nil || len(days) != 2 || days[0] != time.Tuesday || days[1] != time.Friday {
		t.Errorf("ParseDays(2,5)=%v, %v", days, err)
	}
}
