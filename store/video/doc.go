// Package video reads what Longhand needs to know of a video file from
// its bytes: which container it is (WebM with VP8 or VP9 and Opus, or
// MP4), how long it runs, and the stamp Longhand writes into the videos
// it records (which take it was, and its one-line summary). It also writes
// that stamp.
//
// Every byte it reads comes from a file or a peer and is trusted for
// nothing: reading is bounded (it walks the file once, visits a bounded
// number of elements, and reads no field larger than it needs), a
// malformed file is an EINVALID error, and nothing in it panics. It must
// never decode a picture or a sound: the length comes from the container.
package video
