package replica_test

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/relay/replica"
	"github.com/longhand/longhand/sync/relay/server"
)

// Edits made while the relay is down stay queued (they are what differs
// from the heads last published) and go when it is back; the relay keeps
// what it had across the restart.
func TestEditsWhileRelayIsDownGoWhenItIsBack(t *testing.T) {
	dir := t.TempDir()
	r := relaytest.Start(t, server.Config{DataDir: dir})
	tm := relaytest.NewTeam(t)
	bobDev := tm.AddMember(t, membership.RoleMember)
	check := loader(t)
	ada := newApp(t, r.URL, r, tm, tm.Admin, check)
	id := ada.docs.create(t, "first. ")
	syncOnce(t, ada)
	r.Stop()

	ada.docs.edit(t, id, 0, "written offline. ")
	if _, err := ada.rep.SyncOnce(ctx(t)); err == nil {
		t.Fatal("synced with the relay down")
	}
	ada.docs.edit(t, id, 0, "still offline. ")

	// The relay comes back (on another port: the state is per relay, so
	// the app is pointed at the same address in practice).
	r2 := relaytest.Start(t, server.Config{DataDir: dir})
	ada2 := newAppWith(t, r2, tm, tm.Admin, check, ada.docs, ada.state)
	st := syncOnce(t, ada2)
	if st.Published != 1 {
		t.Errorf("published %d envelopes when back, want 1 with both offline edits", st.Published)
	}
	bob := newApp(t, r2.URL, r2, tm, bobDev, check)
	syncOnce(t, bob)
	got := bob.docs.body(t, id)
	if !strings.Contains(got, "written offline") || !strings.Contains(got, "still offline") || got != ada.docs.body(t, id) {
		t.Errorf("bob has %q, want ada's %q", got, ada.docs.body(t, id))
	}
}

// A document too large for one envelope travels as sealed chunks that a
// small envelope lists, and arrives whole; the others go as before.
func TestLargeDocumentTravelsAsChunks(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	tm := relaytest.NewTeam(t)
	bobDev := tm.AddMember(t, membership.RoleMember)
	check := loader(t)
	small := func(c *replica.Config) { c.MaxContent, c.ChunkSize = 4096, 1024 }
	ada := newAppOn(t, r.URL, r, tm, tm.Admin, check, newMem(), &memState{}, small)
	// Random text does not compress: its snapshot is larger than the limit.
	noise := make([]byte, 6000)
	rand.Read(noise)
	big := ada.docs.create(t, base64.StdEncoding.EncodeToString(noise))
	little := ada.docs.create(t, "small. ")
	st := syncOnce(t, ada)
	if st.TooLarge != 0 || st.Published != 2 || st.DocChunksOut < 5 {
		t.Errorf("stats = %+v, want two published, one of them in at least 5 chunks", st)
	}
	bob := newAppOn(t, r.URL, r, tm, bobDev, check, newMem(), &memState{}, small)
	got := syncOnce(t, bob)
	if got.Applied != 2 || got.Rejected != 0 || got.DocChunksIn != st.DocChunksOut || got.Waiting != 0 {
		t.Errorf("bob's stats = %+v, want both applied and the %d chunks fetched", got, st.DocChunksOut)
	}
	if bob.docs.body(t, little) != "small. " || bob.docs.body(t, big) != ada.docs.body(t, big) {
		t.Errorf("bob has small %q and big %d bytes, want ada's %d", bob.docs.body(t, little), len(bob.docs.body(t, big)), len(ada.docs.body(t, big)))
	}
	ad, _, _ := ada.docs.Open(ctx(t), big)
	bd, _, _ := bob.docs.Open(ctx(t), big)
	if ad.Heads() != bd.Heads() {
		t.Errorf("bob's heads %s, ada's %s", bd.Heads(), ad.Heads())
	}
	// Nothing left to send back, and nothing is put twice.
	if again := syncOnce(t, bob); again.Published != 0 || again.DocChunksOut != 0 {
		t.Errorf("bob's second pass: %+v, want nothing published", again)
	}
}

// A relay that lost its store (a new one at the same address) gets
// everything again, and what it receives afterwards is not skipped as
// already read.
func TestRelayThatLostItsStoreGetsEverythingAgain(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	tm := relaytest.NewTeam(t)
	bobDev := tm.AddMember(t, membership.RoleMember)
	check := loader(t)
	ada := newApp(t, r.URL, r, tm, tm.Admin, check)
	bob := newApp(t, r.URL, r, tm, bobDev, check)
	id := ada.docs.create(t, "one. ")
	for i := range 5 {
		ada.docs.edit(t, id, 0, fmt.Sprintf("edit %d. ", i))
		syncOnce(t, ada)
	}
	syncOnce(t, bob)
	r.Stop()

	fresh := relaytest.Start(t, server.Config{}) // empty data folder
	ada2 := newAppWith(t, fresh, tm, tm.Admin, check, ada.docs, ada.state)
	bob2 := newAppWith(t, fresh, tm, bobDev, check, bob.docs, bob.state)
	syncOnce(t, ada2) // resends its document
	bob.docs.edit(t, id, 0, "bob after the loss. ")
	syncOnce(t, bob2)
	syncOnce(t, ada2)
	if a, b := ada.docs.body(t, id), bob.docs.body(t, id); a != b || !strings.Contains(a, "bob after the loss") {
		t.Errorf("after the relay lost its store: ada %q, bob %q", a, b)
	}
}
