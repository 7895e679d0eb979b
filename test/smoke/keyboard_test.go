//go:build smoke

package smoke

import (
	"context"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/test/xvfb"
)

// WebKit does not let Tab reach a scroller with nothing focusable in it,
// so a list that scrolls must hold something that is (a channel's cards)
// or be focusable itself (a chat's messages). In the production window,
// from each screen's title: Tab, then Page Down or Page Up, scrolls a
// channel's feed and a chat.
func TestWindowScrollsFeedsAndChatsWithTheKeyboard(t *testing.T) {
	if *bin == "" {
		t.Fatal("-bin is required")
	}
	display := xvfb.Start(t)
	dataDir := t.TempDir()
	seedLongFeedAndChat(t, dataDir)
	app := launch(t, display, dataDir)
	app.waitFor(t, `msg="ui ready"`, 90*time.Second)
	time.Sleep(1500 * time.Millisecond)

	click := func(what string, x, y int) { t.Helper(); clickAt(t, display, what, x, y, 700*time.Millisecond) }
	keys := func(what string, k ...string) {
		t.Helper()
		xdo(t, display, append([]string{"key", "--delay", "150"}, k...)...)
		time.Sleep(700 * time.Millisecond)
	}

	click("#General in the sidebar", 78, 482)
	click("the channel's name", feedTitleX, feedTitleY)
	keys("Tab to the first card", feedTabs...)
	before := screenshot(t, display, "keyboard-feed-before.png")
	keys("Page Down", "Page_Down")
	after := screenshot(t, display, "keyboard-feed-after.png")
	if n := changed(t, before, after, image.Rect(300, 120, 1050, 840)); n < 20_000 {
		t.Errorf("Page Down changed %d pixels of the feed; want it scrolled", n)
	}

	click("the chat in the sidebar", chatX, chatY)
	click("the chat's title", 330, 23)
	keys("Tab to the messages", chatTabs...)
	before = screenshot(t, display, "keyboard-chat-before.png")
	keys("Page Up", "Page_Up")
	after = screenshot(t, display, "keyboard-chat-after.png")
	if n := changed(t, before, after, image.Rect(270, 80, 1270, 660)); n < 20_000 {
		t.Errorf("Page Up changed %d pixels of the chat; want it scrolled", n)
	}
}

// Where things are on the 1280×860 display, and the Tabs from a screen's
// title to its list; found from screenshots of this layout.
var (
	feedTitleX   = 388
	feedTitleY   = 57
	feedTabs     = strings.Fields("Tab Tab Tab Tab")
	chatX, chatY = 58, 680
	chatTabs     = strings.Fields("Tab Tab Tab")
)

// seedLongFeedAndChat makes a workspace whose #General holds more posts
// than a screen shows, and a chat with Bo of more messages than that.
func seedLongFeedAndChat(t *testing.T, dir string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "longhand.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.CreateWorkspace(ctx, "Acme", "Ada Lovelace", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	channels, err := db.FindChannels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var general store.DocID
	for _, c := range channels {
		if c.Name == "General" {
			general = c.ID
		}
	}
	for k := 0; k < 15; k++ {
		if _, err := db.CreatePost(ctx, store.NewPost{Channel: general, Title: fmt.Sprintf("Week %d", k), Body: fmt.Sprintf("What we shipped in week %d.", k)}); err != nil {
			t.Fatal(err)
		}
	}
	bo, err := db.CreateMember(ctx, store.NewMember{Name: "Bo Tanaka", TimeZone: "Asia/Tokyo", WorkStart: "09:00", WorkEnd: "17:00"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := db.StartConversation(ctx, []store.DocID{bo.ID})
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 30; k++ {
		if _, err := db.SendMessage(ctx, c.ID, fmt.Sprintf("Note %d: a line long enough to take some room in the chat.", k)); err != nil {
			t.Fatal(err)
		}
	}
}

// changed counts the pixels in r that differ between two screenshots.
func changed(t *testing.T, a, b string, r image.Rectangle) int {
	t.Helper()
	load := func(path string) image.Image {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, _, err := image.Decode(f)
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	ia, ib := load(a), load(b)
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if ia.At(x, y) != ib.At(x, y) {
				n++
			}
		}
	}
	return n
}
