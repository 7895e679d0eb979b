//go:build windows

package app

import "context"

// trayOnMainThread: on Windows the notification area icon runs its own
// message loop and starts after the window. Longhand has no Windows build
// yet (see README); this keeps the path ready.
const trayOnMainThread = false

// trayHost: Windows always has a notification area.
func trayHost() error { return nil }

// waitForTrayHost: there is always one, so there is nothing to wait for.
func waitForTrayHost(context.Context, func()) {}

// notificationServer: the system's notification centre is always there.
func notificationServer() (bool, string) { return true, "" }
