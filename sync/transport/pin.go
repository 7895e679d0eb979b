package transport

import (
	"bytes"
	"crypto/ed25519"
	"fmt"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
)

// Pinner decides whether the device with key pub may sync: it returns the
// device's ID when the current membership holds it, and otherwise an error
// whose sentence (store.ErrorMessage) is shown to that device's user. It is
// called for every connection, so a removal takes effect on the next one.
type Pinner func(pub ed25519.PublicKey) (membership.DeviceID, error)

// PinError is a refusal by the membership: the device is unknown, or was
// removed at Removed.
type PinError struct {
	Device  membership.DeviceID
	Removed time.Time // zero when the device was never a member
}

func (e *PinError) Error() string { return e.Unwrap().Error() }

// Unwrap gives the refusal as the refused device's user reads it.
func (e *PinError) Unwrap() error {
	if e.Removed.IsZero() {
		return store.Errorf(store.EFORBIDDEN, "This device is not a member of the workspace. Ask an admin for an invitation.")
	}
	return store.Errorf(store.EFORBIDDEN, "This device was removed from the workspace on %s. Ask an admin for a new invitation.", e.Removed.UTC().Format("2 January 2006"))
}

// aboutPeer says the same thing to the user of the device that refused.
func (e *PinError) aboutPeer(addr string) error {
	if e.Removed.IsZero() {
		return store.Errorf(store.EFORBIDDEN, "The device at %s is not a member of the workspace, so Longhand did not sync with it.", addr)
	}
	return store.Errorf(store.EFORBIDDEN, "The device at %s was removed from the workspace on %s, so Longhand did not sync with it.", addr, e.Removed.UTC().Format("2 January 2006"))
}

// CheckMember is the Pinner of a membership state and the log it was
// folded from: the key's device must be a live device of a member. The log
// is searched only to say when a device that is no longer there was
// removed.
func CheckMember(st *membership.State, log []*membership.Entry, pub ed25519.PublicKey) (membership.DeviceID, error) {
	id := membership.DeviceIDOf(pub)
	if len(pub) != ed25519.PublicKeySize {
		return id, &PinError{Device: id}
	}
	if d := st.Devices[id]; d != nil && bytes.Equal(d.Key, pub) && st.Members[d.Member] != nil {
		return id, nil
	}
	applied := make(map[membership.Hash]bool, len(st.Applied))
	for _, h := range st.Applied {
		applied[h] = true
	}
	// The member the device was added for, then the last removal of it.
	var member store.DocID
	for _, e := range log {
		if !applied[e.Hash()] {
			continue
		}
		switch {
		case e.Kind == membership.KindCreate && e.SignerID() == id,
			e.Kind == membership.KindJoin && membership.DeviceIDOf(e.Device) == id:
			member = e.Member
		}
	}
	if member == "" {
		return id, &PinError{Device: id}
	}
	var removed time.Time
	for _, e := range log {
		if applied[e.Hash()] && (e.Kind == membership.KindRemoveDevice && e.DeviceID == id ||
			e.Kind == membership.KindRemoveMember && e.Member == member) && e.Time.After(removed) {
			removed = e.Time
		}
	}
	if removed.IsZero() {
		return id, &PinError{Device: id}
	}
	return id, &PinError{Device: id, Removed: removed}
}

// MemberPinner returns a Pinner that asks load for the current membership
// at every connection.
func MemberPinner(load func() (*membership.State, []*membership.Entry, error)) Pinner {
	return func(pub ed25519.PublicKey) (membership.DeviceID, error) {
		st, log, err := load()
		if err != nil {
			return membership.DeviceID{}, fmt.Errorf("load the membership: %w", err)
		}
		return CheckMember(st, log, pub)
	}
}
