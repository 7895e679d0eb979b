package replica

import (
	"context"
	"errors"
	"fmt"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sandbox"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/seal"
)

// This file carries a document whose snapshot is larger than one envelope:
// the sender puts the snapshot's chunks as sealed objects, as the file step
// puts a file's, and then publishes an envelope of KindSnapshotChunks that
// lists them; a receiver fetches and checks the chunks and then takes the
// bytes in exactly as a snapshot envelope's.

// maxSnapshot is the largest snapshot of a kind that travels: what the
// sandbox worker of every device accepts. A larger one would be fetched
// only to be refused, so it is neither sent nor fetched.
func maxSnapshot(kind store.Kind) int { return sandbox.LimitsOf(kind).Saved }

// heldEnv is a list of snapshot chunks some of whose chunks the relay does
// not hold yet, kept to be applied again at the next pass.
type heldEnv struct {
	pos uint64 // its stream position
	doc store.DocID
	env []byte
}

// sealChunked puts the chunks of snap the relay lacks under k, each sealed
// and named by its hash, and returns the envelope that lists them.
func (r *Replica) sealChunked(ctx context.Context, c *relay.Client, k *seal.EpochKey, id store.DocID, kind store.Kind,
	covers uint64, snap []byte) ([]byte, error) {
	l := &seal.ChunkList{Size: int64(len(snap)), Hash: hexSum(snap)}
	parts := map[[relay.NameSize]byte][]byte{}
	var names [][relay.NameSize]byte
	for off := 0; off < len(snap); off += r.cfg.ChunkSize {
		part := snap[off:min(len(snap), off+r.cfg.ChunkSize)]
		hash := hexSum(part)
		l.Chunks = append(l.Chunks, hash)
		n := k.ChunkName(hash)
		if _, dup := parts[n]; !dup {
			parts[n] = part
			names = append(names, n)
		}
	}
	held, err := c.HasObjects(ctx, names)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if held[n] {
			continue
		}
		_, obj, err := seal.SealChunk(k, r.cfg.Device, parts[n])
		if err != nil {
			return nil, fmt.Errorf("seal a chunk of %s: %w", id, err)
		}
		if err := c.PutObject(ctx, n, obj); err != nil {
			return nil, err
		}
		r.count(func(s *Stats) { s.DocChunksOut++ })
	}
	content, err := l.Content(id, kind)
	if err != nil {
		return nil, err
	}
	return seal.Seal(k, r.cfg.Device, seal.KindSnapshotChunks, covers, content)
}

// refusedByRelay reports whether the relay refused a request it could
// read: a relay of a build before lists of snapshot chunks refuses them.
func refusedByRelay(err error) bool {
	var ef *relay.ErrorFrame
	return errors.As(err, &ef) && ef.Code == relay.CodeRefused
}

// unchunk fetches, checks and joins the chunks an envelope of
// KindSnapshotChunks lists, and returns the snapshot. It returns nil when
// there is nothing to apply now: the envelope was refused (counted and
// logged), or some chunk is not at the relay yet, in which case the
// envelope is held and applied again at the next pass.
func (r *Replica) unchunk(ctx context.Context, c *relay.Client, ring seal.Ring, pos uint64, env []byte,
	h *seal.Header, content *seal.Content) ([]byte, error) {
	l, err := seal.ChunkListOf(content)
	if err != nil {
		r.reject("the snapshot of %s: %v", content.Doc, err)
		return nil, nil
	}
	if limit := maxSnapshot(content.DocKind); l.Size > int64(limit) {
		r.reject("the snapshot of %s: it is %d bytes, more than the %d a %s may be", content.Doc, l.Size, limit, content.DocKind)
		return nil, nil
	}
	k := ring.Key(h.Key) // Open found it
	var names [][relay.NameSize]byte
	hashOf := map[[relay.NameSize]byte]string{}
	for _, ch := range l.Chunks {
		n := k.ChunkName(ch)
		if _, dup := hashOf[n]; !dup {
			hashOf[n] = ch
			names = append(names, n)
		}
	}
	held, err := c.HasObjects(ctx, names)
	if err != nil {
		return nil, err
	}
	if len(held) < len(names) {
		r.hold(pos, content.Doc, env, len(names)-len(held), len(names))
		return nil, nil
	}
	data := map[string][]byte{}
	fetched := int64(0)
	for len(names) > 0 {
		batch := names[:min(len(names), relay.MaxGetNames)]
		names = names[len(batch):]
		objs, err := c.GetObjects(ctx, batch)
		if err != nil {
			return nil, err
		}
		for _, n := range batch {
			obj, ok := objs[n]
			if !ok {
				// Gone since the relay said it held it: try again later.
				r.hold(pos, content.Doc, env, 1, len(hashOf))
				return nil, nil
			}
			hash := hashOf[n]
			oh, part, err := seal.OpenChunk(ring, obj)
			switch {
			case err != nil:
				err = fmt.Errorf("a chunk of it: %w", err)
			case oh.Name != n || oh.Key != h.Key || hexSum(part) != hash:
				err = errors.New("the relay sent another chunk than the one asked for")
			case !r.knownSender(oh.Sender):
				err = errors.New("a chunk of it is from a device the workspace never admitted")
			}
			if err != nil {
				r.refuseObject("a chunk of the snapshot of %s: %v", content.Doc, err)
				r.reject("the snapshot of %s: %v", content.Doc, err)
				return nil, nil
			}
			if fetched += int64(len(part)); fetched > l.Size {
				r.reject("the snapshot of %s: its chunks are larger than the %d bytes it says it is", content.Doc, l.Size)
				return nil, nil
			}
			data[hash] = part
		}
		r.count(func(s *Stats) { s.DocChunksIn += len(batch) })
	}
	snap := make([]byte, 0, l.Size)
	for _, ch := range l.Chunks {
		if int64(len(snap)+len(data[ch])) > l.Size {
			r.reject("the snapshot of %s: its chunks are larger than the %d bytes it says it is", content.Doc, l.Size)
			return nil, nil
		}
		snap = append(snap, data[ch]...)
	}
	if int64(len(snap)) != l.Size || hexSum(snap) != l.Hash {
		r.reject("the snapshot of %s: its %d bytes from chunks are not the %d-byte snapshot it names", content.Doc, len(snap), l.Size)
		return nil, nil
	}
	return snap, nil
}

// hold keeps an envelope whose chunks are not all at the relay yet.
func (r *Replica) hold(pos uint64, doc store.DocID, env []byte, missing, of int) {
	r.cfg.Logf("relay: the snapshot of %s waits for %d of its %d chunks, which the relay does not hold yet", doc, missing, of)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.held {
		if e.pos == pos {
			return
		}
	}
	r.held = append(r.held, heldEnv{pos: pos, doc: doc, env: env})
	r.stats.Waiting = len(r.held)
}

// retryHeld applies again the envelopes held for their chunks, and then
// remembers how far this device has applied.
func (r *Replica) retryHeld(ctx context.Context, c *relay.Client, pos uint64) error {
	r.mu.Lock()
	held := r.held
	r.held = nil
	r.stats.Waiting = 0
	r.mu.Unlock()
	if len(held) == 0 {
		return nil
	}
	for i, e := range held {
		if err := r.apply(ctx, c, e.pos, e.env); err != nil {
			r.mu.Lock()
			r.held = append(r.held, held[i:]...)
			r.stats.Waiting = len(r.held)
			r.mu.Unlock()
			return err
		}
	}
	return r.cfg.State.SetRelayPosition(ctx, r.cfg.URL, r.cfg.Workspace, r.savedPosition(pos))
}

// savedPosition is the position to remember when pos is applied: just
// before the first envelope held for its chunks, if any, so that after a
// restart the relay delivers it again (and what came after it, which
// applies a second time without effect).
func (r *Replica) savedPosition(pos uint64) uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.held {
		pos = min(pos, e.pos-1)
	}
	return pos
}

// covers is the position a snapshot of id published now may cover: not
// an envelope of id held here for its chunks, whose content this device
// does not have yet and so cannot include.
func (r *Replica) covers(id store.DocID, pos uint64) uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.held {
		if e.doc == id {
			pos = min(pos, e.pos-1)
		}
	}
	return pos
}
