//go:build smoke

package smoke

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"image"
	_ "image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/test/xvfb"
)

var bin = flag.String("bin", "", "the production binary to start")

// seed makes a workspace with one page, so the first screen is the main one.
func inSpace(db *sqlite.DB, title, body string) store.NewPage {
	spaces, _ := db.FindSpaces(context.Background())
	return store.NewPage{Title: title, Body: body, Space: spaces[0].ID}
}

func seed(t *testing.T, dir string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "longhand.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.CreateWorkspace(ctx, "Acme", "Ada Lovelace", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	body := "# Why we write first\n\nEvery decision starts as a **written proposal**.\n\n- Context\n- Options\n- Decision\n"
	if _, err := db.CreatePage(ctx, inSpace(db, "Operating principles", body)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreatePage(ctx, inSpace(db, "Q3 launch plan", "Ship the beta to 20 teams.")); err != nil {
		t.Fatal(err)
	}
}

type proc struct {
	cmd    *exec.Cmd
	lines  chan string
	exited chan error
}

// launch starts the production binary on dataDir; env adds variables.
func launch(t testing.TB, display, dataDir string, env ...string) *proc {
	t.Helper()
	args := []string{*bin, "--data-dir", dataDir}
	if _, err := exec.LookPath("dbus-run-session"); err == nil {
		args = append([]string{"dbus-run-session", "--"}, args...)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "WEBKIT_DISABLE_DMABUF_RENDERER=1", "GDK_BACKEND=x11")
	cmd.Env = append(cmd.Env, env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", *bin, err)
	}
	p := &proc{cmd: cmd, lines: make(chan string, 1000), exited: make(chan error, 1)}
	// What the app says after its test ended (as it is killed) is not
	// logged: testing panics on a log from a test that has completed.
	var ended atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if !ended.Load() {
				t.Logf("app: %s", sc.Text())
			}
			select {
			case p.lines <- sc.Text():
			default:
			}
		}
		p.exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		ended.Store(true)
		_ = cmd.Process.Kill()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
		}
	})
	return p
}

func (p *proc) waitFor(t testing.TB, substr string, d time.Duration) string {
	t.Helper()
	deadline := time.After(d)
	for {
		select {
		case l := <-p.lines:
			if strings.Contains(l, substr) {
				return l
			}
		case err := <-p.exited:
			t.Fatalf("Longhand exited (%v) before saying %q", err, substr)
		case <-deadline:
			t.Fatalf("Longhand did not say %q within %v", substr, d)
		}
	}
}

func TestWindowShowsLonghand(t *testing.T) {
	if *bin == "" {
		t.Fatal("-bin is required")
	}
	display := xvfb.Start(t)
	dataDir := t.TempDir()
	seed(t, dataDir)

	app := launch(t, display, dataDir)
	t.Cleanup(func() { app.cmd.Process.Kill() })
	ready := app.waitFor(t, `msg="ui ready"`, 90*time.Second)
	if !strings.Contains(ready, "main") {
		t.Errorf("first screen: %s; want the main screen of a set-up workspace", ready)
	}

	// The window is Longhand's.
	win := window(t, display)

	// Let the first paint settle, then look at it.
	time.Sleep(1500 * time.Millisecond)
	screenshot(t, display, "smoke.png")

	// Open a page with a real click, and look at the editor: (100, 392) in
	// the window is the first page under Company Handbook in the sidebar,
	// below the views (Inbox, Needs review, People, Goals, Scoreboard).
	xdo(t, display, "mousemove", "--window", win, "100", "392", "click", "1")
	time.Sleep(1500 * time.Millisecond)
	screenshot(t, display, "smoke-editor.png")

	// A second launch on the same data folder brings the first forward and
	// exits instead of opening a second copy.
	second := exec.Command(*bin, "--data-dir", dataDir)
	second.Env = append(os.Environ(), "DISPLAY="+display)
	msg, err := runWithin(second, 20*time.Second)
	if err != nil {
		t.Errorf("second launch: %v: %s", err, msg)
	} else if !strings.Contains(msg, "already running") {
		t.Errorf("second launch said %q, want that Longhand is already running", msg)
	}
	select {
	case err := <-app.exited:
		t.Fatalf("the first instance exited after the second launch: %v", err)
	default:
	}
}

// xdo runs xdotool on display (a click, keys, typing) and fails t if it fails.
func xdo(t testing.TB, display string, args ...string) {
	t.Helper()
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("xdotool %v: %v: %s", args, err, out)
	}
}

// clickAt clicks at a point of the display, named what for the failure,
// and gives the window wait to answer.
func clickAt(t testing.TB, display, what string, x, y int, wait time.Duration) {
	t.Helper()
	cmd := exec.Command("xdotool", "mousemove", strconv.Itoa(x), strconv.Itoa(y), "click", "1")
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("click %s: %v: %s", what, err, out)
	}
	time.Sleep(wait)
}

// window is the id of Longhand's visible window on display.
func window(t testing.TB, display string) string {
	t.Helper()
	out, err := exec.Command("env", "DISPLAY="+display, "xdotool", "search", "--onlyvisible", "--name", "^Longhand$").Output()
	if err != nil || len(strings.Fields(string(out))) == 0 {
		t.Fatalf("no visible window named Longhand on %s (%v)", display, err)
	}
	return strings.Fields(string(out))[0]
}

// screenshot takes a picture of the display into build/screenshots/name and returns its path.
func screenshot(t testing.TB, display, name string) string {
	t.Helper()
	shot := filepath.Join(repoRoot(t), "build", "screenshots", name)
	os.MkdirAll(filepath.Dir(shot), 0o755)
	if out, err := exec.Command("import", "-display", display, "-window", "root", shot).CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v: %s", err, out)
	}
	checkNotBlank(t, shot)
	t.Logf("screenshot: %s", shot)
	return shot
}

func runWithin(cmd *exec.Cmd, d time.Duration) (string, error) {
	var buf strings.Builder
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Start(); err != nil {
		return "", err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return buf.String(), err
	case <-time.After(d):
		cmd.Process.Kill()
		return buf.String(), fmt.Errorf("still running after %v", d)
	}
}

// checkNotBlank fails unless the screenshot has the variety of a drawn UI:
// many colours, and a good share of pixels away from the background.
func checkNotBlank(t testing.TB, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	counts := map[uint32]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			counts[(r>>11)<<10|(g>>11)<<5|bl>>11]++
		}
	}
	total, top := 0, 0
	for _, n := range counts {
		total += n
		top = max(top, n)
	}
	other := float64(total-top) / float64(total)
	t.Logf("screenshot: %d colours, %.1f%% of pixels off the background", len(counts), other*100)
	if len(counts) < 12 || other < 0.03 {
		t.Errorf("the window looks blank: %d colours, %.1f%% of pixels off the background", len(counts), other*100)
	}
}

func repoRoot(t testing.TB) string {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(filepath.Dir(wd)) // test/smoke → repo
}
