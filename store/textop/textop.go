// Package textop composes and transforms text edits, so that an edit made
// against an older version of a text can be applied to the current one
// with the same intent: the operational-transformation step that lets two
// windows type into one page at once. Lengths and positions count Unicode
// code points, like store.Splice.
package textop

import (
	"fmt"
	"unicode/utf8"

	"github.com/longhand/longhand/store"
)

// Op is one edit spanning a whole text: a sequence of components that
// retain, insert or delete, in order. Exactly one of the fields of a
// component is set.
type Op []Component

// Component is one step of an Op.
type Component struct {
	Retain int
	Delete int
	Insert string
}

// FromSplices turns splices, applied in sequence to a text of baseLen code
// points, into one Op.
func FromSplices(baseLen int, splices []store.Splice) (Op, error) {
	if len(splices) == 0 {
		return Op(nil).retain(baseLen), nil
	}
	var op Op
	n := baseLen
	for i, s := range splices {
		if s.Pos < 0 || s.Del < 0 || s.Pos > n || s.Del > n-s.Pos {
			return nil, fmt.Errorf("splice %d (%d,%d) does not fit a text of %d", i, s.Pos, s.Del, n)
		}
		var next Op
		next = next.retain(s.Pos).delete(s.Del).insert(s.Ins).retain(n - s.Pos - s.Del)
		if i == 0 {
			// The first splice is the whole op so far: composing it with
			// the identity would walk its inserted text for nothing, which
			// for a pasted megabyte was most of acknowledging it.
			op = next
		} else {
			var err error
			if op, err = Compose(op, next); err != nil {
				return nil, err
			}
		}
		n += utf8.RuneCountInString(s.Ins) - s.Del
	}
	return op, nil
}

// Splices turns an Op back into splices to apply in sequence.
func (op Op) Splices() []store.Splice {
	var out []store.Splice
	pos := 0
	for _, c := range op {
		switch {
		case c.Retain > 0:
			pos += c.Retain
		case c.Delete > 0:
			if k := len(out) - 1; k >= 0 && out[k].Pos == pos && out[k].Ins == "" {
				out[k].Del += c.Delete
			} else {
				out = append(out, store.Splice{Pos: pos, Del: c.Delete})
			}
		case c.Insert != "":
			if k := len(out) - 1; k >= 0 && out[k].Pos == pos && out[k].Ins == "" {
				out[k].Ins = c.Insert
			} else {
				out = append(out, store.Splice{Pos: pos, Ins: c.Insert})
			}
			pos += utf8.RuneCountInString(c.Insert)
		}
	}
	return out
}

// IsIdentity reports whether the Op leaves its text as it is.
func (op Op) IsIdentity() bool {
	for _, c := range op {
		if c.Retain == 0 {
			return false
		}
	}
	return true
}

// BaseLen is the length of the text the Op applies to.
func (op Op) BaseLen() int {
	n := 0
	for _, c := range op {
		n += c.Retain + c.Delete
	}
	return n
}

// TargetLen is the length of the text the Op produces.
func (op Op) TargetLen() int {
	n := 0
	for _, c := range op {
		n += c.Retain + utf8.RuneCountInString(c.Insert)
	}
	return n
}

func (op Op) retain(n int) Op {
	if n == 0 {
		return op
	}
	if k := len(op) - 1; k >= 0 && op[k].Retain > 0 {
		op[k].Retain += n
		return op
	}
	return append(op, Component{Retain: n})
}

func (op Op) delete(n int) Op {
	if n == 0 {
		return op
	}
	if k := len(op) - 1; k >= 0 && op[k].Delete > 0 {
		op[k].Delete += n
		return op
	}
	return append(op, Component{Delete: n})
}

// insert keeps inserts before deletes at the same place, so that equal
// edits have one canonical form.
func (op Op) insert(s string) Op {
	if s == "" {
		return op
	}
	k := len(op) - 1
	switch {
	case k >= 0 && op[k].Insert != "":
		op[k].Insert += s
	case k >= 0 && op[k].Delete > 0:
		if k > 0 && op[k-1].Insert != "" {
			op[k-1].Insert += s
		} else {
			op = append(op, op[k])
			op[k] = Component{Insert: s}
		}
	default:
		op = append(op, Component{Insert: s})
	}
	return op
}

// reader walks an Op, handing out pieces of its components.
type reader struct {
	op  Op
	i   int
	off int // code points of op[i] already consumed
}

func (r *reader) peek() (Component, bool) {
	if r.i >= len(r.op) {
		return Component{}, false
	}
	c := r.op[r.i]
	switch {
	case c.Retain > 0:
		c.Retain -= r.off
	case c.Delete > 0:
		c.Delete -= r.off
	case r.off > 0:
		c.Insert = c.Insert[runeOffset(c.Insert, r.off):]
	}
	return c, true
}

// take consumes n code points of the current component.
func (r *reader) take(n int) {
	c := r.op[r.i]
	size := c.Retain + c.Delete + utf8.RuneCountInString(c.Insert)
	r.off += n
	if r.off >= size {
		r.i++
		r.off = 0
	}
}

func length(c Component) int { return c.Retain + c.Delete + utf8.RuneCountInString(c.Insert) }

func prefix(s string, n int) string { return s[:runeOffset(s, n)] }

// runeOffset returns the byte offset of the nth code point of s (len(s)
// past its end), cutting s without copying it into runes: a pasted
// megabyte was copied into four, and back, for every piece taken of it.
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// Compose returns the Op that has the effect of a followed by b.
func Compose(a, b Op) (Op, error) {
	if a.TargetLen() != b.BaseLen() {
		return nil, fmt.Errorf("compose: first produces %d code points, second expects %d", a.TargetLen(), b.BaseLen())
	}
	var out Op
	ra, rb := &reader{op: a}, &reader{op: b}
	for {
		ca, oka := ra.peek()
		cb, okb := rb.peek()
		if !oka && !okb {
			return out, nil
		}
		switch {
		case oka && ca.Delete > 0:
			out = out.delete(ca.Delete)
			ra.take(ca.Delete)
		case okb && cb.Insert != "":
			out = out.insert(cb.Insert)
			rb.take(length(cb))
		case !oka || !okb:
			return nil, fmt.Errorf("compose: operations do not line up")
		default:
			n := min(length(ca), length(cb))
			switch {
			case ca.Retain > 0 && cb.Retain > 0:
				out = out.retain(n)
			case ca.Retain > 0 && cb.Delete > 0:
				out = out.delete(n)
			case ca.Insert != "" && cb.Retain > 0:
				out = out.insert(prefix(ca.Insert, n))
			case ca.Insert != "" && cb.Delete > 0:
				// inserted then deleted: nothing
			}
			ra.take(n)
			rb.take(n)
		}
	}
}

// Transform takes two Ops made against the same text and returns a' and
// b' such that a followed by b' equals b followed by a'. When both insert
// at the same place, a's insert comes first.
func Transform(a, b Op) (Op, Op, error) {
	if a.BaseLen() != b.BaseLen() {
		return nil, nil, fmt.Errorf("transform: operations apply to texts of %d and %d code points", a.BaseLen(), b.BaseLen())
	}
	var a2, b2 Op
	ra, rb := &reader{op: a}, &reader{op: b}
	for {
		ca, oka := ra.peek()
		cb, okb := rb.peek()
		if !oka && !okb {
			return a2, b2, nil
		}
		switch {
		case oka && ca.Insert != "":
			a2 = a2.insert(ca.Insert)
			b2 = b2.retain(length(ca))
			ra.take(length(ca))
		case okb && cb.Insert != "":
			a2 = a2.retain(length(cb))
			b2 = b2.insert(cb.Insert)
			rb.take(length(cb))
		case !oka || !okb:
			return nil, nil, fmt.Errorf("transform: operations do not line up")
		default:
			n := min(length(ca), length(cb))
			switch {
			case ca.Retain > 0 && cb.Retain > 0:
				a2, b2 = a2.retain(n), b2.retain(n)
			case ca.Delete > 0 && cb.Delete > 0:
				// both deleted the same text
			case ca.Delete > 0:
				a2 = a2.delete(n)
			case cb.Delete > 0:
				b2 = b2.delete(n)
			}
			ra.take(n)
			rb.take(n)
		}
	}
}

// MapRange maps the range [start, end) of the text an Op applies to onto
// the text it produces: it spans from the first to the last of its
// characters that remain, with what was inserted between them. Text
// inserted at its edges, or replacing text across an edge, stays outside.
// A range whose text is deleted or replaced entirely collapses to an
// empty range where it was.
func (op Op) MapRange(start, end int) (int, int) {
	s, e := op.mapPos(start, false), op.mapPos(end, true)
	return s, max(s, e)
}

// mapPos maps a position. Text inserted exactly at it goes before it, or,
// for the end of a range, after it.
func (op Op) mapPos(pos int, isEnd bool) int {
	in, out := 0, 0
	insAt, insOut := -1, 0 // where the last insert was, in and out
	for _, c := range op {
		switch {
		case c.Retain > 0:
			if pos < in+c.Retain {
				return out + pos - in
			}
			in += c.Retain
			out += c.Retain
		case c.Delete > 0:
			if isEnd && pos > in && pos <= in+c.Delete {
				// The range ends in or at the end of deleted text: text that
				// replaced it stays outside, as an insert at the end would.
				if insAt == in {
					return insOut
				}
				return out
			}
			if pos < in+c.Delete {
				return out
			}
			in += c.Delete
		default:
			if pos == in && isEnd {
				return out
			}
			insAt, insOut = in, out
			out += utf8.RuneCountInString(c.Insert)
		}
	}
	return out + pos - in
}
