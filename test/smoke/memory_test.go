//go:build smoke

package smoke

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/test/xvfb"
)

var (
	memoryOpens  = flag.Int("memory.opens", 200, "BenchmarkWindowMemory: pages opened and closed (and a post and its channel with every other one)")
	memoryPageKB = flag.Int("memory.pagekb", 4, "BenchmarkWindowMemory: about how many kB of text each seeded page holds")
	memoryPostN  = flag.Int("memory.posts", 10, "BenchmarkWindowMemory: posts in each seeded channel")
	memoryTyping = flag.Int("memory.typing", 0, "BenchmarkWindowMemory: instead of opening pages, type in one for this many minutes")
	memoryShots  = flag.Bool("memory.shots", false, "BenchmarkWindowMemory: save screenshots of the first steps, to check where the keys and clicks land")
)

// words name the seeded pages, and topics the channels' first posts: one
// word each, found by search alone (no body holds another's word).
var (
	words = strings.Fields(`alfa bravo charlie delta echo foxtrot golf hotel india juliett kilo
	lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu
	amber cobalt saffron umber`)
	topics = strings.Fields("ember flint garnet harbor ivory jasper")
)

const (
	memoryPages    = 30
	memoryChannels = 6
)

// seedMemory makes a workspace of memoryPages pages of -memory.pagekb kB
// of Markdown and memoryChannels channels of -memory.posts posts each.
func seedMemory(b *testing.B, dir string) {
	b.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "longhand.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.CreateWorkspace(ctx, "Acme", "Ada Lovelace", "Europe/London"); err != nil {
		b.Fatal(err)
	}
	sentence := "The quick brown fox jumps over the lazy dog, and the review goes on. "
	lorem := strings.Repeat(sentence, max(1, *memoryPageKB*1024/len(sentence)))
	for i := range memoryPages {
		body := fmt.Sprintf("# Memo %d\n\nSome **bold** text, a [link](https://example.com/%d) and a list:\n\n- one\n- two\n\n```go\nx := %d\n```\n\n%s\n", i, i, i, lorem)
		if _, err := db.CreatePage(ctx, inSpace(db, "Memo "+words[i], body)); err != nil {
			b.Fatal(err)
		}
	}
	for c := range memoryChannels {
		ch, err := db.CreateChannel(ctx, fmt.Sprintf("room-%d", c), fmt.Sprintf("Room %d", c))
		if err != nil {
			b.Fatal(err)
		}
		for k := range *memoryPostN {
			title := fmt.Sprintf("Post %d.%d", c, k)
			if k == 0 {
				title = "Topic " + topics[c] // the one the benchmark searches for
			}
			body := fmt.Sprintf("Body of **post** %d.\n\n%s", k, lorem[:min(len(lorem), 1000)])
			if _, err := db.CreatePost(ctx, store.NewPost{Channel: ch.ID, Title: title, Body: body}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkWindowMemory drives the production binary's real window with
// the keyboard and mouse (xdotool, under Xvfb) and reports the memory of
// its WebKit web process before and after -memory.opens pages are opened
// and closed: from search (Ctrl+K), in Edit and in Read mode (Ctrl+E),
// and with every other page a post and its channel. With -memory.typing it
// types in a page instead, minute after minute. Issue 17: the window's
// memory must not grow with use. See BENCHMARKS.md.
//
//	go test -tags smoke,webkit2_41,sqlite_fts5 ./test/smoke/ -run '^$' -bench WindowMemory -benchtime 1x -timeout 40m -v -bin $PWD/build/bin/longhand
func BenchmarkWindowMemory(b *testing.B) {
	if *bin == "" {
		b.Fatal("-bin is required")
	}
	dir := b.TempDir()
	seedMemory(b, dir)
	display := xvfb.Start(b)
	app := launch(b, display, dir)
	app.waitFor(b, `msg="ui ready"`, 120*time.Second)
	idle(app.cmd.Process.Pid, 60*time.Second)

	xdo := func(args ...string) {
		b.Helper()
		xdo(b, display, args...)
	}
	win := window(b, display)
	// A click on the empty page pane gives the window the keyboard.
	xdo("mousemove", "--window", win, "760", "600", "click", "1")

	shot := func(name string) {
		if *memoryShots {
			screenshot(b, display, name)
		}
	}
	// search opens the first hit for a word from the palette.
	search := func(word string) {
		xdo("key", "ctrl+k")
		time.Sleep(150 * time.Millisecond)
		xdo("type", "--delay", "20", word)
		time.Sleep(600 * time.Millisecond) // the palette waits 120 ms after the last key, then asks Go
		xdo("key", "Return")
		time.Sleep(500 * time.Millisecond)
	}
	read := false
	step := func(n int) {
		search(words[(n*7+1)%memoryPages])
		if n%20 == 0 && n > 0 {
			xdo("key", "ctrl+e") // Read ↔ Edit, for this page and those after it (with a page on screen)
			read = !read
			time.Sleep(300 * time.Millisecond)
		}
		if n < 4 || n == 20 {
			shot(fmt.Sprintf("memory-page-%d.png", n))
		}
		if n%2 == 1 {
			c := (n / 2) % memoryChannels
			search(topics[c])
			if n < 4 {
				shot(fmt.Sprintf("memory-post-%d.png", n))
			}
			// The thread's "← #channel" link, at the top left of the pane.
			xdo("mousemove", "--window", win, "320", "30", "click", "1")
			time.Sleep(500 * time.Millisecond)
			if n < 4 {
				shot(fmt.Sprintf("memory-channel-%d.png", n))
			}
		}
	}
	pid := app.cmd.Process.Pid
	// The web process's footprint swings by tens of MB as JavaScriptCore
	// collects on timers of its own, which no one outside can start: a
	// measure is the least of 20 samples a second apart once the window is
	// idle, and growth is read from the series, against its least.
	floor := usage{math.MaxInt, math.MaxInt, math.MaxInt}
	measure := func() usage {
		idle(pid, 30*time.Second)
		least := usageOf(pid)
		for range 19 {
			time.Sleep(time.Second)
			least = least.least(usageOf(pid))
		}
		floor = floor.least(least)
		return least
	}
	logf := func(format string, args ...any) {
		b.Logf(format, args...)
		fmt.Fprintf(os.Stderr, format+"\n", args...) // as it happens: a benchmark's log waits for its end
	}
	report := func(end usage) {
		logf("end: %v; above the least measure: %v", end, end.minus(floor))
		screenshot(b, display, "memory-end.png")
		b.ReportMetric(float64(end.webPrivate-floor.webPrivate)/1024, "MB-web-private-above-least")
		b.ReportMetric(float64(end.webPSS-floor.webPSS)/1024, "MB-web-PSS-above-least")
	}

	// One round of every page and channel first: what is loaded once
	// (code, styles, fonts) is not growth.
	for n := range memoryPages {
		step(n)
	}
	u0 := measure()
	logf("start: %v, load %s", u0, loadavg())
	u := u0
	if *memoryTyping > 0 {
		search(words[0])
		if read {
			xdo("key", "ctrl+e")
		}
		xdo("mousemove", "--window", win, "700", "300", "click", "1") // into the text
		xdo("key", "ctrl+End")
		shot("memory-typing.png")
		for m := range *memoryTyping {
			for t1 := time.Now(); time.Since(t1) < time.Minute; {
				xdo("type", "--delay", "40", "The quick brown fox types on and on. ")
				xdo("key", "Return")
			}
			u = measure()
			logf("after %d min of typing: %v (%v), load %s", m+1, u, u.minus(u0), loadavg())
		}
		report(u)
		return
	}
	t0 := time.Now()
	for n := range *memoryOpens {
		step(n)
		if (n+1)%50 == 0 || n+1 == *memoryOpens {
			u = measure()
			logf("after %d pages: %v (%v), load %s", n+1, u, u.minus(u0), loadavg())
		}
	}
	logf("%d pages and %d channels opened and closed in %v", *memoryOpens, *memoryOpens/2, time.Since(t0).Round(time.Second))
	report(u)
}

// usage is the memory of the app's processes, in kB. Private memory (the
// process's own pages, clean and dirty) is what a leak grows; PSS also
// counts a share of the libraries, which moves with whatever other WebKit
// processes the machine runs at the time.
type usage struct {
	webPSS, webPrivate, allPSS int
}

func usageOf(pid int) usage {
	r := rollup(webProcess(pid))
	return usage{webPSS: r["Pss"], webPrivate: r["Private_Clean"] + r["Private_Dirty"], allPSS: pssKB(pid)}
}

func (u usage) least(v usage) usage {
	return usage{min(u.webPSS, v.webPSS), min(u.webPrivate, v.webPrivate), min(u.allPSS, v.allPSS)}
}

func (u usage) String() string {
	return fmt.Sprintf("web process PSS %d MB, private %d MB; all processes PSS %d MB", u.webPSS/1024, u.webPrivate/1024, u.allPSS/1024)
}

// growth is a difference of usages, signed.
type growth usage

func (u usage) minus(v usage) growth {
	return growth{u.webPSS - v.webPSS, u.webPrivate - v.webPrivate, u.allPSS - v.allPSS}
}

func (g growth) String() string {
	return fmt.Sprintf("%+d MB, %+d MB; %+d MB", g.webPSS/1024, g.webPrivate/1024, g.allPSS/1024)
}

// idle waits until pid and its descendants use under 10% of a core for a
// second, or d has passed.
func idle(pid int, d time.Duration) {
	deadline := time.Now().Add(d)
	last, quiet := cpuTicks(pid), 0
	for quiet < 10 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		now := cpuTicks(pid)
		if now-last <= 1 {
			quiet++
		} else {
			quiet = 0
		}
		last = now
	}
}

// webProcess is the WebKit web process under pid, or 0.
func webProcess(pid int) int {
	for _, p := range descendants(pid) {
		comm, _ := os.ReadFile("/proc/" + strconv.Itoa(p) + "/comm")
		if strings.HasPrefix(string(comm), "WebKitWebProces") {
			return p
		}
	}
	return 0
}

// rollup reads one process's /proc/pid/smaps_rollup, in kB by field.
func rollup(pid int) map[string]int {
	out := map[string]int{}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/smaps_rollup")
	if err != nil {
		return out
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB")); err == nil {
			out[k] = n
		}
	}
	return out
}
