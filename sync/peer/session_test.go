package peer_test

import (
	"context"
	"testing"

	"github.com/longhand/longhand/store"
)

// Two devices that edit every kind of document while apart converge,
// heads and rows, in one session, and a second session moves nothing.
func TestTwoDevicesConvergeAfterOfflineEditsOfEveryKind(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a := newWorkspace(t, dir, "ada")
	defer a.close(t)
	b := join(t, a, dir, "bo")
	defer b.close(t)

	// First sync: b receives the whole workspace, a receives b's profile.
	ra, _ := syncPair(t, a, b)
	if len(ra.Diff.OnlyMine) == 0 || len(ra.Diff.OnlyTheirs) != 1 {
		t.Fatalf("first sync sent %d documents and received %d, want the workspace and b's profile", len(ra.Diff.OnlyMine), len(ra.Diff.OnlyTheirs))
	}
	converged(t, a, b)
	sess, err := b.db.FindSession(ctx)
	if err != nil || sess.Workspace == nil || sess.Workspace.Name != "Acme" {
		t.Fatalf("b's session after the first sync: %+v, %v", sess, err)
	}

	// Apart, each edits: the same page concurrently, and one of each kind.
	spaces, err := a.db.FindSpaces(ctx)
	if err != nil || len(spaces) == 0 {
		t.Fatal(spaces, err)
	}
	pa, err := a.db.CreatePage(ctx, store.NewPage{Title: "Spec", Body: "Hello world", Space: spaces[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	syncPair(t, b, a) // b dials this time
	if _, err := a.db.EditPage(ctx, pa.ID, store.Edit{Splices: []store.Splice{{Pos: 5, Ins: ", dear"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.db.EditPage(ctx, pa.ID, store.Edit{Splices: []store.Splice{{Pos: 11, Ins: "!"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.db.CreateThread(ctx, pa.ID, "", 6, 11, "Which world?", nil); err != nil {
		t.Fatal(err)
	}
	channels, err := b.db.FindChannels(ctx)
	if err != nil || len(channels) == 0 {
		t.Fatal(channels, err)
	}
	if _, err := b.db.CreatePost(ctx, store.NewPost{Channel: channels[0].ID, Title: "Hi all", Body: "Bo here."}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.db.CreateGoal(ctx, store.NewGoal{Title: "Ship sync", Level: store.LevelQuarterly, Scope: store.ScopeCompany,
		PeriodStart: "2026-10-01", PeriodEnd: "2026-12-31", Measure: store.Measure{Kind: store.MeasureBinary}}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.db.CreateCheckIn(ctx, store.NewCheckIn{Plans: "Review the spec", Progress: "Joined"}); err != nil {
		t.Fatal(err)
	}
	conv, err := a.db.StartConversation(ctx, []store.DocID{b.me})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.db.SendMessage(ctx, conv.ID, "Welcome, Bo"); err != nil {
		t.Fatal(err)
	}
	team := "Platform"
	if _, err := b.db.UpdateMember(ctx, b.me, store.MemberUpdate{Team: &team}); err != nil {
		t.Fatal(err)
	}
	name := "Handbook & policies"
	if _, err := a.db.UpdateSpace(ctx, spaces[0].ID, store.SpaceUpdate{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.db.CreateChannel(ctx, "proj-sync", "The sync project"); err != nil {
		t.Fatal(err)
	}

	syncPair(t, a, b)
	converged(t, a, b)
	for _, d := range []*device{a, b} {
		p, err := d.db.FindPage(ctx, pa.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Body != "Hello, dear world!" {
			t.Errorf("%s: body %q, want both edits", d.name, p.Body)
		}
		threads, err := d.db.FindThreads(ctx, pa.ID)
		if err != nil || len(threads) != 1 || threads[0].Quote != "world" {
			t.Errorf("%s: threads %+v, %v", d.name, threads, err)
		}
	}
	// Bo can answer in the chat Ada started while apart.
	if _, err := b.db.SendMessage(ctx, conv.ID, "Thanks!"); err != nil {
		t.Fatalf("b replies in a chat it received: %v", err)
	}

	ra, rb := syncPair(t, a, b)
	converged(t, a, b)
	ra2, rb2 := syncPair(t, a, b)
	for _, r := range [...]int{len(ra2.Diff.Both), len(ra2.Diff.OnlyMine), len(ra2.Diff.OnlyTheirs)} {
		if r != 0 {
			t.Errorf("a second session found differences: %+v", ra2.Diff)
		}
	}
	if ra2.Reconcile.RoundTrips != 1 || ra2.Reconcile.Sent > 64 || rb2.Reconcile.Sent > 64 {
		t.Errorf("nothing changed cost %d round trips, %d→ %d← bytes", ra2.Reconcile.RoundTrips, ra2.Reconcile.Sent, rb2.Reconcile.Sent)
	}
	if len(ra.Confirmed) != ra.Total || len(rb.Confirmed) != rb.Total {
		t.Errorf("confirmed %d of %d and %d of %d documents", len(ra.Confirmed), ra.Total, len(rb.Confirmed), rb.Total)
	}
}
