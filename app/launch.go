package app

import (
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"
)

// started is close enough to the process's start for the launch log: the
// package is initialised before main runs.
var started = time.Now()

// logReady logs the window's "ui ready" with the screen it drew and where
// the launch's time went: "window" is the process start to the page's
// navigation, and the page's own stages (html fetched, parsed, main script
// run, screen drawn) are milliseconds from that navigation. The launch
// benchmark reads it; the page's figures are not trusted for anything else.
func logReady(log *slog.Logger, data []any) {
	screen := data
	if len(screen) > 1 {
		screen = screen[:1]
	}
	attrs := []any{"screen", screen, "since_start", time.Since(started).Round(time.Millisecond)}
	if len(data) > 1 {
		if t, ok := data[1].(map[string]any); ok {
			attrs = append(attrs, "page_ms", stages(t))
			if r, ok := t["ready"].(float64); ok && r >= 0 && r < 1e7 {
				nav := time.Since(started) - time.Duration(r)*time.Millisecond
				attrs = append(attrs, "window", nav.Round(time.Millisecond))
			}
		}
	}
	log.Info("ui ready", attrs...)
}

// stages renders the page's timings as "html=12 main=480 …", numbers only.
func stages(t map[string]any) string {
	keys := make([]string, 0, len(t))
	for k := range t {
		if len(k) <= 16 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		if v, ok := t[k].(float64); ok {
			fmt.Fprintf(&b, "%s=%d ", k, int64(v))
		}
	}
	return strings.TrimSpace(b.String())
}
