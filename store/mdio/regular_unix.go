//go:build unix

package mdio

import (
	"io/fs"
	"syscall"
)

const openNonblock = syscall.O_NONBLOCK

// linkInfo returns which file fi is and how many names it has.
func linkInfo(fi fs.FileInfo) (fileKey, uint64, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileKey{}, 0, false
	}
	return fileKey{dev: uint64(st.Dev), ino: uint64(st.Ino)}, uint64(st.Nlink), true
}
