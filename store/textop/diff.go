package textop

import "strings"

// maxDiffCost bounds the line diff's work (edit distance × lines); past
// it, Diff gives up on finding every unchanged line between changes and
// replaces the whole changed middle in one step, which is still correct.
const maxDiffCost = 50_000_000

// Diff returns an Op that turns text a into text b, touching as little as
// it can: lines that did not change are retained, and within a changed
// run of lines only the characters between their common prefix and
// suffix are replaced. It is for edits whose splices are not known, such
// as a page changed by a peer or a file changed by another editor, so
// that cursors and comment anchors elsewhere in the text stay put.
func Diff(a, b string) Op {
	ar, br := []rune(a), []rune(b)
	// Trim what both share at the ends first: most edits are local.
	p := commonPrefix(ar, br)
	s := commonSuffix(ar[p:], br[p:])
	var op Op
	op = op.retain(p)
	op = diffLines(op, ar[p:len(ar)-s], br[p:len(br)-s])
	return op.retain(s)
}

// diffLines appends to op the edit from a to b, line by line.
func diffLines(op Op, a, b []rune) Op {
	la, lb := splitLines(a), splitLines(b)
	if len(la) == 0 || len(lb) == 0 || (len(la)+len(lb))*(len(la)+len(lb)) > maxDiffCost {
		return replace(op, a, b)
	}
	ia, ib := 0, 0 // rune offsets into a and b
	na, nb := 0, 0 // line indexes
	for _, m := range myers(la, lb) {
		// Lines na..m.a of a became lines nb..m.b of b, then one line is kept.
		da, db := runeLen(la[na:m.a]), runeLen(lb[nb:m.b])
		op = refine(op, a[ia:ia+da], b[ib:ib+db])
		keep := len([]rune(la[m.a]))
		op = op.retain(keep)
		ia, ib = ia+da+keep, ib+db+keep
		na, nb = m.a+1, m.b+1
	}
	return refine(op, a[ia:], b[ib:])
}

// refine replaces a with b, keeping their common prefix and suffix.
func refine(op Op, a, b []rune) Op {
	p := commonPrefix(a, b)
	s := commonSuffix(a[p:], b[p:])
	op = op.retain(p)
	op = replace(op, a[p:len(a)-s], b[p:len(b)-s])
	return op.retain(s)
}

func replace(op Op, a, b []rune) Op {
	return op.delete(len(a)).insert(string(b))
}

func commonPrefix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func commonSuffix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

// splitLines cuts text after every newline; the last line may lack one.
func splitLines(r []rune) []string {
	var out []string
	s := string(r)
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

func runeLen(lines []string) int {
	n := 0
	for _, l := range lines {
		n += len([]rune(l))
	}
	return n
}

type match struct{ a, b int }

// myers returns the lines a and b share, in order, as a longest common
// subsequence found by Myers' O(ND) algorithm.
func myers(a, b []string) []match {
	n, m := len(a), len(b)
	max := n + m
	off := max + 1
	v := make([]int, 2*max+3)
	var trace [][]int
	for d := 0; d <= max; d++ {
		snap := make([]int, len(v))
		copy(snap, v)
		trace = append(trace, snap)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down: an insertion
			} else {
				x = v[off+k-1] + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(trace, a, b, off, d)
			}
		}
	}
	return nil
}

// backtrack walks the saved frontiers from the end to the start, keeping
// the diagonal moves: those are the shared lines.
func backtrack(trace [][]int, a, b []string, off, d int) []match {
	x, y := len(a), len(b)
	var out []match
	for ; d > 0; d-- {
		v := trace[d]
		k := x - y
		var prevK int
		if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := v[off+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x, y = x-1, y-1
			out = append(out, match{x, y})
		}
		x, y = prevX, prevY
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		out = append(out, match{x, y})
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}
