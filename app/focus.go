package app

import (
	"context"
	"fmt"
	"os"
	goruntime "runtime"
	"sync"

	"github.com/longhand/longhand/store"
)

// Focus is the bound service for the Notifications & focus settings.
// Starting and stopping focus is Members.Focus, which syncs to the team.
type Focus struct {
	ctx      context.Context
	notes    store.NotifyService
	notifier *Notifier
	dataDir  string
	// OnSaved, when set, is told the settings were saved.
	OnSaved func()

	mu            sync.Mutex
	tray          bool
	trayProblem   string
	notifications bool
	notifyProblem string
}

// NewFocus returns the focus settings service.
func NewFocus(ctx context.Context, notes store.NotifyService, notifier *Notifier, dataDir string) *Focus {
	return &Focus{ctx: ctx, notes: notes, notifier: notifier, dataDir: dataDir,
		trayProblem: "The tray has not started yet.", notifyProblem: "Notifications have not started yet."}
}

// setTray records whether the tray icon is up, and why not.
func (s *Focus) setTray(up bool, problem string) {
	s.mu.Lock()
	s.tray, s.trayProblem = up, problem
	s.mu.Unlock()
}

// setNotifications records whether desktop notifications work, and why not.
func (s *Focus) setNotifications(up bool, problem string) {
	s.mu.Lock()
	s.notifications, s.notifyProblem = up, problem
	s.mu.Unlock()
}

// FocusBlockView is a recurring focus block.
type FocusBlockView struct {
	Days  []int  `json:"days"`  // 0 is Sunday, 1 Monday, ... 6 Saturday
	Start string `json:"start"` // "HH:MM", my time
	End   string `json:"end"`
	Label string `json:"label"` // "Mon–Fri 09:00–11:00"
}

// FocusSettingsView is the Notifications & focus section.
type FocusSettingsView struct {
	MentionsBreakThrough bool             `json:"mentionsBreakThrough"`
	Blocks               []FocusBlockView `json:"blocks"`
	KeepInTray           bool             `json:"keepInTray"`
	HidePresence         bool             `json:"hidePresence"` // others do not see when I have a page open (they never do while I focus)
	StartAtLogin         bool             `json:"startAtLogin"`
	StartAtLoginOK       bool             `json:"startAtLoginOk"` // this system can start Longhand at login
	Tray                 bool             `json:"tray"`           // the tray icon is showing
	TrayProblem          string           `json:"trayProblem"`    // why not
	Notifications        bool             `json:"notifications"`  // desktop notifications work
	NotifyProblem        string           `json:"notifyProblem"`  // why not
}

// FocusSettingsInput is what the settings form saves.
type FocusSettingsInput struct {
	MentionsBreakThrough bool             `json:"mentionsBreakThrough"`
	Blocks               []FocusBlockView `json:"blocks"`
	KeepInTray           bool             `json:"keepInTray"`
	HidePresence         bool             `json:"hidePresence"`
	StartAtLogin         bool             `json:"startAtLogin"`
}

// Settings returns my notification and focus settings, and what works here.
func (s *Focus) Settings() (FocusSettingsView, error) {
	ns, err := s.notes.FindNotifySettings(s.ctx)
	if err != nil {
		return FocusSettingsView{}, err
	}
	v := FocusSettingsView{MentionsBreakThrough: ns.MentionsBreakThrough, KeepInTray: ns.KeepInTray, HidePresence: ns.HidePresence,
		Blocks: make([]FocusBlockView, len(ns.Blocks)), StartAtLoginOK: goruntime.GOOS == "linux"}
	for i, b := range ns.Blocks {
		v.Blocks[i] = blockView(b)
	}
	if v.StartAtLoginOK {
		v.StartAtLogin = autostartOn()
	}
	s.mu.Lock()
	v.Tray, v.TrayProblem, v.Notifications, v.NotifyProblem = s.tray, s.trayProblem, s.notifications, s.notifyProblem
	s.mu.Unlock()
	return v, nil
}

// SaveSettings changes my notification and focus settings.
func (s *Focus) SaveSettings(in FocusSettingsInput) (FocusSettingsView, error) {
	if len(in.Blocks) > store.MaxFocusBlocks {
		return FocusSettingsView{}, store.Errorf(store.EINVALID, "At most %d focus blocks.", store.MaxFocusBlocks)
	}
	ns, err := s.notes.FindNotifySettings(s.ctx)
	if err != nil {
		return FocusSettingsView{}, err
	}
	ns.MentionsBreakThrough, ns.KeepInTray, ns.HidePresence = in.MentionsBreakThrough, in.KeepInTray, in.HidePresence
	ns.Blocks = make([]store.FocusBlock, 0, len(in.Blocks))
	for _, bv := range in.Blocks {
		b, err := parseBlock(bv)
		if err != nil {
			return FocusSettingsView{}, err
		}
		ns.Blocks = append(ns.Blocks, b)
	}
	if err := s.notes.UpdateNotifySettings(s.ctx, ns); err != nil {
		return FocusSettingsView{}, err
	}
	if goruntime.GOOS == "linux" && in.StartAtLogin != autostartOn() {
		exe, err := os.Executable()
		if err == nil {
			err = setAutostart(in.StartAtLogin, exe, s.dataDir)
		}
		if err != nil {
			return FocusSettingsView{}, store.Errorf(store.EINTERNAL, "Longhand could not change its start at login: %v", err)
		}
	} else if in.StartAtLogin && goruntime.GOOS != "linux" {
		return FocusSettingsView{}, store.Errorf(store.EINVALID, "Starting at login is not available on this system yet.")
	}
	if s.notifier != nil {
		s.notifier.Wake()
	}
	if s.OnSaved != nil {
		s.OnSaved()
	}
	return s.Settings()
}

func blockView(b store.FocusBlock) FocusBlockView {
	v := FocusBlockView{Days: []int{}, Start: clockString(b.Start), End: clockString(b.End), Label: b.String()}
	for d, on := range b.Days {
		if on {
			v.Days = append(v.Days, d)
		}
	}
	return v
}

func parseBlock(v FocusBlockView) (store.FocusBlock, error) {
	var b store.FocusBlock
	for _, d := range v.Days {
		if d < 0 || d > 6 {
			return b, store.Errorf(store.EINVALID, "%d is not a day of the week.", d)
		}
		b.Days[d] = true
	}
	start, err := store.ParseClock(v.Start)
	if err != nil {
		return b, store.Errorf(store.EINVALID, "Focus block start: %v", err)
	}
	end, err := store.ParseClock(v.End)
	if err != nil {
		return b, store.Errorf(store.EINVALID, "Focus block end: %v", err)
	}
	b.Start, b.End = start, end
	return b, b.Validate()
}

func clockString(min int) string { return fmt.Sprintf("%02d:%02d", min/60, min%60) }
