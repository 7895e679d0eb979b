package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Reconciliation finds which documents two devices hold differently
// without sending the whole list. Each side hashes every document's ID and
// heads into an item; a set's fingerprint adds the items' hashes. Equal
// fingerprints mean equal sets, so 10,000 equal documents cost one small
// round trip. When they differ, the set is split into buckets by the
// first bits of the document ID (IDs are random, so buckets fill evenly),
// and only the buckets whose fingerprints differ are listed item by item.

// IDLen and ItemHashLen are the sizes of a document ID and of the short
// hash of its heads in an item list.
const (
	IDLen       = 16
	ItemHashLen = 8
	FPLen       = 16 // a whole set's fingerprint
	BucketFPLen = 8  // a bucket's fingerprint
)

// Limits on what a peer may send.
const (
	MaxBucketBits = 16      // at most 65,536 buckets
	MaxItems      = 1 << 20 // items in one message
)

// Summary is a set's size and fingerprint.
type Summary struct {
	Count uint64
	FP    [FPLen]byte
}

// Buckets are the fingerprints of a set split into 2^Bits buckets.
type Buckets struct {
	Bits uint8
	FPs  [][BucketFPLen]byte
}

// Item is a document as reconciliation sees it.
type Item struct {
	ID    [IDLen]byte
	Heads [ItemHashLen]byte // a short hash of its heads
}

// Items lists the items of some buckets. Buckets names them; an empty
// bucket is listed with no items.
type Items struct {
	Bits    uint8
	Buckets []uint32
	Items   []Item
}

var errShort = errors.New("message ends early")

// uvarint reads a uvarint in its shortest form only, so that every message
// has exactly one encoding. k is 0 when p holds none.
func uvarint(p []byte) (uint64, int) {
	v, k := binary.Uvarint(p)
	if k <= 0 {
		return 0, 0
	}
	var b [binary.MaxVarintLen64]byte
	if binary.PutUvarint(b[:], v) != k {
		return 0, 0
	}
	return v, k
}

// EncodeSummary encodes a summary.
func EncodeSummary(s Summary) []byte {
	b := binary.AppendUvarint(nil, s.Count)
	return append(b, s.FP[:]...)
}

// DecodeSummary decodes a summary.
func DecodeSummary(p []byte) (Summary, error) {
	var s Summary
	n, k := uvarint(p)
	if k <= 0 {
		return s, fmt.Errorf("summary count: %w", errShort)
	}
	p = p[k:]
	if len(p) != FPLen {
		return s, fmt.Errorf("summary fingerprint: %d bytes, want %d", len(p), FPLen)
	}
	s.Count = n
	copy(s.FP[:], p)
	return s, nil
}

// EncodeBuckets encodes bucket fingerprints.
func EncodeBuckets(b Buckets) []byte {
	out := make([]byte, 0, 1+len(b.FPs)*BucketFPLen)
	out = append(out, b.Bits)
	for _, fp := range b.FPs {
		out = append(out, fp[:]...)
	}
	return out
}

// DecodeBuckets decodes bucket fingerprints: exactly 2^Bits of them.
func DecodeBuckets(p []byte) (Buckets, error) {
	if len(p) < 1 {
		return Buckets{}, fmt.Errorf("buckets: %w", errShort)
	}
	bits := p[0]
	if bits > MaxBucketBits {
		return Buckets{}, fmt.Errorf("buckets: %d bits, at most %d", bits, MaxBucketBits)
	}
	want := (1 << bits) * BucketFPLen
	if len(p)-1 != want {
		return Buckets{}, fmt.Errorf("buckets: %d bytes of fingerprints, want %d", len(p)-1, want)
	}
	b := Buckets{Bits: bits, FPs: make([][BucketFPLen]byte, 1<<bits)}
	for i := range b.FPs {
		copy(b.FPs[i][:], p[1+i*BucketFPLen:])
	}
	return b, nil
}

// EncodeItems encodes item lists.
func EncodeItems(it Items) []byte {
	out := []byte{it.Bits}
	out = binary.AppendUvarint(out, uint64(len(it.Buckets)))
	for _, b := range it.Buckets {
		out = binary.AppendUvarint(out, uint64(b))
	}
	out = binary.AppendUvarint(out, uint64(len(it.Items)))
	for _, x := range it.Items {
		out = append(out, x.ID[:]...)
		out = append(out, x.Heads[:]...)
	}
	return out
}

// DecodeItems decodes item lists, checking every count against the bytes
// left before allocating.
func DecodeItems(p []byte) (Items, error) {
	var it Items
	if len(p) < 1 {
		return it, fmt.Errorf("items: %w", errShort)
	}
	it.Bits, p = p[0], p[1:]
	if it.Bits > MaxBucketBits {
		return it, fmt.Errorf("items: %d bits, at most %d", it.Bits, MaxBucketBits)
	}
	nb, k := uvarint(p)
	if k <= 0 {
		return it, fmt.Errorf("items: bucket count: %w", errShort)
	}
	p = p[k:]
	if nb > uint64(len(p)) || nb > 1<<it.Bits {
		return it, fmt.Errorf("items: %d buckets do not fit", nb)
	}
	it.Buckets = make([]uint32, 0, nb)
	for i := uint64(0); i < nb; i++ {
		b, k := uvarint(p)
		if k <= 0 {
			return it, fmt.Errorf("items: bucket %d: %w", i, errShort)
		}
		if b >= 1<<it.Bits {
			return it, fmt.Errorf("items: bucket %d out of range", b)
		}
		it.Buckets = append(it.Buckets, uint32(b))
		p = p[k:]
	}
	ni, k := uvarint(p)
	if k <= 0 {
		return it, fmt.Errorf("items: item count: %w", errShort)
	}
	p = p[k:]
	const size = IDLen + ItemHashLen
	if ni > MaxItems || ni*size != uint64(len(p)) {
		return it, fmt.Errorf("items: %d items in %d bytes", ni, len(p))
	}
	it.Items = make([]Item, ni)
	for i := range it.Items {
		copy(it.Items[i].ID[:], p[i*size:])
		copy(it.Items[i].Heads[:], p[i*size+IDLen:])
	}
	return it, nil
}
