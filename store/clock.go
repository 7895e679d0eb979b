package store

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"
)

// The one time model, on the Go side: text that Go writes with a time in it
// (the tray's menu, a page made from a post) is in the reader's profile
// zone, with their 12- or 24-hour choice, in the day-month order of their
// regional format. The frontend's src/lib/time.svelte.ts is the same model
// for the window; the tables here are what it works out for English.

// Time formats a member can choose.
const (
	TimeFormatAuto = ""   // from the regional format
	TimeFormat12   = "12" // 2:05 pm
	TimeFormat24   = "24" // 14:05
)

// ValidateTimeFormat checks a 12/24-hour choice.
func ValidateTimeFormat(f string) error {
	switch f {
	case TimeFormatAuto, TimeFormat12, TimeFormat24:
		return nil
	}
	return Errorf(EINVALID, "The time format is automatic, 12-hour or 24-hour, not %q.", f)
}

var localeRe = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$`)

// ValidateLocale checks a regional format: "" (automatic) or a BCP 47 tag
// such as "en-GB".
func ValidateLocale(tag string) error {
	if tag == "" || localeRe.MatchString(tag) {
		return nil
	}
	return Errorf(EINVALID, "%q is not a regional format, like en-GB.", tag)
}

// twelveHourRegions are the countries whose regional format (in English, or
// the nearest one when the country has none in English) reads clock times
// in 12 hours, as the frontend's Intl works them out.
var twelveHourRegions = regionSet("AE AG AL AQ AS AU BB BD BH BM BN BQ BS BT CA CW CY DM DZ EG EH ER ET FJ FM GD GH GM " +
	"GR GU GY HK HT IN IQ JM JO KH KI KM KN KP KR KW KY LB LC LR LS LY MA MH MO MP MR MW MY NA NZ OM PG PH PK PR PS PW " +
	"PY QA SA SB SD SG SL SO SS SY SZ TC TD TN TO TT TW UM US VC VG VI VU WS YE ZM")

// monthFirstRegions write "Mar 14, 2025" rather than "14 Mar 2025".
var monthFirstRegions = regionSet("AQ AS BI BQ CA CW GU HT JP MH MP PH PR PY UM US VI")

func regionSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, r := range strings.Fields(s) {
		m[r] = true
	}
	return m
}

var (
	zoneCountryOnce sync.Once
	zoneCountry     map[string]string
)

// ZoneCountries maps each time zone to its country ("Europe/Stockholm" →
// "SE"), from the system's zone.tab; empty when the system has none.
func ZoneCountries() map[string]string {
	zoneCountryOnce.Do(func() {
		zoneCountry = map[string]string{}
		f, err := os.Open("/usr/share/zoneinfo/zone.tab")
		if err != nil {
			return
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "#") {
				continue
			}
			fields := strings.Split(line, "\t")
			if len(fields) >= 3 && len(fields[0]) == 2 {
				zoneCountry[fields[2]] = fields[0]
			}
		}
	})
	return zoneCountry
}

// Clock writes times for one reader: in their zone, 12 or 24 hours, and
// the day and month in their order.
type Clock struct {
	Loc        *time.Location
	Hour12     bool
	MonthFirst bool
}

// Clock is how this member reads times.
func (m *Member) Clock() Clock {
	region := ""
	if m.Locale != "" {
		for _, p := range strings.Split(m.Locale, "-")[1:] {
			if len(p) == 2 {
				region = strings.ToUpper(p)
				break
			}
		}
	} else if region = ZoneCountries()[m.TimeZone]; region == "" {
		// A zone of no country (UTC, Etc/GMT+5): the system's own format,
		// as the window's Intl takes it.
		region = systemRegion()
	}
	c := Clock{Loc: m.Location(), Hour12: twelveHourRegions[region], MonthFirst: monthFirstRegions[region]}
	switch m.TimeFormat {
	case TimeFormat12:
		c.Hour12 = true
	case TimeFormat24:
		c.Hour12 = false
	}
	return c
}

// systemRegion is the country of the system's language, from the locale
// environment as the webview reads it (LC_ALL, then LC_TIME, then LANG:
// "sv_SE.UTF-8" is SE); with none, or the C locale, the webview speaks
// en-US, and so does this.
func systemRegion() string {
	for _, name := range []string{"LC_ALL", "LC_TIME", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		lang, _, _ := strings.Cut(v, ".")
		if _, r, ok := strings.Cut(lang, "_"); ok && len(r) >= 2 {
			return strings.ToUpper(r[:2])
		}
		break
	}
	return "US"
}

func (c Clock) loc() *time.Location {
	if c.Loc == nil {
		return time.UTC
	}
	return c.Loc
}

// Time is the time of day: "14:05" or "2:05 pm".
func (c Clock) Time(t time.Time) string {
	switch {
	case c.Hour12 && c.MonthFirst:
		return t.In(c.loc()).Format("3:04 PM")
	case c.Hour12:
		return t.In(c.loc()).Format("3:04 pm")
	}
	return t.In(c.loc()).Format("15:04")
}

// Weekday is the day's short name and the time: "Tue 14:05".
func (c Clock) Weekday(t time.Time) string {
	return t.In(c.loc()).Format("Mon") + " " + c.Time(t)
}

// Date is the day with the year: "14 Mar 2025" or "Mar 14, 2025".
func (c Clock) Date(t time.Time) string {
	if c.MonthFirst {
		return t.In(c.loc()).Format("Jan 2, 2006")
	}
	return t.In(c.loc()).Format("2 Jan 2006")
}

// DateTime is the day, the time and the zone's abbreviation: "14 Mar 2025,
// 19:35 IST", so that a reader elsewhere knows whose clock it is.
func (c Clock) DateTime(t time.Time) string {
	zone := t.In(c.loc()).Format("MST")
	if strings.HasPrefix(zone, "+") || strings.HasPrefix(zone, "-") {
		zone = "UTC" + t.In(c.loc()).Format("-07:00")
	}
	return c.Date(t) + ", " + c.Time(t) + " " + zone
}
