package peer

import (
	"context"
	"fmt"
	"io"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/wire"
)

// Blobs is what a session needs from the store to fetch and send files;
// *sqlite.DB is one.
type Blobs interface {
	BlobWants(ctx context.Context, limit int) ([]string, error)
	BlobManifest(ctx context.Context, hash string, spaces map[store.DocID]bool) (*store.BlobManifest, error)
	AddBlobManifest(ctx context.Context, m store.BlobManifest) ([]string, error)
	TakeChunks(ctx context.Context, chunks []store.VerifiedChunk) (int, error)
	ReadChunk(ctx context.Context, hash string) ([]byte, error)
}

// BlobStats counts a session's files.
type BlobStats struct {
	Asked     int // files this device asked for
	Offered   int // manifests the peer sent
	ChunksIn  int // chunks received and kept
	ChunksOut int // chunks sent
	Skipped   int // files the peer offered that this device would not take (over its size limit)
	BytesIn   int64
	BytesOut  int64
}

// maxBlobWants bounds the files asked for in one session; the rest wait
// for the next.
const maxBlobWants = 1000

// exchangeBlobs runs the file step after the documents: the initiator
// fetches what it lacks from the peer, then serves what the peer lacks.
// The documents came first, so each side already knows every file its
// documents name.
func exchangeBlobs(ctx context.Context, rw io.ReadWriter, st Store, scope *Scope, initiator bool) (BlobStats, error) {
	var bs BlobStats
	var spaces map[store.DocID]bool
	if scope != nil {
		spaces = scope.Spaces
		if spaces == nil {
			spaces = map[store.DocID]bool{}
		}
	}
	steps := []func() error{
		func() error { return fetchBlobs(ctx, rw, st, &bs) },
		func() error { return serveBlobs(ctx, rw, st, spaces, &bs) },
	}
	if !initiator {
		steps[0], steps[1] = steps[1], steps[0]
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return bs, err
		}
	}
	return bs, nil
}

func readFrame(rw io.Reader, want wire.Type) (wire.Frame, error) {
	f, err := wire.ReadFrame(byteReader(rw))
	if err != nil {
		return f, err
	}
	if f.Type != want {
		return f, fmt.Errorf("the peer sent a frame of type %d where %d belongs", f.Type, want)
	}
	return f, nil
}

// fetchBlobs asks the peer for the files this device lacks and takes in
// the chunks it sends, each checked against its hash before it is kept.
func fetchBlobs(ctx context.Context, rw io.ReadWriter, st Store, bs *BlobStats) error {
	wants, err := st.BlobWants(ctx, maxBlobWants)
	if err != nil {
		return err
	}
	bs.Asked = len(wants)
	p, err := wire.EncodeHashes(wants)
	if err != nil {
		return err
	}
	if err := wire.WriteFrame(rw, wire.Frame{Type: wire.TypeBlobWant, Payload: p}); err != nil {
		return err
	}
	f, err := readFrame(rw, wire.TypeBlobManifests)
	if err != nil {
		return err
	}
	ms, err := wire.DecodeManifests(f.Payload)
	if err != nil {
		return err
	}
	asked := map[string]bool{}
	for _, h := range wants {
		asked[h] = true
	}
	bs.Offered = len(ms)
	pending := map[string]bool{}
	var need []string
	for _, m := range ms {
		if !asked[m.Hash] {
			return fmt.Errorf("the peer offered file %s, which this device did not ask for", m.Hash[:12])
		}
		delete(asked, m.Hash)
		missing, err := st.AddBlobManifest(ctx, store.BlobManifest(m))
		if store.ErrorCode(err) == store.EINVALID && m.Size > 0 && len(m.Chunks) == store.Parts(m.Size) {
			bs.Skipped++ // over this device's limit: not the peer's fault
			continue
		}
		if err != nil {
			return fmt.Errorf("file %s: %w", m.Hash[:12], err)
		}
		for _, c := range missing {
			if !pending[c] {
				pending[c] = true
				need = append(need, c)
			}
		}
	}
	if len(need) > wire.MaxHashes {
		need = need[:wire.MaxHashes]
	}
	if p, err = wire.EncodeHashes(need); err != nil {
		return err
	}
	if err := wire.WriteFrame(rw, wire.Frame{Type: wire.TypeChunkWant, Payload: p}); err != nil {
		return err
	}
	return takeChunks(ctx, rw, st, pending, bs)
}

// chunkWindow bounds the chunks read from the peer and checked that wait
// for the store, and the chunks the store writes in one transaction: with
// the one waiting to be queued, at most 2×chunkWindow+1 chunks of at most
// store.ChunkSize each are held at once, and the frame being read (at most
// wire.MaxFrame).
const chunkWindow = 8

// takeChunks reads the chunks the peer sends until its turn ends and
// stores them: this goroutine reads each and checks it against its hash
// while another stores those checked before, several to a transaction.
// A chunk that fails its check ends the step with an error wrapping
// store.ErrBadChunk; those checked before it are still stored, as are
// those that arrived before the connection failed, so that the next
// session asks only for the rest.
func takeChunks(ctx context.Context, rw io.ReadWriter, st Store, pending map[string]bool, bs *BlobStats) error {
	checked := make(chan store.VerifiedChunk, chunkWindow)
	stored := make(chan error, 1)
	failed := make(chan struct{}) // closed when the store fails
	go func() {
		var err error
		batch := make([]store.VerifiedChunk, 0, chunkWindow)
		for c := range checked {
			if err != nil {
				continue // drain, so that the reader never blocks
			}
			batch = append(batch[:0], c)
		more:
			for len(batch) < chunkWindow {
				select {
				case c, ok := <-checked:
					if !ok {
						break more
					}
					batch = append(batch, c)
				default:
					break more
				}
			}
			var n int
			n, err = st.TakeChunks(ctx, batch)
			for _, c := range batch[:n] {
				bs.ChunksIn++
				bs.BytesIn += int64(len(c.Data()))
			}
			clear(batch) // let the bytes go
			if err != nil {
				close(failed)
			}
		}
		stored <- err
	}()
	err := readChunks(rw, pending, checked, failed)
	close(checked)
	if serr := <-stored; serr != nil {
		return serr
	}
	return err
}

// readChunks reads and checks the peer's chunks into checked until the
// turn ends, the peer fails, or the store does (failed is closed).
func readChunks(rw io.ReadWriter, pending map[string]bool, checked chan<- store.VerifiedChunk, failed <-chan struct{}) error {
	for {
		f, err := wire.ReadFrame(byteReader(rw))
		if err != nil {
			return err
		}
		if f.Type == wire.TypeTurnEnd {
			return nil
		}
		if f.Type != wire.TypeChunk {
			return fmt.Errorf("the peer sent a frame of type %d among chunks", f.Type)
		}
		h, data, err := wire.DecodeChunk(f.Payload)
		if err != nil {
			return err
		}
		if !pending[h] {
			return fmt.Errorf("the peer sent chunk %s, which this device did not ask for", h[:12])
		}
		delete(pending, h)
		c, err := store.VerifyChunk(h, data)
		if err != nil {
			return err
		}
		select {
		case checked <- c:
		case <-failed:
			return nil // takeChunks reports the store's error
		}
	}
}

// serveBlobs answers the peer's wants with the manifests of the files it
// may have, then sends the chunks it asks for of those files only.
func serveBlobs(ctx context.Context, rw io.ReadWriter, st Store, spaces map[store.DocID]bool, bs *BlobStats) error {
	f, err := readFrame(rw, wire.TypeBlobWant)
	if err != nil {
		return err
	}
	wants, err := wire.DecodeHashes(f.Payload)
	if err != nil {
		return err
	}
	if len(wants) > maxBlobWants {
		return fmt.Errorf("the peer asked for %d files at once; at most %d", len(wants), maxBlobWants)
	}
	var payload []byte
	offered := map[string]bool{} // chunks of the files offered: the only ones the peer may ask for
	for _, h := range wants {
		m, err := st.BlobManifest(ctx, h, spaces)
		if err != nil {
			if c := store.ErrorCode(err); c == store.ENOTFOUND || c == store.EFORBIDDEN || c == store.EINVALID {
				continue // not here whole, or not the peer's to have
			}
			return err
		}
		next, err := wire.AppendManifest(payload, wire.Manifest(*m))
		if err != nil {
			return err
		}
		if len(next) > wire.MaxFrame {
			break // the rest in the next session
		}
		payload = next
		for _, c := range m.Chunks {
			offered[c] = true
		}
	}
	if err := wire.WriteFrame(rw, wire.Frame{Type: wire.TypeBlobManifests, Payload: payload}); err != nil {
		return err
	}
	f, err = readFrame(rw, wire.TypeChunkWant)
	if err != nil {
		return err
	}
	need, err := wire.DecodeHashes(f.Payload)
	if err != nil {
		return err
	}
	var cw wire.ChunkWriter
	for _, h := range need {
		if !offered[h] {
			return fmt.Errorf("the peer asked for chunk %s of no file offered to it", h[:12])
		}
		delete(offered, h) // each chunk once
		data, err := st.ReadChunk(ctx, h)
		if c := store.ErrorCode(err); c == store.EUNAVAILABLE || c == store.ENOTFOUND {
			continue // damaged or gone here: the peer asks another device, or this one once it heals
		}
		if err != nil {
			return fmt.Errorf("chunk %s: %w", h[:12], err)
		}
		if err := cw.WriteChunk(rw, h, data); err != nil {
			return err
		}
		bs.ChunksOut++
		bs.BytesOut += int64(len(data))
	}
	return wire.WriteFrame(rw, wire.Frame{Type: wire.TypeTurnEnd})
}
