package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFlagsRefuseWhatCannotRun(t *testing.T) {
	short := filepath.Join(t.TempDir(), "short")
	os.WriteFile(short, []byte("abc\n"), 0o600)
	empty := filepath.Join(t.TempDir(), "empty")
	os.WriteFile(empty, []byte("\n"), 0o600)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no store", []string{"--listen", "127.0.0.1:0"}, "either --data"},
		{"both stores", []string{"--data", t.TempDir(), "--nats", "nats://127.0.0.1:4222"}, "either --data"},
		{"cert without key", []string{"--data", t.TempDir(), "--cert", "c.pem"}, "go together"},
		{"no TLS", []string{"--data", t.TempDir()}, "connect over TLS"},
		{"missing certificate", []string{"--data", t.TempDir(), "--listen", "127.0.0.1:0", "--cert", "/nonexistent.pem", "--key", "/nonexistent.key"}, "TLS"},
		{"bad workspace ID", []string{"--data", t.TempDir(), "--allow-workspace", "acme"}, "not a workspace ID"},
		{"short secret", []string{"--data", t.TempDir(), "--admission-secret", "hunter2"}, "shorter than 16"},
		{"short secret file", []string{"--data", t.TempDir(), "--admission-secret-file", short}, "shorter than 16"},
		{"empty secret file", []string{"--data", t.TempDir(), "--admission-secret-file", empty}, "is empty"},
		{"missing secret file", []string{"--data", t.TempDir(), "--admission-secret-file", "/nonexistent"}, "admission secret"},
		{"two secrets", []string{"--data", t.TempDir(), "--admission-secret", "0123456789abcdef", "--admission-secret-file", short}, "not both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(tt.args, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run(%q) = %v, want an error saying %q", tt.args, err, tt.want)
			}
		})
	}
}

// --help explains admission: that the relay is closed by default, and the
// flags that open it.
func TestHelpExplainsAdmission(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"--help"}, &out); err != nil {
		t.Fatalf("--help: %v", err)
	}
	for _, want := range []string{"admits none", "--admission-secret-file", "?admit=SECRET", "--allow-workspace", `"admission"`, "-max-pending", "-nats-wait"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("--help does not mention %q:\n%s", want, out.String())
		}
	}
}

// The config file the package installs is valid as it is, and admits no
// one until its operator says who.
func TestShippedConfigChecks(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"--config", "../../build/linux/longhand-relay/relay.conf", "--check-config"}, &out); err != nil {
		t.Fatalf("--check-config of the shipped relay.conf: %v", err)
	}
	if !strings.Contains(out.String(), "listens on 127.0.0.1:8080 and admits no workspace yet") {
		t.Errorf("--check-config said %q", out.String())
	}
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	write := func(text string) string {
		p := filepath.Join(dir, "relay.conf")
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ws := "0123456789abcdef0123456789abcdef"
	good := write("# a comment\n\ndata = " + dir + "\nlisten = 127.0.0.1:9\nbehind-tls-proxy = true\nallow-workspace = " + ws + "\nallow-workspace = " + strings.Replace(ws, "0", "f", 1) + "\n")
	o, err := parse([]string{"--config", good}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.listen != "127.0.0.1:9" || o.cfg.DataDir != dir || len(o.cfg.AllowWorkspaces) != 2 {
		t.Errorf("from the file: listen %q, data %q, %d workspaces", o.listen, o.cfg.DataDir, len(o.cfg.AllowWorkspaces))
	}
	// The command line wins over the file.
	if o, err := parse([]string{"--listen", "127.0.0.1:10", "--config", good}, io.Discard); err != nil || o.listen != "127.0.0.1:10" {
		t.Errorf("--listen with --config: %+v, %v; want the command line's address", o, err)
	}
	var said bytes.Buffer
	if err := run([]string{"--config", good, "--check-config"}, &said); err != nil || !strings.Contains(said.String(), "admits 2 allowed workspaces") {
		t.Errorf("--check-config: %v, %q", err, said.String())
	}

	for _, bad := range []struct{ text, want string }{
		{"data = /x\nlisten 127.0.0.1:9\n", "relay.conf:2: want NAME = VALUE"},
		{"data = /x\nlisen = 127.0.0.1:9\n", `relay.conf:2: unknown setting "lisen"`},
		{"data = /x\ndata = /y\n", "relay.conf:2: data is already set on line 1"},
		{"data = /x\nbehind-tls-proxy = maybe\n", "relay.conf:2: behind-tls-proxy: parse error"},
		{"data = /x\nrate = fast\n", "relay.conf:2: rate:"},
		{"config = /etc/passwd\n", "relay.conf:1: config is a command-line flag"},
		{"data = /x\nallow-workspace = acme\n", `relay.conf:2: allow-workspace: "acme" is not a workspace ID`},
		{"data = /x\nbehind-tls-proxy = true\nlisten = 127.0.0.1:99999\n", "listen:"},
		{"data = /x\ncert = /nonexistent.pem\nkey = /nonexistent.key\n", "TLS:"},
		{"# nothing but a comment\n", "either --data"},
		{strings.Repeat("# padding\n", 7000), "over 64 KiB"},
	} {
		p := write(bad.text)
		err := run([]string{"--config", p, "--check-config"}, io.Discard)
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("config %.40q: %v; want an error saying %q", bad.text, err, bad.want)
		}
	}
	if err := run([]string{"--config", filepath.Join(dir, "missing.conf"), "--check-config"}, io.Discard); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing config: %v", err)
	}
}
