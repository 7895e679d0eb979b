package sqlite

import "os"

// keepPrivate makes the database and the files SQLite keeps beside it
// (-wal, -shm, and the -journal of a rollback) readable and writable by
// this user only. SQLite creates a database 0644 less the umask, and each
// file beside it with the database's mode, so one made in a folder that
// others may enter could be read by them. A database not there yet is
// created empty and 0600 for SQLite to fill; an existing one, and what
// lies beside it, loses any access by others. A file system that keeps no
// modes is left as it is: the open goes on.
func keepPrivate(path string) {
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	}
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		fi, err := os.Stat(p)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		if fi.Mode().Perm()&0o077 != 0 {
			os.Chmod(p, fi.Mode().Perm()&^0o077)
		}
	}
}
