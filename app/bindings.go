//go:build bindings

package app

// The Wails CLI builds the app with the bindings tag and runs it only to
// read the bound methods; it must not touch anyone's data.
const generatingBindings = true
