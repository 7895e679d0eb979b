package app

import (
	"context"
	"encoding/base64"
	"path/filepath"
	"sync"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

type anyRecorder struct {
	mu     sync.Mutex
	events []struct {
		name    string
		payload any
	}
}

func (r *anyRecorder) Emit(name string, payload any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, struct {
		name    string
		payload any
	}{name, payload})
}

func (r *anyRecorder) named(name string) []any {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []any
	for _, e := range r.events {
		if e.name == name {
			out = append(out, e.payload)
		}
	}
	return out
}

// Posting, replying and promoting announce typed events: the feed, the
// sidebar's unread counts and the page tree follow them without polling.
func TestChannelsAnnounceChanges(t *testing.T) {
	dir := t.TempDir()
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	rec := &anyRecorder{}
	if _, err := NewWorkspace(context.Background(), db, dir).Setup("Ada", "UTC", ""); err != nil {
		t.Fatal(err)
	}
	ch := NewChannels(context.Background(), db, db, rec)
	list, err := ch.List()
	if err != nil || len(list) != 5 {
		t.Fatalf("List = %+v, %v", list, err)
	}
	p, err := ch.CreatePost(NewPostInput{ChannelID: list[0].ID, Title: "Hello", Body: "World"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ch.Reply(p.ID, "Hi back"); err != nil {
		t.Fatal(err)
	}
	posts := rec.named(EventPostChanged)
	if len(posts) != 2 {
		t.Fatalf("post events = %+v", posts)
	}
	if ev := posts[1].(PostChanged); ev.Kind != PostReplied || ev.Post.ID != p.ID || ev.Post.ReplyCount != 1 {
		t.Errorf("reply event = %+v", ev)
	}
	if evs := rec.named(EventChannelChanged); len(evs) != 2 || evs[1].(ChannelChanged).Channel.ID != list[0].ID {
		t.Errorf("channel events = %+v", evs)
	}
	spaces, _ := db.FindSpaces(context.Background())
	res, err := ch.Promote(p.ID, string(spaces[0].ID), true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Post.PromotedTo != res.Page.ID || res.Page.SpaceID != string(spaces[0].ID) {
		t.Errorf("promote = %+v", res)
	}
	if evs := rec.named(EventPageChanged); len(evs) != 1 || evs[0].(PageChanged).Kind != ChangeCreated {
		t.Errorf("page events = %+v", evs)
	}
	_, err = ch.AttachEmail(list[0].ID, "x.eml", "not base64!!")
	if store.ErrorCode(err) != store.EINVALID {
		t.Errorf("AttachEmail of bad base64: %v", err)
	}
	_, err = ch.AttachEmail(list[0].ID, "x.eml", base64.StdEncoding.EncodeToString([]byte("garbage")))
	if store.ErrorCode(err) != store.EINVALID {
		t.Errorf("AttachEmail of garbage: %v", err)
	}
}
