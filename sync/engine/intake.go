package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sandbox"
	"github.com/longhand/longhand/sync/wire"
)

// BatchChecker is a Checker that checks many documents in one request;
// *sandbox.Loader is one. Results and errors are in the order asked.
type BatchChecker interface {
	LoadBatch(ctx context.Context, reqs []sandbox.Request) ([]*sandbox.Result, []error)
}

// BatchAdopter is a Docs that stores many new documents at once, with an
// error for each.
type BatchAdopter interface {
	AdoptAll(ctx context.Context, docs []store.DocSnapshot) []error
}

// Snapshotter is a Docs that gives a document whole, as its snapshot and
// heads, without loading it when it need not.
type Snapshotter interface {
	Snapshot(ctx context.Context, id store.DocID) ([]byte, store.Kind, string, error)
}

// A batch of snapshots is checked in one request to the sandbox, then
// stored at once: a first sync brings thousands of small documents,
// which cost a round trip between the processes and a transaction each
// when taken one by one. The bounds keep a batch's memory small.
const (
	intakeDocs  = 256
	intakeBytes = 4 << 20
)

// intake takes in the snapshots of one of the peer's turns in batches:
// while the sandbox checks one batch, the previous one is being stored,
// and the connection is read on.
type intake struct {
	s       *docSync
	batch   []store.DocSnapshot
	bytes   int
	checked chan []checkedDoc // to the storing goroutine
	stored  chan struct{}     // closed when it has stored everything
	refused error             // the first document refused, which fails the turn at its end
	mu      sync.Mutex
	err     error                  // the first failure to store, which ends the turn at once
	settled map[store.DocID]string // heads of the documents stored
}

type checkedDoc struct {
	store.DocSnapshot
	heads string
}

func (s *docSync) newIntake() *intake {
	in := &intake{s: s, checked: make(chan []checkedDoc, 1), stored: make(chan struct{}), settled: map[store.DocID]string{}}
	go in.store()
	return in
}

// add takes one snapshot frame from the peer.
func (in *intake) add(payload []byte) error {
	snap, err := wire.DecodeDocSnap(payload)
	if err != nil {
		return err
	}
	id := idOf(snap.ID)
	if !in.s.expect[id] {
		return fmt.Errorf("peer sent %s, which reconciliation did not name as mine to receive", id)
	}
	delete(in.s.expect, id)
	in.batch = append(in.batch, store.DocSnapshot{ID: id, Kind: store.Kind(snap.Kind), Snapshot: snap.Snapshot})
	in.bytes += len(snap.Snapshot)
	if len(in.batch) >= intakeDocs || in.bytes >= intakeBytes {
		return in.check()
	}
	return in.failed()
}

// check checks the batch in the sandbox and hands what passed to the
// storing goroutine. A document that fails its check is quarantined and
// fails the turn once its other documents are stored.
func (in *intake) check() error {
	batch := in.batch
	in.batch, in.bytes = nil, 0
	if len(batch) == 0 {
		return in.failed()
	}
	results, errs := in.s.checkAll(batch)
	ok := make([]checkedDoc, 0, len(batch))
	for i, d := range batch {
		if errs[i] != nil {
			in.s.reject(d.ID, d.Snapshot, errs[i])
			if in.refused == nil {
				in.refused = fmt.Errorf("document %s from the peer: %w", d.ID, errs[i])
			}
			continue
		}
		r := results[i]
		ok = append(ok, checkedDoc{store.DocSnapshot{ID: d.ID, Kind: d.Kind, Snapshot: r.Snapshot, Heads: r.Heads, Rows: r.Rows}, r.Heads})
	}
	if len(ok) > 0 {
		select {
		case in.checked <- ok:
		case <-in.stored: // the storing goroutine stopped on an error
		}
	}
	return in.failed()
}

// checkAll checks snapshots in the sandbox, in one request when it can.
func (s *docSync) checkAll(batch []store.DocSnapshot) ([]*sandbox.Result, []error) {
	reqs := make([]sandbox.Request, len(batch))
	for i, d := range batch {
		reqs[i] = sandbox.Request{Kind: d.Kind, Snapshot: d.Snapshot}
	}
	if bc, ok := s.check.(BatchChecker); ok {
		// The worker reads a page to check it: it hands back what the
		// page's rows hold, so the store does not load it again.
		for i := range reqs {
			reqs[i].Rows = reqs[i].Kind == store.KindPage
		}
		return bc.LoadBatch(s.ctx, reqs)
	}
	results, errs := make([]*sandbox.Result, len(reqs)), make([]error, len(reqs))
	for i, r := range reqs {
		results[i], errs[i] = s.check.Load(s.ctx, r)
	}
	return results, errs
}

// store stores the checked batches, in order, until the channel closes.
func (in *intake) store() {
	defer close(in.stored)
	for batch := range in.checked {
		docs := make([]store.DocSnapshot, len(batch))
		for i, d := range batch {
			docs[i] = d.DocSnapshot
		}
		var errs []error
		if ba, ok := in.s.docs.(BatchAdopter); ok {
			errs = ba.AdoptAll(in.s.ctx, docs)
		} else {
			errs = make([]error, len(docs))
			for i, d := range docs {
				errs[i] = in.s.docs.Adopt(in.s.ctx, d.ID, d.Kind, d.Snapshot)
			}
		}
		var failed error
		in.mu.Lock()
		for i, d := range batch {
			if errs[i] == nil {
				in.settled[d.ID] = d.heads
			} else if failed == nil {
				failed = errs[i]
			}
		}
		in.mu.Unlock()
		if failed != nil { // the store fails: what follows would too
			in.fail(failed)
			return
		}
	}
}

func (in *intake) fail(err error) {
	in.mu.Lock()
	if in.err == nil {
		in.err = err
	}
	in.mu.Unlock()
}

func (in *intake) failed() error {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.err
}

// close checks and stores what is left, waits until everything is
// stored, and records the heads of what was.
func (in *intake) close() error {
	in.check()
	return errors.Join(in.stop(), in.refused)
}

// stop waits until what was checked is stored, and records the heads of
// what was; a turn cut short stores what it had checked, not the rest.
func (in *intake) stop() error {
	close(in.checked)
	<-in.stored
	for id, h := range in.settled {
		in.s.settled[id] = h
	}
	return in.failed()
}
