package app

import (
	"fmt"
	"sync"

	"github.com/godbus/dbus/v5"
)

// DBusNotifications sends desktop notifications to the freedesktop
// notification server (org.freedesktop.Notifications) on a D-Bus
// connection, and calls OnOpen with what a clicked one opens. It speaks
// the same protocol as Wails' Linux notifications; the app uses Wails',
// tests use this one against a notification server of their own.
type DBusNotifications struct {
	conn   *dbus.Conn
	OnOpen func(open string)

	mu   sync.Mutex
	sent map[uint32]string // server's ID → what it opens
}

// NewDBusNotifications listens for clicks on conn and returns the sender.
func NewDBusNotifications(conn *dbus.Conn) (*DBusNotifications, error) {
	d := &DBusNotifications{conn: conn, sent: map[uint32]string{}}
	if err := conn.AddMatchSignal(dbus.WithMatchInterface("org.freedesktop.Notifications"),
		dbus.WithMatchMember("ActionInvoked")); err != nil {
		return nil, fmt.Errorf("listen for notification clicks: %w", err)
	}
	ch := make(chan *dbus.Signal, 16)
	conn.Signal(ch)
	go func() {
		for sig := range ch {
			if sig.Name != "org.freedesktop.Notifications.ActionInvoked" || len(sig.Body) < 2 {
				continue
			}
			id, ok := sig.Body[0].(uint32)
			if !ok {
				continue
			}
			d.mu.Lock()
			open, known := d.sent[id]
			delete(d.sent, id)
			f := d.OnOpen
			d.mu.Unlock()
			if known && f != nil {
				f(open)
			}
		}
	}()
	return d, nil
}

// Send shows a notification with a default action, so that clicking it
// opens what it is about.
func (d *DBusNotifications) Send(n Notification) error {
	hints := map[string]dbus.Variant{"x-notification-id": dbus.MakeVariant(n.ID)}
	obj := d.conn.Object("org.freedesktop.Notifications", "/org/freedesktop/Notifications")
	var id uint32
	err := obj.Call("org.freedesktop.Notifications.Notify", 0, "Longhand", uint32(0), "", n.Title, n.Body,
		[]string{"default", "Open"}, hints, int32(-1)).Store(&id)
	if err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	d.mu.Lock()
	d.sent[id] = n.Open
	d.mu.Unlock()
	return nil
}
