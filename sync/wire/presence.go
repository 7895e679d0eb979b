package wire

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
)

// TypePresence opens a connection of its own, instead of a hello: one
// presence message (sync/presence), and the connection closes. It is never
// part of a sync session and nothing stores it.
const TypePresence Type = 22

// ReadSmallFrame reads one frame of type want whose payload is at most max
// bytes, refusing a longer one before reading its payload.
func ReadSmallFrame(r *bufio.Reader, want Type, max int) ([]byte, error) {
	t, err := r.ReadByte()
	if err != nil {
		return nil, err
	}
	if Type(t) != want {
		return nil, fmt.Errorf("a frame of type %d, not %d", t, want)
	}
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return nil, fmt.Errorf("frame length: %w", unexpected(err))
	}
	if n > uint64(max) {
		return nil, fmt.Errorf("a frame of %d bytes; at most %d", n, max)
	}
	p := make([]byte, n)
	if _, err := io.ReadFull(r, p); err != nil {
		return nil, fmt.Errorf("frame payload: %w", unexpected(err))
	}
	return p, nil
}
