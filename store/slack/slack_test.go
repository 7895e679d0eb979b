package slack_test

import (
	"archive/zip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/slack"
	"github.com/longhand/longhand/store/sqlite"
)

// An export as Slack documents it: users.json, channels.json (with
// #general and an archived channel), dms.json, and a folder of day files
// per channel; messages with a thread, mentions, links, formatting, a
// file, reactions, a join and a bot.
var export = map[string]string{
	"users.json": `[
 {"id":"U01","name":"ada","real_name":"Ada Lovelace","tz":"Europe/London","profile":{"real_name":"Ada Lovelace","title":"Engineer"}},
 {"id":"U02","name":"bo","profile":{"real_name":"Bo Berg","display_name":"bo"},"tz":"Europe/Stockholm"},
 {"id":"U03","name":"cy","profile":{"real_name":"Cy Chen"},"tz":"Not/AZone"},
 {"id":"B01","name":"deploybot","is_bot":true,"profile":{"real_name":"Deploy Bot"}},
 {"id":"U04","name":"gone","deleted":true,"profile":{"real_name":"Gone Person"}}
]`,
	"channels.json": `[
 {"id":"C01","name":"general","purpose":{"value":"Everyone"}},
 {"id":"C02","name":"release","purpose":{"value":"Shipping &amp; <#C01>"},"is_archived":true},
 {"id":"C03","name":"../etc","purpose":{"value":"sneaky"}}
]`,
	"dms.json":                           `[{"id":"D01","members":["U01","U02"]},{"id":"D02","members":["U02","U03"]}]`,
	"mpims.json":                         `[{"id":"G01","name":"mpdm-ada--bo--cy-1","members":["U01","U02","U03"]},{"id":"G02","name":"mpdm-four","members":["U01","U02","U03","U04"]}]`,
	"D01/2024-03-03.json":                `[{"type":"message","user":"U02","text":"Lunch?","ts":"1709456000.000100"},{"type":"message","user":"U01","text":"Yes!","ts":"1709456060.000100"}]`,
	"D02/2024-03-03.json":                `[{"type":"message","user":"U02","text":"A secret between Bo and Cy","ts":"1709456000.000100"}]`,
	"mpdm-ada--bo--cy-1/2024-03-03.json": `[{"type":"message","user":"U03","text":"Three of us","ts":"1709456000.000100"}]`,
	"general/2024-03-03.json": `[
 {"type":"message","subtype":"channel_join","user":"U03","text":"<@U03> has joined the channel","ts":"1709456000.000100"},
 {"type":"message","user":"U02","text":"*Release* on Tuesday? cc <@U01> &amp; <!here>\nDetails: <https://example.com/plan|the plan> and _soon_ ~not~ \u0060*code*\u0060","ts":"1709456100.000200","thread_ts":"1709456100.000200","reactions":[{"name":"+1","users":["U01"],"count":1}]},
 {"type":"message","user":"U01","text":"Yes, see <#C02|release>.","ts":"1709456200.000300","thread_ts":"1709456100.000200"},
 {"type":"message","subtype":"bot_message","username":"deploybot","text":"Deployed v1.2","ts":"1709456300.000400"}
]`,
	"general/2024-03-04.json": `[
 {"type":"message","user":"U02","text":"See <https://example.com/p|the plan> and <https://x.example/a> too","ts":"1709542700.000400"},
 {"type":"message","user":"U03","text":"Uploaded the deck","ts":"1709542800.000500","files":[{"name":"deck.pdf","title":"Q1 deck"}]},
 {"type":"message","user":"U02","text":"Late reply to an old thread","ts":"1709542900.000600","thread_ts":"1700000000.000000"}
]`,
	"release/2024-03-05.json": "[{\"type\":\"message\",\"user\":\"U01\",\"text\":\"```\\nmake release &amp;&amp; echo ok\\n```\",\"ts\":\"1709629200.000700\"}]",
	"release/notes.txt":       "not a day file",
}

func TestImportSlackExport(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "longhand.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.CreateWorkspace(ctx, "", "Ada Lovelace", "UTC"); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "Acme Slack export Mar 2024")
	for name, data := range export {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	rep, err := slack.Import(ctx, db, dir)
	if err != nil {
		t.Fatal(err)
	}
	if rep.People != 2 || rep.Channels != 2 || rep.Posts != 6 || rep.Replies != 1 || rep.Chats != 2 || rep.Messages != 3 {
		t.Errorf("report: %+v", rep)
	}
	why := ""
	for _, s := range rep.Skipped {
		why += s.Path + ": " + s.Reason + "\n"
	}
	for _, w := range []string{"dms.json: 1 conversation between other people: direct messages are private", "mpdm-four/: A conversation of 4 people", "../etc/: Its name is not one", "general/: Not carried over: 1 files", "1 reactions", "1 joins"} {
		if !strings.Contains(why, w) {
			t.Errorf("the report lacks %q:\n%s", w, why)
		}
	}

	// People: Ada was there already; Bo and Cy are new (Cy's zone unknown: UTC); no bots, no one deleted.
	ms, _ := db.FindMembers(ctx)
	var got []string
	for _, m := range ms {
		got = append(got, m.Name+"@"+m.TimeZone)
	}
	if strings.Join(got, ",") != "Ada Lovelace@UTC,Bo Berg@Europe/Stockholm,Cy Chen@UTC" {
		t.Errorf("people: %v", got)
	}
	chs, _ := db.FindChannels(ctx)
	var general, release *store.Channel
	for i := range chs {
		switch chs[i].Name {
		case "General":
			general = &chs[i]
		case "release":
			release = &chs[i]
		}
	}
	if general == nil || release == nil || !release.Archived || release.Description != "Shipping & #general" {
		t.Fatalf("channels: %+v", chs)
	}
	posts, err := db.FindPosts(ctx, store.PostFilter{Channel: general.ID})
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]store.PostSummary{}
	for _, p := range posts {
		byTitle[p.Title] = p
	}
	first, ok := byTitle["Release on Tuesday? cc Ada Lovelace & @here"]
	if !ok {
		t.Fatalf("posts: %+v", posts)
	}
	p, err := db.FindPost(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := "**Bo Berg**, 3 Mar 2024 08:55 UTC, in Slack\n\n**Release** on Tuesday? cc **Ada Lovelace** & @here\nDetails: [the plan](https://example.com/plan) and *soon* ~~not~~ `*code*`"
	if p.Body != want {
		t.Errorf("post body:\n%q\nwant\n%q", p.Body, want)
	}
	if len(p.Replies) != 1 || p.Replies[0].Body != "**Ada Lovelace**, 3 Mar 2024 08:56 UTC, in Slack:\n\nYes, see #release." {
		t.Errorf("replies: %+v", p.Replies)
	}
	for _, title := range []string{"Deployed v1.2", "Uploaded the deck", "Late reply to an old thread", "See the plan and https://x.example/a too"} {
		if _, ok := byTitle[title]; !ok {
			t.Errorf("no post %q in %+v", title, posts)
		}
	}
	if len(first.Mentions) != 0 {
		t.Errorf("an imported message mentions %v: old mentions would fill inboxes", first.Mentions)
	}
	deck, _ := db.FindPost(ctx, byTitle["Uploaded the deck"].ID)
	if !strings.Contains(deck.Body, "📎 Q1 deck (a file in Slack, not in the export)") {
		t.Errorf("deck: %q", deck.Body)
	}
	rel, _ := db.FindPosts(ctx, store.PostFilter{Channel: release.ID})
	if len(rel) != 1 {
		t.Fatalf("release posts: %+v", rel)
	}
	code, _ := db.FindPost(ctx, rel[0].ID)
	if !strings.HasSuffix(code.Body, "```\nmake release && echo ok\n```") {
		t.Errorf("code post: %q", code.Body)
	}

	// My direct messages became chats; no one else's did.
	convs, err := db.FindConversations(ctx)
	if err != nil || len(convs) != 2 {
		t.Fatalf("chats: %+v, %v", convs, err)
	}
	all := ""
	for _, c := range convs {
		msgs, err := db.FindMessages(ctx, c.ID, time.Time{}, 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			all += m.Body + "\n"
		}
	}
	for _, w := range []string{"**Bo Berg**, 3 Mar 2024 08:53 UTC, in Slack:\n\nLunch?", "**Ada Lovelace**, 3 Mar 2024 08:54 UTC, in Slack:\n\nYes!", "Three of us"} {
		if !strings.Contains(all, w) {
			t.Errorf("chat messages lack %q:\n%s", w, all)
		}
	}
	if strings.Contains(all, "secret") {
		t.Error("a direct message between two other people was imported into my chats")
	}

	// Not an export; not a zip.
	if _, err := slack.Import(ctx, db, t.TempDir()); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("an empty folder: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "x.zip")
	os.WriteFile(bad, []byte("PK not really"), 0o644)
	if _, err := slack.Import(ctx, db, bad); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("not a zip: %v", err)
	}
}

var onePixelPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")

// writeZip writes files to a .zip, and raw entries of four bytes each
// under the headers given, as they are (a size that lies).
func writeZip(t *testing.T, files map[string]string, raw []zip.FileHeader) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "slackdump_20240305_120000.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(data))
	}
	for i := range raw {
		w, err := zw.CreateRaw(&raw[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("abcd"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

// An export made by slackdump with its files: each file at
// __uploads/<file ID>/<name> (its default layout), or in its "standard"
// layout at <channel>/attachments/<file ID>-<name>, with url_private
// pointing there. Files Slack's own export only links stay out.
func TestImportSlackFiles(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "longhand.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.CreateWorkspace(ctx, "", "Ada Lovelace", "UTC"); err != nil {
		t.Fatal(err)
	}
	deck := "%PDF-1.4\n% the Q1 deck\n"
	budget := "PK\x03\x04 budget.xlsx"
	notes := "notes between two people"
	long := strings.Repeat("word ", store.MaxReplyLen/5)
	files := map[string]string{
		"users.json":    `[{"id":"U01","name":"ada","profile":{"real_name":"Ada Lovelace"}},{"id":"U02","name":"bo","profile":{"real_name":"Bo Berg"}}]`,
		"channels.json": `[{"id":"C01","name":"general"}]`,
		"dms.json":      `[{"id":"D01","members":["U01","U02"]}]`,
		"general/2024-03-04.json": `[
 {"type":"message","user":"U02","text":"The chart","ts":"1709542800.000100","thread_ts":"1709542800.000100",
  "files":[{"id":"F01CHART","name":"chart.png","title":"Q1 chart","mimetype":"image/png","url_private":"https://files.slack.com/files-pri/T1-F01CHART/chart.png"}]},
 {"type":"message","subtype":"file_share","user":"U01","text":"","ts":"1709542900.000200",
  "files":[{"id":"F02DECK","name":"deck.pdf","title":"Q1 deck","mimetype":"application/pdf","url_private":"https://files.slack.com/files-pri/T1-F02DECK/deck.pdf"},
           {"id":"F03GONE","name":"old.key","title":"Old deck","mimetype":"application/x-iwork-keynote-sffkey","url_private":"https://files.slack.com/files-pri/T1-F03GONE/old.key"}]},
 {"type":"message","user":"U01","text":"` + long + `","ts":"1709543000.000300","thread_ts":"1709542800.000100",
  "files":[{"id":"F04HUGE","name":"disk.iso","title":"disk.iso","url_private":"https://files.slack.com/files-pri/T1-F04HUGE/disk.iso"},
           {"id":"F01CHART","name":"chart.png","title":"Q1 chart again","mimetype":"image/png"}]},
 {"type":"message","user":"U02","text":"Budget","ts":"1709543100.000400",
  "files":[{"id":"F05BUDGET","name":"budget.xlsx","title":"budget.xlsx","url_private":"attachments/F05BUDGET-budget.xlsx","url_private_download":"attachments/F05BUDGET-budget.xlsx"}]}
]`,
		"D01/2024-03-04.json": `[{"type":"message","user":"U02","text":"For you","ts":"1709543200.000500",
  "files":[{"id":"F06NOTES","name":"notes.txt","title":"notes","mimetype":"text/plain"}]}]`,
		"__uploads/F01CHART/chart.png":                 string(onePixelPNG),
		"__uploads/F02DECK/deck.pdf":                   deck,
		"general/attachments/F05BUDGET-budget.xlsx":    budget,
		"__uploads/F06NOTES/notes.txt":                 notes,
		"__uploads/F99OTHER/not shared in any message": "x",
	}
	p := writeZip(t, files, []zip.FileHeader{
		{Name: "__uploads/F04HUGE/disk.iso", Method: zip.Store, CompressedSize64: 4, UncompressedSize64: store.DefaultMaxFileSize + 1},
	})
	rep, err := slack.Import(ctx, db, p)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Posts != 3 || rep.Replies != 1 || rep.Messages != 1 || rep.Files != 4 {
		t.Errorf("report: %+v", rep)
	}
	why := ""
	for _, s := range rep.Skipped {
		why += s.Path + ": " + s.Reason + "\n"
	}
	for _, w := range []string{
		"__uploads/F04HUGE/disk.iso: “disk.iso”, shared in #general on 4 Mar 2024 09:03 UTC, was not carried over. It is larger than 200 MB.",
		"general/: Not carried over: 1 files (linked from Slack, not in the export",
		"__uploads/: Not carried over: 1 files that no imported message shares",
	} {
		if !strings.Contains(why, w) {
			t.Errorf("the report lacks %q:\n%s", w, why)
		}
	}

	h := func(s string) string { return store.HashAttachment([]byte(s)) }
	chs, _ := db.FindChannels(ctx)
	posts, err := db.FindPosts(ctx, store.PostFilter{Channel: chs[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]*store.Post{}
	for _, ps := range posts {
		p, err := db.FindPost(ctx, ps.ID)
		if err != nil {
			t.Fatal(err)
		}
		bodies[ps.Title] = p
	}
	chart := "![Q1 chart](attachment:" + h(string(onePixelPNG)) + ")"
	for title, want := range map[string]string{
		"The chart": "**Bo Berg**, 4 Mar 2024 09:00 UTC, in Slack\n\nThe chart\n\n" + chart,
		"Q1 deck": "**Ada Lovelace**, 4 Mar 2024 09:01 UTC, in Slack\n\n[deck.pdf](attachment:" + h(deck) + ")\n\n" +
			"📎 Old deck (a file in Slack, not in the export)",
		"Budget": "**Bo Berg**, 4 Mar 2024 09:05 UTC, in Slack\n\nBudget\n\n[budget.xlsx](attachment:" + h(budget) + ")",
	} {
		p, ok := bodies[title]
		if !ok {
			t.Errorf("no post %q in %+v", title, posts)
		} else if p.Body != want {
			t.Errorf("post %q:\n%q\nwant\n%q", title, p.Body, want)
		}
	}
	// A reply too long with its files is cut in its text, never in its links.
	if bodies["The chart"] == nil {
		t.Fatal("no post “The chart”")
	}
	if rs := bodies["The chart"].Replies; len(rs) != 1 || utf8.RuneCountInString(rs[0].Body) != store.MaxReplyLen ||
		!strings.HasSuffix(rs[0].Body, "…\n\n📎 disk.iso (a file in the export that could not be carried over)\n\n![Q1 chart again](attachment:"+h(string(onePixelPNG))+")") {
		t.Errorf("reply: %+v", rs)
	}
	convs, err := db.FindConversations(ctx)
	if err != nil || len(convs) != 1 {
		t.Fatalf("chats: %+v, %v", convs, err)
	}
	msgs, _ := db.FindMessages(ctx, convs[0].ID, time.Time{}, 50)
	if len(msgs) != 1 || msgs[0].Body != "**Bo Berg**, 4 Mar 2024 09:06 UTC, in Slack:\n\nFor you\n\n[notes.txt](attachment:"+h(notes)+")" {
		t.Errorf("chat messages: %+v", msgs)
	}

	// The files are stored whole, under their names.
	for name, data := range map[string]string{"chart.png": string(onePixelPNG), "deck.pdf": deck, "budget.xlsx": budget, "notes.txt": notes} {
		r, b, err := db.OpenBlob(ctx, h(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, _ := io.ReadAll(r)
		r.Close()
		if string(got) != data || b.Name != name {
			t.Errorf("blob %q holds %q, want %q named %q", b.Name, got, data, name)
		}
	}
}
