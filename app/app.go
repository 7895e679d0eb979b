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
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/longhand/longhand/media/gstrec"
	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/sandbox"
	"github.com/longhand/longhand/store/sqlite"
	"github.com/longhand/longhand/sync/discovery"
	"github.com/longhand/longhand/sync/peer"
)

// Config is what main hands to Run.
type Config struct {
	DataDir string // absolute; see ResolveDataDir
	Assets  fs.FS  // the built frontend
	Icon    []byte // PNG, for the window
	Log     *slog.Logger
	ActAs   string // dev builds only: the member ID to act as, for end-to-end tests
	// SyncListen is where this device listens for its peers; "" is every
	// interface on the default port (or any free port when it is taken).
	SyncListen string
	// Link is the longhand:// link Longhand was started with, untrusted:
	// handed to the Longhand already running on DataDir, or shown here.
	Link string
	// WindowRecords says the window records video itself (MediaRecorder):
	// the dev build's Chromium, macOS and Windows. The production window on
	// Linux (WebKitGTK) cannot, and Go records with GStreamer instead.
	WindowRecords bool
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
		inst, startErr = claimInstance(cfg.DataDir, cfg.Link)
		if errors.Is(startErr, ErrAlreadyRunning) {
			return startErr
		}
	}
	if startErr == nil {
		db, startErr = sqlite.Open(ctx, filepath.Join(cfg.DataDir, DatabaseFile))
	}
	if startErr == nil && db.MigratedFrom > 0 && db.MigratedFrom < sqlite.SchemaVersion() {
		log.Info("migrated data", "dir", cfg.DataDir, "from", db.MigratedFrom, "to", sqlite.SchemaVersion())
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
	var notifyStore store.NotifyService = unavailable{startErr}
	var attachmentStore AttachmentStore = unavailable{startErr}
	if db != nil {
		pagesStore, searchStore, wsStore, spacesStore, historyStore, commentsStore = db, db, db, db, db, db
		membersStore, reviewsStore, chatsStore, outboxStore, inboxStore = db, db, db, db, db
		transferStore, membershipStore = db, db
		goalsStore, channelsStore = db, db
		notifyStore = db
		attachmentStore = db
	}

	emitter := &wailsEmitter{}
	var mirrorStore MirrorStore
	if db != nil {
		mirrorStore = db
	}
	mirrorSvc := NewMirror(ctx, mirrorStore, startErr, wailsDialogs{&emitter.ctx}, emitter, cfg.DataDir,
		func(format string, args ...any) { log.Warn(fmt.Sprintf(format, args...)) })
	workspace := NewWorkspace(ctx, wsStore, cfg.DataDir)
	workspace.links = &links{log: log, emit: emitter}
	if cfg.Link != "" {
		workspace.links.receive(cfg.Link, "start")
	}
	pages := NewPages(ctx, pagesStore, historyStore, spacesStore, searchStore, mirrorSvc.observe(emitter))
	spaces := NewSpaces(ctx, spacesStore, pagesStore, mirrorSvc.observe(emitter))
	mirrorSvc.announceTo(pages)
	comments := NewComments(ctx, commentsStore, emitter)
	members := NewMembers(ctx, membersStore, wsStore, emitter)
	reviews := NewReviews(ctx, reviewsStore, pagesStore, membersStore, emitter)
	chats := NewChats(ctx, chatsStore, outboxStore, membersStore, wsStore, emitter)
	inbox := NewInbox(ctx, inboxStore, membersStore, wsStore, emitter)
	attachments := NewAttachments(ctx, attachmentStore, wailsDialogs{&emitter.ctx})
	videos := NewVideos(ctx, attachmentStore, filepath.Join(cfg.DataDir, "recordings"))
	var transcriptStore TranscriptStore
	if db != nil {
		transcriptStore = db
	}
	transcripts := NewTranscripts(ctx, transcriptStore, emitter)
	if db != nil {
		videos.author = func() store.DocID {
			if sess, err := db.FindSession(ctx); err == nil && sess.Me != nil {
				return sess.Me.ID
			}
			return ""
		}
		videos.stored = transcripts.videoStored
	}
	videos.goRecords = !cfg.WindowRecords && gstrec.Supported()
	if db != nil && identity != nil {
		videos.seen, videos.key = db, identity
	}
	transfer := NewTransfer(ctx, transferStore, spacesStore, pages, wailsDialogs{&emitter.ctx}, emitter)
	if db != nil {
		transfer.am, transfer.comments = db, db
		transfer.useFiles(&deviceFiles{db})
	}
	reminder := NewReminder(goalsStore, wsStore, emitter, SystemClock)
	goals := NewGoals(ctx, goalsStore, wsStore, membersStore, emitter, reminder)
	channels := NewChannels(ctx, channelsStore, wsStore, emitter)
	channels.SendLater(outboxStore, chats.Wake)
	if db != nil {
		channels.members, channels.chats, channels.files = db, db, &deviceFiles{db}
	}
	chats.OnPostSent = channels.PostSent
	devices := NewDevices(ctx, identity, identityErr, membershipStore, membersStore, wsStore)
	var syncStore SyncStore = unavailable{startErr}
	if db != nil {
		syncStore = db
	}
	syncing := NewSync(ctx, syncStore, nil, "Sync starts once this device is in a workspace and has its key.", emitter)
	syncing.viewSession = workspace.view
	notifier := NewNotifier(inboxStore, notifyStore, wsStore, membersStore, goalsStore, emitter, SystemClock,
		func(format string, args ...any) { log.Warn(fmt.Sprintf(format, args...)) })
	focus := NewFocus(ctx, notifyStore, notifier, cfg.DataDir)
	var presenceStore PresenceStore = unavailable{startErr}
	if db != nil {
		presenceStore = db
	}
	presence := NewPresence(ctx, presenceStore, emitter, func(format string, args ...any) { log.Warn(fmt.Sprintf(format, args...)) })
	presence.focusing = func() bool {
		if sess, err := presenceStore.FindSession(ctx); err == nil && sess.Me != nil && sess.Me.Focusing(time.Now()) {
			return true
		}
		return notifier.State().Focusing // a recurring block
	}
	focus.OnSaved = presence.wake
	members.OnFocus = func(until time.Time) {
		notifier.FocusChanged(ctx, until)
		presence.wake()
	}
	members.OnTimeFormat = notifier.Wake // the tray's times follow my clock
	var relays *Relays
	if db != nil {
		if exe, err := os.Executable(); err == nil {
			db.Sandbox = sandbox.NewLoader(exe)
		}
		relays = NewRelays(ctx, db, nil, identity, peer.NewDocs(db), db.Sandbox, emitter)
		relays.Logf = func(format string, args ...any) { log.Warn(fmt.Sprintf(format, args...)) }
		relays.heard = presence.take
		presence.connect(nil, relays.say)
		devices.NewKey = relays.newKey
		db.OnPageSaved = func(p store.PageSummary) {
			pages.saved(p)
			mirrorSvc.pageSaved(p)
			relays.kick()
		}
		fanout := &remoteFanout{ctx: ctx, pages: pages, spaces: spaces, reviews: reviews, members: members, chats: chats,
			channels: channels, goals: goals, inbox: inbox, transcripts: transcripts, store: db}
		db.OnRemoteChange = func(c sqlite.RemoteChange) {
			fanout.changed(c)
			if c.Page != nil {
				mirrorSvc.pageSaved(*c.Page) // a peer's edit reaches the page's file too
			}
			relays.kick() // and what one peer sent reaches the relay for the others
		}
		db.OnMembershipChange = membershipChanged(emitter)
		db.OnBlobProgress = attachments.progress(emitter)
		db.OnBlobRefused = attachments.refused(emitter, log)
		db.Logf = func(format string, args ...any) { log.Warn(fmt.Sprintf(format, args...)) }
		go func() {
			if n, err := db.Verify(ctx); err != nil || n > 0 {
				log.Warn("verified stored documents", "damaged", n, "err", err)
			}
		}()
		if err := mirrorSvc.resume(); err != nil {
			log.Warn("resume folder mirror", "err", err)
		}
	} else {
		relays = NewRelays(ctx, nil, startErr, nil, nil, nil, emitter)
	}
	// Background work that uses the database stops before it closes.
	bgCtx, stopBackground := context.WithCancel(ctx)
	desk := &desktop{log: log, members: members, notifier: notifier, focus: focus, emitter: emitter, bg: bgCtx}
	desk.hidden = presence.setHidden
	var background sync.WaitGroup
	runner := &syncRunner{db: db, id: identity, listen: cfg.SyncListen, discover: true, sync: syncing, presence: presence,
		logf: func(format string, args ...any) { log.Warn(fmt.Sprintf(format, args...)) }}
	if db != nil && db.Sandbox != nil {
		runner.check = db.Sandbox
	}
	syncing.runner = runner
	attachments.fetch = runner.poke
	syncing.relays = relays
	syncing.ParseAddress = discovery.ParseAddress
	startSync := func() {
		if err := runner.start(bgCtx); err != nil {
			log.Warn("sync not started", "err", err)
		}
	}
	workspace.OnSetup = startSync
	// A change may have put something in my inbox; the check-in reminder's
	// event, too, wakes the notifier, which finds my check-in there. And
	// sync follows local changes.
	emitter.onEmit = func(name string) {
		if name == EventPresenceChanged {
			return // someone opening a page is no news, and changes nothing to sync
		}
		if name != EventPageChanged {
			notifier.Wake()
		}
		if name != EventSyncStatus && name != EventCheckInDue {
			runner.poke()
		}
	}
	if db != nil {
		background.Add(1)
		go func() {
			defer background.Done()
			chats.RunOutbox(bgCtx, db.Logf)
		}()
		background.Add(1)
		go func() {
			defer background.Done()
			tidyFiles(bgCtx, db, log)
		}()
		background.Add(1)
		go func() {
			defer background.Done()
			notifier.Run(bgCtx)
		}()
		background.Add(1)
		go func() {
			defer background.Done()
			presence.run(bgCtx)
		}()
		background.Add(1)
		go func() {
			defer background.Done()
			transcripts.run(bgCtx) // a recognizer is killed with its context
		}()
		if trayOnMainThread {
			desk.startTray() // macOS: on the main thread, before wails.Run
		}
		relays.startAll()
	} else {
		focus.setTray(false, "Longhand could not open its data, so it runs without a tray.")
	}

	err := wails.Run(&options.App{
		Title:            "Longhand",
		Width:            1280,
		Height:           820,
		MinWidth:         760,
		MinHeight:        480,
		BackgroundColour: &options.RGBA{R: 250, G: 250, B: 249, A: 255},
		AssetServer:      &assetserver.Options{Assets: cfg.Assets, Handler: MediaHandler(transferStore, videos)}, // serves /attachments/<hash>, /videos/<hash>, /posters/<hash> and /takes/<id>/<take>
		Bind:             []any{workspace, pages, spaces, comments, members, reviews, chats, inbox, attachments, videos, transcripts, transfer, goals, channels, devices, focus, syncing, mirrorSvc, relays, presence},
		ErrorFormatter:   FormatError(log, cfg.DataDir),
		OnStartup: func(wctx context.Context) {
			emitter.ctx.Store(&wctx)
			enableMedia() // camera, microphone and screen for the window's own pages (webkit_media_linux.go)
			if inst != nil {
				show := func() {
					runtime.WindowUnminimise(wctx)
					runtime.WindowShow(wctx)
					presence.setHidden(false)
				}
				inst.onShow.Store(&show)
				open := func(link string) { workspace.links.receive(link, "second launch") }
				inst.onOpen.Store(&open)
			}
			if db != nil {
				desk.started(wctx)
				// Desktop notifications need a session bus on Linux.
				if goruntime.GOOS != "linux" || os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
					if err := startNotifications(wctx, notifier, desk.open); err == nil {
						focus.setNotifications(notificationServer())
					} else {
						log.Warn("notifications unavailable", "err", err)
						focus.setNotifications(false, "Desktop notifications are not available here: "+err.Error())
					}
				} else {
					focus.setNotifications(false, "Desktop notifications need a D-Bus session, and there is none.")
				}
				if !trayOnMainThread {
					desk.startTray()
				}
				// Prompts for check-ins; stops with the rest of the background work.
				background.Add(1)
				go func() {
					defer background.Done()
					reminder.Run(bgCtx)
				}()
			}
			if db != nil {
				startSync()
			}
			runtime.EventsOn(wctx, EventUIReady, func(data ...any) {
				logReady(log, data)
			})
		},
		OnBeforeClose: desk.beforeClose,
		OnShutdown: func(context.Context) {
			videos.stopAll() // a take GStreamer records ends on whole blocks
			presence.leave()
			runner.close()
			relays.stopAll()
			stopBackground()
			background.Wait()
			desk.stopTray()
			mirrorSvc.close()
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
	ctx    atomic.Pointer[context.Context]
	onEmit func(name string) // after each event, when set
}

func (e *wailsEmitter) Emit(name string, payload any) {
	if ctx := e.ctx.Load(); ctx != nil {
		runtime.EventsEmit(*ctx, name, payload)
	}
	if e.onEmit != nil {
		e.onEmit(name)
	}
}
