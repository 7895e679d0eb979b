package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
)

func TestFocusSettings(t *testing.T) {
	f := newNotifierFixture(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	svc := NewFocus(context.Background(), f.db, f.notifier, "/data/my workspace")
	v, err := svc.Settings()
	if err != nil || v.MentionsBreakThrough || len(v.Blocks) != 0 || v.StartAtLogin || v.Tray || v.TrayProblem == "" {
		t.Fatalf("default settings = %+v, %v", v, err)
	}
	in := FocusSettingsInput{MentionsBreakThrough: true, KeepInTray: true,
		Blocks: []FocusBlockView{{Days: []int{1, 2, 3, 4, 5}, Start: "09:00", End: "11:00"}, {Days: []int{0}, Start: "22:00", End: "01:00"}}}
	v, err = svc.SaveSettings(in)
	if err != nil {
		t.Fatal(err)
	}
	if !v.MentionsBreakThrough || !v.KeepInTray || len(v.Blocks) != 2 || v.Blocks[0].Label != "Mon–Fri 09:00–11:00" || v.Blocks[1].Label != "Sun 22:00–01:00" {
		t.Errorf("saved settings = %+v", v)
	}
	for _, bad := range []FocusBlockView{
		{Days: []int{7}, Start: "09:00", End: "10:00"},
		{Days: []int{1}, Start: "9am", End: "10:00"},
		{Days: []int{}, Start: "09:00", End: "10:00"},
		{Days: []int{1}, Start: "09:00", End: "09:00"},
	} {
		_, err := svc.SaveSettings(FocusSettingsInput{Blocks: []FocusBlockView{bad}})
		if store.ErrorCode(err) != store.EINVALID {
			t.Errorf("block %+v: %v, want EINVALID", bad, err)
		}
	}
	if v, _ := svc.Settings(); len(v.Blocks) != 2 || !v.MentionsBreakThrough {
		t.Errorf("a rejected save changed the settings: %+v", v)
	}
	svc.setTray(false, "No system tray on this desktop.")
	if v, _ := svc.Settings(); v.Tray || v.TrayProblem != "No system tray on this desktop." {
		t.Errorf("tray status = %v %q", v.Tray, v.TrayProblem)
	}
}

func TestStartAtLogin(t *testing.T) {
	f := newNotifierFixture(t)
	config := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", config)
	svc := NewFocus(context.Background(), f.db, f.notifier, "/data/my workspace")
	v, err := svc.SaveSettings(FocusSettingsInput{StartAtLogin: true})
	if err != nil || !v.StartAtLogin {
		t.Fatalf("start at login: %+v, %v", v, err)
	}
	entry, err := os.ReadFile(filepath.Join(config, "autostart", "longhand.desktop"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[Desktop Entry]\n", "Type=Application\n", "Name=Longhand\n", `--data-dir "/data/my workspace"`} {
		if !strings.Contains(string(entry), want) {
			t.Errorf("entry has no %q:\n%s", want, entry)
		}
	}
	v, err = svc.SaveSettings(FocusSettingsInput{StartAtLogin: false})
	if err != nil || v.StartAtLogin {
		t.Fatalf("stop starting at login: %+v, %v", v, err)
	}
	if _, err := os.Stat(filepath.Join(config, "autostart", "longhand.desktop")); !os.IsNotExist(err) {
		t.Errorf("the entry is still there: %v", err)
	}
}

func TestExecArg(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "/usr/bin/longhand", `"/usr/bin/longhand"`},
		{"space", "/opt/Long hand/longhand", `"/opt/Long hand/longhand"`},
		{"specials", `/tmp/a$b"c` + "`d", `"/tmp/a\\$b\\"c\\` + "`d\""},
		{"backslash", `/tmp/a\b`, `"/tmp/a\\\\b"`},
		{"percent", "/tmp/100%", `"/tmp/100%%"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := execArg(tt.in); got != tt.want {
				t.Errorf("execArg(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
	if _, err := autostartEntry("/usr/bin/longhand", "/tmp/a\nExec=evil"); err == nil {
		t.Error("a data folder with a newline made an entry")
	}
}

func TestFocusUntil(t *testing.T) {
	f := newNotifierFixture(t)
	f.at("2026-06-02 10:00")
	members := NewMembers(context.Background(), f.db, f.db, EmitterFunc(func(string, any) {}))
	members.Now = f.clock.Now
	var told []time.Time
	members.OnFocus = func(until time.Time) { told = append(told, until) }
	v, err := members.FocusUntil("2026-06-02T11:30:00Z")
	if err != nil || v.FocusUntil != "2026-06-02T11:30:00Z" {
		t.Fatalf("FocusUntil = %+v, %v", v, err)
	}
	for _, bad := range []string{"", "noon", "2026-06-02T08:00:00Z", "2026-06-03T09:00:00Z"} { // not a time, past, over 12 hours
		if _, err := members.FocusUntil(bad); store.ErrorCode(err) != store.EINVALID {
			t.Errorf("FocusUntil(%q) = %v, want EINVALID", bad, err)
		}
	}
	if _, err := members.Focus(0); err != nil {
		t.Fatal(err)
	}
	if len(told) != 2 || !told[0].Equal(time.Date(2026, 6, 2, 11, 30, 0, 0, time.UTC)) || !told[1].IsZero() {
		t.Errorf("OnFocus heard %v, want the start and the stop", told)
	}
}
