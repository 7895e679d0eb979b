package engine

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"sort"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/wire"
)

// Doc is a document as reconciliation sees it: its ID and its heads.
type Doc struct {
	ID    store.DocID
	Heads string // canonical heads (sorted hex hashes, comma-separated)
}

// Set is a device's documents, ready to reconcile.
type Set struct {
	items []wire.Item // sorted by ID
	sums  [][16]byte  // item hashes, parallel to items
}

// NewSet builds a set. Documents whose ID is not a DocID are left out:
// they cannot travel.
func NewSet(docs []Doc) (*Set, error) {
	s := &Set{}
	for _, d := range docs {
		raw, err := hex.DecodeString(string(d.ID))
		if err != nil || len(raw) != wire.IDLen {
			return nil, fmt.Errorf("document ID %q: not 16 bytes of hex", d.ID)
		}
		var it wire.Item
		copy(it.ID[:], raw)
		h := sha256.Sum256([]byte(d.Heads))
		copy(it.Heads[:], h[:])
		s.items = append(s.items, it)
	}
	sort.Slice(s.items, func(i, j int) bool { return string(s.items[i].ID[:]) < string(s.items[j].ID[:]) })
	s.sums = make([][16]byte, len(s.items))
	for i, it := range s.items {
		h := sha256.Sum256(append(it.ID[:], it.Heads[:]...))
		copy(s.sums[i][:], h[:])
	}
	return s, nil
}

// Len is the number of documents in the set.
func (s *Set) Len() int { return len(s.items) }

// add128 adds b to a, little-endian, modulo 2^128: a fingerprint is the sum
// of its items' hashes, so it does not depend on order.
func add128(a *[16]byte, b [16]byte) {
	lo := binary.LittleEndian.Uint64(a[:8]) + binary.LittleEndian.Uint64(b[:8])
	carry := uint64(0)
	if lo < binary.LittleEndian.Uint64(b[:8]) {
		carry = 1
	}
	hi := binary.LittleEndian.Uint64(a[8:]) + binary.LittleEndian.Uint64(b[8:]) + carry
	binary.LittleEndian.PutUint64(a[:8], lo)
	binary.LittleEndian.PutUint64(a[8:], hi)
}

func (s *Set) summary() wire.Summary {
	sum := wire.Summary{Count: uint64(len(s.items))}
	for _, h := range s.sums {
		add128(&sum.FP, h)
	}
	return sum
}

// bucketOf is the bucket of an ID: its first bits.
func bucketOf(id [wire.IDLen]byte, bits uint8) uint32 {
	if bits == 0 {
		return 0
	}
	return binary.BigEndian.Uint32(id[:4]) >> (32 - uint32(bits))
}

func (s *Set) buckets(bits uint8) wire.Buckets {
	sums := make([][16]byte, 1<<bits)
	for i, it := range s.items {
		add128(&sums[bucketOf(it.ID, bits)], s.sums[i])
	}
	b := wire.Buckets{Bits: bits, FPs: make([][wire.BucketFPLen]byte, len(sums))}
	for i := range sums {
		copy(b.FPs[i][:], sums[i][:])
	}
	return b
}

func (s *Set) itemsIn(bits uint8, buckets []uint32) []wire.Item {
	want := map[uint32]bool{}
	for _, b := range buckets {
		want[b] = true
	}
	var out []wire.Item
	for _, it := range s.items {
		if want[bucketOf(it.ID, bits)] {
			out = append(out, it)
		}
	}
	return out
}

// bitsFor chooses how many buckets to split n documents into: about 40 a
// bucket, so that a bucket's item list is about a kilobyte.
func bitsFor(n uint64) uint8 {
	bits := uint8(0)
	for bits < wire.MaxBucketBits && n>>bits > 40 {
		bits++
	}
	return bits
}

// Diff is what reconciliation found.
type Diff struct {
	OnlyMine   []store.DocID // the peer lacks them: send each whole
	OnlyTheirs []store.DocID // I lack them: the peer sends each whole
	Both       []store.DocID // both hold them, at different heads: sync each
}

// Stats counts what reconciliation cost.
type Stats struct {
	Sent, Received int // bytes, frames included
	RoundTrips     int // as the initiator counts them
	// Settled holds, after SyncDocs, the heads of every document it synced
	// as both sides hold them at the end: what the peer confirmed.
	Settled map[store.DocID]string
}

type conn struct {
	r     *bufio.Reader
	w     io.Writer
	stats *Stats
}

func (c *conn) send(t wire.Type, p []byte) error {
	f := wire.Frame{Type: t, Payload: p}
	c.stats.Sent += wire.FrameSize(f)
	return wire.WriteFrame(c.w, f)
}

func (c *conn) recv(want ...wire.Type) (wire.Frame, error) {
	f, err := wire.ReadFrame(c.r)
	if err != nil {
		return f, err
	}
	c.stats.Received += wire.FrameSize(f)
	if !slices.Contains(want, f.Type) {
		return f, fmt.Errorf("peer sent a frame of type %d during reconciliation", f.Type)
	}
	return f, nil
}

func idOf(b [wire.IDLen]byte) store.DocID { return store.DocID(hex.EncodeToString(b[:])) }

// Reconcile finds how this device's documents and a peer's differ. One
// side starts (initiator); the other answers. Both learn the same
// differences, each from its own side, in at most two round trips:
//
//	initiator → summary                  ← done, when the sets are equal
//	initiator ← bucket fingerprints
//	initiator → its items in the buckets that differ
//	initiator ← the responder's items there that differ, then the IDs it lacks
func Reconcile(rw io.ReadWriter, set *Set, initiator bool) (Diff, Stats, error) {
	var st Stats
	c := &conn{r: wire.Reader(rw), w: rw, stats: &st}
	if initiator {
		d, err := c.initiate(set)
		return d, st, err
	}
	d, err := c.respond(set)
	return d, st, err
}

func (c *conn) initiate(set *Set) (Diff, error) {
	if err := c.send(wire.TypeSummary, wire.EncodeSummary(set.summary())); err != nil {
		return Diff{}, err
	}
	c.stats.RoundTrips++
	f, err := c.recv(wire.TypeDone, wire.TypeBuckets)
	if err != nil || f.Type == wire.TypeDone {
		return Diff{}, err
	}
	theirs, err := wire.DecodeBuckets(f.Payload)
	if err != nil {
		return Diff{}, fmt.Errorf("peer's buckets: %w", err)
	}
	mine := set.buckets(theirs.Bits)
	var differ []uint32
	for i := range mine.FPs {
		if mine.FPs[i] != theirs.FPs[i] {
			differ = append(differ, uint32(i))
		}
	}
	myItems := set.itemsIn(theirs.Bits, differ)
	if err := c.send(wire.TypeItems, wire.EncodeItems(wire.Items{Bits: theirs.Bits, Buckets: differ, Items: myItems})); err != nil {
		return Diff{}, err
	}
	c.stats.RoundTrips++
	f, err = c.recv(wire.TypeItems)
	if err != nil {
		return Diff{}, err
	}
	changed, err := wire.DecodeItems(f.Payload)
	if err != nil {
		return Diff{}, fmt.Errorf("peer's items: %w", err)
	}
	f, err = c.recv(wire.TypeDone)
	if err != nil {
		return Diff{}, err
	}
	lacking, err := decodeIDs(f.Payload)
	if err != nil {
		return Diff{}, fmt.Errorf("peer's missing documents: %w", err)
	}
	var d Diff
	mineByID := map[[wire.IDLen]byte]bool{}
	for _, it := range myItems {
		mineByID[it.ID] = true
	}
	for _, it := range changed.Items {
		if mineByID[it.ID] {
			d.Both = append(d.Both, idOf(it.ID))
		} else {
			d.OnlyTheirs = append(d.OnlyTheirs, idOf(it.ID))
		}
	}
	for _, id := range lacking {
		if !mineByID[id] {
			return Diff{}, fmt.Errorf("peer says it lacks %s, which was not offered", idOf(id))
		}
		d.OnlyMine = append(d.OnlyMine, idOf(id))
	}
	return d, nil
}

func (c *conn) respond(set *Set) (Diff, error) {
	f, err := c.recv(wire.TypeSummary)
	if err != nil {
		return Diff{}, err
	}
	theirs, err := wire.DecodeSummary(f.Payload)
	if err != nil {
		return Diff{}, fmt.Errorf("peer's summary: %w", err)
	}
	mine := set.summary()
	if mine == theirs {
		return Diff{}, c.send(wire.TypeDone, nil)
	}
	bits := bitsFor(max(theirs.Count, mine.Count))
	if err := c.send(wire.TypeBuckets, wire.EncodeBuckets(set.buckets(bits))); err != nil {
		return Diff{}, err
	}
	f, err = c.recv(wire.TypeItems)
	if err != nil {
		return Diff{}, err
	}
	their, err := wire.DecodeItems(f.Payload)
	if err != nil {
		return Diff{}, fmt.Errorf("peer's items: %w", err)
	}
	if their.Bits != bits {
		return Diff{}, fmt.Errorf("peer answered with %d-bit buckets, not %d", their.Bits, bits)
	}
	for _, it := range their.Items {
		if !slices.Contains(their.Buckets, bucketOf(it.ID, bits)) {
			return Diff{}, fmt.Errorf("peer listed %s outside the buckets it named", idOf(it.ID))
		}
	}
	myItems := set.itemsIn(bits, their.Buckets)
	theirByID := map[[wire.IDLen]byte][wire.ItemHashLen]byte{}
	for _, it := range their.Items {
		theirByID[it.ID] = it.Heads
	}
	var d Diff
	var changed []wire.Item
	mineByID := map[[wire.IDLen]byte]bool{}
	for _, it := range myItems {
		mineByID[it.ID] = true
		h, ok := theirByID[it.ID]
		switch {
		case !ok:
			changed = append(changed, it)
			d.OnlyMine = append(d.OnlyMine, idOf(it.ID))
		case h != it.Heads:
			changed = append(changed, it)
			d.Both = append(d.Both, idOf(it.ID))
		}
	}
	var lacking [][wire.IDLen]byte
	for _, it := range their.Items {
		if !mineByID[it.ID] {
			lacking = append(lacking, it.ID)
			d.OnlyTheirs = append(d.OnlyTheirs, idOf(it.ID))
		}
	}
	if err := c.send(wire.TypeItems, wire.EncodeItems(wire.Items{Bits: bits, Buckets: their.Buckets, Items: changed})); err != nil {
		return Diff{}, err
	}
	return d, c.send(wire.TypeDone, encodeIDs(lacking))
}

func encodeIDs(ids [][wire.IDLen]byte) []byte {
	out := binary.AppendUvarint(nil, uint64(len(ids)))
	for _, id := range ids {
		out = append(out, id[:]...)
	}
	return out
}

func decodeIDs(p []byte) ([][wire.IDLen]byte, error) {
	n, k := binary.Uvarint(p)
	if k <= 0 {
		return nil, fmt.Errorf("no count")
	}
	p = p[k:]
	if n > wire.MaxItems || n*wire.IDLen != uint64(len(p)) {
		return nil, fmt.Errorf("%d IDs in %d bytes", n, len(p))
	}
	out := make([][wire.IDLen]byte, n)
	for i := range out {
		copy(out[i][:], p[i*wire.IDLen:])
	}
	return out, nil
}
