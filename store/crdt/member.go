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
