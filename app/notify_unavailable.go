package app

import (
	"context"

	"github.com/longhand/longhand/store"
)

var _ store.NotifyService = unavailable{}

func (u unavailable) FindNotifySettings(context.Context) (store.NotifySettings, error) {
	return store.NotifySettings{}, u.err
}
func (u unavailable) UpdateNotifySettings(context.Context, store.NotifySettings) error { return u.err }
func (u unavailable) NoticeItems(context.Context, []string) ([]string, error)          { return nil, u.err }
func (u unavailable) HoldNote(context.Context, store.HeldNote) error                   { return u.err }
func (u unavailable) FindHeldNotes(context.Context) ([]store.HeldNote, error)          { return nil, u.err }
func (u unavailable) DeleteHeldNotes(context.Context, []string) error                  { return u.err }
