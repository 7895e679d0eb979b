package peer_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/peer"
)

// A guest's device receives only the pages of the spaces the guest was
// invited to (with the workspace and profiles): no other page, post, chat
// or goal reaches it, and a page it makes elsewhere is refused.
func TestGuestSeesOnlyTheirSpaces(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a := newWorkspace(t, dir, "ada")
	defer a.close(t)
	spaces, err := a.db.FindSpaces(ctx)
	if err != nil || len(spaces) < 2 {
		t.Fatal(spaces, err)
	}
	open, closed := spaces[0], spaces[1]
	g := joinAs(t, a, dir, "gus", membership.RoleGuest, []string{string(open.ID)})
	defer g.close(t)
	shared, _ := a.db.CreateBlob(ctx, "shared.txt", strings.NewReader("for guests"), store.DefaultMaxFileSize)
	minutes, _ := a.db.CreateBlob(ctx, "minutes.txt", strings.NewReader("for the board"), store.DefaultMaxFileSize)
	inOpen, _ := a.db.CreatePage(ctx, store.NewPage{Title: "Shared with guests", Body: "hello [file](attachment:" + shared.Hash + ")", Space: open.ID})
	inClosed, _ := a.db.CreatePage(ctx, store.NewPage{Title: "Board minutes", Body: "secret [file](attachment:" + minutes.Hash + ")", Space: closed.ID})
	// A guest's device fetches files when they are opened, not all of
	// them: the guest opens the shared one. And one that learned the hash
	// of a file outside its spaces asks for it: it is not given.
	if set, err := g.db.BlobSettings(ctx); err != nil || set.FetchAll {
		t.Fatalf("a guest's device fetches every file by default: %+v, %v", set, err)
	}
	if set, err := a.db.BlobSettings(ctx); err != nil || !set.FetchAll {
		t.Fatalf("a member's device fetches only opened files by default: %+v, %v", set, err)
	}
	for _, h := range []string{shared.Hash, minutes.Hash} {
		if err := g.db.WantBlob(h); err != nil {
			t.Fatal(err)
		}
	}
	channels, _ := a.db.FindChannels(ctx)
	post, _ := a.db.CreatePost(ctx, store.NewPost{Channel: channels[0].ID, Title: "Internal", Body: "secret"})

	st, err := a.db.MembershipState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	scope := &peer.Scope{Member: g.me, Spaces: map[store.DocID]bool{}}
	for _, sp := range st.Members[g.me].Spaces {
		scope.Spaces[store.DocID(sp)] = true
	}
	syncScoped := func() error {
		_, _, err := trySyncWith(a, g, peer.Options{Scope: scope}, peer.Options{})
		return err
	}
	if err := syncScoped(); err != nil {
		t.Fatal(err)
	}
	if _, err := g.db.FindPage(ctx, inOpen.ID); err != nil {
		t.Errorf("the guest lacks the page in their space: %v", err)
	}
	if _, err := g.db.FindPage(ctx, inClosed.ID); err == nil {
		t.Error("the guest received a page of a space they were not invited to")
	}
	if _, err := g.db.FindPost(ctx, post.ID); err == nil {
		t.Error("the guest received a channel post")
	}
	if b, err := g.db.FindBlob(ctx, shared.Hash); err != nil || !b.Complete {
		t.Errorf("the guest lacks the file of a page in their space: %+v, %v", b, err)
	}
	if _, err := g.db.FindBlob(ctx, minutes.Hash); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("the guest received a file of a space they were not invited to: %v", err)
	}
	if _, err := a.db.FindMember(ctx, g.me); err != nil {
		t.Errorf("the guest's profile did not reach the admin: %v", err)
	}

	// The guest comments in their space: it arrives.
	if _, err := g.db.CreateThread(ctx, inOpen.ID, "", 0, 5, "Nice", nil); err != nil {
		t.Fatal(err)
	}
	if err := syncScoped(); err != nil {
		t.Fatal(err)
	}
	if th, err := a.db.FindThreads(ctx, inOpen.ID); err != nil || len(th) != 1 {
		t.Errorf("the guest's comment on the admin's side: %+v, %v", th, err)
	}

	// The app does not let a guest change a page.
	if _, err := g.db.EditPage(ctx, inOpen.ID, store.Edit{Splices: []store.Splice{{Pos: 0, Ins: "rewritten "}}}); store.ErrorCode(err) != store.EFORBIDDEN {
		t.Errorf("a guest's edit of a page: %v, want forbidden", err)
	}
	if _, err := g.db.CreatePage(ctx, store.NewPage{Title: "Mine", Space: open.ID}); store.ErrorCode(err) != store.EFORBIDDEN {
		t.Errorf("a guest making a page: %v, want forbidden", err)
	}

	// A device that goes around the app (changing the page's Automerge
	// document itself) gets its change refused by the admin's device.
	d, _, err := g.db.SyncOpen(ctx, inOpen.ID)
	if err != nil {
		t.Fatal(err)
	}
	base := d.Heads()
	if err := d.SpliceBody([]store.Splice{{Pos: 0, Ins: "rewritten "}}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Commit("edit", time.Now()); err != nil {
		t.Fatal(err)
	}
	changes, err := d.ChangesSince(base)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.db.SyncMerge(ctx, inOpen.ID, changes); err != nil {
		t.Fatal(err)
	}
	if err := syncScoped(); err == nil || !strings.Contains(err.Error(), "may only comment") {
		t.Errorf("a guest's edit of a page's text: %v, want it refused", err)
	}
	if p, _ := a.db.FindPage(ctx, inOpen.ID); p.Body != inOpen.Body {
		t.Errorf("the admin's page became %q after the guest's edit", p.Body)
	}
}
