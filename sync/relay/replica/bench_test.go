package replica_test

import (
	"context"
	"net"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/relay/replica"
	"github.com/longhand/longhand/sync/relay/server"
)

// cpuTime is the CPU time this process (both devices and the relay) has
// used, user and system: on a shared machine it moves less than the wall
// clock when others run.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// countedConn counts the bytes a device sends and receives on the wire,
// TLS and WebSocket framing included.
type countedConn struct {
	net.Conn
	n *atomic.Int64
}

func (c countedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (c countedConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.n.Add(int64(n))
	return n, err
}

// BenchmarkFileThroughRelay200MB is a 200 MB file put on the relay by one
// device and fetched by another, through a real relay with an embedded
// JetStream over loopback TLS: time and bytes on the wire for each side,
// against the file's size.
func BenchmarkFileThroughRelay200MB(b *testing.B) {
	const size = 200 << 20
	for range b.N {
		b.StopTimer()
		r := relaytest.Start(b, server.Config{DataDir: b.TempDir()})
		ada := founder(b, "ada")
		bob := joinFolder(b, ada, "bob")
		var wire [2]atomic.Int64
		for i, f := range []*folder{ada, bob} {
			f.connect(b, r, func(c *replica.Config) {
				c.Dialer.NetDial = func(ctx context.Context, network, addr string) (net.Conn, error) {
					conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
					if err != nil {
						return nil, err
					}
					return countedConn{conn, &wire[i]}, nil
				}
			})
		}
		ada.attach(b, "warm-up.bin", randomBytes(3, 1000)) // the workspace's documents go first
		ada.sync(b)
		bob.sync(b)
		wire[0].Store(0)
		wire[1].Store(0)
		more := randomBytes(4, size)
		blob := ada.attach(b, "capture.bin", more)
		b.StartTimer()
		cpu0 := cpuTime()
		start := time.Now()
		st := ada.sync(b)
		put := time.Since(start)
		cpu1 := cpuTime()
		start = time.Now()
		got := bob.sync(b)
		fetch := time.Since(start)
		cpu2 := cpuTime()
		b.StopTimer()
		if st.BlobsOut < 1 || got.BlobsIn < 1 {
			b.Fatalf("put %+v, fetched %+v", st, got)
		}
		bob.holds(b, blob, more)
		b.ReportMetric(float64(size)/1e6/put.Seconds(), "MB/s-put")
		b.ReportMetric(float64(size)/1e6/fetch.Seconds(), "MB/s-fetch")
		b.ReportMetric((cpu1 - cpu0).Seconds(), "cpu-s-put")
		b.ReportMetric((cpu2 - cpu1).Seconds(), "cpu-s-fetch")
		b.ReportMetric(float64(wire[0].Load())/size, "wire/file-put")
		b.ReportMetric(float64(wire[1].Load())/size, "wire/file-fetch")
		r.Stop()
	}
}
