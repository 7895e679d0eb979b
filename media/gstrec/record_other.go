//go:build !linux || android || !cgo

package gstrec

import "time"

// Recorder is one recording under way; there are none here.
type Recorder struct{}

func unsupported() error {
	return &Error{Kind: Unsupported, msg: "This computer records video in the window itself, not with GStreamer."}
}

// Check says that nothing records natively here.
func Check(o Options) error { return unsupported() }

// Start refuses: macOS's and Windows' webviews record with MediaRecorder.
func Start(o Options) (*Recorder, error) { return nil, unsupported() }

func (r *Recorder) Stop() error            { return unsupported() }
func (r *Recorder) Done() <-chan struct{}  { c := make(chan struct{}); close(c); return c }
func (r *Recorder) Elapsed() time.Duration { return 0 }
func (r *Recorder) Status() Status         { return Status{Err: unsupported()} }
func (r *Recorder) Frame() []byte          { return nil }

// Supported says whether this platform records natively.
func Supported() bool { return false }
