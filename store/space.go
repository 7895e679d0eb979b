package store

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Space is a part of the knowledge base with its own page tree, such as
// the company handbook or the playbooks.
type Space struct {
	ID          DocID
	Name        string
	Description string
	Icon        string // one emoji
	Home        DocID  // the starter page that says what belongs here
	Position    string // orders it among the spaces (see package order); "" for spaces made before spaces could be ordered
	CreatedAt   time.Time
	DeletedAt   time.Time // zero unless the space is in the trash
	Empty       bool      // no live page but its home (read from the rows, not the document)
}

// InTrash reports whether the space was deleted and can still be restored.
func (s *Space) InTrash() bool { return !s.DeletedAt.IsZero() }

// SpaceUpdate holds the fields of a space to change; nil fields stay as they are.
type SpaceUpdate struct {
	Name        *string
	Description *string
	Icon        *string
}

// SpaceService reads and changes spaces.
type SpaceService interface {
	// FindSpaces lists the live spaces in their order.
	FindSpaces(ctx context.Context) ([]Space, error)
	// FindTrashedSpaces lists the spaces in the trash, most recently deleted first.
	FindTrashedSpaces(ctx context.Context) ([]Space, error)
	// CreateSpace makes a space with a home page saying what belongs there.
	CreateSpace(ctx context.Context, name, description, icon string) (*Space, error)
	UpdateSpace(ctx context.Context, id DocID, upd SpaceUpdate) (*Space, error)
	// MoveSpace puts a space just before the space before, or last when
	// before is "". It returns every space whose position changed, the
	// moved one last.
	MoveSpace(ctx context.Context, id, before DocID) ([]Space, error)
	// DeleteSpace moves a space to the trash with its live pages, and
	// returns the IDs of those pages.
	DeleteSpace(ctx context.Context, id DocID) ([]DocID, error)
	// RestoreSpace takes a space out of the trash with the pages that went
	// there with it, and returns their IDs.
	RestoreSpace(ctx context.Context, id DocID) ([]DocID, error)
	// PurgeSpace deletes a trashed space and all its pages for good, and
	// returns the IDs of the pages.
	PurgeSpace(ctx context.Context, id DocID) ([]DocID, error)
}

// NormalizeSpace trims and checks a space's name, description and icon.
// An empty icon becomes the folder.
func NormalizeSpace(name, description, icon string) (string, string, string, error) {
	name, err := ValidateName("space name", name)
	if err != nil {
		return "", "", "", err
	}
	description, err = NormalizeSpaceDescription(description)
	if err != nil {
		return "", "", "", err
	}
	icon, err = NormalizeSpaceIcon(icon)
	return name, description, icon, err
}

// NormalizeSpaceDescription trims a space's description and checks its length.
func NormalizeSpaceDescription(description string) (string, error) {
	description = strings.TrimSpace(description)
	if !utf8.ValidString(description) {
		return "", Errorf(EINVALID, "The description is not valid text.")
	}
	if utf8.RuneCountInString(description) > 500 {
		return "", Errorf(EINVALID, "A space description can be at most 500 characters.")
	}
	return description, nil
}

// NormalizeSpaceIcon trims a space's icon; an empty one becomes the folder.
func NormalizeSpaceIcon(icon string) (string, error) {
	icon = strings.TrimSpace(icon)
	switch {
	case icon == "":
		return "📁", nil
	case !utf8.ValidString(icon) || utf8.RuneCountInString(icon) > 8:
		return "", Errorf(EINVALID, "A space icon is one emoji.")
	}
	return icon, nil
}

// DefaultSpaces are created with every new workspace.
var DefaultSpaces = []struct {
	Name, Icon, Description, Home string
}{
	{"Company Handbook", "📘", "How we work: values, policies, benefits, tools, and the decisions that shaped them.",
		"Welcome to the handbook. It is the single place for how this company works.\n\n## What belongs here\n\n- Values and operating principles\n- Policies: time off, expenses, security, hiring\n- Benefits and how to use them\n- The tools we use and the rules for each\n\nKeep each page short, dated and owned. When a decision changes how we work, update the page here and link the decision.\n"},
	{"Playbooks", "🧭", "Step-by-step guides for things we do more than once.",
		"Playbooks turn what one person learned into what everyone can repeat.\n\n## What belongs here\n\n- Incident response and on-call\n- Releasing, launching and announcing\n- Recurring processes: month-end, reviews, audits\n\nStart from the **Playbook** template: when to use it, who owns it, the steps, and how to know it worked.\n"},
	{"Goals", "🎯", "Where we are going this year, this quarter and this week, and how it is going.",
		"Goals are visible to everyone, from the company's year down to each person's week.\n\n## What belongs here\n\n- Annual and quarterly goals, with their owners and measures\n- Notes from check-ins and retrospectives\n- The reasoning behind priorities\n"},
	{"Insights & Deep Dives", "🔬", "Research, analyses, root-cause analyses and memos that must exist before any meeting.",
		"Write it down before the meeting: the team reads first and meets only to decide.\n\n## What belongs here\n\n- Deep dives and research\n- Root-cause analyses of incidents\n- Six-page memos and product specs\n\nUse the **Deep dive / root-cause analysis**, **Six-page memo** and **Product spec** templates.\n"},
	{"Org & Hiring", "🧑‍🤝‍🧑", "Who does what, who reports to whom, and how we hire.",
		"## What belongs here\n\n- The org chart and team pages: mission, members, how to reach them\n- Roles and career ladders\n- Open positions, interview loops and scorecards\n"},
	{"Onboarding & Training", "🌱", "Everything a new teammate needs in their first weeks, and training for everyone after.",
		"## What belongs here\n\n- The onboarding checklist for each role\n- Accounts, tools and access to request\n- Trainings and recorded walkthroughs, written up\n\nStart a new hire's plan from the **Onboarding checklist** template.\n"},
	{"Metrics", "📈", "The numbers the team chose to watch, what each means, and where it comes from.",
		"## What belongs here\n\n- The scoreboard: each metric with its definition, owner and source\n- How each number is computed, and its known caveats\n- Weekly updates on how the numbers moved, and why\n"},
}
