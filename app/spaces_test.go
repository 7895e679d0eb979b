package app

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/longhand/longhand/store/sqlite"
)

type allEvents struct {
	mu     sync.Mutex
	spaces []SpaceChanged
	pages  []PageChanged
}

func (r *allEvents) Emit(name string, payload any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch name {
	case EventSpaceChanged:
		r.spaces = append(r.spaces, payload.(SpaceChanged))
	case EventPageChanged:
		r.pages = append(r.pages, payload.(PageChanged))
	}
}

func (r *allEvents) take() ([]SpaceChanged, []PageChanged) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, p := r.spaces, r.pages
	r.spaces, r.pages = nil, nil
	return s, p
}

// Every change of a space is announced as space:changed, and the pages
// that go with it as page:changed, so every window follows without polling.
func TestSpacesAnnounceChanges(t *testing.T) {
	dir := t.TempDir()
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	rec := &allEvents{}
	ws := NewWorkspace(context.Background(), db, dir)
	pages := NewPages(context.Background(), db, db, db, db, rec)
	spaces := NewSpaces(context.Background(), db, db, rec)
	ws.Setup("Ada", "UTC", "")
	sp, err := spaces.Create("Research", "", "🔬")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := pages.Create(NewPageInput{Title: "Interviews", SpaceID: sp.ID})
	rec.take()

	v, err := spaces.Update(sp.ID, SpaceInput{Name: "User research", Description: "Studies", Icon: "🧪"})
	if err != nil || v.Name != "User research" || v.Icon != "🧪" {
		t.Fatalf("Update = %+v, %v", v, err)
	}
	se, pe := spaces.events.(*allEvents).take()
	if len(se) != 1 || se[0].Kind != SpaceUpdated || se[0].Space.Name != "User research" {
		t.Errorf("update events: %+v", se)
	}
	if len(pe) != 1 || pe[0].Kind != ChangeRenamed || pe[0].Page.ID != sp.HomeID || pe[0].Page.Title != "User research" {
		t.Errorf("the home page, named like the space, should follow its name: %+v", pe)
	}

	list, _ := spaces.List()
	moved, err := spaces.Move(sp.ID, list[0].ID)
	if err != nil || len(moved) != 1 || moved[0].ID != sp.ID {
		t.Fatalf("Move = %+v, %v", moved, err)
	}
	if se, _ := rec.take(); len(se) != 1 || se[0].Kind != SpaceMoved || se[0].Space.Position != moved[0].Position {
		t.Errorf("move events: %+v", se)
	}
	if list, _ := spaces.List(); list[0].ID != sp.ID {
		t.Errorf("first space is %s after moving Research first", list[0].Name)
	}

	if err := spaces.Delete(sp.ID); err != nil {
		t.Fatal(err)
	}
	se, pe = rec.take()
	if len(se) != 1 || se[0].Kind != SpaceTrashed || se[0].Space.DeletedAt == "" {
		t.Errorf("trash events: %+v", se)
	}
	if len(pe) != 2 || pe[0].Kind != ChangeTrashed || pe[0].Page.DeletedAt == "" || !hasPage(pe, page.ID) || !hasPage(pe, sp.HomeID) {
		t.Errorf("page events of the trashed space: %+v", pe)
	}
	if tr, _ := spaces.Trash(); len(tr) != 1 || tr[0].ID != sp.ID {
		t.Errorf("Trash = %+v", tr)
	}

	if err := spaces.Restore(sp.ID); err != nil {
		t.Fatal(err)
	}
	se, pe = rec.take()
	if len(se) != 1 || se[0].Kind != SpaceRestored || se[0].Space.DeletedAt != "" || len(pe) != 2 || pe[0].Kind != ChangeRestored {
		t.Errorf("restore events: %+v %+v", se, pe)
	}

	spaces.Delete(sp.ID)
	rec.take()
	if err := spaces.Purge(sp.ID); err != nil {
		t.Fatal(err)
	}
	se, pe = rec.take()
	if len(se) != 1 || se[0].Kind != SpacePurged || se[0].Space.ID != sp.ID || len(pe) != 2 || pe[0].Kind != ChangePurged {
		t.Errorf("purge events: %+v %+v", se, pe)
	}
	if err := spaces.Purge(sp.ID); err == nil {
		t.Error("purging a purged space succeeded")
	}
}

func hasPage(evs []PageChanged, id string) bool {
	for _, e := range evs {
		if e.Page.ID == id {
			return true
		}
	}
	return false
}
