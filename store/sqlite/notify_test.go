package sqlite_test

import (
	"context"
	"database/sql"
	"reflect"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
)

func TestNotifySettings(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	s, err := db.FindNotifySettings(ctx)
	if err != nil || s.MentionsBreakThrough || len(s.Blocks) != 0 || s.KeepInTray {
		t.Fatalf("default settings = %+v, %v", s, err)
	}
	want := store.NotifySettings{MentionsBreakThrough: true, KeepInTray: true,
		Blocks:         []store.FocusBlock{{Days: store.Weekdays, Start: 9 * 60, End: 11 * 60}},
		BlocksOffUntil: time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC)}
	if err := db.UpdateNotifySettings(ctx, want); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = mustOpen(t, path)
	got, err := db.FindNotifySettings(ctx)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("after reopening: %+v, %v; want %+v", got, err, want)
	}
	bad := store.NotifySettings{Blocks: []store.FocusBlock{{Start: 60, End: 120}}}
	if err := db.UpdateNotifySettings(ctx, bad); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("a block with no days: %v, want EINVALID", err)
	}
	if got, _ := db.FindNotifySettings(ctx); !reflect.DeepEqual(got, want) {
		t.Errorf("a rejected update changed the settings: %+v", got)
	}
}

func TestNotifySettingsUnreadableBlocks(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	if err := db.UpdateNotifySettings(ctx, store.NotifySettings{MentionsBreakThrough: true}); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, blocks := range []string{`{not json`, `[{"days":[true],"start":-5,"end":99999}]`, `"x"`} {
		if _, err := raw.Exec("UPDATE notify_settings SET blocks = ?", blocks); err != nil {
			t.Fatal(err)
		}
		s, err := db.FindNotifySettings(ctx)
		if err != nil || len(s.Blocks) != 0 || !s.MentionsBreakThrough {
			t.Errorf("blocks %s: %+v, %v; want the other settings and no blocks", blocks, s, err)
		}
	}
}

func TestNoticeItems(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	// The first look notices what is there without calling it news.
	fresh, err := db.NoticeItems(ctx, []string{"reply:a", "review:b"})
	if err != nil || len(fresh) != 0 {
		t.Fatalf("first NoticeItems = %v, %v; want none", fresh, err)
	}
	fresh, _ = db.NoticeItems(ctx, []string{"reply:a", "reply:c", "review:b"})
	if !reflect.DeepEqual(fresh, []string{"reply:c"}) {
		t.Errorf("NoticeItems = %v, want [reply:c]", fresh)
	}
	db.Close()
	db = mustOpen(t, path)
	fresh, _ = db.NoticeItems(ctx, []string{"reply:a", "reply:c", "reply:d"})
	if !reflect.DeepEqual(fresh, []string{"reply:d"}) {
		t.Errorf("after a restart NoticeItems = %v, want [reply:d]", fresh)
	}
}

func TestNoticeItemsEmptyFirstStart(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	if fresh, err := db.NoticeItems(ctx, nil); err != nil || len(fresh) != 0 {
		t.Fatalf("first NoticeItems = %v, %v", fresh, err)
	}
	if fresh, _ := db.NoticeItems(ctx, []string{"reply:a"}); !reflect.DeepEqual(fresh, []string{"reply:a"}) {
		t.Errorf("an item after an empty first start = %v, want [reply:a]", fresh)
	}
}

func TestHeldNotes(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	t1 := time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC)
	notes := []store.HeldNote{
		{Item: "reply:b", Kind: store.InboxReply, Title: "Bo replied", Body: "Sure", Until: t1.Add(time.Hour), Digest: true},
		{Item: "reply:a", Kind: store.InboxMention, Title: "Cy mentioned you", Body: "@Ada look", Mention: true, Until: t1},
	}
	for _, n := range notes {
		if err := db.HoldNote(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.HoldNote(ctx, store.HeldNote{}); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("a note with no key: %v, want EINVALID", err)
	}
	db.Close()
	db = mustOpen(t, path)
	got, err := db.FindHeldNotes(ctx)
	if err != nil || !reflect.DeepEqual(got, []store.HeldNote{notes[1], notes[0]}) {
		t.Fatalf("held after a restart = %+v, %v", got, err)
	}
	// Holding again moves its time.
	moved := notes[1]
	moved.Until, moved.Digest = t1.Add(2*time.Hour), true
	db.HoldNote(ctx, moved)
	if err := db.DeleteHeldNotes(ctx, []string{"reply:b"}); err != nil {
		t.Fatal(err)
	}
	got, _ = db.FindHeldNotes(ctx)
	if !reflect.DeepEqual(got, []store.HeldNote{moved}) {
		t.Errorf("held = %+v, want %+v", got, moved)
	}
}
