package sqlite_test

import (
	"context"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
)

// A chat's insight goes to the knowledge base in one step: the chosen
// messages, in the order sent, under their authors' names and times,
// without a link back to the private chat.
func TestSaveChatAsPage(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	bo, err := db.CreateMember(ctx, store.NewMember{Name: "Bo Tanaka", TimeZone: "Asia/Tokyo"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := db.StartConversation(ctx, []store.DocID{bo.ID})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, body := range []string{"Why did the deploy stall?", "Skip it", "The **migration** held a lock: run it *before* the deploy."} {
		m, err := db.SendMessage(ctx, c.ID, body)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	spaces, _ := db.FindSpaces(ctx)
	p, err := db.SaveChatAsPage(ctx, c.ID, []string{ids[2], ids[0]}, spaces[0].ID, "  Deploys and   migrations ")
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Deploys and migrations" || p.Space != spaces[0].ID {
		t.Errorf("page %q in %s", p.Title, p.Space)
	}
	first, last := strings.Index(p.Body, "Why did the deploy stall?"), strings.Index(p.Body, "The **migration** held a lock")
	if first < 0 || last < first || strings.Contains(p.Body, "Skip it") {
		t.Errorf("the page holds the chosen messages in order, not the other:\n%s", p.Body)
	}
	if !strings.Contains(p.Body, "> Kept from a chat between Ada Lovelace and Bo Tanaka,") || !strings.Contains(p.Body, "**Ada Lovelace** · ") {
		t.Errorf("the page names its people and authors:\n%s", p.Body)
	}
	if strings.Contains(p.Body, string(c.ID)) {
		t.Errorf("the page links back to the private chat:\n%s", p.Body)
	}

	if err := db.DeleteMessage(ctx, c.ID, ids[1]); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		msgs  []string
		space store.DocID
		want  string
	}{
		"a deleted message": {[]string{ids[1]}, spaces[0].ID, store.ENOTFOUND},
		"no message":        {nil, spaces[0].ID, store.EINVALID},
		"no such space":     {[]string{ids[0]}, "not-an-id", store.EINVALID},
	} {
		if _, err := db.SaveChatAsPage(ctx, c.ID, tc.msgs, tc.space, "T"); store.ErrorCode(err) != tc.want {
			t.Errorf("%s: %v, want %s", name, err, tc.want)
		}
	}
	if _, err := db.SaveChatAsPage(ctx, store.NewDocID(), []string{ids[0]}, spaces[0].ID, "T"); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("a chat that does not exist: %v", err)
	}
}
