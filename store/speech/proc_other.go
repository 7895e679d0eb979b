//go:build !linux

package speech

import "os/exec"

// supported: elsewhere the recognizer is not run yet (no Debian packages,
// no ulimit); New says what is missing.
const supported = false

func ownGroup(cmd *exec.Cmd) {}
