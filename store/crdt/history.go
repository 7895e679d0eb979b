package crdt

import (
	"fmt"
	"strings"

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
