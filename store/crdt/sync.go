package crdt

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"

	"github.com/automerge/automerge-go"
)

// SyncState is one peer's side of the Automerge sync protocol for one
// document: what this device believes the peer has. It lives for one
// connection; the next one resumes from the heads both sides held at the
// end of the last (ResumeSyncState).
type SyncState struct {
	ss *automerge.SyncState
}

// NewSyncState starts syncing the document with a peer.
func (d *Doc) NewSyncState() *SyncState { return &SyncState{ss: automerge.NewSyncState(d.am)} }

// ResumeSyncState starts syncing the document with a peer that is known
// to hold the changes up to shared (heads as Heads gives them): the
// peer's last confirmed heads. Its first message then offers only what
// came after them, not a Bloom filter of the whole history, so a session
// costs what changed since the last one, not the document's age. Were the
// peer to lack some of them after all, the protocol asks for what is
// missing. Automerge encodes a sync state as a type byte (0x43) and the
// shared heads: a LEB128 count, then each 32-byte hash.
func (d *Doc) ResumeSyncState(shared string) (*SyncState, error) {
	hs, err := parseHeads(shared)
	if err != nil {
		return nil, err
	}
	b := binary.AppendUvarint([]byte{0x43}, uint64(len(hs)))
	for _, h := range hs {
		raw, _ := hex.DecodeString(h.String())
		b = append(b, raw...)
	}
	ss, err := automerge.LoadSyncState(d.am, b)
	if err != nil {
		return nil, fmt.Errorf("resume sync state: %w", err)
	}
	return &SyncState{ss: ss}, nil
}

// Generate returns the next message for the peer, or false when the peer
// has everything this side knows it lacks.
func (s *SyncState) Generate() ([]byte, bool) {
	m, ok := s.ss.GenerateMessage()
	if !ok {
		return nil, false
	}
	return m.Bytes(), true
}

// Receive applies a message from the peer to the document. It refuses a
// message DecodeSyncMessage refuses before the core sees it: the core keeps
// what the message says in the sync state and trusts it in the next
// Generate. The changes the message carries must have been checked first
// (ReceiveInto in a sandbox): a malformed change can abort the process
// inside the Rust core.
func (s *SyncState) Receive(msg []byte) error {
	if err := CheckSyncMessage(msg); err != nil {
		return err
	}
	if _, err := s.ss.ReceiveMessage(msg); err != nil {
		return fmt.Errorf("sync message: %w", err)
	}
	return nil
}

// ReceiveInto is the check a sandbox runs on a sync message from a peer:
// it loads the document from snapshot with the changes that still wait
// for their dependencies in the caller's copy (see Waiting), applies the
// message to it as a fresh peer would, and returns the document, whose
// size the sandbox then checks. A message DecodeSyncMessage refuses never
// reaches the core.
func ReceiveInto(snapshot []byte, waiting [][]byte, msg []byte) (*Doc, error) {
	d, err := Load(snapshot, waiting)
	if err != nil {
		return nil, err
	}
	if err := d.NewSyncState().Receive(msg); err != nil {
		return nil, err
	}
	return d, nil
}

// Waiting returns those of changes that the document does not hold yet:
// Automerge keeps a change whose dependencies it lacks aside, outside
// Save, and applies it when they come. A sandbox that checks the next
// message must be given them, or it would not see what that message
// brings in with them. Each change must be one uncompressed change chunk,
// as DecodeSyncMessage passes them.
func (d *Doc) Waiting(changes [][]byte) ([][]byte, error) {
	var out [][]byte
	for _, c := range changes {
		if err := checkChangeChunk(c); err != nil {
			return nil, err
		}
		// A change's hash is the SHA-256 of its chunk after the magic
		// bytes and the checksum (which is the hash's first 4 bytes).
		h := sha256.Sum256(c[8:])
		ch, err := automerge.NewChangeHash(hex.EncodeToString(h[:]))
		if err != nil {
			return nil, err
		}
		if _, err := d.am.Change(ch); err != nil {
			out = append(out, c)
		}
	}
	return out, nil
}
