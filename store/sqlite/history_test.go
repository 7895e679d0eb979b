package sqlite_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
)

func TestVersions(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	var mu sync.Mutex
	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }

	p, _ := db.CreatePage(ctx, inSpace(db, "Plan", "v1"))
	advance(time.Minute)
	db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Pos: 2, Ins: " draft"}}})
	db.FindPage(ctx, p.ID) // fold the edit into a change
	advance(time.Hour)
	db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Pos: 0, Del: 8, Ins: "v2 final"}}})
	db.UpdatePage(ctx, p.ID, store.PageUpdate{Title: ptr("Plan, final")})

	vs, err := db.FindVersions(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].AuthorName != "Ada Lovelace" || vs[1].Changes != 2 {
		t.Fatalf("versions = %+v, want 2 by Ada: the morning's two changes, then the hour-later ones", vs)
	}
	old, err := db.FindVersion(ctx, p.ID, vs[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if old.Body != "v1 draft" || old.Title != "Plan" {
		t.Errorf("first version = %q %q", old.Title, old.Body)
	}
	cur, _ := db.FindVersion(ctx, p.ID, vs[0].ID)
	if cur.Body != "v2 final" || cur.Title != "Plan, final" {
		t.Errorf("latest version = %q %q", cur.Title, cur.Body)
	}
	for _, bad := range []string{"", "nope", "00" + vs[0].ID[2:]} {
		if _, err := db.FindVersion(ctx, p.ID, bad); store.ErrorCode(err) != store.ENOTFOUND {
			t.Errorf("FindVersion(%q): %v, want not found", bad, err)
		}
	}
}

// Naming a version keeps the page as it was then findable, even when the
// same person goes on editing within minutes (which would otherwise merge
// into one version); the name survives a restart.
func TestNameVersion(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	p, _ := db.CreatePage(ctx, inSpace(db, "Contract", "first draft"))
	db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Pos: 11, Ins: ", edited"}}}) // not folded yet
	v, err := db.NameVersion(ctx, p.ID, "  Sent   to legal ")
	if err != nil {
		t.Fatal(err)
	}
	if v.Name != "Sent to legal" || v.NamedByName != "Ada Lovelace" {
		t.Errorf("NameVersion = %+v", v)
	}
	db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Pos: 0, Del: 5, Ins: "second"}}})
	for _, bad := range []string{"", "   ", strings.Repeat("x", 101)} {
		if _, err := db.NameVersion(ctx, p.ID, bad); store.ErrorCode(err) != store.EINVALID {
			t.Errorf("NameVersion(%q): %v, want invalid", bad, err)
		}
	}
	if _, err := db.NameVersion(ctx, store.NewDocID(), "x"); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("NameVersion of an unknown page: %v, want not found", err)
	}
	db.Close()
	db = mustOpen(t, path)

	vs, err := db.FindVersions(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Name != "" || vs[1].Name != "Sent to legal" || vs[1].NamedByName != "Ada Lovelace" {
		t.Fatalf("versions = %+v, want the latest edits, then the named version", vs)
	}
	old, err := db.FindVersion(ctx, p.ID, vs[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if old.Body != "first draft, edited" {
		t.Errorf("named version reads %q, want the text when it was named", old.Body)
	}
	cur, _ := db.FindPage(ctx, p.ID)
	if cur.Body != "second draft, edited" {
		t.Errorf("current body %q", cur.Body)
	}
}
