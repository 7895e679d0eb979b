package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

var _ store.GoalService = (*DB)(nil)

// snapshotJSON is a snapshot as the goals row keeps it.
type snapshotJSON struct {
	ID         string  `json:"id"`
	At         int64   `json:"at"`
	Value      float64 `json:"value"`
	Status     string  `json:"status"`
	Confidence int     `json:"confidence"`
	By         string  `json:"by"`
	CheckIn    string  `json:"checkIn"`
	Note       string  `json:"note"`
}

const goalColumns = `id, title, description, level, scope, scope_target, parent_id, owner_id, author, period_start, period_end,
	measure_kind, unit, start_value, target_value, current_value, done, status, confidence, scoreboard, archived,
	retrospective, closed_at, created_at, updated_at, (SELECT damaged FROM docs WHERE docs.id = goals.id)`

func scanGoal(sc interface{ Scan(...any) error }, snaps *string) (*store.Goal, error) {
	var g store.Goal
	var closed, created, updated int64
	dest := []any{&g.ID, &g.Title, &g.Description, &g.Level, &g.Scope, &g.ScopeTarget, &g.Parent, &g.Owner, &g.Author,
		&g.PeriodStart, &g.PeriodEnd, &g.Measure.Kind, &g.Measure.Unit, &g.Measure.Start, &g.Measure.Target,
		&g.Measure.Current, &g.Measure.Done, &g.Status, &g.Confidence, &g.Scoreboard, &g.Archived,
		&g.Retrospective, &closed, &created, &updated, &g.Damaged}
	if snaps != nil {
		dest = append(dest, snaps)
	}
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	g.ClosedAt, g.CreatedAt, g.UpdatedAt = store.FromUnixMillis(closed), store.FromUnixMillis(created), store.FromUnixMillis(updated)
	return &g, nil
}

func decodeSnapshots(raw string) []store.Snapshot {
	var js []snapshotJSON
	if err := json.Unmarshal([]byte(raw), &js); err != nil {
		return []store.Snapshot{} // a row is rebuilt from its document at the next change
	}
	out := make([]store.Snapshot, len(js))
	for i, s := range js {
		out[i] = store.Snapshot{ID: s.ID, At: store.FromUnixMillis(s.At), Value: s.Value, Status: store.GoalStatus(s.Status),
			Confidence: s.Confidence, By: store.DocID(s.By), CheckIn: store.DocID(s.CheckIn), Note: s.Note}
	}
	return out
}

// FindGoal returns a goal with its snapshots, from its row.
func (db *DB) FindGoal(ctx context.Context, id store.DocID) (*store.Goal, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	var snaps string
	g, err := scanGoal(db.db.QueryRowContext(ctx, "SELECT "+goalColumns+", snapshots FROM goals WHERE id = ?", id), &snaps)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.Errorf(store.ENOTFOUND, "There is no goal with ID %s.", id)
	}
	if err != nil {
		return nil, fmt.Errorf("find goal %s: %w", id, err)
	}
	g.Snapshots = decodeSnapshots(snaps)
	return g, nil
}

// FindGoals lists goals by level, then period, then title.
func (db *DB) FindGoals(ctx context.Context, f store.GoalFilter) ([]store.Goal, error) {
	q := "SELECT " + goalColumns
	if f.Snapshots {
		q += ", snapshots"
	}
	q += " FROM goals WHERE 1"
	var args []any
	if !f.Archived {
		q += " AND archived = 0"
	}
	if f.Owner != "" {
		q += " AND owner_id = ?"
		args = append(args, f.Owner)
	}
	if f.Scoreboard {
		q += " AND scoreboard = 1"
	}
	q += ` ORDER BY CASE level WHEN 'annual' THEN 0 WHEN 'quarterly' THEN 1 WHEN 'monthly' THEN 2 ELSE 3 END,
		period_start, lower(title), id`
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find goals: %w", err)
	}
	defer rows.Close()
	out := []store.Goal{}
	for rows.Next() {
		var snaps string
		var sp *string
		if f.Snapshots {
			sp = &snaps
		}
		g, err := scanGoal(rows, sp)
		if err != nil {
			return nil, fmt.Errorf("find goals: %w", err)
		}
		if f.Snapshots {
			g.Snapshots = decodeSnapshots(snaps)
		}
		out = append(out, *g)
	}
	return out, rows.Err()
}

// memberExists reports whether id is a member of the workspace.
func (db *DB) memberExists(ctx context.Context, id store.DocID) (bool, error) {
	var n int
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM members WHERE id = ?", id).Scan(&n); err != nil {
		return false, fmt.Errorf("find member %s: %w", id, err)
	}
	return n > 0, nil
}

func (db *DB) checkMember(ctx context.Context, what string, id store.DocID) error {
	if err := id.Validate(); err != nil {
		return store.Errorf(store.EINVALID, "Choose a person as the %s.", what)
	}
	ok, err := db.memberExists(ctx, id)
	if err != nil {
		return err
	}
	if !ok {
		return store.Errorf(store.EINVALID, "The %s is not a member of this workspace.", what)
	}
	return nil
}

// checkScope validates a goal's scope and its target.
func (db *DB) checkScope(ctx context.Context, scope store.GoalScope, target string) (string, error) {
	switch scope {
	case store.ScopeCompany:
		return "", nil
	case store.ScopeDivision:
		name, err := store.ValidateName("division", target)
		if err != nil {
			return "", err
		}
		return name, nil
	case store.ScopeManager, store.ScopeIndividual:
		what := "manager"
		if scope == store.ScopeIndividual {
			what = "person"
		}
		if err := db.checkMember(ctx, what, store.DocID(target)); err != nil {
			return "", err
		}
		return target, nil
	}
	return "", store.Errorf(store.EINVALID, "A goal belongs to the company, a division, a manager or a person, not %q.", string(scope))
}

// checkParent makes sure parent is a live goal of the same or a longer
// horizon, and that putting child under it makes no cycle.
func (db *DB) checkParent(ctx context.Context, child store.DocID, level store.GoalLevel, parent store.DocID) error {
	if parent == "" {
		return nil
	}
	if err := parent.Validate(); err != nil {
		return err
	}
	p, err := db.FindGoal(ctx, parent)
	if store.ErrorCode(err) == store.ENOTFOUND {
		return store.Errorf(store.EINVALID, "The parent goal does not exist.")
	}
	if err != nil {
		return err
	}
	if p.Level.Rank() > level.Rank() {
		return store.Errorf(store.EINVALID, "A %s goal cannot sit under a %s goal: a parent's horizon is as long or longer.", level, p.Level)
	}
	for id, n := parent, 0; id != "" && n < 1000; n++ {
		if id == child {
			return store.Errorf(store.EINVALID, "A goal cannot sit under itself or under one of its own subgoals.")
		}
		if err := db.db.QueryRowContext(ctx, "SELECT parent_id FROM goals WHERE id = ?", id).Scan(&id); err != nil {
			break
		}
	}
	return nil
}

// CreateGoal makes a goal and records its first snapshot.
func (db *DB) CreateGoal(ctx context.Context, ng store.NewGoal) (*store.Goal, error) {
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	title, err := store.NormalizeTitle(ng.Title)
	if err != nil {
		return nil, err
	}
	if title == "" {
		return nil, store.Errorf(store.EINVALID, "Give the goal a title.")
	}
	g := store.Goal{ID: store.NewDocID(), Title: title, Level: ng.Level, Scope: ng.Scope, Parent: ng.Parent,
		Owner: ng.Owner, Status: ng.Status, Confidence: ng.Confidence, Scoreboard: ng.Scoreboard, Author: me}
	if g.Description, err = store.ValidateText("description", ng.Description, store.MaxGoalText); err != nil {
		return nil, err
	}
	if !store.ValidLevel(g.Level) {
		return nil, store.Errorf(store.EINVALID, "A goal is annual, quarterly, monthly or weekly, not %q.", string(g.Level))
	}
	if g.ScopeTarget, err = db.checkScope(ctx, g.Scope, ng.ScopeTarget); err != nil {
		return nil, err
	}
	if g.Owner == "" {
		g.Owner = me
	}
	if err := db.checkMember(ctx, "owner", g.Owner); err != nil {
		return nil, err
	}
	if g.Status == "" {
		g.Status = store.StatusOnTrack
	}
	if !store.ValidStatus(g.Status) {
		return nil, store.Errorf(store.EINVALID, "A status is on track, at risk or off track, not %q.", string(g.Status))
	}
	if err := store.ValidateConfidence(g.Confidence); err != nil {
		return nil, err
	}
	now := db.Now()
	g.PeriodStart, g.PeriodEnd = ng.PeriodStart, ng.PeriodEnd
	if g.PeriodStart == "" && g.PeriodEnd == "" {
		g.PeriodStart, g.PeriodEnd = store.DefaultPeriod(g.Level, now)
	}
	if err := store.ValidatePeriod(g.PeriodStart, g.PeriodEnd); err != nil {
		return nil, err
	}
	if g.Measure, err = store.ValidateMeasure(ng.Measure); err != nil {
		return nil, err
	}
	db.goalsMu.Lock()
	defer db.goalsMu.Unlock()
	if err := db.checkParent(ctx, g.ID, g.Level, g.Parent); err != nil {
		return nil, err
	}
	d, err := crdt.NewGoal(g, now)
	if err != nil {
		return nil, err
	}
	if err := d.AddSnapshot(store.Snapshot{ID: newSnapshotID(), At: now, Value: g.Measure.Value(), Status: g.Status,
		Confidence: g.Confidence, By: me}); err != nil {
		return nil, err
	}
	if _, err := d.Commit("create goal by "+string(me), now); err != nil {
		return nil, err
	}
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		if err := insertDoc(ctx, tx, g.ID, store.KindGoal, d, now); err != nil {
			return err
		}
		return upsertGoalRow(ctx, tx, g.ID, d, now)
	})
	if err != nil {
		return nil, err
	}
	return db.FindGoal(ctx, g.ID)
}

func newSnapshotID() string { return string(store.NewDocID())[:16] }

// upsertGoalRow refreshes a goal's row from its document.
func upsertGoalRow(ctx context.Context, tx *sql.Tx, id store.DocID, d *crdt.Doc, now time.Time) error {
	g, err := d.Goal()
	if err != nil {
		return err
	}
	snaps := make([]snapshotJSON, len(g.Snapshots))
	for i, s := range g.Snapshots {
		snaps[i] = snapshotJSON{ID: s.ID, At: store.UnixMillis(s.At), Value: finiteOr0(s.Value), Status: string(s.Status),
			Confidence: s.Confidence, By: string(s.By), CheckIn: string(s.CheckIn), Note: s.Note}
	}
	raw, err := json.Marshal(snaps)
	if err != nil {
		return fmt.Errorf("materialize goal %s: %w", id, err)
	}
	m := g.Measure
	_, err = tx.ExecContext(ctx, `
		INSERT INTO goals (id, title, description, level, scope, scope_target, parent_id, owner_id, author, period_start, period_end,
			measure_kind, unit, start_value, target_value, current_value, done, status, confidence, scoreboard, archived,
			retrospective, closed_at, snapshots, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, description = excluded.description, level = excluded.level,
			scope = excluded.scope, scope_target = excluded.scope_target, parent_id = excluded.parent_id,
			owner_id = excluded.owner_id, period_start = excluded.period_start, period_end = excluded.period_end,
			measure_kind = excluded.measure_kind, unit = excluded.unit, start_value = excluded.start_value,
			target_value = excluded.target_value, current_value = excluded.current_value, done = excluded.done,
			status = excluded.status, confidence = excluded.confidence, scoreboard = excluded.scoreboard,
			archived = excluded.archived, retrospective = excluded.retrospective, closed_at = excluded.closed_at,
			snapshots = excluded.snapshots, updated_at = excluded.updated_at`,
		id, g.Title, g.Description, g.Level, g.Scope, g.ScopeTarget, g.Parent, g.Owner, g.Author, g.PeriodStart, g.PeriodEnd,
		m.Kind, m.Unit, finiteOr0(m.Start), finiteOr0(m.Target), finiteOr0(m.Current), m.Done, g.Status, g.Confidence,
		g.Scoreboard, g.Archived, g.Retrospective, store.UnixMillis(g.ClosedAt), string(raw), store.UnixMillis(g.CreatedAt),
		now.UnixMilli())
	if err != nil {
		return fmt.Errorf("materialize goal %s: %w", id, err)
	}
	return nil
}

func finiteOr0(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}

// loadKind loads a goal's or check-in's document for a change. Bytes
// that fail their checksum are tried in the sandbox; a document that
// cannot be loaded is quarantined and marked damaged, its row kept.
func (db *DB) loadKind(ctx context.Context, id store.DocID, kind store.Kind, what string) (*crdt.Doc, error) {
	sd, err := readDoc(ctx, db.db, id)
	if store.ErrorCode(err) == store.ENOTFOUND {
		return nil, store.Errorf(store.ENOTFOUND, "There is no %s with ID %s.", what, id)
	}
	if err != nil {
		return nil, err
	}
	if sd.kind != kind {
		return nil, store.Errorf(store.ENOTFOUND, "There is no %s with ID %s.", what, id)
	}
	damagedErr := func(reason string) error {
		return store.Errorf(store.EUNAVAILABLE, "This %s is damaged (%s). Its stored bytes were set aside and what it last said is still shown; nothing else is affected.", what, reason)
	}
	if sd.damaged != "" {
		return nil, damagedErr(sd.damaged)
	}
	quarantineAs := func(reason string) error {
		now := db.Now()
		if err := <-db.w.submit("", "", func(tx *sql.Tx) error { return quarantine(ctx, tx, id, sd, reason, now) }); err != nil {
			return fmt.Errorf("quarantine %s: %w", id, err)
		}
		return damagedErr(reason)
	}
	var d *crdt.Doc
	if reason := sd.verify(); reason != "" {
		if d, err = db.salvage(ctx, id, sd); err != nil {
			return nil, quarantineAs(reason)
		}
	} else if d, err = sd.load(); err != nil {
		return nil, quarantineAs("it would not load: " + err.Error())
	}
	if d.Kind() != string(kind) {
		return nil, quarantineAs(fmt.Sprintf("it says it is a %q", d.Kind()))
	}
	switch kind {
	case store.KindGoal:
		_, err = d.Goal()
	case store.KindCheckIn:
		_, err = d.CheckIn()
	}
	if err != nil {
		return nil, quarantineAs("it is not a readable " + what + ": " + err.Error())
	}
	return d, nil
}

// goalChange is a change made to a loaded goal document, to store.
type goalChange struct {
	id     store.DocID
	doc    *crdt.Doc
	change []byte
}

// goalCompactChanges is how many logged changes a goal or check-in keeps
// before they are folded into its snapshot.
const goalCompactChanges = 64

func (c goalChange) store(ctx context.Context, tx *sql.Tx, now time.Time) error {
	if c.change == nil {
		return nil
	}
	if err := appendChange(ctx, tx, c.id, c.change, c.doc.Heads(), now); err != nil {
		return err
	}
	if err := compactLoaded(ctx, tx, c.id, c.doc); err != nil {
		return err
	}
	return upsertGoalRow(ctx, tx, c.id, c.doc, now)
}

// compactLoaded folds a document's change log into a new snapshot once it
// is long, from the copy in memory: loaded from its stored bytes under
// goalsMu, it holds exactly what is stored.
func compactLoaded(ctx context.Context, tx *sql.Tx, id store.DocID, d *crdt.Doc) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM changes WHERE doc_id = ?", id).Scan(&n); err != nil {
		return fmt.Errorf("compact %s: %w", id, err)
	}
	if n < goalCompactChanges {
		return nil
	}
	snap := d.Save()
	if _, err := tx.ExecContext(ctx, "UPDATE docs SET snapshot = ?, sum = ? WHERE id = ?", snap, checksum(snap), id); err != nil {
		return fmt.Errorf("compact %s: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM changes WHERE doc_id = ?", id); err != nil {
		return fmt.Errorf("compact %s: %w", id, err)
	}
	return nil
}

// UpdateGoal changes a goal's fields. A change of its value, status or
// confidence records a snapshot.
func (db *DB) UpdateGoal(ctx context.Context, id store.DocID, upd store.GoalUpdate) (*store.Goal, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	db.goalsMu.Lock()
	defer db.goalsMu.Unlock()
	d, err := db.loadKind(ctx, id, store.KindGoal, "goal")
	if err != nil {
		return nil, err
	}
	g, err := d.Goal()
	if err != nil {
		return nil, err
	}
	before := *g
	set := func(key string, v any) error { return d.SetGoalField(key, v) }
	var errs []error
	if upd.Title != nil {
		title, err := store.NormalizeTitle(*upd.Title)
		if err == nil && title == "" {
			err = store.Errorf(store.EINVALID, "Give the goal a title.")
		}
		if err != nil {
			return nil, err
		}
		g.Title = title
		errs = append(errs, set("title", title))
	}
	if upd.Description != nil {
		s, err := store.ValidateText("description", *upd.Description, store.MaxGoalText)
		if err != nil {
			return nil, err
		}
		errs = append(errs, set("description", s))
	}
	if upd.Level != nil {
		if !store.ValidLevel(*upd.Level) {
			return nil, store.Errorf(store.EINVALID, "A goal is annual, quarterly, monthly or weekly, not %q.", string(*upd.Level))
		}
		g.Level = *upd.Level
		errs = append(errs, set("level", string(g.Level)))
	}
	if upd.Scope != nil || upd.ScopeTarget != nil {
		scope, target := g.Scope, g.ScopeTarget
		if upd.Scope != nil {
			scope = *upd.Scope
		}
		if upd.ScopeTarget != nil {
			target = *upd.ScopeTarget
		}
		if target, err = db.checkScope(ctx, scope, target); err != nil {
			return nil, err
		}
		errs = append(errs, set("scope", string(scope)), set("scopeTarget", target))
	}
	if upd.Parent != nil || upd.Level != nil {
		parent := g.Parent
		if upd.Parent != nil {
			parent = *upd.Parent
		}
		if err := db.checkParent(ctx, id, g.Level, parent); err != nil {
			return nil, err
		}
		errs = append(errs, set("parent", string(parent)))
	}
	if upd.Owner != nil {
		if err := db.checkMember(ctx, "owner", *upd.Owner); err != nil {
			return nil, err
		}
		errs = append(errs, set("owner", string(*upd.Owner)))
	}
	if upd.PeriodStart != nil || upd.PeriodEnd != nil {
		s, e := g.PeriodStart, g.PeriodEnd
		if upd.PeriodStart != nil {
			s = *upd.PeriodStart
		}
		if upd.PeriodEnd != nil {
			e = *upd.PeriodEnd
		}
		if err := store.ValidatePeriod(s, e); err != nil {
			return nil, err
		}
		errs = append(errs, set("periodStart", s), set("periodEnd", e))
	}
	if upd.Measure != nil {
		m, err := store.ValidateMeasure(*upd.Measure)
		if err != nil {
			return nil, err
		}
		g.Measure = m
		errs = append(errs, d.SetMeasure(m))
	}
	if upd.Status != nil {
		if !store.ValidStatus(*upd.Status) {
			return nil, store.Errorf(store.EINVALID, "A status is on track, at risk or off track, not %q.", string(*upd.Status))
		}
		g.Status = *upd.Status
		errs = append(errs, set("status", string(g.Status)))
	}
	if upd.Confidence != nil {
		if err := store.ValidateConfidence(*upd.Confidence); err != nil {
			return nil, err
		}
		g.Confidence = *upd.Confidence
		errs = append(errs, set("confidence", int64(g.Confidence)))
	}
	if upd.Scoreboard != nil {
		errs = append(errs, set("scoreboard", *upd.Scoreboard))
	}
	if upd.Archived != nil {
		errs = append(errs, set("archived", *upd.Archived))
	}
	note := ""
	if upd.Note != nil {
		if note, err = store.ValidateText("note", *upd.Note, store.MaxNoteLen); err != nil {
			return nil, err
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	now := db.Now()
	if g.Measure.Value() != before.Measure.Value() || g.Status != before.Status || g.Confidence != before.Confidence || note != "" {
		if err := d.AddSnapshot(store.Snapshot{ID: newSnapshotID(), At: now, Value: g.Measure.Value(), Status: g.Status,
			Confidence: g.Confidence, By: me, Note: note}); err != nil {
			return nil, err
		}
	}
	change, err := d.Commit("update goal by "+string(me), now)
	if err != nil {
		return nil, err
	}
	c := goalChange{id: id, doc: d, change: change}
	if err := <-db.w.submit("", "", func(tx *sql.Tx) error { return c.store(ctx, tx, now) }); err != nil {
		return nil, err
	}
	return db.FindGoal(ctx, id)
}

// CloseGoal closes a goal's period with a retrospective.
func (db *DB) CloseGoal(ctx context.Context, id store.DocID, retrospective string) (*store.Goal, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	retro, err := store.ValidateText("retrospective", retrospective, store.MaxGoalText)
	if err != nil {
		return nil, err
	}
	if retro == "" {
		return nil, store.Errorf(store.EINVALID, "Write a short retrospective: what happened, and what you learned.")
	}
	db.goalsMu.Lock()
	defer db.goalsMu.Unlock()
	d, err := db.loadKind(ctx, id, store.KindGoal, "goal")
	if err != nil {
		return nil, err
	}
	now := db.Now()
	if err := errors.Join(d.SetGoalField("retrospective", retro), d.SetGoalField("closedAt", now.UnixMilli())); err != nil {
		return nil, err
	}
	change, err := d.Commit("close goal by "+string(me), now)
	if err != nil {
		return nil, err
	}
	c := goalChange{id: id, doc: d, change: change}
	if err := <-db.w.submit("", "", func(tx *sql.Tx) error { return c.store(ctx, tx, now) }); err != nil {
		return nil, err
	}
	return db.FindGoal(ctx, id)
}

// FindSchedule returns a member's check-in schedule, or the default.
func (db *DB) FindSchedule(ctx context.Context, member store.DocID) (store.Schedule, error) {
	if err := member.Validate(); err != nil {
		return store.Schedule{}, err
	}
	var days, at string
	err := db.db.QueryRowContext(ctx, "SELECT days, time FROM checkin_schedules WHERE member_id = ?", member).Scan(&days, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return store.DefaultSchedule(), nil
	}
	if err != nil {
		return store.Schedule{}, fmt.Errorf("find schedule: %w", err)
	}
	ds, err := store.ParseDays(days)
	if err != nil {
		db.Logf("schedule of %s is unreadable (%v); using the default", member, err)
		return store.DefaultSchedule(), nil
	}
	s, err := store.ValidateSchedule(store.Schedule{Days: ds, Time: at})
	if err != nil {
		db.Logf("schedule of %s is unreadable (%v); using the default", member, err)
		return store.DefaultSchedule(), nil
	}
	return s, nil
}

// SetSchedule sets a member's check-in schedule.
func (db *DB) SetSchedule(ctx context.Context, member store.DocID, s store.Schedule) error {
	if err := db.checkMember(ctx, "person", member); err != nil {
		return err
	}
	s, err := store.ValidateSchedule(s)
	if err != nil {
		return err
	}
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO checkin_schedules (member_id, days, time) VALUES (?, ?, ?)
			ON CONFLICT (member_id) DO UPDATE SET days = excluded.days, time = excluded.time`,
			member, store.FormatDays(s.Days), s.Time)
		if err != nil {
			return fmt.Errorf("set schedule: %w", err)
		}
		return nil
	})
}

// memberZone returns a member's time zone, UTC when it is unknown.
func (db *DB) memberZone(ctx context.Context, id store.DocID) *time.Location {
	var tz string
	if err := db.db.QueryRowContext(ctx, "SELECT time_zone FROM members WHERE id = ?", id).Scan(&tz); err != nil {
		return time.UTC
	}
	loc, err := time.LoadLocation(tz)
	if err != nil || strings.TrimSpace(tz) == "" {
		return time.UTC
	}
	return loc
}
