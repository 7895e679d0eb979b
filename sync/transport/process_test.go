package transport_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/transport"
	"github.com/longhand/longhand/sync/wire"
)

// TestHelperListener is not a test: TestAcrossProcesses runs it in another
// process. It reads the membership log from the file the environment
// names, listens as the admin, and echoes one frame of each member who
// connects, until its stdin closes.
func TestHelperListener(t *testing.T) {
	path := os.Getenv("LONGHAND_TRANSPORT_HELPER")
	if path == "" {
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	raw, err := wire.DecodeLog(b)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	var log []*membership.Entry
	for _, r := range raw {
		e, err := membership.Decode(r)
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		log = append(log, e)
	}
	st, _ := membership.Fold(log)
	pin := transport.MemberPinner(func() (*membership.State, []*membership.Entry, error) { return st, log, nil })
	l, err := transport.Listen("127.0.0.1:0", transport.Config{Identity: seeded(1), Pin: pin, Logf: func(string, ...any) {}})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(l.Addr())
	go func() {
		for {
			c, err := l.Accept(context.Background())
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				f, err := wire.ReadFrame(bufio.NewReader(c))
				if err == nil {
					wire.WriteFrame(c, wire.Frame{Type: f.Type, Payload: append([]byte("echo: "), f.Payload...)})
				}
			}()
		}
	}()
	bufio.NewReader(os.Stdin).ReadString('\n')
	l.Close()
}

// TestAcrossProcesses pins a listener in another process against a log
// that crossed the process boundary as bytes, as between two devices.
func TestAcrossProcesses(t *testing.T) {
	tm := newTeam(t)
	b, err := wire.EncodeLog(tm.raw())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "log")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx(t), os.Args[0], "-test.run=^TestHelperListener$")
	cmd.Env = append(os.Environ(), "LONGHAND_TRANSPORT_HELPER="+path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	addr := strings.TrimSpace(line)
	if !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Fatalf("helper said %q", line)
	}

	c, err := transport.Dial(ctx(t), addr, transport.Config{Identity: tm.member, Pin: tm.pin()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Peer() != tm.admin.DeviceID() {
		t.Errorf("Peer()=%v, want the admin", c.Peer())
	}
	if err := wire.WriteFrame(c, wire.Frame{Type: wire.TypeSummary, Payload: []byte("hello")}); err != nil {
		t.Fatal(err)
	}
	if f, err := wire.ReadFrame(bufio.NewReader(c)); err != nil || string(f.Payload) != "echo: hello" {
		t.Errorf("echo=%q, %v", f.Payload, err)
	}
	_, err = transport.Dial(ctx(t), addr, transport.Config{Identity: tm.removed, Pin: tm.pin()})
	if want := "removed from the workspace on 2 December 2026"; !strings.Contains(store.ErrorMessage(err), want) {
		t.Errorf("the removed device's Dial: err=%v, want one saying %q", err, want)
	}
}
