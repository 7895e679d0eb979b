package replica

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/seal"
)

// Blobs is what the file step needs from the store; *sqlite.DB is one.
type Blobs interface {
	// BlobWants lists blobs this device should fetch and lacks.
	BlobWants(ctx context.Context, limit int) ([]string, error)
	// AddBlobManifest records a manifest of a wanted blob and returns
	// the chunks not here yet.
	AddBlobManifest(ctx context.Context, m store.BlobManifest) ([]string, error)
	// TakeChunks stores chunks, checked against their hashes, that a
	// blob here waits for, up to the first none waits for; it returns how
	// many it stored.
	TakeChunks(ctx context.Context, chunks []store.VerifiedChunk) (int, error)
	ReadChunk(ctx context.Context, hash string) ([]byte, error)
	// BlobsToOffer lists the manifests of blobs held whole here, named by
	// a document, and not yet put on the relay at url under key.
	BlobsToOffer(ctx context.Context, url string, key [32]byte, limit int) ([]store.BlobManifest, error)
	// SetBlobOffered remembers that the relay at url holds a blob under key.
	SetBlobOffered(ctx context.Context, url string, key [32]byte, hash string) error
}

// maxBlobsPerPass bounds the files put and fetched in one pass; the rest
// wait for the next.
const maxBlobsPerPass = 100

// blobs runs the file step after the documents: it puts on the relay the
// files held here that it may lack, sealed under the current key, then
// fetches the files this device's documents name and it lacks. The
// documents came first, so both lists already know every file they name.
func (r *Replica) blobs(ctx context.Context, c *relay.Client) error {
	if r.cfg.Blobs == nil {
		return nil
	}
	if err := r.putBlobs(ctx, c); err != nil {
		return fmt.Errorf("put files on the relay: %w", err)
	}
	if err := r.getBlobs(ctx, c); err != nil {
		return fmt.Errorf("fetch files from the relay: %w", err)
	}
	return nil
}

// putBlobs seals and puts the manifests of the files the relay may lack,
// each after the chunks of it the relay does not hold, so that a manifest
// at the relay means its chunks are there too.
func (r *Replica) putBlobs(ctx context.Context, c *relay.Client) error {
	k := r.sealKey()
	if k == nil {
		return nil
	}
	offers, err := r.cfg.Blobs.BlobsToOffer(ctx, r.cfg.URL, k.ID, maxBlobsPerPass)
	if err != nil {
		return err
	}
	for _, m := range offers {
		mname := k.ManifestName(m.Hash)
		names := [][relay.NameSize]byte{mname}
		byName := map[[relay.NameSize]byte]string{}
		for _, ch := range m.Chunks {
			n := k.ChunkName(ch)
			if _, dup := byName[n]; !dup {
				byName[n] = ch
				names = append(names, n)
			}
		}
		held, err := c.HasObjects(ctx, names)
		if err != nil {
			return err
		}
		if !held[mname] {
			sent, err := r.putChunks(ctx, c, k, names[1:], byName, held)
			if err != nil {
				return err
			}
			if !sent {
				continue // a chunk is damaged or gone here: another device puts it
			}
			_, obj, err := seal.SealManifest(k, r.cfg.Device, &m)
			if err != nil {
				return fmt.Errorf("seal the manifest of %s: %w", m.Hash[:12], err)
			}
			if err := c.PutObject(ctx, mname, obj); err != nil {
				return err
			}
			r.count(func(s *Stats) { s.BlobsOut++ })
		}
		if err := r.cfg.Blobs.SetBlobOffered(ctx, r.cfg.URL, k.ID, m.Hash); err != nil {
			return err
		}
	}
	return nil
}

// putChunks puts the chunks of one file the relay does not hold; false
// when one cannot be read here.
func (r *Replica) putChunks(ctx context.Context, c *relay.Client, k *seal.EpochKey, names [][relay.NameSize]byte,
	byName map[[relay.NameSize]byte]string, held map[[relay.NameSize]byte]bool) (bool, error) {
	for _, n := range names {
		if held[n] {
			continue
		}
		data, err := r.cfg.Blobs.ReadChunk(ctx, byName[n])
		if code := store.ErrorCode(err); code == store.ENOTFOUND || code == store.EUNAVAILABLE {
			r.cfg.Logf("relay: chunk %s is not readable here (%v); its file is left for another device to put", byName[n][:12], err)
			return false, nil
		}
		if err != nil {
			return false, err
		}
		_, obj, err := seal.SealChunk(k, r.cfg.Device, data)
		if err != nil {
			return false, fmt.Errorf("seal chunk %s: %w", byName[n][:12], err)
		}
		if err := c.PutObject(ctx, n, obj); err != nil {
			return false, err
		}
		r.count(func(s *Stats) { s.ChunksOut++ })
	}
	return true, nil
}

// fetching is a file whose manifest came from the relay, and the key its
// chunks are sealed under.
type fetching struct {
	hash    string
	key     *seal.EpochKey
	missing []string
}

// getBlobs fetches the files this device wants: the manifest of each under
// every key held, the current one first, then the chunks missing here,
// each opened, checked against its hash and taken in. An object that does
// not open, names another file or chunk, or comes from a device the
// workspace never admitted is refused, counted, and not kept.
func (r *Replica) getBlobs(ctx context.Context, c *relay.Client) error {
	wants, err := r.cfg.Blobs.BlobWants(ctx, maxBlobsPerPass)
	if err != nil || len(wants) == 0 {
		return err
	}
	r.mu.Lock()
	ring := seal.Ring{}
	var keys []*seal.EpochKey
	for id, k := range r.ring {
		ring[id] = k
		keys = append(keys, k)
	}
	r.mu.Unlock()
	slices.SortFunc(keys, func(a, b *seal.EpochKey) int { return int(b.Epoch) - int(a.Epoch) })
	remaining := map[string]bool{}
	for _, h := range wants {
		remaining[h] = true
	}
	var found []fetching
	for _, k := range keys {
		byName := map[[relay.NameSize]byte]string{}
		var names [][relay.NameSize]byte
		for _, h := range wants {
			if remaining[h] {
				n := k.ManifestName(h)
				byName[n] = h
				names = append(names, n)
			}
		}
		objs, err := getAll(ctx, c, names)
		if err != nil {
			return err
		}
		for _, n := range names {
			obj, ok := objs[n]
			if !ok {
				continue
			}
			f, ok := r.openManifest(ctx, ring, k, n, byName[n], obj)
			if !ok {
				continue
			}
			delete(remaining, byName[n])
			if f != nil {
				found = append(found, *f)
			}
		}
	}
	for _, f := range found {
		if err := r.getChunks(ctx, c, ring, f); err != nil {
			return err
		}
	}
	return nil
}

// openManifest checks and records a manifest from the relay; ok is false
// when it was refused, and f is nil when there is nothing to fetch.
func (r *Replica) openManifest(ctx context.Context, ring seal.Ring, k *seal.EpochKey, name [relay.NameSize]byte, hash string, obj []byte) (f *fetching, ok bool) {
	h, m, err := seal.OpenManifest(ring, obj)
	switch {
	case err != nil:
		r.refuseObject("the manifest of file %s: %v", hash[:12], err)
		return nil, false
	case h.Name != name || h.Key != k.ID || m.Hash != hash:
		r.refuseObject("the manifest of file %s: the relay sent another file's", hash[:12])
		return nil, false
	case !r.knownSender(h.Sender):
		r.refuseObject("the manifest of file %s: from a device the workspace never admitted", hash[:12])
		return nil, false
	}
	missing, err := r.cfg.Blobs.AddBlobManifest(ctx, *m)
	if store.ErrorCode(err) == store.EINVALID && m.Size > 0 && len(m.Chunks) == store.Parts(m.Size) {
		r.cfg.Logf("relay: file %s is not fetched: %v", hash[:12], err) // over this device's limit
		return nil, true
	}
	if err != nil {
		r.refuseObject("the manifest of file %s: %v", hash[:12], err)
		return nil, false
	}
	if len(missing) == 0 {
		r.fetched(ctx, k, hash)
		return nil, true
	}
	return &fetching{hash: hash, key: k, missing: missing}, true
}

// getChunks fetches the chunks of one file that are missing here. A
// goroutine asks the relay for them relay.MaxGetNames at a time and opens
// and checks each batch while this one stores the batch before, in one
// transaction. In memory are the batch being stored and the next, sealed
// as it arrives and opened: about 3 × 16 MiB at the most (each chunk 1 MiB
// and a little), where asking for a batch only after storing the last
// held 2 × 16 MiB.
func (r *Replica) getChunks(ctx context.Context, c *relay.Client, ring seal.Ring, f fetching) error {
	byName := map[[relay.NameSize]byte]string{}
	var names [][relay.NameSize]byte
	for _, ch := range f.missing {
		n := f.key.ChunkName(ch)
		byName[n] = ch
		names = append(names, n)
	}
	type batch struct {
		chunks []store.VerifiedChunk
		err    error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	opened := make(chan batch) // unbuffered: one batch waits, opened, while one is stored
	go func() {
		defer close(opened)
		for len(names) > 0 {
			asked := names[:min(len(names), relay.MaxGetNames)]
			names = names[len(asked):]
			objs, err := c.GetObjects(ctx, asked)
			var b batch
			if err != nil {
				b.err = err
			} else {
				b.chunks = r.openChunks(ring, f, asked, byName, objs)
			}
			select {
			case opened <- b:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	var err error
	taken, refused := 0, false
	for b := range opened { // to the end, so that the goroutine is done when this returns
		if b.err != nil {
			err = b.err
			continue
		}
		for chunks := b.chunks; len(chunks) > 0; {
			n, terr := r.cfg.Blobs.TakeChunks(ctx, chunks)
			taken += n
			r.count(func(s *Stats) { s.ChunksIn += n })
			if terr == nil {
				break
			}
			refused = true
			r.refuseObject("a chunk of file %s: %v", f.hash[:12], terr)
			chunks = chunks[min(n+1, len(chunks)):] // past the one refused
		}
	}
	if err != nil {
		return err
	}
	if !refused && taken == len(f.missing) {
		r.fetched(ctx, f.key, f.hash)
	}
	return nil
}

// openChunks opens and checks the objects the relay sent for the chunks
// asked; one that does not open, is not the chunk asked for or comes from
// a device the workspace never admitted is refused and counted.
func (r *Replica) openChunks(ring seal.Ring, f fetching, asked [][relay.NameSize]byte,
	byName map[[relay.NameSize]byte]string, objs map[[relay.NameSize]byte][]byte) []store.VerifiedChunk {
	var out []store.VerifiedChunk
	for _, n := range asked {
		obj, ok := objs[n]
		if !ok {
			continue // not at the relay yet: the next pass asks again
		}
		delete(objs, n) // let the sealed bytes go as they are opened
		h, data, err := seal.OpenChunk(ring, obj)
		if err != nil {
			r.refuseObject("a chunk of file %s: %v", f.hash[:12], err)
			continue
		}
		if h.Name != n || h.Key != f.key.ID {
			r.refuseObject("a chunk of file %s: the relay sent another chunk", f.hash[:12])
			continue
		}
		c, err := store.VerifyChunk(byName[n], data)
		if err != nil {
			r.refuseObject("a chunk of file %s: the relay sent another chunk", f.hash[:12])
			continue
		}
		if !r.knownSender(h.Sender) {
			r.refuseObject("a chunk of file %s: from a device the workspace never admitted", f.hash[:12])
			continue
		}
		out = append(out, c)
	}
	return out
}

// fetched counts a file now whole here, and remembers that the relay
// holds it under k, so that this device does not offer it back.
func (r *Replica) fetched(ctx context.Context, k *seal.EpochKey, hash string) {
	r.count(func(s *Stats) { s.BlobsIn++ })
	if err := r.cfg.Blobs.SetBlobOffered(ctx, r.cfg.URL, k.ID, hash); err != nil {
		r.cfg.Logf("relay: remember file %s: %v", hash[:12], err)
	}
}

// getAll gets the objects of names, relay.MaxGetNames at a time.
func getAll(ctx context.Context, c *relay.Client, names [][relay.NameSize]byte) (map[[relay.NameSize]byte][]byte, error) {
	out := map[[relay.NameSize]byte][]byte{}
	for len(names) > 0 {
		batch := names[:min(len(names), relay.MaxGetNames)]
		names = names[len(batch):]
		got, err := c.GetObjects(ctx, batch)
		if err != nil {
			return nil, err
		}
		for n, obj := range got {
			out[n] = obj
		}
	}
	return out, nil
}

func (r *Replica) knownSender(pub []byte) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.senders[membership.DeviceIDOf(pub)]
}

// refuseObject counts and logs an object from the relay that was refused.
func (r *Replica) refuseObject(format string, args ...any) {
	r.cfg.Logf("relay: refused "+format, args...)
	r.count(func(s *Stats) { s.ObjectsRefused++ })
}

func hexSum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
