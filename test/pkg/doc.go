// Package pkg installs the .deb packages as a person would and uses what
// they installed: the app from its desktop entry under Xvfb, a
// longhand:// link through xdg-open, the relay's service command line as
// its own user, an upgrade over an older version's data, and removal. It
// runs with the pkgtest build tag (make pkgtest), as root or with sudo,
// since it installs packages on this machine.
package pkg
