package textop_test

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/longhand/longhand/store/textop"
)

func TestDiff(t *testing.T) {
	tests := []struct {
		name   string
		a, b   string
		maxIns int // code points inserted at most: the diff is not a rewrite
	}{
		{name: "equal", a: "same text", b: "same text", maxIns: 0},
		{name: "empty to text", a: "", b: "héllo", maxIns: 5},
		{name: "text to empty", a: "héllo", b: "", maxIns: 0},
		{name: "one word", a: "the quick fox", b: "the quick brown fox", maxIns: 6},
		{name: "two far edits", a: "alpha " + strings.Repeat("x", 500) + " omega", b: "ALPHA " + strings.Repeat("x", 500) + " omega!", maxIns: 6},
		{name: "emoji", a: "a😀b", b: "a😀😀b", maxIns: 1},
		{name: "lines swapped", a: "one\ntwo\nthree\n", b: "three\none\ntwo\n", maxIns: 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := textop.Diff(tt.a, tt.b)
			if got := op.Apply(tt.a); got != tt.b {
				t.Fatalf("Apply(Diff) = %q, want %q", got, tt.b)
			}
			if op.BaseLen() != utf8.RuneCountInString(tt.a) || op.TargetLen() != utf8.RuneCountInString(tt.b) {
				t.Errorf("lengths %d→%d, want %d→%d", op.BaseLen(), op.TargetLen(), utf8.RuneCountInString(tt.a), utf8.RuneCountInString(tt.b))
			}
			ins := 0
			for _, s := range op.Splices() {
				ins += utf8.RuneCountInString(s.Ins)
			}
			if ins > tt.maxIns {
				t.Errorf("inserted %d code points (%v), want at most %d", ins, op.Splices(), tt.maxIns)
			}
		})
	}
}

// TestDiffRandom checks that Diff's splices turn a into b for random
// edits of random texts, large ones included (the line-by-line path).
func TestDiffRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	alphabet := []rune("ab\nc é😀 ")
	gen := func(n int) []rune {
		r := make([]rune, n)
		for i := range r {
			r[i] = alphabet[rng.Intn(len(alphabet))]
		}
		return r
	}
	for i := 0; i < 300; i++ {
		n := rng.Intn(60)
		if i%50 == 0 {
			n = 30000
		}
		a := gen(n)
		b := append([]rune(nil), a...)
		for e := rng.Intn(8); e >= 0; e-- {
			pos := rng.Intn(len(b) + 1)
			del := min(rng.Intn(5), len(b)-pos)
			b = append(append(append([]rune(nil), b[:pos]...), gen(rng.Intn(4))...), b[pos+del:]...)
		}
		if i%97 == 0 {
			b = gen(rng.Intn(3000)) // unrelated texts
		}
		op := textop.Diff(string(a), string(b))
		if got := op.Apply(string(a)); got != string(b) {
			t.Fatalf("case %d: Apply(Diff(a, b)) != b", i)
		}
		// The splices, applied in order, do the same.
		text := a
		for _, s := range op.Splices() {
			text = append(append(append([]rune(nil), text[:s.Pos]...), []rune(s.Ins)...), text[s.Pos+s.Del:]...)
		}
		if string(text) != string(b) {
			t.Fatalf("case %d: splices of Diff(a, b) do not give b", i)
		}
	}
}

// TestDiffMerge shows why the diff is fine-grained: two people's edits
// of different words of one line both survive a transform.
func TestDiffMerge(t *testing.T) {
	base := "Ship the beta on Friday to ten customers."
	mine := "Ship the beta on Monday to ten customers."
	theirs := "Ship the public beta on Friday to ten customers."
	a, b := textop.Diff(base, mine), textop.Diff(base, theirs)
	_, a2, err := textop.Transform(b, a)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := a2.Apply(b.Apply(base)), "Ship the public beta on Monday to ten customers."; got != want {
		t.Errorf("merged = %q, want %q", got, want)
	}
}

// FuzzDiff checks that Diff turns any text into any other, and that two
// diffs from one base always transform over each other.
func FuzzDiff(f *testing.F) {
	f.Add("base", "bass", "abase")
	f.Add("", "x", "")
	f.Add("a😀b\n", "a\nb", "😀😀")
	f.Fuzz(func(t *testing.T, base, a, b string) {
		if !utf8.ValidString(base) || !utf8.ValidString(a) || !utf8.ValidString(b) {
			return
		}
		da, db := textop.Diff(base, a), textop.Diff(base, b)
		if got := da.Apply(base); got != a {
			t.Fatalf("Apply(Diff(base, a)) = %q, want %q", got, a)
		}
		b2, a2, err := textop.Transform(db, da)
		if err != nil {
			t.Fatal(err)
		}
		if x, y := a2.Apply(b), b2.Apply(a); x != y {
			t.Fatalf("merges differ: %q vs %q", x, y)
		}
	})
}
