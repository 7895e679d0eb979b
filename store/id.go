package store

import (
	"crypto/rand"
	"encoding/hex"
)

// DocID identifies a shared document: 128 random bits as 32 lowercase hex digits.
type DocID string

// NewDocID returns a fresh random DocID.
func NewDocID() DocID {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("store: no randomness: " + err.Error()) // crypto/rand never fails on supported platforms
	}
	return DocID(hex.EncodeToString(b[:]))
}

// Validate reports whether id has the shape of a DocID.
func (id DocID) Validate() error {
	if len(id) != 32 {
		return Errorf(EINVALID, "%q is not a document ID.", string(id))
	}
	for _, c := range id {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return Errorf(EINVALID, "%q is not a document ID.", string(id))
		}
	}
	return nil
}

// Kind is the type of a shared document.
type Kind string

const (
	KindWorkspace Kind = "workspace"
	KindMember    Kind = "member"
	KindPage      Kind = "page"
	KindGoal      Kind = "goal"
	KindCheckIn   Kind = "checkin"
)
