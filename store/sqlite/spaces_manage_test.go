package sqlite_test

import (
	"context"
	"database/sql"
	"hash/crc32"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

func spaceNames(t *testing.T, ss []store.Space) string {
	t.Helper()
	var out []string
	for _, s := range ss {
		out = append(out, s.Name)
	}
	return strings.Join(out, "|")
}

func liveSpaces(t *testing.T, db interface {
	FindSpaces(context.Context) ([]store.Space, error)
}) []store.Space {
	t.Helper()
	ss, err := db.FindSpaces(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

func TestUpdateSpace(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	sp := liveSpaces(t, db)[1]
	got, err := db.UpdateSpace(ctx, sp.ID, store.SpaceUpdate{Name: ptr("  Runbooks "), Icon: ptr("🛠️")})
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Runbooks" || got.Icon != "🛠️" || got.Description != sp.Description {
		t.Errorf("after rename: %+v", got)
	}
	if _, err := db.UpdateSpace(ctx, sp.ID, store.SpaceUpdate{Description: ptr("How we run things.")}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []store.SpaceUpdate{{Name: ptr("  ")}, {Name: ptr(strings.Repeat("x", 101))},
		{Description: ptr(strings.Repeat("x", 501))}, {Icon: ptr("not an emoji")}} {
		if _, err := db.UpdateSpace(ctx, sp.ID, bad); store.ErrorCode(err) != store.EINVALID {
			t.Errorf("UpdateSpace(%+v): %v, want invalid", bad, err)
		}
	}
	if _, err := db.UpdateSpace(ctx, store.NewDocID(), store.SpaceUpdate{Name: ptr("x")}); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("UpdateSpace of an unknown space: %v, want not found", err)
	}
	db.Close()
	db = mustOpen(t, path)
	got2 := liveSpaces(t, db)[1]
	if got2.Name != "Runbooks" || got2.Icon != "🛠️" || got2.Description != "How we run things." {
		t.Errorf("after a restart: %+v", got2)
	}
}

func TestMoveSpace(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	ss := liveSpaces(t, db)
	handbook, playbooks, metrics := ss[0], ss[1], ss[6]
	moved, err := db.MoveSpace(ctx, metrics.ID, handbook.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(moved) != 1 || moved[0].ID != metrics.ID {
		t.Errorf("MoveSpace returned %s, want only Metrics", spaceNames(t, moved))
	}
	want := "Metrics|Company Handbook|Playbooks|Goals|Insights & Deep Dives|Org & Hiring|Onboarding & Training"
	if got := spaceNames(t, liveSpaces(t, db)); got != want {
		t.Errorf("after moving Metrics first: %s", got)
	}
	if _, err := db.MoveSpace(ctx, handbook.ID, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MoveSpace(ctx, playbooks.ID, ss[5].ID); err != nil { // before Onboarding
		t.Fatal(err)
	}
	want = "Metrics|Goals|Insights & Deep Dives|Org & Hiring|Playbooks|Onboarding & Training|Company Handbook"
	if got := spaceNames(t, liveSpaces(t, db)); got != want {
		t.Errorf("after two more moves: %s, want %s", got, want)
	}
	for name, before := range map[string]store.DocID{"itself": playbooks.ID, "an unknown space": store.NewDocID()} {
		if _, err := db.MoveSpace(ctx, playbooks.ID, before); store.ErrorCode(err) != store.EINVALID {
			t.Errorf("move before %s: %v, want invalid", name, err)
		}
	}
	sp, _ := db.CreateSpace(ctx, "Design", "", "")
	if got := liveSpaces(t, db); got[len(got)-1].ID != sp.ID {
		t.Errorf("a new space goes last: %s", spaceNames(t, got))
	}
	db.Close()
	db = mustOpen(t, path)
	if got := spaceNames(t, liveSpaces(t, db)); got != want+"|Design" {
		t.Errorf("after a restart: %s", got)
	}
}

// Deleting a space is recoverable: its pages go to the trash with it,
// restoring it brings them back (not one trashed on its own before), and
// purging it deletes them for good.
func TestTrashSpace(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	sp, _ := db.CreateSpace(ctx, "Research", "", "🔬")
	a, _ := db.CreatePage(ctx, store.NewPage{Title: "A", Space: sp.ID})
	b, _ := db.CreatePage(ctx, store.NewPage{Title: "B", Parent: a.ID})
	c, _ := db.CreatePage(ctx, store.NewPage{Title: "C", Space: sp.ID})
	db.EditPage(ctx, b.ID, store.Edit{Splices: []store.Splice{{Ins: "findings"}}})
	if _, err := db.DeletePage(ctx, c.ID); err != nil { // C first, on its own
		t.Fatal(err)
	}
	other, _ := db.CreatePage(ctx, inSpace(db, "Elsewhere", ""))

	ids, err := db.DeleteSpace(ctx, sp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !sameIDs(ids, sp.Home, a.ID, b.ID) {
		t.Errorf("DeleteSpace trashed %v, want the home page, A and B", ids)
	}
	if slices.ContainsFunc(liveSpaces(t, db), func(s store.Space) bool { return s.ID == sp.ID }) {
		t.Error("the deleted space is still listed")
	}
	trashed, _ := db.FindTrashedSpaces(ctx)
	if len(trashed) != 1 || trashed[0].ID != sp.ID || !trashed[0].InTrash() {
		t.Errorf("trashed spaces = %+v", trashed)
	}
	for _, id := range []store.DocID{sp.Home, a.ID, b.ID, c.ID} {
		if p, _ := db.FindPage(ctx, id); !p.InTrash() {
			t.Errorf("%s is not in the trash", p.Title)
		}
	}
	if p, _ := db.FindPage(ctx, other.ID); p.InTrash() {
		t.Error("a page of another space went to the trash")
	}
	if _, err := db.CreatePage(ctx, store.NewPage{Title: "New", Space: sp.ID}); store.ErrorCode(err) != store.ECONFLICT {
		t.Errorf("CreatePage in a trashed space: %v, want conflict", err)
	}
	if _, err := db.MovePage(ctx, other.ID, store.PageMove{Space: sp.ID}); store.ErrorCode(err) != store.ECONFLICT {
		t.Errorf("MovePage into a trashed space: %v, want conflict", err)
	}
	if _, err := db.RestorePage(ctx, a.ID); store.ErrorCode(err) != store.ECONFLICT || !strings.Contains(store.ErrorMessage(err), "Research") {
		t.Errorf("RestorePage in a trashed space: %v, want conflict naming the space", err)
	}
	if _, err := db.MoveSpace(ctx, sp.ID, ""); store.ErrorCode(err) != store.ECONFLICT {
		t.Errorf("MoveSpace of a trashed space: %v, want conflict", err)
	}
	if _, err := db.PurgeSpace(ctx, liveSpaces(t, db)[0].ID); store.ErrorCode(err) != store.ECONFLICT {
		t.Errorf("PurgeSpace of a live space: %v, want conflict", err)
	}

	// Survives a restart, then comes back whole.
	db.Close()
	db = mustOpen(t, path)
	ids, err = db.RestoreSpace(ctx, sp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !sameIDs(ids, sp.Home, a.ID, b.ID) {
		t.Errorf("RestoreSpace restored %v, want the home page, A and B", ids)
	}
	if got := liveSpaces(t, db); got[len(got)-1].ID != sp.ID {
		t.Errorf("restored space is not back in its place: %s", spaceNames(t, got))
	}
	if p, _ := db.FindPage(ctx, b.ID); p.InTrash() || p.Body != "findings" || p.Parent != a.ID || p.Space != sp.ID {
		t.Errorf("B after restore = %+v", p)
	}
	if p, _ := db.FindPage(ctx, c.ID); !p.InTrash() {
		t.Error("C, trashed on its own before, came back with the space")
	}
	if ts, _ := db.FindTrashedSpaces(ctx); len(ts) != 0 {
		t.Errorf("trash still lists %d spaces", len(ts))
	}

	// Delete again and purge: every page of the space is gone for good.
	if _, err := db.DeleteSpace(ctx, sp.ID); err != nil {
		t.Fatal(err)
	}
	ids, err = db.PurgeSpace(ctx, sp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !sameIDs(ids, sp.Home, a.ID, b.ID, c.ID) {
		t.Errorf("PurgeSpace purged %v, want all four pages", ids)
	}
	for _, id := range ids {
		if _, err := db.FindPage(ctx, id); store.ErrorCode(err) != store.ENOTFOUND {
			t.Errorf("page %s after purge: %v, want not found", id, err)
		}
	}
	if ts, _ := db.FindTrashedSpaces(ctx); len(ts) != 0 {
		t.Errorf("trash lists %d spaces after the purge", len(ts))
	}
	if hits, _ := db.Search(ctx, "findings", 10); len(hits) != 0 {
		t.Errorf("search still finds a purged page: %+v", hits)
	}
	if _, err := db.FindPage(ctx, other.ID); err != nil {
		t.Errorf("a page of another space: %v", err)
	}
	db.Close()
	db = mustOpen(t, path)
	if len(liveSpaces(t, db)) != 7 {
		t.Errorf("after a restart: %s", spaceNames(t, liveSpaces(t, db)))
	}
}

func TestLastSpaceStays(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	ss := liveSpaces(t, db)
	for _, s := range ss[1:] {
		if _, err := db.DeleteSpace(ctx, s.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.DeleteSpace(ctx, ss[0].ID); store.ErrorCode(err) != store.ECONFLICT {
		t.Errorf("deleting the last space: %v, want conflict", err)
	}
}

func sameIDs(got []store.DocID, want ...store.DocID) bool {
	a, b := slices.Clone(got), slices.Clone(want)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// A workspace made before spaces had positions lists them by creation;
// the first move gives every space a key, in that order, as a change of
// its own, and then moves the one space.
func TestMoveSpaceInAnOlderWorkspace(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	before := liveSpaces(t, db)
	db.Close()

	// Rewrite the workspace document as an older build made it: no
	// positions, and rows without them.
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	old, err := crdt.NewWorkspace("Old", now)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range before {
		s.Position = ""
		if err := old.AddSpace(s); err != nil {
			t.Fatal(err)
		}
	}
	old.Commit("create", now)
	snap := old.Save()
	raw, _ := sql.Open("sqlite3", path)
	for _, q := range []struct {
		q    string
		args []any
	}{
		{"DELETE FROM changes WHERE doc_id = (SELECT id FROM workspace)", nil},
		{"UPDATE docs SET snapshot = ?, sum = ?, heads = ? WHERE id = (SELECT id FROM workspace)", []any{snap, int64(crc32.Checksum(snap, crc32.MakeTable(crc32.Castagnoli))), old.Heads()}},
		{"UPDATE spaces SET position = ''", nil},
	} {
		if _, err := raw.Exec(q.q, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()

	db = mustOpen(t, path)
	if got, want := spaceNames(t, liveSpaces(t, db)), spaceNames(t, before); got != want {
		t.Fatalf("older workspace lists %s, want %s", got, want)
	}
	moved, err := db.MoveSpace(ctx, before[6].ID, before[1].ID) // Metrics before Playbooks
	if err != nil {
		t.Fatal(err)
	}
	if len(moved) != 7 || moved[6].ID != before[6].ID {
		t.Errorf("MoveSpace returned %s, want every space, Metrics last", spaceNames(t, moved))
	}
	want := "Company Handbook|Metrics|Playbooks|Goals|Insights & Deep Dives|Org & Hiring|Onboarding & Training"
	if got := spaceNames(t, liveSpaces(t, db)); got != want {
		t.Errorf("after the first move: %s, want %s", got, want)
	}
	for _, s := range liveSpaces(t, db) {
		if s.Position == "" {
			t.Errorf("%s has no position after the first move", s.Name)
		}
	}
}
