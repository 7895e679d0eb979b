package gstrec

import (
	"fmt"
	"time"
)

// Source is what the picture shows.
type Source string

const (
	Camera Source = "camera"
	Screen Source = "screen"
	Both   Source = "both" // the screen, with the camera in its lower right corner
)

// Options says what to record and where.
type Options struct {
	Source     Source
	Microphone bool
	// Fake records GStreamer's test picture and tone instead of the camera
	// and the microphone: for tests, and for LONGHAND_MOCK_CAPTURE=1, on
	// machines (this one, CI) that have no camera and no microphone. The
	// screen is always the real one.
	Fake bool
	// Limit is how long the recording may run: at Limit the pipeline ends
	// the file, and nothing timed at or after it is written.
	Limit time.Duration
	// Path is the file written, created or truncated.
	Path string

	// fast makes the fake sources run as fast as the encoder goes rather
	// than in real time (set only by this package's tests, to record a
	// three-minute limit in seconds).
	fast bool
}

func (o Options) check() error {
	switch o.Source {
	case Camera, Screen, Both:
	default:
		return &Error{Kind: BadOptions, msg: fmt.Sprintf("Longhand records the camera, the screen or both, not %q.", string(o.Source))}
	}
	if o.Limit <= 0 {
		return &Error{Kind: BadOptions, msg: "A recording needs a length limit."}
	}
	if o.Path == "" {
		return &Error{Kind: BadOptions, msg: "A recording needs a file to write."}
	}
	return nil
}

// Kind says what went wrong, for the caller to choose its words or its
// error code; Error's text is already a sentence a person can act on.
type Kind int

const (
	Failed        Kind = iota // the pipeline reported an error (its message is in the text)
	BadOptions                // the caller asked for something that cannot be recorded
	MissingPlugin             // a GStreamer element is not installed
	NoCamera                  // no camera, or it cannot be opened
	NoMicrophone              // no microphone, or no sound server
	NoScreen                  // the screen cannot be captured (no X display)
	DiskFull                  // the file cannot grow
	Unsupported               // this platform does not record natively
)

// Error is a recording that could not start, or stopped.
type Error struct {
	Kind    Kind
	Element string // the GStreamer element at fault, when one is
	msg     string
	Debug   string // GStreamer's debug text, for the log
}

func (e *Error) Error() string { return e.msg }

// Status is a recording's state.
type Status struct {
	Recording bool          // still running
	Elapsed   time.Duration // how far it got, in the recording's time
	AtLimit   bool          // it ended because it reached its limit
	Err       error         // why it stopped, when it failed
}
