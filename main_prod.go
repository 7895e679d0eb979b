//go:build !dev

package main

import "flag"

func devFlags(*flag.FlagSet) {}

// actAs is empty in production: the app is always the person set up on
// this device.
func actAs() string { return "" }
