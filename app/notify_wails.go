package app

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// wailsNotifications sends notifications through Wails' native API
// (D-Bus on Linux, UserNotifications on macOS). What a click opens rides
// in the notification's data and comes back in its response.
type wailsNotifications struct{ ctx context.Context }

func (w wailsNotifications) Send(n Notification) error {
	return runtime.SendNotification(w.ctx, runtime.NotificationOptions{ID: n.ID, Title: n.Title, Body: n.Body,
		Data: map[string]any{"open": n.Open}})
}

// startNotifications turns on desktop notifications for the notifier and
// makes a click open the item. It returns why they are unavailable.
func startNotifications(ctx context.Context, n *Notifier, open func(key string)) error {
	if err := runtime.InitializeNotifications(ctx); err != nil {
		return err
	}
	runtime.OnNotificationResponse(ctx, func(r runtime.NotificationResult) {
		if r.Error != nil {
			return
		}
		key, _ := r.Response.UserInfo["open"].(string)
		open(key)
	})
	n.SetSender(wailsNotifications{ctx})
	return nil
}
