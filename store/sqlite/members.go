package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

var _ store.MemberService = (*DB)(nil)

const memberColumns = "id, name, time_zone, role, team, manager_id, work_start, work_end, share_seen, time_format, locale, focus_until, created_at"

func scanMember(row interface{ Scan(...any) error }) (*store.Member, error) {
	var m store.Member
	var created, focus int64
	if err := row.Scan(&m.ID, &m.Name, &m.TimeZone, &m.Role, &m.Team, &m.Manager, &m.WorkStart, &m.WorkEnd, &m.ShareSeen, &m.TimeFormat, &m.Locale, &focus, &created); err != nil {
		return nil, err
	}
	m.FocusUntil = store.FromUnixMillis(focus)
	m.CreatedAt = store.FromUnixMillis(created)
	return &m, nil
}

// FindMembers lists the workspace's people by name.
func (db *DB) FindMembers(ctx context.Context) ([]store.Member, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+memberColumns+" FROM members ORDER BY name COLLATE NOCASE, id")
	if err != nil {
		return nil, fmt.Errorf("find members: %w", err)
	}
	defer rows.Close()
	out := []store.Member{}
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, fmt.Errorf("find members: %w", err)
		}
		out = append(out, *m)
	}
	return out, rows.Err()
}

// FindMember reads one person's profile.
func (db *DB) FindMember(ctx context.Context, id store.DocID) (*store.Member, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	m, err := scanMember(db.db.QueryRowContext(ctx, "SELECT "+memberColumns+" FROM members WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.Errorf(store.ENOTFOUND, "That person is not in this workspace.")
	}
	if err != nil {
		return nil, fmt.Errorf("find member %s: %w", id, err)
	}
	return m, nil
}

// CreateMember adds a person's profile: a teammate who has not joined from
// a device of their own yet, so that they can be named as a reviewer, an
// owner or a manager before they do.
func (db *DB) CreateMember(ctx context.Context, nm store.NewMember) (*store.Member, error) {
	if err := nm.Normalize(); err != nil {
		return nil, err
	}
	if _, err := db.me(ctx); err != nil {
		return nil, err
	}
	if nm.Manager != "" {
		if _, err := db.FindMember(ctx, nm.Manager); err != nil {
			return nil, err
		}
	}
	now := db.Now()
	m := store.Member{ID: store.NewDocID(), Name: nm.Name, TimeZone: nm.TimeZone, Role: nm.Role, Team: nm.Team,
		Manager: nm.Manager, WorkStart: nm.WorkStart, WorkEnd: nm.WorkEnd, CreatedAt: now}
	d, err := crdt.NewMember(m)
	if err != nil {
		return nil, err
	}
	if _, err := d.Commit(db.commitMessage(ctx, "add member"), now); err != nil {
		return nil, err
	}
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		if err := insertDoc(ctx, tx, m.ID, store.KindMember, d, now); err != nil {
			return err
		}
		return upsertMemberRow(ctx, tx, &m)
	})
	if err != nil {
		return nil, err
	}
	return db.FindMember(ctx, m.ID)
}

// UpdateMember changes a person's profile.
func (db *DB) UpdateMember(ctx context.Context, id store.DocID, upd store.MemberUpdate) (*store.Member, error) {
	m, err := db.FindMember(ctx, id)
	if err != nil {
		return nil, err
	}
	upd.Apply(m)
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if upd.Manager != nil && m.Manager != "" {
		if err := db.checkManager(ctx, id, m.Manager); err != nil {
			return nil, err
		}
	}
	err = db.changeDoc(ctx, id, "update member", func(d *crdt.Doc) error { return d.SetMember(*m) },
		func(tx *sql.Tx, d *crdt.Doc) error {
			stored, err := d.Member()
			if err != nil {
				return err
			}
			stored.ID, stored.CreatedAt = id, m.CreatedAt
			return upsertMemberRow(ctx, tx, stored)
		})
	if err != nil {
		return nil, err
	}
	return db.FindMember(ctx, id)
}

// checkManager refuses a manager who is not a member or who reports,
// directly or not, to the person: the org chart is a tree.
func (db *DB) checkManager(ctx context.Context, id, manager store.DocID) error {
	seen := map[store.DocID]bool{id: true}
	for cur := manager; cur != ""; {
		if seen[cur] {
			return store.Errorf(store.EINVALID, "That would make a loop in the org chart: the new manager reports to this person.")
		}
		seen[cur] = true
		m, err := db.FindMember(ctx, cur)
		if err != nil {
			return err
		}
		cur = m.Manager
	}
	return nil
}

func upsertMemberRow(ctx context.Context, tx *sql.Tx, m *store.Member) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO members (id, name, time_zone, role, team, manager_id, work_start, work_end, share_seen, time_format, locale,
			focus_until, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone, role = excluded.role,
			team = excluded.team, manager_id = excluded.manager_id, work_start = excluded.work_start,
			work_end = excluded.work_end, share_seen = excluded.share_seen, time_format = excluded.time_format,
			locale = excluded.locale, focus_until = excluded.focus_until`,
		m.ID, m.Name, m.TimeZone, m.Role, m.Team, m.Manager, m.WorkStart, m.WorkEnd, m.ShareSeen, m.TimeFormat, m.Locale,
		store.UnixMillis(m.FocusUntil),
		store.UnixMillis(m.CreatedAt))
	if err != nil {
		return fmt.Errorf("materialize member %s: %w", m.ID, err)
	}
	return nil
}

// SetFocus starts my focus session until a time, or ends it (zero). The
// end time syncs with my profile, so the team sees when I am back.
func (db *DB) SetFocus(ctx context.Context, until time.Time) (*store.Member, error) {
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	now := db.Now()
	switch {
	case until.IsZero():
	case !until.After(now):
		return nil, store.Errorf(store.EINVALID, "A focus session ends in the future.")
	case until.Sub(now) > store.MaxFocus:
		return nil, store.Errorf(store.EINVALID, "A focus session lasts at most %d hours.", int(store.MaxFocus.Hours()))
	}
	until = until.Truncate(time.Minute)
	return db.UpdateMember(ctx, me, store.MemberUpdate{FocusUntil: &until})
}
