package wire

import (
	"encoding/binary"
	"fmt"
)

// MaxKindLen is the longest document kind name.
const MaxKindLen = 32

// DocSnap is a whole document sent to a peer that lacks it.
type DocSnap struct {
	ID       [IDLen]byte
	Kind     string
	Snapshot []byte
}

// DocSync is one Automerge sync message for one document.
type DocSync struct {
	ID      [IDLen]byte
	Message []byte
}

// EncodeDocSnap encodes a document snapshot.
func EncodeDocSnap(d DocSnap) []byte {
	out := append([]byte{}, d.ID[:]...)
	out = binary.AppendUvarint(out, uint64(len(d.Kind)))
	out = append(out, d.Kind...)
	return append(out, d.Snapshot...)
}

// DecodeDocSnap decodes a document snapshot. The snapshot's bytes are not
// checked here: they go to the store's sandbox like any bytes from outside.
func DecodeDocSnap(p []byte) (DocSnap, error) {
	var d DocSnap
	if len(p) < IDLen {
		return d, fmt.Errorf("document snapshot: %w", errShort)
	}
	copy(d.ID[:], p)
	p = p[IDLen:]
	n, k := uvarint(p)
	if k <= 0 || n > MaxKindLen || n > uint64(len(p)-k) {
		return d, fmt.Errorf("document snapshot: bad kind length")
	}
	d.Kind = string(p[k : k+int(n)])
	d.Snapshot = p[k+int(n):]
	if len(d.Snapshot) == 0 {
		return d, fmt.Errorf("document snapshot: no bytes")
	}
	return d, nil
}

// EncodeDocSync encodes a sync message.
func EncodeDocSync(d DocSync) []byte { return append(append([]byte{}, d.ID[:]...), d.Message...) }

// DecodeDocSync decodes a sync message; its bytes are checked by the store.
func DecodeDocSync(p []byte) (DocSync, error) {
	var d DocSync
	if len(p) <= IDLen {
		return d, fmt.Errorf("sync message: %w", errShort)
	}
	copy(d.ID[:], p)
	d.Message = p[IDLen:]
	return d, nil
}
