package textop

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// apply runs an Op over a text.
func apply(t *testing.T, op Op, a string) string {
	t.Helper()
	r := []rune(a)
	var out strings.Builder
	i := 0
	for _, c := range op {
		switch {
		case c.Retain > 0:
			out.WriteString(string(r[i : i+c.Retain]))
			i += c.Retain
		case c.Delete > 0:
			i += c.Delete
		default:
			out.WriteString(c.Insert)
		}
	}
	if i != len(r) {
		t.Fatalf("op covers %d of %d code points", i, len(r))
	}
	return out.String()
}

func TestDiffTurnsOneTextIntoTheOther(t *testing.T) {
	cases := []struct{ a, b string }{
		{"", ""}, {"", "abc"}, {"abc", ""}, {"same", "same"},
		{"hello world", "hello brave world"},
		{"line 1\nline 2\nline 3\n", "line 1\nline two\nline 3\nline 4\n"},
		{"a\nb\nc\nd\ne\n", "x\nb\nc\nd\ny\n"},
		{"naïve café\n日本語\n", "naive café\n日本\n語\n"},
		{"no newline", "no newline at end\nbut one here"},
	}
	for _, c := range cases {
		op := Diff(c.a, c.b)
		if got := apply(t, op, c.a); got != c.b {
			t.Errorf("Diff(%q, %q) applied gives %q", c.a, c.b, got)
		}
		if op.BaseLen() != len([]rune(c.a)) || op.TargetLen() != len([]rune(c.b)) {
			t.Errorf("Diff(%q, %q): lengths %d→%d", c.a, c.b, op.BaseLen(), op.TargetLen())
		}
	}
}

// Two edits far apart stay two small splices, so that what lies between
// them (a cursor, a comment's anchor) is retained, not replaced.
func TestDiffKeepsWhatLiesBetweenEdits(t *testing.T) {
	mid := strings.Repeat("untouched line\n", 50)
	a := "first\n" + mid + "last\n"
	b := "FIRST\n" + mid + "LAST\n"
	sp := Diff(a, b).Splices()
	deleted := 0
	for _, s := range sp {
		deleted += s.Del
	}
	if deleted != len("first")+len("last") {
		t.Errorf("splices %+v delete %d code points, want only the two changed words", sp, deleted)
	}
	start := len("first\n")
	s, e := Diff(a, b).MapRange(start, start+len(mid))
	if s != start || e != start+len(mid) {
		t.Errorf("the middle moved to %d..%d", s, e)
	}
}

func TestDiffRandomEdits(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	words := []string{"alpha", "beta", "\n", "γ", "delta\n", " ", "x"}
	gen := func() string {
		var sb strings.Builder
		for range rng.IntN(60) {
			sb.WriteString(words[rng.IntN(len(words))])
		}
		return sb.String()
	}
	for range 500 {
		a, b := gen(), gen()
		if got := apply(t, Diff(a, b), a); got != b {
			t.Fatalf("Diff(%q, %q) applied gives %q", a, b, got)
		}
	}
}
