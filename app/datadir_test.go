package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
)

func TestResolveDataDir(t *testing.T) {
	t.Setenv(DataDirEnv, "")
	t.Setenv("XDG_DATA_HOME", "/xdg")
	t.Setenv("HOME", "/home/ada")
	for _, tc := range []struct{ name, flag, env, want string }{
		{"flag wins", "/from/flag", "/from/env", "/from/flag"},
		{"then the environment", "", "/from/env", "/from/env"},
		{"then XDG", "", "", "/xdg/longhand"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(DataDirEnv, tc.env)
			got, err := ResolveDataDir(tc.flag)
			if err != nil || got != tc.want {
				t.Errorf("ResolveDataDir = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	t.Setenv("XDG_DATA_HOME", "")
	if got, _ := ResolveDataDir(""); got != "/home/ada/.local/share/longhand" {
		t.Errorf("without XDG_DATA_HOME: %q", got)
	}
}

// The tests run as root in CI, where permissions do not stop writes, so
// the unwritable cases are made from paths that no one can create.
func TestPrepareDataDirErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "afile")
	os.WriteFile(file, []byte("keep me"), 0o600)
	for _, tc := range []struct{ name, dir, says string }{
		{"a file in the way", file, "is a file"},
		{"under a file", filepath.Join(file, "data"), "cannot create"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := PrepareDataDir(tc.dir)
			if store.ErrorCode(err) != store.EUNAVAILABLE || !strings.Contains(store.ErrorMessage(err), tc.says) {
				t.Errorf("PrepareDataDir: %v; want unavailable saying %q", err, tc.says)
			}
		})
	}
	if b, _ := os.ReadFile(file); string(b) != "keep me" {
		t.Errorf("the file was changed: %q", b)
	}
	ok := filepath.Join(t.TempDir(), "a", "b")
	if err := PrepareDataDir(ok); err != nil {
		t.Fatalf("PrepareDataDir(%s): %v", ok, err)
	}
	if entries, _ := os.ReadDir(ok); len(entries) != 0 {
		t.Errorf("the write check left %v behind", entries)
	}
}

func TestSecondInstanceShowsTheFirst(t *testing.T) {
	dir := t.TempDir()
	first, err := claimInstance(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	shown := make(chan struct{}, 1)
	show := func() { shown <- struct{}{} }
	first.onShow.Store(&show)

	second, err := claimInstance(dir, "")
	if !errors.Is(err, ErrAlreadyRunning) {
		t.Fatalf("second claim: %v, %v; want ErrAlreadyRunning", second, err)
	}
	select {
	case <-shown:
	case <-time.After(5 * time.Second):
		t.Fatal("the first instance was not asked to show its window")
	}

	first.release()
	third, err := claimInstance(dir, "")
	if err != nil {
		t.Fatalf("claim after release: %v", err)
	}
	third.release()
}
