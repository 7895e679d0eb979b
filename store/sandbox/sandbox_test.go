package sandbox_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/sandbox"
)

func TestMain(m *testing.M) {
	if os.Getenv(sandbox.EnvWorker) != "" {
		os.Exit(sandbox.ServeMain())
	}
	os.Exit(m.Run())
}

func newLoader(t testing.TB) *sandbox.Loader {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	l := sandbox.NewLoader(exe)
	t.Cleanup(l.Close)
	return l
}

func pageBytes(t testing.TB) ([]byte, string) {
	now := time.Unix(1700000000, 0)
	d, err := crdt.NewPage(store.Page{Title: "Spec", Body: "# Body\n"}, store.NewDocID(), now)
	if err != nil {
		t.Fatal(err)
	}
	d.Commit("", now)
	return d.Save(), d.Heads()
}

func isRejected(err error) bool {
	var r *sandbox.Rejected
	return errors.As(err, &r)
}

func TestLoadChecksDocuments(t *testing.T) {
	l := newLoader(t)
	ctx := context.Background()
	snap, heads := pageBytes(t)

	res, err := l.Load(ctx, sandbox.Request{Kind: store.KindPage, Snapshot: snap})
	if err != nil {
		t.Fatal(err)
	}
	if res.Heads != heads {
		t.Errorf("Heads=%q, want %q", res.Heads, heads)
	}
	doc, err := crdt.Load(res.Snapshot, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := doc.Page(); p.Title != "Spec" || p.Body != "# Body\n" {
		t.Errorf("page = %+v", p)
	}

	for _, tc := range []struct {
		name string
		req  sandbox.Request
	}{
		{"garbage", sandbox.Request{Kind: store.KindPage, Snapshot: []byte("not automerge at all")}},
		{"truncated", sandbox.Request{Kind: store.KindPage, Snapshot: snap[:len(snap)/2]}},
		{"wrong kind", sandbox.Request{Kind: store.KindMember, Snapshot: snap}},
		{"unknown kind", sandbox.Request{Kind: "spaceship", Snapshot: snap}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := l.Load(ctx, tc.req); !isRejected(err) {
				t.Errorf("Load: %v, want a rejection", err)
			}
		})
	}
	// Automerge skips change bytes it cannot parse rather than failing; the
	// heads then show that nothing was added, which is what callers compare.
	res, err = l.Load(ctx, sandbox.Request{Kind: store.KindPage, Snapshot: snap, Changes: [][]byte{{0x85, 0x6f, 0x4a, 0x83, 1, 2, 3}}})
	if err == nil && res.Heads != heads {
		t.Errorf("garbage change moved the heads to %q", res.Heads)
	}
	// The worker is still usable after rejections.
	if _, err := l.Load(ctx, sandbox.Request{Kind: store.KindPage, Snapshot: snap}); err != nil {
		t.Errorf("Load after rejections: %v", err)
	}
}

// A worker that dies in the middle, as it would when the Rust core aborts,
// costs one rejection; the next request gets a fresh worker.
func TestWorkerDeathIsContained(t *testing.T) {
	l := newLoader(t)
	ctx := context.Background()
	snap, _ := pageBytes(t)
	if _, err := l.Load(ctx, sandbox.Request{Kind: store.KindPage, Snapshot: snap}); err != nil {
		t.Fatal(err)
	}
	pid := l.Pid()
	if pid == 0 {
		t.Fatal("no worker running")
	}
	syscall.Kill(pid, syscall.SIGKILL)
	time.Sleep(50 * time.Millisecond)
	_, err := l.Load(ctx, sandbox.Request{Kind: store.KindPage, Snapshot: snap})
	if err != nil && !isRejected(err) {
		t.Fatalf("Load on a dead worker: %v", err)
	}
	if _, err := l.Load(ctx, sandbox.Request{Kind: store.KindPage, Snapshot: snap}); err != nil {
		t.Fatalf("Load after the worker died: %v", err)
	}
	if l.Pid() == pid {
		t.Error("the dead worker was not replaced")
	}
}

func TestOversizedIsRefusedBeforeSending(t *testing.T) {
	l := newLoader(t)
	big := make([]byte, sandbox.MaxFrame)
	if _, err := l.Load(context.Background(), sandbox.Request{Kind: store.KindPage, Snapshot: big}); !isRejected(err) {
		t.Errorf("Load of %d bytes: %v, want a rejection", len(big), err)
	}
	if l.Pid() != 0 {
		t.Error("a worker was started for a request refused up front")
	}
}

// FuzzSandboxLoad feeds mutated documents through the sandbox: whatever
// the bytes, the answer is a result or a rejection, never a failure of
// this process.
func FuzzSandboxLoad(f *testing.F) {
	snap, _ := pageBytes(f)
	f.Add(snap)
	f.Add([]byte{})
	f.Add(snap[:10])
	l := newLoader(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := l.Load(context.Background(), sandbox.Request{Kind: store.KindPage, Snapshot: b})
		if err != nil && !isRejected(err) {
			t.Fatalf("Load: %v", err)
		}
		if err == nil && len(res.Snapshot) == 0 {
			t.Fatal("accepted with no snapshot")
		}
		if err == nil && bytes.Equal(b, nil) {
			t.Fatal("accepted an empty document")
		}
	})
}

// bomb is a page of 1,423 bytes whose body is 1,000,000 characters: one
// paste of "a", which Automerge's columns deflate to almost nothing.
func bomb(t testing.TB) []byte {
	b, err := os.ReadFile("testdata/page-of-1000000-chars.automerge")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Issue 15, finding 2: a small snapshot that expands to a million
// characters is refused by the worker, from its columns before it loads
// it, whether it comes alone, with changes, or to merge with ours; so the
// main process never loads it. (Before the fix the worker took 26 s to pass
// it, and the main process then spent 28 s and 560 MiB loading it.)
func TestExpandingDocumentIsRefused(t *testing.T) {
	l := newLoader(t)
	ctx := context.Background()
	snap, _ := pageBytes(t)
	b := bomb(t)
	for _, tc := range []struct {
		name string
		req  sandbox.Request
		want string
	}{
		{"snapshot", sandbox.Request{Kind: store.KindPage, Snapshot: b}, "more than a page may hold (500000 operations"},
		{"merged into ours", sandbox.Request{Kind: store.KindPage, Snapshot: snap, Merge: b}, "more than a page may hold (500000 operations"},
		{"as another kind", sandbox.Request{Kind: store.KindPost, Snapshot: b}, "more than a post may hold"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := l.Load(ctx, tc.req)
			if !isRejected(err) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Load = %v, want a rejection saying %q", err, tc.want)
			}
		})
	}
}

// Every kind has limits, and a page's are the editor's.
func TestLimitsOf(t *testing.T) {
	if got := sandbox.LimitsOf(store.KindPage); got.Text != store.MaxBodyLen || got.Ops < store.MaxBodyLen {
		t.Errorf("page limits %+v: a page the editor takes must pass", got)
	}
	for _, k := range []store.Kind{store.KindMember, store.KindWorkspace, store.KindPost, store.KindGoal, store.KindCheckIn, store.KindConversation, store.KindChat} {
		if got := sandbox.LimitsOf(k); got.Ops == 0 || got.Changes == 0 || got.Saved == 0 {
			t.Errorf("%s has no limits: %+v", k, got)
		}
	}
}

// A snapshot to merge is merged into ours in the worker: the answer holds
// both sides' edits, so the main process loads it and merges nothing.
func TestMergeInTheWorker(t *testing.T) {
	l := newLoader(t)
	now := time.Unix(1700000000, 0)
	ours, err := crdt.NewPage(store.Page{Title: "Spec", Body: "one"}, store.NewDocID(), now)
	if err != nil {
		t.Fatal(err)
	}
	ours.Commit("", now)
	theirs, err := crdt.Load(ours.Save(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ours.SpliceBody([]store.Splice{{Pos: 3, Ins: " two"}})
	ours.Commit("", now)
	theirs.SetTitle("Spec v2")
	theirs.Commit("", now)
	res, err := l.Load(context.Background(), sandbox.Request{Kind: store.KindPage, Snapshot: ours.Save(), Merge: theirs.Save()})
	if err != nil {
		t.Fatal(err)
	}
	merged, err := crdt.Load(res.Snapshot, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := merged.Page(); p.Title != "Spec v2" || p.Body != "one two" {
		t.Errorf("merged page = %q / %q, want both sides' edits", p.Title, p.Body)
	}
	if _, err := l.Load(context.Background(), sandbox.Request{Kind: store.KindPage, Snapshot: ours.Save(), Merge: theirs.Save(), Changes: [][]byte{{1}}}); !isRejected(err) {
		t.Errorf("a request with changes and a snapshot to merge: %v, want a rejection", err)
	}
}

// BenchmarkExpandingSnapshot measures what the 1,423-byte page of a
// million characters costs this process: loaded here, as the main process
// did before the sandbox counted operations, and refused by the worker.
// maxrss-MiB is the process's peak resident memory after the run (run
// each sub-benchmark alone, -benchtime 1x, for a clean figure).
func BenchmarkExpandingSnapshot(b *testing.B) {
	bm := bomb(b)
	rss := func(b *testing.B) {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		b.ReportMetric(float64(ru.Maxrss)/1024, "maxrss-MiB")
	}
	b.Run("loaded-here", func(b *testing.B) {
		for b.Loop() {
			if _, err := crdt.Load(bm, nil); err != nil {
				b.Fatal(err)
			}
		}
		rss(b)
	})
	b.Run("refused-by-the-sandbox", func(b *testing.B) {
		l := newLoader(b)
		for b.Loop() {
			if _, err := l.Load(context.Background(), sandbox.Request{Kind: store.KindPage, Snapshot: bm}); !isRejected(err) {
				b.Fatalf("Load = %v, want a rejection", err)
			}
		}
		rss(b)
	})
}
