package peer_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"runtime/pprof"
	"syscall"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/peer"
)

// BenchmarkFirstSyncWorkspace10000 is a device joining a workspace of
// 10,000 pages and taking all of them in one session over loopback TCP:
// real SQLite files on both sides, every snapshot checked in the sandbox
// and materialized into rows before the session ends.
func BenchmarkFirstSyncWorkspace10000(b *testing.B) {
	ctx := context.Background()
	loader(b)
	for range b.N {
		b.StopTimer()
		dir := b.TempDir()
		a := newWorkspace(b, dir, "ada")
		spaces, err := a.db.FindSpaces(ctx)
		if err != nil {
			b.Fatal(err)
		}
		for i := range 10_000 - 8 { // the workspace starts with a few documents of its own
			body := fmt.Sprintf("Page %d of the handbook.\n\nSome words to carry, as pages have.", i)
			if _, err := a.db.CreatePage(ctx, store.NewPage{Title: fmt.Sprintf("Page %d", i), Body: body, Space: spaces[i%len(spaces)].ID}); err != nil {
				b.Fatal(err)
			}
		}
		j := join(b, a, dir, "bo")
		heads, _ := a.db.SyncHeads(ctx)
		stop := profileSession(b)
		b.StartTimer()
		start := time.Now()
		ra, rb := syncPair(b, j, a)
		elapsed := time.Since(start)
		b.StopTimer()
		stop()
		got, _ := j.db.SyncHeads(ctx)
		if len(got) < len(heads) {
			b.Fatalf("the new device holds %d documents, want %d", len(got), len(heads))
		}
		b.ReportMetric(float64(len(heads)), "docs")
		b.ReportMetric(elapsed.Seconds(), "s/first-sync")
		b.ReportMetric(float64(ra.Reconcile.Sent+ra.Docs.Sent+rb.Reconcile.Sent+rb.Docs.Sent), "bytes")
		b.ReportMetric(float64(ra.Reconcile.RoundTrips+ra.Docs.RoundTrips), "round-trips")
		a.close(b)
		j.close(b)
	}
}

// profileSession starts a CPU profile of the session alone, without the
// workspace made before it, when LONGHAND_BENCH_PROFILE names a file; it
// returns what stops it.
func profileSession(b *testing.B) func() {
	path := os.Getenv("LONGHAND_BENCH_PROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// cpuTime is the CPU time this process has used, user and system: on a
// shared machine it moves less than the wall clock when others run.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// countingConn counts what the dialing side writes and reads.
type countingConn struct {
	net.Conn
	sent, received int
}

func (c *countingConn) Write(p []byte) (int, error) { c.sent += len(p); return c.Conn.Write(p) }
func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.received += n
	return n, err
}

// BenchmarkNothingChangedSession is a whole session between two devices
// that hold the same documents, hello included, counted on the wire.
func BenchmarkNothingChangedSession(b *testing.B) {
	loader(b)
	dir := b.TempDir()
	a := newWorkspace(b, dir, "ada")
	defer a.close(b)
	j := join(b, a, dir, "bo")
	defer j.close(b)
	syncPair(b, j, a)
	for range b.N {
		var cc *countingConn
		ra, _, err := runOver(j, a, peer.Options{Port: 7414}, peer.Options{Port: 7414}, func(c net.Conn) io.ReadWriter {
			cc = &countingConn{Conn: c}
			return cc
		})
		if err != nil {
			b.Fatal(err)
		}
		if n := len(ra.Diff.Both) + len(ra.Diff.OnlyMine) + len(ra.Diff.OnlyTheirs); n != 0 {
			b.Fatalf("%d documents differ", n)
		}
		b.ReportMetric(float64(cc.sent), "bytes-out")
		b.ReportMetric(float64(cc.received), "bytes-back")
		b.ReportMetric(float64(ra.Reconcile.RoundTrips), "round-trips")
	}
}

// BenchmarkFileTransfer200MB is a 200 MB file attached on one device
// reaching another over loopback TCP in one session: real SQLite files on
// both sides, every chunk checked against its hash on arrival and the
// whole file against its own before it counts. It reports the speed and
// the bytes on the wire against the file's size.
func BenchmarkFileTransfer200MB(b *testing.B) {
	const size = 200 << 20
	loader(b)
	for range b.N {
		b.StopTimer()
		dir := b.TempDir()
		a := newWorkspace(b, dir, "ada")
		j := join(b, a, dir, "bo")
		syncPair(b, j, a)
		f := attach(b, a, "all-hands.webm", bigFile(9, size))
		b.StartTimer()
		cpu0 := cpuTime()
		start := time.Now()
		var cc *countingConn
		ra, _, err := runOver(j, a, peer.Options{}, peer.Options{}, func(c net.Conn) io.ReadWriter {
			cc = &countingConn{Conn: c}
			return cc
		})
		elapsed := time.Since(start)
		cpu := cpuTime() - cpu0
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		if got, err := j.db.FindBlob(context.Background(), f.Hash); err != nil || !got.Complete || ra.Blobs.ChunksIn != store.Parts(size) {
			b.Fatalf("the file on the other device: %+v, %v", got, err)
		}
		b.ReportMetric(float64(size)/(1<<20)/elapsed.Seconds(), "MB/s")
		b.ReportMetric(float64(cc.sent+cc.received)/size, "wire/file")
		b.ReportMetric(elapsed.Seconds(), "s/transfer")
		b.ReportMetric(cpu.Seconds(), "cpu-s/transfer")
		a.close(b)
		j.close(b)
	}
}
