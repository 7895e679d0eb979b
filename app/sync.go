package app

import (
	"context"
	"errors"
	"sync"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/sync/peer"
)

// EventSyncStatus carries a SyncStatusView whenever a peer's status or a
// running session's progress changes.
const EventSyncStatus = "sync:status"

// SyncStore is what the sync service needs from the store.
type SyncStore interface {
	AddSyncAddress(ctx context.Context, addr string) error
	RemoveSyncAddress(ctx context.Context, addr string) error
	FindSyncAddresses(ctx context.Context) ([]string, error)
	FindDocStatus(ctx context.Context, id store.DocID) ([]sqlite.DocPeerStatus, error)
}

// Sync is the bound service for syncing with peers on the network: their
// status, "Sync now", and addresses typed in.
type Sync struct {
	ctx   context.Context
	store SyncStore
	// ParseAddress checks and normalizes a typed-in address.
	ParseAddress func(string) (string, error)
	events       Emitter
	runner       *syncRunner                      // nil in tests of the status alone
	relays       *Relays                          // for joining through a relay; may be nil
	viewSession  func(*store.Session) SessionView // for Join's answer

	mu        sync.Mutex
	manager   *peer.Manager // nil while sync is not running; why says why
	why       string
	listening string // where peers reach this device
}

// set records the running manager, or why there is none.
func (s *Sync) set(m *peer.Manager, why, listening string) {
	s.mu.Lock()
	s.manager, s.why, s.listening = m, why, listening
	s.mu.Unlock()
}

func (s *Sync) mgr() *peer.Manager {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.manager
}

// NewSync returns the sync service. With a nil manager it explains why
// sync is off.
func NewSync(ctx context.Context, st SyncStore, m *peer.Manager, why string, events Emitter) *Sync {
	return &Sync{ctx: ctx, store: st, manager: m, why: why, events: events,
		ParseAddress: func(s string) (string, error) { return s, nil }}
}

// SyncStatusView is the sync status as the sidebar and settings show it.
type SyncStatusView struct {
	Available bool             `json:"available"`
	Why       string           `json:"why"` // when not available
	Syncing   bool             `json:"syncing"`
	Done      int              `json:"done"`
	Total     int              `json:"total"`
	Peers     []PeerStatusView `json:"peers"`
	Addresses []string         `json:"addresses"`
	Listening string           `json:"listening"` // the address peers reach this device at
}

// PeerStatusView is one peer device.
type PeerStatusView struct {
	Device    string `json:"device"`
	Name      string `json:"name"`
	Address   string `json:"address"`
	State     string `json:"state"` // syncing, in sync, unsent, behind, unreachable, never
	LastSync  string `json:"lastSync"`
	LastError string `json:"lastError"`
	InSync    int    `json:"inSync"`
	Unsent    int    `json:"unsent"`
	Behind    int    `json:"behind"`
}

// DocPeerView is one document's status with one peer.
type DocPeerView struct {
	Name     string `json:"name"`
	InSync   bool   `json:"inSync"`
	LastSync string `json:"lastSync"`
}

var errSyncOff = store.Errorf(store.EUNAVAILABLE, "Sync with other devices is off.")

// Status returns the peers and any session running.
func (s *Sync) Status() (SyncStatusView, error) {
	s.mu.Lock()
	m, why := s.manager, s.why
	s.mu.Unlock()
	v := SyncStatusView{Why: why, Peers: []PeerStatusView{}, Addresses: []string{}}
	if m == nil {
		return v, nil
	}
	st, err := m.Status(s.ctx)
	if err != nil {
		return v, err
	}
	addrs, err := s.store.FindSyncAddresses(s.ctx)
	if err != nil {
		return v, err
	}
	return s.view(st, addrs), nil
}

func (s *Sync) view(st peer.Status, addrs []string) SyncStatusView {
	v := SyncStatusView{Available: true, Syncing: st.Syncing, Done: st.Done, Total: st.Total,
		Peers: []PeerStatusView{}, Addresses: addrs}
	s.mu.Lock()
	v.Listening = s.listening
	s.mu.Unlock()
	if v.Addresses == nil {
		v.Addresses = []string{}
	}
	for _, p := range st.Peers {
		v.Peers = append(v.Peers, PeerStatusView{Device: p.Device, Name: p.Name, Address: p.Address, State: p.State,
			LastSync: formatTime(p.LastSync), LastError: p.LastError, InSync: p.InSync, Unsent: p.Unsent, Behind: p.Behind})
	}
	return v
}

// SyncNow syncs with every known peer at once, and returns when done.
func (s *Sync) SyncNow() (SyncStatusView, error) {
	m := s.mgr()
	if m == nil {
		return SyncStatusView{}, errSyncOff
	}
	err := m.SyncNow(s.ctx)
	v, serr := s.Status()
	if serr != nil {
		return v, serr
	}
	if err != nil && !anyInSync(v) {
		return v, store.Errorf(store.EUNAVAILABLE, "No other device could be reached: %v", err)
	}
	return v, nil
}

func anyInSync(v SyncStatusView) bool {
	for _, p := range v.Peers {
		if p.State == "in sync" || p.State == "unsent" {
			return true
		}
	}
	return false
}

// AddAddress remembers a device's address ("host" or "host:port") and
// syncs with it at once.
func (s *Sync) AddAddress(addr string) (SyncStatusView, error) {
	a, err := s.ParseAddress(addr)
	if err != nil {
		return SyncStatusView{}, err
	}
	if err := s.store.AddSyncAddress(s.ctx, a); err != nil {
		return SyncStatusView{}, err
	}
	if m := s.mgr(); m != nil {
		m.Poke()
	}
	return s.Status()
}

// RemoveAddress forgets a typed-in address.
func (s *Sync) RemoveAddress(addr string) (SyncStatusView, error) {
	if err := s.store.RemoveSyncAddress(s.ctx, addr); err != nil {
		return SyncStatusView{}, err
	}
	return s.Status()
}

// Join sets up this device, on first run, as a device of the workspace an
// invitation code names: through the device at address, or one found on
// this network when address is empty, or through a relay when address is
// one (wss://…), where it waits for any member's device to let it in. The workspace's documents then
// arrive with the first sync, whose progress the status shows.
func (s *Sync) Join(code, personName, timeZone, address string) (SessionView, error) {
	if s.runner == nil {
		return SessionView{}, errSyncOff
	}
	var sess *store.Session
	var err error
	if isRelayAddress(address) {
		sess, err = s.runner.joinThroughRelay(s.ctx, s.relays, code, personName, timeZone, address)
	} else {
		sess, err = s.runner.join(s.ctx, code, personName, timeZone, address)
	}
	if err != nil {
		return SessionView{}, err
	}
	if err := s.runner.start(s.ctx); err != nil {
		return SessionView{}, err
	}
	// The first sync, before the workspace opens, so that it opens whole;
	// its progress goes out as sync:status. If it fails the workspace
	// still opens, and sync tries again.
	if m := s.mgr(); m != nil {
		if err := m.SyncNow(s.ctx); err != nil {
			s.runner.logf("sync: the first sync after joining: %v", err)
		}
	}
	// The profile of a person who joined as themselves came with it.
	if again, err := s.runner.db.FindSession(s.ctx); err == nil {
		sess = again
	}
	return s.viewSession(sess), nil
}

// PageStatus says, per peer, whether it holds a page as it is here.
func (s *Sync) PageStatus(id string) ([]DocPeerView, error) {
	doc := store.DocID(id)
	if err := doc.Validate(); err != nil {
		return nil, err
	}
	st, err := s.store.FindDocStatus(s.ctx, doc)
	if err != nil {
		return nil, err
	}
	out := []DocPeerView{}
	for _, p := range st {
		name := p.Name
		if name == "" {
			name = "A device"
		}
		out = append(out, DocPeerView{Name: name, InSync: p.InSync, LastSync: formatTime(p.LastSync)})
	}
	return out, nil
}

// statusChanged relays the manager's status to the windows (the manager
// reports progress within a session a few times a second at most).
func (s *Sync) statusChanged() func(peer.Status) {
	return func(st peer.Status) {
		addrs, err := s.store.FindSyncAddresses(s.ctx)
		if err != nil && !errors.Is(err, context.Canceled) {
			return
		}
		s.events.Emit(EventSyncStatus, s.view(st, addrs))
	}
}

// remoteFanout tells the windows about documents a peer changed, with the
// events the services send for local changes, so every screen follows.
type remoteFanout struct {
	ctx         context.Context
	pages       *Pages
	spaces      *Spaces
	reviews     *Reviews
	members     *Members
	chats       *Chats
	channels    *Channels
	goals       *Goals
	inbox       *Inbox
	transcripts *Transcripts
	store       interface {
		FindMember(ctx context.Context, id store.DocID) (*store.Member, error)
		FindPost(ctx context.Context, id store.DocID) (*store.Post, error)
		FindGoal(ctx context.Context, id store.DocID) (*store.Goal, error)
		FindCheckIn(ctx context.Context, id store.DocID) (*store.CheckIn, error)
		FindReview(ctx context.Context, page store.DocID) (*store.Review, error)
		FindChannels(ctx context.Context) ([]store.Channel, error)
	}
}

func (f *remoteFanout) changed(c sqlite.RemoteChange) {
	ev := f.pages.events
	switch c.Kind {
	case store.KindPage:
		if c.Page == nil {
			break
		}
		kind := ChangeEdited
		if c.Created {
			kind = ChangeCreated
		}
		f.pages.announce(PageChanged{Kind: kind, Page: summaryView(*c.Page), PrevRev: c.PrevRev, Rev: c.Rev, Splices: c.Splices})
		if c.Created {
			break // nobody has it open yet: its threads and review are read when it opens
		}
		ev.Emit(EventThreadsChanged, ThreadsChanged{PageID: string(c.ID)})
		if r, err := f.store.FindReview(f.ctx, c.ID); err == nil {
			ev.Emit(EventReviewChanged, ReviewChanged{PageID: string(c.ID), Review: f.reviews.view(r)})
		}
	case store.KindWorkspace:
		if list, err := f.spaces.List(); err == nil {
			for _, sp := range list {
				ev.Emit(EventSpaceChanged, SpaceChanged{Kind: SpaceUpdated, Space: sp})
			}
		}
		if cs, err := f.store.FindChannels(f.ctx); err == nil {
			for _, ch := range cs {
				ev.Emit(EventChannelChanged, ChannelChanged{Channel: channelView(&ch)})
			}
		}
	case store.KindMember:
		if m, err := f.store.FindMember(f.ctx, c.ID); err == nil {
			ev.Emit(EventMemberChanged, memberView(m))
		}
	case store.KindConversation:
		ev.Emit(EventChatChanged, ChatChanged{ConversationID: string(c.ID), Kind: "members"})
	case store.KindChat:
		ev.Emit(EventChatChanged, ChatChanged{ConversationID: string(c.Parent), Kind: "message"})
	case store.KindPost:
		if p, err := f.store.FindPost(f.ctx, c.ID); err == nil {
			kind := PostEdited
			if c.Created {
				kind = PostCreated
			}
			f.channels.announcePost(kind, p)
		}
	case store.KindGoal:
		if g, err := f.store.FindGoal(f.ctx, c.ID); err == nil {
			_, _ = f.goals.changed(g)
		}
	case store.KindCheckIn:
		if ci, err := f.store.FindCheckIn(f.ctx, c.ID); err == nil {
			ev.Emit(EventCheckInChanged, checkInView(ci))
		}
	case store.KindTranscript:
		if f.transcripts != nil {
			f.transcripts.changed(string(c.Parent))
		}
	}
	ev.Emit(EventInboxChanged, nil)
}
