package crdt_test

import (
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
)

// A profile's time format and regional format survive a save and a load,
// and a profile written before they existed reads them as automatic.
func TestMemberTimeFormat(t *testing.T) {
	d, err := crdt.NewMember(store.Member{Name: "Ada", TimeZone: "Asia/Kolkata", WorkStart: "09:00", WorkEnd: "17:00"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := d.Member()
	if err != nil {
		t.Fatal(err)
	}
	if m.TimeFormat != "" || m.Locale != "" {
		t.Errorf("a new profile's format = %q %q, want automatic", m.TimeFormat, m.Locale)
	}
	m.TimeFormat, m.Locale = store.TimeFormat24, "en-GB"
	if err := d.SetMember(*m); err != nil {
		t.Fatal(err)
	}
	loaded, err := crdt.Load(d.Save(), nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := loaded.Member()
	if err != nil {
		t.Fatal(err)
	}
	if got.TimeFormat != "24" || got.Locale != "en-GB" || got.TimeZone != "Asia/Kolkata" {
		t.Errorf("loaded profile = %+v", got)
	}
}
