package order_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/longhand/longhand/store/order"
)

func TestBetween(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"", ""}, {"", "V"}, {"V", ""}, {"V", "W"}, {"V", "V1"}, {"Vz", "W"}, {"1", "2"}, {"", "1"}, {"z", ""}, {"zz", ""},
		{"a1", ""}, {"", "a1"}, {"a1", "a2"}, {"az", ""}, {"az", "b01"}, {"azV", "b01"}, {"b0z", "b11"}, {"Zz", "a1"},
		{"", "A00000000000000000000000001"}, {"a", "a01"}, {"a5", "c001"}, {"zzzzzz", ""}, {"01", ""}, {"", "01"},
	} {
		k := order.Between(tc.a, tc.b)
		if !(tc.a < k) || (tc.b != "" && !(k < tc.b)) || !order.Valid(k) {
			t.Errorf("Between(%q, %q) = %q", tc.a, tc.b, k)
		}
	}
}

// The keys of this scheme, as appending makes them.
func TestAppendPrepend(t *testing.T) {
	for _, tc := range []struct {
		from string
		want []string
	}{
		{"", []string{"a1", "a2", "a3"}},
		{"a8", []string{"a9", "aA"}},
		{"ay", []string{"az", "b01", "b02"}},
		{"b09", []string{"b0A"}},
		{"b0z", []string{"b11"}},
		{"a5V", []string{"a6"}},
	} {
		k := tc.from
		for _, w := range tc.want {
			if k = order.Between(k, ""); k != w {
				t.Errorf("appending after %q: got %q, want %q", tc.from, k, w)
				break
			}
		}
	}
	k := "a2"
	for _, w := range []string{"a1", "Zz", "Zy"} {
		if k = order.Between("", k); k != w {
			t.Errorf("prepending: got %q, want %q", k, w)
		}
	}
	if k := order.Between("", "Z1"); k != "Yzz" {
		t.Errorf("prepending before Z1: %q", k)
	}
	if k := order.Between("", "a5V"); k != "a5" {
		t.Errorf("prepending before a5V: %q", k)
	}
}

// between checks one insert and returns its key.
func between(t testing.TB, a, b string) string {
	t.Helper()
	k := order.Between(a, b)
	if a >= k && a != "" || (b != "" && k >= b) || !order.Valid(k) {
		t.Fatalf("Between(%q, %q) = %q: out of order or not valid", a, b, k)
	}
	if (a == "" || order.Canonical(a)) && (b == "" || order.Canonical(b)) && !order.Canonical(k) {
		t.Fatalf("Between(%q, %q) = %q: not a key of this scheme", a, b, k)
	}
	return k
}

// Random inserts anywhere, between any two adjacent keys or at either
// end, keep the keys strictly ordered, valid, and short.
func TestRandomInserts(t *testing.T) {
	for seed := uint64(0); seed < 20; seed++ {
		r := rand.New(rand.NewPCG(seed, 2))
		var keys []string
		for i := 0; i < 3000; i++ {
			j := r.IntN(len(keys) + 1)
			a, b := "", ""
			if j > 0 {
				a = keys[j-1]
			}
			if j < len(keys) {
				b = keys[j]
			}
			keys = slices.Insert(keys, j, between(t, a, b))
		}
		if !slices.IsSorted(keys) {
			t.Fatal("keys out of order")
		}
		longest := 0
		for _, k := range keys {
			longest = max(longest, len(k))
		}
		if longest > 12 {
			t.Errorf("seed %d: longest key has %d digits after 3000 random inserts", seed, longest)
		}
	}
}

// Inserts between keys of the older scheme (and its long appended keys)
// stay strictly between them.
func TestOlderKeys(t *testing.T) {
	var old []string
	k := ""
	for i := 0; i < 400; i++ {
		// The older scheme's append: its first digit that can grow, grown.
		k = olderAppend(k)
		old = append(old, k)
	}
	r := rand.New(rand.NewPCG(3, 4))
	keys := slices.Clone(old)
	for i := 0; i < 2000; i++ {
		j := r.IntN(len(keys) + 1)
		a, b := "", ""
		if j > 0 {
			a = keys[j-1]
		}
		if j < len(keys) {
			b = keys[j]
		}
		keys = slices.Insert(keys, j, between(t, a, b))
	}
	// Appending after an older key is no longer than the older scheme.
	last := keys[len(keys)-1]
	if n := order.Between(last, ""); len(n) > len(last) {
		t.Errorf("after %q: %q", last, n)
	}
}

func olderAppend(k string) string {
	const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	for i := 0; i < len(k); i++ {
		if d := strings.IndexByte(digits, k[i]); d < len(digits)-1 {
			return k[:i] + string(digits[d+1])
		}
	}
	return k + "1"
}

// 100,000 appends, or prepends, make keys of at most 4 characters: the
// length grows with the logarithm of the count.
func TestAppendsStayShort(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	for _, appendAt := range []bool{true, false} {
		k, total, longest := "", 0, 0
		for i := 0; i < n; i++ {
			if appendAt {
				k = between(t, k, "")
			} else {
				k = between(t, "", k)
			}
			total += len(k)
			longest = max(longest, len(k))
		}
		if longest > 4 {
			t.Errorf("append=%v: %d keys, the longest %d characters (average %.1f)", appendAt, n, longest, float64(total)/float64(n))
		}
	}
}

// make soak runs the soak below with 100,000 inserts.
var soakInserts = flag.Int("order.inserts", 20_000, "inserts in TestSoakWithRenumbering")

// Inserting again and again at one spot is the one way to grow a key; a
// renumbering (Spread) brings it back. A soak of random inserts, many at
// one hot spot, with the renumbering a store does past MaxLen, never
// holds a key over MaxLen.
func TestSoakWithRenumbering(t *testing.T) {
	n := *soakInserts
	r := rand.New(rand.NewPCG(5, 6))
	var keys []string
	renumbered, longest := 0, 0
	for i := 0; i < n; i++ {
		var j int
		switch x := r.IntN(10); {
		case x < 4:
			j = len(keys) // append
		case x < 7 && len(keys) > 0:
			j = min(len(keys), 1) // right after the first: a hot spot
		default:
			j = r.IntN(len(keys) + 1)
		}
		a, b := "", ""
		if j > 0 {
			a = keys[j-1]
		}
		if j < len(keys) {
			b = keys[j]
		}
		k := between(t, a, b)
		if len(k) > order.MaxLen {
			keys = order.Spread(len(keys))
			renumbered++
			i--
			continue
		}
		longest = max(longest, len(k))
		keys = slices.Insert(keys, j, k)
	}
	if !slices.IsSorted(keys) || longest > order.MaxLen {
		t.Fatalf("longest %d, sorted %v", longest, slices.IsSorted(keys))
	}
	if renumbered == 0 {
		t.Errorf("the hot spot never needed a renumbering")
	}
	t.Logf("%d inserts: %d renumberings, longest key %d", n, renumbered, longest)
}

func TestSpread(t *testing.T) {
	ks := order.Spread(300_000)
	if ks[0] != order.First || ks[60] != "az" || ks[61] != "b01" {
		t.Errorf("Spread starts %v … %v", ks[:3], ks[59:63])
	}
	for i, k := range ks {
		if !order.Canonical(k) || len(k) > 5 || (i > 0 && ks[i-1] >= k) {
			t.Fatalf("Spread: key %d is %q after %q", i, k, ks[max(i-1, 0)])
		}
	}
	if !slices.Equal(order.Spread(100), ks[:100]) {
		t.Error("Spread(n) is not the first n keys of a longer spread")
	}
}

func TestCanonical(t *testing.T) {
	for k, want := range map[string]bool{
		"a1": true, "a1V": true, "b01": true, "Zz": true, "a": false, "b1": false, "z1": false, "V": false,
		"a10": false, "": false, "1": false, "a1~": false,
	} {
		if order.Canonical(k) != want {
			t.Errorf("Canonical(%q) = %v", k, !want)
		}
	}
}

func FuzzBetween(f *testing.F) {
	f.Add("a1", "a2")
	f.Add("", "z1")
	f.Add("zzz1", "")
	f.Fuzz(func(t *testing.T, a, b string) {
		if (a != "" && !order.Valid(a)) || (b != "" && !order.Valid(b)) || (a != "" && b != "" && a >= b) {
			return
		}
		k := order.Between(a, b)
		if (a != "" && a >= k) || (b != "" && k >= b) || !order.Valid(k) {
			t.Fatalf("Between(%q, %q) = %q", a, b, k)
		}
		if len(k) > max(len(a), len(b))+2 && len(k) > 3 {
			t.Fatalf("Between(%q, %q) = %q: longer than it needs", a, b, k)
		}
	})
}

// BenchmarkAppendKeys reports the key lengths of n appends.
func BenchmarkAppendKeys(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var total, longest int
			for b.Loop() {
				k := ""
				total, longest = 0, 0
				for i := 0; i < n; i++ {
					k = order.Between(k, "")
					total += len(k)
					longest = max(longest, len(k))
				}
			}
			b.ReportMetric(float64(total)/float64(n), "avg-chars")
			b.ReportMetric(float64(longest), "max-chars")
		})
	}
}
