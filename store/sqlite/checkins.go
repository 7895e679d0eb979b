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

type updateJSON struct {
	Goal       string  `json:"goal"`
	Title      string  `json:"title"`
	Value      float64 `json:"value"`
	Done       bool    `json:"done"`
	Status     string  `json:"status"`
	Confidence int     `json:"confidence"`
	Note       string  `json:"note"`
}

type commentJSON struct {
	ID        string `json:"id"`
	Author    string `json:"author"`
	Body      string `json:"body"`
	CreatedAt int64  `json:"createdAt"`
}

const checkInColumns = `id, member_id, date, plans, progress, problems, blockers, updates, comments, created_at,
	(SELECT damaged FROM docs WHERE docs.id = checkins.id)`

func scanCheckIn(sc interface{ Scan(...any) error }) (*store.CheckIn, error) {
	var c store.CheckIn
	var updates, comments string
	var created int64
	if err := sc.Scan(&c.ID, &c.Member, &c.Date, &c.Plans, &c.Progress, &c.Problems, &c.Blockers, &updates, &comments,
		&created, &c.Damaged); err != nil {
		return nil, err
	}
	c.CreatedAt = store.FromUnixMillis(created)
	var us []updateJSON
	var cs []commentJSON
	// Rows are written here from their documents; unreadable JSON (a
	// damaged file) shows as empty until the next change rewrites it.
	_ = json.Unmarshal([]byte(updates), &us)
	_ = json.Unmarshal([]byte(comments), &cs)
	c.Updates = make([]store.GoalCheckIn, len(us))
	for i, u := range us {
		c.Updates[i] = store.GoalCheckIn{Goal: store.DocID(u.Goal), Title: u.Title, Value: u.Value, Done: u.Done,
			Status: store.GoalStatus(u.Status), Confidence: u.Confidence, Note: u.Note}
	}
	c.Comments = make([]store.CheckInComment, len(cs))
	for i, x := range cs {
		c.Comments[i] = store.CheckInComment{ID: x.ID, Author: store.DocID(x.Author), Body: x.Body,
			CreatedAt: store.FromUnixMillis(x.CreatedAt)}
	}
	return &c, nil
}

// FindCheckIn returns a check-in from its row.
func (db *DB) FindCheckIn(ctx context.Context, id store.DocID) (*store.CheckIn, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	c, err := scanCheckIn(db.db.QueryRowContext(ctx, "SELECT "+checkInColumns+" FROM checkins WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.Errorf(store.ENOTFOUND, "There is no check-in with ID %s.", id)
	}
	if err != nil {
		return nil, fmt.Errorf("find check-in %s: %w", id, err)
	}
	return c, nil
}

// FindCheckIns lists check-ins, newest first.
func (db *DB) FindCheckIns(ctx context.Context, f store.CheckInFilter) ([]store.CheckIn, error) {
	q := "SELECT " + checkInColumns + " FROM checkins"
	var args []any
	if len(f.Members) > 0 {
		q += " WHERE member_id IN (" + strings.TrimSuffix(strings.Repeat("?,", len(f.Members)), ",") + ")"
		for _, m := range f.Members {
			args = append(args, m)
		}
	}
	q += " ORDER BY created_at DESC, id"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find check-ins: %w", err)
	}
	defer rows.Close()
	out := []store.CheckIn{}
	for rows.Next() {
		c, err := scanCheckIn(rows)
		if err != nil {
			return nil, fmt.Errorf("find check-ins: %w", err)
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// CreateCheckIn records my check-in and, in the same transaction, each
// updated goal's new value, status and confidence with a snapshot. Either
// all of it is stored or none.
func (db *DB) CreateCheckIn(ctx context.Context, nc store.NewCheckIn) (*store.CheckIn, error) {
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	c := store.CheckIn{ID: store.NewDocID(), Member: me}
	for _, f := range []struct {
		what string
		in   string
		out  *string
	}{{"plans", nc.Plans, &c.Plans}, {"progress", nc.Progress, &c.Progress}, {"problems", nc.Problems, &c.Problems},
		{"blockers", nc.Blockers, &c.Blockers}} {
		if *f.out, err = store.ValidateText(f.what, f.in, store.MaxGoalText); err != nil {
			return nil, err
		}
	}
	if len(nc.Updates) > store.MaxCheckInGoals {
		return nil, store.Errorf(store.EINVALID, "A check-in can update at most %d goals.", store.MaxCheckInGoals)
	}
	if len(nc.Updates) == 0 && c.Plans == "" && c.Progress == "" && c.Problems == "" && c.Blockers == "" {
		return nil, store.Errorf(store.EINVALID, "Update a goal or write something before checking in.")
	}
	seen := map[store.DocID]bool{}
	for _, u := range nc.Updates {
		if err := u.Goal.Validate(); err != nil {
			return nil, err
		}
		if seen[u.Goal] {
			return nil, store.Errorf(store.EINVALID, "A check-in updates each goal once.")
		}
		seen[u.Goal] = true
		if !store.ValidStatus(u.Status) {
			return nil, store.Errorf(store.EINVALID, "A status is on track, at risk or off track, not %q.", string(u.Status))
		}
		if err := store.ValidateConfidence(u.Confidence); err != nil {
			return nil, err
		}
		if math.IsNaN(u.Value) || math.IsInf(u.Value, 0) || math.Abs(u.Value) >= 1e15 {
			return nil, store.Errorf(store.EINVALID, "A goal's value must be an ordinary number.")
		}
		note, err := store.ValidateText("note", u.Note, store.MaxNoteLen)
		if err != nil {
			return nil, err
		}
		u.Note = note
		c.Updates = append(c.Updates, u)
	}
	db.goalsMu.Lock()
	defer db.goalsMu.Unlock()
	now := db.Now()
	c.CreatedAt = now
	c.Date = now.In(db.memberZone(ctx, me)).Format(time.DateOnly)
	var changes []goalChange
	for i := range c.Updates {
		u := &c.Updates[i]
		d, err := db.loadKind(ctx, u.Goal, store.KindGoal, "goal")
		if err != nil {
			return nil, err
		}
		g, err := d.Goal()
		if err != nil {
			return nil, err
		}
		u.Title = g.Title
		m := g.Measure
		if m.Kind == store.MeasureBinary {
			m.Done = u.Done
			m.Current = 0
			if u.Done {
				m.Current = 1
			}
			u.Value = m.Current
		} else {
			m.Current = u.Value
			u.Done = false
		}
		if err := errors.Join(d.SetMeasure(m), d.SetGoalField("status", string(u.Status)),
			d.SetGoalField("confidence", int64(u.Confidence)),
			d.AddSnapshot(store.Snapshot{ID: newSnapshotID(), At: now, Value: m.Value(), Status: u.Status,
				Confidence: u.Confidence, By: me, CheckIn: c.ID, Note: u.Note})); err != nil {
			return nil, err
		}
		change, err := d.Commit("check in by "+string(me), now)
		if err != nil {
			return nil, err
		}
		changes = append(changes, goalChange{id: u.Goal, doc: d, change: change})
	}
	cd, err := crdt.NewCheckIn(c)
	if err != nil {
		return nil, err
	}
	if _, err := cd.Commit("check in by "+string(me), now); err != nil {
		return nil, err
	}
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		if err := insertDoc(ctx, tx, c.ID, store.KindCheckIn, cd, now); err != nil {
			return err
		}
		if err := upsertCheckInRow(ctx, tx, c.ID, cd, now); err != nil {
			return err
		}
		for _, ch := range changes {
			if err := ch.store(ctx, tx, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return db.FindCheckIn(ctx, c.ID)
}

// CommentOnCheckIn adds my comment to anyone's check-in.
func (db *DB) CommentOnCheckIn(ctx context.Context, id store.DocID, body string) (*store.CheckIn, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	body, err = store.ValidateComment(body)
	if err != nil {
		return nil, err
	}
	db.goalsMu.Lock()
	defer db.goalsMu.Unlock()
	d, err := db.loadKind(ctx, id, store.KindCheckIn, "check-in")
	if err != nil {
		return nil, err
	}
	now := db.Now()
	if err := d.AddCheckInComment(store.CheckInComment{ID: newSnapshotID(), Author: me, Body: body, CreatedAt: now}); err != nil {
		return nil, err
	}
	change, err := d.Commit("comment by "+string(me), now)
	if err != nil {
		return nil, err
	}
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		if err := appendChange(ctx, tx, id, change, d.Heads(), now); err != nil {
			return err
		}
		if err := compactLoaded(ctx, tx, id, d); err != nil {
			return err
		}
		return upsertCheckInRow(ctx, tx, id, d, now)
	})
	if err != nil {
		return nil, err
	}
	return db.FindCheckIn(ctx, id)
}

// upsertCheckInRow refreshes a check-in's row from its document.
func upsertCheckInRow(ctx context.Context, tx *sql.Tx, id store.DocID, d *crdt.Doc, now time.Time) error {
	c, err := d.CheckIn()
	if err != nil {
		return err
	}
	us := make([]updateJSON, len(c.Updates))
	for i, u := range c.Updates {
		us[i] = updateJSON{Goal: string(u.Goal), Title: u.Title, Value: finiteOr0(u.Value), Done: u.Done,
			Status: string(u.Status), Confidence: u.Confidence, Note: u.Note}
	}
	if err := writeBlobRefs(ctx, tx, id, c.Plans, c.Progress, c.Problems, c.Blockers); err != nil {
		return err
	}
	cs := make([]commentJSON, len(c.Comments))
	for i, x := range c.Comments {
		cs[i] = commentJSON{ID: x.ID, Author: string(x.Author), Body: x.Body, CreatedAt: store.UnixMillis(x.CreatedAt)}
	}
	ub, err := json.Marshal(us)
	if err != nil {
		return err
	}
	cb, err := json.Marshal(cs)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO checkins (id, member_id, date, plans, progress, problems, blockers, updates, comments, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET plans = excluded.plans, progress = excluded.progress, problems = excluded.problems,
			blockers = excluded.blockers, updates = excluded.updates, comments = excluded.comments, updated_at = excluded.updated_at`,
		id, c.Member, c.Date, c.Plans, c.Progress, c.Problems, c.Blockers, string(ub), string(cb),
		store.UnixMillis(c.CreatedAt), now.UnixMilli())
	if err != nil {
		return fmt.Errorf("materialize check-in %s: %w", id, err)
	}
	return nil
}
