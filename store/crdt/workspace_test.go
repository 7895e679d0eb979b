package crdt_test

import (
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/order"
)

// twoDevices returns a workspace with spaces a, b and c (in that order) as
// two devices hold it after a sync: independent copies with their own actors.
func twoDevices(t *testing.T) (*crdt.Doc, *crdt.Doc, []store.DocID) {
	t.Helper()
	now := time.Unix(1700000000, 0)
	d, err := crdt.NewWorkspace("Team", now)
	if err != nil {
		t.Fatal(err)
	}
	var ids []store.DocID
	pos := ""
	for _, name := range []string{"a", "b", "c"} {
		pos = order.Between(pos, "")
		sp := store.Space{ID: store.NewDocID(), Name: name, Icon: "📁", Home: store.NewDocID(), Position: pos, CreatedAt: now}
		if err := d.AddSpace(sp); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, sp.ID)
	}
	if _, err := d.Commit("create", now); err != nil {
		t.Fatal(err)
	}
	other, err := d.Fork()
	if err != nil {
		t.Fatal(err)
	}
	return d, other, ids
}

// sync merges each copy into the other and checks that they agree.
func sync(t *testing.T, x, y *crdt.Doc) []store.Space {
	t.Helper()
	if err := x.Merge(y); err != nil {
		t.Fatal(err)
	}
	if err := y.Merge(x); err != nil {
		t.Fatal(err)
	}
	if x.Heads() != y.Heads() {
		t.Fatalf("heads differ after sync: %s vs %s", x.Heads(), y.Heads())
	}
	sx, err := x.Spaces()
	if err != nil {
		t.Fatal(err)
	}
	sy, _ := y.Spaces()
	if describe(sx) != describe(sy) {
		t.Fatalf("the copies disagree after sync:\n%s\n%s", describe(sx), describe(sy))
	}
	return sx
}

func describe(ss []store.Space) string {
	var b strings.Builder
	for _, s := range ss {
		b.WriteString(s.Name + "/" + s.Description + "/" + s.Icon)
		if s.InTrash() {
			b.WriteString("(trash)")
		}
		b.WriteString(" ")
	}
	return strings.TrimSpace(b.String())
}

func names(ss []store.Space) string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Name)
	}
	return strings.Join(out, " ")
}

func commit(t *testing.T, d *crdt.Doc, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Commit("edit", time.Unix(1700000100, 0)); err != nil {
		t.Fatal(err)
	}
}

func ptr(s string) *string { return &s }

// Two people editing different fields of one space offline both keep
// their change; two renames of one space settle on the same name on both.
func TestSpaceEditsMerge(t *testing.T) {
	x, y, ids := twoDevices(t)
	commit(t, x, x.UpdateSpace(ids[0], store.SpaceUpdate{Name: ptr("Alpha")}))
	commit(t, y, y.UpdateSpace(ids[0], store.SpaceUpdate{Description: ptr("First things"), Icon: ptr("🚀")}))
	commit(t, x, x.UpdateSpace(ids[1], store.SpaceUpdate{Name: ptr("Bravo from x")}))
	commit(t, y, y.UpdateSpace(ids[1], store.SpaceUpdate{Name: ptr("Bravo from y")}))
	got := sync(t, x, y)
	if got[0].Name != "Alpha" || got[0].Description != "First things" || got[0].Icon != "🚀" {
		t.Errorf("space a = %+v, want x's name with y's description and icon", got[0])
	}
	if n := got[1].Name; n != "Bravo from x" && n != "Bravo from y" {
		t.Errorf("space b is named %q, want one of the two renames", n)
	}
}

// Two people reordering offline: each moved space ends where its mover
// put it relative to the spaces that did not move, and both copies agree.
func TestSpaceMovesMerge(t *testing.T) {
	x, y, ids := twoDevices(t)
	all, _ := x.Spaces()
	// x moves c first; y moves a last.
	commit(t, x, x.SetSpacePosition(ids[2], order.Between("", all[0].Position)))
	commit(t, y, y.SetSpacePosition(ids[0], order.Between(all[2].Position, "")))
	if got := names(sync(t, x, y)); got != "c b a" {
		t.Errorf("order after sync = %s, want c b a", got)
	}

	// Both put a different space at the same spot: equal keys, ordered by
	// ID the same way on both copies, and neither space is lost.
	x, y, ids = twoDevices(t)
	all, _ = x.Spaces()
	key := order.Between("", all[0].Position)
	commit(t, x, x.SetSpacePosition(ids[1], key))
	commit(t, y, y.SetSpacePosition(ids[2], key))
	got := sync(t, x, y)
	if len(got) != 3 || got[2].ID != ids[0] {
		t.Errorf("order after sync = %s, want b and c (in ID order) before a", describe(got))
	}
	first, second := ids[1], ids[2]
	if second < first {
		first, second = second, first
	}
	if got[0].ID != first || got[1].ID != second {
		t.Errorf("equal keys not ordered by ID: %s", describe(got))
	}
}

// Trashing a space on one device while another renames it keeps both:
// the space is in the trash, under its new name.
func TestSpaceTrashAndRenameMerge(t *testing.T) {
	x, y, ids := twoDevices(t)
	commit(t, x, x.SetSpaceDeleted(ids[1], time.Unix(1700000050, 0)))
	commit(t, y, y.UpdateSpace(ids[1], store.SpaceUpdate{Name: ptr("Renamed")}))
	got := sync(t, x, y)
	if !got[1].InTrash() || got[1].Name != "Renamed" {
		t.Errorf("space b = %+v, want it in the trash and renamed", got[1])
	}
	// Changing a space that is gone is refused, not a new empty space.
	commit(t, x, x.RemoveSpace(ids[1]))
	if err := x.UpdateSpace(ids[1], store.SpaceUpdate{Name: ptr("Ghost")}); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("update of a removed space: %v, want not found", err)
	}
	if ss, _ := x.Spaces(); len(ss) != 2 {
		t.Errorf("%d spaces after removing one, want 2", len(ss))
	}
}
