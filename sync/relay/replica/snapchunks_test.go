package replica_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/peer"
	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/relay/replica"
	"github.com/longhand/longhand/sync/relay/server"
	"github.com/longhand/longhand/sync/seal"
)

// smallEnvelopes lowers the envelope limit and the chunk size, so that a
// page of some tens of kilobytes is too large for one envelope and goes in
// several chunks.
func smallEnvelopes(c *replica.Config) { c.MaxContent, c.ChunkSize = 8192, testChunk }

const testChunk = 2048

// largePage stores on f a page whose snapshot is far over smallEnvelopes'
// limit: random text does not compress.
func largePage(t *testing.T, f *folder, seed uint64) *store.Page {
	t.Helper()
	ctx := context.Background()
	spaces, err := f.db.FindSpaces(ctx)
	if err != nil || len(spaces) == 0 {
		t.Fatalf("no space on %s: %v", f.name, err)
	}
	body := "canary-large-page " + base64.StdEncoding.EncodeToString(randomBytes(seed, 15_000))
	p, err := f.db.CreatePage(ctx, store.NewPage{Title: "Large", Space: spaces[0].ID, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// sameDoc fails unless b holds the document id with a's body and heads.
func sameDoc(t *testing.T, a, b *folder, id store.DocID) {
	t.Helper()
	ctx := context.Background()
	pa, err := a.db.FindPage(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	pb, err := b.db.FindPage(ctx, id)
	if err != nil {
		t.Fatalf("%s lacks the page %s: %v", b.name, id, err)
	}
	if pa.Body != pb.Body || pa.Title != pb.Title {
		t.Errorf("%s's page is %q with %d bytes of body, %s's %q with %d", b.name, pb.Title, len(pb.Body), a.name, pa.Title, len(pa.Body))
	}
	da, _, err := peer.NewDocs(a.db).Open(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	db, _, err := peer.NewDocs(b.db).Open(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if da.Heads() != db.Heads() {
		t.Errorf("%s's heads %s, %s's %s", b.name, db.Heads(), a.name, da.Heads())
	}
}

// lacksPage fails if f holds the page id.
func lacksPage(t *testing.T, f *folder, id store.DocID) {
	t.Helper()
	if p, err := f.db.FindPage(context.Background(), id); err == nil {
		t.Errorf("%s holds the page with %d bytes of body, want none", f.name, len(p.Body))
	} else if store.ErrorCode(err) != store.ENOTFOUND {
		t.Fatal(err)
	}
}

// A page whose snapshot is too large for one envelope reaches another data
// folder through the relay alone, as sealed chunks an envelope lists, and
// the relay's data folder holds none of its text.
func TestLargePageCrossesTheRelayAsChunks(t *testing.T) {
	dir := t.TempDir()
	r := relaytest.Start(t, server.Config{DataDir: dir})
	ada := founder(t, "ada")
	bob := joinFolder(t, ada, "bob")
	ada.connect(t, r, smallEnvelopes)
	bob.connect(t, r, smallEnvelopes)
	p := largePage(t, ada, 1)

	sa := ada.sync(t)
	if sa.DocChunksOut < 5 || sa.TooLarge != 0 {
		t.Errorf("ada put %d chunks of snapshots (%d too large), want at least 5 and none too large", sa.DocChunksOut, sa.TooLarge)
	}
	sb := bob.sync(t)
	if sb.DocChunksIn != sa.DocChunksOut || sb.Rejected != 0 || sb.ObjectsRefused != 0 || sb.Waiting != 0 {
		t.Errorf("bob fetched %d chunks (%d envelopes and %d objects refused, %d waiting), want ada's %d and nothing refused",
			sb.DocChunksIn, sb.Rejected, sb.ObjectsRefused, sb.Waiting, sa.DocChunksOut)
	}
	sameDoc(t, ada, bob, p.ID)

	// An edit on bob's side goes back as changes, and the page stays one.
	if _, err := bob.db.UpdatePage(context.Background(), p.ID, store.PageUpdate{Title: ptr("Large, renamed by bob")}); err != nil {
		t.Fatal(err)
	}
	bob.sync(t)
	ada.sync(t)
	sameDoc(t, ada, bob, p.ID)
	r.Stop()
	assertNoCanary(t, dir)
}

func ptr[T any](v T) *T { return &v }

// A relay that alters a chunk of a large snapshot gets the snapshot
// refused: the receiving device says so in its counts and stores nothing
// of the page.
func TestAlteredSnapshotChunkAtTheRelayIsRefused(t *testing.T) {
	url := startNATS(t)
	r := relaytest.Start(t, server.Config{NATSURL: url})
	ada := founder(t, "ada")
	bob := joinFolder(t, ada, "bob")
	ada.connect(t, r, smallEnvelopes)
	bob.connect(t, r, smallEnvelopes)
	p := largePage(t, ada, 2)
	if st := ada.sync(t); st.DocChunksOut < 2 {
		t.Fatalf("ada put %d chunks, want several", st.DocChunksOut)
	}

	// Reach into the relay's store and flip a bit of one chunk.
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	stream, err := js.Stream(ctx(t), "LHB_"+string(mustWorkspace(t, ada)))
	if err != nil {
		t.Fatal(err)
	}
	m, err := stream.GetMsg(ctx(t), 2)
	if err != nil {
		t.Fatal(err)
	}
	if h, err := seal.ParseObject(m.Data); err != nil || h.Kind != seal.ObjectChunk {
		t.Fatalf("the relay's second object is no chunk (%v)", err)
	}
	bad := bytes.Clone(m.Data)
	bad[seal.ObjectHeaderSize+50] ^= 0x01
	if _, err := js.Publish(ctx(t), m.Subject, bad); err != nil {
		t.Fatal(err)
	}

	st := bob.sync(t)
	if st.Rejected != 1 || st.ObjectsRefused != 1 || st.Waiting != 0 {
		t.Errorf("bob refused %d envelopes and %d objects (%d waiting), want the one snapshot and its one chunk", st.Rejected, st.ObjectsRefused, st.Waiting)
	}
	lacksPage(t, bob, p.ID)
}

// A list of snapshot chunks that arrives before its chunks waits: the
// device applies the rest, tries it again at every pass, reads it again
// after a restart, and takes the page in once the chunks are there.
func TestSnapshotWaitsForItsChunks(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	ada := founder(t, "ada")
	bob := joinFolder(t, ada, "bob")
	ada.connect(t, r, smallEnvelopes)
	bob.connect(t, r, smallEnvelopes)
	ada.sync(t) // the workspace's first key, and its small documents
	bob.sync(t)

	// Ada's device publishes the list of a large page's chunks by hand,
	// without the chunks, as a device cut off between the two would if
	// the order were the other way round.
	p := largePage(t, ada, 3)
	d, kind, err := peer.NewDocs(ada.db).Open(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	snap := d.Save()
	k := keyOf(t, ada, r)
	whole := sha256.Sum256(snap)
	l := &seal.ChunkList{Size: int64(len(snap)), Hash: hex.EncodeToString(whole[:])}
	var parts [][]byte
	for off := 0; off < len(snap); off += testChunk {
		part := snap[off:min(len(snap), off+testChunk)]
		sum := sha256.Sum256(part)
		l.Chunks = append(l.Chunks, hex.EncodeToString(sum[:]))
		parts = append(parts, part)
	}
	content, err := l.Content(p.ID, kind)
	if err != nil {
		t.Fatal(err)
	}
	env, err := seal.Seal(k, ada.id, seal.KindSnapshotChunks, 0, content)
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.Dialer.Dial(ctx(t), r.URL, mustWorkspace(t, ada), ada.id, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Publish(ctx(t), env); err != nil {
		t.Fatal(err)
	}

	if st := bob.sync(t); st.Waiting != 1 || st.Rejected != 0 {
		t.Errorf("bob: %d waiting, %d refused; want the snapshot waiting", st.Waiting, st.Rejected)
	}
	lacksPage(t, bob, p.ID)
	if st := bob.sync(t); st.Waiting != 1 {
		t.Errorf("bob's second pass: %d waiting, want 1", st.Waiting)
	}
	// Bob's app restarts: the list is read again from the relay.
	bob.connect(t, r, smallEnvelopes)
	if st := bob.sync(t); st.Waiting != 1 {
		t.Errorf("bob after a restart: %d waiting; want the list read again and waiting", st.Waiting)
	}
	lacksPage(t, bob, p.ID)

	for _, part := range parts {
		name, obj, err := seal.SealChunk(k, ada.id, part)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.PutObject(ctx(t), name, obj); err != nil {
			t.Fatal(err)
		}
	}
	st := bob.sync(t)
	if st.Waiting != 0 || st.DocChunksIn != len(parts) {
		t.Errorf("bob once the chunks are there: %d waiting, %d chunks fetched; want none waiting and %d fetched", st.Waiting, st.DocChunksIn, len(parts))
	}
	sameDoc(t, ada, bob, p.ID)
	// Past it for good: a restart reads nothing again.
	bob.connect(t, r, smallEnvelopes)
	if st := bob.sync(t); st.Applied != 0 || st.Waiting != 0 {
		t.Errorf("bob after another restart applied %d envelopes again (%d waiting), want none", st.Applied, st.Waiting)
	}
}

// A list naming a snapshot larger than any device's sandbox takes is
// refused before a byte of it is fetched.
func TestSnapshotOverTheLimitIsRefused(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	ada := founder(t, "ada")
	bob := joinFolder(t, ada, "bob")
	ada.connect(t, r)
	bob.connect(t, r)
	ada.sync(t)
	bob.sync(t)
	hash := strings.Repeat("ab", 32)
	l := &seal.ChunkList{Size: 17 << 20, Hash: hash}
	for range 17 {
		l.Chunks = append(l.Chunks, hash)
	}
	id := store.NewDocID()
	content, err := l.Content(id, store.KindPage)
	if err != nil {
		t.Fatal(err)
	}
	env, err := seal.Seal(keyOf(t, ada, r), ada.id, seal.KindSnapshotChunks, 0, content)
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.Dialer.Dial(ctx(t), r.URL, mustWorkspace(t, ada), ada.id, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Publish(ctx(t), env); err != nil {
		t.Fatal(err)
	}
	if st := bob.sync(t); st.Rejected != 1 || st.Waiting != 0 || st.DocChunksIn != 0 {
		t.Errorf("bob: %d refused, %d waiting, %d chunks fetched; want it refused outright", st.Rejected, st.Waiting, st.DocChunksIn)
	}
	lacksPage(t, bob, id)
}
