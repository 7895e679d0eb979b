package sqlite_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sqlite"
)

// A peer can send bytes that fail their check without end; the quarantine
// keeps the newest 1,000 items and 64 MB of them, and a record of what it
// dropped. What this device's own storage failed to load is never dropped.
func TestPeerQuarantineIsCapped(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	var local int64
	if err := sqlite.QueryRow(db, "INSERT INTO quarantine (doc_id, source, reason, bytes, found_at) VALUES (?, 'snapshot', 'would not load', ?, 0) RETURNING n",
		store.NewDocID(), []byte("own bytes")).Scan(&local); err != nil {
		t.Fatal(err)
	}
	peer := func(b []byte) {
		t.Helper()
		if err := db.SyncQuarantine(ctx, store.NewDocID(), "it failed its check", b); err != nil {
			t.Fatal(err)
		}
	}
	stats := func() (items, size int64) {
		t.Helper()
		if err := sqlite.QueryRow(db, "SELECT count(*), coalesce(sum(length(bytes)), 0) FROM quarantine WHERE source = 'peer'").Scan(&items, &size); err != nil {
			t.Fatal(err)
		}
		return items, size
	}
	dropped := func() string {
		var reason string
		sqlite.QueryRow(db, "SELECT reason FROM quarantine WHERE source = 'dropped'").Scan(&reason)
		return reason
	}

	// Five of the largest frames: the oldest loses its bytes, not its record.
	big := bytes.Repeat([]byte{0xAB}, 16<<20)
	for range 5 {
		peer(big)
	}
	if items, size := stats(); items != 5 || size != 64<<20 {
		t.Errorf("after 5 × 16 MB: %d items, %d bytes; want 5 items and 64 MB", items, size)
	}
	var reason string
	var size int64
	sqlite.QueryRow(db, "SELECT reason, length(bytes) FROM quarantine WHERE source = 'peer' ORDER BY n LIMIT 1").Scan(&reason, &size)
	if size != 0 || !strings.Contains(reason, "it failed its check") || !strings.Contains(reason, "16777216 bytes were dropped") {
		t.Errorf("oldest item: %d bytes, reason %q; want its bytes dropped and said so", size, reason)
	}

	// Past 1,000 items the oldest go, counted in one record.
	for range 1000 {
		peer([]byte("small"))
	}
	if items, size := stats(); items != 1000 || size != 5000 {
		t.Errorf("after 1,005 items: %d items, %d bytes; want the newest 1,000 and their 5,000 bytes", items, size)
	}
	if got := dropped(); !strings.HasPrefix(got, "5 rejected items from peers were dropped") {
		t.Errorf("record of dropped items = %q, want it to count 5", got)
	}
	for range 3 {
		peer([]byte("small"))
	}
	if got := dropped(); !strings.HasPrefix(got, "8 rejected items from peers were dropped") {
		t.Errorf("record of dropped items = %q, want it to count 8", got)
	}
	var n int
	sqlite.QueryRow(db, "SELECT count(*) FROM quarantine WHERE source = 'dropped'").Scan(&n)
	if n != 1 {
		t.Errorf("%d records of dropped items, want one", n)
	}

	var own []byte
	if err := sqlite.QueryRow(db, "SELECT bytes FROM quarantine WHERE n = ?", local).Scan(&own); err != nil || string(own) != "own bytes" {
		t.Errorf("this device's own quarantined bytes = %q, %v; want them kept", own, err)
	}
}
