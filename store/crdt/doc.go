// Package crdt keeps Longhand's shared documents as Automerge documents:
// one schema per kind, helpers to read them into domain values, and the
// change bytes that the change log stores. It knows nothing of SQLite or
// the network. Bytes loaded here must already be trusted: a malformed
// document can abort the process inside the Rust core, so bytes from
// outside are checked elsewhere before they arrive. Two readers here take
// bytes from outside, in Go, before the core does: DecodeSyncMessage
// (every sync message) and Measure (a document's size, for the sandbox).
package crdt

import (
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
)

// Doc is one Automerge document of a known kind.
type Doc struct {
	am *automerge.Doc
}

// Load rebuilds a document from its snapshot and the changes saved since.
func Load(snapshot []byte, changes [][]byte) (*Doc, error) {
	am, err := automerge.Load(snapshot)
	if err != nil {
		return nil, fmt.Errorf("load snapshot: %w", err)
	}
	// One call for all changes: each call costs a pass over the document.
	if len(changes) > 0 {
		n := 0
		for _, c := range changes {
			n += len(c)
		}
		all := make([]byte, 0, n)
		for _, c := range changes {
			all = append(all, c...)
		}
		if err := am.LoadIncremental(all); err != nil {
			return nil, fmt.Errorf("load %d changes: %w", len(changes), err)
		}
	}
	return &Doc{am: am}, nil
}

// Heads returns the document's heads as a canonical string: sorted hex
// hashes joined by commas.
func (d *Doc) Heads() string { return formatHeads(d.am.Heads()) }

// Save returns a snapshot of the whole document.
func (d *Doc) Save() []byte { return d.am.Save() }

// Commit records the operations made since the last commit as one change
// and returns its bytes, or nil when there was nothing to commit.
func (d *Doc) Commit(msg string, now time.Time) ([]byte, error) {
	h, err := d.am.Commit(msg, automerge.CommitOptions{Time: &now, AllowEmpty: false})
	if err != nil {
		if strings.Contains(err.Error(), "Commit is empty") {
			return nil, nil
		}
		return nil, fmt.Errorf("commit: %w", err)
	}
	return d.changeBytes(h)
}

func (d *Doc) changeBytes(h automerge.ChangeHash) ([]byte, error) {
	c, err := d.am.Change(h)
	if err != nil {
		return nil, fmt.Errorf("read change %s: %w", h, err)
	}
	return c.Save(), nil
}

// HasHeads reports whether every hash in heads is known to the document.
func (d *Doc) HasHeads(heads string) bool {
	hs, err := parseHeads(heads)
	if err != nil {
		return false
	}
	for _, h := range hs {
		if _, err := d.am.Change(h); err != nil {
			return false
		}
	}
	return true
}

// ChangeAt makes a change against an earlier version of the document, given
// by its heads, and merges it into the current one, as a peer that had
// only seen that version would. It returns the change's bytes.
func (d *Doc) ChangeAt(heads, msg string, now time.Time, edit func(*Doc) error) ([]byte, error) {
	hs, err := parseHeads(heads)
	if err != nil {
		return nil, err
	}
	fork, err := d.am.Fork(hs...)
	if err != nil {
		return nil, fmt.Errorf("fork at %s: %w", heads, err)
	}
	fd := &Doc{am: fork}
	if err := edit(fd); err != nil {
		return nil, err
	}
	b, err := fd.Commit(msg, now)
	if err != nil || b == nil {
		return b, err
	}
	if err := d.am.LoadIncremental(b); err != nil {
		return nil, fmt.Errorf("merge change: %w", err)
	}
	return b, nil
}

func formatHeads(hs []automerge.ChangeHash) string {
	s := make([]string, len(hs))
	for i, h := range hs {
		s[i] = h.String()
	}
	sort.Strings(s)
	return strings.Join(s, ",")
}

func parseHeads(heads string) ([]automerge.ChangeHash, error) {
	if heads == "" {
		return nil, nil
	}
	parts := strings.Split(heads, ",")
	hs := make([]automerge.ChangeHash, len(parts))
	for i, p := range parts {
		if len(p) != 64 {
			return nil, fmt.Errorf("heads %q: bad hash length", heads)
		}
		if _, err := hex.DecodeString(p); err != nil {
			return nil, fmt.Errorf("heads %q: %w", heads, err)
		}
		h, err := automerge.NewChangeHash(p)
		if err != nil {
			return nil, fmt.Errorf("heads %q: %w", heads, err)
		}
		hs[i] = h
	}
	return hs, nil
}

func (d *Doc) str(key string) (string, error) {
	v, err := d.am.RootMap().Get(key)
	if err != nil {
		return "", err
	}
	if v.Kind() == automerge.KindVoid {
		return "", nil
	}
	return automerge.As[string](v)
}

func (d *Doc) int(key string) (int64, error) {
	v, err := d.am.RootMap().Get(key)
	if err != nil {
		return 0, err
	}
	if v.Kind() == automerge.KindVoid {
		return 0, nil
	}
	return automerge.As[int64](v)
}

func (d *Doc) bool(key string) (bool, error) {
	v, err := d.am.RootMap().Get(key)
	if err != nil {
		return false, err
	}
	if v.Kind() == automerge.KindVoid {
		return false, nil
	}
	return automerge.As[bool](v)
}

func (d *Doc) text(key string) *automerge.Text {
	return d.am.Path(key).Text()
}

// Kind returns the kind the document says it is.
func (d *Doc) Kind() string {
	k, _ := d.str("kind")
	return k
}
