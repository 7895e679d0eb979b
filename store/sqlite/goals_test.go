package sqlite_test

import (
	"context"
	"database/sql"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

func me(t *testing.T, db *sqlite.DB) store.DocID {
	t.Helper()
	s, err := db.FindSession(context.Background())
	if err != nil || s.Me == nil {
		t.Fatalf("FindSession: %+v, %v", s, err)
	}
	return s.Me.ID
}

func numeric(start, target float64) store.Measure {
	return store.Measure{Kind: store.MeasureNumber, Unit: "customers", Start: start, Target: target, Current: start}
}

func mustGoal(t *testing.T, db *sqlite.DB, ng store.NewGoal) *store.Goal {
	t.Helper()
	g, err := db.CreateGoal(context.Background(), ng)
	if err != nil {
		t.Fatalf("CreateGoal(%q): %v", ng.Title, err)
	}
	return g
}

func TestGoalTreeRollsUpAndSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	year := mustGoal(t, db, store.NewGoal{Title: "Reach 100 paying customers", Level: store.LevelAnnual,
		Scope: store.ScopeCompany, Measure: numeric(0, 100), Scoreboard: true})
	q1 := mustGoal(t, db, store.NewGoal{Title: "Launch the self-serve plan", Level: store.LevelQuarterly,
		Scope: store.ScopeDivision, ScopeTarget: "  Growth ", Parent: year.ID,
		Measure: store.Measure{Kind: store.MeasureBinary}})
	q2 := mustGoal(t, db, store.NewGoal{Title: "Sign 30 customers", Level: store.LevelQuarterly, Scope: store.ScopeCompany,
		Parent: year.ID, Measure: numeric(0, 30)})
	week := mustGoal(t, db, store.NewGoal{Title: "Ship the pricing page", Level: store.LevelWeekly,
		Scope: store.ScopeIndividual, ScopeTarget: string(me(t, db)), Parent: q1.ID,
		Measure: store.Measure{Kind: store.MeasureBinary}, PeriodStart: "2026-03-02", PeriodEnd: "2026-03-08"})

	if year.Owner != me(t, db) || year.Author != me(t, db) {
		t.Errorf("owner=%s author=%s, want me", year.Owner, year.Author)
	}
	if year.PeriodStart != "2026-01-01" || year.PeriodEnd != "2026-12-31" {
		t.Errorf("annual period=%s..%s, want the calendar year of the clock", year.PeriodStart, year.PeriodEnd)
	}
	if q1.ScopeTarget != "Growth" {
		t.Errorf("ScopeTarget=%q, want the trimmed division name", q1.ScopeTarget)
	}
	if len(year.Snapshots) != 1 || year.Snapshots[0].Value != 0 || year.Snapshots[0].Status != store.StatusOnTrack {
		t.Errorf("a new goal's snapshots=%+v, want one at its start", year.Snapshots)
	}

	// Progress moves at the bottom and rolls up.
	yes := true
	if _, err := db.UpdateGoal(ctx, week.ID, store.GoalUpdate{Measure: &store.Measure{Kind: store.MeasureBinary, Done: true}}); err != nil {
		t.Fatal(err)
	}
	twelve := numeric(0, 30)
	twelve.Current = 12
	if _, err := db.UpdateGoal(ctx, q2.ID, store.GoalUpdate{Measure: &twelve, Scoreboard: &yes}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = mustOpen(t, path)
	goals, err := db.FindGoals(ctx, store.GoalFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, g := range goals {
		titles = append(titles, g.Title)
	}
	if want := "Reach 100 paying customers|Launch the self-serve plan|Sign 30 customers|Ship the pricing page"; strings.Join(titles, "|") != want {
		t.Errorf("FindGoals order=%q, want %q", strings.Join(titles, "|"), want)
	}
	roll := store.Rollup(goals)
	// week done → q1 1.0; q2 12/30 = 0.4; year = mean(1.0, 0.4) = 0.7, not its own 0/100.
	for id, want := range map[store.DocID]float64{week.ID: 1, q1.ID: 1, q2.ID: 0.4, year.ID: 0.7} {
		if math.Abs(roll[id]-want) > 1e-9 {
			t.Errorf("roll-up of %s=%v, want %v", id, roll[id], want)
		}
	}
	board, err := db.FindGoals(ctx, store.GoalFilter{Scoreboard: true, Snapshots: true})
	if err != nil || len(board) != 2 {
		t.Fatalf("scoreboard=%d goals, %v; want 2", len(board), err)
	}
	for _, g := range board {
		if g.ID == q2.ID && (len(g.Snapshots) != 2 || g.Snapshots[1].Value != 12) {
			t.Errorf("q2 snapshots after reopen=%+v, want its start and 12", g.Snapshots)
		}
	}
	hits, err := db.Search(ctx, "pricing", 10)
	if err != nil || len(hits) != 1 || hits[0].Kind != store.KindGoal || hits[0].ID != week.ID {
		t.Errorf("Search(pricing)=%+v, %v; want the weekly goal", hits, err)
	}
}

func TestCreateGoalRejectsBadInput(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	annual := mustGoal(t, db, store.NewGoal{Title: "Year", Level: store.LevelAnnual, Scope: store.ScopeCompany, Measure: numeric(0, 10)})
	weekly := mustGoal(t, db, store.NewGoal{Title: "Week", Level: store.LevelWeekly, Scope: store.ScopeCompany, Measure: numeric(0, 10)})
	ok := store.NewGoal{Title: "Fine", Level: store.LevelQuarterly, Scope: store.ScopeCompany, Measure: numeric(0, 10)}
	for _, tc := range []struct {
		name string
		edit func(*store.NewGoal)
	}{
		{"no title", func(g *store.NewGoal) { g.Title = "   " }},
		{"title too long", func(g *store.NewGoal) { g.Title = strings.Repeat("x", store.MaxTitleLen+1) }},
		{"unknown level", func(g *store.NewGoal) { g.Level = "decadal" }},
		{"unknown scope", func(g *store.NewGoal) { g.Scope = "galaxy" }},
		{"division without a name", func(g *store.NewGoal) { g.Scope = store.ScopeDivision }},
		{"person who is not a member", func(g *store.NewGoal) { g.Scope, g.ScopeTarget = store.ScopeIndividual, string(store.NewDocID()) }},
		{"owner who is not a member", func(g *store.NewGoal) { g.Owner = store.NewDocID() }},
		{"owner that is not an ID", func(g *store.NewGoal) { g.Owner = "'; DROP TABLE goals; --" }},
		{"period ends before it starts", func(g *store.NewGoal) { g.PeriodStart, g.PeriodEnd = "2026-04-01", "2026-03-01" }},
		{"period is not a date", func(g *store.NewGoal) { g.PeriodStart, g.PeriodEnd = "2026-02-30", "2026-03-31" }},
		{"target equals start", func(g *store.NewGoal) { g.Measure = numeric(5, 5) }},
		{"NaN target", func(g *store.NewGoal) { g.Measure = numeric(0, math.NaN()) }},
		{"unknown measure", func(g *store.NewGoal) { g.Measure = store.Measure{Kind: "feelings"} }},
		{"bad status", func(g *store.NewGoal) { g.Status = "fine" }},
		{"confidence over 100", func(g *store.NewGoal) { g.Confidence = 101 }},
		{"parent that does not exist", func(g *store.NewGoal) { g.Parent = store.NewDocID() }},
		{"quarterly under weekly", func(g *store.NewGoal) { g.Parent = weekly.ID }},
		{"description too long", func(g *store.NewGoal) { g.Description = strings.Repeat("y", store.MaxGoalText+1) }},
		{"invalid UTF-8", func(g *store.NewGoal) { g.Description = "\xff\xfe" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ng := ok
			tc.edit(&ng)
			_, err := db.CreateGoal(ctx, ng)
			if store.ErrorCode(err) != store.EINVALID {
				t.Errorf("CreateGoal: %v, want invalid", err)
			}
		})
	}
	goals, _ := db.FindGoals(ctx, store.GoalFilter{Archived: true})
	if len(goals) != 2 {
		t.Errorf("%d goals stored, want only the two good ones", len(goals))
	}
	ng := ok
	ng.Parent = annual.ID
	if _, err := db.CreateGoal(ctx, ng); err != nil {
		t.Errorf("quarterly under annual: %v", err)
	}
}

func TestUpdateGoalRecordsSnapshotsOnlyForProgress(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	parent := mustGoal(t, db, store.NewGoal{Title: "Parent", Level: store.LevelAnnual, Scope: store.ScopeCompany, Measure: numeric(0, 10)})
	g := mustGoal(t, db, store.NewGoal{Title: "Latency", Level: store.LevelQuarterly, Scope: store.ScopeCompany, Parent: parent.ID,
		Measure: store.Measure{Kind: store.MeasureNumber, Unit: "ms", Start: 400, Target: 200, Current: 400}})

	title := "p95 latency"
	g, err := db.UpdateGoal(ctx, g.ID, store.GoalUpdate{Title: &title})
	if err != nil || g.Title != title || len(g.Snapshots) != 1 {
		t.Fatalf("rename: %+v, %v; want the new title and no new snapshot", g, err)
	}
	m := g.Measure
	m.Current = 250
	risk, conf, note := store.StatusAtRisk, 40, "A slow dependency"
	g, err = db.UpdateGoal(ctx, g.ID, store.GoalUpdate{Measure: &m, Status: &risk, Confidence: &conf, Note: &note})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Snapshots) != 2 {
		t.Fatalf("snapshots=%+v, want 2", g.Snapshots)
	}
	s := g.Snapshots[1]
	if s.Value != 250 || s.Status != store.StatusAtRisk || s.Confidence != 40 || s.Note != note || s.By != me(t, db) {
		t.Errorf("snapshot=%+v", s)
	}
	if p := g.Progress(); math.Abs(p-0.75) > 1e-9 {
		t.Errorf("Progress=%v, want 0.75 (bringing latency down)", p)
	}

	// A parent cannot be moved under its own child.
	child := g.ID
	if _, err := db.UpdateGoal(ctx, parent.ID, store.GoalUpdate{Parent: &child}); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("cycle: %v, want invalid", err)
	}
	bad := store.GoalStatus("meh")
	if _, err := db.UpdateGoal(ctx, g.ID, store.GoalUpdate{Status: &bad}); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("bad status: %v, want invalid", err)
	}
	if _, err := db.UpdateGoal(ctx, store.NewDocID(), store.GoalUpdate{Title: &title}); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("unknown goal: %v, want not found", err)
	}
	after, _ := db.FindGoal(ctx, g.ID)
	if after.Status != store.StatusAtRisk || len(after.Snapshots) != 2 {
		t.Errorf("a refused update changed the goal: %+v", after)
	}

	// Archived goals leave the tree but stay readable.
	yes := true
	if _, err := db.UpdateGoal(ctx, g.ID, store.GoalUpdate{Archived: &yes}); err != nil {
		t.Fatal(err)
	}
	live, _ := db.FindGoals(ctx, store.GoalFilter{})
	all, _ := db.FindGoals(ctx, store.GoalFilter{Archived: true})
	if len(live) != 1 || len(all) != 2 {
		t.Errorf("live=%d all=%d, want 1 and 2", len(live), len(all))
	}
}

func TestCloseGoalWithRetrospective(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	g := mustGoal(t, db, store.NewGoal{Title: "Q1 hiring", Level: store.LevelQuarterly, Scope: store.ScopeCompany, Measure: numeric(0, 3)})
	if _, err := db.CloseGoal(ctx, g.ID, "  "); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("empty retrospective: %v, want invalid", err)
	}
	g, err := db.CloseGoal(ctx, g.ID, "Hired two of three; the agency recruiters were slow.")
	if err != nil || g.ClosedAt.IsZero() || g.Retrospective == "" {
		t.Fatalf("CloseGoal: %+v, %v", g, err)
	}
	hits, _ := db.Search(ctx, "agency recruiters", 5)
	if len(hits) != 1 || hits[0].ID != g.ID {
		t.Errorf("Search(agency recruiters)=%+v, want the closed goal by its retrospective", hits)
	}
}

func TestCheckInUpdatesGoalsInOneStep(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t) // Ada is in Europe/London; the clock starts 2026-03-01 09:00 UTC
	sales := mustGoal(t, db, store.NewGoal{Title: "Sign 30 customers", Level: store.LevelQuarterly, Scope: store.ScopeCompany, Measure: numeric(0, 30)})
	page := mustGoal(t, db, store.NewGoal{Title: "Ship the pricing page", Level: store.LevelWeekly, Scope: store.ScopeCompany,
		Measure: store.Measure{Kind: store.MeasureBinary}})

	c, err := db.CreateCheckIn(ctx, store.NewCheckIn{
		Updates: []store.GoalCheckIn{
			{Goal: sales.ID, Value: 9, Status: store.StatusAtRisk, Confidence: 55, Note: "Two deals slipped"},
			{Goal: page.ID, Done: true, Value: 42, Status: store.StatusOnTrack, Confidence: 90},
		},
		Plans: "Call the slipped deals", Progress: "Pricing page shipped", Problems: "", Blockers: "Legal review of the contract",
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Member != me(t, db) || c.Date != "2026-03-01" || len(c.Updates) != 2 {
		t.Errorf("check-in=%+v", c)
	}
	if c.Updates[0].Title != "Ship the pricing page" || c.Updates[0].Value != 1 {
		t.Errorf("binary update=%+v, want titled, and value 1 for done whatever was sent", c.Updates[0])
	}
	g, _ := db.FindGoal(ctx, sales.ID)
	if g.Measure.Current != 9 || g.Status != store.StatusAtRisk || g.Confidence != 55 {
		t.Errorf("goal after check-in=%+v", g)
	}
	last := g.Snapshots[len(g.Snapshots)-1]
	if len(g.Snapshots) != 2 || last.CheckIn != c.ID || last.Note != "Two deals slipped" {
		t.Errorf("snapshots=%+v, want the check-in's", g.Snapshots)
	}
	if p, _ := db.FindGoal(ctx, page.ID); !p.Measure.Done {
		t.Errorf("binary goal not done after check-in: %+v", p.Measure)
	}

	c, err = db.CommentOnCheckIn(ctx, c.ID, "Want help with legal? I know the reviewer.")
	if err != nil || len(c.Comments) != 1 || c.Comments[0].Author != me(t, db) {
		t.Fatalf("comment: %+v, %v", c, err)
	}
	if _, err := db.CommentOnCheckIn(ctx, c.ID, " "); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("empty comment: %v, want invalid", err)
	}
	db.Close()

	db = mustOpen(t, path)
	list, err := db.FindCheckIns(ctx, store.CheckInFilter{Members: []store.DocID{me(t, db)}})
	if err != nil || len(list) != 1 || list[0].Blockers != "Legal review of the contract" || len(list[0].Comments) != 1 {
		t.Fatalf("FindCheckIns after reopen=%+v, %v", list, err)
	}
	if others, _ := db.FindCheckIns(ctx, store.CheckInFilter{Members: []store.DocID{store.NewDocID()}}); len(others) != 0 {
		t.Errorf("someone else's check-ins=%d, want 0", len(others))
	}
	if hits, _ := db.Search(ctx, "legal review", 5); len(hits) != 1 || hits[0].Kind != store.KindCheckIn {
		t.Errorf("Search(legal review)=%+v, want the check-in", hits)
	}
}

func TestCheckInRejectsBadInputAndStoresNothing(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	g := mustGoal(t, db, store.NewGoal{Title: "Goal", Level: store.LevelWeekly, Scope: store.ScopeCompany, Measure: numeric(0, 10)})
	good := store.GoalCheckIn{Goal: g.ID, Value: 5, Status: store.StatusOnTrack, Confidence: 80}
	for _, tc := range []struct {
		name string
		nc   store.NewCheckIn
		code string
	}{
		{"nothing said", store.NewCheckIn{}, store.EINVALID},
		{"a goal that does not exist, beside a good one",
			store.NewCheckIn{Updates: []store.GoalCheckIn{good, {Goal: store.NewDocID(), Status: store.StatusOnTrack}}}, store.ENOTFOUND},
		{"the same goal twice", store.NewCheckIn{Updates: []store.GoalCheckIn{good, good}}, store.EINVALID},
		{"NaN value", store.NewCheckIn{Updates: []store.GoalCheckIn{{Goal: g.ID, Value: math.NaN(), Status: store.StatusOnTrack}}}, store.EINVALID},
		{"huge value", store.NewCheckIn{Updates: []store.GoalCheckIn{{Goal: g.ID, Value: 1e300, Status: store.StatusOnTrack}}}, store.EINVALID},
		{"no status", store.NewCheckIn{Updates: []store.GoalCheckIn{{Goal: g.ID, Value: 1}}}, store.EINVALID},
		{"confidence below 0", store.NewCheckIn{Updates: []store.GoalCheckIn{{Goal: g.ID, Status: store.StatusOnTrack, Confidence: -1}}}, store.EINVALID},
		{"not an ID", store.NewCheckIn{Updates: []store.GoalCheckIn{{Goal: "../../etc", Status: store.StatusOnTrack}}}, store.EINVALID},
		{"plans too long", store.NewCheckIn{Plans: strings.Repeat("p", store.MaxGoalText+1)}, store.EINVALID},
		{"note too long", store.NewCheckIn{Updates: []store.GoalCheckIn{{Goal: g.ID, Status: store.StatusOnTrack, Note: strings.Repeat("n", store.MaxNoteLen+1)}}}, store.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.CreateCheckIn(ctx, tc.nc)
			if code := store.ErrorCode(err); code != tc.code {
				t.Errorf("CreateCheckIn: %v, want %s", err, tc.code)
			}
		})
	}
	list, _ := db.FindCheckIns(ctx, store.CheckInFilter{})
	after, _ := db.FindGoal(ctx, g.ID)
	if len(list) != 0 || after.Measure.Current != 0 || len(after.Snapshots) != 1 {
		t.Errorf("refused check-ins left %d check-ins and goal %+v", len(list), after)
	}
}

func TestDamagedGoalIsQuarantinedAndStillListed(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	bad := mustGoal(t, db, store.NewGoal{Title: "Doomed", Level: store.LevelWeekly, Scope: store.ScopeCompany, Measure: numeric(0, 10)})
	good := mustGoal(t, db, store.NewGoal{Title: "Healthy", Level: store.LevelWeekly, Scope: store.ScopeCompany, Measure: numeric(0, 10)})
	db.Close()
	raw, _ := sql.Open("sqlite3", path)
	if _, err := raw.Exec("UPDATE docs SET snapshot = substr(snapshot, 1, length(snapshot) / 2) WHERE id = ?", bad.ID); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	db = mustOpen(t, path)
	_, err := db.CreateCheckIn(ctx, store.NewCheckIn{Updates: []store.GoalCheckIn{
		{Goal: good.ID, Value: 3, Status: store.StatusOnTrack}, {Goal: bad.ID, Value: 3, Status: store.StatusOnTrack}}})
	if store.ErrorCode(err) != store.EUNAVAILABLE || !strings.Contains(store.ErrorMessage(err), "damaged") {
		t.Fatalf("check-in on a damaged goal: %v, want unavailable saying it is damaged", err)
	}
	if g, _ := db.FindGoal(ctx, good.ID); g.Measure.Current != 0 {
		t.Errorf("the healthy goal moved in a check-in that failed: %+v", g.Measure)
	}
	list, _ := db.FindGoals(ctx, store.GoalFilter{})
	if len(list) != 2 {
		t.Fatalf("%d goals listed, want both", len(list))
	}
	for _, g := range list {
		if (g.ID == bad.ID) != (g.Damaged != "") {
			t.Errorf("%s Damaged=%q", g.Title, g.Damaged)
		}
	}
	if _, err := db.CreateCheckIn(ctx, store.NewCheckIn{Updates: []store.GoalCheckIn{{Goal: good.ID, Value: 3, Status: store.StatusOnTrack}}}); err != nil {
		t.Errorf("check-in on the healthy goal: %v", err)
	}
	db.Close()
	raw, _ = sql.Open("sqlite3", path)
	defer raw.Close()
	var n int
	raw.QueryRow("SELECT count(*) FROM quarantine WHERE doc_id = ?", bad.ID).Scan(&n)
	if n == 0 {
		t.Error("nothing was quarantined")
	}
}

func TestSchedule(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	id := me(t, db)
	s, err := db.FindSchedule(ctx, id)
	if err != nil || store.FormatDays(s.Days) != "2,5" || s.Time != "09:00" {
		t.Fatalf("default schedule=%+v, %v; want Tue and Fri 09:00", s, err)
	}
	if err := db.SetSchedule(ctx, id, store.Schedule{Days: []time.Weekday{time.Thursday, time.Monday}, Time: "08:30"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetSchedule(ctx, id, store.Schedule{Days: []time.Weekday{9}, Time: "08:30"}); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("bad day: %v, want invalid", err)
	}
	if err := db.SetSchedule(ctx, store.NewDocID(), store.DefaultSchedule()); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("someone unknown: %v, want invalid", err)
	}
	db.Close()
	db = mustOpen(t, path)
	s, _ = db.FindSchedule(ctx, id)
	if store.FormatDays(s.Days) != "1,4" || s.Time != "08:30" {
		t.Errorf("schedule after reopen=%+v", s)
	}
	db.Close()
	raw, _ := sql.Open("sqlite3", path)
	raw.Exec("UPDATE checkin_schedules SET days = 'garbage'")
	raw.Close()
	db = mustOpen(t, path)
	if s, err := db.FindSchedule(ctx, id); err != nil || store.FormatDays(s.Days) != "2,5" {
		t.Errorf("an unreadable schedule=%+v, %v; want the default", s, err)
	}
}

func TestGoalsOfOtherPeople(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	boss := me(t, db)
	kim, err := db.CreateMember(ctx, store.NewMember{Name: "Kim Lee", TimeZone: "Asia/Seoul", Team: "Sales", Manager: boss})
	if err != nil {
		t.Fatal(err)
	}
	team := mustGoal(t, db, store.NewGoal{Title: "Team pipeline", Level: store.LevelQuarterly, Scope: store.ScopeManager,
		ScopeTarget: string(boss), Measure: numeric(0, 50)})
	mine := mustGoal(t, db, store.NewGoal{Title: "Kim's calls", Level: store.LevelWeekly, Scope: store.ScopeIndividual,
		ScopeTarget: string(kim.ID), Owner: kim.ID, Parent: team.ID, Measure: numeric(0, 20)})
	owned, err := db.FindGoals(ctx, store.GoalFilter{Owner: kim.ID})
	if err != nil || len(owned) != 1 || owned[0].ID != mine.ID {
		t.Fatalf("Kim's goals=%+v, %v", owned, err)
	}
	other := kim.ID
	if _, err := db.UpdateGoal(ctx, team.ID, store.GoalUpdate{Owner: &other}); err != nil {
		t.Errorf("hand a goal to Kim: %v", err)
	}
	if err := db.SetSchedule(ctx, kim.ID, store.Schedule{Days: []time.Weekday{time.Monday}, Time: "10:00"}); err != nil {
		t.Errorf("set Kim's schedule: %v", err)
	}
	if s, _ := db.FindSchedule(ctx, boss); store.FormatDays(s.Days) != "2,5" {
		t.Errorf("my schedule changed with Kim's: %+v", s)
	}
}

// A goal updated often keeps a short change log: it is folded into the
// snapshot, and the goal reads the same after a reopen.
func TestGoalChangeLogIsCompacted(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	g := mustGoal(t, db, store.NewGoal{Title: "Daily active teams", Level: store.LevelQuarterly, Scope: store.ScopeCompany, Measure: numeric(0, 1000)})
	for i := 1; i <= 100; i++ {
		m := g.Measure
		m.Current = float64(i)
		var err error
		if g, err = db.UpdateGoal(ctx, g.ID, store.GoalUpdate{Measure: &m}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	raw, _ := sql.Open("sqlite3", path)
	var n int
	raw.QueryRow("SELECT count(*) FROM changes WHERE doc_id = ?", g.ID).Scan(&n)
	raw.Close()
	if n >= 64 {
		t.Errorf("%d changes logged after 100 updates, want them folded into the snapshot", n)
	}
	db = mustOpen(t, path)
	m := g.Measure
	m.Current = 101
	g, err := db.UpdateGoal(ctx, g.ID, store.GoalUpdate{Measure: &m})
	if err != nil {
		t.Fatal(err)
	}
	// (The test clock starts over on reopen, so values are checked as a set.)
	seen := map[float64]bool{}
	for _, s := range g.Snapshots {
		seen[s.Value] = true
	}
	if len(g.Snapshots) != 102 || !seen[0] || !seen[64] || !seen[100] || !seen[101] || g.Measure.Current != 101 {
		t.Errorf("after compaction and reopen: %d snapshots, current %v", len(g.Snapshots), g.Measure.Current)
	}
}

// Comments on my check-in reach my inbox, and so do comments after mine
// on someone else's; my own comments do not.
func TestCheckInCommentsReachTheInbox(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	ada := me(t, db)
	kim, err := db.CreateMember(ctx, store.NewMember{Name: "Kim Lee", TimeZone: "Asia/Seoul"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := db.CreateCheckIn(ctx, store.NewCheckIn{Blockers: "Waiting on legal"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CommentOnCheckIn(ctx, c.ID, "Noting this for Friday."); err != nil {
		t.Fatal(err)
	}
	sqlite.SetMe(db, kim.ID)
	if items, _ := db.FindInbox(ctx, store.InboxFilter{}); len(items) != 0 {
		t.Errorf("Kim's inbox before she comments: %+v", items)
	}
	if _, err := db.CommentOnCheckIn(ctx, c.ID, "I can *help* with legal."); err != nil {
		t.Fatal(err)
	}
	sqlite.SetMe(db, ada)
	items, err := db.FindInbox(ctx, store.InboxFilter{})
	if err != nil || len(items) != 1 {
		t.Fatalf("Ada's inbox=%+v, %v; want Kim's comment", items, err)
	}
	it := items[0]
	if it.Kind != store.InboxCheckIn || it.Actor != kim.ID || it.CheckIn != c.ID || it.Title != "your check-in of "+c.Date ||
		!strings.Contains(it.Snippet, "help") {
		t.Errorf("item=%+v", it)
	}
	// Ada answers; Kim, who commented before her, hears of it.
	if _, err := db.CommentOnCheckIn(ctx, c.ID, "Thanks!"); err != nil {
		t.Fatal(err)
	}
	sqlite.SetMe(db, kim.ID)
	items, _ = db.FindInbox(ctx, store.InboxFilter{})
	if len(items) != 1 || items[0].Actor != ada || items[0].Title != "a check-in of "+c.Date {
		t.Errorf("Kim's inbox=%+v; want Ada's answer", items)
	}
}
