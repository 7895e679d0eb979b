package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

var _ store.ChannelService = (*DB)(nil)

// addDefaultChannels adds the default channels to a new workspace document,
// a millisecond apart so they list in order, and makes its creator the admin.
func addDefaultChannels(d *crdt.Doc, creator store.DocID, now time.Time) error {
	if _, err := d.EnsureChannels(); err != nil {
		return err
	}
	for i, def := range store.DefaultChannels {
		c := store.Channel{ID: store.NewDocID(), Name: def.Name, Description: def.Description, Icon: def.Icon,
			Default: true, AdminsOnly: def.AdminsOnly, CreatedBy: creator, CreatedAt: now.Add(time.Duration(i) * time.Millisecond)}
		if err := d.AddChannel(c); err != nil {
			return fmt.Errorf("add channel %s: %w", def.Name, err)
		}
	}
	return d.SetAdmin(creator)
}

// writeChannelRows materializes the channels, their members and the admins
// of a workspace document.
func writeChannelRows(ctx context.Context, tx *sql.Tx, d *crdt.Doc) error {
	st, err := d.Channels()
	if err != nil {
		return err
	}
	for _, c := range st.Channels {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO channels (id, name, description, icon, is_default, admins_only, archived, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, icon = excluded.icon,
				is_default = excluded.is_default, admins_only = excluded.admins_only, archived = excluded.archived`,
			c.ID, c.Name, c.Description, c.Icon, c.Default, c.AdminsOnly, c.Archived, c.CreatedBy, store.UnixMillis(c.CreatedAt))
		if err != nil {
			return fmt.Errorf("materialize channel %s: %w", c.ID, err)
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM channel_members"); err != nil {
		return fmt.Errorf("materialize channel members: %w", err)
	}
	for ch, ms := range st.Members {
		for m, joined := range ms {
			_, err := tx.ExecContext(ctx, `
				INSERT INTO channel_members (channel_id, member_id, joined) SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM channels WHERE id = ?1)`,
				ch, m, joined)
			if err != nil {
				return fmt.Errorf("materialize channel members: %w", err)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM admins"); err != nil {
		return fmt.Errorf("materialize admins: %w", err)
	}
	for m := range st.Admins {
		if _, err := tx.ExecContext(ctx, "INSERT INTO admins (member_id) VALUES (?)", m); err != nil {
			return fmt.Errorf("materialize admins: %w", err)
		}
	}
	return nil
}

func (db *DB) workspaceID(ctx context.Context) (store.DocID, error) {
	var id store.DocID
	err := db.db.QueryRowContext(ctx, "SELECT id FROM workspace LIMIT 1").Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", store.Errorf(store.EFORBIDDEN, "Set up your workspace first.")
	}
	if err != nil {
		return "", fmt.Errorf("find workspace: %w", err)
	}
	return id, nil
}

// changeChannels changes the workspace document's channels and refreshes
// the channel rows.
func (db *DB) changeChannels(ctx context.Context, verb string, f func(*crdt.Doc) error) error {
	ws, err := db.workspaceID(ctx)
	if err != nil {
		return err
	}
	return db.changeDoc(ctx, ws, verb, f, func(tx *sql.Tx, d *crdt.Doc) error { return writeChannelRows(ctx, tx, d) })
}

// ensureChannels gives a workspace made before channels existed its
// default channels, with the person on this device as the admin.
func (db *DB) ensureChannels(ctx context.Context) error {
	var n int
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM channels").Scan(&n); err != nil {
		return fmt.Errorf("count channels: %w", err)
	}
	if n > 0 {
		return nil
	}
	me, err := db.me(ctx)
	if err != nil {
		return err
	}
	return db.changeChannels(ctx, "add channels", func(d *crdt.Doc) error {
		st, err := d.Channels()
		if err != nil {
			return err
		}
		if len(st.Channels) > 0 {
			return nil // another call made them first
		}
		return addDefaultChannels(d, me, db.Now())
	})
}

const channelQuery = `
	SELECT c.id, c.name, c.description, c.icon, c.is_default, c.admins_only, c.archived, c.created_by, c.created_at,
		coalesce((SELECT joined FROM channel_members WHERE channel_id = c.id AND member_id = ?1), c.is_default),
		coalesce(l.muted, 0), coalesce(l.last_seen, 0),
		(SELECT count(*) FROM posts p WHERE p.channel_id = c.id AND p.last_activity > coalesce(l.last_seen, 0)
			AND p.last_actor != ?1 AND (p.deleted_at = 0 OR p.reply_count > 0)),
		coalesce((SELECT max(last_activity) FROM posts p WHERE p.channel_id = c.id), 0),
		EXISTS (SELECT 1 FROM admins WHERE member_id = ?1)
	FROM channels c LEFT JOIN channel_local l ON l.channel_id = c.id`

func scanChannel(row interface{ Scan(...any) error }) (*store.Channel, error) {
	var c store.Channel
	var created, seen, last int64
	var admin bool
	if err := row.Scan(&c.ID, &c.Name, &c.Description, &c.Icon, &c.Default, &c.AdminsOnly, &c.Archived, &c.CreatedBy, &created,
		&c.Joined, &c.Muted, &seen, &c.Unread, &last, &admin); err != nil {
		return nil, err
	}
	c.CreatedAt, c.LastSeen, c.LastPost = store.FromUnixMillis(created), store.FromUnixMillis(seen), store.FromUnixMillis(last)
	c.CanPost = !c.Archived && (!c.AdminsOnly || admin)
	return &c, nil
}

// FindChannels lists the channels: the defaults in their order, then the
// others by name.
func (db *DB) FindChannels(ctx context.Context) ([]store.Channel, error) {
	if err := db.ensureChannels(ctx); err != nil {
		return nil, err
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := db.db.QueryContext(ctx, channelQuery+`
		ORDER BY c.is_default DESC, CASE WHEN c.is_default THEN c.created_at ELSE 0 END, c.name COLLATE NOCASE, c.id`, me)
	if err != nil {
		return nil, fmt.Errorf("find channels: %w", err)
	}
	defer rows.Close()
	out := []store.Channel{}
	for rows.Next() {
		c, err := scanChannel(rows)
		if err != nil {
			return nil, fmt.Errorf("find channels: %w", err)
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// FindChannel reads one channel as the local member sees it.
func (db *DB) FindChannel(ctx context.Context, id store.DocID) (*store.Channel, error) {
	if err := id.Validate(); err != nil {
		return nil, err
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	c, err := scanChannel(db.db.QueryRowContext(ctx, channelQuery+" WHERE c.id = ?2", me, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.Errorf(store.ENOTFOUND, "That channel does not exist.")
	}
	if err != nil {
		return nil, fmt.Errorf("find channel %s: %w", id, err)
	}
	return c, nil
}

// CreateChannel makes a project channel; anyone may, and they join it.
func (db *DB) CreateChannel(ctx context.Context, name, description string) (*store.Channel, error) {
	name, err := store.ValidateChannelName(name)
	if err != nil {
		return nil, err
	}
	description = strings.Join(strings.Fields(description), " ")
	if len([]rune(description)) > 300 {
		return nil, store.Errorf(store.EINVALID, "A channel description can be at most 300 characters.")
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	if err := db.ensureChannels(ctx); err != nil {
		return nil, err
	}
	var taken int
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM channels WHERE lower(name) = lower(?)", name).Scan(&taken); err != nil {
		return nil, fmt.Errorf("create channel: %w", err)
	}
	if taken > 0 {
		return nil, store.Errorf(store.ECONFLICT, "There is already a channel called #%s.", name)
	}
	c := store.Channel{ID: store.NewDocID(), Name: name, Description: description, CreatedBy: me, CreatedAt: db.Now()}
	err = db.changeChannels(ctx, "add channel", func(d *crdt.Doc) error {
		if _, err := d.EnsureChannels(); err != nil {
			return err
		}
		if err := d.AddChannel(c); err != nil {
			return err
		}
		return d.SetChannelMember(c.ID, me, true)
	})
	if err != nil {
		return nil, err
	}
	return db.FindChannel(ctx, c.ID)
}

// JoinChannel joins or leaves a channel. Nobody leaves General: it is
// where the whole company is reached.
func (db *DB) JoinChannel(ctx context.Context, id store.DocID, joined bool) (*store.Channel, error) {
	c, err := db.FindChannel(ctx, id)
	if err != nil {
		return nil, err
	}
	if !joined && c.Default && c.Name == store.DefaultChannels[0].Name {
		return nil, store.Errorf(store.EFORBIDDEN, "Everyone stays in #%s; mute it instead if it is too busy.", c.Name)
	}
	if c.Joined == joined {
		return c, nil
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	verb := "join channel"
	if !joined {
		verb = "leave channel"
	}
	if err := db.changeChannels(ctx, verb, func(d *crdt.Doc) error { return d.SetChannelMember(id, me, joined) }); err != nil {
		return nil, err
	}
	return db.FindChannel(ctx, id)
}

// MuteChannel mutes or unmutes a channel on this device only.
func (db *DB) MuteChannel(ctx context.Context, id store.DocID, muted bool) (*store.Channel, error) {
	if _, err := db.FindChannel(ctx, id); err != nil {
		return nil, err
	}
	err := <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO channel_local (channel_id, muted) VALUES (?, ?)
			ON CONFLICT (channel_id) DO UPDATE SET muted = excluded.muted`, id, muted)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("mute channel %s: %w", id, err)
	}
	return db.FindChannel(ctx, id)
}

// SeeChannel records that the channel was seen up to now, on this device.
func (db *DB) SeeChannel(ctx context.Context, id store.DocID) (*store.Channel, error) {
	if _, err := db.FindChannel(ctx, id); err != nil {
		return nil, err
	}
	now := db.Now().UnixMilli()
	err := <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO channel_local (channel_id, last_seen) VALUES (?, ?)
			ON CONFLICT (channel_id) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)`, id, now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("see channel %s: %w", id, err)
	}
	return db.FindChannel(ctx, id)
}

// ArchiveChannel archives a channel, or brings it back. Admins may archive
// any channel but General; whoever made a project channel may archive it.
func (db *DB) ArchiveChannel(ctx context.Context, id store.DocID, archived bool) (*store.Channel, error) {
	c, err := db.FindChannel(ctx, id)
	if err != nil {
		return nil, err
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	admin, err := db.isAdmin(ctx, me)
	if err != nil {
		return nil, err
	}
	switch {
	case c.Default && c.Name == store.DefaultChannels[0].Name:
		return nil, store.Errorf(store.EFORBIDDEN, "#%s cannot be archived: it is where the whole company is reached.", c.Name)
	case !admin && (c.Default || c.CreatedBy != me):
		return nil, store.Errorf(store.EFORBIDDEN, "Only an admin or the person who made #%s can archive it.", c.Name)
	}
	if c.Archived == archived {
		return c, nil
	}
	if err := db.changeChannels(ctx, "archive channel", func(d *crdt.Doc) error { return d.SetChannelArchived(id, archived) }); err != nil {
		return nil, err
	}
	return db.FindChannel(ctx, id)
}

func (db *DB) isAdmin(ctx context.Context, member store.DocID) (bool, error) {
	var n int
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM admins WHERE member_id = ?", member).Scan(&n); err != nil {
		return false, fmt.Errorf("find admins: %w", err)
	}
	return n > 0, nil
}
