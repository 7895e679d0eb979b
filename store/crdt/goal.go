package crdt

import (
	"fmt"
	"sort"
	"time"

	"github.com/automerge/automerge-go"
	"github.com/longhand/longhand/store"
)

// A goal document's root map (each field last writer wins):
//
//	kind                       "goal"
//	title, description         string
//	level, scope, scopeTarget  string
//	parent, owner, author      DocID strings
//	periodStart, periodEnd     YYYY-MM-DD
//	measure                    {kind, unit, start, target, current (float64), done (bool)}
//	status                     on_track / at_risk / off_track
//	confidence                 int64, 0–100
//	scoreboard, archived       bool
//	retrospective              string; closedAt int64 Unix ms, 0 while open
//	createdAt                  int64 Unix ms
//	snapshots                  map of snapshot ID to {at, value, status, confidence, by, checkin, note}
//
// Snapshots are a map, not a list, so that two devices that record one
// at the same time both keep theirs.

// NewGoal creates a goal document.
func NewGoal(g store.Goal, now time.Time) (*Doc, error) {
	d, err := newMap(map[string]any{
		"kind":          string(store.KindGoal),
		"title":         g.Title,
		"description":   g.Description,
		"level":         string(g.Level),
		"scope":         string(g.Scope),
		"scopeTarget":   g.ScopeTarget,
		"parent":        string(g.Parent),
		"owner":         string(g.Owner),
		"author":        string(g.Author),
		"periodStart":   g.PeriodStart,
		"periodEnd":     g.PeriodEnd,
		"status":        string(g.Status),
		"confidence":    int64(g.Confidence),
		"scoreboard":    g.Scoreboard,
		"archived":      false,
		"retrospective": "",
		"closedAt":      int64(0),
		"createdAt":     store.UnixMillis(now),
		"snapshots":     map[string]any{},
	})
	if err != nil {
		return nil, err
	}
	if err := d.SetMeasure(g.Measure); err != nil {
		return nil, err
	}
	return d, nil
}

// SetMeasure replaces the goal's measure.
func (d *Doc) SetMeasure(m store.Measure) error {
	return d.am.RootMap().Set("measure", map[string]any{
		"kind": string(m.Kind), "unit": m.Unit, "start": m.Start, "target": m.Target, "current": m.Current, "done": m.Done,
	})
}

// SetGoalField sets one root field of a goal: a string, bool or int64.
func (d *Doc) SetGoalField(key string, v any) error {
	switch v.(type) {
	case string, bool, int64:
	default:
		return fmt.Errorf("goal field %s: unsupported %T", key, v)
	}
	return d.am.RootMap().Set(key, v)
}

// AddSnapshot records the goal's progress at a moment.
func (d *Doc) AddSnapshot(s store.Snapshot) error {
	err := d.am.Path("snapshots", s.ID).Set(map[string]any{
		"at": store.UnixMillis(s.At), "value": s.Value, "status": string(s.Status), "confidence": int64(s.Confidence),
		"by": string(s.By), "checkin": string(s.CheckIn), "note": s.Note,
	})
	if err != nil {
		return fmt.Errorf("add snapshot: %w", err)
	}
	return nil
}

type measureFields struct {
	Kind    string  `automerge:"kind"`
	Unit    string  `automerge:"unit"`
	Start   float64 `automerge:"start"`
	Target  float64 `automerge:"target"`
	Current float64 `automerge:"current"`
	Done    bool    `automerge:"done"`
}

type snapshotFields struct {
	At         int64   `automerge:"at"`
	Value      float64 `automerge:"value"`
	Status     string  `automerge:"status"`
	Confidence int64   `automerge:"confidence"`
	By         string  `automerge:"by"`
	CheckIn    string  `automerge:"checkin"`
	Note       string  `automerge:"note"`
}

// Goal reads a goal document, with its snapshots oldest first. ID and
// UpdatedAt come from the store.
func (d *Doc) Goal() (*store.Goal, error) {
	var g store.Goal
	strs := map[string]*string{"title": &g.Title, "description": &g.Description, "scopeTarget": &g.ScopeTarget,
		"periodStart": &g.PeriodStart, "periodEnd": &g.PeriodEnd, "retrospective": &g.Retrospective}
	for k, p := range strs {
		v, err := d.str(k)
		if err != nil {
			return nil, fmt.Errorf("goal %s: %w", k, err)
		}
		*p = v
	}
	var level, scope, parent, owner, author, status string
	for k, p := range map[string]*string{"level": &level, "scope": &scope, "parent": &parent, "owner": &owner,
		"author": &author, "status": &status} {
		v, err := d.str(k)
		if err != nil {
			return nil, fmt.Errorf("goal %s: %w", k, err)
		}
		*p = v
	}
	g.Level, g.Scope, g.Status = store.GoalLevel(level), store.GoalScope(scope), store.GoalStatus(status)
	g.Parent, g.Owner, g.Author = store.DocID(parent), store.DocID(owner), store.DocID(author)
	var conf, closed, created int64
	for k, p := range map[string]*int64{"confidence": &conf, "closedAt": &closed, "createdAt": &created} {
		v, err := d.int(k)
		if err != nil {
			return nil, fmt.Errorf("goal %s: %w", k, err)
		}
		*p = v
	}
	g.Confidence = int(conf)
	g.ClosedAt, g.CreatedAt = store.FromUnixMillis(closed), store.FromUnixMillis(created)
	var err error
	if g.Scoreboard, err = d.bool("scoreboard"); err != nil {
		return nil, fmt.Errorf("goal scoreboard: %w", err)
	}
	if g.Archived, err = d.bool("archived"); err != nil {
		return nil, fmt.Errorf("goal archived: %w", err)
	}
	mv, err := d.am.RootMap().Get("measure")
	if err != nil {
		return nil, fmt.Errorf("goal measure: %w", err)
	}
	if mv.Kind() != automerge.KindVoid {
		m, err := automerge.As[measureFields](mv)
		if err != nil {
			return nil, fmt.Errorf("goal measure: %w", err)
		}
		g.Measure = store.Measure{Kind: store.MeasureKind(m.Kind), Unit: m.Unit, Start: m.Start, Target: m.Target,
			Current: m.Current, Done: m.Done}
	}
	sv, err := d.am.RootMap().Get("snapshots")
	if err != nil {
		return nil, fmt.Errorf("goal snapshots: %w", err)
	}
	if sv.Kind() != automerge.KindVoid {
		m, err := automerge.As[map[string]snapshotFields](sv)
		if err != nil {
			return nil, fmt.Errorf("goal snapshots: %w", err)
		}
		for id, f := range m {
			g.Snapshots = append(g.Snapshots, store.Snapshot{ID: id, At: store.FromUnixMillis(f.At), Value: f.Value,
				Status: store.GoalStatus(f.Status), Confidence: int(f.Confidence), By: store.DocID(f.By),
				CheckIn: store.DocID(f.CheckIn), Note: f.Note})
		}
		sort.Slice(g.Snapshots, func(i, j int) bool {
			a, b := g.Snapshots[i], g.Snapshots[j]
			if !a.At.Equal(b.At) {
				return a.At.Before(b.At)
			}
			return a.ID < b.ID
		})
	}
	return &g, nil
}

// A check-in document's root map:
//
//	kind                                  "checkin"
//	member                                DocID of the person
//	date                                  their local date, YYYY-MM-DD
//	createdAt                             int64 Unix ms
//	plans, progress, problems, blockers   string
//	updates                               map of goal ID to {title, value, done, status, confidence, note}
//	comments                              map of comment ID to {author, body, createdAt}

// NewCheckIn creates a check-in document.
func NewCheckIn(c store.CheckIn) (*Doc, error) {
	updates := map[string]any{}
	for _, u := range c.Updates {
		updates[string(u.Goal)] = map[string]any{"title": u.Title, "value": u.Value, "done": u.Done,
			"status": string(u.Status), "confidence": int64(u.Confidence), "note": u.Note}
	}
	return newMap(map[string]any{
		"kind": string(store.KindCheckIn), "member": string(c.Member), "date": c.Date,
		"createdAt": store.UnixMillis(c.CreatedAt),
		"plans":     c.Plans, "progress": c.Progress, "problems": c.Problems, "blockers": c.Blockers,
		"updates": updates, "comments": map[string]any{},
	})
}

// AddCheckInComment adds a comment to a check-in.
func (d *Doc) AddCheckInComment(c store.CheckInComment) error {
	err := d.am.Path("comments", c.ID).Set(map[string]any{
		"author": string(c.Author), "body": c.Body, "createdAt": store.UnixMillis(c.CreatedAt),
	})
	if err != nil {
		return fmt.Errorf("add comment: %w", err)
	}
	return nil
}

type updateFields struct {
	Title      string  `automerge:"title"`
	Value      float64 `automerge:"value"`
	Done       bool    `automerge:"done"`
	Status     string  `automerge:"status"`
	Confidence int64   `automerge:"confidence"`
	Note       string  `automerge:"note"`
}

type checkInCommentFields struct {
	Author    string `automerge:"author"`
	Body      string `automerge:"body"`
	CreatedAt int64  `automerge:"createdAt"`
}

// CheckIn reads a check-in document: updates in the order of their goals'
// titles, comments oldest first. ID comes from the store.
func (d *Doc) CheckIn() (*store.CheckIn, error) {
	var c store.CheckIn
	var member string
	for k, p := range map[string]*string{"member": &member, "date": &c.Date, "plans": &c.Plans,
		"progress": &c.Progress, "problems": &c.Problems, "blockers": &c.Blockers} {
		v, err := d.str(k)
		if err != nil {
			return nil, fmt.Errorf("check-in %s: %w", k, err)
		}
		*p = v
	}
	c.Member = store.DocID(member)
	created, err := d.int("createdAt")
	if err != nil {
		return nil, fmt.Errorf("check-in createdAt: %w", err)
	}
	c.CreatedAt = store.FromUnixMillis(created)
	uv, err := d.am.RootMap().Get("updates")
	if err != nil {
		return nil, fmt.Errorf("check-in updates: %w", err)
	}
	if uv.Kind() != automerge.KindVoid {
		m, err := automerge.As[map[string]updateFields](uv)
		if err != nil {
			return nil, fmt.Errorf("check-in updates: %w", err)
		}
		for id, f := range m {
			c.Updates = append(c.Updates, store.GoalCheckIn{Goal: store.DocID(id), Title: f.Title, Value: f.Value,
				Done: f.Done, Status: store.GoalStatus(f.Status), Confidence: int(f.Confidence), Note: f.Note})
		}
		sort.Slice(c.Updates, func(i, j int) bool {
			a, b := c.Updates[i], c.Updates[j]
			if a.Title != b.Title {
				return a.Title < b.Title
			}
			return a.Goal < b.Goal
		})
	}
	cv, err := d.am.RootMap().Get("comments")
	if err != nil {
		return nil, fmt.Errorf("check-in comments: %w", err)
	}
	if cv.Kind() != automerge.KindVoid {
		m, err := automerge.As[map[string]checkInCommentFields](cv)
		if err != nil {
			return nil, fmt.Errorf("check-in comments: %w", err)
		}
		for id, f := range m {
			c.Comments = append(c.Comments, store.CheckInComment{ID: id, Author: store.DocID(f.Author), Body: f.Body,
				CreatedAt: store.FromUnixMillis(f.CreatedAt)})
		}
		sort.Slice(c.Comments, func(i, j int) bool {
			a, b := c.Comments[i], c.Comments[j]
			if !a.CreatedAt.Equal(b.CreatedAt) {
				return a.CreatedAt.Before(b.CreatedAt)
			}
			return a.ID < b.ID
		})
	}
	return &c, nil
}
