package sqlite

import (
	"reflect"
	"testing"

	"github.com/longhand/longhand/store"
)

// A journal row gives back the splices written, whatever their text, and
// rows written as JSON before are still read.
func TestJournalRows(t *testing.T) {
	tests := []struct {
		name    string
		splices []store.Splice
	}{
		{"a keystroke", []store.Splice{{Pos: 5, Ins: "x"}}},
		{"a deletion", []store.Splice{{Pos: 0, Del: 12}}},
		{"text that looks like a row", []store.Splice{{Pos: 3, Del: 1, Ins: "1 2 3:~[{\"pos\":1}]\n"}, {Pos: 0, Ins: "é吾"}}},
		{"an empty edit", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeJournal(encodeJournal(tt.splices))
			if err != nil || !reflect.DeepEqual(got, tt.splices) {
				t.Errorf("decodeJournal(encodeJournal(%+v)) = %+v, %v", tt.splices, got, err)
			}
		})
	}
	got, err := decodeJournal([]byte(`[{"pos":1000,"ins":"typed"},{"pos":2,"del":1}]`))
	if want := []store.Splice{{Pos: 1000, Ins: "typed"}, {Pos: 2, Del: 1}}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("a JSON row: %+v, %v; want %+v", got, err, want)
	}
	for _, bad := range []string{"", "~1 2", "~1 2 3:ab", "~-1 0 0:", "~1 2 99999999999:", "~a b c:", "x"} {
		if got, err := decodeJournal([]byte(bad)); err == nil {
			t.Errorf("decodeJournal(%q) = %+v, want an error", bad, got)
		}
	}
}

// FuzzDecodeJournal: a damaged row is refused, never a panic, and a row
// that decodes encodes back to itself.
func FuzzDecodeJournal(f *testing.F) {
	f.Add(encodeJournal([]store.Splice{{Pos: 5, Del: 2, Ins: "héllo"}}))
	f.Add([]byte(`[{"pos":1,"ins":"a"}]`))
	f.Add([]byte("~0 0 1:"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		splices, err := decodeJournal(raw)
		if err != nil || len(raw) == 0 || raw[0] != journalMark {
			return
		}
		if again, err := decodeJournal(encodeJournal(splices)); err != nil || !reflect.DeepEqual(again, splices) {
			t.Errorf("%q: %+v, then %+v, %v", raw, splices, again, err)
		}
	})
}
