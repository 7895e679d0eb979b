package presence

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
)

// The numbers that make presence calm and honest.
//
// A device sends what it shows at once when that changes (at most once a
// MinGap), and again every Refresh while a page stays open; a receiver
// forgets a device it has not heard from for TTL. Three refreshes fit in a
// TTL, so one message lost on the way does not make a reader blink out,
// and a device that vanishes without a word (its lid shut, its network
// gone) is gone from others' headers within TTL. Closing a page is said at
// once, so the usual leaving shows within a second or two.
const (
	Refresh = 15 * time.Second
	TTL     = 45 * time.Second
	MinGap  = time.Second
	// MaxPages bounds the pages one message names: a window shows one
	// page; a few more leave room for more windows.
	MaxPages = 4
	// MaxMessage is the largest encoded message.
	MaxMessage = 1 + binary.MaxVarintLen64 + 1 + MaxPages*idLen
	// Burst and Rate bound what one device may send: a burst for pages
	// opened one after another, then one a second. More is dropped.
	Burst = 5
	Rate  = 1.0 // messages a second
)

const (
	version = 1
	idLen   = 16 // a document ID's 32 hex digits as bytes
)

// Message is what a device says: the pages it shows now (none once it
// closed them). Seq grows with every message a device sends, so a message
// overtaken by a later one on another connection is not believed.
type Message struct {
	Seq   uint64
	Pages []store.DocID
}

// Encode writes m. It fails on more than MaxPages pages or an ID that is
// not a document's.
func (m Message) Encode() ([]byte, error) {
	if len(m.Pages) > MaxPages {
		return nil, fmt.Errorf("presence names %d pages; at most %d", len(m.Pages), MaxPages)
	}
	b := binary.AppendUvarint([]byte{version}, m.Seq)
	b = append(b, byte(len(m.Pages)))
	for _, p := range m.Pages {
		if err := p.Validate(); err != nil {
			return nil, err
		}
		id, _ := hex.DecodeString(string(p))
		b = append(b, id...)
	}
	return b, nil
}

// ErrMalformed is returned for bytes that are no presence message.
var ErrMalformed = errors.New("malformed presence message")

// Decode reads a message strictly: this version, a sequence number, at
// most MaxPages distinct pages, nothing after.
func Decode(b []byte) (Message, error) {
	var m Message
	if len(b) > MaxMessage || len(b) < 3 || b[0] != version {
		return m, ErrMalformed
	}
	seq, k := binary.Uvarint(b[1:])
	if k <= 0 || k != len(binary.AppendUvarint(nil, seq)) { // one way to write each number
		return m, ErrMalformed
	}
	m.Seq = seq
	r := b[1+k:]
	if len(r) < 1 || int(r[0]) > MaxPages || len(r) != 1+int(r[0])*idLen {
		return m, ErrMalformed
	}
	for i := range int(r[0]) {
		id := store.DocID(hex.EncodeToString(r[1+i*idLen : 1+(i+1)*idLen]))
		if slices.Contains(m.Pages, id) {
			return Message{}, ErrMalformed
		}
		m.Pages = append(m.Pages, id)
	}
	return m, nil
}

// Guard is what a table checks a message against: the membership as this
// device folds it, and the space of a page this device holds.
type Guard struct {
	State   *membership.State
	SpaceOf func(page store.DocID) (space store.DocID, ok bool)
}

// ForGuest gives the pages of pages that the member may see: all of them
// for an admin or member, for a guest only those in the guest's spaces
// (a page this device does not hold is in none).
func (g Guard) ForGuest(member store.DocID, pages []store.DocID) []store.DocID {
	m := g.State.Members[member]
	if m == nil {
		return nil
	}
	if m.Role != membership.RoleGuest {
		return pages
	}
	var out []store.DocID
	for _, p := range pages {
		if sp, ok := g.SpaceOf(p); ok && slices.Contains(m.Spaces, string(sp)) {
			out = append(out, p)
		}
	}
	return out
}

// Table holds what other devices said, each until TTL after it was said.
type Table struct {
	Now func() time.Time // time.Now when nil

	mu      sync.Mutex
	devices map[membership.DeviceID]*heard
}

type heard struct {
	member  store.DocID
	pages   []store.DocID
	seq     uint64
	expires time.Time
	tokens  float64
	last    time.Time
}

func (t *Table) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

// Take believes raw from device if it may: the device is a current
// member's, the bytes a message, within the device's rate, newer than the
// last one taken from it; a guest's pages outside the guest's spaces are
// left out. It says whether what the table shows changed.
func (t *Table) Take(g Guard, device membership.DeviceID, raw []byte) (bool, error) {
	if g.State == nil || !g.State.IsMember(device) || g.State.WasRemoved(device) {
		return false, fmt.Errorf("presence from device %s, which is not a member's", device)
	}
	m, err := Decode(raw)
	if err != nil {
		return false, fmt.Errorf("presence from device %s: %w", device, err)
	}
	member := g.State.Devices[device].Member
	pages := g.ForGuest(member, m.Pages)
	now := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.devices == nil {
		t.devices = map[membership.DeviceID]*heard{}
	}
	h := t.devices[device]
	if h == nil {
		h = &heard{tokens: Burst, last: now}
		t.devices[device] = h
	}
	h.tokens = min(Burst, h.tokens+now.Sub(h.last).Seconds()*Rate)
	h.last = now
	if h.tokens < 1 {
		return false, fmt.Errorf("presence from device %s: faster than %g a second", device, Rate)
	}
	h.tokens--
	if m.Seq <= h.seq && h.seq != 0 {
		return false, nil // overtaken, or sent again
	}
	changed := h.member != member || !slices.Equal(h.pages, pages) || !h.expires.After(now)
	h.member, h.pages, h.seq, h.expires = member, pages, m.Seq, now.Add(TTL)
	return changed, nil
}

// Expire forgets what is older than TTL and says whether anything went.
// Devices quiet for long are forgotten whole, rate and order included.
func (t *Table) Expire() bool {
	now := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	changed := false
	for d, h := range t.devices {
		if !h.expires.After(now) {
			changed = changed || len(h.pages) > 0
			h.pages = nil
		}
		if now.Sub(h.last) > 10*TTL {
			delete(t.devices, d)
		}
	}
	return changed
}

// Forget drops what a device said: it was removed.
func (t *Table) Forget(device membership.DeviceID) {
	t.mu.Lock()
	delete(t.devices, device)
	t.mu.Unlock()
}

// On gives the members who have page open now, in a stable order, each
// once however many of their devices show it, and not except; a device
// removed since it spoke is left out.
func (t *Table) On(g Guard, page store.DocID, except store.DocID) []store.DocID {
	now := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	seen := map[store.DocID]bool{}
	var out []store.DocID
	for d, h := range t.devices {
		if g.State == nil || !g.State.IsMember(d) {
			continue // removed since it spoke
		}
		if h.expires.After(now) && h.member != except && !seen[h.member] && slices.Contains(h.pages, page) {
			seen[h.member] = true
			out = append(out, h.member)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
