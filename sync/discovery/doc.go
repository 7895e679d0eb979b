// Package discovery finds the devices of a workspace on the local network
// with mDNS (service _longhand._tcp), and reads addresses people type in.
//
// An announcement names nothing in clear: its instance and host names are
// random for each run, and its TXT record holds only the protocol version
// and a tag, the first 8 bytes of HMAC-SHA256 keyed by the workspace ID.
// Members, and invitees (an invitation carries the workspace ID), compute
// the same tag and find each other; anyone else sees an opaque value that
// changes with the workspace and says nothing about it. Finding a device
// proves nothing: transport checks every device against the membership.
package discovery
