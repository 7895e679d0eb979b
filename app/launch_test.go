package app

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestLogReadyKeepsTheScreenAndTellsTheStages(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))

	logReady(log, []any{"main", map[string]any{"main": 120.0, "ready": 480.0, "html": 4.0, "evil\nkey that is far too long": 1.0, "text": "x"}})
	line := buf.String()
	// The packaging and smoke tests wait for exactly this.
	if !strings.Contains(line, `msg="ui ready" screen=[main]`) {
		t.Errorf("the screen is not logged as the tests wait for it: %s", line)
	}
	if !strings.Contains(line, `page_ms="html=4 main=120 ready=480"`) {
		t.Errorf("the stages are not logged in order of their names, numbers only: %s", line)
	}
	if !strings.Contains(line, "window=") {
		t.Errorf("the time before the page's navigation is missing: %s", line)
	}

	buf.Reset()
	logReady(log, []any{"setup"}) // an older page, or no timings
	if line := buf.String(); !strings.Contains(line, `screen=[setup]`) || strings.Contains(line, "page_ms") {
		t.Errorf("without timings only the screen is logged: %s", line)
	}
}
