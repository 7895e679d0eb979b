package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Member is a person's profile in a workspace. Who may read and write is
// decided by the signed membership log, not by this profile.
type Member struct {
	ID        DocID
	Name      string
	TimeZone  string // IANA name, such as "Europe/Lisbon"
	Role      string // job title, such as "Staff engineer"
	Team      string // the division or team, such as "Engineering"
	Manager   DocID  // the member this person reports to; "" for none
	WorkStart string // start of working hours, "HH:MM" local time
	WorkEnd   string // end of working hours, "HH:MM" local time
	ShareSeen bool   // shows others in a chat how far they read, and sees how far others read
	// TimeFormat is how the person reads clock times: "" (automatic, from
	// the regional format), "12" or "24". A personal choice that follows
	// them to their other devices.
	TimeFormat string
	// Locale is the regional format dates and times are shown in, a BCP 47
	// tag such as "en-GB"; "" works it out from the language of the system
	// and the country of the person's time zone.
	Locale string
	// FocusUntil is when the person's focus session ends; zero or past when
	// they are not focusing. It syncs, so the team sees when they are back.
	FocusUntil time.Time
	CreatedAt  time.Time
}

// Default working hours, in the person's own time zone.
const (
	DefaultWorkStart = "09:00"
	DefaultWorkEnd   = "17:00"
)

// Location returns the member's time zone, or UTC when it is unknown.
func (m *Member) Location() *time.Location {
	if loc, err := time.LoadLocation(m.TimeZone); err == nil && m.TimeZone != "" {
		return loc
	}
	return time.UTC
}

// NewMember says what a new member profile starts as. Empty working hours
// get the defaults.
type NewMember struct {
	Name      string
	TimeZone  string
	Role      string
	Team      string
	Manager   DocID
	WorkStart string
	WorkEnd   string
}

// MemberUpdate holds the fields of a profile to change; nil fields stay.
type MemberUpdate struct {
	Name       *string
	TimeZone   *string
	Role       *string
	Team       *string
	Manager    *DocID
	WorkStart  *string
	WorkEnd    *string
	ShareSeen  *bool
	TimeFormat *string
	Locale     *string
	FocusUntil *time.Time
}

// MemberService reads and changes member profiles.
type MemberService interface {
	FindMembers(ctx context.Context) ([]Member, error) // by name
	FindMember(ctx context.Context, id DocID) (*Member, error)
	CreateMember(ctx context.Context, nm NewMember) (*Member, error)
	UpdateMember(ctx context.Context, id DocID, upd MemberUpdate) (*Member, error)
	// SetFocus starts my focus session until a time, or ends it (zero).
	SetFocus(ctx context.Context, until time.Time) (*Member, error)
}

// Normalize checks a new profile and fills in defaults.
func (nm *NewMember) Normalize() error {
	m := Member{Name: nm.Name, TimeZone: nm.TimeZone, Role: nm.Role, Team: nm.Team, Manager: nm.Manager,
		WorkStart: nm.WorkStart, WorkEnd: nm.WorkEnd}
	if m.WorkStart == "" && m.WorkEnd == "" {
		m.WorkStart, m.WorkEnd = DefaultWorkStart, DefaultWorkEnd
	}
	if err := m.Validate(); err != nil {
		return err
	}
	*nm = NewMember{Name: m.Name, TimeZone: m.TimeZone, Role: m.Role, Team: m.Team, Manager: m.Manager,
		WorkStart: m.WorkStart, WorkEnd: m.WorkEnd}
	return nil
}

// Apply changes m by upd.
func (upd MemberUpdate) Apply(m *Member) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&m.Name, upd.Name)
	set(&m.TimeZone, upd.TimeZone)
	set(&m.Role, upd.Role)
	set(&m.Team, upd.Team)
	set(&m.WorkStart, upd.WorkStart)
	set(&m.WorkEnd, upd.WorkEnd)
	set(&m.TimeFormat, upd.TimeFormat)
	set(&m.Locale, upd.Locale)
	if upd.Manager != nil {
		m.Manager = *upd.Manager
	}
	if upd.ShareSeen != nil {
		m.ShareSeen = *upd.ShareSeen
	}
	if upd.FocusUntil != nil {
		m.FocusUntil = *upd.FocusUntil
	}
}

// Validate trims a profile's text fields and checks every field.
func (m *Member) Validate() error {
	var err error
	if m.Name, err = ValidateName("name", m.Name); err != nil {
		return err
	}
	if err := ValidateTimeZone(m.TimeZone); err != nil {
		return err
	}
	if err := ValidateTimeFormat(m.TimeFormat); err != nil {
		return err
	}
	if err := ValidateLocale(m.Locale); err != nil {
		return err
	}
	for _, f := range []struct {
		what string
		v    *string
	}{{"role", &m.Role}, {"team", &m.Team}} {
		*f.v = strings.Join(strings.Fields(*f.v), " ")
		if !utf8.ValidString(*f.v) || utf8.RuneCountInString(*f.v) > 100 {
			return Errorf(EINVALID, "A %s can be at most 100 characters of text.", f.what)
		}
	}
	if m.Manager != "" {
		if err := m.Manager.Validate(); err != nil {
			return err
		}
		if m.Manager == m.ID {
			return Errorf(EINVALID, "A person cannot be their own manager.")
		}
	}
	start, err := ParseClock(m.WorkStart)
	if err != nil {
		return Errorf(EINVALID, "Working hours start: %v", err)
	}
	end, err := ParseClock(m.WorkEnd)
	if err != nil {
		return Errorf(EINVALID, "Working hours end: %v", err)
	}
	if start == end {
		return Errorf(EINVALID, "Working hours must not start and end at the same time.")
	}
	return nil
}

// Focusing reports whether the member is in a focus session at now.
func (m *Member) Focusing(now time.Time) bool { return m.FocusUntil.After(now) }

// MaxFocus is the longest focus session.
const MaxFocus = 12 * time.Hour

// ParseClock reads a local time of day, "HH:MM" in 24 hours, and returns
// it as minutes after midnight.
func ParseClock(s string) (int, error) {
	var h, m int
	if len(s) != 5 || s[2] != ':' {
		return 0, fmt.Errorf("%q is not a time like 09:00", s)
	}
	if _, err := fmt.Sscanf(s, "%02d:%02d", &h, &m); err != nil || h > 23 || m > 59 || h < 0 || m < 0 {
		return 0, fmt.Errorf("%q is not a time like 09:00", s)
	}
	return h*60 + m, nil
}
