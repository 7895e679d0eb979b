// Package speech makes a rough transcript of a video message on this
// device: GStreamer (gst-launch-1.0) takes the sound out of the video as
// 16 kHz mono PCM, and CMU PocketSphinx (pocketsphinx_continuous, Debian's
// pocketsphinx with the pocketsphinx-en-us model) says which words it
// heard and when.
//
// Both run as child processes with a fixed command line, because the video
// is untrusted bytes and a decoder or a recognizer that crashes or spins
// must not take Longhand with it: each has a deadline and is killed at it,
// runs at low priority with its address space capped, and its output is
// read up to a bound. Without the recognizer every call says
// ErrNoRecognizer and nothing else. The package never touches the network
// and never runs on the window's path: callers run it in the background.
package speech
