//go:build pkgtest

package pkg

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/seal"
)

const (
	unitFile   = "/usr/lib/systemd/system/longhand-relay.service"
	relayConf  = "/etc/longhand-relay/relay.conf"
	relayState = "/var/lib/longhand-relay"
)

// unitValues reads the values of key in the installed unit, in order.
func unitValues(t *testing.T, key string) []string {
	t.Helper()
	b, err := os.ReadFile(unitFile)
	if err != nil {
		t.Fatal(err)
	}
	var vs []string
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && k == key {
			vs = append(vs, v)
		}
	}
	return vs
}

// asUnitUser runs the unit's command line as its User=, with no
// privileges to gain and no capabilities, where systemd is not PID 1 to
// run the unit itself.
func asUnitUser(t *testing.T, cmdline string) *exec.Cmd {
	t.Helper()
	users := unitValues(t, "User")
	if len(users) != 1 {
		t.Fatalf("the unit names User= %d times, want once", len(users))
	}
	args := append([]string{"setpriv", "--reuid=" + users[0], "--regid=" + users[0], "--init-groups",
		"--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--"}, strings.Fields(cmdline)...)
	if os.Geteuid() != 0 {
		args = append([]string{"sudo", "-n"}, args...)
	}
	return exec.Command(args[0], args[1:]...)
}

// relayProc is the service's command line running.
type relayProc struct {
	cmd   *exec.Cmd
	lines chan string
	done  chan error
}

func startRelay(t *testing.T) *relayProc {
	t.Helper()
	starts := unitValues(t, "ExecStart")
	if len(starts) != 1 {
		t.Fatalf("the unit has %d ExecStart=, want one", len(starts))
	}
	cmd := asUnitUser(t, starts[0])
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &relayProc{cmd: cmd, lines: make(chan string, 1000), done: make(chan error, 1)}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			select {
			case p.lines <- sc.Text():
			default:
			}
		}
		p.done <- cmd.Wait()
	}()
	t.Cleanup(func() { cmd.Process.Kill() })
	deadline := time.After(60 * time.Second)
	for {
		select {
		case l := <-p.lines:
			t.Logf("relay: %s", l)
			if strings.Contains(l, "serving ws://") {
				return p
			}
		case err := <-p.done:
			t.Fatalf("the relay exited: %v", err)
		case <-deadline:
			t.Fatal("the relay did not say it is serving")
		}
	}
}

// stop sends SIGTERM, as systemctl stop does, and waits for a clean exit.
func (p *relayProc) stop(t *testing.T) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		if err != nil {
			t.Errorf("the relay exited with %v on SIGTERM, want 0", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the relay did not stop on SIGTERM")
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// The relay installs as a service with its own user and a config that
// checks; run as the unit runs it, it serves a workspace its operator
// allowed, keeps envelopes in its state directory across a restart, and
// purges without a trace in /usr or /etc.
func TestRelayPackage(t *testing.T) {
	install(t, *relayDeb)
	t.Cleanup(func() {
		// What purge leaves on purpose (the envelopes, the user), so that
		// this machine is as it was.
		exec.Command("rm", "-rf", relayState).Run()
		exec.Command("userdel", "longhand-relay").Run()
	})

	u, err := user.Lookup("longhand-relay")
	if err != nil {
		t.Fatalf("the package made no longhand-relay user: %v", err)
	}
	var st syscall.Stat_t
	if err := syscall.Stat(relayState, &st); err != nil || fmt.Sprint(st.Uid) != u.Uid || st.Mode&0o777 != 0o750 {
		t.Errorf("%s: uid %d mode %o (%v); want the service's user's, 0750", relayState, st.Uid, st.Mode&0o777, err)
	}
	if err := syscall.Stat(relayConf, &st); err != nil || fmt.Sprint(st.Gid) != u.Gid || st.Mode&0o777 != 0o640 {
		t.Errorf("%s: gid %d mode %o (%v); want readable by the service's group alone, 0640", relayConf, st.Gid, st.Mode&0o777, err)
	}
	for key, want := range map[string]string{"User": "longhand-relay", "StateDirectory": "longhand-relay", "ProtectSystem": "strict",
		"NoNewPrivileges": "yes", "CapabilityBoundingSet": "", "AmbientCapabilities": "", "PrivateTmp": "yes"} {
		if got := unitValues(t, key); len(got) != 1 || got[0] != want {
			t.Errorf("unit: %s=%q, want %q", key, got, want)
		}
	}
	if out, err := exec.Command("systemd-analyze", "verify", unitFile).CombinedOutput(); err != nil {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}

	// As installed, the relay checks, and admits no one.
	pre := unitValues(t, "ExecStartPre")
	if len(pre) != 1 {
		t.Fatalf("ExecStartPre = %q, want the config check", pre)
	}
	out, err := asUnitUser(t, pre[0]).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "admits no workspace yet") {
		t.Fatalf("%s: %v\n%s", pre[0], err, out)
	}

	// The operator allows a workspace (on a free port: 8080 may be taken
	// here), and checks the config; a typo is caught with its line.
	tm := relaytest.NewTeam(t)
	conf, err := os.ReadFile(relayConf)
	if err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	edited := regexp.MustCompile(`(?m)^listen = .*$`).ReplaceAllString(string(conf), fmt.Sprintf("listen = 127.0.0.1:%d", port))
	if err := os.WriteFile(relayConf, []byte(edited+"allow-workspce = "+string(tm.WS)+"\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	out, err = asUnitUser(t, pre[0]).CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(string(out), `relay.conf:`) || !strings.Contains(string(out), `unknown setting "allow-workspce"`) {
		t.Errorf("check of a config with a typo: %v\n%s; want exit 1 naming the line", err, out)
	}
	if err := os.WriteFile(relayConf, []byte(edited+"allow-workspace = "+string(tm.WS)+"\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if out, err := asUnitUser(t, pre[0]).CombinedOutput(); err != nil || !strings.Contains(string(out), "admits 1 allowed workspaces") {
		t.Fatalf("check: %v\n%s", err, out)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	url := fmt.Sprintf("ws://127.0.0.1:%d/v1", port)
	doc := store.NewDocID()
	env, err := seal.Seal(tm.Key, tm.Admin, seal.KindChanges, 0, &seal.Content{Doc: doc, DocKind: store.KindPage, Data: [][]byte{[]byte("kept across a restart")}})
	if err != nil {
		t.Fatal(err)
	}

	r := startRelay(t)
	c, err := relay.Dialer{}.Dial(ctx, url, tm.WS, tm.Admin, tm.Raw())
	if err != nil {
		t.Fatalf("a device of the allowed workspace could not connect: %v", err)
	}
	if _, err := c.Publish(ctx, env); err != nil {
		t.Fatalf("publish: %v", err)
	}
	c.Close()
	r.stop(t)

	// Started again, the relay has the envelope: its state directory,
	// written as its user, holds it.
	r = startRelay(t)
	c, err = relay.Dialer{}.Dial(ctx, url, tm.WS, tm.Admin, tm.Raw())
	if err != nil {
		t.Fatalf("connect after restart: %v", err)
	}
	if err := c.Subscribe(0); err != nil {
		t.Fatal(err)
	}
	var got [][]byte
	for ev := range c.Events() {
		if ev.Type == relay.TDeliver {
			got = append(got, ev.Envelope)
		}
		if ev.Type == relay.TCaughtUp || ev.Type == relay.TError {
			break
		}
	}
	c.Close()
	if len(got) != 1 || string(got[0]) != string(env) {
		t.Errorf("after a restart the relay delivered %d envelopes, want the one published", len(got))
	}
	r.stop(t)
	out, _ = exec.Command("find", relayState, "-not", "-user", "longhand-relay").CombinedOutput()
	if s := strings.TrimSpace(string(out)); s != "" {
		t.Errorf("files in the state directory not the service user's:\n%s", s)
	}

	purge(t, "longhand-relay")
	if _, err := os.Stat(relayState); err != nil {
		t.Errorf("purge removed the relay's envelopes (%v); it should keep them", err)
	}
}
