package crdt

import (
	"fmt"
	"sort"
	"time"

	"github.com/automerge/automerge-go"
	"github.com/longhand/longhand/store"
)

// NewWorkspace creates a workspace document:
//
//	kind       "workspace"
//	name       string
//	createdAt  int64, Unix ms
//	spaces     map of space ID to {name, description, icon, home, createdAt,
//	           position, deletedAt}
//
// Each field of a space is its own register, so that two people changing
// different fields of one space, or different spaces, both keep their
// change; two changes of one field resolve to the same winner everywhere.
// The order of the spaces is their position keys (package order), so
// that moving a space writes only its own key.
func NewWorkspace(name string, now time.Time) (*Doc, error) {
	return newMap(map[string]any{"kind": string(store.KindWorkspace), "name": name, "createdAt": store.UnixMillis(now),
		"spaces": map[string]any{}})
}

// AddSpace adds a space to a workspace document.
func (d *Doc) AddSpace(s store.Space) error {
	return d.am.Path("spaces", string(s.ID)).Set(map[string]any{
		"name": s.Name, "description": s.Description, "icon": s.Icon,
		"home": string(s.Home), "createdAt": store.UnixMillis(s.CreatedAt),
		"position": s.Position, "deletedAt": store.UnixMillis(s.DeletedAt),
	})
}

// spaceField sets one field of an existing space.
func (d *Doc) spaceField(id store.DocID, key string, v any) error {
	sp, err := d.am.Path("spaces", string(id)).Get()
	if err != nil {
		return fmt.Errorf("space %s: %w", id, err)
	}
	if sp.Kind() != automerge.KindMap {
		return store.Errorf(store.ENOTFOUND, "That space does not exist any more.")
	}
	if err := sp.Map().Set(key, v); err != nil {
		return fmt.Errorf("set space %s %s: %w", id, key, err)
	}
	return nil
}

// UpdateSpace changes the fields of a space that upd sets, each on its own.
func (d *Doc) UpdateSpace(id store.DocID, upd store.SpaceUpdate) error {
	for key, v := range map[string]*string{"name": upd.Name, "description": upd.Description, "icon": upd.Icon} {
		if v == nil {
			continue
		}
		if err := d.spaceField(id, key, *v); err != nil {
			return err
		}
	}
	return nil
}

// SetSpacePosition moves a space in the order of spaces.
func (d *Doc) SetSpacePosition(id store.DocID, position string) error {
	return d.spaceField(id, "position", position)
}

// SetSpaceDeleted moves a space to the trash at t, or out of it when t is zero.
func (d *Doc) SetSpaceDeleted(id store.DocID, t time.Time) error {
	return d.spaceField(id, "deletedAt", store.UnixMillis(t))
}

// RemoveSpace deletes a space from the workspace for good.
func (d *Doc) RemoveSpace(id store.DocID) error {
	if err := d.am.Path("spaces").Map().Delete(string(id)); err != nil {
		return fmt.Errorf("remove space %s: %w", id, err)
	}
	return nil
}

// Spaces reads the spaces of a workspace document, live and trashed, in
// their order: by position, then (for spaces that have none) by creation,
// then by ID, so that equal keys written by two peers sort the same way
// everywhere.
func (d *Doc) Spaces() ([]store.Space, error) {
	v, err := d.am.RootMap().Get("spaces")
	if err != nil || v.Kind() == automerge.KindVoid {
		return nil, err
	}
	type spaceFields struct {
		Name        string `automerge:"name"`
		Description string `automerge:"description"`
		Icon        string `automerge:"icon"`
		Home        string `automerge:"home"`
		CreatedAt   int64  `automerge:"createdAt"`
		Position    string `automerge:"position"`
		DeletedAt   int64  `automerge:"deletedAt"`
	}
	m, err := automerge.As[map[string]spaceFields](v)
	if err != nil {
		return nil, fmt.Errorf("workspace spaces: %w", err)
	}
	out := make([]store.Space, 0, len(m))
	for id, f := range m {
		out = append(out, store.Space{ID: store.DocID(id), Name: f.Name, Description: f.Description, Icon: f.Icon,
			Home: store.DocID(f.Home), Position: f.Position, CreatedAt: store.FromUnixMillis(f.CreatedAt),
			DeletedAt: store.FromUnixMillis(f.DeletedAt)})
	}
	SortSpaces(out)
	return out, nil
}

// SortSpaces puts spaces in their order: spaces with no position first,
// by creation, then the rest by position; ties by ID.
func SortSpaces(ss []store.Space) {
	sort.SliceStable(ss, func(i, j int) bool {
		a, b := ss[i], ss[j]
		if a.Position != b.Position {
			return a.Position < b.Position
		}
		if !a.CreatedAt.Equal(b.CreatedAt) {
			return a.CreatedAt.Before(b.CreatedAt)
		}
		return a.ID < b.ID
	})
}

// Merge applies another copy's changes to this document, as sync does.
func (d *Doc) Merge(other *Doc) error {
	if _, err := d.am.Merge(other.am); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	return nil
}

// Fork returns an independent copy of the document, as another device
// holds it, with its own actor.
func (d *Doc) Fork() (*Doc, error) {
	f, err := d.am.Fork()
	if err != nil {
		return nil, fmt.Errorf("fork: %w", err)
	}
	return &Doc{am: f}, nil
}

// Workspace reads a workspace document.
func (d *Doc) Workspace() (*store.Workspace, error) {
	name, err := d.str("name")
	if err != nil {
		return nil, fmt.Errorf("workspace name: %w", err)
	}
	created, err := d.int("createdAt")
	if err != nil {
		return nil, fmt.Errorf("workspace createdAt: %w", err)
	}
	return &store.Workspace{Name: name, CreatedAt: store.FromUnixMillis(created)}, nil
}

// A member document's root map holds the profile as strings: kind, name,
// timeZone, role, team, manager (member DocID), workStart and workEnd
// ("HH:MM"), shareSeen (bool), timeFormat ("", "12" or "24"), locale (a BCP 47
// tag or ""), focusUntil and createdAt (Unix ms). Fields missing from older
// documents read as empty.

// NewMember creates a member profile document.
func NewMember(m store.Member) (*Doc, error) {
	d, err := newMap(map[string]any{"kind": string(store.KindMember), "createdAt": store.UnixMillis(m.CreatedAt)})
	if err != nil {
		return nil, err
	}
	return d, d.SetMember(m)
}

// SetMember writes the profile fields that differ from what the document
// holds, so that concurrent changes to different fields both survive.
func (d *Doc) SetMember(m store.Member) error {
	old, err := d.Member()
	if err != nil {
		return err
	}
	root := d.am.RootMap()
	for _, f := range []struct{ key, old, new string }{
		{"name", old.Name, m.Name}, {"timeZone", old.TimeZone, m.TimeZone}, {"role", old.Role, m.Role},
		{"team", old.Team, m.Team}, {"manager", string(old.Manager), string(m.Manager)},
		{"workStart", old.WorkStart, m.WorkStart}, {"workEnd", old.WorkEnd, m.WorkEnd},
		{"timeFormat", old.TimeFormat, m.TimeFormat}, {"locale", old.Locale, m.Locale},
	} {
		if f.old == f.new {
			continue
		}
		if err := root.Set(f.key, f.new); err != nil {
			return fmt.Errorf("set member %s: %w", f.key, err)
		}
	}
	if !old.FocusUntil.Equal(m.FocusUntil) {
		if err := root.Set("focusUntil", store.UnixMillis(m.FocusUntil)); err != nil {
			return fmt.Errorf("set member focusUntil: %w", err)
		}
	}
	if old.ShareSeen != m.ShareSeen {
		if err := root.Set("shareSeen", m.ShareSeen); err != nil {
			return fmt.Errorf("set member shareSeen: %w", err)
		}
	}
	return nil
}

// Member reads a member profile document. ID comes from the store.
func (d *Doc) Member() (*store.Member, error) {
	var m store.Member
	var manager string
	for _, f := range []struct {
		key string
		dst *string
	}{{"name", &m.Name}, {"timeZone", &m.TimeZone}, {"role", &m.Role}, {"team", &m.Team},
		{"manager", &manager}, {"workStart", &m.WorkStart}, {"workEnd", &m.WorkEnd},
		{"timeFormat", &m.TimeFormat}, {"locale", &m.Locale}} {
		v, err := d.str(f.key)
		if err != nil {
			return nil, fmt.Errorf("member %s: %w", f.key, err)
		}
		*f.dst = v
	}
	m.Manager = store.DocID(manager)
	shareSeen, err := d.bool("shareSeen")
	if err != nil {
		return nil, fmt.Errorf("member shareSeen: %w", err)
	}
	m.ShareSeen = shareSeen
	focus, err := d.int("focusUntil")
	if err != nil {
		return nil, fmt.Errorf("member focusUntil: %w", err)
	}
	m.FocusUntil = store.FromUnixMillis(focus)
	if m.WorkStart == "" && m.WorkEnd == "" {
		m.WorkStart, m.WorkEnd = store.DefaultWorkStart, store.DefaultWorkEnd
	}
	created, err := d.int("createdAt")
	if err != nil {
		return nil, fmt.Errorf("member createdAt: %w", err)
	}
	m.CreatedAt = store.FromUnixMillis(created)
	return &m, nil
}

func newMap(fields map[string]any) (*Doc, error) {
	d := &Doc{am: automerge.New()}
	for k, v := range fields {
		if err := d.am.RootMap().Set(k, v); err != nil {
			return nil, fmt.Errorf("set %s: %w", k, err)
		}
	}
	return d, nil
}

// A member document may also hold videosSeen: a map of a video's hash to
// the signed mark (store.VideoMark's token) saying the member watched it.

// SetVideoMark writes the member's mark for a video.
func (d *Doc) SetVideoMark(video, token string) error {
	v, err := d.am.RootMap().Get("videosSeen")
	if err != nil {
		return err
	}
	if v.Kind() == automerge.KindVoid {
		if err := d.am.RootMap().Set("videosSeen", map[string]any{}); err != nil {
			return fmt.Errorf("set member videosSeen: %w", err)
		}
	}
	return d.am.Path("videosSeen", video).Set(token)
}

// VideoMarks reads the marks a member document holds, by video hash.
// Values that are not strings are left out: they are no marks.
func (d *Doc) VideoMarks() (map[string]string, error) {
	v, err := d.am.RootMap().Get("videosSeen")
	if err != nil || v.Kind() != automerge.KindMap {
		return nil, err
	}
	keys, err := v.Map().Keys()
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(keys))
	for _, k := range keys {
		x, err := v.Map().Get(k)
		if err != nil {
			return nil, err
		}
		if x.Kind() == automerge.KindStr {
			out[k] = x.Str()
		}
	}
	return out, nil
}
