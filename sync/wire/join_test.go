package wire

import (
	"bytes"
	"encoding/binary"
	"reflect"
	"strings"
	"testing"
)

func TestJoinFramesRoundTrip(t *testing.T) {
	r := JoinRequest{Workspace: [16]byte{1}, Invite: [16]byte{2}, Secret: [16]byte{3}, Member: [16]byte{4},
		Device: [32]byte{5}, DeviceSig: [64]byte{6, 63: 7}}
	if got, err := DecodeJoinRequest(EncodeJoinRequest(r)); err != nil || got != r {
		t.Errorf("join request = %+v, %v; want %+v", got, err, r)
	}
	log := [][]byte{[]byte("create"), bytes.Repeat([]byte{9}, MaxEntrySize), []byte("join")}
	b, err := EncodeLog(log)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := DecodeLog(b); err != nil || !reflect.DeepEqual(got, log) {
		t.Errorf("join accepted = %d entries, %v; want %d", len(got), err, len(log))
	}
	ref := Refusal{Code: "forbidden", Message: "This invitation has expired. Ask for a new one."}
	if got, err := DecodeRefused(EncodeRefused(ref)); err != nil || got != ref {
		t.Errorf("refusal = %+v, %v; want %+v", got, err, ref)
	}
	// An over-long sentence is cut on a character boundary, and still decodes.
	long := Refusal{Code: "invalid", Message: strings.Repeat("é", MaxRefusalText)}
	if got, err := DecodeRefused(EncodeRefused(long)); err != nil || len(got.Message) > MaxRefusalText {
		t.Errorf("long refusal = %d bytes, %v", len(got.Message), err)
	}
}

func TestJoinFramesRefuseHostileInput(t *testing.T) {
	good, _ := EncodeLog([][]byte{[]byte("a")})
	tests := []struct {
		name   string
		decode func([]byte) error
		in     []byte
	}{
		{"short join request", joinReq, make([]byte, joinRequestLen-1)},
		{"long join request", joinReq, make([]byte, joinRequestLen+1)},
		{"empty log", accepted, []byte{0}},
		{"log count beyond the bytes", accepted, binary.AppendUvarint(nil, 1<<40)},
		{"log count not shortest", accepted, []byte{0x81, 0x00, 1, 'a'}},
		{"entry longer than the frame", accepted, []byte{1, 5, 'a'}},
		{"entry over the limit", accepted, append(binary.AppendUvarint([]byte{1}, MaxEntrySize+1), make([]byte, MaxEntrySize+1)...)},
		{"empty entry", accepted, []byte{1, 0, 0}},
		{"trailing bytes after the log", accepted, append(good, 0)},
		{"refusal without sentence", refused, []byte{3, 'a', 'b', 'c', 0}},
		{"refusal code not a code", refused, append([]byte{3, 'A', 'B', 'C'}, 2, 'h', 'i')},
		{"refusal sentence with a newline", refused, append([]byte{1, 'x'}, 2, 'h', '\n')},
		{"refusal sentence not UTF-8", refused, append([]byte{1, 'x'}, 2, 0xff, 0xfe)},
		{"refusal with trailing bytes", refused, append([]byte{1, 'x'}, 2, 'h', 'i', 0)},
		{"refusal sentence over the limit", refused, append(binary.AppendUvarint([]byte{1, 'x'}, MaxRefusalText+1), make([]byte, MaxRefusalText+1)...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.decode(tt.in); err == nil {
				t.Errorf("decoded %x without error", tt.in)
			}
		})
	}
	if _, err := EncodeLog(nil); err == nil {
		t.Error("an empty log was encoded")
	}
	if _, err := EncodeLog([][]byte{make([]byte, MaxEntrySize+1)}); err == nil {
		t.Error("an oversized entry was encoded")
	}
}

func joinReq(b []byte) error  { _, err := DecodeJoinRequest(b); return err }
func accepted(b []byte) error { _, err := DecodeLog(b); return err }
func refused(b []byte) error  { _, err := DecodeRefused(b); return err }

func FuzzDecodeJoin(f *testing.F) {
	f.Add(EncodeJoinRequest(JoinRequest{Device: [32]byte{1}}))
	log, _ := EncodeLog([][]byte{[]byte("create"), []byte("join")})
	f.Add(log)
	f.Add(EncodeRefused(Refusal{Code: "forbidden", Message: "No."}))
	f.Fuzz(func(t *testing.T, b []byte) {
		if r, err := DecodeJoinRequest(b); err == nil && !bytes.Equal(EncodeJoinRequest(r), b) {
			t.Fatal("join request does not round-trip")
		}
		if entries, err := DecodeLog(b); err == nil {
			again, err := EncodeLog(entries)
			if err != nil || !bytes.Equal(again, b) {
				t.Fatalf("membership log does not round-trip: %v", err)
			}
		}
		if r, err := DecodeRefused(b); err == nil {
			if len(r.Code) > MaxRefusalCode || len(r.Message) > MaxRefusalText || !bytes.Equal(EncodeRefused(r), b) {
				t.Fatal("refusal does not round-trip within its limits")
			}
		}
	})
}
