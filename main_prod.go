//go:build !dev

package main

import "flag"

func devFlags(*flag.FlagSet) {}

// devPrepare does nothing in production: only dev builds seed.
func devPrepare(string) error { return nil }

// actAs is empty in production: the app is always the person set up on
// this device.
func actAs() string { return "" }
