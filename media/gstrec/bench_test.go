package gstrec_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/longhand/longhand/media/gstrec"
	"github.com/longhand/longhand/test/xvfb"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRecord records 20 s of each source in real time and reports
// the processor it took (percent of one core) and the file's size per
// minute. Results go in BENCHMARKS.md, with the machine's load.
//
//	go test ./media/gstrec/ -run '^$' -bench Record -benchtime 1x
func BenchmarkRecord(b *testing.B) {
	b.Setenv("DISPLAY", xvfb.Start(b))
	const d = 20 * time.Second
	for _, tc := range []struct {
		name   string
		source gstrec.Source
		mic    bool
	}{
		{"camera+mic", gstrec.Camera, true},
		{"screen", gstrec.Screen, false},
		{"screen+camera+mic", gstrec.Both, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for range b.N {
				path := filepath.Join(b.TempDir(), "take.webm")
				cpu0 := cpuTime()
				r, err := gstrec.Start(gstrec.Options{Source: tc.source, Microphone: tc.mic, Fake: true, Limit: d, Path: path})
				if err != nil {
					b.Fatal(err)
				}
				<-r.Done()
				cpu := cpuTime() - cpu0
				if st := r.Status(); st.Err != nil || !st.AtLimit {
					b.Fatalf("the recording ended early: %+v", st)
				}
				fi, err := os.Stat(path)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(100*cpu.Seconds()/d.Seconds(), "%cpu")
				b.ReportMetric(float64(fi.Size())/d.Minutes()/(1<<20), "MB/min")
			}
		})
	}
}
