package app

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"sync"
	"time"

	"fyne.io/systray"

	"github.com/longhand/longhand/store"
)

// TrayActions are what the tray's menu does.
type TrayActions struct {
	Focus       func(minutes int) error     // 0 stops
	FocusUntil  func(until time.Time) error // until a time
	Open        func()                      // brings the window forward
	OpenCheckIn func()                      // opens the window on my check-in
	Quit        func()
}

// ErrNoTrayHost says there is nowhere to show a tray icon: no D-Bus
// session, or no StatusNotifierWatcher on it.
var ErrNoTrayHost = errors.New("no system tray on this desktop")

// Tray is Longhand's icon in the system tray (fyne.io/systray; on Linux a
// StatusNotifierItem over D-Bus): idle, focusing or unread, with a menu to
// start and stop focus. There is one per process.
type Tray struct {
	actions TrayActions
	clock   Clock
	logf    func(format string, args ...any)
	ready   chan struct{}
	end     func()
	stop    sync.Once
	quit    chan struct{}

	mu                sync.Mutex
	status, stopFocus *systray.MenuItem
	until             [4]*systray.MenuItem
	untilAt           [4]time.Time
	checkIn           *systray.MenuItem
	state             FocusState
	stateSet, built   bool
	lastIcon          []byte
}

var trayOnce sync.Once

// StartTray puts Longhand in the system tray. It returns ErrNoTrayHost
// (wrapped, with why) when there is no tray to put it in; the app then runs
// without one. Only one tray can be started in a process.
//
// On macOS it must be called on the main thread before wails.Run (Run does
// that); on Linux it can be called at any time.
func StartTray(actions TrayActions, clock Clock, logf func(string, ...any)) (*Tray, error) {
	if err := trayHost(); err != nil {
		return nil, err
	}
	t := &Tray{actions: actions, clock: clock, logf: logf, ready: make(chan struct{}), quit: make(chan struct{})}
	started := false
	trayOnce.Do(func() {
		// Before start: the item says whether a left click opens the menu.
		systray.SetOnTapped(actions.Open)
		start, end := systray.RunWithExternalLoop(t.build, nil)
		t.end = end
		start()
		started = true
	})
	if !started {
		return nil, fmt.Errorf("%w: a tray is already running in this process", ErrNoTrayHost)
	}
	return t, nil
}

// Ready is closed once the menu is built and listening.
func (t *Tray) Ready() <-chan struct{} { return t.ready }

// Stop removes the tray icon. It is safe to call more than once.
func (t *Tray) Stop() {
	if t == nil {
		return
	}
	t.stop.Do(func() {
		close(t.quit)
		if t.end != nil {
			t.end()
		}
	})
}

// build makes the menu; systray calls it once the icon is up.
func (t *Tray) build() {
	systray.SetTitle("Longhand")
	systray.SetTooltip("Longhand")
	t.mu.Lock()
	t.status = systray.AddMenuItem("Not focusing", "")
	t.status.Disable()
	systray.AddSeparator()
	start := systray.AddMenuItem("Start focus", "Hold notifications and tell the team when you are back")
	for _, m := range []int{25, 50, 90} {
		item := start.AddSubMenuItem(fmt.Sprintf("%d minutes", m), "")
		t.listen(item, func() { t.do(func() error { return t.actions.Focus(m) }) })
	}
	for i := range t.until {
		item := start.AddSubMenuItem("Until …", "")
		item.Hide()
		t.until[i] = item
		t.listen(item, func() {
			t.mu.Lock()
			at := t.untilAt[i]
			t.mu.Unlock()
			if !at.IsZero() {
				t.do(func() error { return t.actions.FocusUntil(at) })
			}
		})
	}
	t.stopFocus = systray.AddMenuItem("Stop focus", "")
	t.stopFocus.Disable()
	t.listen(t.stopFocus, func() { t.do(func() error { return t.actions.Focus(0) }) })
	systray.AddSeparator()
	open := systray.AddMenuItem("Open Longhand", "")
	t.listen(open, t.actions.Open)
	t.checkIn = systray.AddMenuItem("Next check-in: none scheduled", "")
	t.listen(t.checkIn, t.actions.OpenCheckIn)
	systray.AddSeparator()
	quit := systray.AddMenuItem("Quit Longhand", "")
	t.listen(quit, t.actions.Quit)
	t.built = true
	state, set := t.state, t.stateSet
	t.mu.Unlock()
	t.apply(state, set, t.clock.Now())
	// The "until" times move on with the clock: fresh each time the menu opens.
	go func() {
		for {
			select {
			case <-systray.TrayOpenedCh:
				t.mu.Lock()
				state, set := t.state, t.stateSet
				t.mu.Unlock()
				t.apply(state, set, t.clock.Now())
			case <-t.quit:
				return
			}
		}
	}()
	close(t.ready)
}

// listen runs f for each click on an item until the tray stops.
func (t *Tray) listen(item *systray.MenuItem, f func()) {
	go func() {
		for {
			select {
			case <-item.ClickedCh:
				if f != nil {
					f()
				}
			case <-t.quit:
				return
			}
		}
	}()
}

func (t *Tray) do(f func() error) {
	if err := f(); err != nil {
		t.logf("tray: %v", err)
	}
}

// SetState shows the focus state: the icon, the status line, which items
// are enabled, and the next check-in.
func (t *Tray) SetState(s FocusState) {
	if t == nil {
		return
	}
	t.mu.Lock()
	t.state, t.stateSet = s, true
	built := t.built
	t.mu.Unlock()
	if built {
		t.apply(s, true, t.clock.Now())
	}
}

func (t *Tray) apply(s FocusState, set bool, now time.Time) {
	// My profile's zone and clock, never the computer's: UTC until known.
	clock := store.Clock{Loc: time.UTC, Hour12: s.Hour12}
	if loc, err := time.LoadLocation(s.Zone); err == nil && set && s.Zone != "" {
		clock.Loc = loc
	}
	icon := trayIcon(trayIdle)
	switch {
	case s.Focusing:
		icon = trayIcon(trayFocusing)
	case s.Unread > 0:
		icon = trayIcon(trayUnread)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if !bytes.Equal(icon, t.lastIcon) {
		systray.SetIcon(icon)
		t.lastIcon = icon
	}
	if s.Focusing {
		t.status.SetTitle("Focusing until " + clock.Time(s.Until))
		systray.SetTooltip("Longhand — focusing until " + clock.Time(s.Until))
		t.stopFocus.Enable()
	} else {
		label := "Not focusing"
		if s.Unread == 1 {
			label = "1 unread in your inbox"
		} else if s.Unread > 1 {
			label = fmt.Sprintf("%d unread in your inbox", s.Unread)
		}
		t.status.SetTitle(label)
		systray.SetTooltip("Longhand — " + label)
		t.stopFocus.Disable()
	}
	// "Until" choices: the next three full hours, and the end of my working day.
	times := untilChoices(now, clock, s.WorkEnd)
	for i, item := range t.until {
		if i < len(times) {
			t.untilAt[i] = times[i].at
			item.SetTitle(times[i].label)
			item.Show()
		} else {
			t.untilAt[i] = time.Time{}
			item.Hide()
		}
	}
	if s.NextCheckIn.IsZero() {
		t.checkIn.SetTitle("Next check-in: none scheduled")
	} else {
		t.checkIn.SetTitle("Next check-in: " + clock.Weekday(s.NextCheckIn))
	}
}

type untilChoice struct {
	label string
	at    time.Time
}

// untilChoices are the times a session can last until: the next full
// hours at least a quarter of an hour away, and the end of the working day.
func untilChoices(now time.Time, clock store.Clock, workEnd time.Time) []untilChoice {
	var out []untilChoice
	// Full hours on my clock (Truncate would cut UTC hours: half past in Kolkata).
	l := now.In(clock.Loc)
	h := time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), 0, 0, 0, clock.Loc).Add(time.Hour)
	if h.Sub(now) < 15*time.Minute {
		h = h.Add(time.Hour)
	}
	for i := 0; i < 3; i++ {
		t := h.Add(time.Duration(i) * time.Hour)
		if !workEnd.IsZero() && !t.Before(workEnd) {
			break
		}
		out = append(out, untilChoice{"Until " + clock.Time(t), t})
	}
	if !workEnd.IsZero() && workEnd.Sub(now) >= 15*time.Minute && workEnd.Sub(now) <= 12*time.Hour {
		out = append(out, untilChoice{"Until the end of the day (" + clock.Time(workEnd) + ")", workEnd})
	}
	return out
}

type trayLook int

const (
	trayIdle trayLook = iota
	trayFocusing
	trayUnread
)

var (
	trayIconsOnce sync.Once
	trayIcons     [3][]byte
)

// trayIcon draws the tray's icons: a slate disc with a pen nib for idle,
// the accent colour with a crescent moon while focusing, and a red dot on
// the idle disc for unread.
func trayIcon(look trayLook) []byte {
	trayIconsOnce.Do(func() {
		for l := trayIdle; l <= trayUnread; l++ {
			trayIcons[l] = drawTrayIcon(l)
		}
	})
	return trayIcons[look]
}

func drawTrayIcon(look trayLook) []byte {
	const size = 32
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	slate := color.NRGBA{R: 0x33, G: 0x41, B: 0x55, A: 0xff}
	accent := color.NRGBA{R: 0x4f, G: 0x46, B: 0xe5, A: 0xff}
	white := color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	red := color.NRGBA{R: 0xdc, G: 0x26, B: 0x26, A: 0xff}
	disc := slate
	if look == trayFocusing {
		disc = accent
	}
	// cover is how much of a pixel a disc covers, 0..1, for soft edges.
	cover := func(x, y int, cx, cy, r float64) float64 {
		d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
		return math.Max(0, math.Min(1, r-d+0.5))
	}
	blend := func(x, y int, c color.NRGBA, a float64) {
		if a <= 0 {
			return
		}
		old := img.NRGBAAt(x, y)
		mix := func(o, n uint8) uint8 { return uint8(float64(o)*(1-a) + float64(n)*a) }
		na := uint8(math.Max(float64(old.A), a*255))
		img.SetNRGBA(x, y, color.NRGBA{R: mix(old.R, c.R), G: mix(old.G, c.G), B: mix(old.B, c.B), A: na})
	}
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			blend(x, y, disc, cover(x, y, 16, 16, 14))
			switch look {
			case trayFocusing:
				// A crescent: a white disc with a disc of the accent cut out.
				moon := cover(x, y, 16, 16, 8) * (1 - cover(x, y, 20, 12, 7))
				blend(x, y, white, moon)
			default:
				// An "L", for Longhand.
				if (x >= 11 && x <= 14 && y >= 8 && y <= 23) || (x >= 11 && x <= 21 && y >= 20 && y <= 23) {
					blend(x, y, white, 1)
				}
			}
			if look == trayUnread {
				blend(x, y, white, cover(x, y, 25, 7, 7))
				blend(x, y, red, cover(x, y, 25, 7, 5.5))
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err) // encoding an in-memory image cannot fail
	}
	return buf.Bytes()
}
