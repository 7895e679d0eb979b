//go:build !linux || android

package app

// enableMedia does nothing here: macOS's and Windows' webviews ask the
// person through their own prompts.
func enableMedia() {}
