package wire

import (
	"encoding/binary"
	"fmt"
	"unicode/utf8"
)

// Frames of the connection handshake and of a LAN join. A listener answers
// every member's connection with Admitted or Refused before any document
// moves; a joiner sends one JoinRequest and gets JoinAccepted or Refused.
// The numbers leave room after the sync frames above.
const (
	TypeAdmitted     Type = 16 // the listener found the dialer in the membership: sync may start; no payload
	TypeRefused      Type = 17 // the connection or the join is refused: an error code and a sentence for people
	TypeJoinRequest  Type = 18 // a joining device's request: workspace, invitation, secret, member, key, signature
	TypeJoinAccepted Type = 19 // the whole signed membership log, the join included
	// TypeLog carries a device's whole membership log in a sync session,
	// when reconciliation found the two logs differ.
	TypeLog Type = 20
	// TypeHello opens a sync session: the port the sender listens on, so
	// that a device that was called can call back later.
	TypeHello Type = 21
)

// Limits on the join frames.
const (
	MaxEntrySize   = 4096 // a membership entry, as store/membership allows
	MaxLogEntries  = 1 << 16
	MaxRefusalCode = 32
	MaxRefusalText = 1024
)

// JoinRequest is a joining device's request, in fixed-size fields so that
// it has exactly one encoding. Workspace and Member are the 16 bytes their
// 32 hex digits stand for.
type JoinRequest struct {
	Workspace [16]byte
	Invite    [16]byte
	Secret    [16]byte
	Member    [16]byte
	Device    [32]byte // Ed25519 public key
	DeviceSig [64]byte // by Device, of the join message
}

const joinRequestLen = 16*4 + 32 + 64

// EncodeJoinRequest encodes a join request.
func EncodeJoinRequest(r JoinRequest) []byte {
	out := make([]byte, 0, joinRequestLen)
	out = append(out, r.Workspace[:]...)
	out = append(out, r.Invite[:]...)
	out = append(out, r.Secret[:]...)
	out = append(out, r.Member[:]...)
	out = append(out, r.Device[:]...)
	return append(out, r.DeviceSig[:]...)
}

// DecodeJoinRequest decodes a join request: exactly its fixed size.
func DecodeJoinRequest(p []byte) (JoinRequest, error) {
	var r JoinRequest
	if len(p) != joinRequestLen {
		return r, fmt.Errorf("join request: %d bytes, want %d", len(p), joinRequestLen)
	}
	for _, f := range [][]byte{r.Workspace[:], r.Invite[:], r.Secret[:], r.Member[:], r.Device[:], r.DeviceSig[:]} {
		p = p[copy(f, p):]
	}
	return r, nil
}

// EncodeLog encodes a membership log: the number of entries, then
// each entry's length and bytes.
func EncodeLog(entries [][]byte) ([]byte, error) {
	if len(entries) == 0 || len(entries) > MaxLogEntries {
		return nil, fmt.Errorf("membership log: %d entries, want 1 to %d", len(entries), MaxLogEntries)
	}
	out := binary.AppendUvarint(nil, uint64(len(entries)))
	for i, e := range entries {
		if len(e) == 0 || len(e) > MaxEntrySize {
			return nil, fmt.Errorf("membership log: entry %d has %d bytes, want 1 to %d", i, len(e), MaxEntrySize)
		}
		out = binary.AppendUvarint(out, uint64(len(e)))
		out = append(out, e...)
	}
	if len(out) > MaxFrame {
		return nil, ErrFrameTooLarge
	}
	return out, nil
}

// DecodeLog decodes a membership log. The entries' bytes are not
// checked here: the joiner decodes and verifies each like any entry from
// outside.
func DecodeLog(p []byte) ([][]byte, error) {
	n, k := uvarint(p)
	if k <= 0 {
		return nil, fmt.Errorf("membership log: entry count: %w", errShort)
	}
	p = p[k:]
	// Every entry takes at least two bytes: a length and one byte.
	if n == 0 || n > MaxLogEntries || n > uint64(len(p)/2) {
		return nil, fmt.Errorf("membership log: %d entries do not fit", n)
	}
	entries := make([][]byte, 0, n)
	for i := uint64(0); i < n; i++ {
		l, k := uvarint(p)
		if k <= 0 {
			return nil, fmt.Errorf("membership log: entry %d: %w", i, errShort)
		}
		p = p[k:]
		if l == 0 || l > MaxEntrySize || l > uint64(len(p)) {
			return nil, fmt.Errorf("membership log: entry %d: bad length %d", i, l)
		}
		entries = append(entries, p[:l:l])
		p = p[l:]
	}
	if len(p) != 0 {
		return nil, fmt.Errorf("membership log: %d bytes after the last entry", len(p))
	}
	return entries, nil
}

// Refusal says why a connection or a join was refused: an error code, as
// store's codes, and a sentence for the person on the other side.
type Refusal struct {
	Code    string
	Message string
}

// EncodeRefused encodes a refusal, cutting an over-long code or sentence.
func EncodeRefused(r Refusal) []byte {
	code, msg := clip(r.Code, MaxRefusalCode), clip(r.Message, MaxRefusalText)
	out := binary.AppendUvarint(nil, uint64(len(code)))
	out = append(out, code...)
	out = binary.AppendUvarint(out, uint64(len(msg)))
	return append(out, msg...)
}

// DecodeRefused decodes a refusal: a code of lowercase letters and
// underscores and a non-empty sentence of valid UTF-8 without control
// characters.
func DecodeRefused(p []byte) (Refusal, error) {
	var r Refusal
	code, p, err := lenString(p, MaxRefusalCode, "refusal code")
	if err != nil {
		return r, err
	}
	msg, p, err := lenString(p, MaxRefusalText, "refusal sentence")
	if err != nil {
		return r, err
	}
	if len(p) != 0 {
		return r, fmt.Errorf("refusal: %d bytes after the sentence", len(p))
	}
	for _, c := range code {
		if !('a' <= c && c <= 'z' || c == '_') {
			return r, fmt.Errorf("refusal code %q: not a code", code)
		}
	}
	if code == "" || msg == "" || !utf8.ValidString(msg) {
		return r, fmt.Errorf("refusal: empty or not UTF-8")
	}
	for _, c := range msg {
		if c < 0x20 || c == 0x7f {
			return r, fmt.Errorf("refusal sentence: control character %U", c)
		}
	}
	return Refusal{Code: code, Message: msg}, nil
}

func lenString(p []byte, max int, what string) (string, []byte, error) {
	n, k := uvarint(p)
	if k <= 0 {
		return "", nil, fmt.Errorf("%s: %w", what, errShort)
	}
	p = p[k:]
	if n > uint64(max) || n > uint64(len(p)) {
		return "", nil, fmt.Errorf("%s: bad length %d", what, n)
	}
	return string(p[:n]), p[n:], nil
}

// clip cuts s to at most n bytes without splitting a character.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
