package app

import (
	"context"
	"encoding/base64"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/eml"
)

// Channels is the bound service for channels and their posts.
type Channels struct {
	ctx      context.Context
	channels store.ChannelService
	ws       store.WorkspaceService
	events   Emitter

	outbox    store.OutboxService // for posts sent later; nil: not offered
	scheduled func()              // wakes the outbox loop
	members   store.MemberService // for a Slack import's people; nil: not offered
	chats     store.ChatService   // for a Slack import's direct messages; nil: not offered
	files     *deviceFiles        // for a Slack import's files; nil: they are reported, not carried over
}

// SendLater lets the service schedule posts through an outbox whose loop
// wake tells that something new is waiting.
func (s *Channels) SendLater(outbox store.OutboxService, wake func()) {
	s.outbox, s.scheduled = outbox, wake
}

// NewChannels returns the channels service.
func NewChannels(ctx context.Context, channels store.ChannelService, ws store.WorkspaceService, events Emitter) *Channels {
	return &Channels{ctx: ctx, channels: channels, ws: ws, events: events}
}

// SchedulePost keeps a post on this device until a time (RFC 3339), then
// posts it.
func (s *Channels) SchedulePost(channelID, title, body, at string) (ScheduledView, error) {
	if s.outbox == nil {
		return ScheduledView{}, store.Errorf(store.EUNAVAILABLE, "Scheduling is not available.")
	}
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return ScheduledView{}, store.Errorf(store.EINVALID, "%q is not a time.", at)
	}
	sc, err := s.outbox.SchedulePost(s.ctx, store.DocID(channelID), title, body, t)
	if err != nil {
		return ScheduledView{}, err
	}
	if s.scheduled != nil {
		s.scheduled()
	}
	s.announceChannel(store.DocID(channelID))
	return scheduledView(sc), nil
}

// ScheduledPosts lists my posts waiting to go to a channel.
func (s *Channels) ScheduledPosts(channelID string) ([]ScheduledView, error) {
	if s.outbox == nil {
		return []ScheduledView{}, nil
	}
	scs, err := s.outbox.FindScheduled(s.ctx, store.DocID(channelID))
	if err != nil {
		return nil, err
	}
	out := make([]ScheduledView, len(scs))
	for i := range scs {
		out[i] = scheduledView(&scs[i])
	}
	return out, nil
}

// CancelScheduledPost drops a scheduled post.
func (s *Channels) CancelScheduledPost(channelID, id string) error {
	if s.outbox == nil {
		return store.Errorf(store.ENOTFOUND, "That post was already sent or cancelled.")
	}
	if err := s.outbox.CancelScheduled(s.ctx, id); err != nil {
		return err
	}
	s.announceChannel(store.DocID(channelID))
	return nil
}

// PostSent announces a scheduled post that went out.
func (s *Channels) PostSent(p *store.Post) { s.announcePost(PostCreated, p) }

// ChannelView is a channel as the sidebar and its screen show it, for the
// person using this device.
type ChannelView struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Icon        string `json:"icon"` // an emoji, or "" for a plain #
	Default     bool   `json:"default"`
	AdminsOnly  bool   `json:"adminsOnly"` // only admins start posts; everyone replies
	Archived    bool   `json:"archived"`
	CreatedBy   string `json:"createdBy"`
	Joined      bool   `json:"joined"`
	Muted       bool   `json:"muted"`
	CanPost     bool   `json:"canPost"`
	Unread      int    `json:"unread"`   // posts with others' activity since lastSeen
	LastSeen    string `json:"lastSeen"` // RFC 3339, "" if never opened
	LastPost    string `json:"lastPost"`
}

// ReactionView is one emoji and who reacted with it.
type ReactionView struct {
	Emoji   string   `json:"emoji"`
	Members []string `json:"members"`
}

// PostSummaryView is a post as a channel's feed shows it.
type PostSummaryView struct {
	ID           string         `json:"id"`
	ChannelID    string         `json:"channelId"`
	Title        string         `json:"title"`
	Excerpt      string         `json:"excerpt"` // plain text
	AuthorID     string         `json:"authorId"`
	CreatedAt    string         `json:"createdAt"`
	EditedAt     string         `json:"editedAt"`
	Deleted      bool           `json:"deleted"`
	Pinned       bool           `json:"pinned"`
	ReplyCount   int            `json:"replyCount"`
	LastActivity string         `json:"lastActivity"`
	LastActorID  string         `json:"lastActorId"` // who made that activity
	Reactions    []ReactionView `json:"reactions"`
	AckRequested bool           `json:"ackRequested"`
	AckCount     int            `json:"ackCount"`
	AckedByMe    bool           `json:"ackedByMe"`
	PromotedTo   string         `json:"promotedTo"`
	PromotedName string         `json:"promotedName"`
	EmailFrom    string         `json:"emailFrom"`
	EmailSubject string         `json:"emailSubject"`
	Mentions     []string       `json:"mentions"`
	// The first video message in the post, for the feed: its thumbnail's
	// hash (served at /posters/<hash>; "" without one) and its words.
	VideoPoster  string `json:"videoPoster"`
	VideoSummary string `json:"videoSummary"`
}

// PostReplyView is one reply in a post's thread.
type PostReplyView struct {
	ID        string         `json:"id"`
	AuthorID  string         `json:"authorId"`
	Body      string         `json:"body"` // Markdown; "" once deleted
	Mentions  []string       `json:"mentions"`
	CreatedAt string         `json:"createdAt"`
	EditedAt  string         `json:"editedAt"`
	Deleted   bool           `json:"deleted"`
	Reactions []ReactionView `json:"reactions"`
}

// AckView is one acknowledgement.
type AckView struct {
	MemberID string `json:"memberId"`
	At       string `json:"at"`
}

// EmailView is what a post shows of the email it was made from.
type EmailView struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	From    string `json:"from"`
	To      string `json:"to"`
	Subject string `json:"subject"`
	Date    string `json:"date"`
	Size    int    `json:"size"`
}

// PostView is a post opened with its thread.
type PostView struct {
	ID           string          `json:"id"`
	ChannelID    string          `json:"channelId"`
	Title        string          `json:"title"`
	Body         string          `json:"body"` // Markdown, or plain text when email is set
	AuthorID     string          `json:"authorId"`
	CreatedAt    string          `json:"createdAt"`
	EditedAt     string          `json:"editedAt"`
	Deleted      bool            `json:"deleted"`
	Pinned       bool            `json:"pinned"`
	Mentions     []string        `json:"mentions"`
	AckRequested bool            `json:"ackRequested"`
	Acks         []AckView       `json:"acks"`
	Reactions    []ReactionView  `json:"reactions"`
	Replies      []PostReplyView `json:"replies"`
	PromotedTo   string          `json:"promotedTo"`
	PromotedName string          `json:"promotedName"`
	Email        *EmailView      `json:"email"`
	LastActivity string          `json:"lastActivity"`
}

// NewPostInput is what the composer sends.
type NewPostInput struct {
	ChannelID  string `json:"channelId"`
	Title      string `json:"title"`
	Body       string `json:"body"`
	RequestAck bool   `json:"requestAck"`
}

// PromoteView answers a promotion: the post and the page it became.
type PromoteView struct {
	Post PostView    `json:"post"`
	Page PageSummary `json:"page"`
}

// EventChannelChanged carries a ChannelChanged whenever a channel is
// created, joined, left, muted, archived or seen, or its unread count moves.
const EventChannelChanged = "channel:changed"

// EventPostChanged carries a PostChanged whenever a post or its thread
// changes.
const EventPostChanged = "post:changed"

// Post change kinds.
const (
	PostCreated  = "created"
	PostEdited   = "edited"
	PostDeleted  = "deleted"
	PostReplied  = "replied"
	PostReacted  = "reacted"
	PostPinned   = "pinned"
	PostAcked    = "acknowledged"
	PostPromoted = "promoted"
)

// ChannelChanged is the payload of EventChannelChanged.
type ChannelChanged struct {
	Channel ChannelView `json:"channel"`
}

// PostChanged is the payload of EventPostChanged.
type PostChanged struct {
	Kind string          `json:"kind"`
	Post PostSummaryView `json:"post"`
}

func ids(xs []store.DocID) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func reactionViews(rs []store.Reaction) []ReactionView {
	out := make([]ReactionView, len(rs))
	for i, r := range rs {
		out[i] = ReactionView{Emoji: r.Emoji, Members: ids(r.Members)}
	}
	return out
}

func channelView(c *store.Channel) ChannelView {
	return ChannelView{ID: string(c.ID), Name: c.Name, Description: c.Description, Icon: c.Icon, Default: c.Default,
		AdminsOnly: c.AdminsOnly, Archived: c.Archived, CreatedBy: string(c.CreatedBy), Joined: c.Joined, Muted: c.Muted,
		CanPost: c.CanPost, Unread: c.Unread, LastSeen: formatTime(c.LastSeen), LastPost: formatTime(c.LastPost)}
}

func postSummaryView(s store.PostSummary) PostSummaryView {
	v := PostSummaryView{ID: string(s.ID), ChannelID: string(s.Channel), Title: s.Title, Excerpt: s.Excerpt,
		AuthorID: string(s.Author), CreatedAt: formatTime(s.CreatedAt), EditedAt: formatTime(s.EditedAt), Deleted: s.Deleted,
		Pinned: s.Pinned, ReplyCount: s.ReplyCount, LastActivity: formatTime(s.LastActivity), LastActorID: string(s.LastActor), Reactions: reactionViews(s.Reactions),
		AckRequested: s.AckRequested, AckCount: s.AckCount, AckedByMe: s.AckedByMe, PromotedTo: string(s.PromotedTo),
		PromotedName: s.PromotedName, EmailFrom: s.EmailFrom, EmailSubject: s.EmailSubject, Mentions: ids(s.Mentions)}
	if s.Video != nil {
		v.VideoPoster, v.VideoSummary = s.Video.Poster, s.Video.Summary
	}
	return v
}

func postView(p *store.Post) PostView {
	v := PostView{ID: string(p.ID), ChannelID: string(p.Channel), Title: p.Title, Body: p.Body, AuthorID: string(p.Author),
		CreatedAt: formatTime(p.CreatedAt), EditedAt: formatTime(p.EditedAt), Deleted: p.Deleted(), Pinned: p.Pinned,
		Mentions: ids(p.Mentions), AckRequested: p.AckRequested, Acks: []AckView{}, Reactions: reactionViews(p.Reactions),
		Replies: []PostReplyView{}, PromotedTo: string(p.PromotedTo), PromotedName: p.PromotedName,
		LastActivity: formatTime(p.LastActivity)}
	for _, a := range p.Acks {
		v.Acks = append(v.Acks, AckView{MemberID: string(a.Member), At: formatTime(a.At)})
	}
	for _, r := range p.Replies {
		v.Replies = append(v.Replies, PostReplyView{ID: r.ID, AuthorID: string(r.Author), Body: r.Body, Mentions: ids(r.Mentions),
			CreatedAt: formatTime(r.CreatedAt), EditedAt: formatTime(r.EditedAt), Deleted: !r.DeletedAt.IsZero(),
			Reactions: reactionViews(r.Reactions)})
	}
	if e := p.Email; e != nil {
		v.Email = &EmailView{ID: e.ID, Name: e.Name, From: e.From, To: e.To, Subject: e.Subject, Date: formatTime(e.Date), Size: e.Size}
	}
	return v
}

// summaryOf is the feed row of a post as the local member sees it.
func (s *Channels) summaryOf(p *store.Post) PostSummaryView {
	sum := store.PostSummary{ID: p.ID, Channel: p.Channel, Title: p.Title, Excerpt: store.Excerpt(p.Body), Author: p.Author,
		CreatedAt: p.CreatedAt, EditedAt: p.EditedAt, Deleted: p.Deleted(), Pinned: p.Pinned, LastActivity: p.LastActivity,
		Reactions: p.Reactions, AckRequested: p.AckRequested, AckCount: len(p.Acks), PromotedTo: p.PromotedTo,
		PromotedName: p.PromotedName, Mentions: p.Mentions}
	if p.Deleted() {
		sum.Excerpt = ""
	} else {
		sum.Video = store.FirstVideoLink(p.Body)
	}
	if sess, err := s.me(); err == nil {
		for _, a := range p.Acks {
			sum.AckedByMe = sum.AckedByMe || a.Member == sess
		}
	}
	sum.LastActor = p.Author
	for _, r := range p.Replies {
		if r.DeletedAt.IsZero() {
			sum.ReplyCount++
			if !r.CreatedAt.Before(p.LastActivity) {
				sum.LastActor = r.Author
			}
		}
	}
	if p.Email != nil {
		sum.EmailFrom, sum.EmailSubject = p.Email.From, p.Email.Subject
	}
	return postSummaryView(sum)
}

func (s *Channels) me() (store.DocID, error) {
	sess, err := s.ws.FindSession(s.ctx)
	if err != nil {
		return "", err
	}
	if sess.Me == nil {
		return "", store.Errorf(store.EFORBIDDEN, "Set up your profile first.")
	}
	return sess.Me.ID, nil
}

// announcePost tells every window about a post and refreshes its channel,
// whose unread count and last activity may have moved.
func (s *Channels) announcePost(kind string, p *store.Post) PostView {
	s.events.Emit(EventPostChanged, PostChanged{Kind: kind, Post: s.summaryOf(p)})
	s.announceChannel(p.Channel)
	return postView(p)
}

func (s *Channels) announceChannel(id store.DocID) {
	if c, err := s.channels.FindChannel(s.ctx, id); err == nil {
		s.events.Emit(EventChannelChanged, ChannelChanged{Channel: channelView(c)})
	}
}

func (s *Channels) channel(c *store.Channel, err error) (ChannelView, error) {
	if err != nil {
		return ChannelView{}, err
	}
	v := channelView(c)
	s.events.Emit(EventChannelChanged, ChannelChanged{Channel: v})
	return v, nil
}

func (s *Channels) post(kind string, p *store.Post, err error) (PostView, error) {
	if err != nil {
		return PostView{}, err
	}
	return s.announcePost(kind, p), nil
}

// List returns every channel, the defaults first.
func (s *Channels) List() ([]ChannelView, error) {
	cs, err := s.channels.FindChannels(s.ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ChannelView, len(cs))
	for i := range cs {
		out[i] = channelView(&cs[i])
	}
	return out, nil
}

// Create makes a project channel and joins it.
func (s *Channels) Create(name, description string) (ChannelView, error) {
	return s.channel(s.channels.CreateChannel(s.ctx, name, description))
}

// Join joins (true) or leaves (false) a channel.
func (s *Channels) Join(id string, joined bool) (ChannelView, error) {
	return s.channel(s.channels.JoinChannel(s.ctx, store.DocID(id), joined))
}

// Mute mutes or unmutes a channel on this device.
func (s *Channels) Mute(id string, muted bool) (ChannelView, error) {
	return s.channel(s.channels.MuteChannel(s.ctx, store.DocID(id), muted))
}

// Archive archives or unarchives a channel.
func (s *Channels) Archive(id string, archived bool) (ChannelView, error) {
	return s.channel(s.channels.ArchiveChannel(s.ctx, store.DocID(id), archived))
}

// See marks a channel seen up to now, which clears its unread dot.
func (s *Channels) See(id string) (ChannelView, error) {
	return s.channel(s.channels.SeeChannel(s.ctx, store.DocID(id)))
}

// Posts lists the first limit posts of a channel's feed (pinned first,
// then latest activity); 0 means 100.
func (s *Channels) Posts(channelID string, limit int) ([]PostSummaryView, error) {
	ps, err := s.channels.FindPosts(s.ctx, store.PostFilter{Channel: store.DocID(channelID), Limit: limit})
	if err != nil {
		return nil, err
	}
	out := make([]PostSummaryView, len(ps))
	for i, p := range ps {
		out[i] = postSummaryView(p)
	}
	return out, nil
}

// Post opens a post with its thread.
func (s *Channels) Post(id string) (PostView, error) {
	p, err := s.channels.FindPost(s.ctx, store.DocID(id))
	if err != nil {
		return PostView{}, err
	}
	return postView(p), nil
}

// CreatePost starts a post in a channel.
func (s *Channels) CreatePost(in NewPostInput) (PostView, error) {
	p, err := s.channels.CreatePost(s.ctx, store.NewPost{Channel: store.DocID(in.ChannelID), Title: in.Title, Body: in.Body, RequestAck: in.RequestAck})
	return s.post(PostCreated, p, err)
}

// EditPost changes one's own post.
func (s *Channels) EditPost(id, title, body string) (PostView, error) {
	p, err := s.channels.EditPost(s.ctx, store.DocID(id), title, body)
	return s.post(PostEdited, p, err)
}

// DeletePost deletes one's own post; its replies stay.
func (s *Channels) DeletePost(id string) (PostView, error) {
	p, err := s.channels.DeletePost(s.ctx, store.DocID(id))
	return s.post(PostDeleted, p, err)
}

// Reply adds a reply to a post.
func (s *Channels) Reply(id, body string) (PostView, error) {
	p, err := s.channels.ReplyToPost(s.ctx, store.DocID(id), body)
	return s.post(PostReplied, p, err)
}

// EditReply changes one's own reply.
func (s *Channels) EditReply(id, replyID, body string) (PostView, error) {
	p, err := s.channels.EditReply(s.ctx, store.DocID(id), replyID, body)
	return s.post(PostEdited, p, err)
}

// DeleteReply deletes one's own reply.
func (s *Channels) DeleteReply(id, replyID string) (PostView, error) {
	p, err := s.channels.DeleteReply(s.ctx, store.DocID(id), replyID)
	return s.post(PostEdited, p, err)
}

// React adds (on) or takes away one's reaction to a post.
func (s *Channels) React(id, emoji string, on bool) (PostView, error) {
	p, err := s.channels.React(s.ctx, store.DocID(id), emoji, on)
	return s.post(PostReacted, p, err)
}

// ReactToReply adds (on) or takes away one's reaction to a reply.
func (s *Channels) ReactToReply(id, replyID, emoji string, on bool) (PostView, error) {
	p, err := s.channels.ReactToReply(s.ctx, store.DocID(id), replyID, emoji, on)
	return s.post(PostReacted, p, err)
}

// Pin pins a post to the top of its channel, or unpins it.
func (s *Channels) Pin(id string, pinned bool) (PostView, error) {
	p, err := s.channels.PinPost(s.ctx, store.DocID(id), pinned)
	return s.post(PostPinned, p, err)
}

// Acknowledge records that one read an announcement that asked for it.
func (s *Channels) Acknowledge(id string) (PostView, error) {
	p, err := s.channels.AcknowledgePost(s.ctx, store.DocID(id))
	return s.post(PostAcked, p, err)
}

// Promote turns a post, or the post with its replies, into a page in a
// space; the page links back and the post shows where it went.
func (s *Channels) Promote(id, spaceID string, withReplies bool) (PromoteView, error) {
	p, page, err := s.channels.PromotePost(s.ctx, store.DocID(id), store.DocID(spaceID), withReplies)
	if err != nil {
		return PromoteView{}, err
	}
	s.events.Emit(EventPageChanged, PageChanged{Kind: ChangeCreated, Page: summaryView(page.Summary()), Rev: page.Rev, Splices: []Splice{}})
	return PromoteView{Post: s.announcePost(PostPromoted, p), Page: summaryView(page.Summary())}, nil
}

// AttachEmail makes a post from an .eml file; data is the file's bytes in
// standard base64.
func (s *Channels) AttachEmail(channelID, name, data string) (PostView, error) {
	if len(data) > base64.StdEncoding.EncodedLen(eml.MaxSize)+4 {
		return PostView{}, store.Errorf(store.EINVALID, "This email file is larger than %d MB, the most Longhand takes.", eml.MaxSize>>20)
	}
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return PostView{}, store.Errorf(store.EINVALID, "The email file did not arrive whole; try again.")
	}
	p, err := s.channels.AttachEmail(s.ctx, store.DocID(channelID), name, raw)
	return s.post(PostCreated, p, err)
}

// Email returns the original bytes of a post's email in base64, to save.
func (s *Channels) Email(id string) (string, error) {
	b, err := s.channels.FindEmail(s.ctx, id)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(b), nil
}
