package crdt

import (
	"encoding/json"
	"fmt"

	"github.com/longhand/longhand/store"
)

// PageRows is what a page's rows hold, read from its document: the
// sandbox worker reads it from the document it checked and saved, so the
// process that stores a page a peer sent need not load the document
// again to write its rows.
type PageRows struct {
	Page    *store.Page
	Review  *store.Review
	Threads []store.Thread
	Anchors map[string]ThreadAnchor
}

// PageRows reads what a page's rows hold.
func (d *Doc) PageRows() (*PageRows, error) {
	p, err := d.Page()
	if err != nil {
		return nil, err
	}
	r, err := d.Review()
	if err != nil {
		return nil, err
	}
	threads, anchors, err := d.Threads()
	if err != nil {
		return nil, err
	}
	return &PageRows{Page: p, Review: r, Threads: threads, Anchors: anchors}, nil
}

// Encode encodes the rows for the trip between processes. Automerge's
// strings are valid UTF-8, which JSON carries unchanged.
func (r *PageRows) Encode() ([]byte, error) { return json.Marshal(r) }

// DecodePageRows decodes what Encode wrote.
func DecodePageRows(b []byte) (*PageRows, error) {
	var r PageRows
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("page rows: %w", err)
	}
	if r.Page == nil || r.Review == nil {
		return nil, fmt.Errorf("page rows: incomplete")
	}
	return &r, nil
}
