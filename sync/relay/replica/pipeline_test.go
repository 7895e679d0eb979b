package replica_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/relay/server"
	"github.com/longhand/longhand/sync/seal"
)

// A file of several batches of chunks is fetched with the next batch asked
// for while the last is stored: altered objects in later batches are
// still each refused and counted, every genuine chunk is kept, the file
// does not count as whole, and once the relay holds the right objects
// again the next pass fetches only the two missing chunks.
func TestAlteredChunksInLaterBatchesAreRefused(t *testing.T) {
	url := startNATS(t)
	r := relaytest.Start(t, server.Config{NATSURL: url})
	ada := founder(t, "ada")
	bob := joinFolder(t, ada, "bob")
	ada.connect(t, r)
	bob.connect(t, r)
	parts := 2*relay.MaxGetNames + 3
	data := randomBytes(5, parts*store.ChunkSize-77)
	b := ada.attach(t, "survey.bin", data)
	ada.sync(t)

	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ws := mustWorkspace(t, ada)
	stream, err := js.Stream(ctx(t), "LHB_"+string(ws))
	if err != nil {
		t.Fatal(err)
	}
	k := keyOf(t, ada, r)
	originals := map[string][]byte{} // subject → the object as ada put it
	var altered []string
	for _, i := range []int{relay.MaxGetNames + 4, 2*relay.MaxGetNames + 1} { // one in the second batch, one in the third
		part := data[i*store.ChunkSize : min(len(data), (i+1)*store.ChunkSize)]
		sum := sha256.Sum256(part)
		hash := hex.EncodeToString(sum[:])
		name := k.ChunkName(hash)
		subject := "lhb." + string(ws) + "." + hex.EncodeToString(name[:])
		m, err := stream.GetLastMsgForSubject(ctx(t), subject)
		if err != nil {
			t.Fatalf("chunk %d at the relay: %v", i, err)
		}
		originals[subject] = m.Data
		bad := bytes.Clone(m.Data)
		bad[seal.ObjectHeaderSize+77] ^= 0x04
		if _, err := js.Publish(ctx(t), subject, bad); err != nil {
			t.Fatal(err)
		}
		altered = append(altered, hash)
	}

	st := bob.sync(t) // the page, then the file
	if st.ObjectsRefused != 2 || st.BlobsIn != 0 || st.ChunksIn != parts-2 {
		t.Errorf("bob refused %d objects, took %d chunks and made %d files whole; want 2 refused, %d taken, none whole",
			st.ObjectsRefused, st.ChunksIn, st.BlobsIn, parts-2)
	}
	got, err := bob.db.FindBlob(context.Background(), b.Hash)
	if err != nil || got.Complete || got.Have != parts-2 {
		t.Fatalf("bob holds %+v, %v; want %d of %d chunks, not complete", got, err, parts-2, parts)
	}
	for _, h := range altered {
		if _, err := bob.db.ReadChunk(context.Background(), h); err == nil {
			t.Errorf("bob kept chunk %s from an altered object", h[:12])
		}
	}

	for subject, obj := range originals {
		if _, err := js.Publish(ctx(t), subject, obj); err != nil {
			t.Fatal(err)
		}
	}
	again := bob.sync(t)
	if n := again.ChunksIn - st.ChunksIn; n != 2 || again.BlobsIn != 1 {
		t.Errorf("the next pass took %d chunks and made %d files whole; want the 2 missing and 1", n, again.BlobsIn)
	}
	bob.holds(t, b, data)
}
