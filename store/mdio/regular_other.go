//go:build !unix

package mdio

import "io/fs"

// No FIFO blocks an open here.
const openNonblock = 0

// linkInfo cannot tell how many names a file has here.
func linkInfo(fs.FileInfo) (fileKey, uint64, bool) { return fileKey{}, 0, false }
