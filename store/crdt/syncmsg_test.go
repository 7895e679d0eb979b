package crdt_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

// encodeSync writes m as the core does: the inverse of DecodeSyncMessage.
func encodeSync(m *crdt.SyncMessage) []byte {
	b := []byte{0x42}
	hashes := func(hs [][]byte) {
		b = binary.AppendUvarint(b, uint64(len(hs)))
		for _, h := range hs {
			b = append(b, h...)
		}
	}
	hashes(m.Heads)
	hashes(m.Need)
	b = binary.AppendUvarint(b, uint64(len(m.Have)))
	for _, h := range m.Have {
		hashes(h.LastSync)
		var f []byte
		if h.Bloom.Entries != 0 {
			f = binary.AppendUvarint(f, uint64(h.Bloom.Entries))
			f = binary.AppendUvarint(f, uint64(h.Bloom.BitsPerEntry))
			f = binary.AppendUvarint(f, uint64(h.Bloom.Probes))
			f = append(f, h.Bloom.Bits...)
		}
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	b = binary.AppendUvarint(b, uint64(len(m.Changes)))
	for _, c := range m.Changes {
		b = binary.AppendUvarint(b, uint64(len(c)))
		b = append(b, c...)
	}
	if m.Capabilities != nil {
		b = binary.AppendUvarint(b, uint64(len(m.Capabilities)))
		b = append(b, m.Capabilities...)
	}
	return b
}

// bloomMessage is a message with no heads, needs or changes and one have
// whose Bloom filter has the parameters given and as many bits as they call
// for.
func bloomMessage(entries, bitsPerEntry, probes uint32) []byte {
	bits := make([]byte, (uint64(entries)*uint64(bitsPerEntry)+7)/8)
	for i := range bits {
		bits[i] = 0xff
	}
	return encodeSync(&crdt.SyncMessage{Have: []crdt.SyncHave{{
		Bloom: crdt.Bloom{Entries: entries, BitsPerEntry: bitsPerEntry, Probes: probes, Bits: bits}}}})
}

// The ten bytes of issue 15: one have whose Bloom filter has one entry of
// zero bits. Generate on a sync state that took it divides by zero in the
// core and aborts the process.
var zeroBitsBloom = []byte{0x42, 0x00, 0x00, 0x01, 0x00, 0x03, 0x01, 0x00, 0x01, 0x00}

// One entry of ten bits probed 2³² − 1 times: Generate allocates 16 GiB
// and loops that many times for every change of the document.
var hugeProbesBloom = bloomMessage(1, 10, 1<<32-1)

// syncedPages returns two devices' copies of a page that each edited apart,
// twenty times.
func syncedPages(t testing.TB) (*crdt.Doc, *crdt.Doc) { return editedApart(t, 20, 300) }

// editedApart returns two devices' copies of a page that each edited apart
// n times, one typing size characters each time, the other one.
func editedApart(t testing.TB, n, size int) (*crdt.Doc, *crdt.Doc) {
	now := time.Unix(1_780_000_000, 0)
	a, err := crdt.NewPage(store.Page{Title: "Plan", Body: strings.Repeat("word ", 200)}, store.NewDocID(), now)
	if err != nil {
		t.Fatal(err)
	}
	a.Commit("create", now)
	b, err := crdt.Load(a.Save(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		a.SpliceBody([]store.Splice{{Pos: i, Ins: strings.Repeat("a", size)}})
		a.Commit("a", now)
		b.SpliceBody([]store.Splice{{Pos: 0, Ins: "b"}})
		b.Commit("b", now)
	}
	return a, b
}

// converge runs the sync protocol between a and b until neither has more
// to say, handing every message to seen first.
func converge(t testing.TB, a, b *crdt.Doc, seen func([]byte)) {
	t.Helper()
	convergeFrom(t, a, b, a.NewSyncState(), b.NewSyncState(), seen)
}

// convergeFrom is converge from the given sync states.
func convergeFrom(t testing.TB, a, b *crdt.Doc, sa, sb *crdt.SyncState, seen func([]byte)) {
	t.Helper()
	for range 20 {
		ma, oka := sa.Generate()
		if oka {
			seen(ma)
			if err := sb.Receive(ma); err != nil {
				t.Fatal(err)
			}
		}
		mb, okb := sb.Generate()
		if okb {
			seen(mb)
			if err := sa.Receive(mb); err != nil {
				t.Fatal(err)
			}
		}
		if !oka && !okb {
			if a.Heads() != b.Heads() {
				t.Fatal("the protocol settled with different heads")
			}
			return
		}
	}
	t.Fatal("the protocol did not settle")
}

// Every message the core writes while two copies converge decodes, and
// writing it again gives the same bytes.
func TestDecodeSyncMessageTakesWhatTheCoreWrites(t *testing.T) {
	a, b := syncedPages(t)
	n, changes, blooms := 0, 0, 0
	converge(t, a, b, func(msg []byte) {
		m, err := crdt.DecodeSyncMessage(msg)
		if err != nil {
			t.Fatalf("DecodeSyncMessage: %v", err)
		}
		if again := encodeSync(m); !bytes.Equal(again, msg) {
			t.Fatalf("encoded again: %x, want %x", again, msg)
		}
		n++
		changes += len(m.Changes)
		for _, h := range m.Have {
			if h.Bloom.Entries > 0 {
				blooms++
			}
		}
	})
	if changes < 40 || blooms == 0 {
		t.Errorf("%d messages carried %d changes and %d Bloom filters; the test meant them to carry both", n, changes, blooms)
	}
}

func TestDecodeSyncMessageRefuses(t *testing.T) {
	hash := bytes.Repeat([]byte{7}, crdt.HashLen)
	a, b := syncedPages(t)
	var withChange []byte
	converge(t, a, b, func(msg []byte) {
		if m, _ := crdt.DecodeSyncMessage(msg); withChange == nil && m != nil && len(m.Changes) > 0 {
			withChange = msg
		}
	})
	change, _ := crdt.DecodeSyncMessage(withChange)
	compressed := bytes.Clone(change.Changes[0])
	compressed[8] = 2 // the chunk type: a compressed change
	many := func(n int) [][]byte {
		hs := make([][]byte, n)
		for i := range hs {
			hs[i] = hash
		}
		return hs
	}
	for _, tc := range []struct {
		name string
		msg  []byte
		want string
	}{
		{"empty", nil, "truncated"},
		{"not a sync message", []byte("hello"), "message type"},
		{"version 2", []byte{0x43, 0, 0, 0, 0}, "version 2"},
		{"zero bits per entry", zeroBitsBloom, "0 bits per entry"},
		{"huge num_probes", hugeProbesBloom, "4294967295 probes"},
		{"zero probes", bloomMessage(1, 10, 0), "0 probes"},
		{"too many bits per entry", bloomMessage(1, 33, 7), "33 bits per entry"},
		{"too many entries", bloomMessage(1<<22+1, 1, 1), "entries"},
		{"empty filter written out", []byte{0x42, 0, 0, 1, 0, 3, 0, 10, 7, 0}, "no entries"},
		{"bits short", encodeSync(&crdt.SyncMessage{Have: []crdt.SyncHave{{Bloom: crdt.Bloom{Entries: 100, BitsPerEntry: 10, Probes: 7, Bits: make([]byte, 124)}}}}), "not 125"},
		{"two haves", encodeSync(&crdt.SyncMessage{Have: []crdt.SyncHave{{}, {}}}), "2 have"},
		{"too many heads", encodeSync(&crdt.SyncMessage{Heads: many(1025)}), "1025 heads"},
		{"too many needs", encodeSync(&crdt.SyncMessage{Need: many(1025)}), "1025 need"},
		{"heads cut short", encodeSync(&crdt.SyncMessage{Heads: many(2)})[:40], "heads"},
		{"a change that is not a chunk", encodeSync(&crdt.SyncMessage{Changes: [][]byte{[]byte("abcdefghijk")}}), "not an Automerge chunk"},
		{"a compressed change", encodeSync(&crdt.SyncMessage{Changes: [][]byte{compressed}}), "not an uncompressed change"},
		{"a change with a byte more", encodeSync(&crdt.SyncMessage{Changes: [][]byte{append(bytes.Clone(change.Changes[0]), 0)}}), "says it has"},
		{"trailing bytes", append(encodeSync(&crdt.SyncMessage{Capabilities: []byte{1, 2}}), 9), "after the message"},
		{"overlong count", []byte{0x42, 0x80, 0x00, 0, 0, 0}, "shortest form"},
		{"count over 64 bits", []byte{0x42, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, "over 64 bits"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := crdt.DecodeSyncMessage(tc.msg)
			if !errors.Is(err, crdt.ErrSyncMessage) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("DecodeSyncMessage(%x) = %v, want a refusal naming %q", tc.msg, err, tc.want)
			}
		})
	}
	// What newer cores add to a first message is taken.
	if _, err := crdt.DecodeSyncMessage(encodeSync(&crdt.SyncMessage{Capabilities: []byte{1, 2}})); err != nil {
		t.Errorf("capabilities: %v", err)
	}
}

// Issue 15, finding 1: a message whose Bloom filter the core would trust
// in the next Generate is refused by Receive, before the core keeps it in
// the sync state. (Before the fix Receive took both, and the Generate that
// follows aborts the process or runs for minutes.)
func TestReceiveRefusesHostileBloomBeforeTheCore(t *testing.T) {
	for name, msg := range map[string][]byte{"zero bits per entry": zeroBitsBloom, "huge num_probes": hugeProbesBloom} {
		t.Run(name, func(t *testing.T) {
			a, _ := syncedPages(t)
			st := a.NewSyncState()
			if err := st.Receive(msg); !errors.Is(err, crdt.ErrSyncMessage) {
				t.Fatalf("Receive = %v, want a refusal", err)
			}
			// Refused before the core: the state is as new, so Generate is safe.
			if _, ok := st.Generate(); !ok {
				t.Error("a fresh sync state has nothing to say")
			}
			if _, err := crdt.ReceiveInto(a.Save(), nil, msg); !errors.Is(err, crdt.ErrSyncMessage) {
				t.Errorf("ReceiveInto = %v, want a refusal", err)
			}
		})
	}
}

// FuzzDecodeSyncMessage: whatever the bytes, the decoder answers without
// panicking; what it accepts it writes back byte for byte; and a message it
// accepts (less its changes, which the sandbox checks) can be received and
// answered by the core without aborting this process.
func FuzzDecodeSyncMessage(f *testing.F) {
	// Small seeds: the fuzzer stalls on inputs of kilobytes.
	a, b := editedApart(f, 2, 3)
	converge(f, a, b, func(msg []byte) { f.Add(msg) })
	f.Add(zeroBitsBloom)
	f.Add(hugeProbesBloom)
	f.Add(bloomMessage(3, 10, 7))
	f.Add(encodeSync(&crdt.SyncMessage{Capabilities: []byte{1, 2}}))
	f.Fuzz(func(t *testing.T, msg []byte) {
		m, err := crdt.DecodeSyncMessage(msg)
		if err != nil {
			if !errors.Is(err, crdt.ErrSyncMessage) {
				t.Fatalf("an error that is not a refusal: %v", err)
			}
			return
		}
		if again := encodeSync(m); !bytes.Equal(again, msg) {
			t.Fatalf("accepted %x, which encodes again as %x", msg, again)
		}
		if len(m.Changes) > 0 {
			return
		}
		st := a.NewSyncState() // a message without changes leaves the document as it is
		if err := st.Receive(msg); err != nil {
			return
		}
		st.Generate()
	})
}

// BenchmarkDecodeSyncMessage measures the decoder on the messages of a
// sync between two copies that each made 20 changes (one carries about
// 6 KB of changes, one a Bloom filter).
func BenchmarkDecodeSyncMessage(b *testing.B) {
	da, db := syncedPages(b)
	var msgs [][]byte
	size := 0
	converge(b, da, db, func(m []byte) { msgs = append(msgs, m); size += len(m) })
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, m := range msgs {
			if _, err := crdt.DecodeSyncMessage(m); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(msgs)), "msgs/op")
}

func ExampleDecodeSyncMessage() {
	_, err := crdt.DecodeSyncMessage([]byte{0x42, 0x00, 0x00, 0x01, 0x00, 0x03, 0x01, 0x00, 0x01, 0x00})
	fmt.Println(err)
	// Output: not a sync message this device accepts: a Bloom filter of 0 bits per entry (1 to 32) (at byte 9 of 10)
}

// A session resumed from the heads both copies held at the end of the
// last one costs what changed since, not the history: a fresh session's
// Bloom filters cover every change, so its bytes grow with the document's
// age; a resumed one's stay flat.
func TestResumedSyncCostsWhatChangedSince(t *testing.T) {
	// session returns the bytes of a session after each copy made one
	// change, when each had made n before and they had last synced then.
	session := func(n int) (fresh, resumed int) {
		a, b := editedApart(t, n, 1)
		converge(t, a, b, func([]byte) {})
		shared := a.Heads()
		now := time.Unix(1_780_000_100, 0)
		a.SpliceBody([]store.Splice{{Pos: 0, Ins: "x"}})
		a.Commit("a", now)
		b.SpliceBody([]store.Splice{{Pos: 5, Ins: "y"}})
		b.Commit("b", now)
		fa, fb := fork(t, a), fork(t, b)
		convergeFrom(t, fa, fb, fa.NewSyncState(), fb.NewSyncState(), func(m []byte) { fresh += len(m) })
		sa, err := a.ResumeSyncState(shared)
		if err != nil {
			t.Fatal(err)
		}
		sb, err := b.ResumeSyncState(shared)
		if err != nil {
			t.Fatal(err)
		}
		convergeFrom(t, a, b, sa, sb, func(m []byte) { resumed += len(m) })
		if a.Heads() != fa.Heads() {
			t.Error("the resumed session did not reach what the fresh one did")
		}
		return fresh, resumed
	}
	fresh100, resumed100 := session(100)
	fresh2000, resumed2000 := session(2000)
	t.Logf("one change each after 200 changes: fresh session %d bytes, resumed %d; after 4,000: %d and %d",
		fresh100, resumed100, fresh2000, resumed2000)
	if fresh2000 < 3*fresh100 {
		t.Errorf("fresh sessions: %d bytes after 200 changes, %d after 4,000; the test expects them to grow", fresh100, fresh2000)
	}
	if resumed2000 > resumed100+64 {
		t.Errorf("resumed sessions: %d bytes after 200 changes, %d after 4,000; want them flat", resumed100, resumed2000)
	}

	// A peer that lost what it held (restored from an older copy) is sent
	// what it lacks: it asks for what the resumed side assumed it had.
	a, b := editedApart(t, 50, 1)
	old := fork(t, b)
	converge(t, a, b, func([]byte) {})
	sa, err := a.ResumeSyncState(a.Heads())
	if err != nil {
		t.Fatal(err)
	}
	convergeFrom(t, a, old, sa, old.NewSyncState(), func([]byte) {})
	if old.Heads() != a.Heads() {
		t.Error("the peer that lost changes did not get them back")
	}
	if _, err := a.ResumeSyncState("not heads"); err == nil {
		t.Error("ResumeSyncState took heads that are not heads")
	}
}

func fork(t testing.TB, d *crdt.Doc) *crdt.Doc {
	c, err := crdt.Load(d.Save(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
