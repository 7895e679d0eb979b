package sqlite_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"slices"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/store/video/videotest"
)

// seenMembers lists who watched, in order.
func seenMembers(s *store.VideoSeen) []store.DocID {
	var out []store.DocID
	for _, x := range s.Seen {
		out = append(out, x.Member)
	}
	return out
}

// "Seen by": a member marks only themselves. A mark in a member's
// document counts when a device of that member signed it; a mark signed
// by a stranger, or by another member's device, does not. The audience is
// who the video was sent to, without its sender.
func TestVideoSeenCountsOnlyMarksSignedByTheMembersOwnDevice(t *testing.T) {
	ctx := context.Background()
	ada, path := openSigned(t, t.TempDir())
	db := mustOpen(t, path)
	defer db.Close()
	db.Signer = ada
	sess, err := db.FindSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	me := sess.Me.ID
	st, err := db.MembershipState(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// Grace joins with a device of her own.
	now := time.Now()
	secret := [16]byte{7}
	inv := &membership.Entry{Kind: membership.KindInvite, Workspace: st.Workspace, Time: now, Parents: st.Heads,
		Invite: membership.InviteID{2}, SecretHash: sha256.Sum256(secret[:]), Role: membership.RoleMember, Expires: now.Add(time.Hour)}
	if err := inv.Sign(ada); err != nil {
		t.Fatal(err)
	}
	graceKey, grace := newSigner(t), store.NewDocID()
	join := &membership.Entry{Kind: membership.KindJoin, Workspace: st.Workspace, Time: now, Parents: []membership.Hash{inv.Hash()},
		Invite: inv.Invite, Secret: secret, Member: grace, Device: graceKey.PublicKey(),
		DeviceSig: graceKey.Sign(membership.JoinMessage(st.Workspace, inv.Invite, grace, graceKey.PublicKey()))}
	if err := join.Sign(ada); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddMembershipEntries(ctx, [][]byte{inv.Bytes(), join.Bytes()}); err != nil {
		t.Fatal(err)
	}

	// Five videos: four on a page (sent to everyone), and one posted in Announcements by Ada.
	var videos []string
	for i := range 5 {
		b, err := db.CreateBlob(ctx, "v.webm", bytes.NewReader(stamped(t, videotest.Encode(t, videotest.Encoding{Seconds: 1 + i, Mux: "webm-live"}), 1, "Hello")), store.DefaultMaxFileSize)
		if err != nil {
			t.Fatalf("CreateBlob: %v", err)
		}
		videos = append(videos, b.Hash)
	}
	body := ""
	for _, v := range videos[:4] {
		body += "[▶ Hello (0:01)](attachment:" + v + ")\n\n"
	}
	if _, err := db.CreatePage(ctx, inSpace(db, "Videos", body)); err != nil {
		t.Fatal(err)
	}
	chans, err := db.FindChannels(ctx)
	if err != nil || len(chans) == 0 {
		t.Fatalf("FindChannels=%v, %v", chans, err)
	}
	var announcements store.DocID
	for _, c := range chans {
		if c.AdminsOnly {
			announcements = c.ID
		}
	}
	if _, err := db.CreatePost(ctx, store.NewPost{Channel: announcements, Title: "Launch", Body: "[▶ Hello (0:04)](attachment:" + videos[4] + ")"}); err != nil {
		t.Fatal(err)
	}

	// Grace's document arrives with marks: one forged by a stranger, one
	// Ada's device wrote for her, one naming Grace's device but signed by
	// Ada's, and two her own device signed.
	mark := func(key keySigner, video string, member store.DocID, device ...keySigner) string {
		at := time.UnixMilli(now.UnixMilli())
		named := key
		if len(device) > 0 {
			named = device[0]
		}
		m := store.VideoMark{Video: video, Member: member, Device: named.DeviceID().String(), At: at,
			Sig: key.Sign(store.SeenMessage(st.Workspace, video, member, at))}
		return m.Token()
	}
	gd, err := crdt.NewMember(store.Member{Name: "Grace Hopper", TimeZone: "UTC", CreatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	for video, token := range map[string]string{
		videos[0]: mark(newSigner(t), videos[0], grace),
		videos[1]: mark(ada, videos[1], grace),
		videos[2]: mark(graceKey, videos[2], grace),
		videos[3]: mark(ada, videos[3], grace, graceKey),
		videos[4]: mark(graceKey, videos[4], grace),
	} {
		if err := gd.SetVideoMark(video, token); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SyncAdopt(ctx, grace, store.KindMember, gd.Save()); err != nil {
		t.Fatalf("SyncAdopt(Grace's document): %v", err)
	}

	// Ada watches the first video twice; the first time stays.
	if err := db.MarkVideoSeen(ctx, videos[0], ada); err != nil {
		t.Fatalf("MarkVideoSeen: %v", err)
	}
	first, _ := db.FindVideoSeen(ctx, videos[0])
	if err := db.MarkVideoSeen(ctx, videos[0], ada); err != nil {
		t.Fatalf("MarkVideoSeen again: %v", err)
	}

	tests := []struct {
		name     string
		video    string
		audience []store.DocID
		seen     []store.DocID
	}{
		{"a stranger's mark for Grace", videos[0], []store.DocID{me, grace}, []store.DocID{me}},
		{"Ada's device marking Grace", videos[1], []store.DocID{me, grace}, nil},
		{"Grace's own mark", videos[2], []store.DocID{me, grace}, []store.DocID{grace}},
		{"Grace's device named, Ada's signature", videos[3], []store.DocID{me, grace}, nil},
		{"an announcement: its author is no audience", videos[4], []store.DocID{grace}, []store.DocID{grace}},
	}
	slices.Sort(tests[0].audience)
	tests[1].audience, tests[2].audience, tests[3].audience = tests[0].audience, tests[0].audience, tests[0].audience
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := db.FindVideoSeen(ctx, tt.video)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(s.Audience, tt.audience) {
				t.Errorf("Audience=%v, want %v", s.Audience, tt.audience)
			}
			if got := seenMembers(s); !slices.Equal(got, tt.seen) {
				t.Errorf("Seen=%v, want %v", got, tt.seen)
			}
		})
	}
	again, _ := db.FindVideoSeen(ctx, videos[0])
	if len(first.Seen) != 1 || !again.Seen[0].At.Equal(first.Seen[0].At) {
		t.Errorf("after a second watch Seen=%+v, want the first mark %+v", again.Seen, first.Seen)
	}

	// Garbage and a mark for a malformed hash are no marks; a video that is not here cannot be marked.
	if _, err := store.ParseVideoMark(videos[0], grace, "not.a.mark"); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("ParseVideoMark(garbage)=%v, want EINVALID", err)
	}
	if err := db.MarkVideoSeen(ctx, store.HashAttachment([]byte("nothing")), ada); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("MarkVideoSeen(not a video)=%v, want ENOTFOUND", err)
	}
	// Another device's key, not in the log, cannot mark for me.
	if err := db.MarkVideoSeen(ctx, videos[1], newSigner(t)); store.ErrorCode(err) != store.EFORBIDDEN {
		t.Errorf("MarkVideoSeen with a key outside the log=%v, want EFORBIDDEN", err)
	}
}
