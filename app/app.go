package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	goruntime "runtime"
	"sync"
	"sync/atomic"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sandbox"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/sync/relay/replica"
)

// Config is what main hands to Run.
type Config struct {
	DataDir string // absolute; see ResolveDataDir
	Assets  fs.FS  // the built frontend
	Icon    []byte // PNG, for the window
	Log     *slog.Logger
	ActAs   string // dev builds only: the member ID to act as, for end-to-end tests
}

// DatabaseFile is the name of the database inside the data directory.
const DatabaseFile = "longhand.db"

// EventUIReady is emitted by the frontend once its first screen is drawn.
const EventUIReady = "ui:ready"

// Run opens the data directory and runs the desktop app until it quits.
// It returns ErrAlreadyRunning when another Longhand has the same data
// directory. When the data cannot be opened the window still opens and
// says why, so that a person who started Longhand from a menu sees it.
func Run(cfg Config) error {
	log := cfg.Log
	ctx := context.Background()

	var db *sqlite.DB
	var inst *instance
	var startErr error
	if generatingBindings {
		startErr = store.Errorf(store.EUNAVAILABLE, "built to generate bindings")
	} else {
		startErr = PrepareDataDir(cfg.DataDir)
	}
	if startErr == nil {
		inst, startErr = claimInstance(cfg.DataDir)
		if errors.Is(startErr, ErrAlreadyRunning) {
			return startErr
		}
	}
	if startErr == nil {
		db, startErr = sqlite.Open(ctx, filepath.Join(cfg.DataDir, DatabaseFile))
	}
	if startErr == nil && cfg.ActAs != "" {
		if startErr = db.ActAs(ctx, store.DocID(cfg.ActAs)); startErr != nil {
			db.Close()
			db = nil
		}
	}
	if startErr != nil && !generatingBindings {
		log.Error("cannot open data", "dir", cfg.DataDir, "err", startErr)
	}
	identity, identityErr := loadIdentity(cfg.DataDir, startErr)
	if identityErr != nil && !generatingBindings {
		log.Error("cannot load this device's identity", "err", identityErr)
	}
	if db != nil && identity != nil {
		db.Signer = identity
	}

	var pagesStore store.PageService = unavailable{startErr}
	var searchStore store.SearchService = unavailable{startErr}
	var wsStore store.WorkspaceService = unavailable{startErr}
	var spacesStore store.SpaceService = unavailable{startErr}
	var historyStore store.HistoryService = unavailable{startErr}
	var commentsStore store.CommentService = unavailable{startErr}
	var membersStore store.MemberService = unavailable{startErr}
	var reviewsStore store.ReviewService = unavailable{startErr}
	var chatsStore store.ChatService = unavailable{startErr}
	var outboxStore store.OutboxService = unavailable{startErr}
	var inboxStore store.InboxService = unavailable{startErr}
	var transferStore TransferStore = unavailable{startErr}
	var goalsStore store.GoalService = unavailable{startErr}
	var channelsStore store.ChannelService = unavailable{startErr}
	var membershipStore MembershipStore = unavailable{startErr}
	if db != nil {
		pagesStore, searchStore, wsStore, spacesStore, historyStore, commentsStore = db, db, db, db, db, db
		membersStore, reviewsStore, chatsStore, outboxStore, inboxStore = db, db, db, db, db
		transferStore, membershipStore = db, db
		goalsStore, channelsStore = db, db
	}

	emitter := &wailsEmitter{}
	workspace := NewWorkspace(ctx, wsStore, cfg.DataDir)
	pages := NewPages(ctx, pagesStore, historyStore, spacesStore, searchStore, emitter)
	spaces := NewSpaces(ctx, spacesStore, pagesStore, emitter)
	comments := NewComments(ctx, commentsStore, emitter)
	members := NewMembers(ctx, membersStore, wsStore, emitter)
	reviews := NewReviews(ctx, reviewsStore, pagesStore, membersStore, emitter)
	chats := NewChats(ctx, chatsStore, outboxStore, membersStore, wsStore, emitter)
	inbox := NewInbox(ctx, inboxStore, membersStore, wsStore, emitter)
	attachments := NewAttachments(ctx, transferStore)
	transfer := NewTransfer(ctx, transferStore, spacesStore, pages, wailsDialogs{&emitter.ctx})
	reminder := NewReminder(goalsStore, wsStore, emitter, SystemClock)
	goals := NewGoals(ctx, goalsStore, wsStore, membersStore, emitter, reminder)
	channels := NewChannels(ctx, channelsStore, wsStore, emitter)
	channels.SendLater(outboxStore, chats.Wake)
	chats.OnPostSent = channels.PostSent
	devices := NewDevices(ctx, identity, identityErr, membershipStore, membersStore, wsStore)
	var relays *Relays
	if db != nil {
		if exe, err := os.Executable(); err == nil {
			db.Sandbox = sandbox.NewLoader(exe)
		}
		// The relay syncs documents once the store can list and open them
		// for sync (replica.Docs); until then relays say so.
		relayDocs, _ := any(db).(replica.Docs)
		relays = NewRelays(ctx, db, nil, identity, relayDocs, db.Sandbox, emitter)
		relays.Logf = func(format string, args ...any) { log.Warn(fmt.Sprintf(format, args...)) }
		devices.NewKey = relays.newKey
		db.OnPageSaved = func(p store.PageSummary) {
			pages.saved(p)
			relays.kick()
		}
	} else {
		relays = NewRelays(ctx, nil, startErr, nil, nil, nil, emitter)
	}
	if db != nil {
		db.Logf = func(format string, args ...any) { log.Warn(fmt.Sprintf(format, args...)) }
		go func() {
			if n, err := db.Verify(ctx); err != nil || n > 0 {
				log.Warn("verified stored documents", "damaged", n, "err", err)
			}
		}()
	}
	// Background work that uses the database stops before it closes.
	bgCtx, stopBackground := context.WithCancel(ctx)
	var background sync.WaitGroup
	if db != nil {
		background.Add(1)
		go func() {
			defer background.Done()
			chats.RunOutbox(bgCtx, db.Logf)
		}()
		relays.startAll()
	}

	err := wails.Run(&options.App{
		Title:            "Longhand",
		Width:            1280,
		Height:           820,
		MinWidth:         760,
		MinHeight:        480,
		BackgroundColour: &options.RGBA{R: 250, G: 250, B: 249, A: 255},
		AssetServer:      &assetserver.Options{Assets: cfg.Assets, Handler: AttachmentHandler(transferStore)}, // serves /attachments/<hash>
		Bind:             []any{workspace, pages, spaces, comments, members, reviews, chats, inbox, attachments, transfer, goals, channels, devices, relays},
		ErrorFormatter:   FormatError(log, cfg.DataDir),
		OnStartup: func(wctx context.Context) {
			emitter.ctx.Store(&wctx)
			if inst != nil {
				show := func() {
					runtime.WindowUnminimise(wctx)
					runtime.WindowShow(wctx)
				}
				inst.onShow.Store(&show)
			}
			if db != nil {
				// Desktop notifications need a session bus on Linux.
				if goruntime.GOOS != "linux" || os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
					if err := runtime.InitializeNotifications(wctx); err == nil {
						reminder.Notify = func(title, body string) {
							n := runtime.NotificationOptions{ID: "checkin-due", Title: title, Body: body}
							if err := runtime.SendNotification(wctx, n); err != nil {
								log.Warn("notify", "err", err)
							}
						}
					} else {
						log.Warn("notifications unavailable", "err", err)
					}
				}
				// Prompts for check-ins; stops with the rest of the background work.
				background.Add(1)
				go func() {
					defer background.Done()
					reminder.Run(bgCtx)
				}()
			}
			runtime.EventsOn(wctx, EventUIReady, func(data ...any) {
				log.Info("ui ready", "screen", data)
			})
		},
		OnShutdown: func(context.Context) {
			relays.stopAll()
			stopBackground()
			background.Wait()
			if db != nil {
				if err := db.Close(); err != nil {
					log.Error("close database", "err", err)
				}
				if db.Sandbox != nil {
					db.Sandbox.Close()
				}
			}
			if inst != nil {
				inst.release()
			}
		},
		Linux: &linux.Options{ProgramName: "longhand", Icon: cfg.Icon},
	})
	return err
}

// wailsEmitter sends events through the Wails runtime once it has started.
type wailsEmitter struct {
	ctx atomic.Pointer[context.Context]
}

func (e *wailsEmitter) Emit(name string, payload any) {
	if ctx := e.ctx.Load(); ctx != nil {
		runtime.EventsEmit(*ctx, name, payload)
	}
}
