//go:build dev

package main

import "flag"

// devFlags accepts the flags that Wails reads itself in a dev build, so
// that parsing ours does not stop at them.
func devFlags(f *flag.FlagSet) {
	for _, name := range []string{"assetdir", "devserver", "frontenddevserverurl", "loglevel"} {
		f.String(name, "", "read by Wails in dev builds")
	}
}
