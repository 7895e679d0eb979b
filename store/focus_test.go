package store

import (
	"encoding/json"
	"testing"
)

func TestDecodeFocusBlocks(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    int
		wantErr bool
	}{
		{"good", `[{"days":[false,true,true,true,true,true,false],"start":540,"end":660}]`, 1, false},
		{"empty", `[]`, 0, false},
		{"not json", `{nope`, 0, true},
		{"not a list", `"x"`, 0, true},
		{"one bad of two", `[{"days":[true],"start":60,"end":120},{"days":[false],"start":60,"end":120}]`, 1, true},
		{"out of range", `[{"days":[true],"start":-1,"end":99999}]`, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeFocusBlocks([]byte(tt.in))
			if len(got) != tt.want || (err != nil) != tt.wantErr {
				t.Errorf("DecodeFocusBlocks = %d blocks, %v; want %d, error %v", len(got), err, tt.want, tt.wantErr)
			}
		})
	}
}

// FuzzDecodeFocusBlocks: stored blocks from a damaged or hand-edited row
// never panic, and what comes back always validates.
func FuzzDecodeFocusBlocks(f *testing.F) {
	good, _ := json.Marshal([]FocusBlock{{Days: Weekdays, Start: 540, End: 660}, {Days: [7]bool{true}, Start: 1380, End: 60}})
	for _, s := range []string{string(good), `[]`, `{`, `[{"days":[true,true,true,true,true,true,true,true],"start":1e9}]`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		blocks, _ := DecodeFocusBlocks(data)
		if len(blocks) > MaxFocusBlocks {
			t.Fatalf("%d blocks, more than %d", len(blocks), MaxFocusBlocks)
		}
		for _, b := range blocks {
			if err := b.Validate(); err != nil {
				t.Fatalf("decoded an invalid block %+v: %v", b, err)
			}
			_ = b.String()
		}
	})
}
