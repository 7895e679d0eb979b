package sandbox

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// MaxFrame bounds one request or answer: 256 MiB.
const MaxFrame = 256 << 20

var errFrameTooBig = errors.New("frame larger than the limit")

// writeFrame writes a frame: its length, then its fields, each a byte
// string with its own length.
func writeFrame(w io.Writer, fields ...[]byte) error {
	n := 0
	for _, f := range fields {
		n += 4 + len(f)
	}
	if n > MaxFrame {
		return errFrameTooBig
	}
	buf := make([]byte, 4, 4+n)
	binary.BigEndian.PutUint32(buf, uint32(n))
	for _, f := range fields {
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(f)))
		buf = append(buf, f...)
	}
	_, err := w.Write(buf)
	return err
}

// readFrame reads a frame written by writeFrame.
func readFrame(r io.Reader) ([][]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n > MaxFrame {
		return nil, errFrameTooBig
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, fmt.Errorf("frame body: %w", noEOF(err))
	}
	return splitFields(body)
}

// splitFields parses the fields of a frame body.
func splitFields(body []byte) ([][]byte, error) {
	var fields [][]byte
	for len(body) > 0 {
		if len(body) < 4 {
			return nil, errors.New("frame: truncated field length")
		}
		m := binary.BigEndian.Uint32(body)
		body = body[4:]
		if uint64(m) > uint64(len(body)) {
			return nil, errors.New("frame: field longer than the frame")
		}
		fields = append(fields, body[:m:m])
		body = body[m:]
	}
	return fields, nil
}

func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}
