package app

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

type recorder struct {
	mu     sync.Mutex
	events []PageChanged
}

func (r *recorder) Emit(name string, payload any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if name == EventPageChanged {
		r.events = append(r.events, payload.(PageChanged))
	}
}

func (r *recorder) last() PageChanged {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.events[len(r.events)-1]
}

func newServices(t *testing.T) (*Workspace, *Pages, *recorder) {
	t.Helper()
	dir := t.TempDir()
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	rec := &recorder{}
	pages := NewPages(context.Background(), db, db, db, db, rec)
	db.OnPageSaved = pages.saved
	return NewWorkspace(context.Background(), db, dir), pages, rec
}

func TestSetupThenSession(t *testing.T) {
	ws, pages, _ := newServices(t)
	s, err := ws.Session()
	if err != nil || s.Ready || s.SystemTimeZone == "" {
		t.Fatalf("Session before setup = %+v, %v", s, err)
	}
	if _, err := pages.Create(NewPageInput{Title: "x"}); store.ErrorCode(err) != store.EFORBIDDEN {
		t.Errorf("Create before setup: %v, want forbidden", err)
	}
	s, err = ws.Setup("Grace Hopper", "Asia/Tokyo", "")
	if err != nil {
		t.Fatal(err)
	}
	if !s.Ready || s.MeName != "Grace Hopper" || s.TimeZone != "Asia/Tokyo" {
		t.Errorf("Setup = %+v", s)
	}
	zones := ws.TimeZones()
	if len(zones) < 100 || !contains(zones, "UTC") || !contains(zones, "Asia/Tokyo") {
		t.Errorf("TimeZones has %d zones", len(zones))
	}
}

func TestEditAnnouncesSplices(t *testing.T) {
	ws, pages, rec := newServices(t)
	ws.Setup("Ada", "UTC", "")
	p, err := pages.Create(NewPageInput{Title: "Notes"})
	if err != nil {
		t.Fatal(err)
	}
	if ev := rec.last(); ev.Kind != ChangeCreated || ev.Page.ID != p.ID {
		t.Errorf("create event = %+v", ev)
	}
	splices := []Splice{{Pos: 0, Ins: "hello"}}
	res, err := pages.Edit(p.ID, "window-1", p.Rev, splices)
	if err != nil {
		t.Fatal(err)
	}
	ev := rec.last()
	if ev.Kind != ChangeEdited || ev.Origin != "window-1" || ev.PrevRev != p.Rev || ev.Rev != res.Rev || len(ev.Splices) != 1 {
		t.Errorf("edit event = %+v", ev)
	}
	// A second window edits from the old revision, appending after "hello"
	// as it saw it (empty): the edit is rebased, and the event carries the
	// splices as applied, so a third window at PrevRev can follow.
	res2, err := pages.Edit(p.ID, "window-2", p.Rev, []Splice{{Pos: 0, Ins: "¡"}})
	if err != nil {
		t.Fatal(err)
	}
	ev = rec.last()
	if !res2.Rebased || ev.PrevRev != res.Rev || len(ev.Splices) != 1 || ev.Splices[0] != (Splice{Pos: 5, Ins: "¡"}) {
		t.Errorf("rebased edit: result %+v, event %+v", res2, ev)
	}
	got, _ := pages.Open(p.ID)
	if got.Body != "hello¡" {
		t.Errorf("Body=%q, want both edits kept, the earlier one first", got.Body)
	}
	// Folding the edits into the row announces it, with a fresh excerpt.
	if ev := rec.last(); ev.Kind != ChangeSaved || ev.Page.Excerpt != "hello¡" {
		t.Errorf("after Open the last event is %+v, want a save with the new excerpt", ev)
	}
}

func TestTrashAnnounces(t *testing.T) {
	ws, pages, rec := newServices(t)
	ws.Setup("Ada", "UTC", "")
	p, _ := pages.Create(NewPageInput{Title: "Old"})
	if err := pages.Delete(p.ID); err != nil {
		t.Fatal(err)
	}
	if ev := rec.last(); ev.Kind != ChangeTrashed || ev.Page.DeletedAt == "" {
		t.Errorf("trash event = %+v", ev)
	}
	trash, _ := pages.Trash()
	if len(trash) != 1 {
		t.Fatalf("Trash has %d", len(trash))
	}
	if err := pages.Restore(p.ID); err != nil {
		t.Fatal(err)
	}
	if ev := rec.last(); ev.Kind != ChangeRestored || ev.Page.DeletedAt != "" {
		t.Errorf("restore event = %+v", ev)
	}
	pages.Delete(p.ID)
	if err := pages.Purge(p.ID); err != nil {
		t.Fatal(err)
	}
	if ev := rec.last(); ev.Kind != ChangePurged || ev.Page.ID != p.ID {
		t.Errorf("purge event = %+v", ev)
	}
}

func TestFormatErrorHidesInternals(t *testing.T) {
	f := FormatError(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError + 1})), "/data")
	for _, tc := range []struct {
		name string
		err  error
		want ErrorView
	}{
		{"internal", os.ErrPermission, ErrorView{Code: store.EINTERNAL, Message: store.ErrorMessage(os.ErrPermission)}},
		{"domain", store.Errorf(store.EINVALID, "Nope."), ErrorView{Code: store.EINVALID, Message: "Nope."}},
		{"unavailable names the folder", store.Errorf(store.EUNAVAILABLE, "Broken."), ErrorView{Code: store.EUNAVAILABLE, Message: "Broken.", DataDir: "/data"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got ErrorView
			if err := json.Unmarshal([]byte(f(tc.err).(string)), &got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
			if strings.Contains(got.Message, "permission") {
				t.Errorf("internal details leaked: %q", got.Message)
			}
		})
	}
}

func TestUnavailableStoreExplainsEveryCall(t *testing.T) {
	why := store.Errorf(store.EUNAVAILABLE, "broken")
	ws := NewWorkspace(context.Background(), unavailable{why}, "/x")
	pages := NewPages(context.Background(), unavailable{why}, unavailable{why}, unavailable{why}, unavailable{why}, &recorder{})
	if _, err := ws.Session(); err != why {
		t.Errorf("Session: %v", err)
	}
	if _, err := pages.List(); err != why {
		t.Errorf("List: %v", err)
	}
	if _, err := pages.Edit(string(store.NewDocID()), "c", "abc.1", nil); err != why {
		t.Errorf("Edit: %v", err)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestRestoreVersionAddsChangesOnTop(t *testing.T) {
	ws, pages, rec := newServices(t)
	ws.Setup("Ada", "UTC", "")
	p, _ := pages.Create(NewPageInput{Title: "Plan"})
	res, _ := pages.Edit(p.ID, "w", p.Rev, []Splice{{Pos: 0, Ins: "first draft"}})
	vs, err := pages.Versions(p.ID)
	if err != nil || len(vs) == 0 {
		t.Fatalf("Versions = %v, %v", vs, err)
	}
	draft := vs[0].ID
	pages.Edit(p.ID, "w", res.Rev, []Splice{{Pos: 0, Del: 11, Ins: "rewritten"}})
	pages.Rename(p.ID, "Plan v2")

	got, err := pages.RestoreVersion(p.ID, draft)
	if err != nil {
		t.Fatal(err)
	}
	if got.Body != "first draft" || got.Title != "Plan" {
		t.Errorf("restored page = %q %q", got.Title, got.Body)
	}
	// Open editors heard about it as an edit and a rename.
	var kinds []string
	for _, ev := range rec.events[len(rec.events)-3:] {
		kinds = append(kinds, ev.Kind)
	}
	if strings.Join(kinds, ",") != "edited,saved,renamed" {
		t.Errorf("events after restore: %v", kinds)
	}
	// The draft version is still there: nothing was rewritten.
	if old, err := pages.Version(p.ID, draft); err != nil || old.Body != "first draft" {
		t.Errorf("the draft version after the restore: %+v, %v", old, err)
	}
}

func TestCommentsAnnounceChanges(t *testing.T) {
	ws, pages, rec := newServices(t)
	ws.Setup("Ada", "UTC", "")
	db := pages.pages.(*sqlite.DB)
	var threads []ThreadsChanged
	comments := NewComments(context.Background(), db, EmitterFunc(func(name string, payload any) {
		if name == EventThreadsChanged {
			threads = append(threads, payload.(ThreadsChanged))
		}
		rec.Emit(name, payload)
	}))
	p, _ := pages.Create(NewPageInput{Title: "Spec"})
	res, _ := pages.Edit(p.ID, "w", p.Rev, []Splice{{Ins: "Ship the beta in May."}})
	th, err := comments.Start(p.ID, res.Rev, 5, 13, "Which beta?", []string{"not-an-id", string(store.NewDocID())})
	if err != nil {
		t.Fatal(err)
	}
	if th.Quote != "the beta" || len(th.Replies) != 1 || len(th.Replies[0].Mentions) != 1 || th.Replies[0].AuthorName != "Ada" {
		t.Errorf("thread = %+v", th)
	}
	if _, err := comments.Resolve(p.ID, th.ID, true); err != nil {
		t.Fatal(err)
	}
	list, _ := comments.List(p.ID)
	if len(threads) != 2 || threads[0].PageID != p.ID || len(list) != 1 || !list[0].Resolved {
		t.Errorf("events %v, list %+v", threads, list)
	}
}
