package order_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/longhand/longhand/store/order"
)

func TestBetween(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"", ""}, {"", "V"}, {"V", ""}, {"V", "W"}, {"V", "V1"}, {"Vz", "W"}, {"1", "2"}, {"", "1"}, {"z", ""}, {"zz", ""},
	} {
		k := order.Between(tc.a, tc.b)
		if !(tc.a < k) || (tc.b != "" && !(k < tc.b)) || !order.Valid(k) {
			t.Errorf("Between(%q, %q) = %q", tc.a, tc.b, k)
		}
	}
}

// Random inserts anywhere keep the keys strictly ordered and short.
func TestRandomInserts(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var keys []string
	for i := 0; i < 5000; i++ {
		j := r.IntN(len(keys) + 1)
		a, b := "", ""
		if j > 0 {
			a = keys[j-1]
		}
		if j < len(keys) {
			b = keys[j]
		}
		k := order.Between(a, b)
		if a >= k || (b != "" && k >= b) {
			t.Fatalf("Between(%q, %q) = %q: out of order", a, b, k)
		}
		keys = slices.Insert(keys, j, k)
	}
	longest := 0
	for _, k := range keys {
		longest = max(longest, len(k))
	}
	if longest > 40 {
		t.Errorf("longest key has %d digits after 5000 random inserts", longest)
	}
	// Appending at the end, as new pages do, grows keys slowly.
	k := ""
	for i := 0; i < 1000; i++ {
		k = order.Between(k, "")
	}
	if len(k) > 20 {
		t.Errorf("1000 appends made a key of %d digits", len(k))
	}
}
