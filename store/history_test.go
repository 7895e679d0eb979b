package store_test

import (
	"testing"
	"time"

	"github.com/longhand/longhand/store"
)

func TestGroupVersions(t *testing.T) {
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	vs := store.GroupVersions([]store.Change{
		{Hash: "1", Author: "ada", Time: at(0)},
		{Hash: "2", Author: "ada", Time: at(5)},
		{Hash: "3", Author: "ada", Time: at(14)}, // 9 minutes after the last: same version
		{Hash: "4", Author: "bob", Time: at(15)}, // another author
		{Hash: "5", Author: "bob", Time: at(40)}, // a long pause
		{Hash: "6", Author: "ada", Time: at(41)},
	})
	type v struct {
		id      string
		changes int
	}
	want := []v{{"6", 1}, {"5", 1}, {"4", 1}, {"3", 3}}
	if len(vs) != len(want) {
		t.Fatalf("%d versions, want %d: %+v", len(vs), len(want), vs)
	}
	for i, w := range want {
		if vs[i].ID != w.id || vs[i].Changes != w.changes {
			t.Errorf("version %d = %+v, want id %s with %d changes", i, vs[i], w.id, w.changes)
		}
	}
	if !vs[3].Start.Equal(at(0)) || !vs[3].End.Equal(at(14)) {
		t.Errorf("first version spans %v–%v", vs[3].Start, vs[3].End)
	}
}

func TestSpliceBetween(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"hello world", "hello brave world"},
		{"abc", ""},
		{"", "abc"},
		{"aaa", "aa"},
		{"👋 hi", "👋 there"},
		{"same", "same"},
	} {
		sp, changed := store.SpliceBetween(tc.a, tc.b)
		if changed != (tc.a != tc.b) {
			t.Errorf("SpliceBetween(%q, %q) changed=%v", tc.a, tc.b, changed)
			continue
		}
		r := []rune(tc.a)
		got := string(r[:sp.Pos]) + sp.Ins + string(r[sp.Pos+sp.Del:])
		if got != tc.b {
			t.Errorf("SpliceBetween(%q, %q) = %+v gives %q", tc.a, tc.b, sp, got)
		}
	}
}

// A named version is its own entry: the run of changes that led to it ends
// there, later changes by the same person within minutes start a new one,
// and the naming change itself is not listed as a change.
func TestGroupVersionsWithNames(t *testing.T) {
	t0 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	changes := []store.Change{
		{Hash: "1", Author: "ada", Time: at(0)},
		{Hash: "2", Author: "ada", Time: at(1)},
		{Hash: "n1", Author: "ada", Time: at(2), Verb: store.VerbNameVersion},
		{Hash: "n2", Author: "bob", Time: at(3), Verb: store.VerbNameVersion},
		{Hash: "3", Author: "ada", Time: at(4)},
		{Hash: "4", Author: "ada", Time: at(5)},
	}
	named := []store.NamedVersion{
		{ID: "a", Name: "Draft", Heads: "2", By: "ada", At: at(2)},
		{ID: "b", Name: "Sent to legal", Heads: "n1", By: "bob", At: at(3)}, // named again, nothing changed
		{ID: "c", Name: "Merged", Heads: "3,x", By: "bob", At: at(4).Add(30 * time.Second)},
	}
	vs := store.GroupVersions(changes, named...)
	type v struct {
		id, name string
		changes  int
	}
	// The older name of the same state is listed on its own, by its time.
	want := []v{{"4", "", 2}, {"3,x", "Merged", 0}, {"2", "Draft", 0}, {"2", "Sent to legal", 2}}
	if len(vs) != len(want) {
		t.Fatalf("%d versions, want %d: %+v", len(vs), len(want), vs)
	}
	for i, w := range want {
		if vs[i].ID != w.id || vs[i].Name != w.name || vs[i].Changes != w.changes {
			t.Errorf("version %d = %+v, want id %s named %q with %d changes", i, vs[i], w.id, w.name, w.changes)
		}
	}
	if vs[3].NamedBy != "bob" || vs[3].Author != "ada" || !vs[3].NamedAt.Equal(at(3)) {
		t.Errorf("named run = %+v, want ada's changes named by bob at 9:03", vs[3])
	}
	// Without the names, the same changes are one run.
	if vs := store.GroupVersions(changes); len(vs) != 1 || vs[0].Changes != 4 {
		t.Errorf("without names: %+v, want one run of 4 changes", vs)
	}
}
