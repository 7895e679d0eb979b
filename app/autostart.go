package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Start at login on Linux is an XDG autostart entry:
// $XDG_CONFIG_HOME/autostart/longhand.desktop (~/.config when unset).

// autostartFile is where the entry goes.
func autostartFile() (string, error) {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the config folder: %w", err)
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "autostart", "longhand.desktop"), nil
}

// autostartEntry is the desktop entry that starts exe on dataDir.
func autostartEntry(exe, dataDir string) (string, error) {
	for _, s := range []string{exe, dataDir} {
		if strings.ContainsAny(s, "\n\r\x00") {
			return "", fmt.Errorf("%q cannot be written in a desktop entry", s)
		}
	}
	return "[Desktop Entry]\n" +
		"Type=Application\n" +
		"Name=Longhand\n" +
		"Comment=Your team's writing, goals and focus, offline first\n" +
		"Exec=" + execArg(exe) + " --data-dir " + execArg(dataDir) + "\n" +
		"Icon=longhand\n" +
		"Terminal=false\n" +
		"X-GNOME-Autostart-enabled=true\n", nil
}

// execArg quotes one argument of an Exec key: inside double quotes, the
// characters " ` $ \ take a backslash, % is doubled, and then backslashes
// are escaped once more, as the key's value is a string (Desktop Entry
// Specification, "The Exec key").
func execArg(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"', '`', '$', '\\':
			b.WriteByte('\\')
		case '%':
			b.WriteByte('%')
		}
		b.WriteRune(r)
	}
	return `"` + strings.ReplaceAll(b.String(), `\`, `\\`) + `"`
}

// setAutostart writes the entry, or removes it.
func setAutostart(on bool, exe, dataDir string) error {
	path, err := autostartFile()
	if err != nil {
		return err
	}
	if !on {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove %s: %w", path, err)
		}
		return nil
	}
	entry, err := autostartEntry(exe, dataDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(entry), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// autostartOn reports whether the entry is there.
func autostartOn() bool {
	path, err := autostartFile()
	if err != nil {
		return false
	}
	_, err = os.Stat(path)
	return err == nil
}
