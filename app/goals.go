package app

import (
	"context"
	"math"
	"sort"
	"time"

	"github.com/longhand/longhand/store"
)

// Goals is the bound service for goals, check-ins and check-in schedules.
type Goals struct {
	ctx      context.Context
	goals    store.GoalService
	ws       store.WorkspaceService
	members  store.MemberService // for the team's check-in status; may be nil
	events   Emitter
	reminder *Reminder // told when a schedule changes or a check-in is made; may be nil
}

// NewGoals returns the goals service.
func NewGoals(ctx context.Context, goals store.GoalService, ws store.WorkspaceService, members store.MemberService, events Emitter, reminder *Reminder) *Goals {
	return &Goals{ctx: ctx, goals: goals, ws: ws, members: members, events: events, reminder: reminder}
}

// MeasureView is how a goal's progress is counted.
type MeasureView struct {
	Kind    string  `json:"kind"` // "number" or "binary"
	Unit    string  `json:"unit"`
	Start   float64 `json:"start"`
	Target  float64 `json:"target"`
	Current float64 `json:"current"`
	Done    bool    `json:"done"`
}

// SnapshotView is a goal's progress at one moment.
type SnapshotView struct {
	At         string  `json:"at"` // RFC 3339
	Value      float64 `json:"value"`
	Status     string  `json:"status"`
	Confidence int     `json:"confidence"`
	ByID       string  `json:"byId"`
	CheckInID  string  `json:"checkInId"`
	Note       string  `json:"note"`
}

// GoalView is a goal as the tree, its page and the scoreboard show it.
type GoalView struct {
	ID            string         `json:"id"`
	Title         string         `json:"title"`
	Description   string         `json:"description"` // Markdown; render it sanitized
	Level         string         `json:"level"`
	Scope         string         `json:"scope"`
	ScopeTarget   string         `json:"scopeTarget"` // division name, or member ID
	ParentID      string         `json:"parentId"`
	OwnerID       string         `json:"ownerId"`
	AuthorID      string         `json:"authorId"`
	PeriodStart   string         `json:"periodStart"`
	PeriodEnd     string         `json:"periodEnd"`
	Measure       MeasureView    `json:"measure"`
	Status        string         `json:"status"`
	Confidence    int            `json:"confidence"`
	Scoreboard    bool           `json:"scoreboard"`
	Archived      bool           `json:"archived"`
	Retrospective string         `json:"retrospective"`
	ClosedAt      string         `json:"closedAt"`
	Progress      float64        `json:"progress"` // 0–1: its own measure, or its children's mean
	Snapshots     []SnapshotView `json:"snapshots"`
	CreatedAt     string         `json:"createdAt"`
	UpdatedAt     string         `json:"updatedAt"`
	Damaged       string         `json:"damaged"`
}

// GoalInput is what the goal form sends, for a new goal or an edit.
type GoalInput struct {
	Title       string      `json:"title"`
	Description string      `json:"description"`
	Level       string      `json:"level"`
	Scope       string      `json:"scope"`
	ScopeTarget string      `json:"scopeTarget"`
	ParentID    string      `json:"parentId"`
	OwnerID     string      `json:"ownerId"` // "" for me
	PeriodStart string      `json:"periodStart"`
	PeriodEnd   string      `json:"periodEnd"`
	Measure     MeasureView `json:"measure"`
	Status      string      `json:"status"`
	Confidence  int         `json:"confidence"`
	Scoreboard  bool        `json:"scoreboard"`
}

// ProgressInput moves a goal's value, status and confidence by hand.
type ProgressInput struct {
	Value      float64 `json:"value"`
	Done       bool    `json:"done"`
	Status     string  `json:"status"`
	Confidence int     `json:"confidence"`
	Note       string  `json:"note"`
}

// GoalCheckInView is what a check-in says of one goal.
type GoalCheckInView struct {
	GoalID     string  `json:"goalId"`
	Title      string  `json:"title"`
	Value      float64 `json:"value"`
	Done       bool    `json:"done"`
	Status     string  `json:"status"`
	Confidence int     `json:"confidence"`
	Note       string  `json:"note"`
}

// CheckInCommentView is a comment on a check-in.
type CheckInCommentView struct {
	ID        string `json:"id"`
	AuthorID  string `json:"authorId"`
	Body      string `json:"body"` // Markdown; render it sanitized
	CreatedAt string `json:"createdAt"`
}

// CheckInView is one person's check-in.
type CheckInView struct {
	ID        string               `json:"id"`
	MemberID  string               `json:"memberId"`
	Date      string               `json:"date"` // their local date
	Updates   []GoalCheckInView    `json:"updates"`
	Plans     string               `json:"plans"`
	Progress  string               `json:"progress"`
	Problems  string               `json:"problems"`
	Blockers  string               `json:"blockers"`
	Comments  []CheckInCommentView `json:"comments"`
	CreatedAt string               `json:"createdAt"`
	Damaged   string               `json:"damaged"`
}

// CheckInInput is what the check-in form sends.
type CheckInInput struct {
	Updates  []GoalCheckInView `json:"updates"`
	Plans    string            `json:"plans"`
	Progress string            `json:"progress"`
	Problems string            `json:"problems"`
	Blockers string            `json:"blockers"`
}

// ScheduleView is my check-in schedule and where it stands now.
type ScheduleView struct {
	Days     []int  `json:"days"` // Sunday = 0
	Time     string `json:"time"` // HH:MM in timeZone
	TimeZone string `json:"timeZone"`
	Next     string `json:"next"`   // RFC 3339; "" with no days
	Due      bool   `json:"due"`    // a scheduled time has passed since the last check-in
	DueAt    string `json:"dueAt"`  // that time, RFC 3339
	LastAt   string `json:"lastAt"` // the last check-in, RFC 3339; "" for none
}

// CheckInDue is the payload of EventCheckInDue.
type CheckInDue struct {
	DueAt    string `json:"dueAt"` // RFC 3339
	TimeZone string `json:"timeZone"`
}

// Events of goals and check-ins.
const (
	// EventGoalChanged carries the GoalView of a goal made or changed.
	EventGoalChanged = "goal:changed"
	// EventCheckInChanged carries the CheckInView of a check-in made or commented on.
	EventCheckInChanged = "checkin:changed"
	// EventCheckInDue carries a CheckInDue when my scheduled check-in time comes.
	EventCheckInDue = "checkin:due"
)

func measureView(m store.Measure) MeasureView {
	return MeasureView{Kind: string(m.Kind), Unit: m.Unit, Start: m.Start, Target: m.Target, Current: m.Current, Done: m.Done}
}

func (m MeasureView) measure() store.Measure {
	return store.Measure{Kind: store.MeasureKind(m.Kind), Unit: m.Unit, Start: m.Start, Target: m.Target, Current: m.Current, Done: m.Done}
}

func goalView(g *store.Goal, progress float64) GoalView {
	snaps := make([]SnapshotView, len(g.Snapshots))
	for i, s := range g.Snapshots {
		snaps[i] = SnapshotView{At: formatTime(s.At), Value: s.Value, Status: string(s.Status), Confidence: s.Confidence,
			ByID: string(s.By), CheckInID: string(s.CheckIn), Note: s.Note}
	}
	if math.IsNaN(progress) {
		progress = 0
	}
	return GoalView{ID: string(g.ID), Title: g.Title, Description: g.Description, Level: string(g.Level), Scope: string(g.Scope),
		ScopeTarget: g.ScopeTarget, ParentID: string(g.Parent), OwnerID: string(g.Owner), AuthorID: string(g.Author),
		PeriodStart: g.PeriodStart, PeriodEnd: g.PeriodEnd, Measure: measureView(g.Measure), Status: string(g.Status),
		Confidence: g.Confidence, Scoreboard: g.Scoreboard, Archived: g.Archived, Retrospective: g.Retrospective,
		ClosedAt: formatTime(g.ClosedAt), Progress: progress, Snapshots: snaps, CreatedAt: formatTime(g.CreatedAt),
		UpdatedAt: formatTime(g.UpdatedAt), Damaged: g.Damaged}
}

func checkInView(c *store.CheckIn) CheckInView {
	v := CheckInView{ID: string(c.ID), MemberID: string(c.Member), Date: c.Date, Plans: c.Plans, Progress: c.Progress,
		Problems: c.Problems, Blockers: c.Blockers, CreatedAt: formatTime(c.CreatedAt), Damaged: c.Damaged,
		Updates: make([]GoalCheckInView, len(c.Updates)), Comments: make([]CheckInCommentView, len(c.Comments))}
	for i, u := range c.Updates {
		v.Updates[i] = GoalCheckInView{GoalID: string(u.Goal), Title: u.Title, Value: u.Value, Done: u.Done,
			Status: string(u.Status), Confidence: u.Confidence, Note: u.Note}
	}
	for i, x := range c.Comments {
		v.Comments[i] = CheckInCommentView{ID: x.ID, AuthorID: string(x.Author), Body: x.Body, CreatedAt: formatTime(x.CreatedAt)}
	}
	return v
}

// views converts goals with their rolled-up progress.
func (s *Goals) views(goals []store.Goal, all []store.Goal) []GoalView {
	roll := store.Rollup(all)
	out := make([]GoalView, len(goals))
	for i := range goals {
		out[i] = goalView(&goals[i], roll[goals[i].ID])
	}
	return out
}

// List returns every live goal, with progress rolled up, without snapshots.
func (s *Goals) List() ([]GoalView, error) {
	all, err := s.goals.FindGoals(s.ctx, store.GoalFilter{})
	if err != nil {
		return nil, err
	}
	return s.views(all, all), nil
}

// Archived returns the archived goals, most recently changed first, so
// that they can be found and restored.
func (s *Goals) Archived() ([]GoalView, error) {
	all, err := s.goals.FindGoals(s.ctx, store.GoalFilter{Archived: true})
	if err != nil {
		return nil, err
	}
	var archived []store.Goal
	for _, g := range all {
		if g.Archived {
			archived = append(archived, g)
		}
	}
	sort.SliceStable(archived, func(i, j int) bool { return archived[i].UpdatedAt.After(archived[j].UpdatedAt) })
	return s.views(archived, all), nil
}

// Scoreboard returns the goals on the scoreboard, with their snapshots.
func (s *Goals) Scoreboard() ([]GoalView, error) {
	all, err := s.goals.FindGoals(s.ctx, store.GoalFilter{})
	if err != nil {
		return nil, err
	}
	board, err := s.goals.FindGoals(s.ctx, store.GoalFilter{Scoreboard: true, Snapshots: true})
	if err != nil {
		return nil, err
	}
	return s.views(board, all), nil
}

// Get returns one goal with its snapshots.
func (s *Goals) Get(id string) (GoalView, error) {
	g, err := s.goals.FindGoal(s.ctx, store.DocID(id))
	if err != nil {
		return GoalView{}, err
	}
	return s.one(g)
}

func (s *Goals) one(g *store.Goal) (GoalView, error) {
	all, err := s.goals.FindGoals(s.ctx, store.GoalFilter{Archived: true})
	if err != nil {
		return GoalView{}, err
	}
	return goalView(g, store.Rollup(all)[g.ID]), nil
}

// changed announces a goal and its ancestors, whose roll-up moved with it.
func (s *Goals) changed(g *store.Goal) (GoalView, error) {
	v, err := s.one(g)
	if err != nil {
		return GoalView{}, err
	}
	s.events.Emit(EventGoalChanged, v)
	return v, nil
}

// Create makes a goal.
func (s *Goals) Create(in GoalInput) (GoalView, error) {
	g, err := s.goals.CreateGoal(s.ctx, store.NewGoal{Title: in.Title, Description: in.Description, Level: store.GoalLevel(in.Level),
		Scope: store.GoalScope(in.Scope), ScopeTarget: in.ScopeTarget, Parent: store.DocID(in.ParentID), Owner: store.DocID(in.OwnerID),
		PeriodStart: in.PeriodStart, PeriodEnd: in.PeriodEnd, Measure: in.Measure.measure(), Status: store.GoalStatus(in.Status),
		Confidence: in.Confidence, Scoreboard: in.Scoreboard})
	if err != nil {
		return GoalView{}, err
	}
	return s.changed(g)
}

// Update changes a goal's definition from the goal form. Its current
// value is kept unless the measure's kind changes; progress moves with
// SetProgress or a check-in.
func (s *Goals) Update(id string, in GoalInput) (GoalView, error) {
	cur, err := s.goals.FindGoal(s.ctx, store.DocID(id))
	if err != nil {
		return GoalView{}, err
	}
	m := in.Measure.measure()
	if m.Kind == cur.Measure.Kind {
		m.Current, m.Done = cur.Measure.Current, cur.Measure.Done
	}
	level, scope, parent, owner := store.GoalLevel(in.Level), store.GoalScope(in.Scope), store.DocID(in.ParentID), store.DocID(in.OwnerID)
	if owner == "" {
		owner = cur.Owner
	}
	upd := store.GoalUpdate{Title: &in.Title, Description: &in.Description, Level: &level, Scope: &scope, ScopeTarget: &in.ScopeTarget,
		Parent: &parent, Owner: &owner, PeriodStart: &in.PeriodStart, PeriodEnd: &in.PeriodEnd, Measure: &m, Scoreboard: &in.Scoreboard}
	g, err := s.goals.UpdateGoal(s.ctx, store.DocID(id), upd)
	if err != nil {
		return GoalView{}, err
	}
	return s.changed(g)
}

// SetProgress moves a goal's value, status and confidence, with a note,
// outside a check-in.
func (s *Goals) SetProgress(id string, in ProgressInput) (GoalView, error) {
	cur, err := s.goals.FindGoal(s.ctx, store.DocID(id))
	if err != nil {
		return GoalView{}, err
	}
	m := cur.Measure
	if m.Kind == store.MeasureBinary {
		m.Done = in.Done
	} else {
		m.Current = in.Value
	}
	status := store.GoalStatus(in.Status)
	g, err := s.goals.UpdateGoal(s.ctx, store.DocID(id), store.GoalUpdate{Measure: &m, Status: &status, Confidence: &in.Confidence, Note: &in.Note})
	if err != nil {
		return GoalView{}, err
	}
	return s.changed(g)
}

// Archive takes a goal out of the tree, or puts it back.
func (s *Goals) Archive(id string, archived bool) (GoalView, error) {
	g, err := s.goals.UpdateGoal(s.ctx, store.DocID(id), store.GoalUpdate{Archived: &archived})
	if err != nil {
		return GoalView{}, err
	}
	return s.changed(g)
}

// Close closes a goal's period with a retrospective.
func (s *Goals) Close(id, retrospective string) (GoalView, error) {
	g, err := s.goals.CloseGoal(s.ctx, store.DocID(id), retrospective)
	if err != nil {
		return GoalView{}, err
	}
	return s.changed(g)
}

// CheckIn records my check-in and moves each goal it updates.
func (s *Goals) CheckIn(in CheckInInput) (CheckInView, error) {
	nc := store.NewCheckIn{Plans: in.Plans, Progress: in.Progress, Problems: in.Problems, Blockers: in.Blockers}
	for _, u := range in.Updates {
		nc.Updates = append(nc.Updates, store.GoalCheckIn{Goal: store.DocID(u.GoalID), Value: u.Value, Done: u.Done,
			Status: store.GoalStatus(u.Status), Confidence: u.Confidence, Note: u.Note})
	}
	c, err := s.goals.CreateCheckIn(s.ctx, nc)
	if err != nil {
		return CheckInView{}, err
	}
	v := checkInView(c)
	s.events.Emit(EventCheckInChanged, v)
	for _, u := range c.Updates {
		if g, err := s.goals.FindGoal(s.ctx, u.Goal); err == nil {
			s.changed(g)
		}
	}
	if s.reminder != nil {
		s.reminder.Wake()
	}
	return v, nil
}

// CheckIns lists a person's check-ins, newest first; "" for everyone's.
func (s *Goals) CheckIns(memberID string) ([]CheckInView, error) {
	f := store.CheckInFilter{Limit: 500}
	if memberID != "" {
		f.Members = []store.DocID{store.DocID(memberID)}
	}
	cs, err := s.goals.FindCheckIns(s.ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]CheckInView, len(cs))
	for i := range cs {
		out[i] = checkInView(&cs[i])
	}
	return out, nil
}

// Comment adds my comment to a check-in.
func (s *Goals) Comment(checkInID, body string) (CheckInView, error) {
	c, err := s.goals.CommentOnCheckIn(s.ctx, store.DocID(checkInID), body)
	if err != nil {
		return CheckInView{}, err
	}
	v := checkInView(c)
	s.events.Emit(EventCheckInChanged, v)
	return v, nil
}

// Schedule returns my check-in schedule, when the next one is, and
// whether one is due now.
func (s *Goals) Schedule() (ScheduleView, error) {
	now := time.Now()
	if s.reminder != nil {
		now = s.reminder.clock.Now()
	}
	return scheduleNow(s.ctx, s.goals, s.ws, now)
}

// SetSchedule changes my check-in schedule.
func (s *Goals) SetSchedule(days []int, at string) (ScheduleView, error) {
	sess, err := s.ws.FindSession(s.ctx)
	if err != nil {
		return ScheduleView{}, err
	}
	if sess.Me == nil {
		return ScheduleView{}, store.Errorf(store.EFORBIDDEN, "Set up your profile first.")
	}
	sc := store.Schedule{Time: at, Days: []time.Weekday{}}
	for _, d := range days {
		sc.Days = append(sc.Days, time.Weekday(d))
	}
	if err := s.goals.SetSchedule(s.ctx, sess.Me.ID, sc); err != nil {
		return ScheduleView{}, err
	}
	if s.reminder != nil {
		s.reminder.Wake()
	}
	return s.Schedule()
}

// scheduleNow works out my schedule's state at now.
func scheduleNow(ctx context.Context, goals store.GoalService, ws store.WorkspaceService, now time.Time) (ScheduleView, error) {
	sess, err := ws.FindSession(ctx)
	if err != nil {
		return ScheduleView{}, err
	}
	if sess.Me == nil {
		return ScheduleView{}, store.Errorf(store.EFORBIDDEN, "Set up your profile first.")
	}
	return scheduleOf(ctx, goals, sess.Me, now)
}

// scheduleOf works out a member's schedule's state at now, in their zone.
func scheduleOf(ctx context.Context, goals store.GoalService, m *store.Member, now time.Time) (ScheduleView, error) {
	sc, err := goals.FindSchedule(ctx, m.ID)
	if err != nil {
		return ScheduleView{}, err
	}
	loc := m.Location()
	last, err := goals.FindCheckIns(ctx, store.CheckInFilter{Members: []store.DocID{m.ID}, Limit: 1})
	if err != nil {
		return ScheduleView{}, err
	}
	// Before a first check-in, the times before the person joined are
	// not theirs to have missed.
	lastDone := m.CreatedAt
	v := ScheduleView{Time: sc.Time, TimeZone: loc.String(), Days: make([]int, len(sc.Days)),
		Next: formatTime(store.NextCheckIn(sc, loc, now))}
	if len(last) > 0 {
		lastDone = last[0].CreatedAt
		v.LastAt = formatTime(lastDone)
	}
	due, at := store.CheckInDue(sc, loc, now, lastDone)
	if due {
		v.Due, v.DueAt = true, formatTime(at)
	}
	for i, d := range sc.Days {
		v.Days[i] = int(d)
	}
	return v, nil
}

// TeamStatusView is where one person's check-ins stand.
type TeamStatusView struct {
	MemberID string       `json:"memberId"`
	Schedule ScheduleView `json:"schedule"`
}

// TeamStatus says, for everyone, when they last checked in, when they
// check in next in their own zone, and whether one is due: a manager sees
// at a glance who has not checked in.
func (s *Goals) TeamStatus() ([]TeamStatusView, error) {
	if s.members == nil {
		return []TeamStatusView{}, nil
	}
	ms, err := s.members.FindMembers(s.ctx)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	if s.reminder != nil {
		now = s.reminder.clock.Now()
	}
	out := make([]TeamStatusView, 0, len(ms))
	for i := range ms {
		v, err := scheduleOf(s.ctx, s.goals, &ms[i], now)
		if err != nil {
			return nil, err
		}
		out = append(out, TeamStatusView{MemberID: string(ms[i].ID), Schedule: v})
	}
	return out, nil
}
