package crdt

import (
	"fmt"
	"sort"
	"strings"

	"github.com/automerge/automerge-go"

	"github.com/longhand/longhand/store"
)

// History lists the document's changes in causal order. The author of
// each comes from its message, "<verb> by <member ID>".
func (d *Doc) History() ([]store.Change, error) {
	cs, err := d.am.Changes()
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	out := make([]store.Change, len(cs))
	for i, c := range cs {
		verb, by, _ := strings.Cut(c.Message(), " by ")
		out[i] = store.Change{Hash: c.Hash().String(), Author: store.DocID(by), Verb: verb, Time: c.Timestamp().UTC()}
	}
	return out, nil
}

// PageAt returns the page as it was at the given heads.
func (d *Doc) PageAt(heads string) (*store.Page, error) {
	hs, err := parseHeads(heads)
	if err != nil || len(hs) == 0 {
		return nil, fmt.Errorf("version %q: not a version of this page", heads)
	}
	for _, h := range hs {
		if _, err := d.am.Change(h); err != nil {
			return nil, fmt.Errorf("version %q: not a version of this page", heads)
		}
	}
	fork, err := d.am.Fork(hs...)
	if err != nil {
		return nil, fmt.Errorf("version %s: %w", heads, err)
	}
	return (&Doc{am: fork}).Page()
}

// namedPrefix starts the root keys of named versions. Each name is a key
// of the root map of its own ("version:<ID>" to {name, heads, by, at})
// rather than an entry of one shared map: two devices that both made such
// a map for a page's first name would conflict, and one map would win.
const namedPrefix = "version:"

// AddNamedVersion records a name for the page as it was at n.Heads, in the
// page's document, so that it syncs with the page; names added on two
// devices are both kept.
func (d *Doc) AddNamedVersion(n store.NamedVersion) error {
	if !d.HasHeads(n.Heads) || n.Heads == "" {
		return fmt.Errorf("name version: heads %q are not of this page", n.Heads)
	}
	return d.am.RootMap().Set(namedPrefix+n.ID, map[string]any{
		"name": n.Name, "heads": n.Heads, "by": string(n.By), "at": store.UnixMillis(n.At),
	})
}

// NamedVersions lists the names given to versions of the page, oldest
// first. Names whose heads the document does not hold are left out.
func (d *Doc) NamedVersions() ([]store.NamedVersion, error) {
	keys, err := d.am.RootMap().Keys()
	if err != nil {
		return nil, fmt.Errorf("named versions: %w", err)
	}
	type fields struct {
		Name  string `automerge:"name"`
		Heads string `automerge:"heads"`
		By    string `automerge:"by"`
		At    int64  `automerge:"at"`
	}
	m := map[string]fields{}
	for _, k := range keys {
		id, ok := strings.CutPrefix(k, namedPrefix)
		if !ok {
			continue
		}
		v, err := d.am.RootMap().Get(k)
		if err != nil {
			return nil, fmt.Errorf("named version %s: %w", id, err)
		}
		f, err := automerge.As[fields](v)
		if err != nil {
			return nil, fmt.Errorf("named version %s: %w", id, err)
		}
		m[id] = f
	}
	out := make([]store.NamedVersion, 0, len(m))
	for id, f := range m {
		if !d.HasHeads(f.Heads) || f.Heads == "" {
			continue
		}
		out = append(out, store.NamedVersion{ID: id, Name: f.Name, Heads: f.Heads, By: store.DocID(f.By), At: store.FromUnixMillis(f.At)})
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.Before(out[j].At)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}
