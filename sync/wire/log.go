package wire

import (
	"encoding/binary"
	"fmt"
)

// TypeLog carries a device's whole membership log, sent by each side
// before anything else so that both judge the other by the same entries.
const TypeLog Type = 16

// MaxLogEntries bounds the entries a peer may send in one log frame.
const MaxLogEntries = 100_000

// EncodeLog encodes membership log entries, each as its signed bytes.
func EncodeLog(entries [][]byte) []byte {
	out := binary.AppendUvarint(nil, uint64(len(entries)))
	for _, e := range entries {
		out = binary.AppendUvarint(out, uint64(len(e)))
		out = append(out, e...)
	}
	return out
}

// DecodeLog decodes a log frame. The entries themselves are verified by
// the store, like any entry from outside.
func DecodeLog(p []byte) ([][]byte, error) {
	n, k := uvarint(p)
	if k <= 0 || n > MaxLogEntries {
		return nil, fmt.Errorf("membership log: bad entry count")
	}
	p = p[k:]
	out := make([][]byte, 0, min(n, uint64(len(p))))
	for i := uint64(0); i < n; i++ {
		l, k := uvarint(p)
		if k <= 0 || l == 0 || l > uint64(len(p)-k) {
			return nil, fmt.Errorf("membership log: entry %d: bad length", i)
		}
		out = append(out, p[k:k+int(l)])
		p = p[k+int(l):]
	}
	if len(p) != 0 {
		return nil, fmt.Errorf("membership log: %d bytes after the last entry", len(p))
	}
	return out, nil
}
