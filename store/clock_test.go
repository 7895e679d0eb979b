package store_test

import (
	"testing"
	"time"

	"github.com/longhand/longhand/store"
)

func TestMemberClock(t *testing.T) {
	at := time.Date(2026, 3, 14, 14, 5, 0, 0, time.UTC)
	for _, c := range []struct {
		m          store.Member
		time, date string
	}{
		{store.Member{TimeZone: "Europe/Stockholm"}, "15:05", "14 Mar 2026"},
		{store.Member{TimeZone: "Asia/Kolkata"}, "7:35 pm", "14 Mar 2026"},
		{store.Member{TimeZone: "America/New_York"}, "10:05 AM", "Mar 14, 2026"},
		{store.Member{TimeZone: "America/New_York", TimeFormat: store.TimeFormat24}, "10:05", "Mar 14, 2026"},
		{store.Member{TimeZone: "Europe/Stockholm", TimeFormat: store.TimeFormat12}, "3:05 pm", "14 Mar 2026"},
		{store.Member{TimeZone: "Asia/Kolkata", Locale: "en-GB"}, "19:35", "14 Mar 2026"},
	} {
		cl := c.m.Clock()
		if got := cl.Time(at); got != c.time {
			t.Errorf("%s %q %q: time = %q, want %q", c.m.TimeZone, c.m.TimeFormat, c.m.Locale, got, c.time)
		}
		if got := cl.Date(at); got != c.date {
			t.Errorf("%s %q %q: date = %q, want %q", c.m.TimeZone, c.m.TimeFormat, c.m.Locale, got, c.date)
		}
	}
	// A zone of no country reads as the system's language, as the window does.
	for _, c := range []struct {
		lang, time, date string
	}{
		{"en_GB.UTF-8", "14:05", "14 Mar 2026"},
		{"sv_SE.UTF-8", "14:05", "14 Mar 2026"},
		{"en_US.UTF-8", "2:05 PM", "Mar 14, 2026"},
		{"C.UTF-8", "2:05 PM", "Mar 14, 2026"}, // the webview's en-US
	} {
		t.Setenv("LC_ALL", "")
		t.Setenv("LC_TIME", "")
		t.Setenv("LANG", c.lang)
		cl := (&store.Member{TimeZone: "UTC"}).Clock()
		if got := cl.Time(at) + " / " + cl.Date(at); got != c.time+" / "+c.date {
			t.Errorf("UTC with LANG=%s: %q, want %q", c.lang, got, c.time+" / "+c.date)
		}
	}
	m := store.Member{TimeZone: "Asia/Kolkata", TimeFormat: "24"}
	if got := m.Clock().DateTime(at); got != "14 Mar 2026, 19:35 IST" {
		t.Errorf("DateTime = %q", got)
	}
}

func TestValidateTimeFormat(t *testing.T) {
	for _, ok := range []string{"", "12", "24"} {
		if err := store.ValidateTimeFormat(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"13", "ampm", " 24"} {
		if store.ErrorCode(store.ValidateTimeFormat(bad)) != store.EINVALID {
			t.Errorf("%q accepted", bad)
		}
	}
	for _, bad := range []string{"english", "en_GB", "en-GB; drop", "e"} {
		if store.ErrorCode(store.ValidateLocale(bad)) != store.EINVALID {
			t.Errorf("locale %q accepted", bad)
		}
	}
	if err := store.ValidateLocale("en-150"); err != nil {
		t.Error(err)
	}
}
