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
