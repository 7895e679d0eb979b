package sqlite_test

import (
	"context"
	"database/sql"
	"hash/crc32"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/sqlite"
)

func channelNamed(t *testing.T, db *sqlite.DB, name string) store.Channel {
	t.Helper()
	cs, err := db.FindChannels(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no channel %q in %+v", name, cs)
	return store.Channel{}
}

func TestDefaultChannels(t *testing.T) {
	db, _ := openDB(t)
	cs, err := db.FindChannels(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
		if !c.Joined || !c.Default {
			t.Errorf("%s: Joined=%v Default=%v, want both", c.Name, c.Joined, c.Default)
		}
		if !c.CanPost {
			t.Errorf("%s: the workspace's creator cannot post", c.Name)
		}
	}
	if got := strings.Join(names, ","); got != "General,Announcements,Fun,Recognition,Training" {
		t.Errorf("channels = %s", got)
	}
}

// The workspace's creator is its only admin: a teammate replies to
// announcements but cannot start them.
func TestAnnouncementsAdminsOnly(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	ann := channelNamed(t, db, "Announcements")
	p, err := db.CreatePost(ctx, store.NewPost{Channel: ann.ID, Title: "Office closed Friday", Body: "Enjoy the long weekend.", RequestAck: true})
	if err != nil {
		t.Fatal(err)
	}
	bo, err := db.CreateMember(ctx, store.NewMember{Name: "Bo", TimeZone: "Asia/Tokyo"})
	if err != nil {
		t.Fatal(err)
	}
	sqlite.SetMe(db, bo.ID)
	_, err = db.CreatePost(ctx, store.NewPost{Channel: ann.ID, Title: "Me too", Body: "x"})
	wantCode(t, "teammate's announcement", err, store.EFORBIDDEN)
	if err != nil && !strings.Contains(store.ErrorMessage(err), "Only admins") {
		t.Errorf("message %q does not say who may post", store.ErrorMessage(err))
	}
	if c := channelNamed(t, db, "Announcements"); c.CanPost {
		t.Error("CanPost for a teammate in Announcements")
	}
	if _, err := db.ReplyToPost(ctx, p.ID, "Thanks!"); err != nil {
		t.Errorf("teammate's reply: %v", err)
	}
	got, err := db.AcknowledgePost(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Acks) != 1 || got.Acks[0].Member != bo.ID {
		t.Errorf("Acks = %+v, want Bo's", got.Acks)
	}
	if _, err := db.AcknowledgePost(ctx, p.ID); err != nil { // twice is once
		t.Fatal(err)
	}
	feed, _ := db.FindPosts(ctx, store.PostFilter{Channel: ann.ID})
	if len(feed) != 1 || feed[0].AckCount != 1 || !feed[0].AckedByMe || feed[0].ReplyCount != 1 || feed[0].LastActor != bo.ID {
		t.Errorf("feed = %+v", feed)
	}
	gen := channelNamed(t, db, "General")
	_, err = db.CreatePost(ctx, store.NewPost{Channel: gen.ID, Title: "Ack?", Body: "x", RequestAck: true})
	wantCode(t, "ack outside announcements", err, store.EINVALID)
}

// A post's whole life: create, reply, react, edit, pin, delete, with the
// feed and search following, and all of it still there after a restart.
func TestPostFlowSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	gen := channelNamed(t, db, "General")
	bo, _ := db.CreateMember(ctx, store.NewMember{Name: "Bo Tanaka", TimeZone: "Asia/Tokyo"})
	me, _ := db.FindSession(ctx)

	first, err := db.CreatePost(ctx, store.NewPost{Channel: gen.ID, Title: "Quarterly planning", Body: "Drafts due **Friday**, @Bo Tanaka."})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Mentions) != 1 || first.Mentions[0] != bo.ID {
		t.Errorf("Mentions = %v, want Bo", first.Mentions)
	}
	second, _ := db.CreatePost(ctx, store.NewPost{Channel: gen.ID, Title: "Lunch", Body: "Pizza today"})
	p, err := db.ReplyToPost(ctx, first.ID, "I will send mine Thursday with the zeppelin numbers")
	if err != nil {
		t.Fatal(err)
	}
	reply := p.Replies[0]
	if _, err := db.React(ctx, first.ID, "👍", true); err != nil {
		t.Fatal(err)
	}
	if _, err := db.EditPost(ctx, first.ID, "Quarterly planning", "Drafts due **Thursday**."); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PinPost(ctx, second.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := db.EditReply(ctx, first.ID, reply.ID, "Mine comes Thursday with the zeppelin numbers"); err != nil {
		t.Fatal(err)
	}

	check := func(db *sqlite.DB, when string) {
		feed, err := db.FindPosts(ctx, store.PostFilter{Channel: gen.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(feed) != 2 || feed[0].ID != second.ID || !feed[0].Pinned || feed[1].ID != first.ID {
			t.Fatalf("%s: feed = %+v, want the pinned post on top", when, feed)
		}
		if page, _ := db.FindPosts(ctx, store.PostFilter{Channel: gen.ID, Limit: 1}); len(page) != 1 || page[0].ID != second.ID {
			t.Errorf("%s: first page of one = %+v, want the pinned post", when, page)
		}
		f := feed[1]
		if f.ReplyCount != 1 || f.Excerpt != "Drafts due **Thursday**." || len(f.Reactions) != 1 || f.Reactions[0].Members[0] != me.Me.ID || f.EditedAt.IsZero() {
			t.Errorf("%s: summary = %+v", when, f)
		}
		hits, err := db.Search(ctx, "zeppelin", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 1 || hits[0].ID != first.ID || hits[0].Kind != store.KindPost || hits[0].Title != "Quarterly planning" {
			t.Errorf("%s: search for a reply = %+v", when, hits)
		}
		post, err := db.FindPost(ctx, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		if post.Replies[0].Body != "Mine comes Thursday with the zeppelin numbers" || post.Replies[0].EditedAt.IsZero() {
			t.Errorf("%s: reply = %+v", when, post.Replies[0])
		}
	}
	check(db, "before restart")
	db.Close()
	db2 := mustOpen(t, path)
	check(db2, "after restart")

	// Delete the reply, then the post: the post stays as a tombstone while
	// it has replies, and search forgets both.
	if _, err := db2.DeleteReply(ctx, first.ID, reply.ID); err != nil {
		t.Fatal(err)
	}
	if hits, _ := db2.Search(ctx, "zeppelin", 10); len(hits) != 0 {
		t.Errorf("deleted reply still found: %+v", hits)
	}
	db2.ReplyToPost(ctx, first.ID, "Another")
	got, err := db2.DeletePost(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Deleted() || got.Body != "" || len(got.Replies) != 2 {
		t.Errorf("deleted post = %+v", got)
	}
	feed, _ := db2.FindPosts(ctx, store.PostFilter{Channel: gen.ID})
	if len(feed) != 2 || !feed[1].Deleted || feed[1].Excerpt != "" {
		t.Errorf("feed after delete = %+v", feed)
	}
	if hits, _ := db2.Search(ctx, "Thursday", 10); len(hits) != 0 {
		t.Errorf("deleted post still found: %+v", hits)
	}
	_, err = db2.EditPost(ctx, first.ID, "x", "y")
	wantCode(t, "edit a deleted post", err, store.ECONFLICT)
}

func TestOnlyOwnPostsChange(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	gen := channelNamed(t, db, "General")
	p, _ := db.CreatePost(ctx, store.NewPost{Channel: gen.ID, Title: "Mine", Body: "x"})
	p, _ = db.ReplyToPost(ctx, p.ID, "my reply")
	bo, _ := db.CreateMember(ctx, store.NewMember{Name: "Bo", TimeZone: "UTC"})
	sqlite.SetMe(db, bo.ID)
	_, err := db.EditPost(ctx, p.ID, "Theirs", "y")
	wantCode(t, "edit another's post", err, store.EFORBIDDEN)
	_, err = db.DeletePost(ctx, p.ID)
	wantCode(t, "delete another's post", err, store.EFORBIDDEN)
	_, err = db.EditReply(ctx, p.ID, p.Replies[0].ID, "z")
	wantCode(t, "edit another's reply", err, store.EFORBIDDEN)
	_, err = db.DeleteReply(ctx, p.ID, p.Replies[0].ID)
	wantCode(t, "delete another's reply", err, store.EFORBIDDEN)
	if _, err := db.React(ctx, p.ID, "🎉", true); err != nil {
		t.Errorf("react to another's post: %v", err)
	}
	got, err := db.ReactToReply(ctx, p.ID, p.Replies[0].ID, "🙏", true)
	if err != nil {
		t.Fatal(err)
	}
	if rs := got.Replies[0].Reactions; len(rs) != 1 || rs[0].Emoji != "🙏" || rs[0].Members[0] != bo.ID {
		t.Errorf("reply reactions = %+v", rs)
	}
	got, _ = db.ReactToReply(ctx, p.ID, p.Replies[0].ID, "🙏", false)
	if len(got.Replies[0].Reactions) != 0 {
		t.Errorf("reply reactions after taking it back = %+v", got.Replies[0].Reactions)
	}
	_, err = db.ReactToReply(ctx, p.ID, "nope", "🙏", true)
	wantCode(t, "react to a bad reply ID", err, store.EINVALID)
}

func TestHostilePostInput(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	gen := channelNamed(t, db, "General")
	p, _ := db.CreatePost(ctx, store.NewPost{Channel: gen.ID, Title: "T", Body: "B"})
	page, _ := db.CreatePage(ctx, store.NewPage{Title: "A page", Space: mustSpace(t, db)})
	for _, tc := range []struct {
		name string
		err  error
		code string
	}{
		{"oversized body", second(db.CreatePost(ctx, store.NewPost{Channel: gen.ID, Title: "T", Body: strings.Repeat("x", store.MaxPostLen+1)})), store.EINVALID},
		{"oversized reply", second(db.ReplyToPost(ctx, p.ID, strings.Repeat("y", store.MaxReplyLen+1))), store.EINVALID},
		{"no title", second(db.CreatePost(ctx, store.NewPost{Channel: gen.ID, Title: "  ", Body: "B"})), store.EINVALID},
		{"invalid UTF-8", second(db.CreatePost(ctx, store.NewPost{Channel: gen.ID, Title: "T", Body: "\xff\xfe"})), store.EINVALID},
		{"bad channel ID", second(db.CreatePost(ctx, store.NewPost{Channel: "../../etc", Title: "T", Body: "B"})), store.EINVALID},
		{"unknown channel", second(db.CreatePost(ctx, store.NewPost{Channel: store.NewDocID(), Title: "T", Body: "B"})), store.ENOTFOUND},
		{"bad post ID", second(db.FindPost(ctx, "x'; DROP TABLE posts; --")), store.EINVALID},
		{"a page is not a post", second(db.ReplyToPost(ctx, page.ID, "hi")), store.ENOTFOUND},
		{"page read as post", second(db.FindPost(ctx, page.ID)), store.ENOTFOUND},
		{"bad reply ID", second(db.EditReply(ctx, p.ID, "nope", "x")), store.EINVALID},
		{"unknown reply", second(db.DeleteReply(ctx, p.ID, string(store.NewDocID()))), store.ENOTFOUND},
		{"not an emoji", second(db.React(ctx, p.ID, "<script>", true)), store.EINVALID},
		{"long emoji", second(db.React(ctx, p.ID, strings.Repeat("🎉", 20), true)), store.EINVALID},
		{"ack without request", second(db.AcknowledgePost(ctx, p.ID)), store.EINVALID},
		{"channel name empty", second(db.CreateChannel(ctx, " # ", "")), store.EINVALID},
		{"channel name taken", second(db.CreateChannel(ctx, "#general", "")), store.ECONFLICT},
		{"promote to a bad space", third(db.PromotePost(ctx, p.ID, "nope", false)), store.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) { wantCode(t, tc.name, tc.err, tc.code) })
	}
	// Nothing was lost.
	got, err := db.FindPost(ctx, p.ID)
	if err != nil || got.Title != "T" || got.Body != "B" || len(got.Replies) != 0 || len(got.Reactions) != 0 {
		t.Errorf("post after hostile input = %+v, %v", got, err)
	}
}

func second[T any](_ T, err error) error        { return err }
func third[T, U any](_ T, _ U, err error) error { return err }

func mustSpace(t *testing.T, db *sqlite.DB) store.DocID {
	t.Helper()
	sp, err := db.FindSpaces(context.Background())
	if err != nil || len(sp) == 0 {
		t.Fatalf("spaces: %v", err)
	}
	return sp[0].ID
}

func TestProjectChannelsJoinLeaveMuteArchive(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	c, err := db.CreateChannel(ctx, "#launch-q3", "The Q3 launch")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Joined || c.Default || c.Name != "launch-q3" {
		t.Errorf("new channel = %+v", c)
	}
	bo, _ := db.CreateMember(ctx, store.NewMember{Name: "Bo", TimeZone: "UTC"})
	sqlite.SetMe(db, bo.ID)
	if c := channelNamed(t, db, "launch-q3"); c.Joined {
		t.Error("Bo is in a project channel he never joined")
	}
	if c, err := db.JoinChannel(ctx, c.ID, true); err != nil || !c.Joined {
		t.Fatalf("join: %+v, %v", c, err)
	}
	fun := channelNamed(t, db, "Fun")
	if c, err := db.JoinChannel(ctx, fun.ID, false); err != nil || c.Joined {
		t.Fatalf("leave Fun: %+v, %v", c, err)
	}
	_, err = db.JoinChannel(ctx, channelNamed(t, db, "General").ID, false)
	wantCode(t, "leave General", err, store.EFORBIDDEN)
	if c, err := db.MuteChannel(ctx, c.ID, true); err != nil || !c.Muted {
		t.Fatalf("mute: %+v, %v", c, err)
	}
	_, err = db.ArchiveChannel(ctx, c.ID, true)
	wantCode(t, "archive another's channel", err, store.EFORBIDDEN)

	// Unread: Bo posts; Ada sees one unread until she opens the channel.
	if _, err := db.CreatePost(ctx, store.NewPost{Channel: c.ID, Title: "Kickoff", Body: "Monday"}); err != nil {
		t.Fatal(err)
	}
	sqlite.SetMe(db, adaID(t, db))
	if c := channelNamed(t, db, "launch-q3"); c.Unread != 1 {
		t.Errorf("Ada's view: unread %d, want 1", c.Unread)
	}
	if c, _ := db.SeeChannel(ctx, c.ID); c.Unread != 0 {
		t.Errorf("unread after seeing = %d", c.Unread)
	}
	if c, err := db.ArchiveChannel(ctx, c.ID, true); err != nil || !c.Archived || c.CanPost {
		t.Fatalf("archive: %+v, %v", c, err)
	}
	_, err = db.CreatePost(ctx, store.NewPost{Channel: c.ID, Title: "Late", Body: "x"})
	wantCode(t, "post in an archived channel", err, store.ECONFLICT)
	_, err = db.ArchiveChannel(ctx, channelNamed(t, db, "General").ID, true)
	wantCode(t, "archive General", err, store.EFORBIDDEN)
}

func adaID(t *testing.T, db *sqlite.DB) store.DocID {
	t.Helper()
	ms, _ := db.FindMembers(context.Background())
	for _, m := range ms {
		if m.Name == "Ada Lovelace" {
			return m.ID
		}
	}
	t.Fatal("no Ada")
	return ""
}

func TestPromotePost(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	gen := channelNamed(t, db, "General")
	p, _ := db.CreatePost(ctx, store.NewPost{Channel: gen.ID, Title: "How we run incidents", Body: "1. Page the on-call\n2. Write it down"})
	bo, _ := db.CreateMember(ctx, store.NewMember{Name: "Bo", TimeZone: "UTC"})
	sqlite.SetMe(db, bo.ID)
	db.ReplyToPost(ctx, p.ID, "Add a **timeline**\nwith times")
	sqlite.SetMe(db, adaID(t, db))
	space := mustSpace(t, db)
	post, page, err := db.PromotePost(ctx, p.ID, space, true)
	if err != nil {
		t.Fatal(err)
	}
	if post.PromotedTo != page.ID || post.PromotedName != "How we run incidents" {
		t.Errorf("post after promote = %+v", post)
	}
	got, err := db.FindPage(ctx, page.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"#post/" + string(p.ID), "**Ada Lovelace**", "1. Page the on-call", "> **Bo** · 1 Mar 2026", "> Add a **timeline**\n> with times"} {
		if !strings.Contains(got.Body, want) {
			t.Errorf("page body lacks %q:\n%s", want, got.Body)
		}
	}
	if got.Space != space || got.Title != "How we run incidents" {
		t.Errorf("page = %+v", got)
	}
	feed, _ := db.FindPosts(ctx, store.PostFilter{Channel: gen.ID})
	if feed[0].PromotedTo != page.ID {
		t.Errorf("feed row not promoted: %+v", feed[0])
	}
	// Only the post, without the thread.
	_, page2, err := db.PromotePost(ctx, p.ID, space, false)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := db.FindPage(ctx, page2.ID); strings.Contains(got.Body, "timeline") {
		t.Errorf("post-only page has the replies:\n%s", got.Body)
	}
}

func TestAttachEmail(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	gen := channelNamed(t, db, "General")
	raw, err := os.ReadFile("../eml/testdata/plain.eml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.AttachEmail(ctx, gen.ID, "/home/x/Invoice.eml", raw)
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Invoice question — March" || p.Email == nil || p.Email.From != "Jane Customer <jane@example.com>" ||
		p.Email.Name != "Invoice.eml" || !strings.Contains(p.Body, "12 seats") || strings.Contains(p.Body, "<script>") {
		t.Errorf("post = %+v, email %+v", p, p.Email)
	}
	db.Close()
	db = mustOpen(t, path)
	orig, err := db.FindEmail(ctx, p.Email.ID)
	if err != nil || string(orig) != string(raw) {
		t.Errorf("original = %d bytes, %v; want the file as it came", len(orig), err)
	}
	feed, _ := db.FindPosts(ctx, store.PostFilter{Channel: gen.ID})
	if len(feed) != 1 || feed[0].EmailFrom != "Jane Customer <jane@example.com>" {
		t.Errorf("feed = %+v", feed)
	}
	_, err = db.AttachEmail(ctx, gen.ID, "bad.eml", []byte("Subject: hi\r\n\r\nno sender, no date"))
	wantCode(t, "malformed email", err, store.EINVALID)
	if !strings.Contains(store.ErrorMessage(err), "no sender") || !strings.Contains(store.ErrorMessage(err), "no date") {
		t.Errorf("message %q does not list what was wrong", store.ErrorMessage(err))
	}
	if feed, _ := db.FindPosts(ctx, store.PostFilter{Channel: gen.ID}); len(feed) != 1 {
		t.Errorf("a malformed email made a post: %+v", feed)
	}
}

// A post whose stored bytes were damaged on disk is set aside, never
// loaded in the app's process: opening it says so, the feed still lists
// it, and the channel's other posts work as before.
func TestDamagedPost(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	gen := channelNamed(t, db, "General")
	bad, _ := db.CreatePost(ctx, store.NewPost{Channel: gen.ID, Title: "Doomed", Body: "x"})
	good, _ := db.CreatePost(ctx, store.NewPost{Channel: gen.ID, Title: "Healthy", Body: "y"})
	db.Close()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("UPDATE docs SET snapshot = substr(snapshot, 1, length(snapshot) / 2) WHERE id = ?", bad.ID); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	db = mustOpen(t, path)
	_, err = db.FindPost(ctx, bad.ID)
	wantCode(t, "open the damaged post", err, store.EUNAVAILABLE)
	_, err = db.ReplyToPost(ctx, bad.ID, "hello?")
	wantCode(t, "reply to the damaged post", err, store.EUNAVAILABLE)
	if feed, _ := db.FindPosts(ctx, store.PostFilter{Channel: gen.ID}); len(feed) != 2 {
		t.Errorf("feed = %+v, want both posts listed", feed)
	}
	if _, err := db.ReplyToPost(ctx, good.ID, "fine"); err != nil {
		t.Errorf("reply to the healthy post: %v", err)
	}
}

// Bytes whose checksum was wrong but which load in the sandbox as the
// same document are stored anew: a flipped checksum loses no post.
func TestPostWithBadChecksumIsSalvaged(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	gen := channelNamed(t, db, "General")
	p, _ := db.CreatePost(ctx, store.NewPost{Channel: gen.ID, Title: "Keep me", Body: "x"})
	db.Close()
	raw, _ := sql.Open("sqlite3", path)
	if _, err := raw.Exec("UPDATE docs SET sum = sum + 1 WHERE id = ?", p.ID); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db = mustOpen(t, path)
	if n, err := db.Verify(ctx); err != nil || n != 0 {
		t.Fatalf("Verify = %d, %v; want the post salvaged", n, err)
	}
	got, err := db.FindPost(ctx, p.ID)
	if err != nil || got.Title != "Keep me" {
		t.Errorf("FindPost = %+v, %v", got, err)
	}
}

// A workspace made before channels existed gets the default channels the
// first time they are listed, with the person on this device as admin.
func TestOldWorkspaceGetsChannels(t *testing.T) {
	ctx := context.Background()
	db, path := openDB(t)
	sess, _ := db.FindSession(ctx)
	db.Close()
	old, err := crdt.NewWorkspace("Old", time.Unix(1700000000, 0))
	if err != nil {
		t.Fatal(err)
	}
	old.Commit("", time.Unix(1700000000, 0))
	snap := old.Save()
	raw, _ := sql.Open("sqlite3", path)
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{"UPDATE docs SET snapshot = ?, sum = ?, heads = ? WHERE id = ?", []any{snap, int64(crc32.Checksum(snap, crc32.MakeTable(crc32.Castagnoli))), old.Heads(), sess.Workspace.ID}},
		{"DELETE FROM changes WHERE doc_id = ?", []any{sess.Workspace.ID}},
		{"DELETE FROM channels", nil},
		{"DELETE FROM admins", nil},
	} {
		if _, err := raw.Exec(q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()

	db = mustOpen(t, path)
	cs, err := db.FindChannels(ctx)
	if err != nil || len(cs) != 5 {
		t.Fatalf("channels = %+v, %v", cs, err)
	}
	ann := channelNamed(t, db, "Announcements")
	if !ann.CanPost {
		t.Error("the person on this device is not the admin")
	}
	if _, err := db.CreatePost(ctx, store.NewPost{Channel: ann.ID, Title: "Hello", Body: "x"}); err != nil {
		t.Fatal(err)
	}
}

// A page made from a post says its times on the promoter's clock, in their
// profile's zone and 12/24-hour choice, with the zone named: not in UTC.
func TestPromotePostOnPromotersClock(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	gen := channelNamed(t, db, "General")
	p, _ := db.CreatePost(ctx, store.NewPost{Channel: gen.ID, Title: "Clocks", Body: "Which one?"})
	ada := adaID(t, db)
	zone, twelve := "Asia/Kolkata", store.TimeFormat12
	if _, err := db.UpdateMember(ctx, ada, store.MemberUpdate{TimeZone: &zone, TimeFormat: &twelve}); err != nil {
		t.Fatal(err)
	}
	_, page, err := db.PromotePost(ctx, p.ID, mustSpace(t, db), false)
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.FindPage(ctx, page.ID)
	if err != nil {
		t.Fatal(err)
	}
	kolkata, _ := time.LoadLocation(zone)
	want := p.CreatedAt.In(kolkata).Format("2 Jan 2006, 3:04 pm") + " IST"
	if !strings.Contains(got.Body, want) {
		t.Errorf("page body lacks %q (the promoter's clock):\n%s", want, got.Body)
	}
	if utc := p.CreatedAt.UTC().Format("15:04"); strings.Contains(got.Body, utc) {
		t.Errorf("page body has the UTC time %s:\n%s", utc, got.Body)
	}
}
