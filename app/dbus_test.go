package app

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/longhand/longhand/store"
)

// guard is how long a test waits for something another process or
// goroutine does before it calls the test failed. It is never a measure.
const guard = 20 * time.Second

// startSessionBus starts a private D-Bus session daemon for one test and
// points DBUS_SESSION_BUS_ADDRESS at it.
func startSessionBus(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		t.Fatal("these tests need dbus-daemon (the apt package dbus; scripts/install-deps.sh installs it)")
	}
	// A config of its own: the system's session config would let the bus
	// start whatever services the machine has installed, such as a real
	// notification server.
	dir := t.TempDir()
	conf := filepath.Join(dir, "bus.conf")
	err := os.WriteFile(conf, []byte(`<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=`+dir+`</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("dbus-daemon", "--config-file="+conf, "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon printed no address: %v", err)
	}
	addr := strings.TrimSpace(line)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	return addr
}

func connectBus(t *testing.T) *dbus.Conn {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// received is one notification as the test server got it.
type received struct {
	id             uint32
	app, summary   string
	body           string
	actions        []string
	notificationID string
}

// noteServer is a freedesktop notification server of the test's own.
type noteServer struct {
	conn *dbus.Conn
	mu   sync.Mutex
	got  []received
	next uint32
}

func startNoteServer(t *testing.T) *noteServer {
	t.Helper()
	s := &noteServer{conn: connectBus(t)}
	if err := s.conn.Export(s, "/org/freedesktop/Notifications", "org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
	reply, err := s.conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("take org.freedesktop.Notifications: %v %v", reply, err)
	}
	return s
}

func (s *noteServer) Notify(app string, replaces uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	r := received{id: s.next, app: app, summary: summary, body: body, actions: actions}
	if v, ok := hints["x-notification-id"]; ok {
		r.notificationID, _ = v.Value().(string)
	}
	s.got = append(s.got, r)
	return s.next, nil
}

func (s *noteServer) GetCapabilities() ([]string, *dbus.Error) {
	return []string{"body", "actions"}, nil
}

func (s *noteServer) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "test", "longhand", "1", "1.2", nil
}

func (s *noteServer) CloseNotification(id uint32) *dbus.Error { return nil }

// take returns what arrived since the last take.
func (s *noteServer) take() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.got
	s.got = nil
	return out
}

// click says the person clicked a notification.
func (s *noteServer) click(t *testing.T, id uint32) {
	t.Helper()
	if err := s.conn.Emit("/org/freedesktop/Notifications", "org.freedesktop.Notifications.ActionInvoked", id, "default"); err != nil {
		t.Fatal(err)
	}
}

func summaries(rs []received) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.summary
	}
	return out
}

// Notifications go to a real notification server on a real D-Bus session:
// shown when not focusing, none while focusing, then one digest; clicking
// one says which item to open.
func TestNotificationsOverDBus(t *testing.T) {
	startSessionBus(t)
	server := startNoteServer(t)
	f := newNotifierFixture(t)
	ctx := context.Background()
	sender, err := NewDBusNotifications(connectBus(t))
	if err != nil {
		t.Fatal(err)
	}
	opened := make(chan string, 1)
	sender.OnOpen = func(open string) { opened <- open }
	f.notifier.SetSender(sender)

	f.at("2026-06-02 10:00")
	f.notifier.Check(ctx)
	f.boSays("Looks good to me.", false)
	f.notifier.Check(ctx)
	got := server.take()
	if len(got) != 1 || got[0].summary != "Bo commented on Plan" || got[0].body != "Looks good to me." || got[0].app != "Longhand" {
		t.Fatalf("server got %+v, want Bo's comment", got)
	}
	if !strings.HasPrefix(got[0].notificationID, "reply:") || len(got[0].actions) < 2 || got[0].actions[0] != "default" {
		t.Errorf("notification %+v has no item ID or no default action", got[0])
	}

	// Clicking it opens the item.
	server.click(t, got[0].id)
	select {
	case open := <-opened:
		if open != got[0].notificationID {
			t.Errorf("clicking opened %q, want %q", open, got[0].notificationID)
		}
	case <-time.After(guard):
		t.Fatal("a click on the notification did nothing")
	}

	// Focusing: nothing reaches the server.
	if _, err := f.db.SetFocus(ctx, f.clock.Now().Add(25*time.Minute)); err != nil {
		t.Fatal(err)
	}
	f.boSays("One more thing.", false)
	f.boSays("@Ada and another", true)
	f.notifier.Check(ctx)
	if got := server.take(); len(got) != 0 {
		t.Fatalf("server got %v while focusing", summaries(got))
	}

	// Focus ends: one digest.
	f.at("2026-06-02 10:25")
	f.notifier.Check(ctx)
	got = server.take()
	if len(got) != 1 || got[0].summary != "2 notifications while you were focusing" || got[0].body != "1 comment, 1 mention" {
		t.Fatalf("at focus end the server got %+v, want one digest", got)
	}
}

// With no notification server on the bus, sending fails with an error and
// nothing else happens.
func TestNotificationsNoServer(t *testing.T) {
	startSessionBus(t)
	sender, err := NewDBusNotifications(connectBus(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := sender.Send(Notification{ID: "x", Title: "Hello"}); err == nil {
		t.Error("Send with no notification server: no error")
	}
}

// statusWatcher is a StatusNotifierWatcher of the test's own: it records
// the items that register with it.
type statusWatcher struct {
	registered chan [2]string // sender, path
}

func (w *statusWatcher) RegisterStatusNotifierItem(sender dbus.Sender, path string) *dbus.Error {
	w.registered <- [2]string{string(sender), path}
	return nil
}

func (w *statusWatcher) RegisterStatusNotifierHost(service string) *dbus.Error { return nil }

func startWatcher(t *testing.T) *statusWatcher {
	t.Helper()
	conn := connectBus(t)
	w := &statusWatcher{registered: make(chan [2]string, 4)}
	if err := conn.Export(w, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"); err != nil {
		t.Fatal(err)
	}
	if reply, err := conn.RequestName("org.kde.StatusNotifierWatcher", dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("take org.kde.StatusNotifierWatcher: %v %v", reply, err)
	}
	return w
}

// menuItem is one entry of a dbusmenu layout.
type menuItem struct {
	id       int32
	label    string
	enabled  bool
	visible  bool
	submenu  bool
	children []menuItem
}

func parseMenu(id int32, props map[string]dbus.Variant, children []dbus.Variant) menuItem {
	m := menuItem{id: id, enabled: true, visible: true}
	if v, ok := props["label"]; ok {
		m.label, _ = v.Value().(string)
	}
	if v, ok := props["enabled"]; ok {
		m.enabled, _ = v.Value().(bool)
	}
	if v, ok := props["visible"]; ok {
		m.visible, _ = v.Value().(bool)
	}
	if v, ok := props["children-display"]; ok {
		m.submenu = v.Value() == "submenu"
	}
	for _, c := range children {
		parts, ok := c.Value().([]any)
		if !ok || len(parts) != 3 {
			continue
		}
		cid, _ := parts[0].(int32)
		cprops, _ := parts[1].(map[string]dbus.Variant)
		ckids, _ := parts[2].([]dbus.Variant)
		m.children = append(m.children, parseMenu(cid, cprops, ckids))
	}
	return m
}

// find returns the item with a label, anywhere in the menu.
func (m menuItem) find(label string) (menuItem, bool) {
	if m.label == label {
		return m, true
	}
	for _, c := range m.children {
		if f, ok := c.find(label); ok {
			return f, true
		}
	}
	return menuItem{}, false
}

func (m menuItem) labels() []string {
	var out []string
	for _, c := range m.children {
		if c.label != "" && c.visible {
			out = append(out, c.label)
		}
	}
	return out
}

// trayMenu reads the tray's menu over D-Bus, as a desktop's tray host
// does: the top level, then each submenu the first answer left empty.
func trayMenu(t *testing.T, conn *dbus.Conn, owner string) menuItem {
	t.Helper()
	m := menuLayout(t, conn, owner, 0)
	for i, c := range m.children {
		if c.submenu && len(c.children) == 0 {
			m.children[i] = menuLayout(t, conn, owner, c.id)
		}
	}
	return m
}

func menuLayout(t *testing.T, conn *dbus.Conn, owner string, parent int32) menuItem {
	t.Helper()
	var rev uint32
	var layout struct {
		ID       int32
		Props    map[string]dbus.Variant
		Children []dbus.Variant
	}
	err := conn.Object(owner, "/StatusNotifierItem/menu").Call("com.canonical.dbusmenu.GetLayout", 0,
		parent, int32(-1), []string{}).Store(&rev, &layout)
	if err != nil {
		t.Fatalf("GetLayout: %v", err)
	}
	return parseMenu(layout.ID, layout.Props, layout.Children)
}

func clickMenu(t *testing.T, conn *dbus.Conn, owner string, id int32) {
	t.Helper()
	err := conn.Object(owner, "/StatusNotifierItem/menu").Call("com.canonical.dbusmenu.Event", 0,
		id, "clicked", dbus.MakeVariant(""), uint32(0)).Err
	if err != nil {
		t.Fatalf("Event clicked %d: %v", id, err)
	}
}

// With no D-Bus session, or no tray host on it, Longhand runs without a
// tray and says why; stopping the missing tray is harmless.
func TestTrayWithoutHost(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	tray, err := StartTray(TrayActions{}, SystemClock, t.Logf)
	if !errors.Is(err, ErrNoTrayHost) || tray != nil {
		t.Fatalf("StartTray with no session = %v, %v; want ErrNoTrayHost", tray, err)
	}
	tray.Stop()

	startSessionBus(t) // a bus, but nothing that shows tray icons
	tray, err = StartTray(TrayActions{}, SystemClock, t.Logf)
	if !errors.Is(err, ErrNoTrayHost) || !strings.Contains(err.Error(), "StatusNotifierItem") {
		t.Fatalf("StartTray with no watcher = %v, %v; want ErrNoTrayHost", tray, err)
	}
	tray.Stop()
}

// The tray on a real D-Bus session: it registers with the watcher, its
// menu lists the items, and clicking Start focus and Stop focus changes my
// focus state in the database, which the tray then shows.
func TestTrayOnDBus(t *testing.T) {
	startSessionBus(t)
	watcher := startWatcher(t)
	f := newNotifierFixture(t)
	f.at("2026-06-02 10:00")
	members := NewMembers(context.Background(), f.db, f.db, EmitterFunc(func(string, any) {}))
	members.Now = f.clock.Now
	focused := make(chan int, 4)
	focusedUntil := make(chan time.Time, 4)
	quit := make(chan struct{}, 1)
	tray, err := StartTray(TrayActions{
		Focus: func(minutes int) error {
			_, err := members.Focus(minutes)
			focused <- minutes
			return err
		},
		FocusUntil: func(until time.Time) error {
			_, err := members.FocusUntil(until.Format(time.RFC3339))
			focusedUntil <- until
			return err
		},
		Open:        func() {},
		OpenCheckIn: func() {},
		Quit:        func() { quit <- struct{}{} },
	}, f.clock, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	defer tray.Stop()

	var owner string
	select {
	case r := <-watcher.registered:
		owner = r[0]
		if r[1] != "/StatusNotifierItem" {
			t.Errorf("registered path %q, want /StatusNotifierItem", r[1])
		}
	case <-time.After(guard):
		t.Fatal("the tray never registered with the StatusNotifierWatcher")
	}
	select {
	case <-tray.Ready():
	case <-time.After(guard):
		t.Fatal("the tray's menu was never built")
	}
	f.notifier.OnState(tray.SetState)
	f.notifier.Check(context.Background())

	conn := connectBus(t)
	menu := trayMenu(t, conn, owner)
	top := menu.labels()
	want := []string{"Not focusing", "Start focus", "Stop focus", "Open Longhand", "Quit Longhand"}
	for _, w := range want {
		if !hasLabel(top, w) {
			t.Errorf("menu %q has no %q", top, w)
		}
	}
	if !containsPrefix(top, "Next check-in: ") {
		t.Errorf("menu %q has no next check-in", top)
	}
	start, _ := menu.find("Start focus")
	if got := start.labels(); len(got) < 4 || got[0] != "25 minutes" || got[1] != "50 minutes" || got[2] != "90 minutes" || !strings.HasPrefix(got[3], "Until ") {
		t.Errorf("Start focus offers %q, want 25, 50, 90 minutes and times to focus until", got)
	}
	if stop, _ := menu.find("Stop focus"); stop.enabled {
		t.Error("Stop focus is enabled while not focusing")
	}

	// Start focus for 25 minutes from the tray.
	item, ok := menu.find("25 minutes")
	if !ok {
		t.Fatal("no 25 minutes item")
	}
	clickMenu(t, conn, owner, item.id)
	select {
	case m := <-focused:
		if m != 25 {
			t.Fatalf("the tray started %d minutes", m)
		}
	case <-time.After(guard):
		t.Fatal("clicking 25 minutes did nothing")
	}
	me, _ := f.db.FindMember(context.Background(), f.ada)
	if want := f.clock.Now().Add(25 * time.Minute); !me.FocusUntil.Equal(want) {
		t.Fatalf("FocusUntil = %v, want %v", me.FocusUntil, want)
	}

	// The tray shows it.
	f.notifier.Check(context.Background())
	menu = trayMenu(t, conn, owner)
	if _, ok := menu.find("Focusing until 10:25"); !ok {
		t.Errorf("menu while focusing = %q, want Focusing until 10:25", menu.labels())
	}
	stop, _ := menu.find("Stop focus")
	if !stop.enabled {
		t.Fatal("Stop focus is disabled while focusing")
	}
	clickMenu(t, conn, owner, stop.id)
	select {
	case m := <-focused:
		if m != 0 {
			t.Fatalf("Stop focus started %d minutes", m)
		}
	case <-time.After(guard):
		t.Fatal("clicking Stop focus did nothing")
	}
	if me, _ := f.db.FindMember(context.Background(), f.ada); me.Focusing(f.clock.Now()) {
		t.Errorf("still focusing after Stop focus: until %v", me.FocusUntil)
	}

	// Until a time: 12:00 in London is 11:00 UTC in June.
	until, ok := menu.find("Until 12:00")
	if !ok {
		t.Fatalf("no Until 12:00 in %+v", menu)
	}
	clickMenu(t, conn, owner, until.id)
	select {
	case <-focusedUntil:
	case <-time.After(guard):
		t.Fatal("clicking Until 12:00 did nothing")
	}
	if me, _ := f.db.FindMember(context.Background(), f.ada); !me.FocusUntil.Equal(time.Date(2026, 6, 2, 11, 0, 0, 0, time.UTC)) {
		t.Errorf("after Until 12:00, FocusUntil = %v", me.FocusUntil)
	}

	// Closing the window keeps Longhand in the tray only when I chose it.
	hidden := 0
	desk := &desktop{focus: NewFocus(context.Background(), f.db, f.notifier, t.TempDir()), tray: tray,
		hide: func(context.Context) { hidden++ }}
	if desk.beforeClose(context.Background()) || hidden != 0 {
		t.Error("closing the window hid it without the keep-in-tray setting")
	}
	if err := f.db.UpdateNotifySettings(context.Background(), store.NotifySettings{KeepInTray: true}); err != nil {
		t.Fatal(err)
	}
	if !desk.beforeClose(context.Background()) || hidden != 1 {
		t.Error("with keep-in-tray, closing the window did not leave Longhand running hidden")
	}
	desk.quitting.Store(true) // Quit from the tray closes for real
	if desk.beforeClose(context.Background()) || hidden != 1 {
		t.Error("quitting was stopped by keep-in-tray")
	}
	noTray := &desktop{focus: desk.focus, hide: desk.hide}
	if noTray.beforeClose(context.Background()) {
		t.Error("without a tray to come back from, closing the window hid it")
	}

	q, _ := menu.find("Quit Longhand")
	clickMenu(t, conn, owner, q.id)
	select {
	case <-quit:
	case <-time.After(guard):
		t.Fatal("clicking Quit did nothing")
	}
	tray.Stop()
	tray.Stop()
}

func containsPrefix(list []string, p string) bool {
	for _, x := range list {
		if strings.HasPrefix(x, p) {
			return true
		}
	}
	return false
}

func hasLabel(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Started before the desktop's panel (at login), Longhand notices the
// tray host when it appears; with no bus it does not wait at all.
func TestWaitForTrayHost(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	waitForTrayHost(context.Background(), func() { t.Error("a tray host appeared with no bus") })

	startSessionBus(t)
	appeared := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		waitForTrayHost(ctx, func() { close(appeared) })
	}()
	if err := trayHost(); !errors.Is(err, ErrNoTrayHost) {
		t.Fatalf("trayHost before the watcher = %v", err)
	}
	startWatcher(t)
	select {
	case <-appeared:
	case <-time.After(guard):
		t.Fatal("the watcher appeared and nobody noticed")
	}
	if err := trayHost(); err != nil {
		t.Errorf("trayHost with a watcher = %v", err)
	}
}

// The settings say whether a notification server answers.
func TestNotificationServer(t *testing.T) {
	startSessionBus(t)
	if ok, problem := notificationServer(); ok || !strings.Contains(problem, "No notification server") {
		t.Errorf("with no server: %v %q", ok, problem)
	}
	startNoteServer(t)
	if ok, problem := notificationServer(); !ok || problem != "" {
		t.Errorf("with a server: %v %q", ok, problem)
	}
}
