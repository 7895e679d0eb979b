package sqlite

import (
	"context"

	"github.com/longhand/longhand/store"
)

func init() { inboxSources = append(inboxSources, checkInDueItems) }

// checkInDueItems: my check-in, when its scheduled time in my zone has
// come and I have not checked in since. One item per scheduled time, so
// that "done" on Tuesday's does not hide Friday's.
func checkInDueItems(ctx context.Context, db *DB, me store.DocID, _ int) ([]store.InboxItem, error) {
	m, err := db.FindMember(ctx, me)
	if err != nil {
		return nil, err
	}
	sc, err := db.FindSchedule(ctx, me)
	if err != nil {
		return nil, err
	}
	lastDone := m.CreatedAt // times before someone joined are not theirs to have missed
	last, err := db.FindCheckIns(ctx, store.CheckInFilter{Members: []store.DocID{me}, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(last) > 0 {
		lastDone = last[0].CreatedAt
	}
	due, at := store.CheckInDue(sc, m.Location(), db.Now(), lastDone)
	if !due {
		return nil, nil
	}
	return []store.InboxItem{{Key: "checkin-due:" + at.UTC().Format("2006-01-02T15:04Z"), Kind: store.InboxCheckInDue,
		Actor: me, Title: "Your check-in", Snippet: "Update your goals: progress, plans, problems and blockers.", At: at, Due: at}}, nil
}
