package sandbox

import (
	"context"
	"fmt"
	"strings"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

// A sync session checks every message from the peer before it applies it.
// Sending the worker the whole document each time made a message cost the
// document: a busy page's sessions grew from milliseconds to seconds. So
// the worker keeps the documents it checked messages for, by key, at the
// heads it left them; the next message for the same document at the same
// heads is checked against what it holds, and the document only travels
// when the worker does not hold it (the first message of a session, a
// worker started afresh, or edits made here since). Equal heads are equal
// documents, so which copy the worker holds does not matter.

// Prefixes of the kind field of the two requests: hold sends the document
// with the message and asks the worker to keep it; held names it by key
// and heads.
const (
	holdPrefix = "hold:"
	heldPrefix = "held:"
)

// heldOps bounds the operations of the documents a worker keeps, about one
// page at its limit (LimitsOf): the least recently used go first.
const heldOps = 500_000

// heldDoc is a document a worker keeps after checking a message for it.
type heldDoc struct {
	kind store.Kind
	doc  *crdt.Doc
	size crdt.Size // an upper bound: every change applied counted in full
	used int
}

// holder is what a worker keeps; only a worker process has one.
type holder struct {
	docs map[string]*heldDoc
	tick int
}

var held = &holder{docs: map[string]*heldDoc{}}

// keep holds a document under key, and lets go of the least recently used
// others until the operations held are within heldOps.
func (h *holder) keep(key string, d *heldDoc) {
	h.tick++
	d.used = h.tick
	h.docs[key] = d
	for {
		total, oldest := 0, ""
		for k, x := range h.docs {
			total += x.size.Ops
			if k != key && (oldest == "" || x.used < h.docs[oldest].used) {
				oldest = k
			}
		}
		if total <= heldOps || oldest == "" {
			return
		}
		delete(h.docs, oldest)
	}
}

// answerHold checks a message with the document sent in full, as a sync
// request, and keeps the document the worker checked. Fields: the kind
// with its prefix, the key, the snapshot, the message, the changes held
// aside.
func answerHold(fields [][]byte) [][]byte {
	if len(fields) < 4 {
		return rejection("a hold request is a kind, a key, a snapshot, a message and changes")
	}
	kind := strings.TrimPrefix(string(fields[0]), holdPrefix)
	key := string(fields[1])
	delete(held.docs, key)
	req := append([][]byte{[]byte(syncPrefix + kind)}, fields[2:]...)
	ans, doc, size := checkDoc(req)
	if doc != nil {
		held.keep(key, &heldDoc{kind: store.Kind(kind), doc: doc, size: size})
	}
	return ans
}

// answerHeld checks a message against a document the worker holds, or
// answers "miss" when it does not hold it at those heads. Fields: the
// kind with its prefix, the key, the heads, the message, the changes held
// aside. The answer carries no snapshot: the caller applies the message
// to its own copy at the same heads.
func answerHeld(fields [][]byte) (ans [][]byte) {
	if len(fields) < 4 {
		return rejection("a held request is a kind, a key, heads, a message and changes")
	}
	kind := store.Kind(strings.TrimPrefix(string(fields[0]), heldPrefix))
	key, heads, msg, waiting := string(fields[1]), string(fields[2]), fields[3], fields[4:]
	h := held.docs[key]
	if h == nil || h.kind != kind || h.doc.Heads() != heads {
		return [][]byte{[]byte("miss")}
	}
	// Whatever happens next changes the document: it is kept again only
	// if the message passes.
	delete(held.docs, key)
	defer func() {
		if p := recover(); p != nil {
			ans = rejection("the document could not be read: %v", p)
		}
	}()
	lim := LimitsOf(kind)
	size := h.size
	s, err := messageSize(msg, lim.Size)
	if err != nil {
		return rejection("%v", err)
	}
	size.Changes, size.Ops = size.Changes+s.Changes, size.Ops+s.Ops
	for _, c := range waiting {
		s, err := crdt.Measure(c, lim.Size)
		if err != nil {
			return rejection("a change held aside: %v", err)
		}
		size.Changes, size.Ops = size.Changes+s.Changes, size.Ops+s.Ops
	}
	if size.Over(lim.Size) {
		return rejection("at least %s, more than a %s may hold (%s)", sizeText(size), kind, sizeText(lim.Size))
	}
	if err := h.doc.ApplyChanges(waiting); err != nil {
		return rejection("not a change of this document: %v", err)
	}
	if err := h.doc.NewSyncState().Receive(msg); err != nil {
		return rejection("not a sync message for this document: %v", err)
	}
	if reason := readAs(kind, h.doc, lim, nil); reason != "" {
		return rejection("%s", reason)
	}
	h.size = size
	held.keep(key, h)
	return [][]byte{[]byte("ok"), nil, []byte(h.doc.Heads())}
}

// CheckMessage checks a sync message from a peer for a document this
// process holds at heads, as a sync Request would, with the changes held
// aside for their dependencies (waiting). The worker is first asked to
// check it against the copy it kept from the last message for key; only
// when it holds none at those heads is the document sent, saved by
// snapshot, and kept there for the next message. So a session's messages
// after its first cost what they carry, not the document.
func (l *Loader) CheckMessage(ctx context.Context, key string, kind store.Kind, heads string, waiting [][]byte, msg []byte, snapshot func() []byte) error {
	fields := append([][]byte{[]byte(heldPrefix + string(kind)), []byte(key), []byte(heads), msg}, waiting...)
	if frameSize(fields) > MaxFrame {
		return &Rejected{Reason: fmt.Sprintf("%d bytes is more than a message may hold", frameSize(fields))}
	}
	ans, err := l.ask(ctx, fields, workerTimeout)
	if err != nil {
		return err
	}
	if len(ans) == 1 && string(ans[0]) == "miss" {
		fields = append([][]byte{[]byte(holdPrefix + string(kind)), []byte(key), snapshot(), msg}, waiting...)
		if frameSize(fields) > MaxFrame {
			return &Rejected{Reason: fmt.Sprintf("%d bytes is more than a document may hold", frameSize(fields))}
		}
		if ans, err = l.ask(ctx, fields, workerTimeout); err != nil {
			return err
		}
	}
	_, err = parseAnswer(ans)
	return err
}
