// Command longhand is the Longhand desktop app. This file only wires the
// pieces together; app.Run does the work.
package main

import (
	"embed"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"strings"

	"github.com/longhand/longhand/app"
	"github.com/longhand/longhand/store/sandbox"
)

//go:embed all:frontend/dist
var assets embed.FS

//go:embed build/appicon.png
var icon []byte

func main() {
	if os.Getenv(sandbox.EnvWorker) != "" {
		os.Exit(sandbox.ServeMain()) // a child that checks untrusted bytes
	}
	flags := flag.NewFlagSet("longhand", flag.ContinueOnError)
	dataDir := flags.String("data-dir", "", "where Longhand keeps its data (default: $"+app.DataDirEnv+", then the platform's standard place)")
	syncListen := flags.String("sync-listen", "", "address to listen on for this workspace's other devices (default: every interface, port 7414)")
	devFlags(flags)
	if err := flags.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	// One argument at most: the longhand:// link the desktop opens us with
	// (the .desktop entry's %u). The app itself checks what the link says.
	var link string
	switch args := flags.Args(); {
	case len(args) > 1 || len(args) == 1 && !strings.HasPrefix(strings.ToLower(args[0]), "longhand:"):
		fmt.Fprintln(os.Stderr, "longhand: the only argument Longhand takes is a longhand:// link; see --help")
		os.Exit(2)
	case len(args) == 1:
		link = args[0]
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))

	dir, err := app.ResolveDataDir(*dataDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "longhand:", err)
		os.Exit(1)
	}
	if err := devPrepare(dir); err != nil {
		fmt.Fprintln(os.Stderr, "longhand:", err)
		os.Exit(1)
	}
	dist, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		panic(err) // the embed directive guarantees the folder
	}
	// Run stays on the main goroutine, which is the main thread: on macOS
	// it creates the tray icon there before wails.Run (see app/tray_darwin.go).
	err = app.Run(app.Config{DataDir: dir, Assets: dist, Icon: icon, Log: log, ActAs: actAs(), SyncListen: *syncListen, Link: link,
		WindowRecords: windowRecords()})
	if errors.Is(err, app.ErrAlreadyRunning) {
		fmt.Fprintln(os.Stderr, "longhand:", err)
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "longhand:", err)
		os.Exit(1)
	}
}
