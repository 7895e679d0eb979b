package crdt

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
	"github.com/longhand/longhand/store"
)

// Channels live in the workspace document:
//
//	channels        map of channel ID to {name, description, icon, default,
//	                adminsOnly, archived, createdBy, createdAt}
//	channelMembers  map of "<channel ID> <member ID>" to bool: joined (true)
//	                or left (false). Flat, so that people joining at the same
//	                time on two devices are all kept. A default channel
//	                counts everyone who has not left.
//	admins          map of member ID to true: who may post announcements.
//	                Until the signed membership log comes, the creator of the
//	                workspace is its only admin.

// EnsureChannels creates the channel maps of a workspace made before
// channels existed. It reports whether it made them.
func (d *Doc) EnsureChannels() (bool, error) {
	made := false
	for _, key := range []string{"channels", "channelMembers", "admins"} {
		v, err := d.am.RootMap().Get(key)
		if err != nil {
			return false, err
		}
		if v.Kind() == automerge.KindMap {
			continue
		}
		if err := d.am.RootMap().Set(key, map[string]any{}); err != nil {
			return false, fmt.Errorf("make %s: %w", key, err)
		}
		made = true
	}
	return made, nil
}

// AddChannel adds a channel to a workspace document.
func (d *Doc) AddChannel(c store.Channel) error {
	return d.am.Path("channels", string(c.ID)).Set(map[string]any{
		"name": c.Name, "description": c.Description, "icon": c.Icon, "default": c.Default,
		"adminsOnly": c.AdminsOnly, "archived": c.Archived, "createdBy": string(c.CreatedBy),
		"createdAt": store.UnixMillis(c.CreatedAt),
	})
}

// SetChannelArchived archives or unarchives a channel.
func (d *Doc) SetChannelArchived(id store.DocID, archived bool) error {
	return d.am.Path("channels", string(id)).Map().Set("archived", archived)
}

// SetChannelMember records that a member joined or left a channel.
func (d *Doc) SetChannelMember(channel, member store.DocID, joined bool) error {
	return d.am.Path("channelMembers").Map().Set(string(channel)+" "+string(member), joined)
}

// SetAdmin makes a member an admin.
func (d *Doc) SetAdmin(member store.DocID) error {
	return d.am.Path("admins").Map().Set(string(member), true)
}

// ChannelState is what a workspace document says about channels.
type ChannelState struct {
	Channels []store.Channel                      // Joined, Muted and the rest are left for the store
	Members  map[store.DocID]map[store.DocID]bool // channel → member → joined
	Admins   map[store.DocID]bool
}

// Channels reads the channels, their members and the admins.
func (d *Doc) Channels() (*ChannelState, error) {
	type channelFields struct {
		Name        string `automerge:"name"`
		Description string `automerge:"description"`
		Icon        string `automerge:"icon"`
		Default     bool   `automerge:"default"`
		AdminsOnly  bool   `automerge:"adminsOnly"`
		Archived    bool   `automerge:"archived"`
		CreatedBy   string `automerge:"createdBy"`
		CreatedAt   int64  `automerge:"createdAt"`
	}
	cs, err := mapOf[channelFields](d, "channels")
	if err != nil {
		return nil, err
	}
	joined, err := mapOf[bool](d, "channelMembers")
	if err != nil {
		return nil, err
	}
	admins, err := mapOf[bool](d, "admins")
	if err != nil {
		return nil, err
	}
	st := &ChannelState{Members: map[store.DocID]map[store.DocID]bool{}, Admins: map[store.DocID]bool{}}
	for id, f := range cs {
		st.Channels = append(st.Channels, store.Channel{ID: store.DocID(id), Name: f.Name, Description: f.Description,
			Icon: f.Icon, Default: f.Default, AdminsOnly: f.AdminsOnly, Archived: f.Archived,
			CreatedBy: store.DocID(f.CreatedBy), CreatedAt: store.FromUnixMillis(f.CreatedAt)})
	}
	sort.Slice(st.Channels, func(i, j int) bool {
		a, b := st.Channels[i], st.Channels[j]
		return a.CreatedAt.Before(b.CreatedAt) || a.CreatedAt.Equal(b.CreatedAt) && a.ID < b.ID
	})
	for k, v := range joined {
		ch, m, ok := strings.Cut(k, " ")
		if !ok {
			continue
		}
		if st.Members[store.DocID(ch)] == nil {
			st.Members[store.DocID(ch)] = map[store.DocID]bool{}
		}
		st.Members[store.DocID(ch)][store.DocID(m)] = v
	}
	for m, v := range admins {
		if v {
			st.Admins[store.DocID(m)] = true
		}
	}
	return st, nil
}

// A post document's root map:
//
//	kind          "post"
//	channel       channel DocID
//	title         string
//	body          Text, Markdown
//	author        member DocID
//	createdAt, editedAt, deletedAt   int64, Unix ms; 0 when not
//	pinned        bool
//	mentions      member IDs, comma-separated
//	ackRequested  bool
//	acks          map of member ID to Unix ms
//	reactions     map of "<member ID> <emoji>" to true: flat, so concurrent
//	              reactions with the same emoji all stay
//	replyReactions  map of "<reply ID> <member ID> <emoji>" to true
//	replies       map of reply ID to {author, body, mentions, createdAt,
//	              editedAt, deletedAt}: concurrent replies all stay
//	promotedTo, promotedName   the page it became
//	email         {id, name, from, to, subject, date, size} or an empty map
//
// Every map that people add entries to is made with the post.

// NewPost creates a post document.
func NewPost(p store.Post) (*Doc, error) {
	email := map[string]any{}
	if e := p.Email; e != nil {
		email = map[string]any{"id": e.ID, "name": e.Name, "from": e.From, "to": e.To, "subject": e.Subject,
			"date": store.UnixMillis(e.Date), "size": int64(e.Size)}
	}
	return newMap(map[string]any{
		"kind": string(store.KindPost), "channel": string(p.Channel), "title": p.Title,
		"body": automerge.NewText(p.Body), "author": string(p.Author),
		"createdAt": store.UnixMillis(p.CreatedAt), "editedAt": int64(0), "deletedAt": int64(0),
		"pinned": false, "mentions": joinIDs(p.Mentions), "ackRequested": p.AckRequested,
		"acks": map[string]any{}, "reactions": map[string]any{}, "replies": map[string]any{}, "replyReactions": map[string]any{},
		"promotedTo": "", "promotedName": "", "email": email,
	})
}

func joinIDs(ids []store.DocID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	return strings.Join(s, ",")
}

func splitIDs(s string) []store.DocID {
	var out []store.DocID
	for _, x := range strings.Split(s, ",") {
		if x != "" {
			out = append(out, store.DocID(x))
		}
	}
	return out
}

// SetPostText changes the title and the body, the body by the smallest
// splice that turns the old text into the new, so that a concurrent edit
// elsewhere in it survives.
func (d *Doc) SetPostText(title, body string, mentions []store.DocID, at time.Time) error {
	if err := d.setRoot(map[string]any{"title": title, "mentions": joinIDs(mentions), "editedAt": store.UnixMillis(at)}); err != nil {
		return err
	}
	t := d.text("body")
	old, err := t.Get()
	if err != nil {
		return fmt.Errorf("post body: %w", err)
	}
	a, b := []rune(old), []rune(body)
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	if del, ins := len(a)-pre-suf, string(b[pre:len(b)-suf]); del > 0 || ins != "" {
		if err := t.Splice(pre, del, ins); err != nil {
			return fmt.Errorf("post body: %w", err)
		}
	}
	return nil
}

// DeletePostBody leaves a tombstone: the title and body go, the replies stay.
func (d *Doc) DeletePostBody(at time.Time) error {
	if err := d.SetPostText("", "", nil, time.Time{}); err != nil {
		return err
	}
	return d.setRoot(map[string]any{"deletedAt": store.UnixMillis(at)})
}

// AddPostReply adds a reply to a post's thread.
func (d *Doc) AddPostReply(r store.PostReply) error {
	err := d.am.Path("replies", r.ID).Set(map[string]any{
		"author": string(r.Author), "body": r.Body, "mentions": joinIDs(r.Mentions),
		"createdAt": store.UnixMillis(r.CreatedAt), "editedAt": int64(0), "deletedAt": int64(0),
	})
	if err != nil {
		return fmt.Errorf("add reply: %w", err)
	}
	return nil
}

// SetPostReply changes a reply's body; a deletion keeps its place in the thread.
func (d *Doc) SetPostReply(id, body string, mentions []store.DocID, edited, deleted time.Time) error {
	m := d.am.Path("replies", id).Map()
	for k, v := range map[string]any{"body": body, "mentions": joinIDs(mentions), "editedAt": store.UnixMillis(edited),
		"deletedAt": store.UnixMillis(deleted)} {
		if err := m.Set(k, v); err != nil {
			return fmt.Errorf("change reply: %w", err)
		}
	}
	return nil
}

// HasPostReply reports whether the post has a reply with that ID.
func (d *Doc) HasPostReply(id string) bool {
	v, err := d.am.Path("replies", id).Get()
	return err == nil && v.Kind() == automerge.KindMap
}

// SetReaction adds or takes away a member's reaction.
func (d *Doc) SetReaction(member store.DocID, emoji string, on bool) error {
	m := d.am.Path("reactions").Map()
	key := string(member) + " " + emoji
	if on {
		return m.Set(key, true)
	}
	if v, err := m.Get(key); err != nil || v.Kind() == automerge.KindVoid {
		return err
	}
	return m.Delete(key)
}

// SetReplyReaction adds or takes away a member's reaction to a reply.
func (d *Doc) SetReplyReaction(reply string, member store.DocID, emoji string, on bool) error {
	if err := d.ensureMap("replyReactions"); err != nil {
		return err
	}
	m := d.am.Path("replyReactions").Map()
	key := reply + " " + string(member) + " " + emoji
	if on {
		return m.Set(key, true)
	}
	if v, err := m.Get(key); err != nil || v.Kind() == automerge.KindVoid {
		return err
	}
	return m.Delete(key)
}

// SetPinned pins or unpins the post.
func (d *Doc) SetPinned(pinned bool) error { return d.setRoot(map[string]any{"pinned": pinned}) }

// Acknowledge records that a member acknowledged the post.
func (d *Doc) Acknowledge(member store.DocID, at time.Time) error {
	return d.am.Path("acks").Map().Set(string(member), store.UnixMillis(at))
}

// SetPromoted records the page the post became.
func (d *Doc) SetPromoted(page store.DocID, title string) error {
	return d.setRoot(map[string]any{"promotedTo": string(page), "promotedName": title})
}

// Post reads a post document. ID comes from the store.
func (d *Doc) Post() (*store.Post, error) {
	var p store.Post
	var channel, author, mentions, promoted string
	for _, f := range []struct {
		key string
		dst *string
	}{{"channel", &channel}, {"title", &p.Title}, {"author", &author}, {"mentions", &mentions},
		{"promotedTo", &promoted}, {"promotedName", &p.PromotedName}} {
		v, err := d.str(f.key)
		if err != nil {
			return nil, fmt.Errorf("post %s: %w", f.key, err)
		}
		*f.dst = v
	}
	p.Channel, p.Author, p.Mentions, p.PromotedTo = store.DocID(channel), store.DocID(author), splitIDs(mentions), store.DocID(promoted)
	var err error
	if p.Body, err = d.text("body").Get(); err != nil {
		return nil, fmt.Errorf("post body: %w", err)
	}
	for _, f := range []struct {
		key string
		dst *time.Time
	}{{"createdAt", &p.CreatedAt}, {"editedAt", &p.EditedAt}, {"deletedAt", &p.DeletedAt}} {
		ms, err := d.int(f.key)
		if err != nil {
			return nil, fmt.Errorf("post %s: %w", f.key, err)
		}
		*f.dst = store.FromUnixMillis(ms)
	}
	if p.Pinned, err = d.bool("pinned"); err != nil {
		return nil, fmt.Errorf("post pinned: %w", err)
	}
	if p.AckRequested, err = d.bool("ackRequested"); err != nil {
		return nil, fmt.Errorf("post ackRequested: %w", err)
	}
	acks, err := mapOf[int64](d, "acks")
	if err != nil {
		return nil, err
	}
	for m, at := range acks {
		p.Acks = append(p.Acks, store.Ack{Member: store.DocID(m), At: store.FromUnixMillis(at)})
	}
	sort.Slice(p.Acks, func(i, j int) bool {
		return p.Acks[i].At.Before(p.Acks[j].At) || p.Acks[i].At.Equal(p.Acks[j].At) && p.Acks[i].Member < p.Acks[j].Member
	})
	reactions, err := mapOf[bool](d, "reactions")
	if err != nil {
		return nil, err
	}
	p.Reactions = groupReactions(reactions)
	type replyFields struct {
		Author    string `automerge:"author"`
		Body      string `automerge:"body"`
		Mentions  string `automerge:"mentions"`
		CreatedAt int64  `automerge:"createdAt"`
		EditedAt  int64  `automerge:"editedAt"`
		DeletedAt int64  `automerge:"deletedAt"`
	}
	replies, err := mapOf[replyFields](d, "replies")
	if err != nil {
		return nil, err
	}
	replyReactions, err := mapOf[bool](d, "replyReactions")
	if err != nil {
		return nil, err
	}
	byReply := map[string]map[string]bool{}
	for k, on := range replyReactions {
		reply, rest, ok := strings.Cut(k, " ")
		if !ok {
			continue
		}
		if byReply[reply] == nil {
			byReply[reply] = map[string]bool{}
		}
		byReply[reply][rest] = on
	}
	p.LastActivity = p.CreatedAt
	for id, r := range replies {
		pr := store.PostReply{ID: id, Author: store.DocID(r.Author), Body: r.Body, Mentions: splitIDs(r.Mentions),
			CreatedAt: store.FromUnixMillis(r.CreatedAt), EditedAt: store.FromUnixMillis(r.EditedAt), DeletedAt: store.FromUnixMillis(r.DeletedAt),
			Reactions: groupReactions(byReply[id])}
		p.Replies = append(p.Replies, pr)
		if pr.DeletedAt.IsZero() && pr.CreatedAt.After(p.LastActivity) {
			p.LastActivity = pr.CreatedAt
		}
	}
	sort.Slice(p.Replies, func(i, j int) bool {
		a, b := p.Replies[i], p.Replies[j]
		return a.CreatedAt.Before(b.CreatedAt) || a.CreatedAt.Equal(b.CreatedAt) && a.ID < b.ID
	})
	type emailFields struct {
		ID      string `automerge:"id"`
		Name    string `automerge:"name"`
		From    string `automerge:"from"`
		To      string `automerge:"to"`
		Subject string `automerge:"subject"`
		Date    int64  `automerge:"date"`
		Size    int64  `automerge:"size"`
	}
	if v, err := d.am.RootMap().Get("email"); err == nil && v.Kind() == automerge.KindMap {
		e, err := automerge.As[emailFields](v)
		if err != nil {
			return nil, fmt.Errorf("post email: %w", err)
		}
		if e.ID != "" {
			p.Email = &store.Email{ID: e.ID, Name: e.Name, From: e.From, To: e.To, Subject: e.Subject,
				Date: store.FromUnixMillis(e.Date), Size: int(e.Size)}
		}
	}
	return &p, nil
}

// groupReactions turns "<member> <emoji>" keys into reactions, the most
// used emoji first, then in a stable order.
func groupReactions(m map[string]bool) []store.Reaction {
	by := map[string][]store.DocID{}
	for k, on := range m {
		member, emoji, ok := strings.Cut(k, " ")
		if !ok || !on || emoji == "" {
			continue
		}
		by[emoji] = append(by[emoji], store.DocID(member))
	}
	out := make([]store.Reaction, 0, len(by))
	for e, ms := range by {
		sort.Slice(ms, func(i, j int) bool { return ms[i] < ms[j] })
		out = append(out, store.Reaction{Emoji: e, Members: ms})
	}
	sort.Slice(out, func(i, j int) bool {
		return len(out[i].Members) > len(out[j].Members) || len(out[i].Members) == len(out[j].Members) && out[i].Emoji < out[j].Emoji
	})
	return out
}
