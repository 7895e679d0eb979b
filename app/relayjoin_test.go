package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/peer"
	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/relay/server"
)

// relaysOf gives a node relays that sync its real data folder.
func relaysOf(t *testing.T, n *node, r *relaytest.Relay) *Relays {
	rs := NewRelays(t.Context(), n.db, nil, n.id, peer.NewDocs(n.db), n.db.Sandbox, n.ev)
	rs.TLS = r.Dialer.TLS
	n.sync.relays = rs
	t.Cleanup(rs.stopAll)
	return rs
}

// A device joins through the relay while the inviter is offline, then the
// two never meet: each device's edits reach the other through the relay
// alone, into real data folders, and the relay's files hold none of the
// text.
func TestJoinThroughARelayAndSyncWithoutMeeting(t *testing.T) {
	ctx := t.Context()
	relayDir := t.TempDir()
	r := relaytest.Start(t, server.Config{DataDir: relayDir})
	a := newNode(t)
	if _, err := a.db.CreateWorkspace(ctx, "Acme", "Ada", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	spaces, _ := a.db.FindSpaces(ctx)
	p, err := a.db.CreatePage(ctx, store.NewPage{Title: "Plan", Body: "canary-alpha: ship on Friday.\n", Space: spaces[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := NewDevices(ctx, a.id, nil, a.db, a.db, a.db).CreateInvite(NewInvite{Role: "member"})
	if err != nil {
		t.Fatal(err)
	}
	ra := relaysOf(t, a, r)
	if _, err := ra.Add(r.URL); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a's documents at the relay", func() bool {
		l, err := ra.List()
		return err == nil && len(l) == 1 && l[0].State == "reachable" && l[0].Queued == 0
	})
	ra.stopAll() // Ada goes offline

	b := newNode(t)
	relaysOf(t, b, r)
	requested := make(chan struct{})
	joinRequested = func() { close(requested) }
	t.Cleanup(func() { joinRequested = func() {} })
	joined := make(chan error, 1)
	go func() {
		sess, err := b.sync.Join(inv.Code, "Bo", "America/New_York", r.URL)
		if err == nil && (!sess.Ready || sess.WorkspaceName != "Acme") {
			t.Errorf("session after joining = %+v", sess)
		}
		joined <- err
	}()
	// Ada comes back later: her device finds the request and lets Bo in.
	<-requested
	ra.startAll()
	if err := <-joined; err != nil {
		t.Fatalf("Join through the relay: %v", err)
	}
	waitFor(t, "Bo's device to hold Ada's page", func() bool {
		got, err := b.db.FindPage(ctx, p.ID)
		return err == nil && strings.Contains(got.Body, "canary-alpha")
	})
	ra.stopAll() // Ada offline again

	if _, err := b.db.EditPage(ctx, p.ID, store.Edit{Splices: []store.Splice{{Pos: 0, Ins: "canary-bravo: "}}}); err != nil {
		t.Fatal(err)
	}
	b.sync.relays.kick()
	waitFor(t, "Bo's edit at the relay", func() bool {
		l, _ := b.sync.relays.List()
		return len(l) == 1 && l[0].Queued == 0 && l[0].State == "reachable"
	})
	b.sync.relays.stopAll() // Bo offline; Ada comes back
	ra.startAll()
	waitFor(t, "Ada's device to take Bo's edit", func() bool {
		got, err := a.db.FindPage(ctx, p.ID)
		return err == nil && got.Body == "canary-bravo: canary-alpha: ship on Friday.\n"
	})
	r.Stop()
	filepath.WalkDir(relayDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(path)
		if strings.Contains(string(data), "canary") || strings.Contains(string(data), "ship on Friday") {
			t.Errorf("the relay's %s holds the text in the clear", path)
		}
		return nil
	})
}

// A person Ada added under People joins through the relay while she is
// offline: his device joins as that person, the workspace opens as his at
// once (his profile arrives later, through the relay), and no second Bo
// ever appears.
func TestJoinThroughARelayAsAPersonAddedBefore(t *testing.T) {
	ctx := t.Context()
	r := relaytest.Start(t, server.Config{DataDir: t.TempDir()})
	a := newNode(t)
	if _, err := a.db.CreateWorkspace(ctx, "Acme", "Ada", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	bo, err := NewMembers(ctx, a.db, a.db, a.ev).Add(MemberInput{Name: "Bo Berg", TimeZone: "America/New_York", Team: "Research"})
	if err != nil {
		t.Fatal(err)
	}
	devs := NewDevices(ctx, a.id, nil, a.db, a.db, a.db)
	inv, err := devs.CreateInvite(NewInvite{Role: "member", MemberID: bo.ID})
	if err != nil {
		t.Fatal(err)
	}
	ra := relaysOf(t, a, r)
	if _, err := ra.Add(r.URL); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a's documents at the relay", func() bool {
		l, err := ra.List()
		return err == nil && len(l) == 1 && l[0].State == "reachable" && l[0].Queued == 0
	})
	ra.stopAll()

	b := newNode(t)
	relaysOf(t, b, r)
	requested := make(chan struct{})
	joinRequested = func() { close(requested) }
	t.Cleanup(func() { joinRequested = func() {} })
	joined := make(chan SessionView, 1)
	go func() {
		sess, err := b.sync.Join(inv.Code, "", "Asia/Tokyo", r.URL)
		if err != nil {
			t.Errorf("Join through the relay: %v", err)
		}
		joined <- sess
	}()
	<-requested
	ra.startAll()
	sess := <-joined
	if !sess.Ready || sess.MeID != bo.ID || sess.MeName != "Bo Berg" {
		t.Fatalf("session after joining = %+v, want Bo, ready", sess)
	}
	waitFor(t, "Bo's profile on his device", func() bool {
		m, err := b.db.FindMember(ctx, store.DocID(bo.ID))
		return err == nil && m.Team == "Research" && m.TimeZone == "America/New_York"
	})
	after, _ := b.db.FindSession(ctx)
	if after.Me.TimeZone != "America/New_York" {
		t.Errorf("Bo's zone once his profile came = %q, want the one Ada set", after.Me.TimeZone)
	}
	waitFor(t, "Ada's profile on Bo's device", func() bool {
		ms, _ := b.db.FindMembers(ctx)
		return len(ms) == 2
	})
	if ms, _ := b.db.FindMembers(ctx); ms[0].Name != "Ada" || ms[1].Name != "Bo Berg" {
		t.Errorf("Bo's directory = %+v, want Ada and one Bo", ms)
	}
	if list, _ := devs.Invites(); len(list) != 1 || list[0].Status != "used" || list[0].UsedByName != "Bo Berg" {
		t.Errorf("Ada's invitations = %+v", list)
	}
}
