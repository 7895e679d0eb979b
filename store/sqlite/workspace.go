package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/store/order"
)

var _ store.WorkspaceService = (*DB)(nil)

// FindSession returns the workspace and the local member, or an empty
// session before the first run's setup.
func (db *DB) FindSession(ctx context.Context) (*store.Session, error) {
	var sess store.Session
	var ws store.Workspace
	var created int64
	err := db.db.QueryRowContext(ctx, `
		SELECT id, name, created_at FROM workspace
		UNION ALL
		SELECT w.value, n.value, CAST(c.value AS INTEGER) FROM local w, local n, local c
		WHERE w.key = 'joined_workspace' AND n.key = 'joined_name' AND c.key = 'joined_created'
		LIMIT 1`).Scan(&ws.ID, &ws.Name, &created)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return &sess, nil
	case err != nil:
		return nil, fmt.Errorf("find workspace: %w", err)
	}
	ws.CreatedAt = store.FromUnixMillis(created)
	sess.Workspace = &ws
	m, err := scanMember(db.db.QueryRowContext(ctx, `
		SELECT `+memberColumns+` FROM members WHERE id = (SELECT value FROM local WHERE key = 'me')`))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		// Joined as a person whose profile has not arrived yet: what the
		// invitation said stands in for it.
		m = &store.Member{WorkStart: store.DefaultWorkStart, WorkEnd: store.DefaultWorkEnd}
		err := db.db.QueryRowContext(ctx, `
			SELECT i.value, n.value, z.value FROM local i, local n, local z
			WHERE i.key = 'me' AND n.key = 'joined_me_name' AND z.key = 'joined_me_zone'`).Scan(&m.ID, &m.Name, &m.TimeZone)
		if errors.Is(err, sql.ErrNoRows) {
			return &sess, nil
		}
		if err != nil {
			return nil, fmt.Errorf("find me: %w", err)
		}
	case err != nil:
		return nil, fmt.Errorf("find me: %w", err)
	}
	sess.Me = m
	if sess.Guest = db.guest(ctx); sess.Guest {
		if st, err := db.MembershipState(ctx); err == nil && st.Members[m.ID] != nil {
			for _, sp := range st.Members[m.ID].Spaces {
				sess.Spaces = append(sess.Spaces, store.DocID(sp))
			}
		}
	}
	return &sess, nil
}

// CreateWorkspace creates the workspace and the local member on first run.
func (db *DB) CreateWorkspace(ctx context.Context, workspaceName, personName, timeZone string) (*store.Session, error) {
	personName, err := store.ValidateName("name", personName)
	if err != nil {
		return nil, err
	}
	if err := store.ValidateTimeZone(timeZone); err != nil {
		return nil, err
	}
	if workspaceName == "" {
		workspaceName = personName + "’s workspace"
	}
	if workspaceName, err = store.ValidateName("workspace name", workspaceName); err != nil {
		return nil, err
	}
	db.setupMu.Lock()
	defer db.setupMu.Unlock()
	if sess, err := db.FindSession(ctx); err != nil {
		return nil, err
	} else if sess.Workspace != nil {
		return nil, store.Errorf(store.ECONFLICT, "This data folder already holds the workspace %q.", sess.Workspace.Name)
	}
	now := db.Now()
	wsDoc, err := crdt.NewWorkspace(workspaceName, now)
	if err != nil {
		return nil, err
	}
	wsID, meID := store.NewDocID(), store.NewDocID()
	var first *membership.Entry // the membership log's first entry, when this device has a key
	if db.Signer != nil {
		wsID = membership.WorkspaceID(db.Signer.PublicKey(), meID)
		first = &membership.Entry{Kind: membership.KindCreate, Workspace: wsID, Time: now, Name: workspaceName, Member: meID}
		if err := first.Sign(db.Signer); err != nil {
			return nil, err
		}
	}
	me := store.Member{ID: meID, Name: personName, TimeZone: timeZone, WorkStart: store.DefaultWorkStart,
		WorkEnd: store.DefaultWorkEnd, CreatedAt: now}
	meDoc, err := crdt.NewMember(me)
	if err != nil {
		return nil, err
	}
	// The default spaces, each with a home page saying what belongs there;
	// a few milliseconds apart so they list in this order.
	type space struct {
		sp   store.Space
		doc  *crdt.Doc
		home *store.Page
	}
	var spaces []space
	pos := ""
	for i, def := range store.DefaultSpaces {
		pos = order.Between(pos, "")
		sp := store.Space{ID: store.NewDocID(), Name: def.Name, Description: def.Description, Icon: def.Icon,
			Position: pos, CreatedAt: now.Add(time.Duration(i) * time.Millisecond)}
		home := homePage(sp, def.Home)
		d, err := newSpaceHome(&sp, home, meID, now)
		if err != nil {
			return nil, err
		}
		if err := wsDoc.AddSpace(sp); err != nil {
			return nil, err
		}
		spaces = append(spaces, space{sp, d, home})
	}
	// The default channels, with the creator as the workspace's admin.
	if err := addDefaultChannels(wsDoc, meID, now); err != nil {
		return nil, err
	}
	for _, d := range []*crdt.Doc{wsDoc, meDoc} {
		if _, err := d.Commit("create by "+string(meID), now); err != nil {
			return nil, err
		}
	}
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		if err := insertDoc(ctx, tx, wsID, store.KindWorkspace, wsDoc, now); err != nil {
			return err
		}
		if err := insertDoc(ctx, tx, meID, store.KindMember, meDoc, now); err != nil {
			return err
		}
		for _, stmt := range []struct {
			q    string
			args []any
		}{
			{"INSERT INTO workspace (id, name, created_at) VALUES (?, ?, ?)", []any{wsID, workspaceName, now.UnixMilli()}},
			{"INSERT INTO local (key, value) VALUES ('me', ?)", []any{meID}},
		} {
			if _, err := tx.ExecContext(ctx, stmt.q, stmt.args...); err != nil {
				return fmt.Errorf("create workspace: %w", err)
			}
		}
		if err := upsertMemberRow(ctx, tx, &me); err != nil {
			return err
		}
		if first != nil {
			h := first.Hash()
			if _, err := tx.ExecContext(ctx, "INSERT INTO membership_entries (hash, seq, body, sum, received_at) VALUES (?, 1, ?, ?, ?)",
				h[:], first.Bytes(), checksum(first.Bytes()), now.UnixMilli()); err != nil {
				return fmt.Errorf("create workspace: %w", err)
			}
		}
		var all []store.Space
		for _, s := range spaces {
			if err := insertHome(ctx, tx, s.sp, s.doc, now); err != nil {
				return err
			}
			all = append(all, s.sp)
		}
		if err := writeSpaceRows(ctx, tx, all); err != nil {
			return err
		}
		return writeChannelRows(ctx, tx, wsDoc)
	})
	if err != nil {
		return nil, err
	}
	return db.FindSession(ctx)
}

// me returns the local member's ID; EFORBIDDEN before setup.
func (db *DB) me(ctx context.Context) (store.DocID, error) {
	if id, ok := db.meID.Load().(store.DocID); ok {
		return id, nil
	}
	var id store.DocID
	err := db.db.QueryRowContext(ctx, "SELECT value FROM local WHERE key = 'me'").Scan(&id)
	if err == nil {
		db.meID.Store(id)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return "", store.Errorf(store.EFORBIDDEN, "Set up your profile first.")
	}
	if err != nil {
		return "", fmt.Errorf("find me: %w", err)
	}
	return id, nil
}

// commitMessage is the message of a change: what was done and by whom, so
// that history can group changes by author. Automerge actor IDs name a
// session of a document, not a person.
func (db *DB) commitMessage(ctx context.Context, verb string) string {
	me, err := db.me(ctx)
	if err != nil {
		return verb
	}
	return verb + " by " + string(me)
}

// ActAs makes this device act as another member from now on, as if that
// person had set it up. Only development builds call it, for end-to-end
// tests that play each side of a conversation on one data folder.
func (db *DB) ActAs(ctx context.Context, id store.DocID) error {
	if _, err := db.FindMember(ctx, id); err != nil {
		return err
	}
	err := <-db.w.submit("", "", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE local SET value = ? WHERE key = 'me'", id)
		return err
	})
	if err != nil {
		return fmt.Errorf("act as %s: %w", id, err)
	}
	db.meID.Store(id)
	db.myRole.Store(roleUnknown)
	return nil
}

// JoinWorkspace sets up an empty data folder as a new device of an
// existing workspace, from its membership log as a member's device gave
// it: the log must verify, be the log of workspace, and admit this
// device (db.Signer) for member ("" for whichever member it admits it for).
// A new person, who joined through an invitation that named no one, gets
// a profile made of personName and timeZone. A person whose profile
// exists already (made by the inviter before they joined, or theirs, when
// adding a device) keeps it: it arrives with the workspace's documents at
// the first sync. Until it does, personName and timeZone stand in for it
// in the directory's row, so that the workspace opens as theirs.
func (db *DB) JoinWorkspace(ctx context.Context, workspace store.DocID, log [][]byte, member store.DocID,
	personName, timeZone string) (*store.Session, error) {
	if db.Signer == nil {
		return nil, store.Errorf(store.EUNAVAILABLE, "This device has no key yet, so it cannot join a workspace.")
	}
	if member != "" {
		if err := member.Validate(); err != nil {
			return nil, err
		}
	}
	db.setupMu.Lock()
	defer db.setupMu.Unlock()
	if sess, err := db.FindSession(ctx); err != nil {
		return nil, err
	} else if sess.Workspace != nil {
		return nil, store.Errorf(store.ECONFLICT, "This data folder already holds the workspace %q.", sess.Workspace.Name)
	}
	if _, err := db.AddMembershipEntries(ctx, log); err != nil {
		return nil, err
	}
	st, err := db.MembershipState(ctx)
	if err != nil {
		return nil, err
	}
	if st.Workspace != workspace {
		return nil, store.Errorf(store.EFORBIDDEN, "The member's device sent the log of another workspace; nothing was joined.")
	}
	dev := st.Devices[membership.DeviceIDOf(db.Signer.PublicKey())]
	if dev != nil && member == "" {
		member = dev.Member // "": whoever the log says this device is
	}
	if dev == nil || dev.Member != member {
		return nil, store.Errorf(store.EFORBIDDEN, "The workspace's log does not admit this device yet; nothing was joined.")
	}
	now := db.Now()
	var created time.Time
	entries, err := db.MembershipEntries(ctx)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.Kind == membership.KindCreate {
			created = e.Time
		}
	}
	// This device's own join says whether it brought a new person: one
	// through an invitation that named no one.
	newPerson := false
	for _, e := range entries {
		if inv := st.Invites[e.Invite]; e.Kind == membership.KindJoin && membership.DeviceIDOf(e.Device) == dev.ID &&
			inv != nil && inv.ForMember == "" {
			newPerson = true
		}
	}
	var meDoc *crdt.Doc
	var me *store.Member
	if newPerson {
		if personName, err = store.ValidateName("name", personName); err != nil {
			return nil, err
		}
		if err := store.ValidateTimeZone(timeZone); err != nil {
			return nil, err
		}
		me = &store.Member{ID: member, Name: personName, TimeZone: timeZone, WorkStart: store.DefaultWorkStart,
			WorkEnd: store.DefaultWorkEnd, CreatedAt: now}
		if meDoc, err = crdt.NewMember(*me); err != nil {
			return nil, err
		}
		if _, err := meDoc.Commit("create by "+string(member), now); err != nil {
			return nil, err
		}
	}
	// Until the profile arrives, the session knows me by what the
	// invitation said (FindSession).
	standIn := map[string]any{}
	if name, err := store.ValidateName("name", personName); !newPerson && err == nil && store.ValidateTimeZone(timeZone) == nil {
		standIn = map[string]any{"joined_me_name": name, "joined_me_zone": timeZone}
	}
	err = <-db.w.submit("", "", func(tx *sql.Tx) error {
		// The workspace's row waits for its document, which the first sync
		// brings; until then the session knows it from here.
		keys := map[string]any{"me": member, "joined_workspace": workspace, "joined_name": st.Name,
			"joined_created": strconv.FormatInt(created.UnixMilli(), 10)}
		maps.Copy(keys, standIn)
		for k, v := range keys {
			if _, err := tx.ExecContext(ctx, "INSERT INTO local (key, value) VALUES (?, ?)", k, v); err != nil {
				return fmt.Errorf("join workspace: %w", err)
			}
		}
		if meDoc == nil {
			return nil
		}
		if err := insertDoc(ctx, tx, member, store.KindMember, meDoc, now); err != nil {
			return err
		}
		return upsertMemberRow(ctx, tx, me)
	})
	if err != nil {
		return nil, err
	}
	db.myRole.Store(roleUnknown) // now that I am known, my role is worked out from the log
	return db.FindSession(ctx)
}
