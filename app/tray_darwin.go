//go:build darwin

package app

import "context"

// trayOnMainThread: on macOS the status item must be created on the main
// thread before wails.Run takes it over, so Run starts the tray first.
// Not yet tested on a Mac.
const trayOnMainThread = true

// trayHost: macOS always has a menu bar.
func trayHost() error { return nil }

// waitForTrayHost: there is always one, so there is nothing to wait for.
func waitForTrayHost(context.Context, func()) {}

// notificationServer: the system's notification centre is always there.
func notificationServer() (bool, string) { return true, "" }
