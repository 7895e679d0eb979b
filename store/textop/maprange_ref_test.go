package textop_test

import (
	"math/rand/v2"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/textop"
)

func TestMapRangeAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for trial := 0; trial < 20000; trial++ {
		n := 8 + rng.IntN(8)
		ids := make([]int, n)
		for i := range ids {
			ids[i] = i
		}
		s := rng.IntN(n - 2)
		e := s + 1 + rng.IntN(n-s-1)
		pos := rng.IntN(n + 1)
		var sp store.Splice
		switch rng.IntN(3) {
		case 0:
			sp = store.Splice{Pos: pos, Ins: "xy"}
		case 1:
			sp = store.Splice{Pos: pos, Del: min(n-pos, 1+rng.IntN(4))}
		default:
			sp = store.Splice{Pos: pos, Del: min(n-pos, 2), Ins: "Q"}
		}
		op, _ := textop.FromSplices(n, []store.Splice{sp})
		after := append([]int{}, ids[:sp.Pos]...)
		for range []rune(sp.Ins) {
			after = append(after, -1)
		}
		after = append(after, ids[sp.Pos+sp.Del:]...)
		first, last := -1, -1
		for i, id := range after {
			if id >= s && id < e {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		gs, ge := op.MapRange(s, e)
		if first < 0 {
			if gs != ge {
				t.Fatalf("range [%d,%d) splice %+v op %+v: got [%d,%d), want empty", s, e, sp, op, gs, ge)
			}
			continue
		}
		if gs != first || ge != last+1 {
			t.Fatalf("range [%d,%d) splice %+v op %+v: got [%d,%d), want [%d,%d)", s, e, sp, op, gs, ge, first, last+1)
		}
	}
}
