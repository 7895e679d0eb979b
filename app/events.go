package app

// Event names, one per channel; each has exactly one payload type.
const (
	// EventPageChanged carries a PageChanged whenever a page is created,
	// renamed, edited, trashed, restored or purged, by any window or peer.
	EventPageChanged = "page:changed"
)

// Page change kinds.
const (
	ChangeCreated  = "created"
	ChangeRenamed  = "renamed"
	ChangeEdited   = "edited"
	ChangeTrashed  = "trashed"
	ChangeRestored = "restored"
	ChangePurged   = "purged"
)

// PageChanged is the payload of EventPageChanged.
type PageChanged struct {
	Kind   string      `json:"kind"`
	Page   PageSummary `json:"page"`
	Origin string      `json:"origin"` // the client that made the change; "" for the backend or a peer
	// For edits: the heads before and after, and the splices that lead from
	// one to the other. An editor showing PrevHeads applies Splices and is
	// then at Heads; any other editor reloads the body. Splices is empty
	// when the change was a merge.
	PrevHeads string   `json:"prevHeads"`
	Heads     string   `json:"heads"`
	Splices   []Splice `json:"splices"`
}

// Emitter sends an event to every frontend.
type Emitter interface {
	Emit(name string, payload any)
}

// EmitterFunc adapts a function to Emitter.
type EmitterFunc func(name string, payload any)

func (f EmitterFunc) Emit(name string, payload any) { f(name, payload) }
