package crdt

import (
	"bufio"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"slices"
)

// Size is what a document costs to load: its changes and its operations.
// Every operation ever made counts, a deleted character as much as a live
// one: Automerge keeps them all, and loading costs 10-20 µs and up to
// 900 bytes of memory for each.
type Size struct {
	Changes, Ops int
}

// Over reports whether s passes max in either count.
func (s Size) Over(max Size) bool { return s.Changes > max.Changes || s.Ops > max.Ops }

// maxColumnInflate bounds the bytes one deflated column may inflate to
// while it is measured; Automerge deflates columns, so a few hundred bytes
// can stand for millions of operations.
const maxColumnInflate = 64 << 20

// Measure reads the sizes of the Automerge bytes in b (a saved document,
// changes, or a document followed by changes) from their column headers,
// without the Rust core and without inflating more than it counts. It
// stops counting once it passes stop, so a hostile document costs little
// to refuse. An uncompressed change chunk counts as one change with the
// operations its columns hold; a compressed one as one change (the
// sandbox measures a loaded document again). Bytes it cannot read are an
// error.
func Measure(b []byte, stop Size) (Size, error) {
	var total Size
	for len(b) > 0 {
		d := &syncDecoder{b: b}
		magic, err := d.take(4)
		if err != nil || [4]byte(magic) != chunkMagic {
			return total, errors.New("not an Automerge chunk")
		}
		if _, err := d.take(4); err != nil { // checksum
			return total, err
		}
		t, err := d.byte()
		if err != nil {
			return total, err
		}
		n, err := d.uvarint()
		if err != nil {
			return total, fmt.Errorf("chunk length: %w", err)
		}
		data, err := d.take(n)
		if err != nil {
			return total, fmt.Errorf("chunk: %w", err)
		}
		switch t {
		case chunkDocument:
			s, err := measureDocument(data, stop)
			if err != nil {
				return total, fmt.Errorf("document chunk: %w", err)
			}
			total.Changes += s.Changes
			total.Ops += s.Ops
		case chunkChange:
			ops, err := measureChange(data, stop.Ops-total.Ops)
			if err != nil {
				return total, fmt.Errorf("change chunk: %w", err)
			}
			total.Changes++
			total.Ops += ops
		case chunkCompressedChange:
			total.Changes++
		default:
			return total, fmt.Errorf("chunk type %d", t)
		}
		if total.Over(stop) {
			return total, nil
		}
		b = b[d.off:]
	}
	return total, nil
}

// Column specifications (id << 4 | type, the deflate bit 0x08 cleared) of
// the columns whose rows are the changes and the operations of a document
// chunk: the changes' actor and seq, the operations' ID actor, ID counter
// and action. See automerge's rust/automerge/src/storage/document/.
var (
	changeRowColumns = []uint64{0x01, 0x03}
	opRowColumns     = []uint64{0x21, 0x23, 0x42}
)

type column struct {
	spec uint64
	n    uint64
	data []byte
}

func measureDocument(b []byte, stop Size) (Size, error) {
	d := &syncDecoder{b: b}
	actors, err := d.uvarint()
	if err != nil {
		return Size{}, fmt.Errorf("actors: %w", err)
	}
	if actors > uint64(len(b)) {
		return Size{}, fmt.Errorf("%d actors in %d bytes", actors, len(b))
	}
	for range actors {
		if _, err := d.bytes("actor"); err != nil {
			return Size{}, err
		}
	}
	heads, err := d.uvarint()
	if err != nil {
		return Size{}, fmt.Errorf("heads: %w", err)
	}
	if heads > uint64(len(b))/HashLen {
		return Size{}, fmt.Errorf("%d heads in %d bytes", heads, len(b))
	}
	if _, err := d.take(heads * HashLen); err != nil {
		return Size{}, fmt.Errorf("heads: %w", err)
	}
	changeCols, err := d.columnsMeta()
	if err != nil {
		return Size{}, fmt.Errorf("change columns: %w", err)
	}
	opCols, err := d.columnsMeta()
	if err != nil {
		return Size{}, fmt.Errorf("operation columns: %w", err)
	}
	for _, cols := range [][]column{changeCols, opCols} {
		for i := range cols {
			if cols[i].data, err = d.take(cols[i].n); err != nil {
				return Size{}, fmt.Errorf("column data: %w", err)
			}
		}
	}
	var s Size
	if s.Changes, err = rows(changeCols, changeRowColumns, stop.Changes); err != nil {
		return s, fmt.Errorf("changes: %w", err)
	}
	if s.Ops, err = rows(opCols, opRowColumns, stop.Ops); err != nil {
		return s, fmt.Errorf("operations: %w", err)
	}
	return s, nil
}

// measureChange counts the operations of a change chunk: the rows of its
// longest operation column. A change holds its dependencies, its actor,
// sequence number, first operation's counter, time and message, the other
// actors it names, then its operation columns (see the Automerge binary
// format). Every column but raw values is counted, however it is encoded,
// so that no column can stand for more operations than are counted.
func measureChange(b []byte, stop int) (int, error) {
	d := &syncDecoder{b: b}
	if _, err := d.hashes("dependency"); err != nil {
		return 0, err
	}
	if _, err := d.bytes("actor"); err != nil {
		return 0, err
	}
	for _, what := range []string{"sequence number", "start op", "time"} {
		if err := d.skipLEB(); err != nil {
			return 0, fmt.Errorf("%s: %w", what, err)
		}
	}
	if _, err := d.bytes("message"); err != nil {
		return 0, err
	}
	others, err := d.uvarint()
	if err != nil {
		return 0, fmt.Errorf("other actors: %w", err)
	}
	if others > uint64(len(b)) {
		return 0, fmt.Errorf("%d other actors in %d bytes", others, len(b))
	}
	for range others {
		if _, err := d.bytes("actor"); err != nil {
			return 0, err
		}
	}
	cols, err := d.columnsMeta()
	if err != nil {
		return 0, fmt.Errorf("operation columns: %w", err)
	}
	most := 0
	for i := range cols {
		if cols[i].data, err = d.take(cols[i].n); err != nil {
			return 0, fmt.Errorf("column data: %w", err)
		}
		n, err := columnRows(cols[i], stop)
		if err != nil {
			return 0, err
		}
		if most = max(most, n); most > stop {
			break
		}
	}
	return most, nil
}

// Column types: the low three bits of a column's spec.
const (
	colGroup, colActor, colInt, colDelta, colBool, colString, colValueLen, colValueRaw = 0, 1, 2, 3, 4, 5, 6, 7
)

// columnRows counts the rows of one column, by its type.
func columnRows(c column, stop int) (int, error) {
	var r io.ByteReader = bytes.NewReader(c.data)
	if c.spec&0x08 != 0 {
		r = bufio.NewReader(flate.NewReader(bytes.NewReader(c.data)))
	}
	l := &lebReader{r: r}
	var n int
	var err error
	switch c.spec & 0x07 {
	case colValueRaw:
		return 0, nil // the values of other rows, not rows
	case colBool:
		n, err = boolRows(l, stop)
	case colString:
		n, err = rleRowsOf(l, stop, l.skipString)
	default:
		n, err = rleRowsOf(l, stop, l.skip)
	}
	if err != nil {
		return n, fmt.Errorf("column 0x%x: %w", c.spec, err)
	}
	return n, nil
}

// boolRows counts the rows of a boolean column: run lengths, false and
// true in turn.
func boolRows(r *lebReader, stop int) (int, error) {
	rows := 0
	for rows <= stop {
		n, ok, err := r.uleb()
		if err != nil || !ok {
			return rows, err
		}
		rows += int(min(n, uint64(stop)+1))
	}
	return rows, nil
}

// skipLEB reads past one LEB128 number, signed or not.
func (d *syncDecoder) skipLEB() error {
	for i := 0; i < 10; i++ {
		c, err := d.byte()
		if err != nil {
			return err
		}
		if c < 0x80 {
			return nil
		}
	}
	return errors.New("a number over 64 bits")
}

// columnsMeta reads a column count and each column's spec and length.
func (d *syncDecoder) columnsMeta() ([]column, error) {
	n, err := d.uvarint()
	if err != nil {
		return nil, err
	}
	if n > uint64(len(d.b)-d.off) {
		return nil, fmt.Errorf("%d columns in %d bytes", n, len(d.b)-d.off)
	}
	cols := make([]column, n)
	for i := range cols {
		if cols[i].spec, err = d.uvarint(); err != nil {
			return nil, err
		}
		if cols[i].n, err = d.uvarint(); err != nil {
			return nil, err
		}
	}
	return cols, nil
}

// rows counts the rows of the columns named in specs and returns the most
// any has: Automerge reads as many rows as its longest column gives.
func rows(cols []column, specs []uint64, stop int) (int, error) {
	most := 0
	for _, c := range cols {
		if !slices.Contains(specs, c.spec&^0x08) {
			continue
		}
		var r io.ByteReader = bytes.NewReader(c.data)
		if c.spec&0x08 != 0 {
			r = bufio.NewReader(flate.NewReader(bytes.NewReader(c.data)))
		}
		n, err := rleRows(&lebReader{r: r}, stop)
		if err != nil {
			return most, fmt.Errorf("column 0x%x: %w", c.spec, err)
		}
		most = max(most, n)
	}
	return most, nil
}

// rleRows counts the rows of a run-length encoded column of LEB128 values:
// runs of one value (a positive count, then the value), literal runs (a
// negative count, then that many values) and null runs (0, then a count).
// It returns as soon as the count passes stop.
func rleRows(r *lebReader, stop int) (int, error) { return rleRowsOf(r, stop, r.skip) }

// rleRowsOf is rleRows for values that skip reads past, n at a time.
func rleRowsOf(r *lebReader, stop int, skip func(n int64) error) (int, error) {
	rows, limit := 0, int64(stop)+1
	for rows <= stop {
		count, ok, err := r.sleb()
		if err != nil || !ok {
			return rows, err
		}
		switch {
		case count > 0:
			rows += int(min(count, limit))
			if err := skip(1); err != nil {
				return rows, err
			}
		case count < 0:
			if count < -limit {
				return stop + 1, nil
			}
			if err := skip(-count); err != nil {
				return rows, err
			}
			rows += int(-count)
		default:
			n, ok, err := r.uleb()
			if err == nil && !ok {
				err = io.ErrUnexpectedEOF
			}
			if err != nil {
				return rows, err
			}
			rows += int(min(n, uint64(limit)))
		}
	}
	return rows, nil
}

// lebReader reads LEB128 numbers from a column, at most maxColumnInflate
// bytes of it.
type lebReader struct {
	r    io.ByteReader
	read int
}

// raw reads one number's bits; ok is false at the end of the column.
func (l *lebReader) raw() (v uint64, last byte, shift uint, ok bool, err error) {
	for i := 0; ; i++ {
		c, err := l.r.ReadByte()
		if err == io.EOF && i == 0 {
			return 0, 0, 0, false, nil
		}
		if err != nil {
			return 0, 0, 0, false, noEOF(err)
		}
		if l.read++; l.read > maxColumnInflate {
			return 0, 0, 0, false, errors.New("a column of more than 64 MiB")
		}
		if i == 9 && c >= 0x80 {
			return 0, 0, 0, false, errors.New("a number over 64 bits")
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, c, uint(7 * (i + 1)), true, nil
		}
	}
}

func (l *lebReader) uleb() (uint64, bool, error) {
	v, _, _, ok, err := l.raw()
	return v, ok, err
}

func (l *lebReader) sleb() (int64, bool, error) {
	v, last, shift, ok, err := l.raw()
	if shift < 64 && last&0x40 != 0 {
		v |= ^uint64(0) << shift
	}
	return int64(v), ok, err
}

// skip reads past n values.
func (l *lebReader) skip(n int64) error {
	for range n {
		if _, ok, err := l.uleb(); err != nil || !ok {
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
	}
	return nil
}

// skipString reads past n strings, each a length and its bytes.
func (l *lebReader) skipString(n int64) error {
	for range n {
		size, ok, err := l.uleb()
		if err == nil && !ok {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return err
		}
		for range size {
			if _, err := l.r.ReadByte(); err != nil {
				return noEOF(err)
			}
			if l.read++; l.read > maxColumnInflate {
				return errors.New("a column of more than 64 MiB")
			}
		}
	}
	return nil
}

func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}
