// Package app is the only package that imports Wails. It binds thin
// services to the frontend, turns domain errors into what a person reads,
// and emits typed events when documents change. Bound methods validate
// their input and never panic: on Linux a nil dereference in one would
// take the whole process down, because WebKit owns the signal handlers.
package app
