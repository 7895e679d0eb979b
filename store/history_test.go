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
