//go:build !dev

package main

import (
	"flag"
	"runtime"
)

func devFlags(*flag.FlagSet) {}

// devPrepare does nothing in production: only dev builds seed.
func devPrepare(string) error { return nil }

// actAs is empty in production: the app is always the person set up on
// this device.
func actAs() string { return "" }

// windowRecords: on Linux the window is WebKitGTK, whose MediaRecorder
// does not work on Debian 12's GStreamer, so Go records there.
func windowRecords() bool { return runtime.GOOS != "linux" }
