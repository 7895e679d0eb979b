package sandbox_test

import (
	"bytes"
	"context"
	"errors"
	"os"
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
