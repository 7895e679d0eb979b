package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// desktop ties the window, the tray and notifications together: the tray
// starts and stops focus, a clicked notification opens its item, and
// closing the window can leave Longhand running in the tray.
type desktop struct {
	log      *slog.Logger
	members  *Members
	notifier *Notifier
	focus    *Focus
	emitter  *wailsEmitter

	mu       sync.Mutex
	ctx      context.Context // Wails', once started
	tray     *Tray
	quitting atomic.Bool
	waiting  atomic.Bool     // for a tray host to appear
	bg       context.Context // ends at shutdown
	// hide hides the window; Wails' own unless a test replaces it.
	hide func(ctx context.Context)
	// hidden, when set, is told the window hid in the tray (true) or
	// showed again (false): a hidden window has no page open to others.
	hidden func(bool)
}

// started records the Wails context.
func (d *desktop) started(ctx context.Context) {
	d.mu.Lock()
	d.ctx = ctx
	d.mu.Unlock()
}

func (d *desktop) wails() context.Context {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.ctx
}

// show brings the window forward.
func (d *desktop) show() {
	if ctx := d.wails(); ctx != nil {
		runtime.WindowUnminimise(ctx)
		runtime.WindowShow(ctx)
		if d.hidden != nil {
			d.hidden(false)
		}
	}
}

// open shows the window on an inbox item ("" for the inbox, "checkin-due"
// for my check-in).
func (d *desktop) open(key string) {
	d.show()
	d.emitter.Emit(EventNotificationOpen, NotificationOpen{Key: key})
}

// startTray puts Longhand in the tray, or says in the settings why not.
func (d *desktop) startTray() {
	tray, err := StartTray(TrayActions{
		Focus: func(minutes int) error {
			_, err := d.members.Focus(minutes)
			return err
		},
		FocusUntil: func(until time.Time) error {
			_, err := d.members.FocusUntil(until.UTC().Format(time.RFC3339))
			return err
		},
		Open:        d.show,
		OpenCheckIn: func() { d.open("checkin-due") },
		Quit: func() {
			d.quitting.Store(true)
			if ctx := d.wails(); ctx != nil {
				runtime.Quit(ctx)
			}
		},
	}, SystemClock, func(format string, args ...any) { d.log.Warn(fmt.Sprintf(format, args...)) })
	if err != nil {
		d.log.Info("running without a tray", "why", err)
		d.focus.setTray(false, trayProblem(err))
		if errors.Is(err, ErrNoTrayHost) && !d.waiting.Swap(true) {
			// The desktop's panel may start after Longhand (at login).
			go waitForTrayHost(d.bg, d.startTray)
		}
		return
	}
	d.mu.Lock()
	d.tray = tray
	d.mu.Unlock()
	d.notifier.OnState(tray.SetState)
	d.focus.setTray(true, "")
}

func trayProblem(err error) string {
	return "Longhand runs without a tray icon: " + strings.TrimPrefix(err.Error(), ErrNoTrayHost.Error()+": ") + "."
}

// stopTray removes the tray icon at shutdown.
func (d *desktop) stopTray() {
	d.mu.Lock()
	tray := d.tray
	d.mu.Unlock()
	tray.Stop()
}

// beforeClose keeps Longhand running in the tray when the window closes,
// if I chose that and there is a tray to come back from.
func (d *desktop) beforeClose(ctx context.Context) (prevent bool) {
	d.mu.Lock()
	tray := d.tray
	d.mu.Unlock()
	if d.quitting.Load() || tray == nil {
		return false
	}
	s, err := d.focus.notes.FindNotifySettings(ctx)
	if err != nil || !s.KeepInTray {
		return false
	}
	if d.hide != nil {
		d.hide(ctx)
	} else {
		runtime.WindowHide(ctx)
	}
	if d.hidden != nil {
		d.hidden(true)
	}
	return true
}
