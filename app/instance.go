//go:build !windows

package app

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
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
	// onOpen is handed a link a second launch was started with; the
	// running window shows it.
	onOpen atomic.Pointer[func(link string)]
}

// claimInstance claims dir, or hands link (if any) to the Longhand that
// has it and asks that one to show its window.
func claimInstance(dir, link string) (*instance, error) {
	lockPath := filepath.Join(dir, "longhand.lock")
	sock := filepath.Join(dir, "longhand.sock")
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", lockPath, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			if err := askToShow(sock, link); err != nil {
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
			// One line: "show", or "open LINK" with a link of bounded length.
			line, err := bufio.NewReader(io.LimitReader(c, maxLinkLen+16)).ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimSuffix(line, "\n")
			if link, ok := strings.CutPrefix(line, "open "); ok {
				if f := in.onOpen.Load(); f != nil {
					(*f)(link)
				}
			} else if line != "show" {
				return
			}
			if f := in.onShow.Load(); f != nil {
				(*f)()
			}
			c.Write([]byte("ok\n"))
		}()
	}
}

// askToShow asks the Longhand listening on sock to show its window, and
// to open link when there is one. The link goes as it came, but on one
// line and bounded: the running Longhand reads it as untrusted.
func askToShow(sock, link string) error {
	c, err := net.DialTimeout("unix", sock, 2*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(3 * time.Second))
	msg := "show\n"
	if link != "" {
		link = strings.NewReplacer("\n", "%0A", "\r", "%0D").Replace(link)
		msg = "open " + link[:min(len(link), maxLinkLen+1)] + "\n"
	}
	if _, err := c.Write([]byte(msg)); err != nil {
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
