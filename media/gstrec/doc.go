// Package gstrec records a video message natively with GStreamer, for the
// windows whose webview has no MediaRecorder (WebKitGTK on Debian 12): the
// camera, the screen, or both (the camera in a corner over the screen),
// with or without the microphone, encoded as VP8 and Opus in WebM and
// written to a file as it is recorded, so that a crash leaves a take that
// plays up to its last block.
//
// It drives one pipeline per recording through GStreamer's C API and ends
// it, with an end-of-stream, at the limit it is given: no picture or sound
// past the limit reaches the file. It knows nothing of takes, summaries or
// the store: app decides which file to write and what limit holds.
// It must never run a gst-launch process or read a file it did not write.
package gstrec
