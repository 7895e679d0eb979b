package engine

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/sandbox"
	"github.com/longhand/longhand/sync/wire"
)

// Docs is what syncing documents needs from the store.
type Docs interface {
	// Open returns a document to sync, loaded, and its kind.
	Open(ctx context.Context, id store.DocID) (*crdt.Doc, store.Kind, error)
	// Adopt stores a document this device did not have, from a snapshot
	// that the sandbox has checked and saved anew.
	Adopt(ctx context.Context, id store.DocID, kind store.Kind, snapshot []byte) error
	// Changed stores what a document took from the peer.
	Changed(ctx context.Context, id store.DocID, d *crdt.Doc) error
}

// Quarantiner is a Docs that keeps bytes a peer sent that failed their
// check, so that they are not lost and someone can look.
type Quarantiner interface {
	Quarantine(ctx context.Context, id store.DocID, reason string, b []byte)
}

func (s *docSync) reject(id store.DocID, b []byte, err error) {
	if q, ok := s.docs.(Quarantiner); ok {
		q.Quarantine(s.ctx, id, err.Error(), b)
	}
}

// Checker loads bytes from outside in a sandbox; *sandbox.Loader is one.
type Checker interface {
	Load(ctx context.Context, req sandbox.Request) (*sandbox.Result, error)
}

// maxTurns bounds the exchange: the sync protocol settles in a few turns;
// a peer that keeps talking is broken or hostile.
const maxTurns = 64

// SyncDocs brings the documents that reconciliation found different to
// the same state on both sides: a document the peer lacks travels as a
// snapshot; one both hold runs the Automerge sync protocol, resumed (with
// a Resumer) from the heads both sides held at the end of their last
// session. The sides take turns, the initiator first, so that neither
// writes while the other does. Every snapshot and message from the peer
// is checked in the sandbox before it reaches Automerge here, and within
// its kind's limits (sandbox.LimitsOf); a sync message is first decoded
// strictly here (crdt.DecodeSyncMessage), since what it says stays in the
// sync state and drives Generate in this process.
func SyncDocs(ctx context.Context, rw io.ReadWriter, docs Docs, check Checker, d Diff, initiator bool) (Stats, error) {
	var st Stats
	c := &conn{r: wire.Reader(rw), w: rw, stats: &st}
	s := &docSync{ctx: ctx, c: c, docs: docs, check: check, states: map[store.DocID]*peerDoc{}, toSend: d.OnlyMine,
		expect: map[store.DocID]bool{}}
	for _, id := range d.Both {
		s.states[id] = nil // opened on first use
	}
	for _, id := range d.OnlyTheirs {
		s.expect[id] = true
	}
	st.Settled = map[store.DocID]string{}
	s.settled = st.Settled
	sentEmpty, recvEmpty := false, false
	for turn := 0; turn < maxTurns; turn++ {
		if (turn%2 == 0) == initiator {
			if initiator {
				st.RoundTrips++ // each of the initiator's turns starts one
			}
			n, err := s.sendTurn()
			if err != nil {
				return st, err
			}
			sentEmpty = n == 0
			if turn > 0 && sentEmpty && recvEmpty {
				return st, s.settle()
			}
		} else {
			n, err := s.recvTurn()
			if err != nil {
				return st, err
			}
			recvEmpty = n == 0
			if recvEmpty && sentEmpty {
				return st, s.settle()
			}
		}
	}
	return st, fmt.Errorf("the peer did not settle after %d turns", maxTurns)
}

type peerDoc struct {
	doc     *crdt.Doc
	kind    store.Kind
	state   *crdt.SyncState
	waiting [][]byte // changes from the peer held aside for their dependencies
}

type docSync struct {
	ctx     context.Context
	c       *conn
	docs    Docs
	check   Checker
	states  map[store.DocID]*peerDoc
	toSend  []store.DocID          // snapshots still to send
	expect  map[store.DocID]bool   // snapshots the peer should send
	settled map[store.DocID]string // heads both sides hold, once known
}

// settle records the heads of the documents synced both ways: when both
// sides have nothing left to send, each holds what the other does.
func (s *docSync) settle() error {
	if len(s.expect) > 0 {
		return fmt.Errorf("the peer did not send %d documents it has", len(s.expect))
	}
	for id, p := range s.states {
		if p != nil {
			s.settled[id] = p.doc.Heads()
		}
	}
	return nil
}

func (s *docSync) open(id store.DocID) (*peerDoc, error) {
	if p := s.states[id]; p != nil {
		return p, nil
	}
	d, kind, err := s.docs.Open(s.ctx, id)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", id, err)
	}
	p := &peerDoc{doc: d, kind: kind, state: s.syncState(id, d)}
	s.states[id] = p
	return p, nil
}

// Resumer is a Docs that knows the heads this device and the peer both
// held at the end of their last session, so that a session resumes the
// sync protocol from there and costs what changed since.
type Resumer interface {
	SharedHeads(ctx context.Context, id store.DocID) string
}

func (s *docSync) syncState(id store.DocID, d *crdt.Doc) *crdt.SyncState {
	if r, ok := s.docs.(Resumer); ok {
		if h := r.SharedHeads(s.ctx, id); h != "" {
			if st, err := d.ResumeSyncState(h); err == nil {
				return st
			}
		}
	}
	return d.NewSyncState()
}

// snapshot returns a document whole to send, without loading it when the
// store can give its bytes as they are.
func (s *docSync) snapshot(id store.DocID) ([]byte, store.Kind, string, error) {
	if sn, ok := s.docs.(Snapshotter); ok {
		return sn.Snapshot(s.ctx, id)
	}
	d, kind, err := s.docs.Open(s.ctx, id)
	if err != nil {
		return nil, "", "", err
	}
	return d.Save(), kind, d.Heads(), nil
}

func rawID(id store.DocID) ([wire.IDLen]byte, error) {
	var out [wire.IDLen]byte
	b, err := hex.DecodeString(string(id))
	if err != nil || len(b) != wire.IDLen {
		return out, fmt.Errorf("document ID %q", id)
	}
	copy(out[:], b)
	return out, nil
}

// sendTurn sends the snapshots still due and a message for every document
// that has one, then the end of the turn; it returns how many it sent.
func (s *docSync) sendTurn() (int, error) {
	n := 0
	for _, id := range s.toSend {
		snap, kind, heads, err := s.snapshot(id)
		if err != nil {
			return n, fmt.Errorf("open %s: %w", id, err)
		}
		raw, err := rawID(id)
		if err != nil {
			return n, err
		}
		if err := s.c.send(wire.TypeDocSnap, wire.EncodeDocSnap(wire.DocSnap{ID: raw, Kind: string(kind), Snapshot: snap})); err != nil {
			return n, err
		}
		s.settled[id] = heads
		n++
	}
	s.toSend = nil
	for id := range s.states {
		p, err := s.open(id)
		if err != nil {
			return n, err
		}
		msg, ok := p.state.Generate()
		if !ok {
			continue
		}
		raw, err := rawID(id)
		if err != nil {
			return n, err
		}
		if err := s.c.send(wire.TypeDocSync, wire.EncodeDocSync(wire.DocSync{ID: raw, Message: msg})); err != nil {
			return n, err
		}
		n++
	}
	return n, s.c.send(wire.TypeTurnEnd, nil)
}

// recvTurn takes the peer's snapshots and messages until the end of its
// turn; it returns how many it took.
func (s *docSync) recvTurn() (int, error) {
	in := s.newIntake()
	for n := 0; ; n++ {
		f, err := s.c.recv(wire.TypeDocSnap, wire.TypeDocSync, wire.TypeTurnEnd)
		if err == nil {
			switch f.Type {
			case wire.TypeTurnEnd:
				return n, in.close()
			case wire.TypeDocSnap:
				err = in.add(f.Payload)
			case wire.TypeDocSync:
				err = s.receive(f.Payload)
			}
		}
		if err != nil {
			in.stop()
			return n, err
		}
	}
}

func (s *docSync) receive(payload []byte) error {
	m, err := wire.DecodeDocSync(payload)
	if err != nil {
		return err
	}
	id := idOf(m.ID)
	if _, ok := s.states[id]; !ok {
		return fmt.Errorf("peer sent a sync message for %s, which reconciliation did not name", id)
	}
	p, err := s.open(id)
	if err != nil {
		return err
	}
	// The message's heads, needs and Bloom filters stay in the sync state
	// and drive the next Generate here: they are checked in this process,
	// before the sandbox or the core sees them. Its changes are applied in
	// the sandbox first, to this very document, within the kind's limits;
	// applying them here then yields the document the sandbox checked.
	msg, err := crdt.DecodeSyncMessage(m.Message)
	if err != nil {
		s.reject(id, m.Message, err)
		return fmt.Errorf("sync message for %s: %w", id, err)
	}
	before := p.doc.Heads()
	if err := s.checkMessage(id, p, m.Message); err != nil {
		s.reject(id, m.Message, err)
		return fmt.Errorf("sync message for %s: %w", id, err)
	}
	if err := p.state.Receive(m.Message); err != nil {
		return err
	}
	// A change whose dependencies this side lacks (the peer's Bloom filter
	// can hide one) waits inside Automerge, outside Save: the sandbox is
	// handed it with the next message, which may bring it in.
	for _, c := range msg.Changes {
		p.waiting = append(p.waiting, bytes.Clone(c))
	}
	if p.waiting, err = p.doc.Waiting(p.waiting); err != nil {
		return err
	}
	if p.doc.Heads() != before {
		return s.docs.Changed(s.ctx, id, p.doc)
	}
	return nil
}

// MessageChecker is a Checker that checks a sync message against a copy
// of the document it kept from the last message, and needs the document
// itself (snapshot) only when it kept none at those heads;
// *sandbox.Loader is one.
type MessageChecker interface {
	CheckMessage(ctx context.Context, key string, kind store.Kind, heads string, waiting [][]byte, msg []byte, snapshot func() []byte) error
}

// checkMessage checks a message from the peer in the sandbox, applied to
// this very document with the changes it holds aside.
func (s *docSync) checkMessage(id store.DocID, p *peerDoc, msg []byte) error {
	if mc, ok := s.check.(MessageChecker); ok {
		return mc.CheckMessage(s.ctx, string(id), p.kind, p.doc.Heads(), p.waiting, msg, p.doc.Save)
	}
	_, err := s.check.Load(s.ctx, sandbox.Request{Kind: p.kind, Snapshot: p.doc.Save(), Changes: p.waiting, SyncMessage: msg})
	return err
}
