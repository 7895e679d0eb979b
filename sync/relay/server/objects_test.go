package server_test

import (
	"bytes"
	"crypto/rand"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/relay/server"
	"github.com/longhand/longhand/sync/seal"
)

func chunk(t *testing.T, k *seal.EpochKey, d *relaytest.Device, n int) ([32]byte, []byte) {
	t.Helper()
	data := make([]byte, n)
	rand.Read(data)
	name, obj, err := seal.SealChunk(k, d, data)
	if err != nil {
		t.Fatal(err)
	}
	return name, obj
}

// A device puts sealed chunks; another asks which the relay holds and
// gets them back byte for byte; a name never put is neither held nor sent.
func TestObjectsPutHasGet(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	tm := relaytest.NewTeam(t)
	bob := tm.AddMember(t, membership.RoleMember)
	a := dial(t, r, tm, tm.Admin)
	small, smallObj := chunk(t, tm.Key, tm.Admin, 300)
	whole, wholeObj := chunk(t, tm.Key, tm.Admin, store.ChunkSize)
	for _, o := range []struct {
		name [32]byte
		obj  []byte
	}{{small, smallObj}, {whole, wholeObj}} {
		if err := a.PutObject(ctx(t), o.name, o.obj); err != nil {
			t.Fatalf("PutObject (%d bytes): %v", len(o.obj), err)
		}
	}
	b := dial(t, r, tm, bob)
	missing := tm.Key.ChunkName("never put")
	held, err := b.HasObjects(ctx(t), [][32]byte{small, missing, whole})
	if err != nil {
		t.Fatal(err)
	}
	if !held[small] || !held[whole] || held[missing] || len(held) != 2 {
		t.Errorf("HasObjects = %v, want the two put", held)
	}
	got, err := b.GetObjects(ctx(t), [][32]byte{whole, missing, small})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !bytes.Equal(got[small], smallObj) || !bytes.Equal(got[whole], wholeObj) {
		t.Fatalf("GetObjects returned %d objects, want the two put as they were", len(got))
	}
	if _, data, err := seal.OpenChunk(seal.Ring{tm.Key.ID: tm.Key}, got[whole]); err != nil || len(data) != store.ChunkSize {
		t.Errorf("the whole chunk opens to %d bytes: %v", len(data), err)
	}
	// The relay stores only what the connection's device signed, under the
	// name its header gives.
	_, bobsObj := chunk(t, tm.Key, bob, 10)
	if err := a.PutObject(ctx(t), tm.Key.ChunkName("x"), bobsObj); code(err) != relay.CodeRefused {
		t.Errorf("putting another device's object: %v, want %s", err, relay.CodeRefused)
	}
	name, obj := chunk(t, tm.Key, tm.Admin, 10)
	if err := a.PutObject(ctx(t), small, obj); code(err) != relay.CodeRefused {
		t.Errorf("putting an object under another name: %v, want %s", err, relay.CodeRefused)
	}
	bad := bytes.Clone(obj)
	bad[len(bad)-100] ^= 1
	if err := a.PutObject(ctx(t), name, bad); code(err) != relay.CodeRefused {
		t.Errorf("putting an altered object: %v, want %s", err, relay.CodeRefused)
	}
	if held, _ := b.HasObjects(ctx(t), [][32]byte{name}); held[name] {
		t.Error("a refused object is held")
	}
}

// The same chunk put twice (sealed twice, so in other bytes), by one
// device or two, is stored once and counted once against the quota of the
// device that stored it.
func TestObjectPutTwiceIsCountedOnce(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	tm := relaytest.NewTeam(t)
	bob := tm.AddMember(t, membership.RoleMember)
	data := make([]byte, 5000)
	rand.Read(data)
	name, first, _ := seal.SealChunk(tm.Key, tm.Admin, data)
	_, again, _ := seal.SealChunk(tm.Key, tm.Admin, data)
	_, bobs, _ := seal.SealChunk(tm.Key, bob, data)
	if bytes.Equal(first, again) {
		t.Fatal("two seals of one chunk are equal")
	}
	a, b := dial(t, r, tm, tm.Admin), dial(t, r, tm, bob)
	for _, put := range []struct {
		c   *relay.Client
		obj []byte
	}{{a, first}, {a, again}, {b, bobs}} {
		if err := put.c.PutObject(ctx(t), name, put.obj); err != nil {
			t.Fatal(err)
		}
	}
	got, err := b.GetObjects(ctx(t), [][32]byte{name})
	if err != nil || !bytes.Equal(got[name], first) {
		t.Errorf("the relay holds another object than the first put (%v)", err)
	}
	a.Close()
	b.Close()
	if a = dial(t, r, tm, tm.Admin); a.Welcome.Used != int64(len(first)) {
		t.Errorf("the admin's device uses %d bytes, want %d (one object)", a.Welcome.Used, len(first))
	}
	if b = dial(t, r, tm, bob); b.Welcome.Used != 0 {
		t.Errorf("bob's device uses %d bytes for a chunk stored before, want 0", b.Welcome.Used)
	}
}

// Objects count against the same quota as envelopes.
func TestObjectsCountAgainstTheQuota(t *testing.T) {
	tm := relaytest.NewTeam(t)
	env := envelope(t, tm.Key, tm.Admin, store.NewDocID(), "x")
	_, probe := chunk(t, tm.Key, tm.Admin, 100_000)
	r := relaytest.Start(t, server.Config{DeviceQuota: int64(len(env) + 2*len(probe))})
	a := dial(t, r, tm, tm.Admin)
	if _, err := a.Publish(ctx(t), env); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		name, obj := chunk(t, tm.Key, tm.Admin, 100_000)
		if err := a.PutObject(ctx(t), name, obj); err != nil {
			t.Fatalf("object %d within the quota: %v", i, err)
		}
	}
	name, obj := chunk(t, tm.Key, tm.Admin, 100_000)
	if err := a.PutObject(ctx(t), name, obj); code(err) != relay.CodeQuota {
		t.Fatalf("an object over the quota: %v, want %s", err, relay.CodeQuota)
	}
	if _, err := a.Publish(ctx(t), envelope(t, tm.Key, tm.Admin, store.NewDocID(), "y")); code(err) != relay.CodeQuota {
		t.Errorf("an envelope once objects filled the quota: %v, want %s", err, relay.CodeQuota)
	}
	if held, _ := a.HasObjects(ctx(t), [][32]byte{name}); held[name] {
		t.Error("the object refused for the quota is held")
	}
}

// A removed device can neither put nor read objects.
func TestRemovedDeviceIsRefusedObjects(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	tm := relaytest.NewTeam(t)
	bob := tm.AddMember(t, membership.RoleMember)
	a, b := dial(t, r, tm, tm.Admin), dial(t, r, tm, bob)
	name, obj := chunk(t, tm.Key, tm.Admin, 100)
	if err := a.PutObject(ctx(t), name, obj); err != nil {
		t.Fatal(err)
	}
	tm.RemoveMember(t, bob)
	if err := a.PutLog(ctx(t), tm.Raw()); err != nil {
		t.Fatal(err)
	}
	bname, bobj := chunk(t, tm.Key, bob, 100)
	if err := b.PutObject(ctx(t), bname, bobj); err == nil {
		t.Error("a removed device put an object")
	}
	if got, err := b.GetObjects(ctx(t), [][32]byte{name}); err == nil {
		t.Errorf("a removed device got %d objects", len(got))
	}
	if held, _ := a.HasObjects(ctx(t), [][32]byte{bname}); held[bname] {
		t.Error("the removed device's object is held")
	}
	if _, err := r.Dialer.Dial(ctx(t), r.URL, tm.WS, bob, tm.Raw()[:2]); code(err) != relay.CodeAuth {
		t.Errorf("the removed device connected: %v", err)
	}
}
