package app

import (
	"context"
	"sync"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/presence"
)

// EventPresenceChanged carries a PresenceChanged when who has a page open
// may have changed. It wakes no notification and starts no sync.
const EventPresenceChanged = "presence:changed"

// PresenceChanged is the payload of EventPresenceChanged.
type PresenceChanged struct{}

// PresenceStore is what presence needs of the store.
type PresenceStore interface {
	MembershipState(ctx context.Context) (*membership.State, error)
	FindPage(ctx context.Context, id store.DocID) (*store.Page, error)
	FindSession(ctx context.Context) (*store.Session, error)
	FindMembers(ctx context.Context) ([]store.Member, error)
	FindNotifySettings(ctx context.Context) (store.NotifySettings, error)
}

// Presence is the bound service that shows who else has a page open and
// tells others which page I have open, unless I keep quiet (a setting)
// or focus. It holds nothing on disk: what others said lives in memory
// for presence.TTL.
type Presence struct {
	ctx   context.Context
	store PresenceStore
	emit  Emitter
	logf  func(format string, args ...any)
	table presence.Table
	// lan and relays tell the devices this one reaches; nil before sync starts.
	lan    func(ctx context.Context, say func(membership.DeviceID) []byte)
	relays func(msg []byte)
	// focusing says whether I focus now, a recurring block included.
	focusing func() bool

	mu      sync.Mutex
	open    store.DocID // the page this window shows; "" for none
	hidden  bool        // the window hides in the tray: it shows no page to anyone
	seq     uint64
	quiet   bool // the last thing said was "no page", or nothing was said
	changed chan struct{}
}

// NewPresence returns the presence service; run starts it.
func NewPresence(ctx context.Context, st PresenceStore, emit Emitter, logf func(string, ...any)) *Presence {
	return &Presence{ctx: ctx, store: st, emit: emit, logf: logf, quiet: true, changed: make(chan struct{}, 1),
		focusing: func() bool { return false }}
}

// PresenceView is someone else who has a page open.
type PresenceView struct {
	MemberID string `json:"memberId"`
	Name     string `json:"name"`
}

// Open says which page this window shows ("" when none): others learn it
// within a second or so, unless I keep quiet or focus.
func (s *Presence) Open(pageID string) error {
	id := store.DocID(pageID)
	if id != "" {
		if err := id.Validate(); err != nil {
			return err
		}
	}
	s.mu.Lock()
	same := s.open == id
	s.open = id
	s.mu.Unlock()
	if !same {
		s.wake()
	}
	return nil
}

// setHidden says the window hid in the tray (true) or showed again.
func (s *Presence) setHidden(hidden bool) {
	s.mu.Lock()
	same := s.hidden == hidden
	s.hidden = hidden
	s.mu.Unlock()
	if !same {
		s.wake()
	}
}

// On gives the others who have the page open now, by name.
func (s *Presence) On(pageID string) ([]PresenceView, error) {
	id := store.DocID(pageID)
	if err := id.Validate(); err != nil {
		return nil, err
	}
	g, me, err := s.guard()
	if err != nil {
		return nil, err
	}
	out := []PresenceView{}
	ids := s.table.On(g, id, me)
	if len(ids) == 0 {
		return out, nil
	}
	ms, err := s.store.FindMembers(s.ctx)
	if err != nil {
		return nil, err
	}
	names := map[store.DocID]string{}
	for _, m := range ms {
		names[m.ID] = m.Name
	}
	for _, m := range ids {
		name := names[m]
		if name == "" {
			name = "Someone" // a profile that has not arrived yet
		}
		out = append(out, PresenceView{MemberID: string(m), Name: name})
	}
	return out, nil
}

// wake says what I show has changed, or whether I may say it.
func (s *Presence) wake() {
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

func (s *Presence) guard() (presence.Guard, store.DocID, error) {
	st, err := s.store.MembershipState(s.ctx)
	if err != nil {
		return presence.Guard{}, "", err
	}
	var me store.DocID
	if sess, err := s.store.FindSession(s.ctx); err == nil && sess.Me != nil {
		me = sess.Me.ID
	}
	return presence.Guard{State: st, SpaceOf: func(page store.DocID) (store.DocID, bool) {
		p, err := s.store.FindPage(s.ctx, page)
		if err != nil {
			return "", false
		}
		return p.Space, true
	}}, me, nil
}

// take is handed what a peer's device says, from the LAN or a relay.
func (s *Presence) take(device membership.DeviceID, raw []byte) {
	g, _, err := s.guard()
	if err != nil {
		s.logf("presence: %v", err)
		return
	}
	changed, err := s.table.Take(g, device, raw)
	if err != nil {
		s.logf("presence: dropped: %v", err)
		return
	}
	if changed {
		s.emit.Emit(EventPresenceChanged, PresenceChanged{})
	}
}

// leave says I show nothing any more, before sync stops: others see me
// go at once rather than after presence.TTL.
func (s *Presence) leave() {
	s.mu.Lock()
	s.open = ""
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(s.ctx, 2*time.Second)
	defer cancel()
	s.say(ctx)
}

// run says what I show when it changes and every presence.Refresh while
// a page is open, and forgets what others said once it is older than
// presence.TTL, until ctx ends.
func (s *Presence) run(ctx context.Context) {
	refresh := time.NewTicker(presence.Refresh)
	defer refresh.Stop()
	expire := time.NewTicker(2 * time.Second)
	defer expire.Stop()
	var last time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-expire.C:
			if s.table.Expire() {
				s.emit.Emit(EventPresenceChanged, PresenceChanged{})
			}
			continue
		case <-refresh.C:
		case <-s.changed:
			// Pages opened one after another are said once a MinGap.
			if wait := presence.MinGap - time.Since(last); wait > 0 {
				select {
				case <-ctx.Done():
					continue
				case <-time.After(wait):
				}
			}
		}
		last = time.Now()
		s.say(ctx)
	}
}

// say tells the devices this one reaches which page I show: none while I
// keep quiet or focus. Once "none" is said, nothing more is, until a page
// shows again.
func (s *Presence) say(ctx context.Context) {
	var pages []store.DocID
	s.mu.Lock()
	open := s.open
	if s.hidden {
		open = ""
	}
	s.mu.Unlock()
	if open != "" && !s.focusing() {
		if ns, err := s.store.FindNotifySettings(ctx); err == nil && !ns.HidePresence {
			pages = []store.DocID{open}
		}
	}
	s.mu.Lock()
	if len(pages) == 0 && s.quiet {
		s.mu.Unlock()
		return
	}
	s.quiet = len(pages) == 0
	s.seq = max(s.seq+1, uint64(time.Now().UnixNano())) // grows across restarts too
	msg := presence.Message{Seq: s.seq, Pages: pages}
	lan, relays := s.lan, s.relays
	s.mu.Unlock()
	raw, err := msg.Encode()
	if err != nil {
		s.logf("presence: %v", err)
		return
	}
	if relays != nil {
		relays(raw)
	}
	if lan == nil {
		return
	}
	g, _, err := s.guard()
	if err != nil {
		s.logf("presence: %v", err)
		return
	}
	lan(ctx, func(peer membership.DeviceID) []byte {
		// A guest's device learns only of pages in the guest's spaces.
		dev := g.State.Devices[peer]
		if dev == nil {
			return nil
		}
		m := presence.Message{Seq: msg.Seq, Pages: g.ForGuest(dev.Member, msg.Pages)}
		b, err := m.Encode()
		if err != nil {
			return nil
		}
		return b
	})
}

// connect sets how this device reaches others: the LAN manager's
// SayPresence, and the relays.
func (s *Presence) connect(lan func(ctx context.Context, say func(membership.DeviceID) []byte), relays func([]byte)) {
	s.mu.Lock()
	if lan != nil {
		s.lan = lan
	}
	if relays != nil {
		s.relays = relays
	}
	s.mu.Unlock()
}
