package replica_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	mrand "math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/sync/crypto"
	"github.com/longhand/longhand/sync/peer"
	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/relay/replica"
	"github.com/longhand/longhand/sync/relay/server"
	"github.com/longhand/longhand/sync/seal"
)

// folder is one device's real data folder, open, and its replica of the
// workspace through one relay.
type folder struct {
	name string
	db   *sqlite.DB
	id   *crypto.Identity
	me   store.DocID
	rep  *replica.Replica
}

func openFolder(t testing.TB, name string) *folder {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), name+".db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	f := &folder{name: name, db: db, id: crypto.NewIdentity(priv)}
	db.Signer = f.id
	db.Sandbox = loader(t)
	return f
}

// founder sets up a workspace in a new data folder.
func founder(t testing.TB, name string) *folder {
	t.Helper()
	f := openFolder(t, name)
	sess, err := f.db.CreateWorkspace(context.Background(), "Acme", name, "Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	f.me = sess.Me.ID
	return f
}

// joinFolder invites a member on admin's device and sets up a new data
// folder from the admitted log, as joining does.
func joinFolder(t testing.TB, admin *folder, name string) *folder {
	t.Helper()
	ctx := context.Background()
	st, err := admin.db.MembershipState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	inv, entry, err := crypto.CreateInvite(st, admin.id, admin.name, membership.RoleMember, nil, "", 0, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.db.AppendMembership(ctx, entry); err != nil {
		t.Fatal(err)
	}
	f := openFolder(t, name)
	member := store.NewDocID()
	req, err := crypto.AcceptInvite(inv, f.id, member, now)
	if err != nil {
		t.Fatal(err)
	}
	if st, err = admin.db.MembershipState(ctx); err != nil {
		t.Fatal(err)
	}
	admit, err := crypto.AdmitJoin(st, admin.id, req, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.db.AppendMembership(ctx, admit); err != nil {
		t.Fatal(err)
	}
	log, err := admin.db.FindMembershipEntries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := f.db.JoinWorkspace(ctx, inv.Workspace, log, member, name, "America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	f.me = sess.Me.ID
	return f
}

// connect gives the folder a replica through r, as the app builds one;
// tweaks change its configuration as a test needs.
func (f *folder) connect(t testing.TB, r *relaytest.Relay, tweaks ...func(*replica.Config)) {
	t.Helper()
	ctx := context.Background()
	st, err := f.db.MembershipState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.AddRelay(ctx, r.URL, st.Workspace); err != nil {
		t.Fatal(err)
	}
	cfg := replica.Config{URL: r.URL, Dialer: r.Dialer, Workspace: st.Workspace, Device: f.id,
		Log: f.db.FindMembershipEntries, Docs: peer.NewDocs(f.db), Check: loader(t), State: f.db, Blobs: f.db,
		Learn: func(ctx context.Context, entries [][]byte) error {
			_, err := f.db.AddMembershipEntries(ctx, entries)
			return err
		},
		Logf: func(format string, args ...any) { t.Logf(f.name+": "+format, args...) }}
	for _, tweak := range tweaks {
		tweak(&cfg)
	}
	f.rep = replica.New(cfg)
}

func (f *folder) sync(t testing.TB) replica.Stats {
	t.Helper()
	st, err := f.rep.SyncOnce(ctx(t))
	if err != nil {
		t.Fatalf("%s syncs through the relay: %v", f.name, err)
	}
	return st
}

// attach stores a file on f and a page that names it.
func (f *folder) attach(t testing.TB, name string, data []byte) *store.Blob {
	t.Helper()
	ctx := context.Background()
	b, err := f.db.CreateBlob(ctx, name, bytes.NewReader(data), store.DefaultMaxFileSize)
	if err != nil {
		t.Fatal(err)
	}
	spaces, err := f.db.FindSpaces(ctx)
	if err != nil || len(spaces) == 0 {
		t.Fatalf("no space on %s: %v", f.name, err)
	}
	if _, err := f.db.CreatePage(ctx, store.NewPage{Title: "With " + name, Space: spaces[0].ID,
		Body: "[" + name + "](attachment:" + b.Hash + ")"}); err != nil {
		t.Fatal(err)
	}
	return b
}

// holds fails unless f holds the blob whole with data's bytes.
func (f *folder) holds(t testing.TB, b *store.Blob, data []byte) {
	t.Helper()
	r, got, err := f.db.OpenBlob(context.Background(), b.Hash)
	if err != nil {
		t.Fatalf("%s opens %s: %v", f.name, b.Name, err)
	}
	defer r.Close()
	all, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(all, data) || got.Name != b.Name || got.Size != b.Size {
		t.Fatalf("%s holds %s as %d bytes named %q, want %d bytes named %q", f.name, b.Hash[:12], len(all), got.Name, len(data), b.Name)
	}
}

func randomBytes(seed uint64, n int) []byte {
	r := mrand.New(mrand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// pngImage is a real 1×1 PNG.
var pngImage = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")

// An image pasted on one device, and a 3 MB file, reach another device
// through the relay alone, and the relay's data folder holds none of
// their bytes.
func TestFilesCrossTheRelay(t *testing.T) {
	dir := t.TempDir()
	r := relaytest.Start(t, server.Config{DataDir: dir})
	ada := founder(t, "ada")
	bob := joinFolder(t, ada, "bob")
	ada.connect(t, r)
	bob.connect(t, r)
	big := randomBytes(1, 3<<20+12345)
	copy(big, "canary-file-")
	img := ada.attach(t, "pasted.png", pngImage)
	doc := ada.attach(t, "report.bin", big)

	st := ada.sync(t)
	if st.BlobsOut != 2 || st.ChunksOut != 5 {
		t.Errorf("ada put %d files in %d chunks, want 2 in 5", st.BlobsOut, st.ChunksOut)
	}
	st = bob.sync(t)
	if st.BlobsIn != 2 || st.ChunksIn != 5 || st.ObjectsRefused != 0 {
		t.Errorf("bob fetched %d files in %d chunks (%d refused), want 2 in 5", st.BlobsIn, st.ChunksIn, st.ObjectsRefused)
	}
	bob.holds(t, img, pngImage)
	bob.holds(t, doc, big)

	// Nothing goes twice: ada does not put again, bob does not offer back
	// what came from the relay.
	if st := ada.sync(t); st.BlobsOut != 2 || st.ChunksOut != 5 {
		t.Errorf("a second pass put more: %+v", st)
	}
	if st := bob.sync(t); st.BlobsOut != 0 || st.ChunksOut != 0 || st.BlobsIn != 2 {
		t.Errorf("bob's second pass: %+v, want nothing put and nothing more fetched", st)
	}
	r.Stop()
	assertNoCanary(t, dir)
}

// startNATS starts a JetStream server on loopback that the test can reach
// as well as the relay.
func startNATS(t *testing.T) string {
	t.Helper()
	ns, err := natsserver.NewServer(&natsserver.Options{Host: "127.0.0.1", Port: -1, JetStream: true,
		StoreDir: t.TempDir(), MaxPayload: 8 << 20, NoSigs: true, NoLog: true})
	if err != nil {
		t.Fatal(err)
	}
	ns.Start()
	t.Cleanup(ns.Shutdown)
	if !ns.ReadyForConnections(30 * time.Second) {
		t.Fatal("NATS did not start")
	}
	return ns.ClientURL()
}

// A relay that alters a stored chunk, or swaps in one sealed by a device
// the workspace never admitted, gets neither kept: the device refuses
// them, says so in its counts, and the file stays incomplete.
func TestAlteredChunkAtTheRelayIsRefused(t *testing.T) {
	url := startNATS(t)
	r := relaytest.Start(t, server.Config{NATSURL: url})
	ada := founder(t, "ada")
	bob := joinFolder(t, ada, "bob")
	ada.connect(t, r)
	bob.connect(t, r)
	data := randomBytes(2, 3<<20+100)
	b := ada.attach(t, "plans.bin", data)
	ada.sync(t)

	// Reach into the relay's store: the objects of the workspace.
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ws, _ := ada.db.MembershipState(context.Background())
	stream, err := js.Stream(ctx(t), "LHB_"+string(ws.Workspace))
	if err != nil {
		t.Fatal(err)
	}
	info, _ := stream.Info(ctx(t))
	stranger := relaytest.NewDevice(store.NewDocID())
	altered := map[string]bool{} // chunk hashes whose objects were replaced
	for seq := uint64(1); seq <= info.State.LastSeq && len(altered) < 2; seq++ {
		m, err := stream.GetMsg(ctx(t), seq)
		if err != nil {
			continue
		}
		h, err := seal.ParseObject(m.Data)
		if err != nil || h.Kind != seal.ObjectChunk {
			continue
		}
		// Which chunk it is: ada's manifest lists them; the test knows the
		// bytes, and so each chunk's hash.
		var hash string
		for i := 0; i*store.ChunkSize < len(data); i++ {
			part := data[i*store.ChunkSize : min(len(data), (i+1)*store.ChunkSize)]
			sum := sha256.Sum256(part)
			if hx := hex.EncodeToString(sum[:]); h.Name == keyOf(t, ada, r).ChunkName(hx) {
				hash = hx
			}
		}
		if hash == "" {
			t.Fatal("an object at the relay is no chunk of the file")
		}
		bad := bytes.Clone(m.Data)
		if len(altered) == 0 {
			bad[seal.ObjectHeaderSize+50] ^= 0x01 // a flipped bit in the ciphertext
		} else {
			// The right bytes, sealed under the workspace's key (as if it
			// leaked) by a device the workspace never admitted.
			var part []byte
			for i := 0; i*store.ChunkSize < len(data); i++ {
				p := data[i*store.ChunkSize : min(len(data), (i+1)*store.ChunkSize)]
				if sum := sha256.Sum256(p); hex.EncodeToString(sum[:]) == hash {
					part = p
				}
			}
			_, bad, _ = seal.SealChunk(keyOf(t, ada, r), stranger, part)
		}
		if _, err := js.Publish(ctx(t), m.Subject, bad); err != nil {
			t.Fatal(err)
		}
		altered[hash] = true
	}
	if len(altered) != 2 {
		t.Fatalf("altered %d chunks at the relay, want 2", len(altered))
	}

	st := bob.sync(t)
	if st.ObjectsRefused != 2 || st.BlobsIn != 0 || st.ChunksIn != 2 {
		t.Errorf("bob refused %d objects, took %d chunks and made %d files whole; want 2 refused, 2 taken, none whole",
			st.ObjectsRefused, st.ChunksIn, st.BlobsIn)
	}
	got, err := bob.db.FindBlob(context.Background(), b.Hash)
	if err != nil {
		t.Fatal(err)
	}
	if got.Complete || got.Have != 2 {
		t.Errorf("bob holds %d of %d chunks (complete %v), want the 2 genuine ones", got.Have, got.Parts, got.Complete)
	}
	for hash := range altered {
		if _, err := bob.db.ReadChunk(context.Background(), hash); err == nil {
			t.Errorf("bob kept chunk %s from an altered object", hash[:12])
		}
	}
	if _, _, err := bob.db.OpenBlob(context.Background(), b.Hash); err == nil {
		t.Error("bob opens a file whose chunks were refused")
	}
}

// keyOf returns the key the founder's replica seals with: the only one
// there is before a rotation, found by the relay's grant for the founder.
func keyOf(t *testing.T, f *folder, r *relaytest.Relay) *seal.EpochKey {
	t.Helper()
	c, err := r.Dialer.Dial(ctx(t), r.URL, mustWorkspace(t, f), f.id, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, raw := range c.Welcome.Grants {
		if g, err := seal.ParseGrant(raw); err == nil {
			if k, err := g.Open(f.id.PrivateKey()); err == nil {
				return k
			}
		}
	}
	t.Fatal("no key granted to the founder")
	return nil
}

func mustWorkspace(t *testing.T, f *folder) store.DocID {
	st, err := f.db.MembershipState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st.Workspace
}

// A device removed from the workspace cannot name or open a file added
// after its removal, with every key it ever held; the devices that remain
// fetch it.
func TestRemovedDeviceCannotOpenLaterFiles(t *testing.T) {
	r := relaytest.Start(t, server.Config{})
	ada := founder(t, "ada")
	bob := joinFolder(t, ada, "bob")
	carol := joinFolder(t, ada, "carol")
	for _, f := range []*folder{ada, bob, carol} {
		f.connect(t, r)
	}
	before := ada.attach(t, "before.png", pngImage)
	ada.sync(t)
	bob.sync(t)
	carol.sync(t)
	carol.holds(t, before, pngImage)
	// What carol can hold: every key granted to her.
	ring := seal.Ring{}
	cc, err := r.Dialer.Dial(ctx(t), r.URL, mustWorkspace(t, carol), carol.id, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range cc.Welcome.Grants {
		if g, err := seal.ParseGrant(raw); err == nil {
			if k, err := g.Open(carol.id.PrivateKey()); err == nil {
				ring.Add(k)
			}
		}
	}
	cc.Close()
	if len(ring) == 0 {
		t.Fatal("carol was never granted a key")
	}

	// Ada removes carol and rotates the key, as the app does.
	rot := ada.rep.NewRotationKey()
	sign := func(e *membership.Entry) {
		st, err := ada.db.MembershipState(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		e.Workspace, e.Time, e.Parents = st.Workspace, time.Now(), st.Heads
		if err := e.Sign(ada.id); err != nil {
			t.Fatal(err)
		}
		if why := st.Check(e); why != "" {
			t.Fatal(why)
		}
		if err := ada.db.AppendMembership(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	sign(&membership.Entry{Kind: membership.KindRemoveMember, Member: carol.me})
	sign(&membership.Entry{Kind: membership.KindRotateKey, KeyID: rot.ID})
	after := randomBytes(3, 2<<20+7)
	copy(after, "canary-after-removal")
	later := ada.attach(t, "after.bin", after)
	ada.sync(t)
	bob.sync(t)
	bob.holds(t, later, after)

	if _, err := carol.rep.SyncOnce(ctx(t)); err == nil {
		t.Fatal("the removed device still syncs")
	}
	if b, err := carol.db.FindBlob(context.Background(), later.Hash); err == nil && b.Complete {
		t.Fatal("the removed device holds the later file")
	}
	if ring.Key(rot.ID) != nil {
		t.Fatal("carol holds the new key")
	}
	// Under carol's keys the later file has no name the relay knows; under
	// the new key its objects do not open for her.
	ac, err := r.Dialer.Dial(ctx(t), r.URL, mustWorkspace(t, ada), ada.id, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ac.Close()
	var hers [][32]byte
	for _, k := range ring {
		hers = append(hers, k.ManifestName(later.Hash))
	}
	if held, err := ac.HasObjects(ctx(t), hers); err != nil || len(held) != 0 {
		t.Errorf("under carol's keys the relay holds %d objects of the later file (%v), want none", len(held), err)
	}
	sum := sha256.Sum256(after[:store.ChunkSize])
	names := [][32]byte{rot.ManifestName(later.Hash), rot.ChunkName(hex.EncodeToString(sum[:]))}
	objs, err := ac.GetObjects(ctx(t), names)
	if err != nil || len(objs) != 2 {
		t.Fatalf("the relay holds %d of the later file's objects under the new key (%v), want 2", len(objs), err)
	}
	if _, _, err := seal.OpenManifest(ring, objs[names[0]]); !errors.Is(err, seal.ErrUnknownKey) {
		t.Errorf("carol opens the later manifest: %v, want ErrUnknownKey", err)
	}
	if _, _, err := seal.OpenChunk(ring, objs[names[1]]); !errors.Is(err, seal.ErrUnknownKey) {
		t.Errorf("carol opens a later chunk: %v, want ErrUnknownKey", err)
	}
}
