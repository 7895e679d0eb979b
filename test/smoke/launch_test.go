//go:build smoke

package smoke

import (
	"bufio"
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	seeds "github.com/longhand/longhand/store/seed"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/test/xvfb"
)

var (
	launchPages = flag.Int("launch.pages", 10_000, "pages in the workspace BenchmarkLaunchLargeWorkspace launches on")
	launchRuns  = flag.Int("launch.runs", 5, "launches to measure")
	launchDir   = flag.String("launch.dir", "", "a data folder to seed once and reuse (default: a temporary one)")
	launchPage  = flag.Bool("launch.page", true, "open a page before the measured launches, so that each opens it again, and measure until its text shows")
)

// BenchmarkLaunchLargeWorkspace measures the production binary on a
// seeded workspace: launch to `ui ready`, to the last page opened showing
// its text again (-launch.page), launch to the window's processes
// going idle (the WebKit process no longer busy building the sidebar), and
// the PSS of every process then, as medians of -launch.runs launches
// whatever b.N is. make bench runs it (see BENCHMARKS.md):
//
//	go test -tags smoke,... ./test/smoke/ -run '^$' -bench LaunchLargeWorkspace -bin build/bin/longhand -launch.pages 10000
func BenchmarkLaunchLargeWorkspace(b *testing.B) {
	dir := *launchDir
	if dir == "" {
		dir = b.TempDir()
	}
	if _, err := os.Stat(filepath.Join(dir, "longhand.db")); err != nil {
		ctx := context.Background()
		db, err := sqlite.Open(ctx, filepath.Join(dir, "longhand.db"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := seeds.Workspace(ctx, db, seeds.Shape{Pages: *launchPages}); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
	display := xvfb.Start(b)
	// The window's own storage (where it remembers the last page) is the data folder's.
	env := []string{"XDG_DATA_HOME=" + filepath.Join(dir, "xdg-data"), "XDG_CACHE_HOME=" + filepath.Join(dir, "xdg-cache")}
	if *launchPage {
		openAPage(b, display, dir, env)
	}
	var ready, page, idle, cpu []time.Duration
	var pss []int
	for run := range *launchRuns {
		t0 := time.Now()
		app := launch(b, display, dir, env...)
		app.waitFor(b, `msg="ui ready" screen=[main]`, 120*time.Second)
		r := time.Since(t0)
		// CPU time of every process until then: less moved by the machine's load than the wall clock.
		c := time.Duration(cpuTicks(app.cmd.Process.Pid)) * 10 * time.Millisecond
		if *launchPage {
			app.waitFor(b, `msg="ui ready" screen=[page]`, 120*time.Second)
			page = append(page, time.Since(t0))
		}
		// Idle: the whole tree of processes used under 5% of a core for a second.
		last, quiet := cpuTicks(app.cmd.Process.Pid), 0
		for quiet < 10 && time.Since(t0) < 120*time.Second {
			time.Sleep(100 * time.Millisecond)
			now := cpuTicks(app.cmd.Process.Pid)
			if now-last <= 1 { // ticks are 10 ms: at most 10% of one core over 100 ms
				quiet++
			} else {
				quiet = 0
			}
			last = now
		}
		i := time.Since(t0) - time.Second
		p := pssKB(app.cmd.Process.Pid)
		b.Logf("run %d: ui ready %v (CPU %v), idle %v, PSS %d MB, load %s", run, r.Round(10*time.Millisecond), c, i.Round(10*time.Millisecond), p/1024, loadavg())
		ready, idle, cpu, pss = append(ready, r), append(idle, i), append(cpu, c), append(pss, p)
		for _, p := range descendants(app.cmd.Process.Pid) {
			if pr, err := os.FindProcess(p); err == nil {
				pr.Kill()
			}
		}
		<-app.exited
		time.Sleep(time.Second)
	}
	slices.Sort(ready)
	slices.Sort(idle)
	slices.Sort(cpu)
	slices.Sort(pss)
	if len(page) > 0 {
		slices.Sort(page)
		b.Logf("%d pages, %d runs: median to the last page's text %v (%v–%v)", *launchPages, len(page),
			page[len(page)/2].Round(10*time.Millisecond), page[0].Round(10*time.Millisecond), page[len(page)-1].Round(10*time.Millisecond))
	}
	b.Logf("%d pages, %d runs: median ui ready %v (CPU %v), idle %v, PSS %d MB", *launchPages, len(ready),
		ready[len(ready)/2].Round(10*time.Millisecond), cpu[len(cpu)/2], idle[len(idle)/2].Round(10*time.Millisecond), pss[len(pss)/2]/1024)
}

// openAPage launches the app once and opens the first top page from the
// palette, so that the launches after it open that page again.
func openAPage(b *testing.B, display, dir string, env []string) {
	app := launch(b, display, dir, env...)
	app.waitFor(b, `msg="ui ready" screen=[main]`, 120*time.Second)
	idle(app.cmd.Process.Pid, 60*time.Second)
	xdo(b, display, "mousemove", "--window", window(b, display), "760", "600", "click", "1")
	xdo(b, display, "key", "ctrl+k")
	time.Sleep(300 * time.Millisecond)
	xdo(b, display, "type", "--delay", "20", seeds.TopTitle(0))
	time.Sleep(time.Second) // the palette asks Go 120 ms after the last key
	xdo(b, display, "key", "Return")
	app.waitFor(b, `msg="ui ready" screen=[page]`, 60*time.Second)
	time.Sleep(2 * time.Second) // WebKit writes the window's storage a little later
	for _, p := range descendants(app.cmd.Process.Pid) {
		if pr, err := os.FindProcess(p); err == nil {
			pr.Kill()
		}
	}
	<-app.exited
	time.Sleep(time.Second)
}

// descendants lists pid and every process under it.
func descendants(pid int) []int {
	out := []int{pid}
	for i := 0; i < len(out); i++ {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(out[i]) + "/task/" + strconv.Itoa(out[i]) + "/children")
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(b)) {
			if c, err := strconv.Atoi(f); err == nil {
				out = append(out, c)
			}
		}
	}
	return out
}

// cpuTicks sums user and system time of pid and its descendants.
func cpuTicks(pid int) int {
	total := 0
	for _, p := range descendants(pid) {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(p) + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
		u, _ := strconv.Atoi(f[11])
		k, _ := strconv.Atoi(f[12])
		total += u + k
	}
	return total
}

// pssKB sums the proportional set size of pid and its descendants.
func pssKB(pid int) int {
	total := 0
	for _, p := range descendants(pid) {
		f, err := os.Open("/proc/" + strconv.Itoa(p) + "/smaps_rollup")
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "Pss:"); ok {
				n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
				total += n
			}
		}
		f.Close()
	}
	return total
}

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	return strings.Join(strings.Fields(string(b))[:3], " ")
}
