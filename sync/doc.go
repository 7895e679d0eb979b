// Package sync holds no code: its sub-packages (wire, engine, transport,
// discover, crypto, relay) will sync documents between devices. Keeping
// code out of this level keeps its name off the standard library's sync.
// Nothing under sync may import Wails.
package sync
