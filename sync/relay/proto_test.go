package relay_test

import (
	"bytes"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/relay"
)

func TestFramesRoundTrip(t *testing.T) {
	ws := store.NewDocID()
	tests := []struct {
		name string
		f    relay.Frame
		read func(relay.Frame) (relay.Frame, error)
	}{
		{"auth", relay.Auth{Workspace: ws, Device: make([]byte, 32), Sig: make([]byte, 64), Entries: [][]byte{{1}, {2, 3}}}.Frame(),
			func(f relay.Frame) (relay.Frame, error) { a, err := relay.DecodeAuth(f); return a.Frame(), err }},
		{"publish", relay.Request{Type: relay.TPublish, ID: 7, Items: [][]byte{{1, 2}}}.Frame(),
			func(f relay.Frame) (relay.Frame, error) {
				q, err := relay.DecodeRequest(f, relay.TPublish)
				return q.Frame(), err
			}},
		{"deliver", relay.Positioned{Type: relay.TDeliver, Position: 9, Payload: []byte("env")}.Frame(),
			func(f relay.Frame) (relay.Frame, error) {
				p, err := relay.DecodePositioned(f, relay.TDeliver)
				return p.Frame(), err
			}},
		{"welcome", relay.Positioned{Type: relay.TWelcome, ID: 3, Position: 9, Payload: append(relay.U64(1<<30), relay.U64(7)...)}.Frame(),
			func(f relay.Frame) (relay.Frame, error) {
				p, err := relay.DecodePositioned(f, relay.TWelcome)
				return p.Frame(), err
			}},
		{"error", relay.ErrorFrame{ID: 2, Code: relay.CodeQuota, Message: "full"}.Frame(),
			func(f relay.Frame) (relay.Frame, error) { e, err := relay.DecodeError(f); return e.Frame(), err }},
		{"join hello", relay.JoinHello{Workspace: ws, Invite: [16]byte{1}}.Frame(),
			func(f relay.Frame) (relay.Frame, error) { j, err := relay.DecodeJoinHello(f); return j.Frame(), err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := relay.DecodeFrame(tt.f.Encode())
			if err != nil {
				t.Fatal(err)
			}
			back, err := tt.read(f)
			if err != nil {
				t.Fatal(err)
			}
			if !back.Equal(tt.f) {
				t.Errorf("round trip = %v, want %v", back, tt.f)
			}
		})
	}
}

func TestDecodeFrameRefuses(t *testing.T) {
	for _, b := range [][]byte{{}, {1, 5, 0}, {1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, make([]byte, relay.MaxMessage+1)} {
		if _, err := relay.DecodeFrame(b); err == nil {
			t.Errorf("DecodeFrame(%x...) accepted", b[:min(len(b), 8)])
		}
	}
	if _, err := relay.DecodeAuth(relay.Frame{Type: relay.TAuth, Fields: [][]byte{[]byte("nope"), {}, {}}}); err == nil {
		t.Error("an auth with no valid workspace was accepted")
	}
	if _, err := relay.DecodeRequest(relay.Frame{Type: relay.TPublish, Fields: [][]byte{relay.U64(1)}}, relay.TPublish); err == nil {
		t.Error("a publish with no envelope was accepted")
	}
}

func TestObjectFramesAreChecked(t *testing.T) {
	name := make([]byte, relay.NameSize)
	names := func(n int) [][]byte {
		out := make([][]byte, n)
		for i := range out {
			out[i] = name
		}
		return out
	}
	tests := []struct {
		name  string
		typ   relay.Type
		items [][]byte
		ok    bool
	}{
		{"put", relay.TPutObject, [][]byte{name, []byte("object")}, true},
		{"put without the object", relay.TPutObject, [][]byte{name}, false},
		{"put under a short name", relay.TPutObject, [][]byte{name[:31], []byte("object")}, false},
		{"has", relay.THasObjects, names(relay.MaxHasNames), true},
		{"has nothing", relay.THasObjects, nil, false},
		{"has too many", relay.THasObjects, names(relay.MaxHasNames + 1), false},
		{"get", relay.TGetObjects, names(relay.MaxGetNames), true},
		{"get too many", relay.TGetObjects, names(relay.MaxGetNames + 1), false},
		{"get a long name", relay.TGetObjects, [][]byte{append(name, 0)}, false},
		{"held none", relay.THeld, nil, true},
		{"object", relay.TObject, [][]byte{name, {1}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := relay.DecodeFrame(relay.Request{Type: tt.typ, ID: 3, Items: tt.items}.Frame().Encode())
			if err != nil {
				t.Fatal(err)
			}
			q, err := relay.DecodeRequest(f, tt.typ)
			if (err == nil) != tt.ok {
				t.Fatalf("DecodeRequest = %v, want ok %v", err, tt.ok)
			}
			if err == nil && (q.ID != 3 || len(q.Items) != len(tt.items)) {
				t.Errorf("decoded %+v", q)
			}
		})
	}
}

func FuzzDecodeFrame(f *testing.F) {
	f.Add(relay.Auth{Workspace: store.NewDocID(), Device: make([]byte, 32), Sig: make([]byte, 64)}.Frame().Encode())
	f.Add(relay.Request{Type: relay.TPublish, ID: 1, Items: [][]byte{{1}}}.Frame().Encode())
	f.Add(relay.Positioned{Type: relay.TWelcome, Position: 1, Payload: append(relay.U64(1), relay.U64(2)...)}.Frame().Encode())
	f.Add([]byte{byte(relay.TError), 8, 0, 0, 0, 0, 0, 0, 0, 1, 1, 'x', 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		fr, err := relay.DecodeFrame(b)
		if err != nil {
			return
		}
		if !bytes.Equal(fr.Encode(), b) {
			// A non-minimal length prefix decodes but re-encodes shorter;
			// the fields must still be the same.
			again, err := relay.DecodeFrame(fr.Encode())
			if err != nil || !again.Equal(fr) {
				t.Fatalf("frame does not round-trip: %v", err)
			}
		}
		relay.DecodeAuth(fr)
		for _, ty := range []relay.Type{relay.TPublish, relay.TPutLog, relay.TPutGrants, relay.TPutJoin,
			relay.TPutObject, relay.THasObjects, relay.TGetObjects, relay.THeld, relay.TObject} {
			relay.DecodeRequest(fr, ty)
		}
		for _, ty := range []relay.Type{relay.TAck, relay.TDeliver, relay.TCaughtUp, relay.TWelcome, relay.TSubscribe} {
			relay.DecodePositioned(fr, ty)
		}
		relay.DecodeError(fr)
		relay.DecodeJoinHello(fr)
	})
}
