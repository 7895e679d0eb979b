//go:build !windows

package app

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"
)

// ErrAlreadyRunning is returned by claimInstance when another Longhand holds
// the data directory; that one has been asked to bring its window forward.
var ErrAlreadyRunning = errors.New("Longhand is already running with this data folder; its window was brought forward")

// instance is this process's claim on a data directory: an exclusive lock
// on a file in it, and a Unix socket on which a second launch asks the
// first to show its window.
type instance struct {
	lock   *os.File
	ln     net.Listener
	onShow atomic.Pointer[func()]
}

func claimInstance(dir string) (*instance, error) {
	lockPath := filepath.Join(dir, "longhand.lock")
	sock := filepath.Join(dir, "longhand.sock")
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", lockPath, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			if err := askToShow(sock); err != nil {
				return nil, fmt.Errorf("Longhand is already running with this data folder, but did not answer: %w", err)
			}
			return nil, ErrAlreadyRunning
		}
		return nil, fmt.Errorf("lock %s: %w", lockPath, err)
	}
	in := &instance{lock: f}
	os.Remove(sock) // left by a process that died; we hold the lock, so it is stale
	if ln, err := net.Listen("unix", sock); err == nil {
		in.ln = ln
		go in.serve()
	}
	// Without the socket (a path too long for one, say) a second launch
	// still finds the lock and says Longhand is running.
	return in, nil
}

func (in *instance) serve() {
	for {
		c, err := in.ln.Accept()
		if err != nil {
			return
		}
		go func() {
			defer c.Close()
			c.SetDeadline(time.Now().Add(2 * time.Second))
			line, err := bufio.NewReader(c).ReadString('\n')
			if err != nil || line != "show\n" {
				return
			}
			if f := in.onShow.Load(); f != nil {
				(*f)()
			}
			c.Write([]byte("ok\n"))
		}()
	}
}

func askToShow(sock string) error {
	c, err := net.DialTimeout("unix", sock, 2*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(3 * time.Second))
	if _, err := c.Write([]byte("show\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if line != "ok\n" {
		return fmt.Errorf("unexpected answer %q", line)
	}
	return nil
}

func (in *instance) release() {
	if in.ln != nil {
		in.ln.Close()
	}
	in.lock.Close()
}
