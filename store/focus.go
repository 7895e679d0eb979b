package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// FocusBlock is a recurring focus block: the same local times on some
// days of the week, such as weekday mornings 09:00–11:00. An end at or
// before the start runs past midnight into the next day.
type FocusBlock struct {
	Days  [7]bool `json:"days"`  // by time.Weekday: Days[time.Monday] ...
	Start int     `json:"start"` // minutes after local midnight
	End   int     `json:"end"`
}

// Weekdays is Monday to Friday, for FocusBlock.Days.
var Weekdays = [7]bool{false, true, true, true, true, true, false}

// Validate checks a block.
func (b FocusBlock) Validate() error {
	someDay := false
	for _, d := range b.Days {
		someDay = someDay || d
	}
	switch {
	case !someDay:
		return Errorf(EINVALID, "A focus block needs at least one day.")
	case b.Start < 0 || b.Start >= 24*60 || b.End < 0 || b.End >= 24*60:
		return Errorf(EINVALID, "A focus block starts and ends at a time of day.")
	case b.Start == b.End:
		return Errorf(EINVALID, "A focus block must not start and end at the same time.")
	}
	return nil
}

// String is the block as people read it: "Mon–Fri 09:00–11:00".
func (b FocusBlock) String() string {
	names := []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	var days []string
	if b.Days == Weekdays {
		days = []string{"Mon–Fri"}
	} else {
		for _, d := range []time.Weekday{1, 2, 3, 4, 5, 6, 0} {
			if b.Days[d] {
				days = append(days, names[d])
			}
		}
	}
	return fmt.Sprintf("%s %02d:%02d–%02d:%02d", strings.Join(days, ", "), b.Start/60, b.Start%60, b.End/60, b.End%60)
}

// MaxFocusBlocks is how many recurring blocks a person can have.
const MaxFocusBlocks = 20

// NotifySettings are my choices about desktop notifications and focus, on
// this device.
type NotifySettings struct {
	// MentionsBreakThrough shows direct mentions during focus and outside
	// working hours.
	MentionsBreakThrough bool
	Blocks               []FocusBlock
	// BlocksOffUntil: recurring blocks do not count before it; set when I
	// stop focus in the middle of one.
	BlocksOffUntil time.Time
	// KeepInTray: closing the window keeps Longhand running in the tray.
	KeepInTray bool
	// HidePresence: this device does not tell others which page I have
	// open (it never does while I focus).
	HidePresence bool
}

// Validate checks settings.
func (s *NotifySettings) Validate() error {
	if len(s.Blocks) > MaxFocusBlocks {
		return Errorf(EINVALID, "At most %d focus blocks.", MaxFocusBlocks)
	}
	for _, b := range s.Blocks {
		if err := b.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// HeldNote is a desktop notification kept back: until my working hours
// start, or for the digest at the end of focus. Held notes survive a
// restart.
type HeldNote struct {
	Item    string    // the inbox item's key, or another stable key
	Kind    InboxKind // what it is about
	Title   string
	Body    string
	Mention bool      // a direct mention of me
	Until   time.Time // when to decide again
	Digest  bool      // held for the focus digest, not for working hours
}

// NotifyService keeps what the notifier needs between runs.
type NotifyService interface {
	FindNotifySettings(ctx context.Context) (NotifySettings, error)
	UpdateNotifySettings(ctx context.Context, s NotifySettings) error
	// NoticeItems records that the notifier has considered these keys and
	// returns those it had not. The very first call notices everything
	// and returns none, so that a first start does not announce the past.
	NoticeItems(ctx context.Context, keys []string) ([]string, error)
	HoldNote(ctx context.Context, n HeldNote) error
	FindHeldNotes(ctx context.Context) ([]HeldNote, error) // by Until, then key
	DeleteHeldNotes(ctx context.Context, items []string) error
}

// DecodeFocusBlocks reads blocks as stored (JSON). Blocks that do not
// validate are left out and reported in the error, never guessed at; the
// valid ones are returned even then.
func DecodeFocusBlocks(data []byte) ([]FocusBlock, error) {
	var raw []FocusBlock
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("focus blocks: %w", err)
	}
	var out []FocusBlock
	var bad int
	for _, b := range raw {
		if b.Validate() == nil && len(out) < MaxFocusBlocks {
			out = append(out, b)
		} else {
			bad++
		}
	}
	if bad > 0 {
		return out, fmt.Errorf("focus blocks: %d left out as invalid", bad)
	}
	return out, nil
}
