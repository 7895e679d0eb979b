//go:build dev

package main

import (
	"flag"
	"os"
)

// devFlags accepts the flags that Wails reads itself in a dev build, so
// that parsing ours does not stop at them.
func devFlags(f *flag.FlagSet) {
	for _, name := range []string{"assetdir", "devserver", "frontenddevserverurl", "loglevel"} {
		f.String(name, "", "read by Wails in dev builds")
	}
}

// actAs names the member a dev build acts as, from LONGHAND_ACT_AS, so that
// end-to-end tests can play each side of a review or a chat on one data
// folder. Production builds never read it.
func actAs() string { return os.Getenv("LONGHAND_ACT_AS") }
