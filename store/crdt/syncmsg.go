package crdt

import (
	"errors"
	"fmt"
)

// A strict decoder of Automerge sync messages, run on every message from a
// peer before the Rust core sees it (in this process or in the sandbox).
//
// The format, as automerge's rust/automerge/src/sync.rs and sync/bloom.rs
// write it (all counts and lengths unsigned LEB128):
//
//	0x42                               message type (v1; 0x43 is v2)
//	heads:   count, count × 32-byte change hash
//	need:    count, count × 32-byte change hash
//	have:    count, count × { last_sync: count, count × hash;
//	                          bloom: length, length bytes }
//	changes: count, count × { length, length bytes: one change chunk }
//	[capabilities: count, count × 1 byte]  (newer cores, first message only)
//
// and a Bloom filter's bytes are empty, or num_entries, bits_per_entry,
// num_probes (each LEB128 u32) then ceil(num_entries × bits_per_entry / 8)
// bytes of bits.
//
// The core trusts what it decodes. Generate on a sync state that took a
// Bloom filter with bits_per_entry 0 divides by zero (the probe modulo is
// 8 × len(bits) = 0) and aborts the process; a huge num_probes makes it
// allocate and loop num_probes times for every change; and each have, each
// head and each need costs work there too. So the decoder accepts what this
// build's core writes and refuses the rest: a Bloom filter with parameters
// outside small bounds or bits of the wrong length, more than one have,
// more hashes than a document has heads, changes that are not one
// uncompressed change chunk each, the v2 format (this build's core reads
// only v1), and trailing bytes.

// Limits on a sync message. The core writes bits_per_entry 10, num_probes 7
// and at most one have; a document's heads are its concurrent branches.
const (
	syncTypeV1 = 0x42
	syncTypeV2 = 0x43

	maxSyncHashes       = 1024    // heads, need, or one have's last_sync
	maxSyncHaves        = 1       // the core writes none or one
	maxBloomEntries     = 1 << 22 // changes since the last sync; far above maxChanges of any kind
	maxBloomBitsPerItem = 32
	maxBloomProbes      = 32
	maxSyncChanges      = 1 << 20
	maxCapabilities     = 16
)

// ErrSyncMessage is wrapped by every refusal of DecodeSyncMessage.
var ErrSyncMessage = errors.New("not a sync message this device accepts")

// HashLen is the length of an Automerge change hash.
const HashLen = 32

// SyncMessage is a decoded sync message. Its slices point into the bytes
// it was decoded from.
type SyncMessage struct {
	Heads        [][]byte
	Need         [][]byte
	Have         []SyncHave
	Changes      [][]byte // one change chunk each
	Capabilities []byte   // nil when the message has none
}

// SyncHave is what the sender has: the heads at its last sync with the
// receiver and a Bloom filter of the changes it has since.
type SyncHave struct {
	LastSync [][]byte
	Bloom    Bloom
}

// Bloom is a Bloom filter's parameters and bits; Entries is 0 for the
// empty filter.
type Bloom struct {
	Entries, BitsPerEntry, Probes uint32
	Bits                          []byte
}

// DecodeSyncMessage decodes a sync message from a peer, refusing anything
// this build's Automerge would not write.
func DecodeSyncMessage(b []byte) (*SyncMessage, error) {
	d := &syncDecoder{b: b}
	m, err := d.message()
	if err != nil {
		return nil, fmt.Errorf("%w: %v (at byte %d of %d)", ErrSyncMessage, err, d.off, len(b))
	}
	return m, nil
}

// CheckSyncMessage reports whether b is a sync message DecodeSyncMessage
// accepts.
func CheckSyncMessage(b []byte) error {
	_, err := DecodeSyncMessage(b)
	return err
}

type syncDecoder struct {
	b   []byte
	off int
}

func (d *syncDecoder) message() (*SyncMessage, error) {
	t, err := d.byte()
	if err != nil {
		return nil, err
	}
	switch t {
	case syncTypeV1:
	case syncTypeV2:
		return nil, errors.New("a version 2 message, which this build's Automerge cannot read")
	default:
		return nil, fmt.Errorf("message type 0x%02x, not 0x%02x", t, syncTypeV1)
	}
	m := &SyncMessage{}
	if m.Heads, err = d.hashes("heads"); err != nil {
		return nil, err
	}
	if m.Need, err = d.hashes("need"); err != nil {
		return nil, err
	}
	n, err := d.count("have", maxSyncHaves)
	if err != nil {
		return nil, err
	}
	for range n {
		var h SyncHave
		if h.LastSync, err = d.hashes("last_sync"); err != nil {
			return nil, err
		}
		bb, err := d.bytes("Bloom filter")
		if err != nil {
			return nil, err
		}
		if h.Bloom, err = decodeBloom(bb); err != nil {
			return nil, err
		}
		m.Have = append(m.Have, h)
	}
	if n, err = d.count("changes", maxSyncChanges); err != nil {
		return nil, err
	}
	for i := range n {
		c, err := d.bytes("change")
		if err != nil {
			return nil, err
		}
		if err := checkChangeChunk(c); err != nil {
			return nil, fmt.Errorf("change %d: %w", i, err)
		}
		m.Changes = append(m.Changes, c)
	}
	if d.off < len(d.b) {
		// Newer cores add the capabilities they speak to their first message.
		if n, err = d.count("capabilities", maxCapabilities); err != nil {
			return nil, err
		}
		if m.Capabilities, err = d.take(uint64(n)); err != nil {
			return nil, err
		}
	}
	if d.off != len(d.b) {
		return nil, fmt.Errorf("%d bytes after the message", len(d.b)-d.off)
	}
	return m, nil
}

func decodeBloom(b []byte) (Bloom, error) {
	if len(b) == 0 {
		return Bloom{}, nil // the empty filter: the sender has nothing since last_sync
	}
	d := &syncDecoder{b: b}
	var f Bloom
	var err error
	if f.Entries, err = d.u32(); err != nil {
		return f, fmt.Errorf("Bloom filter entries: %w", err)
	}
	if f.BitsPerEntry, err = d.u32(); err != nil {
		return f, fmt.Errorf("Bloom filter bits per entry: %w", err)
	}
	if f.Probes, err = d.u32(); err != nil {
		return f, fmt.Errorf("Bloom filter probes: %w", err)
	}
	switch {
	case f.Entries == 0:
		return f, errors.New("a Bloom filter of no entries written out (the core writes it as no bytes)")
	case f.Entries > maxBloomEntries:
		return f, fmt.Errorf("a Bloom filter of %d entries (at most %d)", f.Entries, maxBloomEntries)
	case f.BitsPerEntry == 0 || f.BitsPerEntry > maxBloomBitsPerItem:
		return f, fmt.Errorf("a Bloom filter of %d bits per entry (1 to %d)", f.BitsPerEntry, maxBloomBitsPerItem)
	case f.Probes == 0 || f.Probes > maxBloomProbes:
		return f, fmt.Errorf("a Bloom filter of %d probes (1 to %d)", f.Probes, maxBloomProbes)
	}
	want := (uint64(f.Entries)*uint64(f.BitsPerEntry) + 7) / 8
	if got := uint64(len(b) - d.off); got != want {
		return f, fmt.Errorf("a Bloom filter of %d entries × %d bits in %d bytes, not %d", f.Entries, f.BitsPerEntry, got, want)
	}
	f.Bits = b[d.off:]
	return f, nil
}

// Change chunks: magic bytes, a 4-byte checksum, the chunk type, the
// length of the data, the data.
var chunkMagic = [4]byte{0x85, 0x6f, 0x4a, 0x83}

const (
	chunkDocument         = 0
	chunkChange           = 1
	chunkCompressedChange = 2
)

// checkChangeChunk checks that b is exactly one uncompressed change chunk.
// The core writes the changes of a sync message uncompressed; a compressed
// one would inflate up to a thousandfold before any limit could see it.
func checkChangeChunk(b []byte) error {
	d := &syncDecoder{b: b}
	magic, err := d.take(4)
	if err != nil || [4]byte(magic) != chunkMagic {
		return errors.New("not an Automerge chunk")
	}
	if _, err := d.take(4); err != nil {
		return err
	}
	t, err := d.byte()
	if err != nil {
		return err
	}
	if t != chunkChange {
		return fmt.Errorf("chunk type %d, not an uncompressed change (%d)", t, chunkChange)
	}
	n, err := d.uvarint()
	if err != nil {
		return err
	}
	if n != uint64(len(b)-d.off) {
		return fmt.Errorf("a change of %d bytes that says it has %d", len(b)-d.off, n)
	}
	return nil
}

func (d *syncDecoder) byte() (byte, error) {
	if d.off >= len(d.b) {
		return 0, errors.New("truncated")
	}
	d.off++
	return d.b[d.off-1], nil
}

func (d *syncDecoder) take(n uint64) ([]byte, error) {
	if n > uint64(len(d.b)-d.off) {
		return nil, fmt.Errorf("%d bytes wanted, %d left", n, len(d.b)-d.off)
	}
	s := d.b[d.off : d.off+int(n) : d.off+int(n)]
	d.off += int(n)
	return s, nil
}

// uvarint reads an unsigned LEB128 number in its shortest form.
func (d *syncDecoder) uvarint() (uint64, error) {
	var v uint64
	for i := 0; ; i++ {
		c, err := d.byte()
		if err != nil {
			return 0, err
		}
		if i == 9 && c > 1 {
			return 0, errors.New("a number over 64 bits")
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			if c == 0 && i > 0 {
				return 0, errors.New("a number not in its shortest form")
			}
			return v, nil
		}
	}
}

func (d *syncDecoder) u32() (uint32, error) {
	v, err := d.uvarint()
	if err != nil {
		return 0, err
	}
	if v > 1<<32-1 {
		return 0, errors.New("a number over 32 bits")
	}
	return uint32(v), nil
}

func (d *syncDecoder) count(what string, max int) (int, error) {
	n, err := d.uvarint()
	if err != nil {
		return 0, fmt.Errorf("%s count: %w", what, err)
	}
	if n > uint64(max) {
		return 0, fmt.Errorf("%d %s (at most %d)", n, what, max)
	}
	return int(n), nil
}

func (d *syncDecoder) hashes(what string) ([][]byte, error) {
	n, err := d.count(what, maxSyncHashes)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, nil
	}
	raw, err := d.take(uint64(n) * HashLen)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	hs := make([][]byte, n)
	for i := range hs {
		hs[i] = raw[i*HashLen : (i+1)*HashLen : (i+1)*HashLen]
	}
	return hs, nil
}

func (d *syncDecoder) bytes(what string) ([]byte, error) {
	n, err := d.uvarint()
	if err != nil {
		return nil, fmt.Errorf("%s length: %w", what, err)
	}
	b, err := d.take(n)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return b, nil
}
