package sqlite

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/membership"
)

// This file keeps "seen by" for video messages: a member's device signs
// that the member watched a video, the mark goes into the member's own
// document, and a mark counts only when the membership log says the
// signing device is that member's.

// writeVideoMarks rewrites the rows of the marks a member document holds.
// A malformed mark is left out; a well-formed one is kept as it is, its
// signature checked when it is read (the device that signed it may reach
// this device's log after the document does).
func writeVideoMarks(ctx context.Context, tx *sql.Tx, member store.DocID, d *crdt.Doc) error {
	marks, err := d.VideoMarks()
	if err != nil {
		return fmt.Errorf("read video marks of %s: %w", member, err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM video_seen WHERE member_id = ?", member); err != nil {
		return fmt.Errorf("write video marks: %w", err)
	}
	for video, token := range marks {
		m, err := store.ParseVideoMark(video, member, token)
		if err != nil {
			continue
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO video_seen (video, member_id, device, at, sig) VALUES (?, ?, ?, ?, ?)",
			m.Video, m.Member, m.Device, store.UnixMillis(m.At), m.Sig); err != nil {
			return fmt.Errorf("write video marks: %w", err)
		}
	}
	return nil
}

// checkVideoMark says whether a mark was signed by a device of its member
// in the workspace st folds.
func checkVideoMark(st *membership.State, m store.VideoMark) bool {
	raw, err := hex.DecodeString(m.Device)
	if err != nil || len(raw) != len(membership.DeviceID{}) {
		return false
	}
	dev := st.Devices[membership.DeviceID(raw)]
	if dev == nil || dev.Member != m.Member || st.Members[m.Member] == nil || len(dev.Key) != ed25519.PublicKeySize {
		return false
	}
	return ed25519.Verify(dev.Key, store.SeenMessage(st.Workspace, m.Video, m.Member, m.At), m.Sig)
}

// MarkVideoSeen records, signed by this device, that I watched a video
// stored here. A video I marked already keeps its first mark.
func (db *DB) MarkVideoSeen(ctx context.Context, video string, key store.Signer) error {
	if _, err := db.FindVideo(ctx, video); err != nil {
		return err
	}
	me, err := db.me(ctx)
	if err != nil {
		return err
	}
	var n int
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM video_seen WHERE video = ? AND member_id = ?", video, me).Scan(&n); err != nil {
		return fmt.Errorf("mark video seen: %w", err)
	}
	if n > 0 {
		return nil
	}
	st, err := db.MembershipState(ctx)
	if err != nil {
		return err
	}
	dev := membership.DeviceIDOf(key.PublicKey())
	m := store.VideoMark{Video: video, Member: me, Device: dev.String(), At: db.Now()}
	m.At = store.FromUnixMillis(store.UnixMillis(m.At))
	m.Sig = key.Sign(store.SeenMessage(st.Workspace, video, me, m.At))
	if !checkVideoMark(st, m) {
		return store.Errorf(store.EFORBIDDEN, "This device is not in the workspace's membership, so it cannot say what you watched.")
	}
	return db.changeDoc(ctx, me, "watch video", func(d *crdt.Doc) error { return d.SetVideoMark(video, m.Token()) },
		func(tx *sql.Tx, d *crdt.Doc) error { return writeVideoMarks(ctx, tx, me, d) })
}

// audienceQuery finds, for a video, the people each place that names it
// sends it to (member, 1) and who sent it there (member, 0): the members
// of a post's channel (everyone who did not leave a default channel,
// those who joined another) and its author; the members of a chat and
// the author of the message; everyone for a check-in (its author sent it)
// and for a page.
const audienceQuery = `
SELECT m.id, 1 FROM blob_refs r JOIN posts p ON p.id = r.doc_id JOIN channels c ON c.id = p.channel_id
	JOIN members m ON coalesce((SELECT joined FROM channel_members WHERE channel_id = c.id AND member_id = m.id), c.is_default)
	WHERE r.blob = ?1
UNION ALL SELECT p.author, 0 FROM blob_refs r JOIN posts p ON p.id = r.doc_id WHERE r.blob = ?1 AND p.body LIKE '%' || ?1 || '%'
UNION ALL SELECT cm.member_id, 1 FROM blob_refs r JOIN chat_chunks k ON k.id = r.doc_id
	JOIN conversation_members cm ON cm.conversation_id = k.conversation_id WHERE r.blob = ?1
UNION ALL SELECT cm.author, 0 FROM blob_refs r JOIN chat_messages cm ON cm.chunk_id = r.doc_id
	WHERE r.blob = ?1 AND cm.body LIKE '%' || ?1 || '%'
UNION ALL SELECT m.id, 1 FROM members m WHERE EXISTS (SELECT 1 FROM blob_refs r JOIN checkins ci ON ci.id = r.doc_id WHERE r.blob = ?1)
UNION ALL SELECT ci.member_id, 0 FROM blob_refs r JOIN checkins ci ON ci.id = r.doc_id WHERE r.blob = ?1
UNION ALL SELECT m.id, 1 FROM members m WHERE EXISTS (SELECT 1 FROM blob_refs r JOIN pages pg ON pg.id = r.doc_id WHERE r.blob = ?1)`

// FindVideoSeen says who a video was sent to and who of them watched it,
// counting only marks signed by a device of the member who made them.
func (db *DB) FindVideoSeen(ctx context.Context, video string) (*store.VideoSeen, error) {
	if err := store.ValidateAttachmentHash(video); err != nil {
		return nil, err
	}
	rows, err := db.db.QueryContext(ctx, audienceQuery, video)
	if err != nil {
		return nil, fmt.Errorf("find video audience: %w", err)
	}
	sent, senders := map[store.DocID]bool{}, map[store.DocID]bool{}
	for rows.Next() {
		var id store.DocID
		var to bool
		if err := rows.Scan(&id, &to); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find video audience: %w", err)
		}
		if to {
			sent[id] = true
		} else {
			senders[id] = true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find video audience: %w", err)
	}
	out := &store.VideoSeen{Audience: []store.DocID{}, Seen: []store.Seen{}}
	for id := range sent {
		if !senders[id] {
			out.Audience = append(out.Audience, id)
		}
	}
	slices.Sort(out.Audience)
	st, err := db.MembershipState(ctx)
	if err != nil {
		return nil, err
	}
	rows, err = db.db.QueryContext(ctx, "SELECT member_id, device, at, sig FROM video_seen WHERE video = ? ORDER BY at, member_id", video)
	if err != nil {
		return nil, fmt.Errorf("find video seen: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m := store.VideoMark{Video: video}
		var at int64
		if err := rows.Scan(&m.Member, &m.Device, &at, &m.Sig); err != nil {
			return nil, fmt.Errorf("find video seen: %w", err)
		}
		m.At = store.FromUnixMillis(at)
		if !slices.Contains(out.Audience, m.Member) {
			continue
		}
		if !checkVideoMark(st, m) {
			if db.Logf != nil {
				db.Logf("video %s: a seen mark in %s's document is not signed by their device; it does not count", video[:12], m.Member)
			}
			continue
		}
		out.Seen = append(out.Seen, store.Seen{Member: m.Member, At: m.At})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find video seen: %w", err)
	}
	return out, nil
}
