// Package slack imports a Slack workspace export (the .zip an admin
// downloads from Workspace settings → Import/Export data, or the folder
// it unpacks to), as Slack documents it:
//
//   - users.json: the people, who become profiles in the directory
//     (matched by name to the profiles there already);
//   - channels.json (and groups.json for private channels): each becomes
//     a channel (matched by name, so #general is General), archived when
//     it was;
//   - <channel>/<YYYY-MM-DD>.json: the messages of a day. A message that
//     is not in a thread becomes a post, titled by its first line; the
//     replies of its thread become the post's replies.
//
// Longhand records who wrote a post or reply from the device that made
// it, so an import cannot write as other people: each post and reply
// opens with its Slack author's name and time ("**Bo Berg**, 3 Mar 2024
// 09:12 UTC, in Slack"). Slack's mrkdwn becomes Markdown, with mentions
// (names in bold, not @mentions, which would fill inboxes with old news)
// and channel links by name.
//
// Direct messages and group DMs (dms.json, mpims.json) of the person
// importing (the Slack user with their name) become chats with their
// messages; those between other people stay out, as they are private to
// them.
//
// Files: Slack's own export holds links to its servers (url_private), not
// the files, and an import reaches no network, so such a file is named in
// its post ("📎 deck.pdf (a file in Slack, not in the export)") and
// counted in the report. Exports made with the files do carry them, and a
// file of a message's files[] is taken from the first of these that the
// export holds:
//
//   - __uploads/<file ID>/<name>: slackdump's export in its default
//     ("Mattermost") layout;
//   - <folder>/attachments/<file ID>-<name>: slackdump's "standard"
//     layout, <folder> being the channel's or conversation's;
//   - <folder>/<url_private_download or url_private>, when the address is
//     a relative path rather than a URL: what tools that download the
//     files write there (slackdump's standard layout among them).
//
// Each is stored as a blob, streamed, up to MaxFile bytes, and its post,
// reply or chat message ends with ![title](attachment:<hash>) for a PNG,
// JPEG, GIF or WebP (by its first bytes) of at most
// store.MaxAttachmentSize, or [name](attachment:<hash>) for anything else
// (what Slack's mimetype says is not trusted).
// A file over the limit or that cannot be read is named in the report.
// Not carried over, and counted in the report: reactions, edits and joins.
//
// Everything read is untrusted: names inside a .zip must stay inside it,
// every file is read to a size limit, and the export is never written.
package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/mdio"
)

// Limits of what an import reads.
const (
	MaxListFile = 64 << 20                 // users.json, channels.json
	MaxDayFile  = 64 << 20                 // one channel's messages of one day
	MaxFile     = store.DefaultMaxFileSize // a file a message shares
)

// Sink is where an import makes people, channels, posts and replies. A
// sink that also stores files of any kind (mdio.Blobs, the store's
// CreateBlob) takes in the files an export holds; through one that does
// not, each is named in the report as not carried over.
type Sink interface {
	FindMembers(ctx context.Context) ([]store.Member, error)
	CreateMember(ctx context.Context, nm store.NewMember) (*store.Member, error)
	FindChannels(ctx context.Context) ([]store.Channel, error)
	CreateChannel(ctx context.Context, name, description string) (*store.Channel, error)
	ArchiveChannel(ctx context.Context, id store.DocID, archived bool) (*store.Channel, error)
	CreatePost(ctx context.Context, np store.NewPost) (*store.Post, error)
	ReplyToPost(ctx context.Context, id store.DocID, body string) (*store.Post, error)
	FindSession(ctx context.Context) (*store.Session, error)
	StartConversation(ctx context.Context, with []store.DocID) (*store.Conversation, error)
	SendMessage(ctx context.Context, id store.DocID, body string) (*store.Message, error)
}

// Report says what an import did.
type Report struct {
	People   int // profiles made
	Channels int // channels made or found
	Posts    int
	Replies  int
	Chats    int // direct messages and group DMs of the person importing
	Messages int
	Files    int            // files the export held, stored and linked from their messages
	Skipped  []mdio.Skipped // what was not imported, and why
}

type user struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	RealName string `json:"real_name"`
	Deleted  bool   `json:"deleted"`
	IsBot    bool   `json:"is_bot"`
	TZ       string `json:"tz"`
	Profile  struct {
		RealName    string `json:"real_name"`
		DisplayName string `json:"display_name"`
		Title       string `json:"title"`
	} `json:"profile"`
}

func (u user) display() string {
	for _, n := range []string{u.Profile.RealName, u.RealName, u.Profile.DisplayName, u.Name} {
		if n = strings.Join(strings.Fields(n), " "); n != "" {
			return n
		}
	}
	return ""
}

type channel struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	IsArchived bool   `json:"is_archived"`
	Purpose    struct {
		Value string `json:"value"`
	} `json:"purpose"`
	Topic struct {
		Value string `json:"value"`
	} `json:"topic"`
}

type message struct {
	Type      string            `json:"type"`
	Subtype   string            `json:"subtype"`
	User      string            `json:"user"`
	Username  string            `json:"username"` // bots
	Text      string            `json:"text"`
	TS        string            `json:"ts"`
	ThreadTS  string            `json:"thread_ts"`
	Files     []file            `json:"files"`
	Reactions []json.RawMessage `json:"reactions"`
}

// file is an entry of a message's files[]: what Slack knows of a file
// shared in it.
type file struct {
	ID                 string `json:"id"`
	Name               string `json:"name"`
	Title              string `json:"title"`
	URLPrivate         string `json:"url_private"`
	URLPrivateDownload string `json:"url_private_download"`
}

// Open returns the export at p, a .zip file or a folder, as an fs.FS
// rooted where its users.json and channels.json are.
func Open(p string) (fs.FS, func() error, error) {
	return mdio.OpenExport(p, "channels.json", "a Slack export")
}

func readJSON(fsys fs.FS, p string, limit int64, v any) error {
	if _, err := fs.Stat(fsys, p); errors.Is(err, fs.ErrNotExist) {
		return err
	}
	data, err := mdio.ReadLimited(fsys, p, limit)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("It is not the JSON Slack writes (%v).", err)
	}
	return nil
}

var (
	dayFile  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}\.json$`)
	mdLink   = regexp.MustCompile(`\[((?:[^\]\\]|\\.)*)\]\([^)\s]*\)`)
	autoLink = regexp.MustCompile(`<((?:https?|mailto):[^>\s]*)>`)
)

// Import reads the Slack export at p into the workspace.
func Import(ctx context.Context, sink Sink, p string) (*Report, error) {
	fsys, closer, err := Open(p)
	if err != nil {
		return nil, err
	}
	defer closer()
	rep := &Report{Skipped: []mdio.Skipped{}}
	skip := func(p, why string) { rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: p, Reason: why}) }
	work := context.WithoutCancel(ctx) // a stop comes between messages

	var users []user
	if err := readJSON(fsys, "users.json", MaxListFile, &users); err != nil && !errors.Is(err, fs.ErrNotExist) {
		skip("users.json", err.Error())
	}
	var channels []channel
	if err := readJSON(fsys, "channels.json", MaxListFile, &channels); err != nil {
		return nil, store.Errorf(store.EINVALID, "Its channels.json: %v", err)
	}
	var private []channel
	if err := readJSON(fsys, "groups.json", MaxListFile, &private); err == nil {
		channels = append(channels, private...)
	}
	var dms, mpims []conversation
	if err := readJSON(fsys, "dms.json", MaxListFile, &dms); err != nil && !errors.Is(err, fs.ErrNotExist) {
		skip("dms.json", err.Error())
	}
	if err := readJSON(fsys, "mpims.json", MaxListFile, &mpims); err != nil && !errors.Is(err, fs.ErrNotExist) {
		skip("mpims.json", err.Error())
	}

	// People: one profile each, matched by name to the directory.
	members, err := sink.FindMembers(ctx)
	if err != nil {
		return nil, err
	}
	byName := map[string]store.DocID{}
	for _, m := range members {
		byName[strings.ToLower(m.Name)] = m.ID
	}
	memberOf := map[string]store.DocID{} // Slack user → profile
	userName := map[string]string{}
	for _, u := range users {
		name := u.display()
		if name == "" || u.ID == "" {
			continue
		}
		userName[u.ID] = name
		if id, ok := byName[strings.ToLower(name)]; ok {
			memberOf[u.ID] = id
			continue
		}
		if u.IsBot || u.Deleted || u.ID == "USLACKBOT" {
			continue
		}
		tz := u.TZ
		if _, err := time.LoadLocation(tz); err != nil || tz == "" {
			tz = "UTC"
		}
		m, err := sink.CreateMember(work, store.NewMember{Name: name, TimeZone: tz, Role: u.Profile.Title})
		if err != nil {
			skip("users.json", fmt.Sprintf("%s was not added to the directory: %s", name, store.ErrorMessage(err)))
			continue
		}
		byName[strings.ToLower(name)], memberOf[u.ID] = m.ID, m.ID
		rep.People++
	}
	chanName := map[string]string{}
	for _, c := range channels {
		chanName[c.ID] = c.Name
	}
	nm := names{user: func(id string) string { return userName[id] }, channel: func(id string) string { return chanName[id] }}
	blobs, _ := sink.(mdio.Blobs)
	fl := &files{work: work, blobs: blobs, fsys: fsys, rep: rep, done: map[string]*stored{}}

	existing, err := sink.FindChannels(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range channels {
		if ctx.Err() != nil {
			skip(c.Name+"/", "The import was stopped here.")
			break
		}
		name, err := store.ValidateChannelName(c.Name)
		if err != nil || !fs.ValidPath(c.Name) || strings.Contains(c.Name, "/") {
			skip(c.Name+"/", "Its name is not one Longhand can give a channel.")
			continue
		}
		var ch *store.Channel
		for i := range existing {
			if strings.EqualFold(existing[i].Name, name) {
				ch = &existing[i]
			}
		}
		if ch == nil {
			desc := strings.TrimSpace(c.Purpose.Value)
			if desc == "" {
				desc = strings.TrimSpace(c.Topic.Value)
			}
			if ch, err = sink.CreateChannel(work, name, nm.markdown(desc)); err != nil {
				skip(c.Name+"/", store.ErrorMessage(err))
				continue
			}
		}
		rep.Channels++
		msgs := readDays(fsys, c.Name, rep)
		importChannel(ctx, work, sink, ch, c.Name, msgs, nm, fl, rep)
		if c.IsArchived && !ch.Archived {
			if _, err := sink.ArchiveChannel(work, ch.ID, true); err != nil {
				skip(c.Name+"/", "It was archived in Slack, but could not be archived here: "+store.ErrorMessage(err))
			}
		}
	}
	importChats(ctx, work, sink, fsys, dms, mpims, memberOf, userName, nm, fl, rep)
	fl.unshared()
	return rep, nil
}

// conversation is a direct message or a group DM of dms.json or
// mpims.json; its messages are in the folder named by its ID (a DM) or
// its name (a group DM).
type conversation struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Members []string `json:"members"`
}

// importChats makes a chat of each direct message and group DM of the
// person importing, with its messages. Those of other people stay out:
// they are private to the people in them, whatever the export holds.
func importChats(ctx, work context.Context, sink Sink, fsys fs.FS, dms, mpims []conversation, memberOf map[string]store.DocID,
	userName map[string]string, nm names, fl *files, rep *Report) {
	if len(dms)+len(mpims) == 0 {
		return
	}
	sess, err := sink.FindSession(ctx)
	if err != nil || sess.Me == nil {
		return
	}
	mine := ""
	for uid, id := range memberOf {
		if id == sess.Me.ID {
			mine = uid
		}
	}
	others := 0
	for _, c := range slices.Concat(dms, mpims) {
		folder := c.ID
		if c.Name != "" {
			folder = c.Name
		}
		if mine == "" || !slices.Contains(c.Members, mine) {
			others++
			continue
		}
		if ctx.Err() != nil {
			rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: folder + "/", Reason: "The import was stopped here."})
			return
		}
		if len(c.Members) > store.MaxChatPeople {
			rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: folder + "/", Reason: fmt.Sprintf("A conversation of %d people: chats here hold at most %d; start a channel for it.", len(c.Members), store.MaxChatPeople)})
			continue
		}
		var with []store.DocID
		for _, u := range c.Members {
			if u == mine {
				continue
			}
			id, ok := memberOf[u]
			if !ok {
				with = nil
				break
			}
			with = append(with, id)
		}
		if len(with) == 0 || !fs.ValidPath(folder) {
			rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: folder + "/", Reason: "Someone in it is not in the directory (a bot or a deactivated account)."})
			continue
		}
		conv, err := sink.StartConversation(work, with)
		if err != nil {
			rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: folder + "/", Reason: store.ErrorMessage(err)})
			continue
		}
		rep.Chats++
		missing := 0
		for _, m := range readDays(fsys, folder, rep) {
			if m.Type != "message" || (m.Subtype != "" && m.Subtype != "file_share") {
				continue
			}
			author := userName[m.User]
			if author == "" {
				author = "Someone"
			}
			lines, n := fl.attach(folder, "in a chat on "+when(m.TS), m.Files)
			missing += n
			body := compose(fmt.Sprintf("**%s**, %s, in Slack:\n\n", author, when(m.TS)), nm.markdown(m.Text), lines, store.MaxMessageLen)
			if _, err := sink.SendMessage(work, conv.ID, body); err != nil {
				rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: folder + "/", Reason: fmt.Sprintf("A message of %s: %s", when(m.TS), store.ErrorMessage(err))})
				continue
			}
			rep.Messages++
		}
		if missing > 0 {
			rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: folder + "/", Reason: fmt.Sprintf("Not carried over: %d files (linked from Slack, not in the export; named in their messages).", missing)})
		}
	}
	if others > 0 {
		what := "conversations"
		if others == 1 {
			what = "conversation"
		}
		reason := fmt.Sprintf("%d %s between other people: direct messages are private to the people in them, so they were not imported.", others, what)
		if mine == "" {
			reason = fmt.Sprintf("%d %s (direct messages and group DMs): no Slack user has your name, %s, so Longhand could not tell which are yours; none were imported.", others, what, sess.Me.Name)
		}
		rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: "dms.json", Reason: reason})
	}
}

// readDays reads the day files of a folder, oldest message first.
func readDays(fsys fs.FS, dir string, rep *Report) []message {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: dir + "/", Reason: fmt.Sprintf("Its messages could not be read (%v).", err)})
		}
		return nil
	}
	var msgs []message
	for _, e := range entries {
		if !dayFile.MatchString(e.Name()) {
			continue
		}
		var day []message
		if err := readJSON(fsys, path.Join(dir, e.Name()), MaxDayFile, &day); err != nil {
			rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: path.Join(dir, e.Name()), Reason: err.Error()})
			continue
		}
		msgs = append(msgs, day...)
	}
	sort.SliceStable(msgs, func(i, j int) bool { return tsLess(msgs[i].TS, msgs[j].TS) })
	return msgs
}

// importChannel makes a channel's posts and replies, oldest first.
func importChannel(ctx, work context.Context, sink Sink, ch *store.Channel, dir string, msgs []message, nm names, fl *files, rep *Report) {
	posts := map[string]store.DocID{} // thread ts → post
	var missing, reactions, others int
	for _, m := range msgs {
		if ctx.Err() != nil {
			rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: dir + "/", Reason: "The import was stopped here."})
			return
		}
		if m.Type != "message" || (m.Subtype != "" && m.Subtype != "bot_message" && m.Subtype != "file_share" && m.Subtype != "thread_broadcast") {
			others++
			continue
		}
		reactions += len(m.Reactions)
		author := nm.user(m.User)
		if author == "" {
			author = strings.TrimSpace(m.Username)
		}
		if author == "" {
			author = "Someone"
		}
		text := nm.markdown(m.Text)
		lines, n := fl.attach(dir, "in #"+dir+" on "+when(m.TS), m.Files)
		missing += n
		head := fmt.Sprintf("**%s**, %s, in Slack", author, when(m.TS))
		if m.ThreadTS != "" && m.ThreadTS != m.TS {
			if post, ok := posts[m.ThreadTS]; ok {
				body := compose(head+":\n\n", text, lines, store.MaxReplyLen)
				if _, err := sink.ReplyToPost(work, post, body); err != nil {
					rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: dir + "/", Reason: fmt.Sprintf("A reply of %s: %s", when(m.TS), store.ErrorMessage(err))})
					continue
				}
				rep.Replies++
				continue
			}
			// Its thread's first message is not in the export: a post of its own.
		}
		title := titleOf(text)
		if title == "" && len(m.Files) > 0 {
			title = titleOf(m.Files[0].Title)
			if title == "" {
				title = titleOf(m.Files[0].Name)
			}
		}
		if title == "" {
			title = "Message from " + author
		}
		p, err := sink.CreatePost(work, store.NewPost{Channel: ch.ID, Title: title, Body: compose(head+"\n\n", text, lines, 0)})
		if err != nil {
			rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: dir + "/", Reason: fmt.Sprintf("A message of %s: %s", when(m.TS), store.ErrorMessage(err))})
			continue
		}
		posts[m.TS] = p.ID
		rep.Posts++
	}
	var left []string
	if missing > 0 {
		left = append(left, fmt.Sprintf("%d files (linked from Slack, not in the export; named in their posts)", missing))
	}
	if reactions > 0 {
		left = append(left, fmt.Sprintf("%d reactions", reactions))
	}
	if others > 0 {
		left = append(left, fmt.Sprintf("%d joins, topic changes and other events", others))
	}
	if len(left) > 0 {
		rep.Skipped = append(rep.Skipped, mdio.Skipped{Path: dir + "/", Reason: "Not carried over: " + strings.Join(left, ", ") + "."})
	}
}

// titleOf is a post title from a message: its first line, without
// Markdown marks, cut at a word near 80 characters.
func titleOf(text string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	line = mdLink.ReplaceAllString(line, "$1")
	line = autoLink.ReplaceAllString(line, "$1")
	line = strings.NewReplacer("**", "", "~~", "", "`", "", "> ", "", `\[`, "[", `\]`, "]").Replace(line)
	line = strings.Join(strings.Fields(line), " ")
	if r := []rune(line); len(r) > 80 {
		cut := string(r[:80])
		if i := strings.LastIndexByte(cut, ' '); i > 40 {
			cut = cut[:i]
		}
		line = cut + "…"
	}
	return line
}

// when is a message's time, in UTC, as its post says it.
func when(ts string) string {
	sec, _, _ := strings.Cut(ts, ".")
	n, err := strconv.ParseInt(sec, 10, 64)
	if err != nil || n <= 0 {
		return "at an unknown time"
	}
	return time.Unix(n, 0).UTC().Format("2 Jan 2006 15:04 UTC")
}

func tsLess(a, b string) bool {
	fa, _ := strconv.ParseFloat(a, 64)
	fb, _ := strconv.ParseFloat(b, 64)
	return fa < fb
}
