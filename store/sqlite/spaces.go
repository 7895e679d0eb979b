package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/order"
)

var _ store.SpaceService = (*DB)(nil)

// FindSpaces lists the spaces in the order they were made.
func (db *DB) FindSpaces(ctx context.Context) ([]store.Space, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT id, name, description, icon, home_id, created_at FROM spaces ORDER BY created_at, name")
	if err != nil {
		return nil, fmt.Errorf("find spaces: %w", err)
	}
	defer rows.Close()
	out := []store.Space{}
	for rows.Next() {
		var s store.Space
		var created int64
		if err := rows.Scan(&s.ID, &s.Name, &s.Description, &s.Icon, &s.Home, &created); err != nil {
			return nil, fmt.Errorf("find spaces: %w", err)
		}
		s.CreatedAt = store.FromUnixMillis(created)
		out = append(out, s)
	}
	return out, rows.Err()
}

// CreateSpace adds a space to the workspace, with a home page.
func (db *DB) CreateSpace(ctx context.Context, name, description, icon string) (*store.Space, error) {
	name, err := store.ValidateName("space name", name)
	if err != nil {
		return nil, err
	}
	description = strings.TrimSpace(description)
	if len([]rune(description)) > 500 {
		return nil, store.Errorf(store.EINVALID, "A space description can be at most 500 characters.")
	}
	if icon = strings.TrimSpace(icon); icon == "" {
		icon = "📁"
	} else if len([]rune(icon)) > 8 {
		return nil, store.Errorf(store.EINVALID, "A space icon is one emoji.")
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	var wsID store.DocID
	if err := db.db.QueryRowContext(ctx, "SELECT id FROM workspace LIMIT 1").Scan(&wsID); err != nil {
		return nil, fmt.Errorf("find workspace: %w", err)
	}
	db.setupMu.Lock() // one change of the workspace document at a time
	defer db.setupMu.Unlock()
	sd, err := readDoc(ctx, db.db, wsID)
	if err != nil {
		return nil, err
	}
	if reason := sd.verify(); reason != "" {
		return nil, store.Errorf(store.EUNAVAILABLE, "The workspace's stored settings are damaged (%s).", reason)
	}
	wsDoc, err := sd.load()
	if err != nil {
		return nil, err
	}
	now := db.Now()
	sp := store.Space{ID: store.NewDocID(), Name: name, Description: description, Icon: icon, CreatedAt: now}
	home := homePage(sp, "# "+name+"\n\n"+description+"\n")
	homeDoc, err := newSpaceHome(&sp, home, me, now)
	if err != nil {
		return nil, err
	}
	if err := wsDoc.AddSpace(sp); err != nil {
		return nil, err
	}
	change, err := wsDoc.Commit("add space by "+string(me), now)
	if err != nil {
		return nil, err
	}
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		if err := appendChange(ctx, tx, wsID, change, wsDoc.Heads(), now); err != nil {
			return err
		}
		return insertSpace(ctx, tx, sp, homeDoc, home, now)
	})
	if err != nil {
		return nil, err
	}
	return &sp, nil
}

func homePage(sp store.Space, body string) *store.Page {
	return &store.Page{Title: sp.Name, Body: body, Space: sp.ID, Position: order.Between("", "")}
}

// newSpaceHome makes the home page document of a space and records it in sp.
func newSpaceHome(sp *store.Space, home *store.Page, author store.DocID, now time.Time) (*crdt.Doc, error) {
	sp.Home = store.NewDocID()
	d, err := crdt.NewPage(*home, author, now)
	if err != nil {
		return nil, err
	}
	if _, err := d.Commit("create page by "+string(author), now); err != nil {
		return nil, err
	}
	return d, nil
}

// insertSpace stores a space's row and its home page.
func insertSpace(ctx context.Context, tx *sql.Tx, sp store.Space, homeDoc *crdt.Doc, home *store.Page, now time.Time) error {
	if _, err := tx.ExecContext(ctx, "INSERT INTO spaces (id, name, description, icon, home_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		sp.ID, sp.Name, sp.Description, sp.Icon, sp.Home, store.UnixMillis(sp.CreatedAt)); err != nil {
		return fmt.Errorf("insert space: %w", err)
	}
	if err := insertDoc(ctx, tx, sp.Home, store.KindPage, homeDoc, now); err != nil {
		return err
	}
	p, r, err := materialPage(homeDoc)
	if err != nil {
		return err
	}
	return upsertPageRow(ctx, tx, sp.Home, p, r, now)
}
