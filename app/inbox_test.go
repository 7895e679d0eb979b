package app

import (
	"testing"
	"time"
)

// "Later" offers times from my own working hours, in my time zone.
func TestLaterOptions(t *testing.T) {
	_, db, ev, _ := newChats(t) // Ada, in London
	inbox := NewInbox(t.Context(), db, db, db, ev)
	// Friday 16 January 2026, 15:00 in London.
	inbox.Now = func() time.Time { return time.Date(2026, 1, 16, 15, 0, 0, 0, time.UTC) }
	opts, err := inbox.LaterOptions()
	if err != nil {
		t.Fatal(err)
	}
	want := []LaterOption{
		{"In 3 hours", "2026-01-16T18:00:00Z"},
		{"Next working morning", "2026-01-19T09:00:00Z"}, // the weekend is skipped
		{"Next week", "2026-01-19T09:00:00Z"},
	}
	if len(opts) != len(want) {
		t.Fatalf("options = %+v", opts)
	}
	for i := range want {
		if opts[i] != want[i] {
			t.Errorf("option %d = %+v, want %+v", i, opts[i], want[i])
		}
	}
}
