package crdt

import (
	"fmt"
	"time"

	"github.com/automerge/automerge-go"
	"github.com/longhand/longhand/store"
)

// NewWorkspace creates a workspace document: {kind, name, createdAt}.
func NewWorkspace(name string, now time.Time) (*Doc, error) {
	return newMap(map[string]any{"kind": string(store.KindWorkspace), "name": name, "createdAt": store.UnixMillis(now)})
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
