package textop

import (
	"strings"
	"unicode/utf8"
)

// maxDiffCost bounds the edit distance the fine diff searches for, in
// tokens; past it a coarser diff is used. The search holds about
// maxDiffCost² integers.
const maxDiffCost = 1000

// fineDiffLen is the most code points, of both texts' differing middles,
// diffed character by character at once; longer ones go line by line first.
const fineDiffLen = 20000

// Diff returns an Op that turns a into b, made of the fewest single
// code-point inserts and deletes it finds: an edit of a few words is
// a few small splices, not a replacement of the text between them, so
// that it merges with edits others made nearby. Texts that differ a lot
// are diffed line by line first, then character by character inside
// each changed run of lines that is small enough.
func Diff(a, b string) Op {
	ra, rb := []rune(a), []rune(b)
	pre := 0
	for pre < len(ra) && pre < len(rb) && ra[pre] == rb[pre] {
		pre++
	}
	suf := 0
	for suf < len(ra)-pre && suf < len(rb)-pre && ra[len(ra)-1-suf] == rb[len(rb)-1-suf] {
		suf++
	}
	var op Op
	op = op.retain(pre)
	op = op.concat(diffMiddle(ra[pre:len(ra)-suf], rb[pre:len(rb)-suf]))
	return op.retain(suf)
}

func diffMiddle(a, b []rune) Op {
	var op Op
	if len(a) == 0 || len(b) == 0 {
		return op.delete(len(a)).insert(string(b))
	}
	if len(a)+len(b) <= fineDiffLen {
		if steps, ok := myers(runeTokens(a), runeTokens(b)); ok {
			return fromSteps(steps, func(i int) int { return 1 }, func(j int) string { return string(b[j]) })
		}
	}
	// Line by line, then within each changed run.
	la, lb := splitLines(a), splitLines(b)
	ids := map[string]int{}
	tok := func(ls [][]rune) []int {
		out := make([]int, len(ls))
		for i, l := range ls {
			s := string(l)
			id, ok := ids[s]
			if !ok {
				id = len(ids)
				ids[s] = id
			}
			out[i] = id
		}
		return out
	}
	steps, ok := myers(tok(la), tok(lb))
	if !ok {
		return op.delete(len(a)).insert(string(b))
	}
	// Group consecutive deletes and inserts into runs and diff each run finely.
	i, j := 0, 0
	for k := 0; k < len(steps); {
		if steps[k] == stepKeep {
			op = op.retain(len(la[i]))
			i, j, k = i+1, j+1, k+1
			continue
		}
		var da, db []rune
		for ; k < len(steps) && steps[k] != stepKeep; k++ {
			if steps[k] == stepDel {
				da = append(da, la[i]...)
				i++
			} else {
				db = append(db, lb[j]...)
				j++
			}
		}
		if len(da) == 0 || len(db) == 0 || len(da)+len(db) > fineDiffLen {
			op = op.delete(len(da)).insert(string(db))
		} else if sub, ok := myers(runeTokens(da), runeTokens(db)); ok {
			bb := db
			op = op.concat(fromSteps(sub, func(int) int { return 1 }, func(x int) string { return string(bb[x]) }))
		} else {
			op = op.delete(len(da)).insert(string(db))
		}
	}
	return op
}

// concat appends b's components to op in canonical form.
func (op Op) concat(b Op) Op {
	for _, c := range b {
		op = op.retain(c.Retain).delete(c.Delete).insert(c.Insert)
	}
	return op
}

func runeTokens(rs []rune) []int {
	out := make([]int, len(rs))
	for i, r := range rs {
		out[i] = int(r)
	}
	return out
}

// splitLines cuts text after each newline; the pieces join to the text.
func splitLines(rs []rune) [][]rune {
	var out [][]rune
	start := 0
	for i, r := range rs {
		if r == '\n' {
			out = append(out, rs[start:i+1])
			start = i + 1
		}
	}
	if start < len(rs) {
		out = append(out, rs[start:])
	}
	return out
}

type step byte

const (
	stepKeep step = iota
	stepDel
	stepIns
)

// fromSteps turns a token edit script into an Op; size gives the code
// points of a kept or deleted token of a, text the text of an inserted
// token of b.
func fromSteps(steps []step, size func(i int) int, text func(j int) string) Op {
	var op Op
	i, j := 0, 0
	var ins strings.Builder
	flush := func() {
		if ins.Len() > 0 {
			op = op.insert(ins.String())
			ins.Reset()
		}
	}
	for _, s := range steps {
		switch s {
		case stepKeep:
			flush()
			op = op.retain(size(i))
			i++
			j++
		case stepDel:
			flush()
			op = op.delete(size(i))
			i++
		case stepIns:
			ins.WriteString(text(j))
			j++
		}
	}
	flush()
	return op
}

// myers finds a shortest edit script from a to b (E. Myers, "An O(ND)
// difference algorithm", 1986), or reports false when it costs more than
// maxDiffCost edits.
func myers(a, b []int) ([]step, bool) {
	n, m := len(a), len(b)
	maxD := min(n+m, maxDiffCost)
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int
	for d := 0; d <= maxD; d++ {
		trace = append(trace, append([]int(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(trace, d, n, m), true
			}
		}
	}
	return nil, false
}

// backtrack walks the saved frontiers back from (n, m) to the start.
func backtrack(trace [][]int, dEnd, n, m int) []step {
	var rev []step
	x, y := n, m
	for d := dEnd; d > 0; d-- {
		// trace[d] holds the frontier after round d-1, for k in [-d-1, d+1].
		prev := trace[d]
		at := func(k int) int { return prev[k+d+1] }
		k := x - y
		down := k == -d || (k != d && at(k-1) < at(k+1))
		pk := k - 1
		if down {
			pk = k + 1
		}
		px := at(pk)
		py := px - pk
		mx := px + 1 // where the edit led: right for a delete
		if down {
			mx = px // down for an insert
		}
		for x > mx {
			rev = append(rev, stepKeep)
			x--
			y--
		}
		if down {
			rev = append(rev, stepIns)
		} else {
			rev = append(rev, stepDel)
		}
		x, y = px, py
	}
	for x > 0 {
		rev = append(rev, stepKeep)
		x--
		y--
	}
	out := make([]step, len(rev))
	for i, s := range rev {
		out[len(rev)-1-i] = s
	}
	return out
}

// Apply applies an Op to a text and returns the result; the Op must fit it.
func (op Op) Apply(text string) string {
	var b strings.Builder
	i := 0
	for _, c := range op {
		switch {
		case c.Retain > 0:
			end := i
			for n := 0; n < c.Retain; n++ {
				_, size := utf8.DecodeRuneInString(text[end:])
				end += size
			}
			b.WriteString(text[i:end])
			i = end
		case c.Delete > 0:
			for n := 0; n < c.Delete; n++ {
				_, size := utf8.DecodeRuneInString(text[i:])
				i += size
			}
		default:
			b.WriteString(c.Insert)
		}
	}
	b.WriteString(text[i:])
	return b.String()
}
