package crdt

import (
	"fmt"
	"time"

	"github.com/automerge/automerge-go"
	"github.com/longhand/longhand/store"
)

// NewWorkspace creates a workspace document:
//
//	kind       "workspace"
//	name       string
//	createdAt  int64, Unix ms
//	spaces     map of space ID to {name, description, icon, home, createdAt}
func NewWorkspace(name string, now time.Time) (*Doc, error) {
	return newMap(map[string]any{"kind": string(store.KindWorkspace), "name": name, "createdAt": store.UnixMillis(now),
		"spaces": map[string]any{}})
}

// AddSpace adds a space to a workspace document.
func (d *Doc) AddSpace(s store.Space) error {
	return d.am.Path("spaces", string(s.ID)).Set(map[string]any{
		"name": s.Name, "description": s.Description, "icon": s.Icon,
		"home": string(s.Home), "createdAt": store.UnixMillis(s.CreatedAt),
	})
}

// Spaces reads the spaces of a workspace document, in no order.
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
	}
	m, err := automerge.As[map[string]spaceFields](v)
	if err != nil {
		return nil, fmt.Errorf("workspace spaces: %w", err)
	}
	out := make([]store.Space, 0, len(m))
	for id, f := range m {
		out = append(out, store.Space{ID: store.DocID(id), Name: f.Name, Description: f.Description, Icon: f.Icon,
			Home: store.DocID(f.Home), CreatedAt: store.FromUnixMillis(f.CreatedAt)})
	}
	return out, nil
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
// ("HH:MM"), and createdAt (Unix ms). Fields missing from older documents
// read as empty.

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
	} {
		if f.old == f.new {
			continue
		}
		if err := root.Set(f.key, f.new); err != nil {
			return fmt.Errorf("set member %s: %w", f.key, err)
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
		{"manager", &manager}, {"workStart", &m.WorkStart}, {"workEnd", &m.WorkEnd}} {
		v, err := d.str(f.key)
		if err != nil {
			return nil, fmt.Errorf("member %s: %w", f.key, err)
		}
		*f.dst = v
	}
	m.Manager = store.DocID(manager)
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
