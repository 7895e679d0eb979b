package store

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Workspace is a team's shared space. One data directory holds one workspace.
type Workspace struct {
	ID        DocID
	Name      string
	CreatedAt time.Time
}

// Session is what the app knows about who is using it.
type Session struct {
	Workspace *Workspace // nil before the first run's setup
	Me        *Member    // nil before the first run's setup
	Guest     bool       // the person may read and comment on pages, not change them
	Spaces    []DocID    // for a guest: the spaces they may read
}

// WorkspaceService sets up and describes the local workspace.
type WorkspaceService interface {
	FindSession(ctx context.Context) (*Session, error)
	// CreateWorkspace runs once, on first start: it creates the workspace
	// and the person's member profile. ECONFLICT if it already exists.
	CreateWorkspace(ctx context.Context, workspaceName, personName, timeZone string) (*Session, error)
}

// ValidateName trims a person's or a workspace's name and checks it.
func ValidateName(what, name string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	switch {
	case name == "":
		return "", Errorf(EINVALID, "Please enter a %s.", what)
	case !utf8.ValidString(name):
		return "", Errorf(EINVALID, "The %s is not valid text.", what)
	case utf8.RuneCountInString(name) > 100:
		return "", Errorf(EINVALID, "A %s can be at most 100 characters.", what)
	}
	return name, nil
}

// ValidateTimeZone checks an IANA time zone name.
func ValidateTimeZone(tz string) error {
	if tz == "" || tz == "Local" {
		return Errorf(EINVALID, "Please choose a time zone.")
	}
	if _, err := time.LoadLocation(tz); err != nil {
		return Errorf(EINVALID, "%q is not a time zone Longhand knows.", tz)
	}
	return nil
}
