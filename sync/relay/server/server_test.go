package server_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/relay/server"
	"github.com/longhand/longhand/sync/seal"
)

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return c
}

func dial(t *testing.T, r *relaytest.Relay, tm *relaytest.Team, d *relaytest.Device) *relay.Client {
	t.Helper()
	c, err := r.Dialer.Dial(ctx(t), r.URL, tm.WS, d, tm.Raw())
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func envelope(t *testing.T, k *seal.EpochKey, d *relaytest.Device, doc store.DocID, text string) []byte {
	t.Helper()
	env, err := seal.Seal(k, d, seal.KindChanges, 0, &seal.Content{Doc: doc, DocKind: store.KindPage, Data: [][]byte{[]byte(text)}})
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// collect reads events until the relay says it caught up.
func collect(t *testing.T, c *relay.Client) (envs [][]byte, last uint64) {
	t.Helper()
	for ev := range c.Events() {
		switch ev.Type {
		case relay.TDeliver:
			envs = append(envs, ev.Envelope)
			last = ev.Position
		case relay.TCaughtUp:
			return envs, ev.Position
		case relay.TError:
			t.Fatalf("connection ended: %v", ev.Err)
		}
	}
	t.Fatal("events closed")
	return nil, 0
}

func code(err error) string {
	var e *relay.ErrorFrame
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// Two devices that are never connected at the same time exchange
// envelopes through the relay, and the relay's data folder holds none of
// the plaintext.
func TestStoreAndForwardWhileNeverOnlineTogether(t *testing.T) {
	dir := t.TempDir()
	r := relaytest.Start(t, server.Config{DataDir: dir})
	tm := relaytest.NewTeam(t)
	bob := tm.AddMember(t, membership.RoleMember)
	doc := store.NewDocID()

	a := dial(t, r, tm, tm.Admin)
	var want []string
	for i := range 5 {
		text := "canary-storeforward-" + string(rune('a'+i))
		want = append(want, text)
		if _, err := a.Publish(ctx(t), envelope(t, tm.Key, tm.Admin, doc, text)); err != nil {
			t.Fatal(err)
		}
	}
	a.Close()

	b := dial(t, r, tm, bob)
	if b.Welcome.Position == 0 || len(b.Welcome.Log) != len(tm.Log) {
		t.Errorf("welcome = %+v", b.Welcome)
	}
	b.Subscribe(0)
	envs, last := collect(t, b)
	if len(envs) != 5 {
		t.Fatalf("got %d envelopes, want 5", len(envs))
	}
	for i, env := range envs {
		_, c, err := seal.Open(seal.Ring{tm.Key.ID: tm.Key}, env)
		if err != nil || string(c.Data[0]) != want[i] {
			t.Errorf("envelope %d: %v %q", i, err, c)
		}
	}
	// A later connection from the remembered position gets nothing twice.
	b.Close()
	b2 := dial(t, r, tm, bob)
	b2.Subscribe(last)
	if envs, _ := collect(t, b2); len(envs) != 0 {
		t.Errorf("caught up from %d and got %d envelopes again", last, len(envs))
	}
	r.Stop()
	total := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		total += len(b)
		if bytes.Contains(b, []byte("canary-storeforward")) || bytes.Contains(b, []byte(doc)) {
			t.Errorf("%s holds plaintext", p)
		}
		return nil
	})
	if total < 5*len(envs[0]) {
		t.Errorf("the data folder holds %d bytes, less than the envelopes stored", total)
	}
}

func TestStrangersAndRemovedDevicesAreRefused(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	tm := relaytest.NewTeam(t)
	bob := tm.AddMember(t, membership.RoleMember)
	a := dial(t, r, tm, tm.Admin)
	b := dial(t, r, tm, bob)

	stranger := relaytest.NewDevice(store.NewDocID())
	if _, err := r.Dialer.Dial(ctx(t), r.URL, tm.WS, stranger, nil); code(err) != relay.CodeAuth {
		t.Errorf("a stranger connected: %v", err)
	}
	// A log from another workspace does not get a stranger in.
	other := relaytest.NewTeam(t)
	if _, err := r.Dialer.Dial(ctx(t), r.URL, tm.WS, other.Admin, other.Raw()); err == nil {
		t.Error("a device of another workspace connected")
	}
	// Naming a workspace the relay does not hold, with no log, stores nothing.
	if _, err := r.Dialer.Dial(ctx(t), r.URL, store.NewDocID(), stranger, nil); code(err) != relay.CodeAuth {
		t.Errorf("a stranger opened a new workspace: %v", err)
	}
	if err := r.Dialer.Join(ctx(t), r.URL, store.NewDocID(), [16]byte{1}, func([][]byte) ([]byte, error) { return nil, nil }); code(err) != relay.CodeAuth {
		t.Errorf("a join to an unknown workspace: %v", err)
	}
	if n := r.Streams(ctx(t)); n != 1 {
		t.Errorf("the relay holds %d streams, want 1 (the team's)", n)
	}

	tm.RemoveMember(t, bob)
	if err := a.PutLog(ctx(t), tm.Raw()); err != nil {
		t.Fatal(err)
	}
	// Bob's open connection is ended...
	select {
	case <-b.Done():
	case <-time.After(30 * time.Second):
		t.Fatal("the removed device's connection stayed open")
	}
	if code(b.Err()) != relay.CodeAuth {
		t.Errorf("removed device's connection ended with %v", b.Err())
	}
	// ...and a new one refused, even when it offers the old log.
	if _, err := r.Dialer.Dial(ctx(t), r.URL, tm.WS, bob, tm.Raw()[:2]); code(err) != relay.CodeAuth {
		t.Errorf("the removed device connected: %v", err)
	}
}

func TestRelayRefusesEnvelopesNotFromTheConnection(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	tm := relaytest.NewTeam(t)
	bob := tm.AddMember(t, membership.RoleMember)
	a := dial(t, r, tm, tm.Admin)
	env := envelope(t, tm.Key, bob, store.NewDocID(), "x")
	if _, err := a.Publish(ctx(t), env); code(err) != relay.CodeRefused {
		t.Errorf("an envelope signed by another device: %v", err)
	}
	bad := bytes.Clone(env)
	bad[len(bad)-1] ^= 1
	if _, err := a.Publish(ctx(t), bad); code(err) != relay.CodeRefused {
		t.Errorf("a forged envelope: %v", err)
	}
	if _, err := a.Publish(ctx(t), []byte("not an envelope")); code(err) != relay.CodeRefused {
		t.Errorf("garbage: %v", err)
	}
	// The connection still works.
	if _, err := a.Publish(ctx(t), envelope(t, tm.Key, tm.Admin, store.NewDocID(), "ok")); err != nil {
		t.Fatal(err)
	}
}

// Oversized and malformed frames end only the connection that sent them,
// with a clear error; the relay keeps serving the others.
func TestBadFramesEndOnlyTheirConnection(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	tm := relaytest.NewTeam(t)
	bob := tm.AddMember(t, membership.RoleMember)
	good := dial(t, r, tm, bob)

	big := dial(t, r, tm, tm.Admin)
	big.Send(make([]byte, relay.MaxMessage+1))
	<-big.Done()
	if err := big.Err(); err == nil || !strings.Contains(err.Error(), "1009") {
		t.Errorf("oversized frame ended the connection with %v, want close 1009 (message too big)", err)
	}

	for _, raw := range [][]byte{{}, {byte(relay.TPublish), 200}, {99}, {byte(relay.TPublish)}} {
		m := dial(t, r, tm, tm.Admin)
		m.Send(raw)
		<-m.Done()
		if code(m.Err()) != relay.CodeMalformed {
			t.Errorf("frame %x ended the connection with %v, want a malformed error", raw, m.Err())
		}
	}
	if _, err := good.Publish(ctx(t), envelope(t, tm.Key, bob, store.NewDocID(), "still served")); err != nil {
		t.Fatalf("the relay stopped serving others: %v", err)
	}
}

func TestStorageAndRateQuotas(t *testing.T) {
	tm := relaytest.NewTeam(t)
	one := len(envelope(t, tm.Key, tm.Admin, store.NewDocID(), "x"))
	r := relaytest.Start(t, server.Config{DeviceQuota: int64(3 * one)})
	a := dial(t, r, tm, tm.Admin)
	for i := range 3 {
		if _, err := a.Publish(ctx(t), envelope(t, tm.Key, tm.Admin, store.NewDocID(), "x")); err != nil {
			t.Fatalf("publish %d: %v", i, err)
		}
	}
	_, err := a.Publish(ctx(t), envelope(t, tm.Key, tm.Admin, store.NewDocID(), "x"))
	if code(err) != relay.CodeQuota {
		t.Fatalf("over the storage quota: %v", err)
	}
	// The quota holds across connections and restarts of the relay.
	a.Close()
	a = dial(t, r, tm, tm.Admin)
	if a.Welcome.Used != int64(3*one) {
		t.Errorf("Used = %d, want %d", a.Welcome.Used, 3*one)
	}

	r2 := relaytest.Start(t, server.Config{Rate: 0.001, Burst: 2})
	c := dial(t, r2, tm, tm.Admin)
	var quota int
	for range 5 {
		if _, err := c.Publish(ctx(t), envelope(t, tm.Key, tm.Admin, store.NewDocID(), "x")); code(err) == relay.CodeQuota {
			quota++
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if quota != 3 {
		t.Errorf("%d of 5 fast publishes refused, want 3", quota)
	}
}

// A snapshot, whole or as a list of its chunks, drops the envelopes it
// covers; one published after it stays.
func TestSnapshotCompacts(t *testing.T) {
	for _, kind := range []seal.Kind{seal.KindSnapshot, seal.KindSnapshotChunks} {
		t.Run(fmt.Sprintf("kind %d", kind), func(t *testing.T) { testSnapshotCompacts(t, kind) })
	}
}

func testSnapshotCompacts(t *testing.T, kind seal.Kind) {
	r := relaytest.Start(t, server.Config{})
	tm := relaytest.NewTeam(t)
	a := dial(t, r, tm, tm.Admin)
	doc, other := store.NewDocID(), store.NewDocID()
	var covers uint64
	for range 3 {
		p, err := a.Publish(ctx(t), envelope(t, tm.Key, tm.Admin, doc, "change"))
		if err != nil {
			t.Fatal(err)
		}
		covers = p
	}
	a.Publish(ctx(t), envelope(t, tm.Key, tm.Admin, other, "other doc"))
	late, _ := a.Publish(ctx(t), envelope(t, tm.Key, tm.Admin, doc, "not in the snapshot"))
	_ = late
	c := &seal.Content{Doc: doc, DocKind: store.KindPage, Data: [][]byte{[]byte("snapshot")}}
	if kind == seal.KindSnapshotChunks {
		sum := sha256.Sum256([]byte("snapshot"))
		l := &seal.ChunkList{Size: 8, Hash: hex.EncodeToString(sum[:]), Chunks: []string{hex.EncodeToString(sum[:])}}
		var err error
		if c, err = l.Content(doc, store.KindPage); err != nil {
			t.Fatal(err)
		}
	}
	snap, err := seal.Seal(tm.Key, tm.Admin, kind, covers, c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Publish(ctx(t), snap); err != nil {
		t.Fatal(err)
	}
	a.Subscribe(0)
	envs, _ := collect(t, a)
	var got []string
	for _, env := range envs {
		h, c, err := seal.Open(seal.Ring{tm.Key.ID: tm.Key}, env)
		if err != nil {
			t.Fatal(err)
		}
		if h.Kind == kind {
			got = append(got, "snapshot")
		} else {
			got = append(got, string(c.Data[0]))
		}
	}
	if strings.Join(got, ",") != "other doc,not in the snapshot,snapshot" {
		t.Errorf("after compaction the relay holds %q", got)
	}
	// The space of the three dropped envelopes is the sender's again:
	// what it stores is the other document's, the late change and the
	// snapshot.
	a.Close()
	a = dial(t, r, tm, tm.Admin)
	one := int64(len(envelope(t, tm.Key, tm.Admin, doc, "change")))
	if want := 2*one + int64(len(snap)); a.Welcome.Used != want {
		t.Errorf("after compaction the device uses %d bytes, want %d", a.Welcome.Used, want)
	}
}

// An invited device leaves a join request while no member is online; an
// admin's device finds it when it connects, and only members can open it.
func TestJoinRequestWhileInviterOffline(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	tm := relaytest.NewTeam(t)
	inv, secret := tm.Invite(t, membership.RoleMember)
	a := dial(t, r, tm, tm.Admin)
	a.Close()

	joiner := relaytest.NewDevice(store.NewDocID())
	body := append(secret[:], joiner.PublicKey()...)
	err := r.Dialer.Join(ctx(t), r.URL, tm.WS, inv, func(log [][]byte) ([]byte, error) {
		var es []*membership.Entry
		for _, raw := range log {
			e, err := membership.Decode(raw)
			if err != nil {
				return nil, err
			}
			es = append(es, e)
		}
		st, _ := membership.Fold(es)
		if st.Workspace != tm.WS {
			t.Fatalf("the relay sent the log of %s", st.Workspace)
		}
		var to []ed25519.PublicKey
		for _, d := range st.Devices {
			to = append(to, d.Key)
		}
		return seal.SealJoin(inv, body, to)
	})
	if err != nil {
		t.Fatal(err)
	}
	// Another invitation ID gets nothing.
	if err := r.Dialer.Join(ctx(t), r.URL, tm.WS, [16]byte{9}, func([][]byte) ([]byte, error) { return nil, nil }); code(err) != relay.CodeAuth {
		t.Errorf("join through an unknown invitation: %v", err)
	}

	a = dial(t, r, tm, tm.Admin)
	if len(a.Welcome.Joins) != 1 {
		t.Fatalf("the admin sees %d join requests, want 1", len(a.Welcome.Joins))
	}
	got, err := seal.OpenJoin(tm.Admin.Priv, a.Welcome.Joins[0])
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("OpenJoin = %x, %v", got, err)
	}
	// Admitting it spends the invitation; the request goes away.
	tm.Admit(t, inv, secret, joiner)
	if err := a.PutLog(ctx(t), tm.Raw()); err != nil {
		t.Fatal(err)
	}
	g, _ := seal.NewGrant(tm.Key, tm.Admin, joiner.PublicKey())
	if err := a.PutGrants(ctx(t), [][]byte{g}); err != nil {
		t.Fatal(err)
	}
	a.Close()
	j := dial(t, r, tm, joiner)
	if len(j.Welcome.Joins) != 0 || len(j.Welcome.Grants) != 1 {
		t.Fatalf("the new member sees %d joins and %d grants, want 0 and 1", len(j.Welcome.Joins), len(j.Welcome.Grants))
	}
	pg, err := seal.ParseGrant(j.Welcome.Grants[0])
	if err != nil {
		t.Fatal(err)
	}
	if k, err := pg.Open(joiner.Priv); err != nil || k.ID != tm.Key.ID {
		t.Fatalf("the new member cannot open its grant: %v", err)
	}
}

// Subscribing again on one connection keeps live delivery: the first
// subscription leaving does not take the second out.
func TestSubscribeAgainKeepsLiveDelivery(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	tm := relaytest.NewTeam(t)
	bob := tm.AddMember(t, membership.RoleMember)
	a := dial(t, r, tm, tm.Admin)
	b := dial(t, r, tm, bob)
	doc := store.NewDocID()
	a.Publish(ctx(t), envelope(t, tm.Key, tm.Admin, doc, "one"))
	for range 3 {
		b.Subscribe(0)
		collect(t, b)
	}
	time.Sleep(50 * time.Millisecond) // let the earlier subscriptions wind down
	a.Publish(ctx(t), envelope(t, tm.Key, tm.Admin, doc, "two"))
	for ev := range b.Events() {
		if ev.Type == relay.TError {
			t.Fatalf("connection ended: %v", ev.Err)
		}
		if ev.Type != relay.TDeliver {
			continue
		}
		_, c, err := seal.Open(seal.Ring{tm.Key.ID: tm.Key}, ev.Envelope)
		if err != nil {
			t.Fatal(err)
		}
		if string(c.Data[0]) == "two" {
			return
		}
	}
}

func TestGrantsOnlyToAdminsAndMembers(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	tm := relaytest.NewTeam(t)
	guest := tm.AddMember(t, membership.RoleGuest)
	a := dial(t, r, tm, tm.Admin)
	g, _ := seal.NewGrant(tm.Key, tm.Admin, guest.PublicKey())
	if err := a.PutGrants(ctx(t), [][]byte{g}); code(err) != relay.CodeRefused {
		t.Errorf("a grant to a guest: %v", err)
	}
	stranger := relaytest.NewDevice(store.NewDocID())
	g, _ = seal.NewGrant(tm.Key, tm.Admin, stranger.PublicKey())
	if err := a.PutGrants(ctx(t), [][]byte{g}); code(err) != relay.CodeRefused {
		t.Errorf("a grant to a stranger: %v", err)
	}
	g, _ = seal.NewGrant(tm.Key, tm.Admin, tm.Admin.PublicKey())
	if err := a.PutGrants(ctx(t), [][]byte{g}); err != nil {
		t.Errorf("a grant to the admin's own device: %v", err)
	}
}
