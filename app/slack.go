package app

import (
	"context"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/slack"
)

// SlackImportView says what a Slack import did.
type SlackImportView struct {
	People   int           `json:"people"`
	Channels int           `json:"channels"`
	Posts    int           `json:"posts"`
	Replies  int           `json:"replies"`
	Chats    int           `json:"chats"` // my direct messages and group DMs
	Messages int           `json:"messages"`
	Files    int           `json:"files"`   // files the export held, attached to their messages
	Skipped  []SkippedFile `json:"skipped"` // what was not carried over, and why
}

// ImportSlack reads a Slack workspace export (the .zip, or the folder it
// unpacks to; full path): its people into the directory, its channels
// with their messages as posts and their threads as replies, and my
// direct messages and group DMs as chats. Choose the file with
// Transfer.ChooseZipFile.
func (s *Channels) ImportSlack(path string) (SlackImportView, error) {
	if err := checkPath(path); err != nil {
		return SlackImportView{}, err
	}
	if s.members == nil || s.chats == nil {
		return SlackImportView{}, store.Errorf(store.EUNAVAILABLE, "The workspace is not open.")
	}
	if _, err := s.me(); err != nil {
		return SlackImportView{}, err
	}
	var sink slack.Sink = announcingSlack{ChannelService: s.channels, MemberService: s.members, WorkspaceService: s.ws, ChatService: s.chats, s: s}
	if s.files != nil {
		sink = slackWithFiles{announcingSlack: sink.(announcingSlack), deviceFiles: s.files}
	}
	rep, err := slack.Import(s.ctx, sink, path)
	if err != nil {
		return SlackImportView{}, err
	}
	return SlackImportView{People: rep.People, Channels: rep.Channels, Posts: rep.Posts, Replies: rep.Replies, Chats: rep.Chats,
		Messages: rep.Messages, Files: rep.Files, Skipped: skippedViews(rep.Skipped)}, nil
}

// slackWithFiles is a Slack import that stores the files the export holds.
type slackWithFiles struct {
	announcingSlack
	*deviceFiles
}

// announcingSlack tells every window about what a Slack import makes.
type announcingSlack struct {
	store.ChannelService
	store.MemberService
	store.WorkspaceService
	store.ChatService
	s *Channels
}

func (a announcingSlack) StartConversation(ctx context.Context, with []store.DocID) (*store.Conversation, error) {
	c, err := a.ChatService.StartConversation(ctx, with)
	if err == nil {
		a.s.events.Emit(EventChatChanged, ChatChanged{ConversationID: string(c.ID), Kind: "members"})
	}
	return c, err
}

func (a announcingSlack) SendMessage(ctx context.Context, id store.DocID, body string) (*store.Message, error) {
	m, err := a.ChatService.SendMessage(ctx, id, body)
	if err == nil {
		a.s.events.Emit(EventChatChanged, ChatChanged{ConversationID: string(id), Kind: "message"})
	}
	return m, err
}

func (a announcingSlack) CreateMember(ctx context.Context, nm store.NewMember) (*store.Member, error) {
	m, err := a.MemberService.CreateMember(ctx, nm)
	if err == nil {
		a.s.events.Emit(EventMemberChanged, memberView(m))
	}
	return m, err
}

func (a announcingSlack) CreateChannel(ctx context.Context, name, description string) (*store.Channel, error) {
	c, err := a.ChannelService.CreateChannel(ctx, name, description)
	if err == nil {
		a.s.events.Emit(EventChannelChanged, ChannelChanged{Channel: channelView(c)})
	}
	return c, err
}

func (a announcingSlack) ArchiveChannel(ctx context.Context, id store.DocID, archived bool) (*store.Channel, error) {
	c, err := a.ChannelService.ArchiveChannel(ctx, id, archived)
	if err == nil {
		a.s.events.Emit(EventChannelChanged, ChannelChanged{Channel: channelView(c)})
	}
	return c, err
}

func (a announcingSlack) CreatePost(ctx context.Context, np store.NewPost) (*store.Post, error) {
	p, err := a.ChannelService.CreatePost(ctx, np)
	if err == nil {
		a.s.announcePost(PostCreated, p)
	}
	return p, err
}

func (a announcingSlack) ReplyToPost(ctx context.Context, id store.DocID, body string) (*store.Post, error) {
	p, err := a.ChannelService.ReplyToPost(ctx, id, body)
	if err == nil {
		a.s.announcePost(PostReplied, p)
	}
	return p, err
}
