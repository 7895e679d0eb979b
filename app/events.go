package app

// Event names, one per channel; each has exactly one payload type.
const (
	// EventPageChanged carries a PageChanged whenever a page is created,
	// renamed, edited, saved, trashed, restored or purged, by any window or peer.
	EventPageChanged = "page:changed"

	// EventSpaceCreated carries the SpaceView of a new space. Its home
	// page arrives as a page:changed "created".
	EventSpaceCreated = "space:created"

	// EventSpaceChanged carries a SpaceChanged when a space is edited,
	// moved in the order, trashed, restored or purged. The pages that go
	// with it arrive as page:changed events of their own.
	EventSpaceChanged = "space:changed"

	// EventThreadsChanged carries a ThreadsChanged when a page's comment
	// threads change: started, replied to, resolved or reopened.
	EventThreadsChanged = "threads:changed"

	// EventReviewChanged carries a ReviewChanged when a page's review
	// changes: status, owner, reviewers, review-by date, meeting, decisions.
	EventReviewChanged = "review:changed"

	// EventMemberChanged carries the MemberView of a profile that was
	// added or changed.
	EventMemberChanged = "member:changed"
)

// Page change kinds.
const (
	ChangeCreated  = "created"
	ChangeRenamed  = "renamed"
	ChangeMoved    = "moved" // its space, parent or position changed; subpages moved with it
	ChangeEdited   = "edited"
	ChangeSaved    = "saved" // edits were folded into the page's row: its excerpt and time are fresh
	ChangeTrashed  = "trashed"
	ChangeRestored = "restored"
	ChangePurged   = "purged"
)

// Space change kinds.
const (
	SpaceUpdated  = "updated" // its name, description or icon
	SpaceMoved    = "moved"   // its position among the spaces
	SpaceTrashed  = "trashed"
	SpaceRestored = "restored"
	SpacePurged   = "purged"
)

// SpaceChanged is the payload of EventSpaceChanged.
type SpaceChanged struct {
	Kind  string    `json:"kind"`
	Space SpaceView `json:"space"`
}

// PageChanged is the payload of EventPageChanged.
type PageChanged struct {
	Kind   string      `json:"kind"`
	Page   PageSummary `json:"page"`
	Origin string      `json:"origin"` // the client that made the change; "" for the backend or a peer
	// For edits: the revisions before and after, and the splices that lead
	// from one to the other. An editor at PrevRev applies Splices and is
	// then at Rev; an editor at any other revision reloads the body.
	PrevRev string   `json:"prevRev"`
	Rev     string   `json:"rev"`
	Splices []Splice `json:"splices"`
}

// Emitter sends an event to every frontend.
type Emitter interface {
	Emit(name string, payload any)
}

// EmitterFunc adapts a function to Emitter.
type EmitterFunc func(name string, payload any)

func (f EmitterFunc) Emit(name string, payload any) { f(name, payload) }
