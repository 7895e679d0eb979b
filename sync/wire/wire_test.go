package wire

import (
	"bufio"
	"bytes"
	"errors"
	"reflect"
	"testing"
)

func TestFrameRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	in := []Frame{{TypeSummary, []byte("abc")}, {TypeDone, nil}, {TypeItems, bytes.Repeat([]byte{7}, 300)}}
	for _, f := range in {
		if err := WriteFrame(&buf, f); err != nil {
			t.Fatal(err)
		}
	}
	r := bufio.NewReader(&buf)
	for i, want := range in {
		got, err := ReadFrame(r)
		if err != nil || got.Type != want.Type || !bytes.Equal(got.Payload, want.Payload) {
			t.Errorf("frame %d = %+v, %v; want %+v", i, got, err, want)
		}
	}
}

func TestFrameLimits(t *testing.T) {
	// A header claiming 1 GiB is refused before anything is allocated.
	hdr := []byte{byte(TypeItems), 0x80, 0x80, 0x80, 0x80, 0x04}
	if _, err := ReadFrame(bufio.NewReader(bytes.NewReader(hdr))); !errors.Is(err, ErrFrameTooLarge) {
		t.Errorf("1 GiB frame: %v", err)
	}
	if err := WriteFrame(&bytes.Buffer{}, Frame{TypeItems, make([]byte, MaxFrame+1)}); !errors.Is(err, ErrFrameTooLarge) {
		t.Errorf("writing an oversized frame: %v", err)
	}
	// A truncated payload is an error, not a short frame.
	if _, err := ReadFrame(bufio.NewReader(bytes.NewReader([]byte{1, 5, 'a'}))); err == nil {
		t.Error("truncated frame read without error")
	}
}

func TestMessagesRoundTrip(t *testing.T) {
	s := Summary{Count: 10000, FP: [FPLen]byte{1, 2, 3}}
	if got, err := DecodeSummary(EncodeSummary(s)); err != nil || got != s {
		t.Errorf("summary = %+v, %v", got, err)
	}
	b := Buckets{Bits: 2, FPs: [][BucketFPLen]byte{{1}, {2}, {3}, {4}}}
	if got, err := DecodeBuckets(EncodeBuckets(b)); err != nil || !reflect.DeepEqual(got, b) {
		t.Errorf("buckets = %+v, %v", got, err)
	}
	it := Items{Bits: 8, Buckets: []uint32{3, 200}, Items: []Item{{ID: [IDLen]byte{3}, Heads: [ItemHashLen]byte{9}}}}
	if got, err := DecodeItems(EncodeItems(it)); err != nil || !reflect.DeepEqual(got, it) {
		t.Errorf("items = %+v, %v", got, err)
	}
}

func TestHostileMessages(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    []byte
		f    func([]byte) error
	}{
		{"summary without fingerprint", []byte{5}, func(p []byte) error { _, err := DecodeSummary(p); return err }},
		{"too many bucket bits", []byte{40}, func(p []byte) error { _, err := DecodeBuckets(p); return err }},
		{"buckets short", []byte{4, 1, 2}, func(p []byte) error { _, err := DecodeBuckets(p); return err }},
		{"a billion items in no bytes", []byte{8, 0, 0x80, 0x94, 0xeb, 0xdc, 0x03}, func(p []byte) error { _, err := DecodeItems(p); return err }},
		{"bucket out of range", []byte{1, 1, 5, 0}, func(p []byte) error { _, err := DecodeItems(p); return err }},
	} {
		if err := tc.f(tc.p); err == nil {
			t.Errorf("%s: decoded without error", tc.name)
		}
	}
}

func FuzzReadFrame(f *testing.F) {
	f.Add([]byte{1, 3, 'a', 'b', 'c'})
	f.Add([]byte{3, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		fr, err := ReadFrame(bufio.NewReader(bytes.NewReader(b)))
		if err == nil && len(fr.Payload) > MaxFrame {
			t.Fatalf("frame of %d bytes accepted", len(fr.Payload))
		}
	})
}

func FuzzDecodeReconcile(f *testing.F) {
	f.Add(EncodeSummary(Summary{Count: 3}))
	f.Add(EncodeBuckets(Buckets{Bits: 1, FPs: make([][BucketFPLen]byte, 2)}))
	f.Add(EncodeItems(Items{Bits: 4, Buckets: []uint32{1}, Items: []Item{{}}}))
	f.Add(EncodeDocSnap(DocSnap{Kind: "page", Snapshot: []byte{1}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		if d, err := DecodeDocSnap(b); err == nil && (len(d.Kind) > MaxKindLen || len(d.Snapshot) == 0) {
			t.Fatal("a bad snapshot header was accepted")
		}
		if d, err := DecodeDocSync(b); err == nil && len(d.Message) == 0 {
			t.Fatal("an empty sync message was accepted")
		}
		if s, err := DecodeSummary(b); err == nil {
			if got, _ := DecodeSummary(EncodeSummary(s)); got != s {
				t.Fatal("summary does not round-trip")
			}
		}
		if bk, err := DecodeBuckets(b); err == nil && len(bk.FPs) != 1<<bk.Bits {
			t.Fatal("wrong bucket count")
		}
		if it, err := DecodeItems(b); err == nil {
			if !bytes.Equal(EncodeItems(it), b) {
				t.Fatal("items do not round-trip")
			}
		}
	})
}
