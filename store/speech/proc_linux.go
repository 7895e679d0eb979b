package speech

import (
	"os/exec"
	"syscall"
)

// supported: the programs run under /bin/sh with ulimit and nice.
const supported = true

// ownGroup runs the program in a process group of its own, killed whole
// when the deadline passes, and killed too if Longhand dies first.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
