package app

import (
	"context"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/presence"
)

// heardSay records what a Presence says through the relays and whether it
// reached for the LAN.
type heardSay struct {
	relays [][]store.DocID
	lan    int
}

func newPresenceFixture(t *testing.T) (*Presence, *notifierFixture, *heardSay) {
	f := newNotifierFixture(t)
	h := &heardSay{}
	p := NewPresence(context.Background(), f.db, EmitterFunc(func(string, any) {}), t.Logf)
	p.connect(func(context.Context, func(membership.DeviceID) []byte) { h.lan++ }, func(raw []byte) {
		m, err := presence.Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		h.relays = append(h.relays, m.Pages)
	})
	return p, f, h
}

// With the page open, the device says so; closing it, it says so once,
// and then nothing more.
func TestPresenceSaysWhatIsOpen(t *testing.T) {
	p, f, h := newPresenceFixture(t)
	ctx := context.Background()
	p.say(ctx)
	if len(h.relays) != 0 || h.lan != 0 {
		t.Fatalf("with no page open, presence said %v (LAN %d)", h.relays, h.lan)
	}
	if err := p.Open(string(f.page)); err != nil {
		t.Fatal(err)
	}
	p.say(ctx)
	if len(h.relays) != 1 || len(h.relays[0]) != 1 || h.relays[0][0] != f.page || h.lan != 1 {
		t.Fatalf("with the page open, presence said %v (LAN %d)", h.relays, h.lan)
	}
	p.Open("")
	p.say(ctx)
	p.say(ctx)
	if len(h.relays) != 2 || len(h.relays[1]) != 0 {
		t.Fatalf("after closing, presence said %v; want one empty message", h.relays)
	}
	if err := p.Open("not a page"); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("Open(not a page) = %v, want EINVALID", err)
	}
}

// Keeping quiet in settings, or focusing, sends nothing at all.
func TestPresenceOptOutAndFocusSendNothing(t *testing.T) {
	ctx := context.Background()
	t.Run("opt-out", func(t *testing.T) {
		p, f, h := newPresenceFixture(t)
		t.Setenv("XDG_CONFIG_HOME", t.TempDir())
		if _, err := NewFocus(ctx, f.db, nil, t.TempDir()).SaveSettings(FocusSettingsInput{HidePresence: true}); err != nil {
			t.Fatal(err)
		}
		p.Open(string(f.page))
		p.say(ctx)
		if len(h.relays) != 0 || h.lan != 0 {
			t.Errorf("opted out, presence said %v (LAN %d)", h.relays, h.lan)
		}
	})
	t.Run("focusing", func(t *testing.T) {
		p, f, h := newPresenceFixture(t)
		p.focusing = func() bool { return true }
		p.Open(string(f.page))
		p.say(ctx)
		if len(h.relays) != 0 || h.lan != 0 {
			t.Errorf("focusing, presence said %v (LAN %d)", h.relays, h.lan)
		}
	})
	t.Run("window hidden in the tray", func(t *testing.T) {
		p, f, h := newPresenceFixture(t)
		p.Open(string(f.page))
		p.setHidden(true)
		p.say(ctx)
		if len(h.relays) != 0 || h.lan != 0 {
			t.Errorf("hidden in the tray, presence said %v (LAN %d)", h.relays, h.lan)
		}
	})
	t.Run("quiet after being seen", func(t *testing.T) {
		p, f, h := newPresenceFixture(t)
		p.Open(string(f.page))
		p.say(ctx)
		p.focusing = func() bool { return true }
		p.say(ctx)
		p.say(ctx)
		if len(h.relays) != 2 || len(h.relays[1]) != 0 {
			t.Errorf("starting to focus, presence said %v; want the page, then one empty message", h.relays)
		}
	})
}
