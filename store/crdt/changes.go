package crdt

import "fmt"

// ChangesSince returns the bytes of the changes made after heads (all of
// them for ""), oldest first: what a peer that has heads lacks.
func (d *Doc) ChangesSince(heads string) ([][]byte, error) {
	hs, err := parseHeads(heads)
	if err != nil {
		return nil, err
	}
	cs, err := d.am.Changes(hs...)
	if err != nil {
		return nil, fmt.Errorf("changes since %s: %w", heads, err)
	}
	out := make([][]byte, len(cs))
	for i, c := range cs {
		out[i] = c.Save()
	}
	return out, nil
}

// ApplyChanges adds changes to the document; ones it has are ignored, and
// ones whose dependencies it lacks wait inside Automerge until they come.
// The bytes must have been checked first, in a sandbox.
func (d *Doc) ApplyChanges(changes [][]byte) error {
	var all []byte
	for _, c := range changes {
		all = append(all, c...)
	}
	if len(all) == 0 {
		return nil
	}
	if err := d.am.LoadIncremental(all); err != nil {
		return fmt.Errorf("apply %d changes: %w", len(changes), err)
	}
	return nil
}
