package store

import (
	"context"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// KindPost is a channel post with its thread of replies: one document per
// post, so that threads sync independently.
const KindPost Kind = "post"

// Channel is a place for posts, such as #General or a project's channel.
// Channels live in the workspace document; joining is recorded there too.
// Muting and what was last seen are this device's own.
type Channel struct {
	ID          DocID
	Name        string
	Description string
	Icon        string
	Default     bool // made with the workspace; everyone is in it unless they left
	AdminsOnly  bool // only admins post; everyone replies (Announcements)
	Archived    bool
	CreatedBy   DocID
	CreatedAt   time.Time

	// For the person using this device.
	Joined   bool
	Muted    bool
	CanPost  bool      // may start posts here (replying is open to all)
	LastSeen time.Time // when they last opened it
	Unread   int       // posts with activity by others since LastSeen
	LastPost time.Time // the newest activity in it
}

// DefaultChannels are created with every new workspace, in this order.
var DefaultChannels = []struct {
	Name, Icon, Description string
	AdminsOnly              bool
}{
	{"General", "💬", "Company-wide posts: questions, updates and anything that concerns everyone.", false},
	{"Announcements", "📣", "News from the leadership. Only admins post here; everyone can reply.", true},
	{"Fun", "🎈", "Pets, pictures, weekend plans and the jokes that make a team.", false},
	{"Recognition", "🏆", "Thank a teammate for something they did, and say what it made possible.", false},
	{"Training", "🎓", "Courses, talks, reading and what you learned from them.", false},
}

// Post is a titled message in a channel with its thread of replies.
type Post struct {
	ID           DocID
	Channel      DocID
	Title        string
	Body         string // Markdown; "" once deleted
	Author       DocID
	CreatedAt    time.Time
	EditedAt     time.Time // zero unless edited
	DeletedAt    time.Time // a tombstone: the replies stay
	Pinned       bool
	Mentions     []DocID
	AckRequested bool
	Acks         []Ack // who acknowledged, oldest first
	Reactions    []Reaction
	Replies      []PostReply // oldest first
	PromotedTo   DocID       // the page it became, "" if none
	PromotedName string      // that page's title when it was promoted
	Email        *Email      // the email it was made from, if it was
	LastActivity time.Time
	Damaged      string
}

// Deleted reports whether the post was deleted; its replies stay.
func (p *Post) Deleted() bool { return !p.DeletedAt.IsZero() }

// Ack is one acknowledgement of an announcement.
type Ack struct {
	Member DocID
	At     time.Time
}

// Reaction is one emoji and who reacted with it.
type Reaction struct {
	Emoji   string
	Members []DocID
}

// PostReply is one message in a post's thread.
type PostReply struct {
	ID        string
	Author    DocID
	Body      string // Markdown; "" once deleted
	Mentions  []DocID
	CreatedAt time.Time
	EditedAt  time.Time
	DeletedAt time.Time
	Reactions []Reaction
}

// Email is what is shown of an email a post was made from. The original
// bytes are kept as they came and can be read with FindEmail.
type Email struct {
	ID      string // of the stored original
	Name    string // the file's name
	From    string
	To      string
	Subject string
	Date    time.Time
	Size    int
}

// PostSummary is a post as a channel's feed shows it, read from its
// materialized row without loading Automerge.
type PostSummary struct {
	ID           DocID
	Channel      DocID
	Title        string
	Excerpt      string
	Author       DocID
	CreatedAt    time.Time
	EditedAt     time.Time
	Deleted      bool
	Pinned       bool
	ReplyCount   int
	LastActivity time.Time
	LastActor    DocID // who made that activity
	Reactions    []Reaction
	AckRequested bool
	AckCount     int
	AckedByMe    bool
	PromotedTo   DocID
	PromotedName string
	EmailFrom    string
	EmailSubject string
	Mentions     []DocID
	Video        *VideoLink // the first video message in the post, for the feed's thumbnail; nil if none
}

// NewPost says what a new post holds.
type NewPost struct {
	Channel    DocID
	Title      string
	Body       string
	RequestAck bool // ask everyone to acknowledge it (announcements)
}

// PostFilter selects a channel's posts for its feed.
type PostFilter struct {
	Channel DocID
	Limit   int // 0 means 100; at most 1,000
}

// ChannelService keeps channels and their posts.
type ChannelService interface {
	FindChannels(ctx context.Context) ([]Channel, error) // in order: defaults first, then by name
	FindChannel(ctx context.Context, id DocID) (*Channel, error)
	CreateChannel(ctx context.Context, name, description string) (*Channel, error)
	JoinChannel(ctx context.Context, id DocID, joined bool) (*Channel, error)
	MuteChannel(ctx context.Context, id DocID, muted bool) (*Channel, error)
	ArchiveChannel(ctx context.Context, id DocID, archived bool) (*Channel, error)
	// SeeChannel records that the person saw the channel up to now.
	SeeChannel(ctx context.Context, id DocID) (*Channel, error)

	FindPosts(ctx context.Context, f PostFilter) ([]PostSummary, error) // pinned first, then latest activity first
	FindPost(ctx context.Context, id DocID) (*Post, error)
	CreatePost(ctx context.Context, np NewPost) (*Post, error)
	EditPost(ctx context.Context, id DocID, title, body string) (*Post, error)
	DeletePost(ctx context.Context, id DocID) (*Post, error)
	ReplyToPost(ctx context.Context, id DocID, body string) (*Post, error)
	EditReply(ctx context.Context, id DocID, reply, body string) (*Post, error)
	DeleteReply(ctx context.Context, id DocID, reply string) (*Post, error)
	React(ctx context.Context, id DocID, emoji string, on bool) (*Post, error)
	ReactToReply(ctx context.Context, id DocID, reply, emoji string, on bool) (*Post, error)
	PinPost(ctx context.Context, id DocID, pinned bool) (*Post, error)
	AcknowledgePost(ctx context.Context, id DocID) (*Post, error)
	// PromotePost turns a post, or the post and its replies, into a page
	// in a space, linking back to the post, and marks the post promoted.
	PromotePost(ctx context.Context, id, space DocID, withReplies bool) (*Post, *Page, error)
	// AttachEmail makes a post in a channel from the bytes of an .eml file
	// and keeps the original.
	AttachEmail(ctx context.Context, channel DocID, name string, raw []byte) (*Post, error)
	// FindEmail returns the original bytes of a post's email.
	FindEmail(ctx context.Context, id string) ([]byte, error)
}

// Limits on what people write in channels.
const (
	MaxChannelNameLen = 80
	MaxPostLen        = 100_000 // characters of a post body
	MaxReplyLen       = MaxCommentLen
)

// ValidateChannelName trims a channel's name and checks it. A leading #
// is dropped.
func ValidateChannelName(name string) (string, error) {
	name = strings.TrimPrefix(strings.Join(strings.Fields(name), " "), "#")
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", Errorf(EINVALID, "Please give the channel a name.")
	case !utf8.ValidString(name):
		return "", Errorf(EINVALID, "The channel name is not valid text.")
	case utf8.RuneCountInString(name) > MaxChannelNameLen:
		return "", Errorf(EINVALID, "A channel name can be at most %d characters.", MaxChannelNameLen)
	}
	return name, nil
}

// ValidatePost trims a post's title and body and checks them.
func ValidatePost(title, body string) (string, string, error) {
	title = strings.Join(strings.Fields(title), " ")
	body = strings.TrimSpace(body)
	switch {
	case !utf8.ValidString(title) || !utf8.ValidString(body):
		return "", "", Errorf(EINVALID, "The post is not valid text.")
	case title == "":
		return "", "", Errorf(EINVALID, "Give the post a title, so the channel can scan it.")
	case utf8.RuneCountInString(title) > MaxTitleLen:
		return "", "", Errorf(EINVALID, "A post title can be at most %d characters.", MaxTitleLen)
	case utf8.RuneCountInString(body) > MaxPostLen:
		return "", "", Errorf(EINVALID, "A post can be at most %d characters; this one has %d. Write a page and link it instead.", MaxPostLen, utf8.RuneCountInString(body))
	}
	return title, body, nil
}

// ValidateReply trims a reply and checks it.
func ValidateReply(body string) (string, error) {
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return "", Errorf(EINVALID, "Write something first.")
	case !utf8.ValidString(body):
		return "", Errorf(EINVALID, "The reply is not valid text.")
	case utf8.RuneCountInString(body) > MaxReplyLen:
		return "", Errorf(EINVALID, "A reply can be at most %d characters.", MaxReplyLen)
	}
	return body, nil
}

// ValidateEmoji checks a reaction: one short emoji, no spaces or letters.
func ValidateEmoji(e string) error {
	if e == "" || !utf8.ValidString(e) || utf8.RuneCountInString(e) > 8 || len(e) > 32 {
		return Errorf(EINVALID, "%q is not an emoji.", e)
	}
	for _, r := range e {
		if unicode.IsSpace(r) || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsControl(r) || r < 0x80 && r != '#' && r != '*' {
			return Errorf(EINVALID, "%q is not an emoji.", e)
		}
	}
	return nil
}

// ValidateReplyID checks the shape of a reply's ID.
func ValidateReplyID(id string) error {
	if DocID(id).Validate() != nil {
		return Errorf(EINVALID, "%q is not a reply ID.", id)
	}
	return nil
}

// FindMentions returns the members named in body as @Name (ignoring case),
// longest names first so that "@Ada Lovelace" is not taken for "@Ada".
func FindMentions(body string, members []Member) []DocID {
	if !strings.Contains(body, "@") {
		return nil
	}
	lower := strings.ToLower(body)
	ms := append([]Member(nil), members...)
	sort.Slice(ms, func(i, j int) bool { return len(ms[i].Name) > len(ms[j].Name) })
	var out []DocID
	for _, m := range ms {
		name := "@" + strings.ToLower(m.Name)
		for i := 0; ; {
			k := strings.Index(lower[i:], name)
			if k < 0 {
				break
			}
			end := i + k + len(name)
			r, _ := utf8.DecodeRuneInString(lower[end:])
			if end == len(lower) || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
				out = append(out, m.ID)
				break
			}
			i = end
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
