package seal

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"

	"github.com/longhand/longhand/store"
)

// ChunkList is what an envelope of KindSnapshotChunks carries for a
// document whose snapshot is larger than one envelope: the snapshot's size
// and SHA-256, and the SHA-256 of each of its chunks in order. The chunks
// themselves are sealed objects (SealChunk) that the relay stores under
// their blinded names; the sender puts them before it publishes the list.
type ChunkList struct {
	Size   int64
	Hash   string   // the whole snapshot's SHA-256, in hex
	Chunks []string // each chunk's SHA-256, in hex, in order
}

// Content returns the content of an envelope that carries l for a
// document: the size and the whole's hash as the first item, then one item
// per chunk hash.
func (l *ChunkList) Content(doc store.DocID, kind store.Kind) (*Content, error) {
	if l.Size <= 0 || len(l.Chunks) == 0 || int64(len(l.Chunks)) > l.Size {
		return nil, store.Errorf(store.EINVALID, "A snapshot of %d bytes cannot be %d chunks.", l.Size, len(l.Chunks))
	}
	first, err := hex.DecodeString(l.Hash)
	if err != nil || len(first) != 32 {
		return nil, store.Errorf(store.EINVALID, "%q is not a snapshot's hash.", l.Hash)
	}
	data := [][]byte{binary.BigEndian.AppendUint64(first[:32:32], uint64(l.Size))}
	for _, ch := range l.Chunks {
		h, err := hex.DecodeString(ch)
		if err != nil || len(h) != 32 {
			return nil, store.Errorf(store.EINVALID, "%q is not a chunk's hash.", ch)
		}
		data = append(data, h)
	}
	return &Content{Doc: doc, DocKind: kind, Data: data}, nil
}

// ChunkListOf reads the chunk list an envelope of KindSnapshotChunks
// carries, strictly: the whole's hash and a size above zero, then at least
// one chunk hash and no more hashes than bytes.
func ChunkListOf(c *Content) (*ChunkList, error) {
	bad := func(why string) (*ChunkList, error) {
		return nil, fmt.Errorf("%w: its list of snapshot chunks %s", ErrForged, why)
	}
	if len(c.Data) < 2 || len(c.Data[0]) != 32+8 {
		return bad("is malformed")
	}
	l := &ChunkList{Hash: hex.EncodeToString(c.Data[0][:32]), Size: int64(binary.BigEndian.Uint64(c.Data[0][32:]))}
	if l.Size <= 0 || uint64(len(c.Data)-1) > uint64(l.Size) {
		return bad("does not fit the snapshot's size")
	}
	for _, h := range c.Data[1:] {
		if len(h) != 32 {
			return bad("names a chunk by something other than a hash")
		}
		l.Chunks = append(l.Chunks, hex.EncodeToString(h))
	}
	return l, nil
}
