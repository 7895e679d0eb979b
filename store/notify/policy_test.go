package notify_test

import (
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/notify"
)

func at(t *testing.T, zone, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestDecide(t *testing.T) {
	const (
		berlin   = "Europe/Berlin"
		newYork  = "America/New_York"
		lordHowe = "Australia/Lord_Howe"
	)
	person := func(zone, start, end string) *store.Member {
		return &store.Member{Name: "Ana", TimeZone: zone, WorkStart: start, WorkEnd: end}
	}
	focusing := func(m *store.Member, until time.Time) *store.Member { m.FocusUntil = until; return m }
	mornings := notify.Block{Days: notify.Weekdays, Start: 9 * 60, End: 11 * 60}
	var sunday [7]bool
	sunday[time.Sunday] = true
	var monday [7]bool
	monday[time.Monday] = true

	tests := []struct {
		name      string
		now       time.Time
		person    *store.Member
		settings  notify.Settings
		note      notify.Note
		want      notify.Action
		wantUntil time.Time
	}{
		{name: "Berlin, in working hours: shown",
			now: at(t, berlin, "2026-06-02 10:00"), person: person(berlin, "09:00", "17:00"), want: notify.Show},
		{name: "Berlin, Friday evening: held until Monday 09:00",
			now: at(t, berlin, "2026-06-05 18:30"), person: person(berlin, "09:00", "17:00"),
			want: notify.Hold, wantUntil: at(t, berlin, "2026-06-08 09:00")},
		{name: "Berlin, weekend across the spring change: Monday 09:00 CEST",
			now: at(t, berlin, "2026-03-28 20:00"), person: person(berlin, "09:00", "17:00"),
			want: notify.Hold, wantUntil: time.Date(2026, 3, 30, 7, 0, 0, 0, time.UTC)},
		{name: "Berlin, night before the autumn change: 09:00 CET is 08:00 UTC",
			now: at(t, berlin, "2026-10-25 01:00"), person: person(berlin, "09:00", "17:00"),
			want: notify.Hold, wantUntil: time.Date(2026, 10, 26, 8, 0, 0, 0, time.UTC)},
		{name: "New York, weekend across the autumn change: Monday 09:00 EST",
			now: at(t, newYork, "2026-10-31 22:00"), person: person(newYork, "09:00", "17:00"),
			want: notify.Hold, wantUntil: time.Date(2026, 11, 2, 14, 0, 0, 0, time.UTC)},
		{name: "New York, early morning: held until 09:00 the same day",
			now: at(t, newYork, "2026-07-14 06:15"), person: person(newYork, "09:00", "17:00"),
			want: notify.Hold, wantUntil: at(t, newYork, "2026-07-14 09:00")},
		{name: "Lord Howe, weekend across the half-hour spring change: Monday 09:00 +11",
			now: at(t, lordHowe, "2026-10-03 12:00"), person: person(lordHowe, "09:00", "17:00"),
			want: notify.Hold, wantUntil: time.Date(2026, 10, 4, 22, 0, 0, 0, time.UTC)},
		{name: "Lord Howe, weekend across the half-hour autumn change: Monday 09:00 +10:30",
			now: at(t, lordHowe, "2026-04-04 12:00"), person: person(lordHowe, "09:00", "17:00"),
			want: notify.Hold, wantUntil: time.Date(2026, 4, 5, 22, 30, 0, 0, time.UTC)},
		{name: "focus session in working hours: into the digest at its end",
			now:    at(t, berlin, "2026-06-02 10:00"),
			person: focusing(person(berlin, "09:00", "17:00"), at(t, berlin, "2026-06-02 10:50")),
			want:   notify.Digest, wantUntil: at(t, berlin, "2026-06-02 10:50")},
		{name: "focus session that has ended: shown",
			now:    at(t, berlin, "2026-06-02 10:50"),
			person: focusing(person(berlin, "09:00", "17:00"), at(t, berlin, "2026-06-02 10:50")),
			want:   notify.Show},
		{name: "direct mention in focus, not allowed through: digest",
			now:    at(t, berlin, "2026-06-02 10:00"),
			person: focusing(person(berlin, "09:00", "17:00"), at(t, berlin, "2026-06-02 11:00")),
			note:   notify.Note{Mention: true}, want: notify.Digest, wantUntil: at(t, berlin, "2026-06-02 11:00")},
		{name: "direct mention in focus, allowed through: shown",
			now:      at(t, berlin, "2026-06-02 10:00"),
			person:   focusing(person(berlin, "09:00", "17:00"), at(t, berlin, "2026-06-02 11:00")),
			settings: notify.Settings{MentionsBreakThrough: true},
			note:     notify.Note{Mention: true}, want: notify.Show},
		{name: "a reply in focus, mentions allowed through: still digest",
			now:      at(t, berlin, "2026-06-02 10:00"),
			person:   focusing(person(berlin, "09:00", "17:00"), at(t, berlin, "2026-06-02 11:00")),
			settings: notify.Settings{MentionsBreakThrough: true},
			want:     notify.Digest, wantUntil: at(t, berlin, "2026-06-02 11:00")},
		{name: "direct mention at night, allowed through: shown",
			now: at(t, newYork, "2026-07-14 23:00"), person: person(newYork, "09:00", "17:00"),
			settings: notify.Settings{MentionsBreakThrough: true}, note: notify.Note{Mention: true}, want: notify.Show},
		{name: "direct mention at night, not allowed: held",
			now: at(t, newYork, "2026-07-14 23:00"), person: person(newYork, "09:00", "17:00"),
			note: notify.Note{Mention: true}, want: notify.Hold, wantUntil: at(t, newYork, "2026-07-15 09:00")},
		{name: "night shift, session across midnight: digest until it ends",
			now:    at(t, newYork, "2026-07-15 00:30"),
			person: focusing(person(newYork, "22:00", "06:00"), at(t, newYork, "2026-07-15 01:00")),
			want:   notify.Digest, wantUntil: at(t, newYork, "2026-07-15 01:00")},
		{name: "night shift, after the session across midnight: shown",
			now:    at(t, newYork, "2026-07-15 01:00"),
			person: focusing(person(newYork, "22:00", "06:00"), at(t, newYork, "2026-07-15 01:00")),
			want:   notify.Show},
		{name: "session that ends after working hours: digest, then held",
			now:    at(t, berlin, "2026-06-02 16:30"),
			person: focusing(person(berlin, "09:00", "17:00"), at(t, berlin, "2026-06-02 17:30")),
			want:   notify.Digest, wantUntil: at(t, berlin, "2026-06-02 17:30")},
		{name: "at the end of a session after working hours: held until morning",
			now:    at(t, berlin, "2026-06-02 17:30"),
			person: focusing(person(berlin, "09:00", "17:00"), at(t, berlin, "2026-06-02 17:30")),
			want:   notify.Hold, wantUntil: at(t, berlin, "2026-06-03 09:00")},
		{name: "recurring weekday morning block: digest until 11:00",
			now: at(t, berlin, "2026-06-02 10:00"), person: person(berlin, "09:00", "17:00"),
			settings: notify.Settings{Blocks: []notify.Block{mornings}},
			want:     notify.Digest, wantUntil: at(t, berlin, "2026-06-02 11:00")},
		{name: "recurring weekday block on Saturday: not in force, outside hours",
			now: at(t, berlin, "2026-06-06 10:00"), person: person(berlin, "09:00", "17:00"),
			settings: notify.Settings{Blocks: []notify.Block{mornings}},
			want:     notify.Hold, wantUntil: at(t, berlin, "2026-06-08 09:00")},
		{name: "recurring block, at its end: shown",
			now: at(t, berlin, "2026-06-02 11:00"), person: person(berlin, "09:00", "17:00"),
			settings: notify.Settings{Blocks: []notify.Block{mornings}}, want: notify.Show},
		{name: "recurring block stopped by hand: shown",
			now: at(t, berlin, "2026-06-02 10:00"), person: person(berlin, "09:00", "17:00"),
			settings: notify.Settings{Blocks: []notify.Block{mornings}, BlocksOffUntil: at(t, berlin, "2026-06-02 11:00")},
			want:     notify.Show},
		{name: "stopped block does not cancel the next day's",
			now: at(t, berlin, "2026-06-03 10:00"), person: person(berlin, "09:00", "17:00"),
			settings: notify.Settings{Blocks: []notify.Block{mornings}, BlocksOffUntil: at(t, berlin, "2026-06-02 11:00")},
			want:     notify.Digest, wantUntil: at(t, berlin, "2026-06-03 11:00")},
		{name: "session that runs into a block: one stretch, digest at the block's end",
			now:      at(t, berlin, "2026-06-02 08:30"),
			person:   focusing(person(berlin, "08:00", "17:00"), at(t, berlin, "2026-06-02 09:00")),
			settings: notify.Settings{Blocks: []notify.Block{mornings}},
			want:     notify.Digest, wantUntil: at(t, berlin, "2026-06-02 11:00")},
		{name: "Monday block across midnight, on Tuesday 00:30",
			now: at(t, berlin, "2026-06-02 00:30"), person: person(berlin, "22:00", "06:00"),
			settings: notify.Settings{Blocks: []notify.Block{{Days: monday, Start: 23 * 60, End: 60}}},
			want:     notify.Digest, wantUntil: at(t, berlin, "2026-06-02 01:00")},
		{name: "block on the New York spring-forward night is two real hours",
			now:      time.Date(2026, 3, 8, 7, 30, 0, 0, time.UTC), // 03:30 EDT
			person:   person(newYork, "00:00", "23:00"),
			settings: notify.Settings{Blocks: []notify.Block{{Days: sunday, Start: 60, End: 4 * 60}}},
			want:     notify.Digest, wantUntil: time.Date(2026, 3, 8, 8, 0, 0, 0, time.UTC)},
		{name: "block in Lord Howe's zone, half-hour offset",
			now: at(t, lordHowe, "2026-06-02 09:45"), person: person(lordHowe, "09:00", "17:00"),
			settings: notify.Settings{Blocks: []notify.Block{mornings}},
			want:     notify.Digest, wantUntil: time.Date(2026, 6, 2, 0, 30, 0, 0, time.UTC)},
		{name: "unknown zone counts as UTC",
			now: time.Date(2026, 6, 2, 20, 0, 0, 0, time.UTC), person: person("", "09:00", "17:00"),
			want: notify.Hold, wantUntil: time.Date(2026, 6, 3, 9, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := notify.Decide(tt.now, tt.person, tt.settings, tt.note)
			if got.Action != tt.want {
				t.Fatalf("Action=%v, want %v (until %v)", got.Action, tt.want, got.Until)
			}
			if !got.Until.Equal(tt.wantUntil) {
				t.Errorf("Until=%v, want %v", got.Until.UTC(), tt.wantUntil.UTC())
			}
		})
	}
}

func TestBlockValidate(t *testing.T) {
	tests := []struct {
		name  string
		block notify.Block
		ok    bool
	}{
		{"weekday mornings", notify.Block{Days: notify.Weekdays, Start: 540, End: 660}, true},
		{"across midnight", notify.Block{Days: notify.Weekdays, Start: 1380, End: 60}, true},
		{"no days", notify.Block{Start: 540, End: 660}, false},
		{"empty", notify.Block{Days: notify.Weekdays, Start: 540, End: 540}, false},
		{"past the day", notify.Block{Days: notify.Weekdays, Start: 540, End: 1440}, false},
		{"negative", notify.Block{Days: notify.Weekdays, Start: -1, End: 60}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.block.Validate(); (err == nil) != tt.ok {
				t.Errorf("Validate()=%v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestDigestText(t *testing.T) {
	items := []notify.Item{{Kind: "reply"}, {Kind: "mention"}, {Kind: "post-reply"}, {Kind: "review"}}
	title, body := notify.DigestText(items, notify.AfterFocus)
	if title != "4 notifications while you were focusing" {
		t.Errorf("title=%q", title)
	}
	if title, _ := notify.DigestText(items, notify.AfterHours); title != "4 notifications while you were away" {
		t.Errorf("after hours title=%q", title)
	}
	if title, _ := notify.DigestText(items, notify.Arrived); title != "4 new notifications" {
		t.Errorf("arrived title=%q", title)
	}
	if body != "2 replies, 1 mention, 1 review request" {
		t.Errorf("body=%q", body)
	}
}
