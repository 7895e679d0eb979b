package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/longhand/longhand/store"
)

// Workspace is the bound service for the session and first-run setup.
type Workspace struct {
	ctx     context.Context
	ws      store.WorkspaceService
	dataDir string
	// OnSetup, when set, runs once the workspace exists (sync starts then).
	OnSetup func()
	links   *links
}

// NewWorkspace returns the workspace service.
func NewWorkspace(ctx context.Context, ws store.WorkspaceService, dataDir string) *Workspace {
	return &Workspace{ctx: ctx, ws: ws, dataDir: dataDir}
}

// TakeLink returns the longhand:// link Longhand was opened with since the
// window last asked, or nil; the window asks at start and on
// EventLinkOpened.
func (s *Workspace) TakeLink() *LinkView {
	if s.links == nil {
		return nil
	}
	return s.links.take()
}

// Session says whether setup is done and who the person is.
func (s *Workspace) Session() (SessionView, error) {
	sess, err := s.ws.FindSession(s.ctx)
	if err != nil {
		return SessionView{}, err
	}
	return s.view(sess), nil
}

// Setup creates the local workspace on first run.
func (s *Workspace) Setup(personName, timeZone, workspaceName string) (SessionView, error) {
	sess, err := s.ws.CreateWorkspace(s.ctx, workspaceName, personName, timeZone)
	if err != nil {
		return SessionView{}, err
	}
	if s.OnSetup != nil {
		s.OnSetup()
	}
	return s.view(sess), nil
}

// TimeZones lists the IANA time zone names this system knows, for the
// setup form's picker.
func (s *Workspace) TimeZones() []string {
	return zoneNames()
}

// ZoneCountries maps each time zone to its country ("Europe/Stockholm" →
// "SE"): the automatic regional format is the system's language as spoken
// in the country of the profile's zone.
func (s *Workspace) ZoneCountries() map[string]string {
	return store.ZoneCountries()
}

func (s *Workspace) view(sess *store.Session) SessionView {
	v := SessionView{SystemTimeZone: SystemTimeZone(), DataDir: s.dataDir}
	if sess.Workspace != nil && sess.Me != nil {
		v.Ready = true
		v.WorkspaceName = sess.Workspace.Name
		v.MeID = string(sess.Me.ID)
		v.MeName = sess.Me.Name
		v.TimeZone = sess.Me.TimeZone
		v.Guest = sess.Guest
		v.GuestSpaces = []string{}
		for _, sp := range sess.Spaces {
			v.GuestSpaces = append(v.GuestSpaces, string(sp))
		}
	}
	return v
}

// SystemTimeZone returns the IANA name of the system's time zone, or "UTC"
// when it cannot be told. Aliases of UTC are given as "UTC".
func SystemTimeZone() string {
	switch tz := systemTimeZone(); tz {
	case "Etc/UTC", "Etc/Universal", "Etc/Zulu", "Universal", "Zulu", "Etc/GMT", "GMT":
		return "UTC"
	default:
		return tz
	}
}

func systemTimeZone() string {
	if tz := os.Getenv("TZ"); tz != "" {
		tz = strings.TrimPrefix(tz, ":")
		if _, err := time.LoadLocation(tz); err == nil && tz != "Local" {
			return tz
		}
	}
	if b, err := os.ReadFile("/etc/timezone"); err == nil {
		if tz := strings.TrimSpace(string(b)); tz != "" {
			if _, err := time.LoadLocation(tz); err == nil {
				return tz
			}
		}
	}
	if target, err := filepath.EvalSymlinks("/etc/localtime"); err == nil {
		if i := strings.Index(target, "zoneinfo/"); i >= 0 {
			tz := target[i+len("zoneinfo/"):]
			if _, err := time.LoadLocation(tz); err == nil {
				return tz
			}
		}
	}
	return "UTC"
}
