package relay

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/longhand/longhand/store"
)

// Type says what a frame carries. Values are part of the protocol: never
// renumber.
type Type byte

const (
	// Relay to device.
	THello    Type = 1  // challenge
	TWelcome  Type = 2  // last position of the workspace stream, the device's bytes stored, quota and the stream's incarnation
	TError    Type = 3  // request ID, code, sentence
	TAck      Type = 4  // request ID, position
	TDeliver  Type = 5  // position, envelope
	TCaughtUp Type = 6  // position: every envelope up to it was delivered
	TLog      Type = 7  // membership entries
	TGrants   Type = 8  // key grants for this device
	TJoins    Type = 9  // sealed join requests waiting for an admin or member
	TSendLog  Type = 10 // the relay serves the workspace: the device sends its membership log (TPutLog with ID 0)
	THeld     Type = 11 // request ID, the names asked about with THasObjects that the relay holds
	TObject   Type = 12 // request ID, name, sealed object: one asked for with TGetObjects
	// TPresenceOf forwards another device's sealed presence envelope
	// (seal.KindPresence); no request waits for it and nothing stores it.
	TPresenceOf Type = 13

	// Device to relay.
	TAuth      Type = 20 // workspace, device key, signature of the challenge (membership entries: first protocol only)
	TPublish   Type = 21 // request ID, envelope
	TSubscribe Type = 22 // position to deliver after
	TPutLog    Type = 23 // request ID, membership entries
	TPutGrants Type = 24 // request ID, grants
	TJoinHello Type = 25 // workspace, invitation ID: a device that is not a member yet
	TPutJoin   Type = 26 // request ID, sealed join request
	// Sealed pieces of files (seal.SealChunk, seal.SealManifest), each
	// stored once under its blinded name.
	TPutObject  Type = 27 // request ID, name, sealed object; answered by TAck
	THasObjects Type = 28 // request ID, names; answered by THeld
	TGetObjects Type = 29 // request ID, names; answered by a TObject per object held, then TAck
	// TPresence is a sealed presence envelope for the workspace's devices
	// connected now: forwarded, never stored or counted against a quota,
	// never answered. One the relay will not forward is dropped.
	TPresence Type = 30
)

// Limits of the protocol.
const (
	// MaxMessage is the largest WebSocket message either side accepts: an
	// envelope with room for its framing.
	MaxMessage = 4<<20 + 64<<10
	// MaxAuthFrame is the largest frame a relay reads from a connection
	// before the device has proved its key for a workspace the relay
	// serves (TAuth, TJoinHello): a stranger's connection holds no more.
	MaxAuthFrame = 4 << 10
	// MaxFields bounds how many fields one frame holds (a log of
	// membership entries is the longest).
	MaxFields = 100_000
	// MaxHasNames bounds the names one THasObjects asks about.
	MaxHasNames = 1024
	// MaxGetNames bounds the objects one TGetObjects asks for: each may
	// be a whole sealed chunk, and the answer is held until it is done.
	MaxGetNames = 16
	// NameSize is the size of an object's blinded name.
	NameSize = 32
	// MaxPresence is the largest presence envelope a relay forwards: a
	// presence message sealed fits the smallest padding, under 500 bytes.
	MaxPresence = 1024
)

// Error codes in TError frames.
const (
	CodeMalformed = "malformed" // the frame could not be read; the relay closes the connection
	CodeAuth      = "auth"      // the device is not (or no longer) in the workspace
	CodeQuota     = "quota"     // the device's storage or rate quota is used up
	CodeRefused   = "refused"   // the request is well formed but not acceptable
	CodeInternal  = "internal"  // the relay failed; try again later
	CodeAdmission = "admission" // the relay's operator has not admitted this workspace
)

// AdmissionHeader carries the relay's admission secret in the WebSocket
// upgrade request: a device that brings a workspace to a relay presents
// it. The relay address holds it as wss://host/v1?admit=SECRET; the client
// moves it to this header so that it is in no URL a proxy logs.
const AdmissionHeader = "Longhand-Admission"

var authDomain = []byte("longhand relay auth v1\x00")

// AuthMessage is what a device signs to prove it holds its key: the
// relay's challenge for this connection and the workspace it asks for.
func AuthMessage(challenge []byte, ws store.DocID) []byte {
	return append(append(slices.Clip(authDomain), challenge...), ws...)
}

// Frame is one message: a type and its fields.
type Frame struct {
	Type   Type
	Fields [][]byte
}

// Encode writes a frame: its type, then each field as a uvarint length and
// the bytes.
func (f Frame) Encode() []byte {
	n := 1
	for _, x := range f.Fields {
		n += binary.MaxVarintLen32 + len(x)
	}
	b := make([]byte, 0, n)
	b = append(b, byte(f.Type))
	for _, x := range f.Fields {
		b = binary.AppendUvarint(b, uint64(len(x)))
		b = append(b, x...)
	}
	return b
}

// DecodeFrame reads one frame strictly: every field complete, nothing
// left over, within the limits.
func DecodeFrame(b []byte) (Frame, error) {
	if len(b) == 0 {
		return Frame{}, store.Errorf(store.EINVALID, "The frame is empty.")
	}
	if len(b) > MaxMessage {
		return Frame{}, store.Errorf(store.EINVALID, "The frame is %d bytes; the limit is %d.", len(b), MaxMessage)
	}
	f := Frame{Type: Type(b[0])}
	r := b[1:]
	for len(r) > 0 {
		if len(f.Fields) == MaxFields {
			return Frame{}, store.Errorf(store.EINVALID, "The frame has more than %d fields.", MaxFields)
		}
		n, k := binary.Uvarint(r)
		if k <= 0 || n > uint64(len(r)-k) {
			return Frame{}, store.Errorf(store.EINVALID, "The frame is cut short.")
		}
		f.Fields = append(f.Fields, r[k:k+int(n)])
		r = r[k+int(n):]
	}
	return f, nil
}

// U64 encodes a number field.
func U64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

// fieldReader reads typed fields and remembers the first problem.
type fieldReader struct {
	f   Frame
	i   int
	err error
}

func readFields(f Frame, want Type) *fieldReader {
	r := &fieldReader{f: f}
	if f.Type != want {
		r.err = store.Errorf(store.EINVALID, "Expected a frame of type %d, got %d.", want, f.Type)
	}
	return r
}

func (r *fieldReader) next(what string) []byte {
	if r.err != nil {
		return nil
	}
	if r.i >= len(r.f.Fields) {
		r.err = store.Errorf(store.EINVALID, "The frame lacks its %s.", what)
		return nil
	}
	r.i++
	return r.f.Fields[r.i-1]
}

func (r *fieldReader) u64(what string) uint64 {
	b := r.next(what)
	if r.err == nil && len(b) != 8 {
		r.err = store.Errorf(store.EINVALID, "The frame's %s is not a number.", what)
	}
	if r.err != nil {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

func (r *fieldReader) fixed(what string, n int) []byte {
	b := r.next(what)
	if r.err == nil && len(b) != n {
		r.err = store.Errorf(store.EINVALID, "The frame's %s is %d bytes, not %d.", what, len(b), n)
	}
	return b
}

func (r *fieldReader) docID(what string) store.DocID {
	id := store.DocID(r.next(what))
	if r.err == nil && id.Validate() != nil {
		r.err = store.Errorf(store.EINVALID, "The frame's %s is not a workspace ID.", what)
	}
	return id
}

// rest returns the remaining fields.
func (r *fieldReader) rest() [][]byte {
	if r.err != nil {
		return nil
	}
	out := r.f.Fields[r.i:]
	r.i = len(r.f.Fields)
	return out
}

func (r *fieldReader) done() error {
	if r.err == nil && r.i != len(r.f.Fields) {
		r.err = store.Errorf(store.EINVALID, "The frame has %d fields too many.", len(r.f.Fields)-r.i)
	}
	return r.err
}

// Auth is a device's answer to the challenge.
type Auth struct {
	Workspace store.DocID
	Device    ed25519.PublicKey
	Sig       []byte
	Entries   [][]byte // membership entries the relay may lack, parents first
}

func (a Auth) Frame() Frame {
	return Frame{Type: TAuth, Fields: append([][]byte{[]byte(a.Workspace), a.Device, a.Sig}, a.Entries...)}
}

// DecodeAuth reads a TAuth frame.
func DecodeAuth(f Frame) (Auth, error) {
	r := readFields(f, TAuth)
	a := Auth{Workspace: r.docID("workspace"), Device: ed25519.PublicKey(r.fixed("device key", ed25519.PublicKeySize)),
		Sig: r.fixed("signature", ed25519.SignatureSize)}
	a.Entries = r.rest()
	return a, r.done()
}

// Request is a frame with a request ID and a list of byte fields:
// TPublish, TPutLog, TPutGrants, TPutJoin, and for sealed objects
// TPutObject, THasObjects, TGetObjects, THeld and TObject.
type Request struct {
	Type  Type
	ID    uint64
	Items [][]byte
}

func (q Request) Frame() Frame {
	return Frame{Type: q.Type, Fields: append([][]byte{U64(q.ID)}, q.Items...)}
}

// DecodeRequest reads a request of type t.
func DecodeRequest(f Frame, t Type) (Request, error) {
	r := readFields(f, t)
	q := Request{Type: t, ID: r.u64("request ID")}
	q.Items = r.rest()
	if r.err == nil && (t == TPublish || t == TPutJoin) && len(q.Items) != 1 {
		r.err = store.Errorf(store.EINVALID, "The frame carries %d items, not one.", len(q.Items))
	}
	if r.err == nil {
		r.err = checkObjects(t, q.Items)
	}
	return q, r.done()
}

// checkObjects checks the items of the frames about sealed objects: names
// of NameSize bytes, within the limits of each frame.
func checkObjects(t Type, items [][]byte) error {
	names := items
	switch t {
	case TPutObject, TObject:
		if len(items) != 2 {
			return store.Errorf(store.EINVALID, "The frame carries %d items, not a name and an object.", len(items))
		}
		names = items[:1]
	case THasObjects, TGetObjects:
		limit := MaxHasNames
		if t == TGetObjects {
			limit = MaxGetNames
		}
		if len(items) == 0 || len(items) > limit {
			return store.Errorf(store.EINVALID, "The frame asks about %d objects; 1 to %d at a time.", len(items), limit)
		}
	case THeld:
		if len(items) > MaxHasNames {
			return store.Errorf(store.EINVALID, "The frame lists %d objects; at most %d.", len(items), MaxHasNames)
		}
	default:
		return nil
	}
	for _, n := range names {
		if len(n) != NameSize {
			return store.Errorf(store.EINVALID, "An object's name is %d bytes, not %d.", len(n), NameSize)
		}
	}
	return nil
}

// ErrorFrame is a refusal.
type ErrorFrame struct {
	ID      uint64 // the request refused; 0 for the connection
	Code    string
	Message string
}

func (e ErrorFrame) Frame() Frame {
	return Frame{Type: TError, Fields: [][]byte{U64(e.ID), []byte(e.Code), []byte(e.Message)}}
}

func (e *ErrorFrame) Error() string { return fmt.Sprintf("relay: %s (%s)", e.Message, e.Code) }

// DecodeError reads a TError frame.
func DecodeError(f Frame) (*ErrorFrame, error) {
	r := readFields(f, TError)
	e := &ErrorFrame{ID: r.u64("request ID"), Code: string(r.next("code")), Message: string(r.next("message"))}
	return e, r.done()
}

// Positioned is a frame with a position and maybe a payload: TAck,
// TDeliver, TCaughtUp, TSubscribe, TWelcome.
type Positioned struct {
	Type     Type
	ID       uint64 // TAck: the request; TWelcome: the bytes the device stores
	Position uint64
	Payload  []byte // TDeliver: the envelope; TWelcome: the quota in bytes and the stream's incarnation (two U64)
}

func (p Positioned) Frame() Frame {
	switch p.Type {
	case TAck, TWelcome:
		fs := [][]byte{U64(p.ID), U64(p.Position)}
		if p.Type == TWelcome {
			fs = append(fs, p.Payload)
		}
		return Frame{Type: p.Type, Fields: fs}
	case TDeliver:
		return Frame{Type: p.Type, Fields: [][]byte{U64(p.Position), p.Payload}}
	}
	return Frame{Type: p.Type, Fields: [][]byte{U64(p.Position)}}
}

// DecodePositioned reads a frame of type t written by Positioned.Frame.
func DecodePositioned(f Frame, t Type) (Positioned, error) {
	r := readFields(f, t)
	p := Positioned{Type: t}
	switch t {
	case TAck, TWelcome:
		p.ID = r.u64("request ID")
		p.Position = r.u64("position")
		if t == TWelcome {
			p.Payload = r.fixed("quota and incarnation", 16)
		}
	case TDeliver:
		p.Position = r.u64("position")
		p.Payload = r.next("envelope")
	default:
		p.Position = r.u64("position")
	}
	return p, r.done()
}

// JoinHello asks for the membership log as a device that holds an
// invitation to the workspace.
type JoinHello struct {
	Workspace store.DocID
	Invite    [16]byte
}

func (j JoinHello) Frame() Frame {
	return Frame{Type: TJoinHello, Fields: [][]byte{[]byte(j.Workspace), j.Invite[:]}}
}

// DecodeJoinHello reads a TJoinHello frame.
func DecodeJoinHello(f Frame) (JoinHello, error) {
	r := readFields(f, TJoinHello)
	j := JoinHello{Workspace: r.docID("workspace")}
	if b := r.fixed("invitation", 16); r.err == nil {
		j.Invite = [16]byte(b)
	}
	return j, r.done()
}

// List is a frame that is a list of byte strings: TLog, TGrants, TJoins.
func List(t Type, items [][]byte) Frame { return Frame{Type: t, Fields: items} }

// Equal reports whether two frames are the same; for tests.
func (f Frame) Equal(g Frame) bool {
	return f.Type == g.Type && slices.EqualFunc(f.Fields, g.Fields, bytes.Equal)
}
