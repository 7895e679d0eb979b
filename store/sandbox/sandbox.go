// Package sandbox loads Automerge bytes that came from outside the process
// (a peer, the relay, an import, a stored row that failed its checksum) in
// a child process of the same binary. A malformed document can make the
// Rust core panic, and a panic there aborts the whole process through cgo;
// in the child it only ends the child. The child loads the bytes, reads
// the document as its kind, and answers with the document saved anew by
// Automerge itself, which the app then loads. What the app loads is
// bounded too: the child counts a document's changes and operations from
// its columns before it loads it and again after, and refuses one over its
// kind's Limits, so a few bytes that expand to millions of operations cost
// the app nothing. The child runs with limits on memory and time; a child
// that dies, hangs or answers nonsense is a rejection, and the next request
// starts a fresh one.
package sandbox

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

// EnvWorker, set in a process's environment, makes the binary serve as a
// sandbox worker instead of starting normally; main and TestMain check it.
const EnvWorker = "LONGHAND_SANDBOX_WORKER"

// Limits of a worker. The time is a last resort: documents over their
// kind's Limits are refused by count in milliseconds, and one within them
// can take 10-20 s to load on a busy 2-core machine (the 260,000-keystroke
// trace committed a change per keystroke), which must still pass.
const (
	workerMemory  = 2 << 30 // bytes of address space beyond the runtime's own
	workerTimeout = 30 * time.Second
)

// Request is a document to check: a snapshot with changes, a snapshot
// with a sync message from a peer to apply to it, or a snapshot with
// another snapshot to merge into it.
type Request struct {
	Kind     store.Kind
	Snapshot []byte
	Changes  [][]byte
	// SyncMessage, when set, is applied after Changes: with it, Changes
	// are the ones the document holds aside for their dependencies
	// (crdt.Doc.Waiting), which the message may bring.
	SyncMessage []byte
	Merge       []byte // when set, Changes and SyncMessage must be empty
	// Rows asks, for a page's snapshot, for what its rows hold as well
	// (Result.Rows): the worker has read the page to check it.
	Rows bool
}

// syncPrefix and mergePrefix mark, in the kind field, a request that
// carries a sync message or a snapshot to merge.
const (
	syncPrefix  = "sync:"
	mergePrefix = "merge:"
	rowsPrefix  = "rows:"
)

// Limits bounds what one document the sandbox passes may cost the process
// that loads it next. Loading costs 10-20 µs and up to 900 bytes of memory
// for each operation Automerge keeps (deleted text included), and more for
// each change (the 260,000-keystroke trace committed a change per keystroke
// loads in 10-20 s); a few hundred bytes of deflated columns can stand for
// millions of either, so they are counted from the document itself, not
// from its size on the wire.
type Limits struct {
	crdt.Size     // changes and operations
	Text      int // characters of a page's body (0: not checked)
	Saved     int // bytes of the document as the worker saves it
}

// maxSaved is the largest document the sync protocol can carry in one
// frame (sync/wire.MaxFrame), for every kind.
const maxSaved = 16 << 20

// LimitsOf returns the limits of a kind. A page may hold the longest body
// the editor takes (store.MaxBodyLen) and an edit history of about twice
// the longest real trace we replay (automerge-paper: 182,331 operations in
// 259,778 changes), so about 5-10 s and 450 MiB at most to load; the
// small kinds (members, goals, posts, chats, the workspace) get 200,000
// operations, a post of store.MaxPostLen characters written twice over.
func LimitsOf(kind store.Kind) Limits {
	if kind == store.KindPage {
		return Limits{Size: crdt.Size{Changes: 500_000, Ops: 500_000}, Text: store.MaxBodyLen, Saved: maxSaved}
	}
	return Limits{Size: crdt.Size{Changes: 100_000, Ops: 200_000}, Saved: maxSaved}
}

// Result is a checked document.
type Result struct {
	Snapshot []byte // the document as saved by the worker's Automerge
	Heads    string
	Rows     []byte // what a page's rows hold (crdt.PageRows, encoded), when asked
}

// Rejected is returned when the bytes are not a loadable document of the
// kind asked for, or made the worker fail.
type Rejected struct{ Reason string }

func (r *Rejected) Error() string { return "rejected: " + r.Reason }

// Loader runs requests in a worker process, one at a time.
type Loader struct {
	exe string
	env []string

	mu     sync.Mutex
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
	exited chan struct{}
}

// NewLoader returns a loader whose workers run exe (normally
// os.Executable()) with EnvWorker set.
func NewLoader(exe string) *Loader {
	return &Loader{exe: exe, env: append(os.Environ(), EnvWorker+"=1")}
}

// Load checks a document in the worker.
func (l *Loader) Load(ctx context.Context, req Request) (*Result, error) {
	fields, err := req.fields()
	if err != nil {
		return nil, err
	}
	ans, err := l.ask(ctx, fields, workerTimeout)
	if err != nil {
		return nil, err
	}
	return parseAnswer(ans)
}

// fields encodes a request as the fields of a frame to the worker.
func (req Request) fields() ([][]byte, error) {
	if req.Merge != nil && (len(req.Changes) > 0 || req.SyncMessage != nil) {
		return nil, &Rejected{Reason: "a request to merge carries nothing else"}
	}
	var fields [][]byte
	switch {
	case req.SyncMessage != nil:
		fields = append([][]byte{[]byte(syncPrefix + string(req.Kind)), req.Snapshot, req.SyncMessage}, req.Changes...)
	case req.Merge != nil:
		fields = [][]byte{[]byte(mergePrefix + string(req.Kind)), req.Snapshot, req.Merge}
	case req.Rows:
		if req.Kind != store.KindPage {
			return nil, &Rejected{Reason: "only a page's rows are read"}
		}
		fields = append([][]byte{[]byte(rowsPrefix + string(req.Kind)), req.Snapshot}, req.Changes...)
	default:
		fields = append([][]byte{[]byte(req.Kind), req.Snapshot}, req.Changes...)
	}
	if size := frameSize(fields); size > MaxFrame {
		return nil, &Rejected{Reason: fmt.Sprintf("%d bytes is more than a document may hold", size)}
	}
	return fields, nil
}

func frameSize(fields [][]byte) int {
	size := 0
	for _, f := range fields {
		size += 4 + len(f)
	}
	return size
}

// MaxBatch bounds the documents of one LoadBatch request, and
// maxBatchBytes their bytes: a batch is checked in one worker, one
// document after another, within one time limit.
const (
	MaxBatch      = 512
	maxBatchBytes = 8 << 20
)

// LoadBatch checks many documents with one request to the worker: the
// many small documents of a first sync cost one round trip between the
// processes, not one each. Results and errors are in the order of reqs;
// each is what Load would have returned for its request. When the worker
// fails on the batch as a whole (a document that aborts the core ends
// the worker, and every answer with it), each document is checked again
// alone, so only the bad one is rejected.
func (l *Loader) LoadBatch(ctx context.Context, reqs []Request) ([]*Result, []error) {
	results, errs := make([]*Result, len(reqs)), make([]error, len(reqs))
	fields := [][]byte{[]byte(batchKind)}
	var size int
	var in []int // indexes of the requests in the batch
	for i, req := range reqs {
		f, err := req.fields()
		if err == nil && (len(in) >= MaxBatch || size+frameSize(f) > maxBatchBytes) {
			err = &Rejected{Reason: "more than one batch may hold"}
		}
		if err != nil {
			errs[i] = err
			continue
		}
		body := encodeFields(f)
		size += 4 + len(body)
		fields = append(fields, body)
		in = append(in, i)
	}
	if len(in) == 0 {
		return results, errs
	}
	ans, err := l.ask(ctx, fields, workerTimeout)
	if err == nil && len(ans) != len(in) {
		err = &Rejected{Reason: "the loader answered nonsense"}
	}
	for k, i := range in {
		if err != nil { // the batch failed as a whole: each on its own
			if ctx.Err() != nil {
				errs[i] = ctx.Err()
				continue
			}
			results[i], errs[i] = l.Load(ctx, reqs[i])
			continue
		}
		f, ferr := splitFields(ans[k])
		if ferr != nil {
			errs[i] = &Rejected{Reason: "the loader answered nonsense"}
			continue
		}
		results[i], errs[i] = parseAnswer(f)
	}
	return results, errs
}

// dieOn, set by tests only, makes a worker that meets these bytes in a
// snapshot end at once, as one would whose core aborted on it.
var dieOn []byte

// batchKind marks, in the kind field, a request whose other fields are
// requests, each encoded as a frame body.
const batchKind = "batch"

// encodeFields encodes fields as a frame body (without its length).
func encodeFields(fields [][]byte) []byte {
	buf := make([]byte, 0, frameSize(fields))
	for _, f := range fields {
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(f)))
		buf = append(buf, f...)
	}
	return buf
}

// ask sends a request to the worker and reads its answer. A worker that
// fails, answers no frame or takes longer than timeout is stopped (the
// next request starts another) and the request rejected.
func (l *Loader) ask(ctx context.Context, fields [][]byte, timeout time.Duration) ([][]byte, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.start(); err != nil {
		return nil, fmt.Errorf("start sandbox worker: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type answer struct {
		fields [][]byte
		err    error
	}
	ch := make(chan answer, 1)
	go func() {
		if err := writeFrame(l.stdin, fields...); err != nil {
			ch <- answer{err: err}
			return
		}
		f, err := readFrame(l.stdout)
		ch <- answer{f, err}
	}()
	select {
	case a := <-ch:
		if a.err != nil {
			l.stop()
			return nil, &Rejected{Reason: "the document made the loader fail (" + a.err.Error() + ")"}
		}
		return a.fields, nil
	case <-ctx.Done():
		l.stop()
		<-ch
		return nil, &Rejected{Reason: "the document took too long to load"}
	}
}

func parseAnswer(f [][]byte) (*Result, error) {
	switch {
	case len(f) == 3 && string(f[0]) == "ok":
		return &Result{Snapshot: f[1], Heads: string(f[2])}, nil
	case len(f) == 4 && string(f[0]) == "ok":
		return &Result{Snapshot: f[1], Heads: string(f[2]), Rows: f[3]}, nil
	case len(f) == 2 && string(f[0]) == "rejected":
		return nil, &Rejected{Reason: string(f[1])}
	default:
		return nil, &Rejected{Reason: "the loader answered nonsense"}
	}
}

func (l *Loader) start() error {
	if l.cmd != nil {
		select {
		case <-l.exited:
			l.cmd = nil
		default:
			return nil
		}
	}
	cmd := exec.Command(l.exe)
	cmd.Env = l.env
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	l.cmd, l.stdin, l.stdout, l.exited = cmd, stdin, bufio.NewReader(stdout), exited
	return nil
}

// stop kills the worker; the next request starts another.
func (l *Loader) stop() {
	if l.cmd == nil {
		return
	}
	l.cmd.Process.Kill()
	l.stdin.Close()
	<-l.exited
	l.cmd = nil
}

// Close stops the worker.
func (l *Loader) Close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stop()
}

// Pid returns the worker's process ID, or 0 when none runs; for tests.
func (l *Loader) Pid() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cmd == nil {
		return 0
	}
	return l.cmd.Process.Pid
}

// Serve is the worker: it answers requests from in on out until in ends.
// It limits its own memory first.
func Serve(in io.Reader, out io.Writer) error {
	limitMemory()
	r := bufio.NewReader(in)
	w := bufio.NewWriter(out)
	for {
		fields, err := readFrame(r)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		ans := answerTo(fields)
		if err := writeFrame(w, ans...); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
}

// answerTo answers a request: one document's check, a message's for a
// document the worker holds (held.go), or a batch's, each answer encoded
// as a field.
func answerTo(fields [][]byte) [][]byte {
	switch {
	case len(fields) > 0 && strings.HasPrefix(string(fields[0]), holdPrefix):
		return answerHold(fields)
	case len(fields) > 0 && strings.HasPrefix(string(fields[0]), heldPrefix):
		return answerHeld(fields)
	case len(fields) == 0 || string(fields[0]) != batchKind:
		return check(fields)
	}
	ans := make([][]byte, 0, len(fields)-1)
	for _, body := range fields[1:] {
		f, err := splitFields(body)
		if err != nil {
			f = [][]byte{}
		}
		ans = append(ans, encodeFields(check(f)))
	}
	return ans
}

// check loads a document and reads it as its kind; a panic in Go code
// becomes a rejection (a panic in Rust ends the process, which the parent
// sees).
func check(fields [][]byte) [][]byte {
	ans, _, _ := checkDoc(fields)
	return ans
}

// checkDoc is check, which also returns the document it checked and its
// size when it passed.
func checkDoc(fields [][]byte) (ans [][]byte, _ *crdt.Doc, _ crdt.Size) {
	defer func() {
		if p := recover(); p != nil {
			ans = rejection("the document could not be read: %v", p)
		}
	}()
	reject := func(format string, args ...any) ([][]byte, *crdt.Doc, crdt.Size) {
		return rejection(format, args...), nil, crdt.Size{}
	}
	if len(fields) < 2 {
		return reject("the request is incomplete")
	}
	if dieOn != nil && bytes.Contains(fields[1], dieOn) {
		os.Exit(3) // as a worker whose core aborted
	}
	kindField := string(fields[0])
	sync := strings.HasPrefix(kindField, syncPrefix)
	merge := strings.HasPrefix(kindField, mergePrefix)
	rows := strings.HasPrefix(kindField, rowsPrefix)
	kindField = strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(kindField, syncPrefix), mergePrefix), rowsPrefix)
	if rows && store.Kind(kindField) != store.KindPage {
		return reject("only a page's rows are read")
	}
	if sync && len(fields) < 3 || merge && len(fields) != 3 {
		return reject("a sync request is a kind, a snapshot, a message and changes; a merge, a kind and two snapshots")
	}
	lim := LimitsOf(store.Kind(kindField))
	// Count what the bytes say before the core expands them: a document
	// over the limits is refused in milliseconds, not after a load of
	// seconds. The loaded document is counted again below.
	var before crdt.Size
	for i, f := range fields[1:] {
		if sync && i == 1 {
			s, err := messageSize(f, lim.Size)
			if err != nil {
				return reject("%v", err)
			}
			before.Changes += s.Changes
			before.Ops += s.Ops
			continue
		}
		s, err := crdt.Measure(f, lim.Size)
		if err != nil {
			return reject("not an Automerge document: %v", err)
		}
		if merge { // two copies of one history: the merge holds at least the larger
			before = crdt.Size{Changes: max(before.Changes, s.Changes), Ops: max(before.Ops, s.Ops)}
			continue
		}
		before.Changes += s.Changes
		before.Ops += s.Ops
	}
	if before.Over(lim.Size) {
		return reject("at least %s, more than a %s may hold (%s)", sizeText(before), kindField, sizeText(lim.Size))
	}
	var doc *crdt.Doc
	var err error
	switch {
	case sync:
		if doc, err = crdt.ReceiveInto(fields[1], fields[3:], fields[2]); err != nil {
			return reject("not a sync message for this document: %v", err)
		}
	case merge:
		other, err := crdt.Load(fields[2], nil)
		if err != nil {
			return reject("not an Automerge document: %v", err)
		}
		if doc, err = crdt.Load(fields[1], nil); err != nil {
			return reject("not an Automerge document: %v", err)
		}
		if err := doc.Merge(other); err != nil {
			return reject("the documents do not merge: %v", err)
		}
	default:
		if doc, err = crdt.Load(fields[1], fields[2:]); err != nil {
			return reject("not an Automerge document: %v", err)
		}
	}
	var pageRows *crdt.PageRows
	if rows {
		if pageRows, err = doc.PageRows(); err != nil {
			return reject("not a readable page: %v", err)
		}
	}
	if reason := readAs(store.Kind(kindField), doc, lim, pageRows); reason != "" {
		return reject("%s", reason)
	}
	saved := doc.Save()
	if len(saved) > lim.Saved {
		return reject("a %s of %d bytes saved, more than one may be (%d)", kindField, len(saved), lim.Saved)
	}
	after, err := crdt.Measure(saved, lim.Size)
	if err != nil {
		return reject("the document does not measure: %v", err)
	}
	if after.Over(lim.Size) {
		return reject("at least %s, more than a %s may hold (%s)", sizeText(after), kindField, sizeText(lim.Size))
	}
	ans = [][]byte{[]byte("ok"), saved, []byte(doc.Heads())}
	if rows {
		b, err := pageRows.Encode()
		if err != nil {
			return reject("the page's rows do not encode: %v", err)
		}
		ans = append(ans, b)
	}
	return ans, doc, after
}

func rejection(format string, args ...any) [][]byte {
	return [][]byte{[]byte("rejected"), []byte(fmt.Sprintf(format, args...))}
}

// messageSize decodes a sync message strictly and counts the changes and
// operations it brings.
func messageSize(msg []byte, stop crdt.Size) (crdt.Size, error) {
	m, err := crdt.DecodeSyncMessage(msg)
	if err != nil {
		return crdt.Size{}, err
	}
	var total crdt.Size
	for _, c := range m.Changes {
		s, err := crdt.Measure(c, stop)
		if err != nil {
			return total, fmt.Errorf("a change in the message: %w", err)
		}
		total.Changes += s.Changes
		total.Ops += s.Ops
	}
	return total, nil
}

// readAs reads a document as its kind and says why it cannot be, or "".
// A page read already comes as its rows.
func readAs(kind store.Kind, doc *crdt.Doc, lim Limits, rows *crdt.PageRows) string {
	var err error
	switch kind {
	case store.KindPage:
		var p *store.Page
		if rows != nil {
			p = rows.Page
		} else {
			p, err = doc.Page()
		}
		if err == nil && lim.Text > 0 {
			if n := utf8.RuneCountInString(p.Body); n > lim.Text {
				return fmt.Sprintf("a page body of %d characters, more than a page may hold (%d)", n, lim.Text)
			}
		}
	case store.KindMember:
		_, err = doc.Member()
	case store.KindWorkspace:
		if _, err = doc.Workspace(); err == nil {
			_, err = doc.Channels()
		}
	case store.KindPost:
		_, err = doc.Post()
	case store.KindGoal:
		_, err = doc.Goal()
	case store.KindCheckIn:
		_, err = doc.CheckIn()
	case store.KindConversation:
		_, err = doc.Conversation()
	case store.KindChat:
		_, err = doc.Messages()
	case store.KindTranscript:
		_, _, err = doc.Transcript()
	default:
		return fmt.Sprintf("unknown kind %q", kind)
	}
	if err != nil {
		return fmt.Sprintf("not a readable %s: %v", kind, err)
	}
	if got := doc.Kind(); got != string(kind) {
		return fmt.Sprintf("the document says it is a %q, not a %q", got, kind)
	}
	return ""
}

func sizeText(s crdt.Size) string {
	return fmt.Sprintf("%d operations in %d changes", s.Ops, s.Changes)
}

func limitMemory() {
	debug.SetMemoryLimit(workerMemory / 2)
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &lim); err == nil {
		want := uint64(workerMemory) + 1<<30 // the Go runtime reserves address space of its own
		if lim.Max == ^uint64(0) || lim.Max > want {
			lim.Cur = want
			syscall.Setrlimit(syscall.RLIMIT_AS, &lim)
		}
	}
}

// ServeMain is what main runs in a worker process.
func ServeMain() int {
	if err := Serve(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "sandbox worker:", err)
		return 1
	}
	return 0
}
