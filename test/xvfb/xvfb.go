// Package xvfb starts a virtual X display for the tests that open the real
// window (test/smoke, test/pkg).
package xvfb

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Start runs Xvfb on a display it picks itself (-displayfd, so parallel
// runs never collide), stops it when the test ends, and returns the
// display, such as ":99".
func Start(t testing.TB) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x860x24", "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{w}
	if err := x.Start(); err != nil {
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() { x.Process.Kill(); x.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatalf("Xvfb did not say its display: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}
