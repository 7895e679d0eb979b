package main

import (
	"strings"
	"testing"
)

func TestFlagsRefuseWhatCannotRun(t *testing.T) {
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(tt.args)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run(%q) = %v, want an error saying %q", tt.args, err, tt.want)
			}
		})
	}
}
