package textop_test

import (
	"math/rand/v2"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/textop"
	"github.com/longhand/longhand/store/trace"
)

var alphabet = []rune("ab é👋\n")

func randomText(r *rand.Rand, n int) []rune {
	t := make([]rune, n)
	for i := range t {
		t[i] = alphabet[r.IntN(len(alphabet))]
	}
	return t
}

func randomSplices(r *rand.Rand, n int) []store.Splice {
	var out []store.Splice
	for k := r.IntN(4) + 1; k > 0; k-- {
		pos := r.IntN(n + 1)
		del := 0
		if pos < n && r.IntN(2) == 0 {
			del = r.IntN(min(n-pos, 4) + 1)
		}
		ins := ""
		if r.IntN(3) > 0 {
			ins = string(randomText(r, r.IntN(3)+1))
		}
		out = append(out, store.Splice{Pos: pos, Del: del, Ins: ins})
		n += len([]rune(ins)) - del
	}
	return out
}

func apply(text []rune, op textop.Op) string {
	return string(trace.Apply(append([]rune(nil), text...), op.Splices()))
}

func TestSplicesRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 5000; i++ {
		text := randomText(r, r.IntN(12))
		splices := randomSplices(r, len(text))
		op, err := textop.FromSplices(len(text), splices)
		if err != nil {
			t.Fatal(err)
		}
		want := string(trace.Apply(append([]rune(nil), text...), splices))
		if got := apply(text, op); got != want {
			t.Fatalf("text %q splices %+v: op gives %q, want %q", string(text), splices, got, want)
		}
		if op.BaseLen() != len(text) || op.TargetLen() != len([]rune(want)) {
			t.Fatalf("lengths %d→%d, want %d→%d", op.BaseLen(), op.TargetLen(), len(text), len([]rune(want)))
		}
	}
}

// The defining property: both orders of applying two concurrent edits
// reach the same text.
func TestTransformConverges(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 20000; i++ {
		text := randomText(r, r.IntN(10))
		a, _ := textop.FromSplices(len(text), randomSplices(r, len(text)))
		b, _ := textop.FromSplices(len(text), randomSplices(r, len(text)))
		a2, b2, err := textop.Transform(a, b)
		if err != nil {
			t.Fatal(err)
		}
		viaA := apply([]rune(apply(text, a)), b2)
		viaB := apply([]rune(apply(text, b)), a2)
		if viaA != viaB {
			t.Fatalf("text %q a %+v b %+v: a then b' = %q, b then a' = %q", string(text), a, b, viaA, viaB)
		}
	}
}

func TestTransformKeepsIntent(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		a, b       []store.Splice
		want       string
	}{
		{"inserts at both ends", "one two", []store.Splice{{Pos: 0, Ins: "0 "}}, []store.Splice{{Pos: 7, Ins: " three"}}, "0 one two three"},
		{"same place: first wins", "x", []store.Splice{{Pos: 1, Ins: "A"}}, []store.Splice{{Pos: 1, Ins: "B"}}, "xAB"},
		{"insert inside a deleted range is kept", "abcdef", []store.Splice{{Pos: 1, Del: 4}}, []store.Splice{{Pos: 3, Ins: "X"}}, "aXf"},
		{"overlapping deletes", "abcdef", []store.Splice{{Pos: 1, Del: 3}}, []store.Splice{{Pos: 2, Del: 3}}, "af"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := []rune(tc.text)
			a, _ := textop.FromSplices(len(text), tc.a)
			b, _ := textop.FromSplices(len(text), tc.b)
			_, b2, err := textop.Transform(a, b)
			if err != nil {
				t.Fatal(err)
			}
			if got := apply([]rune(apply(text, a)), b2); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestComposeMatchesSequence(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 5000; i++ {
		text := randomText(r, r.IntN(10))
		a, _ := textop.FromSplices(len(text), randomSplices(r, len(text)))
		mid := []rune(apply(text, a))
		b, _ := textop.FromSplices(len(mid), randomSplices(r, len(mid)))
		ab, err := textop.Compose(a, b)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := apply(text, ab), apply(mid, b); got != want {
			t.Fatalf("compose gives %q, want %q", got, want)
		}
	}
	if _, err := textop.Compose(textop.Op{{Retain: 2}}, textop.Op{{Retain: 3}}); err == nil {
		t.Error("Compose of mismatched lengths succeeded")
	}
	if _, err := textop.FromSplices(2, []store.Splice{{Pos: 3}}); err == nil {
		t.Error("FromSplices accepted a splice past the end")
	}
}

func TestMapRange(t *testing.T) {
	text := "the quick brown fox" // "quick" is [4, 9)
	for _, tc := range []struct {
		name    string
		splices []store.Splice
		want    string // the text the range covers afterwards
	}{
		{"insert before", []store.Splice{{Pos: 0, Ins: "see "}}, "quick"},
		{"insert after", []store.Splice{{Pos: 15, Ins: "ish"}}, "quick"},
		{"insert at the start edge stays out", []store.Splice{{Pos: 4, Ins: "very "}}, "quick"},
		{"insert at the end edge stays out", []store.Splice{{Pos: 9, Ins: "est"}}, "quick"},
		{"insert inside", []store.Splice{{Pos: 6, Ins: "IIII"}}, "quIIIIick"},
		{"delete inside", []store.Splice{{Pos: 5, Del: 2}}, "qck"},
		{"delete across the start", []store.Splice{{Pos: 2, Del: 4}}, "ick"},
		{"delete it all", []store.Splice{{Pos: 0, Del: 19}}, ""},
		{"replace it", []store.Splice{{Pos: 4, Del: 5, Ins: "slow"}}, ""},
		{"replace across the end", []store.Splice{{Pos: 7, Del: 4, Ins: "X"}}, "qui"},
		{"replace across the start", []store.Splice{{Pos: 2, Del: 4, Ins: "X"}}, "ick"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			op, err := textop.FromSplices(len([]rune(text)), tc.splices)
			if err != nil {
				t.Fatal(err)
			}
			s, e := op.MapRange(4, 9)
			after := []rune(apply([]rune(text), op))
			if got := string(after[s:e]); got != tc.want {
				t.Errorf("range covers %q, want %q", got, tc.want)
			}
		})
	}
}

// An empty edit is the identity, which rebasing skips; any edit that moves
// text is not.
func TestIsIdentity(t *testing.T) {
	tests := []struct {
		name    string
		splices []store.Splice
		want    bool
	}{
		{"no splices", nil, true},
		{"an empty splice", []store.Splice{{Pos: 2}}, true},
		{"an insert", []store.Splice{{Pos: 2, Ins: "é"}}, false},
		{"a deletion", []store.Splice{{Pos: 0, Del: 1}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op, err := textop.FromSplices(4, tt.splices)
			if err != nil {
				t.Fatal(err)
			}
			if got := op.IsIdentity(); got != tt.want {
				t.Errorf("IsIdentity()=%v, want %v (%+v)", got, tt.want, op)
			}
		})
	}
}
