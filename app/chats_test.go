package app

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

type chatEvents struct {
	mu  sync.Mutex
	got []ChatChanged
}

func (c *chatEvents) Emit(name string, payload any) {
	if name != EventChatChanged {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = append(c.got, payload.(ChatChanged))
}

func (c *chatEvents) count(kind string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, e := range c.got {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

func newChats(t *testing.T) (*Chats, *sqlite.DB, *chatEvents, store.DocID) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	if _, err := db.CreateWorkspace(ctx, "", "Ada", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	bo, err := db.CreateMember(ctx, store.NewMember{Name: "Bo", TimeZone: "Asia/Tokyo"})
	if err != nil {
		t.Fatal(err)
	}
	ev := &chatEvents{}
	return NewChats(ctx, db, db, db, db, ev), db, ev, bo.ID
}

// A scheduled message goes out by itself when its time comes, and the
// frontend hears of it.
func TestOutboxSendsWhenDue(t *testing.T) {
	chats, _, ev, bo := newChats(t)
	c, err := chats.Start([]string{string(bo)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		chats.RunOutbox(ctx, t.Logf)
		close(done)
	}()
	defer func() { cancel(); <-done }()
	at := time.Now().Add(300 * time.Millisecond).UTC().Format(time.RFC3339Nano)
	if _, err := chats.Schedule(c.ID, "Ping from the past", at); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		ms, err := chats.Messages(c.ID, "", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 1 {
			if ms[0].Body != "Ping from the past" || ms[0].AuthorName != "Ada" {
				t.Errorf("sent %+v", ms[0])
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the scheduled message was never sent")
		}
		time.Sleep(50 * time.Millisecond)
	}
	for ev.count("message") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no chat:changed event for the sent message")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// "In their morning" is the start of the recipient's working day, in
// their own time zone.
func TestTheirMorning(t *testing.T) {
	chats, _, _, bo := newChats(t)
	c, _ := chats.Start([]string{string(bo)})
	// Monday 12 January 2026, 15:00 in London is midnight in Tokyo: Bo's
	// morning is 09:00 Tokyo, 00:00 UTC on Tuesday.
	chats.Now = func() time.Time { return time.Date(2026, 1, 12, 15, 0, 0, 0, time.UTC) }
	got, err := chats.TheirMorning(c.ID)
	if err != nil || got != "2026-01-13T00:00:00Z" {
		t.Errorf("TheirMorning = %q, %v; want 2026-01-13T00:00:00Z", got, err)
	}
}
