package store

import (
	"context"
	"time"
)

// MembershipService keeps the workspace's signed membership log. Entries
// are bytes here; store/membership decodes, verifies and folds them.
type MembershipService interface {
	// AddMembershipEntries verifies entries that came from another device
	// and stores those that hold, in any order within the batch. The
	// others are quarantined with the reason, never applied. Entries
	// already stored are reported as duplicates and change nothing.
	AddMembershipEntries(ctx context.Context, entries [][]byte) ([]EntryResult, error)
	// FindMembershipEntries returns every stored entry in the order stored.
	FindMembershipEntries(ctx context.Context) ([][]byte, error)
	// FindQuarantine lists the refused entries, newest first.
	FindQuarantine(ctx context.Context) ([]QuarantinedEntry, error)
}

// EntryResult says what became of one entry handed to AddMembershipEntries.
type EntryResult struct {
	Hash      string // hex SHA-256 of the bytes
	Stored    bool
	Duplicate bool   // it was already stored
	Reason    string // why it was quarantined; "" when stored
}

// QuarantinedEntry is an entry that failed verification.
type QuarantinedEntry struct {
	Hash       string
	Reason     string
	Size       int
	ReceivedAt time.Time
}
