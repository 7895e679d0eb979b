package engine

import (
	"fmt"
	"math/rand/v2"
	"net"
	"slices"
	"testing"

	"github.com/longhand/longhand/store"
)

// world is two devices' documents after some time apart.
type world struct {
	a, b                    []Doc
	onlyA, onlyB, different []store.DocID
}

func randomID(r *rand.Rand) store.DocID {
	return store.DocID(fmt.Sprintf("%016x%016x", r.Uint64(), r.Uint64()))
}

// apart makes n shared documents, then changes k on one side or the other,
// adds some to each side, and returns what each side holds and what differs.
func apart(seed uint64, n, k int) world {
	r := rand.New(rand.NewPCG(seed, 1))
	var w world
	for i := 0; i < n; i++ {
		d := Doc{ID: randomID(r), Heads: fmt.Sprintf("h%d", i)}
		w.a, w.b = append(w.a, d), append(w.b, d)
	}
	for i := 0; i < k && n > 0; i++ {
		j := r.IntN(n)
		if slices.Contains(w.different, w.a[j].ID) {
			continue
		}
		switch r.IntN(4) {
		case 0:
			w.a[j].Heads += "+a"
		case 1:
			w.b[j].Heads += "+b"
		default:
			w.a[j].Heads += "+a"
			w.b[j].Heads += "+b"
		}
		w.different = append(w.different, w.a[j].ID)
	}
	for i := 0; i < k/3; i++ {
		d := Doc{ID: randomID(r), Heads: "new"}
		if i%2 == 0 {
			w.a, w.onlyA = append(w.a, d), append(w.onlyA, d.ID)
		} else {
			w.b, w.onlyB = append(w.b, d), append(w.onlyB, d.ID)
		}
	}
	return w
}

func sorted(ids []store.DocID) []store.DocID {
	out := slices.Clone(ids)
	slices.Sort(out)
	if out == nil {
		out = []store.DocID{}
	}
	return out
}

// pair reconciles two sets over a pipe and returns both sides' results.
func pair(t testing.TB, a, b []Doc, dial func() (net.Conn, net.Conn)) (Diff, Stats, Diff, Stats) {
	t.Helper()
	sa, err := NewSet(a)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := NewSet(b)
	if err != nil {
		t.Fatal(err)
	}
	ca, cb := dial()
	defer ca.Close()
	defer cb.Close()
	type res struct {
		d   Diff
		st  Stats
		err error
	}
	done := make(chan res, 1)
	go func() {
		d, st, err := Reconcile(cb, sb, false)
		done <- res{d, st, err}
	}()
	da, sta, err := Reconcile(ca, sa, true)
	if err != nil {
		t.Fatalf("initiator: %v", err)
	}
	rb := <-done
	if rb.err != nil {
		t.Fatalf("responder: %v", rb.err)
	}
	return da, sta, rb.d, rb.st
}

func pipe() (net.Conn, net.Conn) { return net.Pipe() }

func loopback(t testing.TB) func() (net.Conn, net.Conn) {
	return func() (net.Conn, net.Conn) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		accepted := make(chan net.Conn, 1)
		go func() {
			c, _ := ln.Accept()
			accepted <- c
		}()
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		return c, <-accepted
	}
}

func TestReconcileFindsEveryDifference(t *testing.T) {
	for _, tc := range []struct{ n, k int }{{0, 0}, {0, 6}, {1, 1}, {50, 0}, {50, 5}, {2000, 1}, {2000, 60}, {3000, 3000}} {
		for seed := uint64(1); seed <= 5; seed++ {
			t.Run(fmt.Sprintf("n=%d,k=%d,seed=%d", tc.n, tc.k, seed), func(t *testing.T) {
				w := apart(seed, tc.n, tc.k)
				da, _, db, _ := pair(t, w.a, w.b, pipe)
				for _, c := range []struct {
					name      string
					got, want []store.DocID
				}{
					{"A's only-mine", da.OnlyMine, w.onlyA}, {"A's only-theirs", da.OnlyTheirs, w.onlyB}, {"A's both", da.Both, w.different},
					{"B's only-mine", db.OnlyMine, w.onlyB}, {"B's only-theirs", db.OnlyTheirs, w.onlyA}, {"B's both", db.Both, w.different},
				} {
					if got, want := sorted(c.got), sorted(c.want); !slices.Equal(got, want) {
						t.Errorf("%s = %d docs, want %d", c.name, len(got), len(want))
					}
				}
			})
		}
	}
}

// The goals, as assertions on counted bytes and round trips (not
// on time): equal sets cost one round trip of at most 64 bytes each way;
// one changed document of 10,000, two round trips and under 4 KB.
func TestReconcileCost(t *testing.T) {
	w := apart(7, 10_000, 0)
	_, sa, _, sb := pair(t, w.a, w.b, pipe)
	if sa.RoundTrips != 1 || sa.Sent > 64 || sa.Received > 64 {
		t.Errorf("equal sets: %+v, want 1 round trip, ≤64 bytes each way", sa)
	}
	if sb.Sent != sa.Received || sb.Received != sa.Sent {
		t.Errorf("the two sides count differently: %+v vs %+v", sa, sb)
	}
	w = apart(7, 10_000, 1)
	da, sa, _, _ := pair(t, w.a, w.b, loopback(t))
	if sa.RoundTrips != 2 || sa.Sent+sa.Received > 4096 || len(da.Both) != 1 {
		t.Errorf("one changed: %+v, %+v; want 2 round trips, <4 KB, one document", sa, da)
	}
}

// A peer that answers with nonsense gets an error, not a panic.
func TestReconcileHostilePeer(t *testing.T) {
	set, _ := NewSet(apart(1, 100, 0).a)
	for _, junk := range [][]byte{
		{2, 1, 40},                        // buckets with 40 bits
		{2, 3, 9, 9, 9},                   // buckets too short
		{3, 2, 0, 0},                      // items when buckets were due
		{9, 0},                            // an unknown frame type
		{2, 0x80, 0x80, 0x80, 0x80, 0x10}, // a frame claiming 4 GiB
	} {
		a, b := net.Pipe()
		go func() {
			buf := make([]byte, 64)
			b.Read(buf) // the summary
			b.Write(junk)
			b.Close()
		}()
		if _, _, err := Reconcile(a, set, true); err == nil {
			t.Errorf("junk % x accepted", junk)
		}
		a.Close()
	}
	if _, err := NewSet([]Doc{{ID: "not-hex"}}); err == nil {
		t.Error("a malformed document ID was accepted")
	}
}

func BenchmarkReconcile(b *testing.B) {
	for _, k := range []int{0, 1, 100} {
		b.Run(fmt.Sprintf("docs=10000/changed=%d", k), func(b *testing.B) {
			w := apart(11, 10_000, k)
			var st Stats
			for b.Loop() {
				_, st, _, _ = pair(b, w.a, w.b, pipe)
			}
			b.ReportMetric(float64(st.Sent+st.Received), "bytes")
			b.ReportMetric(float64(st.RoundTrips), "roundtrips")
		})
	}
}
