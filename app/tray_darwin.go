//go:build darwin

package app

// trayOnMainThread: on macOS the status item must be created on the main
// thread before wails.Run takes it over, so Run starts the tray first.
// Not yet tested on a Mac.
const trayOnMainThread = true

// trayHost: macOS always has a menu bar.
func trayHost() error { return nil }
