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

// NewMember creates a member profile document: {kind, name, timeZone}.
func NewMember(name, timeZone string) (*Doc, error) {
	return newMap(map[string]any{"kind": string(store.KindMember), "name": name, "timeZone": timeZone})
}

// Member reads a member profile document.
func (d *Doc) Member() (*store.Member, error) {
	name, err := d.str("name")
	if err != nil {
		return nil, fmt.Errorf("member name: %w", err)
	}
	tz, err := d.str("timeZone")
	if err != nil {
		return nil, fmt.Errorf("member timeZone: %w", err)
	}
	return &store.Member{Name: name, TimeZone: tz}, nil
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
