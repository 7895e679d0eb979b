//go:build !dev

package main

import "flag"

func devFlags(*flag.FlagSet) {}
