package store

import (
	"context"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// GoalLevel is how long a goal's horizon is.
type GoalLevel string

const (
	LevelAnnual    GoalLevel = "annual"
	LevelQuarterly GoalLevel = "quarterly"
	LevelMonthly   GoalLevel = "monthly"
	LevelWeekly    GoalLevel = "weekly"
)

// Rank orders levels from the longest horizon (0) to the shortest (3);
// -1 for an unknown level.
func (l GoalLevel) Rank() int {
	switch l {
	case LevelAnnual:
		return 0
	case LevelQuarterly:
		return 1
	case LevelMonthly:
		return 2
	case LevelWeekly:
		return 3
	}
	return -1
}

// GoalScope says whose goal it is: the whole company's, a division's, a
// manager's team's, or one person's.
type GoalScope string

const (
	ScopeCompany    GoalScope = "company"
	ScopeDivision   GoalScope = "division"
	ScopeManager    GoalScope = "manager"
	ScopeIndividual GoalScope = "individual"
)

// GoalStatus is a person's judgement of how a goal is going.
type GoalStatus string

const (
	StatusOnTrack  GoalStatus = "on_track"
	StatusAtRisk   GoalStatus = "at_risk"
	StatusOffTrack GoalStatus = "off_track"
)

// MeasureKind says how a goal is measured.
type MeasureKind string

const (
	MeasureNumber MeasureKind = "number" // from Start towards Target
	MeasureBinary MeasureKind = "binary" // done or not done
)

// Measure is how a goal's progress is counted.
type Measure struct {
	Kind    MeasureKind
	Unit    string // "%", "customers", "ms"…; numbers only
	Start   float64
	Target  float64
	Current float64
	Done    bool // binary only
}

// Progress returns how far the measure is from its start to its target,
// from 0 to 1. A target below the start (bringing a number down) counts
// progress downwards.
func (m Measure) Progress() float64 {
	if m.Kind == MeasureBinary {
		if m.Done {
			return 1
		}
		return 0
	}
	span := m.Target - m.Start
	if span == 0 {
		if (m.Target >= 0 && m.Current >= m.Target) || (m.Target < 0 && m.Current <= m.Target) {
			return 1
		}
		return 0
	}
	f := (m.Current - m.Start) / span
	if math.IsNaN(f) {
		return 0
	}
	return math.Max(0, math.Min(1, f))
}

// Value is the measure's current value as a snapshot records it: the
// number, or 1 for done and 0 for not done.
func (m Measure) Value() float64 {
	if m.Kind == MeasureBinary {
		if m.Done {
			return 1
		}
		return 0
	}
	return m.Current
}

// Snapshot is a goal's progress at one moment: made by every check-in and
// every change of its value or status, so the goal's history can be drawn.
type Snapshot struct {
	ID         string
	At         time.Time
	Value      float64
	Status     GoalStatus
	Confidence int
	By         DocID
	CheckIn    DocID // the check-in that made it; "" when set by hand
	Note       string
}

// Goal is a shared, visible-to-everyone goal.
type Goal struct {
	ID            DocID
	Title         string
	Description   string
	Level         GoalLevel
	Scope         GoalScope
	ScopeTarget   string // the division's name, or the manager's or person's member ID
	Parent        DocID  // the goal it serves; "" at the top
	Owner         DocID  // member
	PeriodStart   string // YYYY-MM-DD
	PeriodEnd     string // YYYY-MM-DD, inclusive
	Measure       Measure
	Status        GoalStatus
	Confidence    int  // 0–100, set by a person
	Scoreboard    bool // shown on the Metrics scoreboard
	Retrospective string
	ClosedAt      time.Time // when the period was closed with a retrospective; zero while open
	Archived      bool
	Author        DocID
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Snapshots     []Snapshot // oldest first; filled by FindGoal, and by FindGoals on request
	Damaged       string
}

// Progress is the goal's own progress, from its measure.
func (g *Goal) Progress() float64 { return g.Measure.Progress() }

// GoalFilter selects goals for FindGoals.
type GoalFilter struct {
	Owner      DocID // only this owner's; "" for all
	Archived   bool  // include archived goals
	Scoreboard bool  // only goals on the scoreboard
	Snapshots  bool  // fill in each goal's snapshots
}

// NewGoal says what a new goal starts as.
type NewGoal struct {
	Title       string
	Description string
	Level       GoalLevel
	Scope       GoalScope
	ScopeTarget string
	Parent      DocID
	Owner       DocID // "" for me
	PeriodStart string
	PeriodEnd   string
	Measure     Measure
	Status      GoalStatus // "" for on track
	Confidence  int
	Scoreboard  bool
}

// GoalUpdate holds the fields of a goal to change; nil fields stay as
// they are. A change of the current value, done, status or confidence
// records a snapshot.
type GoalUpdate struct {
	Title       *string
	Description *string
	Level       *GoalLevel
	Scope       *GoalScope
	ScopeTarget *string
	Parent      *DocID
	Owner       *DocID
	PeriodStart *string
	PeriodEnd   *string
	Measure     *Measure // the kind, unit, start and target; Current and Done too
	Status      *GoalStatus
	Confidence  *int
	Scoreboard  *bool
	Archived    *bool
	Note        *string // said with a change of progress, kept in its snapshot
}

// GoalService reads and changes goals and check-ins.
type GoalService interface {
	FindGoal(ctx context.Context, id DocID) (*Goal, error)
	FindGoals(ctx context.Context, filter GoalFilter) ([]Goal, error)
	CreateGoal(ctx context.Context, ng NewGoal) (*Goal, error)
	UpdateGoal(ctx context.Context, id DocID, upd GoalUpdate) (*Goal, error)
	// CloseGoal closes the goal's period with a short retrospective.
	CloseGoal(ctx context.Context, id DocID, retrospective string) (*Goal, error)

	FindCheckIn(ctx context.Context, id DocID) (*CheckIn, error)
	FindCheckIns(ctx context.Context, filter CheckInFilter) ([]CheckIn, error)
	// CreateCheckIn records my check-in and, in the same step, each
	// updated goal's value, status and confidence, with a snapshot.
	CreateCheckIn(ctx context.Context, nc NewCheckIn) (*CheckIn, error)
	CommentOnCheckIn(ctx context.Context, id DocID, body string) (*CheckIn, error)

	FindSchedule(ctx context.Context, member DocID) (Schedule, error)
	SetSchedule(ctx context.Context, member DocID, s Schedule) error
}

// Limits on goal fields.
const (
	MaxGoalText     = 20_000 // description, retrospective, check-in sections
	MaxNoteLen      = 2_000
	MaxUnitLen      = 20
	MaxCheckInGoals = 200
)

// ValidLevel, ValidScope and ValidStatus check enumerations from outside.
func ValidLevel(l GoalLevel) bool { return l.Rank() >= 0 }

func ValidScope(s GoalScope) bool {
	switch s {
	case ScopeCompany, ScopeDivision, ScopeManager, ScopeIndividual:
		return true
	}
	return false
}

func ValidStatus(s GoalStatus) bool {
	switch s {
	case StatusOnTrack, StatusAtRisk, StatusOffTrack:
		return true
	}
	return false
}

// ValidateText trims a long text field and checks its size.
func ValidateText(what, s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return "", Errorf(EINVALID, "The %s is not valid text.", what)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", Errorf(EINVALID, "The %s can be at most %d characters; this one has %d.", what, max, n)
	}
	return s, nil
}

// ValidateDate checks a YYYY-MM-DD date.
func ValidateDate(what, s string) error {
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return Errorf(EINVALID, "The %s %q is not a date like 2026-03-31.", what, s)
	}
	return nil
}

// ValidateConfidence checks a confidence, 0 to 100.
func ValidateConfidence(c int) error {
	if c < 0 || c > 100 {
		return Errorf(EINVALID, "Confidence is from 0 to 100, not %d.", c)
	}
	return nil
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) && math.Abs(f) < 1e15 }

// ValidateMeasure checks a measure and normalizes its unit.
func ValidateMeasure(m Measure) (Measure, error) {
	switch m.Kind {
	case MeasureBinary:
		m.Unit, m.Start, m.Target, m.Current = "", 0, 1, 0
		if m.Done {
			m.Current = 1
		}
		return m, nil
	case MeasureNumber:
	default:
		return m, Errorf(EINVALID, "A measure is a number or done / not done, not %q.", string(m.Kind))
	}
	if !finite(m.Start) || !finite(m.Target) || !finite(m.Current) {
		return m, Errorf(EINVALID, "The start, target and current values must be ordinary numbers.")
	}
	if m.Start == m.Target {
		return m, Errorf(EINVALID, "The target must differ from the start value.")
	}
	unit, err := ValidateText("unit", m.Unit, MaxUnitLen)
	if err != nil {
		return m, err
	}
	m.Unit, m.Done = unit, false
	return m, nil
}

// ValidatePeriod checks a goal's period.
func ValidatePeriod(start, end string) error {
	if err := ValidateDate("start date", start); err != nil {
		return err
	}
	if err := ValidateDate("end date", end); err != nil {
		return err
	}
	if end < start {
		return Errorf(EINVALID, "The period ends (%s) before it starts (%s).", end, start)
	}
	return nil
}

// DefaultPeriod returns the calendar period of a level that contains day:
// its year, quarter, month, or its week from Monday to Sunday.
func DefaultPeriod(l GoalLevel, day time.Time) (start, end string) {
	y, m, d := day.Date()
	var s, e time.Time
	switch l {
	case LevelAnnual:
		s = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		e = s.AddDate(1, 0, -1)
	case LevelQuarterly:
		s = time.Date(y, (m-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC)
		e = s.AddDate(0, 3, -1)
	case LevelMonthly:
		s = time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		e = s.AddDate(0, 1, -1)
	default:
		t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		s = t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
		e = s.AddDate(0, 0, 6)
	}
	return s.Format(time.DateOnly), e.Format(time.DateOnly)
}

// Rollup computes each goal's progress from 0 to 1: a goal with live
// (not archived) children takes the mean of their progress, each child
// weighing the same; a goal without children uses its own measure. A
// parent missing from goals, or a cycle in the parent links (which a
// concurrent edit on two devices can make), does not break it: goals in a
// cycle use their own measure.
func Rollup(goals []Goal) map[DocID]float64 {
	children := map[DocID][]int{}
	index := map[DocID]int{}
	for i, g := range goals {
		index[g.ID] = i
	}
	for i, g := range goals {
		if g.Archived || g.Parent == "" || g.Parent == g.ID {
			continue
		}
		if _, ok := index[g.Parent]; ok {
			children[g.Parent] = append(children[g.Parent], i)
		}
	}
	out := make(map[DocID]float64, len(goals))
	visiting := map[DocID]bool{}
	var walk func(i int) float64
	walk = func(i int) float64 {
		g := &goals[i]
		if p, ok := out[g.ID]; ok {
			return p
		}
		kids := children[g.ID]
		if len(kids) == 0 || visiting[g.ID] {
			return g.Progress()
		}
		visiting[g.ID] = true
		sum := 0.0
		for _, k := range kids {
			sum += walk(k)
		}
		delete(visiting, g.ID)
		p := sum / float64(len(kids))
		out[g.ID] = p
		return p
	}
	for i := range goals {
		out[goals[i].ID] = walk(i)
	}
	return out
}

// CheckIn is one person's written check-in: how each of their goals is
// going, and their plans, progress, problems and blockers.
type CheckIn struct {
	ID        DocID
	Member    DocID
	Date      string // the member's local date, YYYY-MM-DD
	Updates   []GoalCheckIn
	Plans     string // Markdown, each section
	Progress  string
	Problems  string
	Blockers  string
	Comments  []CheckInComment // oldest first
	CreatedAt time.Time
	Damaged   string
}

// GoalCheckIn is what a check-in says of one goal.
type GoalCheckIn struct {
	Goal       DocID
	Title      string // the goal's title when checked in, for the timeline
	Value      float64
	Done       bool
	Status     GoalStatus
	Confidence int
	Note       string
}

// CheckInComment is anyone's comment on a check-in.
type CheckInComment struct {
	ID        string
	Author    DocID
	Body      string
	CreatedAt time.Time
}

// NewCheckIn is what a person writes when they check in.
type NewCheckIn struct {
	Updates  []GoalCheckIn
	Plans    string
	Progress string
	Problems string
	Blockers string
}

// CheckInFilter selects check-ins, newest first.
type CheckInFilter struct {
	Members []DocID // only these people's; empty for everyone's
	Limit   int     // 0 means no limit
}
