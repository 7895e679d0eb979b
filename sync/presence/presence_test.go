package presence_test

import (
	"bytes"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/presence"
)

func TestMessageRoundTrip(t *testing.T) {
	m := presence.Message{Seq: 1 << 40, Pages: []store.DocID{store.NewDocID(), store.NewDocID()}}
	b, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := presence.Decode(b)
	if err != nil || got.Seq != m.Seq || len(got.Pages) != 2 || got.Pages[0] != m.Pages[0] || got.Pages[1] != m.Pages[1] {
		t.Fatalf("Decode = %+v, %v; want %+v", got, err, m)
	}
	if _, err := (presence.Message{Pages: make([]store.DocID, presence.MaxPages+1)}).Encode(); err == nil {
		t.Error("Encode took more than MaxPages pages")
	}
}

func TestDecodeRefuses(t *testing.T) {
	id := store.NewDocID()
	one, _ := presence.Message{Seq: 3, Pages: []store.DocID{id}}.Encode()
	twice := append(append([]byte{}, one[:len(one)-16]...), 2)
	twice = append(twice[:len(twice)-1], 2)
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"another version", append([]byte{2}, one[1:]...)},
		{"cut short", one[:len(one)-1]},
		{"bytes after", append(append([]byte{}, one...), 0)},
		{"too many pages", append([]byte{1, 1, presence.MaxPages + 1}, bytes.Repeat([]byte{1}, (presence.MaxPages+1)*16)...)},
		{"a page twice", append(append([]byte{1, 1, 2}, one[3:]...), one[3:]...)},
		{"too large", bytes.Repeat([]byte{1}, presence.MaxMessage+1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if m, err := presence.Decode(tc.b); err == nil {
				t.Errorf("Decode(%x) = %+v, want an error", tc.b, m)
			}
		})
	}
}

// A device the membership does not list is not believed.
func TestTableRefusesStrangers(t *testing.T) {
	st, _ := membership.Fold(nil)
	var tb presence.Table
	msg, _ := presence.Message{Seq: 1, Pages: []store.DocID{store.NewDocID()}}.Encode()
	if _, err := tb.Take(presence.Guard{State: st}, membership.DeviceID{1}, msg); err == nil {
		t.Error("Take believed a device that is no member's")
	}
}

func FuzzDecode(f *testing.F) {
	b, _ := presence.Message{Seq: 9, Pages: []store.DocID{store.NewDocID()}}.Encode()
	f.Add(b)
	f.Add([]byte{1, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := presence.Decode(b)
		if err != nil {
			return
		}
		again, err := m.Encode()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("Decode(%x) = %+v, which encodes as %x, %v", b, m, again, err)
		}
	})
}
