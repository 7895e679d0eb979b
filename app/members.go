package app

import (
	"context"
	"time"

	"github.com/longhand/longhand/store"
)

// Members is the bound service for people's profiles.
type Members struct {
	ctx     context.Context
	members store.MemberService
	ws      store.WorkspaceService
	events  Emitter
	Now     func() time.Time
	// OnFocus, when set, is told when I start (until) or stop (zero) focus.
	OnFocus func(until time.Time)
	// OnTimeFormat, when set, is told when my time format changes.
	OnTimeFormat func()
}

// NewMembers returns the members service.
func NewMembers(ctx context.Context, members store.MemberService, ws store.WorkspaceService, events Emitter) *Members {
	return &Members{ctx: ctx, members: members, ws: ws, events: events, Now: time.Now}
}

// OverlapView is the next stretch when a person and I are both working.
type OverlapView struct {
	MemberID string `json:"memberId"`
	Found    bool   `json:"found"` // false: none in the next two weeks
	Start    string `json:"start"` // RFC 3339
	End      string `json:"end"`
	Working  bool   `json:"working"` // they are in their working hours now
}

// Overlaps says, for everyone else, when our working hours next meet and
// whether they are working now.
func (s *Members) Overlaps() ([]OverlapView, error) {
	sess, err := s.ws.FindSession(s.ctx)
	if err != nil {
		return nil, err
	}
	if sess.Me == nil {
		return []OverlapView{}, nil
	}
	ms, err := s.members.FindMembers(s.ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	out := []OverlapView{}
	for i := range ms {
		m := &ms[i]
		if m.ID == sess.Me.ID {
			continue
		}
		v := OverlapView{MemberID: string(m.ID), Working: store.InWorkingHours(m, now)}
		if start, end, ok := store.NextOverlap(sess.Me, m, now); ok {
			v.Found, v.Start, v.End = true, formatTime(start), formatTime(end)
		}
		out = append(out, v)
	}
	return out, nil
}

// MemberView is a person as the directory, pickers and mentions show them.
type MemberView struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	TimeZone  string `json:"timeZone"`
	Role      string `json:"role"`
	Team      string `json:"team"`
	ManagerID string `json:"managerId"`
	WorkStart string `json:"workStart"` // "HH:MM" in their time zone
	WorkEnd   string `json:"workEnd"`
	ShareSeen bool   `json:"shareSeen"` // shares how far they read in chats
	// TimeFormat is how they read clock times: "" (automatic), "12" or "24".
	TimeFormat string `json:"timeFormat"`
	// Locale is their regional format (BCP 47), "" for automatic.
	Locale string `json:"locale"`
	// FocusUntil is when their focus session ends (RFC 3339): "" or a
	// time past when they are not focusing.
	FocusUntil string `json:"focusUntil"`
}

// MemberInput is a profile as the add and edit forms send it.
type MemberInput struct {
	Name      string `json:"name"`
	TimeZone  string `json:"timeZone"`
	Role      string `json:"role"`
	Team      string `json:"team"`
	ManagerID string `json:"managerId"`
	WorkStart string `json:"workStart"`
	WorkEnd   string `json:"workEnd"`
}

func memberView(m *store.Member) MemberView {
	return MemberView{ID: string(m.ID), Name: m.Name, TimeZone: m.TimeZone, Role: m.Role, Team: m.Team,
		ManagerID: string(m.Manager), WorkStart: m.WorkStart, WorkEnd: m.WorkEnd, ShareSeen: m.ShareSeen,
		TimeFormat: m.TimeFormat, Locale: m.Locale, FocusUntil: formatTime(m.FocusUntil)}
}

// SetTimeFormat saves how I read dates and times: the clock ("" for
// automatic, "12" or "24") and the regional format ("" for automatic, or a
// BCP 47 tag such as "en-GB"). They are in my profile, so they follow me to
// my other devices.
func (s *Members) SetTimeFormat(format, locale string) (MemberView, error) {
	sess, err := s.ws.FindSession(s.ctx)
	if err != nil {
		return MemberView{}, err
	}
	if sess.Me == nil {
		return MemberView{}, store.Errorf(store.EINVALID, "Set up the workspace first.")
	}
	m, err := s.members.UpdateMember(s.ctx, sess.Me.ID, store.MemberUpdate{TimeFormat: &format, Locale: &locale})
	if err != nil {
		return MemberView{}, err
	}
	v := memberView(m)
	s.events.Emit(EventMemberChanged, v)
	if s.OnTimeFormat != nil {
		s.OnTimeFormat()
	}
	return v, nil
}

// Focus starts my focus session for a number of minutes (25, 50, 90, or
// any up to 12 hours); 0 ends it.
func (s *Members) Focus(minutes int) (MemberView, error) {
	var until time.Time
	if minutes < 0 {
		return MemberView{}, store.Errorf(store.EINVALID, "A focus session lasts a positive number of minutes.")
	}
	if minutes > 0 {
		until = s.Now().Add(time.Duration(minutes) * time.Minute)
	}
	return s.setFocus(until)
}

// FocusUntil starts my focus session until a time (RFC 3339), at most 12
// hours ahead.
func (s *Members) FocusUntil(until string) (MemberView, error) {
	t, err := time.Parse(time.RFC3339Nano, until)
	if err != nil {
		return MemberView{}, store.Errorf(store.EINVALID, "%q is not a time.", until)
	}
	return s.setFocus(t)
}

func (s *Members) setFocus(until time.Time) (MemberView, error) {
	m, err := s.members.SetFocus(s.ctx, until)
	if err != nil {
		return MemberView{}, err
	}
	v := memberView(m)
	s.events.Emit(EventMemberChanged, v)
	if s.OnFocus != nil {
		s.OnFocus(m.FocusUntil)
	}
	return v, nil
}

// List returns everyone in the workspace, by name.
func (s *Members) List() ([]MemberView, error) {
	ms, err := s.members.FindMembers(s.ctx)
	if err != nil {
		return nil, err
	}
	out := make([]MemberView, len(ms))
	for i := range ms {
		out[i] = memberView(&ms[i])
	}
	return out, nil
}

// Add creates a profile for a teammate.
func (s *Members) Add(in MemberInput) (MemberView, error) {
	m, err := s.members.CreateMember(s.ctx, store.NewMember{Name: in.Name, TimeZone: in.TimeZone, Role: in.Role,
		Team: in.Team, Manager: store.DocID(in.ManagerID), WorkStart: in.WorkStart, WorkEnd: in.WorkEnd})
	if err != nil {
		return MemberView{}, err
	}
	v := memberView(m)
	s.events.Emit(EventMemberChanged, v)
	return v, nil
}

// Update changes every field of a profile to what the form holds.
func (s *Members) Update(id string, in MemberInput) (MemberView, error) {
	manager := store.DocID(in.ManagerID)
	m, err := s.members.UpdateMember(s.ctx, store.DocID(id), store.MemberUpdate{Name: &in.Name, TimeZone: &in.TimeZone,
		Role: &in.Role, Team: &in.Team, Manager: &manager, WorkStart: &in.WorkStart, WorkEnd: &in.WorkEnd})
	if err != nil {
		return MemberView{}, err
	}
	v := memberView(m)
	s.events.Emit(EventMemberChanged, v)
	return v, nil
}
