package wire

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// MaxFrame is the largest payload a frame may carry. A document larger
// than this travels in several frames.
const MaxFrame = 16 << 20

// Type says what a frame carries.
type Type byte

// Frame types. Values are part of the protocol: never renumber.
const (
	TypeSummary Type = 1 // reconciliation: a set's size and fingerprint
	TypeBuckets Type = 2 // reconciliation: the fingerprints of a set's buckets
	TypeItems   Type = 3 // reconciliation: the items of some buckets
	TypeDone    Type = 4 // reconciliation: the sets are equal, or the differences are known
	TypeDocSnap Type = 5 // a whole document the peer lacks: ID, kind, snapshot
	TypeDocSync Type = 6 // an Automerge sync message for one document: ID, message
	TypeTurnEnd Type = 7 // the end of one side's turn of document messages
)

// ErrFrameTooLarge is returned for a frame over MaxFrame.
var ErrFrameTooLarge = errors.New("frame larger than the 16 MiB limit")

// Frame is one message on the wire.
type Frame struct {
	Type    Type
	Payload []byte
}

// WriteFrame writes a frame: its type, the payload's length as a uvarint,
// and the payload.
func WriteFrame(w io.Writer, f Frame) error {
	if len(f.Payload) > MaxFrame {
		return ErrFrameTooLarge
	}
	// One write per frame: a synchronous pipe would wait for a reader to
	// take even an empty second write.
	b := make([]byte, 0, 1+binary.MaxVarintLen64+len(f.Payload))
	b = append(b, byte(f.Type))
	b = binary.AppendUvarint(b, uint64(len(f.Payload)))
	_, err := w.Write(append(b, f.Payload...))
	return err
}

// ReadFrame reads one frame, refusing one whose length is over MaxFrame
// before reading its payload.
func ReadFrame(r *bufio.Reader) (Frame, error) {
	t, err := r.ReadByte()
	if err != nil {
		return Frame{}, err
	}
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return Frame{}, fmt.Errorf("frame length: %w", unexpected(err))
	}
	if n > MaxFrame {
		return Frame{}, ErrFrameTooLarge
	}
	p := make([]byte, n)
	if _, err := io.ReadFull(r, p); err != nil {
		return Frame{}, fmt.Errorf("frame payload: %w", unexpected(err))
	}
	return Frame{Type: Type(t), Payload: p}, nil
}

func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// FrameSize is how many bytes a frame takes on the wire.
func FrameSize(f Frame) int {
	var b [binary.MaxVarintLen64]byte
	return 1 + binary.PutUvarint(b[:], uint64(len(f.Payload))) + len(f.Payload)
}

// Conn is a connection read through one buffer for the whole of a session,
// so that no step's reader holds bytes the next step needs: a peer that
// finishes a step by writing may write the next step's first frame before
// this side has read the last of the step before.
type Conn struct {
	r *bufio.Reader
	w io.Writer
}

// NewConn returns rw with one read buffer for its life; rw itself if it
// is one already.
func NewConn(rw io.ReadWriter) *Conn {
	if c, ok := rw.(*Conn); ok {
		return c
	}
	return &Conn{r: bufio.NewReader(rw), w: rw}
}

func (c *Conn) Read(p []byte) (int, error)  { return c.r.Read(p) }
func (c *Conn) Write(p []byte) (int, error) { return c.w.Write(p) }

// Reader returns the buffered reader to read frames from r: the session's
// own when r is a *Conn, else a new one (and then the reader must not be
// left holding bytes of what follows).
func Reader(r io.Reader) *bufio.Reader {
	if c, ok := r.(*Conn); ok {
		return c.r
	}
	return bufio.NewReader(r)
}
