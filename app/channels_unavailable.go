package app

import (
	"context"

	"github.com/longhand/longhand/store"
)

var _ store.ChannelService = unavailable{}

func (u unavailable) FindChannels(context.Context) ([]store.Channel, error) { return nil, u.err }
func (u unavailable) FindChannel(context.Context, store.DocID) (*store.Channel, error) {
	return nil, u.err
}
func (u unavailable) CreateChannel(context.Context, string, string) (*store.Channel, error) {
	return nil, u.err
}
func (u unavailable) JoinChannel(context.Context, store.DocID, bool) (*store.Channel, error) {
	return nil, u.err
}
func (u unavailable) MuteChannel(context.Context, store.DocID, bool) (*store.Channel, error) {
	return nil, u.err
}
func (u unavailable) ArchiveChannel(context.Context, store.DocID, bool) (*store.Channel, error) {
	return nil, u.err
}
func (u unavailable) SeeChannel(context.Context, store.DocID) (*store.Channel, error) {
	return nil, u.err
}
func (u unavailable) FindPosts(context.Context, store.PostFilter) ([]store.PostSummary, error) {
	return nil, u.err
}
func (u unavailable) FindPost(context.Context, store.DocID) (*store.Post, error) { return nil, u.err }
func (u unavailable) CreatePost(context.Context, store.NewPost) (*store.Post, error) {
	return nil, u.err
}
func (u unavailable) EditPost(context.Context, store.DocID, string, string) (*store.Post, error) {
	return nil, u.err
}
func (u unavailable) DeletePost(context.Context, store.DocID) (*store.Post, error) { return nil, u.err }
func (u unavailable) ReplyToPost(context.Context, store.DocID, string) (*store.Post, error) {
	return nil, u.err
}
func (u unavailable) EditReply(context.Context, store.DocID, string, string) (*store.Post, error) {
	return nil, u.err
}
func (u unavailable) DeleteReply(context.Context, store.DocID, string) (*store.Post, error) {
	return nil, u.err
}
func (u unavailable) React(context.Context, store.DocID, string, bool) (*store.Post, error) {
	return nil, u.err
}
func (u unavailable) ReactToReply(context.Context, store.DocID, string, string, bool) (*store.Post, error) {
	return nil, u.err
}
func (u unavailable) PinPost(context.Context, store.DocID, bool) (*store.Post, error) {
	return nil, u.err
}
func (u unavailable) AcknowledgePost(context.Context, store.DocID) (*store.Post, error) {
	return nil, u.err
}
func (u unavailable) PromotePost(context.Context, store.DocID, store.DocID, bool) (*store.Post, *store.Page, error) {
	return nil, nil, u.err
}
func (u unavailable) AttachEmail(context.Context, store.DocID, string, []byte) (*store.Post, error) {
	return nil, u.err
}
func (u unavailable) FindEmail(context.Context, string) ([]byte, error) { return nil, u.err }
