//go:build linux || freebsd || openbsd || netbsd

package app

import (
	"context"
	"fmt"
	"os"

	"github.com/godbus/dbus/v5"
)

// trayOnMainThread: on Linux the tray is a D-Bus service and can start
// from any goroutine, after the window.
const trayOnMainThread = false

// trayHost checks that a StatusNotifierWatcher answers on the session bus.
// Without one, fyne.io/systray would have nothing to register with, and
// with no bus at all its shutdown dereferences a nil connection.
func trayHost() error {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		return fmt.Errorf("%w: no D-Bus session", ErrNoTrayHost)
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return fmt.Errorf("%w: cannot reach the D-Bus session: %v", ErrNoTrayHost, err)
	}
	defer conn.Close()
	var has bool
	err = conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.kde.StatusNotifierWatcher").Store(&has)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNoTrayHost, err)
	}
	if !has {
		return fmt.Errorf("%w: nothing on this desktop shows StatusNotifierItem icons", ErrNoTrayHost)
	}
	return nil
}

// waitForTrayHost calls f once a StatusNotifierWatcher appears on the
// session bus, as when Longhand starts at login before the desktop's
// panel. It returns at once when there is no bus, and when ctx ends.
func waitForTrayHost(ctx context.Context, f func()) {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		return
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return
	}
	defer conn.Close()
	if err := conn.AddMatchSignal(dbus.WithMatchSender("org.freedesktop.DBus"), dbus.WithMatchMember("NameOwnerChanged"),
		dbus.WithMatchArg(0, "org.kde.StatusNotifierWatcher")); err != nil {
		return
	}
	ch := make(chan *dbus.Signal, 4)
	conn.Signal(ch)
	// It may have appeared between the first look and the match.
	if trayHost() == nil {
		f()
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case sig, ok := <-ch:
			if !ok {
				return
			}
			if len(sig.Body) == 3 {
				if owner, _ := sig.Body[2].(string); owner != "" {
					f()
					return
				}
			}
		}
	}
}

// notificationServer reports whether a notification server answers on the
// session bus (running, or one the bus can start), and if not, why.
func notificationServer() (ok bool, problem string) {
	const name = "org.freedesktop.Notifications"
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return false, "Desktop notifications need a D-Bus session, and there is none."
	}
	defer conn.Close()
	var has bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has); err == nil && has {
		return true, ""
	}
	var names []string
	if err := conn.BusObject().Call("org.freedesktop.DBus.ListActivatableNames", 0).Store(&names); err == nil {
		for _, n := range names {
			if n == name {
				return true, ""
			}
		}
	}
	return false, "No notification server answers on this desktop, so Longhand shows nothing outside its window; your inbox has everything."
}
