//go:build dev

package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/longhand/longhand/app"
	"github.com/longhand/longhand/store/seed"
	"github.com/longhand/longhand/store/sqlite"
)

var seedPages *int

// devFlags accepts the flags that Wails reads itself in a dev build, so
// that parsing ours does not stop at them, and the dev build's own.
func devFlags(f *flag.FlagSet) {
	for _, name := range []string{"assetdir", "devserver", "frontenddevserverurl", "loglevel"} {
		f.String(name, "", "read by Wails in dev builds")
	}
	seedPages = f.Int("seed-pages", 0, "dev builds: before starting, make a workspace (if there is none) and fill its first space with this many pages (see store/seed)")
}

// devPrepare seeds the data folder when -seed-pages asks, through the
// store, for tests of large workspaces that cannot click 10,000 pages.
func devPrepare(dir string) error {
	if seedPages == nil || *seedPages <= 0 {
		return nil
	}
	ctx := context.Background()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	db, err := sqlite.Open(ctx, filepath.Join(dir, app.DatabaseFile))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := seed.Workspace(ctx, db, seed.Shape{Pages: *seedPages}); err != nil {
		return fmt.Errorf("seed %d pages: %w", *seedPages, err)
	}
	return nil
}

// actAs names the member a dev build acts as, from LONGHAND_ACT_AS, so that
// end-to-end tests can play each side of a review or a chat on one data
// folder. Production builds never read it.
func actAs() string { return os.Getenv("LONGHAND_ACT_AS") }

// windowRecords: the dev build serves the end-to-end tests' Chromium, which
// records with MediaRecorder; LONGHAND_NATIVE_RECORDING=1 makes Go record.
func windowRecords() bool { return os.Getenv("LONGHAND_NATIVE_RECORDING") != "1" }
