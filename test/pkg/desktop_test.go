//go:build pkgtest

package pkg

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/longhand/longhand/test/xvfb"
)

var (
	deb      = flag.String("deb", "", "the app's .deb (make deb)")
	relayDeb = flag.String("relay-deb", "", "the relay's .deb (make relay-deb)")
	oldDeb   = flag.String("old-deb", "", "the app's .deb with an older version number, for the upgrade (make pkgtest)")
)

const (
	appID       = "io.github.longhand.Longhand"
	desktopFile = "/usr/share/applications/" + appID + ".desktop"
)

// asRoot runs a command as root: directly when the test is root, else
// through sudo, as scripts/install-deps.sh does.
func asRoot(t *testing.T, args ...string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		args = append([]string{"sudo", "-n"}, args...)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// install installs a .deb with apt-get, as the README tells people to.
func install(t *testing.T, path string) {
	t.Helper()
	if path == "" || !filepath.IsAbs(path) {
		t.Fatalf("want an absolute path to a .deb, got %q", path)
	}
	asRoot(t, "apt-get", "install", "-y", "-q", path)
}

// ownedFiles lists the regular files and links a package installed.
func ownedFiles(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.Command("dpkg-query", "-L", pkg).Output()
	if err != nil {
		t.Fatalf("dpkg-query -L %s: %v", pkg, err)
	}
	var files []string
	for _, p := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if fi, err := os.Lstat(p); err == nil && !fi.IsDir() {
			files = append(files, p)
		}
	}
	return files
}

// purge removes pkg and checks that none of its files, nor anything named
// after it under /usr, is left.
func purge(t *testing.T, pkg string) {
	t.Helper()
	files := ownedFiles(t, pkg)
	if len(files) == 0 {
		t.Fatalf("%s installed no files", pkg)
	}
	asRoot(t, "apt-get", "purge", "-y", "-q", pkg)
	// Purged, dpkg forgets the package or says "un" (not installed).
	if out, err := exec.Command("dpkg-query", "-W", "-f=${db:Status-Abbrev}", pkg).Output(); err == nil && !strings.HasPrefix(string(out), "un") {
		t.Errorf("after purge dpkg still has %s: %q", pkg, out)
	}
	for _, f := range files {
		if _, err := os.Lstat(f); err == nil {
			t.Errorf("purge left %s", f)
		}
	}
	// The tests install one package at a time, so nothing named after
	// Longhand is left in /usr or /etc once it is gone.
	out, _ := exec.Command("find", "/usr", "/etc", "-iname", "*longhand*").Output()
	for _, p := range strings.Fields(string(out)) {
		t.Errorf("purge of %s left %s", pkg, p)
	}
}

// desktop is a person's session: a home folder, an X display, a D-Bus
// session bus.
type desktop struct {
	home, display string
}

func newDesktop(t *testing.T) *desktop {
	return &desktop{home: t.TempDir(), display: xvfb.Start(t)}
}

// env is the session's environment: nothing of the test's but PATH. Under
// Xvfb WebKit has no GPU to share buffers with.
func (d *desktop) env() []string {
	return []string{"PATH=" + os.Getenv("PATH"), "HOME=" + d.home, "DISPLAY=" + d.display, "LANG=C.UTF-8",
		"GDK_BACKEND=x11", "WEBKIT_DISABLE_DMABUF_RENDERER=1"}
}

// dataDir is where Longhand keeps its data when nobody says otherwise.
func (d *desktop) dataDir() string { return filepath.Join(d.home, ".local", "share", "longhand") }

// running is the app started from its desktop entry.
type running struct {
	d      *desktop
	cmd    *exec.Cmd
	lines  chan string
	exited chan error
	ended  atomic.Bool
}

// launch starts Longhand the way a menu does, `gio launch` of the
// installed desktop entry, or with another command (xdg-open of a link),
// inside a D-Bus session. The app inherits the session's stderr, where
// the test reads its log.
func (d *desktop) launch(t *testing.T, with ...string) *running {
	t.Helper()
	if len(with) == 0 {
		with = []string{"gio", "launch", desktopFile}
	}
	args := append([]string{"dbus-run-session", "--", "sh", "-c", `"$@"; exec sleep 3600`, "sh"}, with...)
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = d.env()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatalf("gio launch: %v", err)
	}
	r := &running{d: d, cmd: cmd, lines: make(chan string, 1000), exited: make(chan error, 1)}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if !r.ended.Load() {
				t.Logf("app: %s", sc.Text())
			}
			select {
			case r.lines <- sc.Text():
			default:
			}
		}
		r.exited <- cmd.Wait()
	}()
	t.Cleanup(func() { r.stop(t) })
	return r
}

// pids are the processes of /usr/bin/longhand in this desktop's session.
func (d *desktop) pids() []int {
	var pids []int
	dirs, _ := os.ReadDir("/proc")
	for _, e := range dirs {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
		env, _ := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
		if exe == "/usr/bin/longhand" && bytes.Contains(append([]byte{0}, env...), []byte("\x00HOME="+d.home+"\x00")) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// stop quits the app as a session's end would (SIGTERM) and ends the session.
func (r *running) stop(t *testing.T) {
	if r.ended.Swap(true) {
		return
	}
	for _, pid := range r.d.pids() {
		syscall.Kill(pid, syscall.SIGTERM)
	}
	for i := 0; i < 100 && len(r.d.pids()) > 0; i++ {
		time.Sleep(100 * time.Millisecond)
	}
	for _, pid := range r.d.pids() {
		t.Logf("Longhand %d did not stop on SIGTERM; killed", pid)
		syscall.Kill(pid, syscall.SIGKILL)
	}
	syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL)
	select {
	case <-r.exited:
	case <-time.After(10 * time.Second):
	}
}

func (r *running) waitFor(t *testing.T, substr string, d time.Duration) string {
	t.Helper()
	deadline := time.After(d)
	for {
		select {
		case l := <-r.lines:
			if strings.Contains(l, substr) {
				return l
			}
		case err := <-r.exited:
			t.Fatalf("the session ended (%v) before Longhand said %q", err, substr)
		case <-deadline:
			t.Fatalf("Longhand did not say %q within %v", substr, d)
		}
	}
}

// screenshot saves the screen in build/screenshots, for a person to look at.
func (d *desktop) screenshot(t *testing.T, name string) {
	t.Helper()
	dir := filepath.Join("..", "..", "build", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("import", "-window", "root", filepath.Join(dir, name))
	cmd.Env = d.env()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v\n%s", err, out)
	}
	t.Logf("screenshot: build/screenshots/%s", name)
}

// run runs a command in the session and returns what it printed.
func (d *desktop) run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Env = d.env()
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}
