// Package crypto holds a device's identity and the invitations that let
// new devices in: the device's Ed25519 key, created on first run and kept
// in the OS keystore where one is reachable or else in a file only the
// user can read; the device ID people compare; invitation codes and links;
// and the checks that turn a join request into a signed membership entry.
//
// It never imports Wails, and never writes a private key anywhere but the
// keystore or that one file.
package crypto
