// The only module that imports the generated Wails bindings. Everything else
// talks to Go through `api` and `events`, and gets ApiError on failure.
import * as Attachments from '../wailsjs/go/app/Attachments';
import * as Chats from '../wailsjs/go/app/Chats';
import * as Channels from '../wailsjs/go/app/Channels';
import * as Comments from '../wailsjs/go/app/Comments';
import * as Devices from '../wailsjs/go/app/Devices';
import * as Focus from '../wailsjs/go/app/Focus';
import * as Relays from '../wailsjs/go/app/Relays';
import * as Goals from '../wailsjs/go/app/Goals';
import * as Inbox from '../wailsjs/go/app/Inbox';
import * as Members from '../wailsjs/go/app/Members';
import * as Mirror from '../wailsjs/go/app/Mirror';
import * as Pages from '../wailsjs/go/app/Pages';
import * as Presence from '../wailsjs/go/app/Presence';
import * as Reviews from '../wailsjs/go/app/Reviews';
import * as Spaces from '../wailsjs/go/app/Spaces';
import * as Sync from '../wailsjs/go/app/Sync';
import * as Transcripts from '../wailsjs/go/app/Transcripts';
import * as Transfer from '../wailsjs/go/app/Transfer';
import * as Videos from '../wailsjs/go/app/Videos';
import * as Workspace from '../wailsjs/go/app/Workspace';
import { app, store } from '../wailsjs/go/models';
import { BrowserOpenURL, ClipboardSetText, EventsEmit, EventsOn } from '../wailsjs/runtime/runtime';
import { isExternalUrl } from '../markdown/links';
import { toApiError } from './errors';
import type { EditView, PageChanged, PageSummary, PageView, SearchHit, SessionView, Splice } from './types';
import type { ThreadView, VersionView } from './types';
import type { MoveInput, NewPageInput, SpaceChanged, SpaceInput, SpaceView, TemplateView } from './types';
import type { BranchView, TreePathView, TreeRowView } from './types';
import type { MemberInput, MemberView, OverlapView, PageStatus, ReviewItemView, ReviewView } from './types';
import type { CheckInDue, CheckInInput, CheckInView, GoalInput, GoalView, ProgressInput, ScheduleView, TeamStatusView } from './types';
import type { ChatChanged, ConversationView, MessageView, ScheduledView, SeenView } from './types';
import type { InboxItemView, LaterOption } from './types';
import type { SlackImportView } from './types';
import type { AttachmentStatus, AttachmentView, FileSettingsView, AutomergeView, ExportView, ImportProgress, ImportView, MirrorStatus, StoppedImport } from './types';
import type { ChannelView, NewPostInput, PostChanged, PostSummaryView, PostView } from './types';
import type { DeviceView, IdentityView, InvitePreview, InviteView, NewInviteInput } from './types';
import type { DocPeerView, SyncStatusView } from './types';
import type { FocusSettingsInput, FocusSettingsView } from './types';
import type { PresenceView, RelayView } from './types';
import type { LinkView } from './types';

async function call<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw toApiError(e);
  }
}

export const api = {
  session: (): Promise<SessionView> => call(() => Workspace.Session()),
  /** takeLink returns the longhand:// link Longhand was opened with since the last call, or null. */
  takeLink: (): Promise<LinkView | null> => call(async () => (await Workspace.TakeLink()) ?? null),
  setup: (personName: string, timeZone: string, workspaceName: string): Promise<SessionView> =>
    call(() => Workspace.Setup(personName, timeZone, workspaceName)),
  timeZones: (): Promise<string[]> => call(() => Workspace.TimeZones()),
  /** The country of each time zone, for the automatic regional format. */
  zoneCountries: (): Promise<Record<string, string>> => call(() => Workspace.ZoneCountries()),

  listPages: (): Promise<PageSummary[]> => call(() => Pages.List()),
  /** recentPages is what a window knows of the pages at start: the most recently updated. */
  recentPages: (limit: number): Promise<PageSummary[]> => call(async () => (await Pages.Recent(limit)) ?? []),
  /** pageCrumbs is a page's summary after its ancestors', the top first. */
  pageCrumbs: (id: string): Promise<PageSummary[]> => call(async () => (await Pages.Crumbs(id)) ?? []),
  /** pageTitles finds live pages by a part of their title, those starting with it first. */
  pageTitles: (query: string, limit: number): Promise<PageSummary[]> => call(async () => (await Pages.Titles(query, limit)) ?? []),
  listTrash: (): Promise<PageSummary[]> => call(() => Pages.Trash()),
  openPage: (id: string): Promise<PageView> => call(() => Pages.Open(id)),
  createPage: (title: string): Promise<PageView> => call(() => Pages.Create({ title, spaceId: '', parentId: '', from: '' })),
  renamePage: (id: string, title: string): Promise<PageSummary> => call(() => Pages.Rename(id, title)),
  editPage: (id: string, clientId: string, baseRev: string, splices: Splice[]): Promise<EditView> =>
    call(() => Pages.Edit(id, clientId, baseRev, splices.map((s) => new store.Splice(s)))),
  deletePage: (id: string): Promise<void> => call(() => Pages.Delete(id)),
  restorePage: (id: string): Promise<void> => call(() => Pages.Restore(id)),
  purgePage: (id: string): Promise<void> => call(() => Pages.Purge(id)),
  search: (query: string): Promise<SearchHit[]> => call(() => Pages.Search(query)),

  // Page side panels: comments, history, backlinks and [[links]].
  listThreads: (pageId: string): Promise<ThreadView[]> => call(async () => (await Comments.List(pageId)) ?? []),
  startThread: (pageId: string, rev: string, start: number, end: number, body: string, mentions: string[]): Promise<ThreadView> =>
    call(() => Comments.Start(pageId, rev, start, end, body, mentions)),
  replyThread: (pageId: string, threadId: string, body: string, mentions: string[]): Promise<ThreadView> =>
    call(() => Comments.Reply(pageId, threadId, body, mentions)),
  resolveThread: (pageId: string, threadId: string, resolved: boolean): Promise<ThreadView> =>
    call(() => Comments.Resolve(pageId, threadId, resolved)),
  versions: (pageId: string): Promise<VersionView[]> => call(async () => (await Pages.Versions(pageId)) ?? []),
  version: (pageId: string, versionId: string): Promise<PageView> => call(() => Pages.Version(pageId, versionId)),
  restoreVersion: (pageId: string, versionId: string): Promise<PageView> => call(() => Pages.RestoreVersion(pageId, versionId)),
  nameVersion: (pageId: string, name: string): Promise<VersionView> => call(() => Pages.NameVersion(pageId, name)),
  backlinks: (pageId: string): Promise<PageSummary[]> => call(async () => (await Pages.Backlinks(pageId)) ?? []),
  resolveLink: (title: string): Promise<PageSummary> => call(() => Pages.ResolveLink(title)),
  createPageIn: (title: string, spaceId: string): Promise<PageView> => call(() => Pages.Create({ title, spaceId, parentId: '', from: '' })),

  // Spaces, the page tree and templates.
  listSpaces: (): Promise<SpaceView[]> => call(async () => (await Spaces.List()) ?? []),
  createSpace: (name: string, description: string, icon: string): Promise<SpaceView> => call(() => Spaces.Create(name, description, icon)),
  updateSpace: (id: string, input: SpaceInput): Promise<SpaceView> => call(() => Spaces.Update(id, input)),
  moveSpace: (id: string, beforeId: string): Promise<SpaceView[]> => call(async () => (await Spaces.Move(id, beforeId)) ?? []),
  deleteSpace: (id: string): Promise<void> => call(() => Spaces.Delete(id)),
  restoreSpace: (id: string): Promise<void> => call(() => Spaces.Restore(id)),
  purgeSpace: (id: string): Promise<void> => call(() => Spaces.Purge(id)),
  listSpaceTrash: (): Promise<SpaceView[]> => call(async () => (await Spaces.Trash()) ?? []),
  createPageWith: (input: NewPageInput): Promise<PageView> => call(() => Pages.Create(input)),
  movePage: (id: string, to: MoveInput): Promise<PageSummary> => call(() => Pages.Move(id, to)),
  templates: (): Promise<TemplateView[]> => call(async () => (await Pages.Templates()) ?? []),
  // The sidebar's tree, a branch (or a window of one) at a time.
  treeBranch: (spaceId: string, parentId: string, offset: number, limit: number): Promise<BranchView> =>
    call(async () => { const b = await Pages.Branch(spaceId, parentId, offset, limit); return { ...b, rows: b.rows ?? [] }; }),
  treeStrays: (spaceId: string): Promise<TreeRowView[]> => call(async () => (await Pages.Strays(spaceId)) ?? []),
  treePath: (id: string): Promise<TreePathView> => call(async () => { const p = await Pages.TreePath(id); return { ...p, steps: p.steps ?? [] }; }),
  treeRows: (ids: string[]): Promise<TreeRowView[]> => call(async () => (await Pages.TreeRows(ids)) ?? []),
  spacePageCount: (id: string): Promise<number> => call(() => Spaces.PageCount(id)),
  saveAsTemplate: (id: string): Promise<PageView> => call(() => Pages.SaveAsTemplate(id)),

  // People.
  listMembers: (): Promise<MemberView[]> => call(async () => (await Members.List()) ?? []),
  addMember: (input: MemberInput): Promise<MemberView> => call(() => Members.Add(input)),
  updateMember: (id: string, input: MemberInput): Promise<MemberView> => call(() => Members.Update(id, input)),
  overlaps: (): Promise<OverlapView[]> => call(async () => (await Members.Overlaps()) ?? []),
  focus: (minutes: number): Promise<MemberView> => call(() => Members.Focus(minutes)),
  focusUntil: (until: string): Promise<MemberView> => call(() => Members.FocusUntil(until)),
  /** setTimeFormat saves how I read times: "" (automatic), "12" or "24"; and my regional format ("" automatic). */
  setTimeFormat: (format: string, locale: string): Promise<MemberView> => call(() => Members.SetTimeFormat(format, locale)),
  /** presenceOpen says which page this window shows ('' for none), for others' page headers. */
  presenceOpen: (pageId: string): Promise<void> => call(() => Presence.Open(pageId)),
  /** presenceOn gives the others who have a page open now. */
  presenceOn: (pageId: string): Promise<PresenceView[]> => call(async () => (await Presence.On(pageId)) ?? []),
  focusSettings: (): Promise<FocusSettingsView> => call(async () => { const v = await Focus.Settings(); return { ...v, blocks: v.blocks ?? [] }; }),
  saveFocusSettings: (input: FocusSettingsInput): Promise<FocusSettingsView> =>
    call(async () => { const v = await Focus.SaveSettings(new app.FocusSettingsInput(input)); return { ...v, blocks: v.blocks ?? [] }; }),

  // The inbox.
  inbox: (view: '' | 'later' | 'done'): Promise<InboxItemView[]> => call(async () => (await Inbox.List(view)) ?? []),
  inboxUnread: (): Promise<number> => call(() => Inbox.Unread()),
  inboxRead: (keys: string[]): Promise<void> => call(() => Inbox.MarkRead(keys)),
  inboxDone: (keys: string[], done: boolean): Promise<void> => call(() => Inbox.Done(keys, done)),
  inboxLater: (key: string, until: string): Promise<void> => call(() => Inbox.Later(key, until)),
  laterOptions: (): Promise<LaterOption[]> => call(async () => (await Inbox.LaterOptions()) ?? []),

  // This device's identity, the devices in the membership log, invitations.
  identity: (): Promise<IdentityView> => call(() => Devices.Identity()),
  listDevices: (): Promise<DeviceView[]> => call(async () => (await Devices.List()) ?? []),
  createInvite: (input: NewInviteInput): Promise<InviteView> => call(() => Devices.CreateInvite({ memberId: '', ...input })),
  listInvites: (): Promise<InviteView[]> => call(async () => (await Devices.Invites()) ?? []),
  revokeInvite: (id: string): Promise<void> => call(() => Devices.RevokeInvite(id)),
  previewInvite: (code: string): Promise<InvitePreview> => call(() => Devices.PreviewInvite(code)),
  removeDevice: (id: string): Promise<void> => call(() => Devices.RemoveDevice(id)),
  // Sync with other devices on the network.
  syncStatus: (): Promise<SyncStatusView> => call(async () => syncStatusOf(await Sync.Status())),
  syncNow: (): Promise<SyncStatusView> => call(async () => syncStatusOf(await Sync.SyncNow())),
  addSyncAddress: (addr: string): Promise<SyncStatusView> => call(async () => syncStatusOf(await Sync.AddAddress(addr))),
  removeSyncAddress: (addr: string): Promise<SyncStatusView> => call(async () => syncStatusOf(await Sync.RemoveAddress(addr))),
  pageSyncStatus: (id: string): Promise<DocPeerView[]> => call(async () => (await Sync.PageStatus(id)) ?? []),
  joinWorkspace: (code: string, personName: string, timeZone: string, address: string): Promise<SessionView> =>
    call(() => Sync.Join(code, personName, timeZone, address)),
  removeMember: (memberId: string): Promise<void> => call(() => Devices.RemoveMember(memberId)),
  setRole: (memberId: string, role: string, spaces: string[]): Promise<void> => call(() => Devices.SetRole(memberId, role, spaces)),
  copyText: (text: string): Promise<boolean> => call(() => ClipboardSetText(text)),

  // Relays this device syncs through while teammates are offline.
  listRelays: (): Promise<RelayView[]> => call(async () => (await Relays.List()) ?? []),
  addRelay: (url: string): Promise<RelayView> => call(() => Relays.Add(url)),
  removeRelay: (url: string): Promise<void> => call(() => Relays.Remove(url)),

  // Chats of two or three people, and messages sent later.
  listChats: (): Promise<ConversationView[]> => call(async () => (await Chats.List()) ?? []),
  chat: (id: string): Promise<ConversationView> => call(() => Chats.Get(id)),
  startChat: (withIds: string[]): Promise<ConversationView> => call(() => Chats.Start(withIds)),
  addToChat: (id: string, memberId: string): Promise<ConversationView> => call(() => Chats.Add(id, memberId)),
  messages: (id: string, before = '', limit = 200): Promise<MessageView[]> => call(async () => (await Chats.Messages(id, before, limit)) ?? []),
  sendMessage: (id: string, body: string): Promise<MessageView> => call(() => Chats.Send(id, body)),
  editMessage: (id: string, messageId: string, body: string): Promise<MessageView> => call(() => Chats.Edit(id, messageId, body)),
  deleteMessage: (id: string, messageId: string): Promise<void> => call(() => Chats.Delete(id, messageId)),
  markChatRead: (id: string): Promise<void> => call(() => Chats.MarkRead(id)),
  seen: (id: string): Promise<SeenView[]> => call(async () => (await Chats.Seen(id)) ?? []),
  setShareSeen: (on: boolean): Promise<void> => call(() => Chats.SetShareSeen(on)),
  saveChatAsPage: (id: string, messageIds: string[], spaceId: string, title: string): Promise<PageSummary> =>
    call(() => Chats.SaveAsPage(id, messageIds, spaceId, title)),
  theirMorning: (id: string): Promise<string> => call(() => Chats.TheirMorning(id)),
  scheduleMessage: (id: string, body: string, at: string): Promise<ScheduledView> => call(() => Chats.Schedule(id, body, at)),
  scheduleInTheirMorning: (id: string, body: string): Promise<ScheduledView> => call(() => Chats.ScheduleInTheirMorning(id, body)),
  scheduled: (id: string): Promise<ScheduledView[]> => call(async () => (await Chats.Scheduled(id)) ?? []),
  cancelScheduled: (id: string, scheduledId: string): Promise<void> => call(() => Chats.Cancel(id, scheduledId)),

  // Reviews: status, owner, reviewers, review-by dates, meetings and decisions.
  review: (pageId: string): Promise<ReviewView> => call(() => Reviews.Get(pageId) as Promise<ReviewView>),
  needsReview: (): Promise<ReviewItemView[]> => call(async () => ((await Reviews.NeedsReview()) ?? []) as ReviewItemView[]),
  setStatus: (pageId: string, status: PageStatus): Promise<ReviewView> => call(() => Reviews.SetStatus(pageId, status) as Promise<ReviewView>),
  setOwner: (pageId: string, memberId: string): Promise<ReviewView> => call(() => Reviews.SetOwner(pageId, memberId) as Promise<ReviewView>),
  setReviewBy: (pageId: string, date: string): Promise<ReviewView> => call(() => Reviews.SetReviewBy(pageId, date) as Promise<ReviewView>),
  addReviewer: (pageId: string, memberId: string, dueDate: string): Promise<ReviewView> =>
    call(() => Reviews.AddReviewer(pageId, memberId, dueDate) as Promise<ReviewView>),
  removeReviewer: (pageId: string, memberId: string): Promise<ReviewView> =>
    call(() => Reviews.RemoveReviewer(pageId, memberId) as Promise<ReviewView>),
  markRead: (pageId: string): Promise<ReviewView> => call(() => Reviews.MarkRead(pageId) as Promise<ReviewView>),
  approve: (pageId: string, approved: boolean): Promise<ReviewView> => call(() => Reviews.Approve(pageId, approved) as Promise<ReviewView>),
  setMeeting: (pageId: string, meeting: boolean): Promise<ReviewView> => call(() => Reviews.SetMeeting(pageId, meeting) as Promise<ReviewView>),
  setPreRead: (pageId: string, preReadId: string): Promise<ReviewView> => call(() => Reviews.SetPreRead(pageId, preReadId) as Promise<ReviewView>),
  setReady: (pageId: string, ready: boolean): Promise<ReviewView> => call(() => Reviews.SetReady(pageId, ready) as Promise<ReviewView>),
  addDecision: (pageId: string, text: string): Promise<ReviewView> => call(() => Reviews.AddDecision(pageId, text) as Promise<ReviewView>),
  deleteDecision: (pageId: string, decisionId: string): Promise<ReviewView> =>
    call(() => Reviews.DeleteDecision(pageId, decisionId) as Promise<ReviewView>),

  // Goals and check-ins.
  listGoals: (): Promise<GoalView[]> => call(async () => ((await Goals.List()) ?? []).map(goalOf)),
  scoreboard: (): Promise<GoalView[]> => call(async () => ((await Goals.Scoreboard()) ?? []).map(goalOf)),
  archivedGoals: (): Promise<GoalView[]> => call(async () => ((await Goals.Archived()) ?? []).map(goalOf)),
  goal: (id: string): Promise<GoalView> => call(async () => goalOf(await Goals.Get(id))),
  createGoal: (input: GoalInput): Promise<GoalView> => call(async () => goalOf(await Goals.Create(app.GoalInput.createFrom(input)))),
  updateGoal: (id: string, input: GoalInput): Promise<GoalView> =>
    call(async () => goalOf(await Goals.Update(id, app.GoalInput.createFrom(input)))),
  setProgress: (id: string, input: ProgressInput): Promise<GoalView> =>
    call(async () => goalOf(await Goals.SetProgress(id, app.ProgressInput.createFrom(input)))),
  archiveGoal: (id: string, archived: boolean): Promise<GoalView> => call(async () => goalOf(await Goals.Archive(id, archived))),
  closeGoal: (id: string, retrospective: string): Promise<GoalView> => call(async () => goalOf(await Goals.Close(id, retrospective))),
  checkIn: (input: CheckInInput): Promise<CheckInView> =>
    call(async () => checkInOf(await Goals.CheckIn(app.CheckInInput.createFrom(input)))),
  checkIns: (memberId: string): Promise<CheckInView[]> => call(async () => ((await Goals.CheckIns(memberId)) ?? []).map(checkInOf)),
  commentOnCheckIn: (id: string, body: string): Promise<CheckInView> => call(async () => checkInOf(await Goals.Comment(id, body))),
  schedule: (): Promise<ScheduleView> => call(async () => scheduleOf(await Goals.Schedule())),
  setSchedule: (days: number[], time: string): Promise<ScheduleView> => call(async () => scheduleOf(await Goals.SetSchedule(days, time))),
  teamStatus: (): Promise<TeamStatusView[]> =>
    call(async () => ((await Goals.TeamStatus()) ?? []).map((t) => ({ ...t, schedule: scheduleOf(t.schedule) }))),

  // Images and Markdown files. Paths are full paths; the choose* calls open
  // the system's dialogs and give "" (or []) when the person cancels.
  createAttachment: (name: string, base64: string): Promise<AttachmentView> => call(() => Attachments.Create(name, base64)),
  // Files of any kind: chosen in the system's dialog (read from disk by Go), or dropped in (up to droppedMB).
  attachFile: (): Promise<AttachmentView> => call(() => Attachments.ChooseFile()),
  createFile: (name: string, base64: string): Promise<AttachmentView> => call(() => Attachments.CreateFile(name, base64)),
  attachmentStatus: (hash: string): Promise<AttachmentStatus> => call(() => Attachments.Status(hash)),
  fetchAttachment: (hash: string): Promise<void> => call(() => Attachments.Fetch(hash)),
  openAttachment: (hash: string): Promise<void> => call(() => Attachments.Open(hash)),
  saveAttachment: (hash: string): Promise<string> => call(() => Attachments.SaveAs(hash)),
  /** Video messages: a recording hands out take 1, then take 2 (final); pieces go to Go as they are recorded. */
  startRecording: (): Promise<app.RecordingView> => call(() => Videos.StartRecording()),
  addToTake: (id: string, take: number, base64: string): Promise<number> => call(() => Videos.AddToTake(id, take, base64)),
  videoTake: (id: string, take: number): Promise<app.TakeView> => call(() => Videos.Take(id, take)),
  recordAgain: (id: string): Promise<app.RecordingView> => call(() => Videos.RecordAgain(id)),
  useTake: (id: string, take: number, summary: string): Promise<app.VideoView> => call(() => Videos.UseTake(id, take, summary)),
  discardRecording: (id: string): Promise<void> => call(() => Videos.Discard(id)),
  /** Where the window has no MediaRecorder (WebKitGTK on Linux), Go records the take with GStreamer. */
  startNativeTake: (id: string, take: number, source: string, mic: boolean): Promise<app.NativeTakeView> =>
    call(() => Videos.StartNativeTake(id, take, source, mic)),
  nativeTakeStatus: (id: string, take: number): Promise<app.NativeTakeView> => call(() => Videos.NativeTakeStatus(id, take)),
  stopNativeTake: (id: string, take: number): Promise<app.NativeTakeView> => call(() => Videos.StopNativeTake(id, take)),
  findVideo: (hash: string): Promise<app.VideoView> => call(() => Videos.Find(hash)),
  /** A video's rough transcript: its words, chapters and state; its author corrects it or asks for it again. */
  transcript: (hash: string): Promise<app.TranscriptView> => call(() => Transcripts.Transcript(hash)),
  correctTranscript: (hash: string, text: string): Promise<app.TranscriptView> => call(() => Transcripts.CorrectTranscript(hash, text)),
  makeTranscript: (hash: string): Promise<app.TranscriptView> => call(() => Transcripts.MakeTranscript(hash)),
  /** createPoster stores a video's thumbnail, a JPEG Go checks decodes. */
  createPoster: (video: string, jpegBase64: string): Promise<app.PosterView> => call(() => Videos.CreatePoster(video, jpegBase64)),
  /** markVideoSeen says, signed by this device, that I watched a video past its first seconds. */
  markVideoSeen: (hash: string): Promise<void> => call(() => Videos.MarkSeen(hash)),
  /** videoSeen says who a video was sent to and who of them watched it. */
  videoSeen: (hash: string): Promise<app.VideoSeenView> => call(() => Videos.Seen(hash)),
  fileSettings: (): Promise<FileSettingsView> => call(() => Attachments.Settings()),
  setFileSettings: (v: FileSettingsView): Promise<FileSettingsView> => call(() => Attachments.SetSettings(v)),
  chooseFolder: (title: string): Promise<string> => call(() => Transfer.ChooseFolder(title)),
  chooseMarkdownFiles: (): Promise<string[]> => call(async () => (await Transfer.ChooseMarkdownFiles()) ?? []),
  chooseExportFile: (title: string): Promise<string> => call(() => Transfer.ChooseExportFile(title)),
  exportPage: (pageId: string, path: string): Promise<ExportView> => call(() => Transfer.ExportPage(pageId, path)),
  exportSpace: (spaceId: string, dir: string): Promise<ExportView> => call(() => Transfer.ExportSpace(spaceId, dir)),
  importFolder: (spaceId: string, dir: string): Promise<ImportView> => call(() => Transfer.ImportFolder(spaceId, dir)),
  importFiles: (spaceId: string, paths: string[]): Promise<ImportView> => call(() => Transfer.ImportFiles(spaceId, paths)),
  resumeImport: (id: string): Promise<ImportView> => call(() => Transfer.ResumeImport(id)),
  chooseZipFile: (title: string): Promise<string> => call(() => Transfer.ChooseZipFile(title)),
  importSlack: (path: string): Promise<SlackImportView> => call(async () => {
    const v = await Channels.ImportSlack(path);
    return { ...v, skipped: v.skipped ?? [] };
  }),
  importConfluence: (spaceId: string, path: string): Promise<ImportView> => call(() => Transfer.ImportConfluence(spaceId, path)),
  exportAutomerge: (scope: 'page' | 'space' | 'workspace', id: string, dir: string): Promise<AutomergeView> =>
    call(async () => automergeOf(await Transfer.ExportAutomerge(scope, id, dir))),
  importAutomerge: (spaceId: string, dir: string): Promise<AutomergeView> => call(async () => automergeOf(await Transfer.ImportAutomerge(spaceId, dir))),
  cancelImport: (): Promise<void> => call(() => Transfer.CancelImport()),
  stoppedImports: (): Promise<StoppedImport[]> => call(async () => (await Transfer.StoppedImports()) ?? []),
  discardImport: (id: string): Promise<void> => call(() => Transfer.DiscardImport(id)),

  // The live Markdown folder mirror.
  mirrorStatus: (): Promise<MirrorStatus> => call(async () => mirrorOf(await Mirror.Status())),
  chooseMirrorFolder: (): Promise<string> => call(() => Mirror.ChooseFolder()),
  startMirror: (folder: string): Promise<MirrorStatus> => call(async () => mirrorOf(await Mirror.Start(folder))),
  stopMirror: (): Promise<MirrorStatus> => call(async () => mirrorOf(await Mirror.Stop())),
  rescanMirror: (): Promise<void> => call(() => Mirror.Rescan()),
  // Channels and posts.
  listChannels: (): Promise<ChannelView[]> => call(async () => ((await Channels.List()) ?? []) as ChannelView[]),
  createChannel: (name: string, description: string): Promise<ChannelView> => call(() => Channels.Create(name, description) as Promise<ChannelView>),
  joinChannel: (id: string, joined: boolean): Promise<ChannelView> => call(() => Channels.Join(id, joined) as Promise<ChannelView>),
  muteChannel: (id: string, muted: boolean): Promise<ChannelView> => call(() => Channels.Mute(id, muted) as Promise<ChannelView>),
  archiveChannel: (id: string, archived: boolean): Promise<ChannelView> => call(() => Channels.Archive(id, archived) as Promise<ChannelView>),
  seeChannel: (id: string): Promise<ChannelView> => call(() => Channels.See(id) as Promise<ChannelView>),
  /** listPosts reads the first limit posts of a channel's feed. */
  listPosts: (channelId: string, limit: number): Promise<PostSummaryView[]> =>
    call(async () => ((await Channels.Posts(channelId, limit)) ?? []) as PostSummaryView[]),
  openPost: (id: string): Promise<PostView> => call(() => Channels.Post(id) as Promise<PostView>),
  createPost: (input: NewPostInput): Promise<PostView> => call(() => Channels.CreatePost(input) as Promise<PostView>),
  schedulePost: (channelId: string, title: string, body: string, at: string): Promise<ScheduledView> =>
    call(() => Channels.SchedulePost(channelId, title, body, at)),
  scheduledPosts: (channelId: string): Promise<ScheduledView[]> => call(async () => (await Channels.ScheduledPosts(channelId)) ?? []),
  cancelScheduledPost: (channelId: string, id: string): Promise<void> => call(() => Channels.CancelScheduledPost(channelId, id)),
  editPost: (id: string, title: string, body: string): Promise<PostView> => call(() => Channels.EditPost(id, title, body) as Promise<PostView>),
  deletePost: (id: string): Promise<PostView> => call(() => Channels.DeletePost(id) as Promise<PostView>),
  replyPost: (id: string, body: string): Promise<PostView> => call(() => Channels.Reply(id, body) as Promise<PostView>),
  editPostReply: (id: string, replyId: string, body: string): Promise<PostView> =>
    call(() => Channels.EditReply(id, replyId, body) as Promise<PostView>),
  deletePostReply: (id: string, replyId: string): Promise<PostView> => call(() => Channels.DeleteReply(id, replyId) as Promise<PostView>),
  react: (id: string, emoji: string, on: boolean): Promise<PostView> => call(() => Channels.React(id, emoji, on) as Promise<PostView>),
  reactToReply: (id: string, replyId: string, emoji: string, on: boolean): Promise<PostView> =>
    call(() => Channels.ReactToReply(id, replyId, emoji, on) as Promise<PostView>),
  pinPost: (id: string, pinned: boolean): Promise<PostView> => call(() => Channels.Pin(id, pinned) as Promise<PostView>),
  acknowledgePost: (id: string): Promise<PostView> => call(() => Channels.Acknowledge(id) as Promise<PostView>),
  promotePost: (id: string, spaceId: string, withReplies: boolean): Promise<{ post: PostView; page: PageSummary }> =>
    call(() => Channels.Promote(id, spaceId, withReplies) as Promise<{ post: PostView; page: PageSummary }>),
  /** attachEmail sends an .eml file's bytes (base64) to become a post. */
  attachEmail: (channelId: string, name: string, base64: string): Promise<PostView> =>
    call(() => Channels.AttachEmail(channelId, name, base64) as Promise<PostView>),
  emailOriginal: (emailId: string): Promise<string> => call(() => Channels.Email(emailId)),
};

// Go sends nil slices as null; these make them arrays.
function goalOf(g: GoalView): GoalView {
  return { ...g, snapshots: g.snapshots ?? [] };
}
function checkInOf(c: CheckInView): CheckInView {
  return { ...c, updates: c.updates ?? [], comments: c.comments ?? [] };
}
function scheduleOf(s: ScheduleView): ScheduleView {
  return { ...s, days: s.days ?? [] };
}

function syncStatusOf(s: SyncStatusView): SyncStatusView {
  return { ...s, peers: s.peers ?? [], addresses: s.addresses ?? [] };
}

function automergeOf(v: AutomergeView): AutomergeView {
  return { ...v, skipped: v.skipped ?? [] };
}

function mirrorOf(s: MirrorStatus): MirrorStatus {
  return { ...s, problems: s.problems ?? [] };
}

export type Api = typeof api;

export const events = {
  /** onLinkOpened tells that a longhand:// link waits in api.takeLink; it returns the unsubscribe function. */
  onLinkOpened(handler: () => void): () => void {
    return EventsOn('link:opened', () => handler());
  },
  /** onPresenceChanged subscribes to presence:changed (who has a page open may have changed). */
  onPresenceChanged(handler: () => void): () => void {
    return EventsOn('presence:changed', () => handler());
  },
  /** onRelayStatus subscribes to relay:status {RelayView}; it returns the unsubscribe function. */
  onRelayStatus(handler: (relay: RelayView) => void): () => void {
    return EventsOn('relay:status', (payload: RelayView | null) => {
      if (payload && typeof payload.url === 'string') handler(payload);
    });
  },
  /** onTranscriptChanged subscribes to transcript:changed {hash}: a video's transcript was made, corrected or failed. */
  onTranscriptChanged(fn: (hash: string) => void): () => void {
    return EventsOn('transcript:changed', (payload: { hash?: string } | null) => {
      if (payload && typeof payload.hash === 'string') fn(payload.hash);
    });
  },
  /** onAttachmentProgress subscribes to attachment:progress (a file arriving from a teammate's device). */
  onAttachmentProgress(fn: (s: AttachmentStatus) => void): () => void {
    return EventsOn('attachment:progress', (payload: AttachmentStatus | null) => {
      if (payload) fn(payload);
    });
  },
  /** onImportProgress subscribes to import:progress; it returns the unsubscribe function. */
  onImportProgress(handler: (p: ImportProgress) => void): () => void {
    return EventsOn('import:progress', (payload: ImportProgress | null) => {
      if (payload && typeof payload.done === 'number' && typeof payload.total === 'number') handler(payload);
    });
  },
  /** onPageChanged subscribes to page:changed; it returns the unsubscribe function. */
  onPageChanged(handler: (ev: PageChanged) => void): () => void {
    return EventsOn('page:changed', (payload: PageChanged) => {
      if (payload && typeof payload === 'object') handler({ ...payload, splices: payload.splices ?? [] });
    });
  },
  /** onThreadsChanged subscribes to threads:changed {pageId}; it returns the unsubscribe function. */
  onThreadsChanged(handler: (pageId: string) => void): () => void {
    return EventsOn('threads:changed', (payload: { pageId?: string } | null) => {
      if (payload && typeof payload.pageId === 'string') handler(payload.pageId);
    });
  },
  /** onSpaceCreated subscribes to space:created; it returns the unsubscribe function. */
  onSpaceCreated(handler: (space: SpaceView) => void): () => void {
    return EventsOn('space:created', (payload: SpaceView | null) => {
      if (payload && typeof payload.id === 'string') handler(payload);
    });
  },
  /** onGoalChanged subscribes to goal:changed {GoalView}; it returns the unsubscribe function. */
  onGoalChanged(handler: (goal: GoalView) => void): () => void {
    return EventsOn('goal:changed', (payload: GoalView | null) => {
      if (payload && typeof payload.id === 'string') handler(goalOf(payload));
    });
  },
  /** onCheckInChanged subscribes to checkin:changed {CheckInView}; it returns the unsubscribe function. */
  onCheckInChanged(handler: (c: CheckInView) => void): () => void {
    return EventsOn('checkin:changed', (payload: CheckInView | null) => {
      if (payload && typeof payload.id === 'string') handler(checkInOf(payload));
    });
  },
  /** onCheckInDue subscribes to checkin:due, sent when my scheduled check-in time comes. */
  onCheckInDue(handler: (due: CheckInDue) => void): () => void {
    return EventsOn('checkin:due', (payload: CheckInDue | null) => {
      if (payload && typeof payload.dueAt === 'string') handler(payload);
    });
  },
  /** onMembershipChanged subscribes to membership:changed (no payload): a device joined or left, an invitation changed. */
  onMembershipChanged(handler: () => void): () => void {
    return EventsOn('membership:changed', () => handler());
  },
  /** onInboxChanged subscribes to inbox:changed (no payload); it returns the unsubscribe function. */
  onInboxChanged(handler: () => void): () => void {
    return EventsOn('inbox:changed', () => handler());
  },
  /** onChatChanged subscribes to chat:changed; it returns the unsubscribe function. */
  onChatChanged(handler: (ev: ChatChanged) => void): () => void {
    return EventsOn('chat:changed', (payload: ChatChanged | null) => {
      if (payload && typeof payload.conversationId === 'string') handler(payload);
    });
  },
  /** onReviewChanged subscribes to review:changed {pageId, review}; it returns the unsubscribe function. */
  onReviewChanged(handler: (review: ReviewView) => void): () => void {
    return EventsOn('review:changed', (payload: { pageId?: string; review?: ReviewView } | null) => {
      if (payload && payload.review && typeof payload.review.pageId === 'string') handler(payload.review);
    });
  },
  /** onMemberChanged subscribes to member:changed; it returns the unsubscribe function. */
  onMemberChanged(handler: (member: MemberView) => void): () => void {
    return EventsOn('member:changed', (payload: MemberView | null) => {
      if (payload && typeof payload.id === 'string') handler(payload);
    });
  },
  /** onSpaceChanged subscribes to space:changed; it returns the unsubscribe function. */
  onSpaceChanged(handler: (ev: SpaceChanged) => void): () => void {
    return EventsOn('space:changed', (payload: SpaceChanged | null) => {
      if (payload && typeof payload.kind === 'string' && payload.space && typeof payload.space.id === 'string') handler(payload);
    });
  },
  /** onSyncStatus subscribes to sync:status; it returns the unsubscribe function. */
  onSyncStatus(handler: (s: SyncStatusView) => void): () => void {
    return EventsOn('sync:status', (payload: SyncStatusView | null) => {
      if (payload && typeof payload.syncing === 'boolean') handler(syncStatusOf(payload));
    });
  },
  /** onChannelChanged subscribes to channel:changed {channel}; it returns the unsubscribe function. */
  onChannelChanged(handler: (channel: ChannelView) => void): () => void {
    return EventsOn('channel:changed', (payload: { channel?: ChannelView } | null) => {
      if (payload && payload.channel && typeof payload.channel.id === 'string') handler(payload.channel);
    });
  },
  /** onPostChanged subscribes to post:changed {kind, post}; it returns the unsubscribe function. */
  onPostChanged(handler: (ev: PostChanged) => void): () => void {
    return EventsOn('post:changed', (payload: PostChanged | null) => {
      if (payload && payload.post && typeof payload.post.id === 'string') handler({ ...payload, post: { ...payload.post, reactions: payload.post.reactions ?? [], mentions: payload.post.mentions ?? [] } });
    });
  },
  /** onNotificationOpen subscribes to notification:open {key}: a desktop notification was clicked. */
  onNotificationOpen(handler: (key: string) => void): () => void {
    return EventsOn('notification:open', (payload: { key?: string } | null) => {
      handler(payload && typeof payload.key === 'string' ? payload.key : '');
    });
  },
  /** onMirrorChanged subscribes to mirror:changed {MirrorStatus}; it returns the unsubscribe function. */
  onMirrorChanged(handler: (status: MirrorStatus) => void): () => void {
    return EventsOn('mirror:changed', (payload: MirrorStatus | null) => {
      if (payload && typeof payload.folder === 'string') handler(mirrorOf(payload));
    });
  },
  /** ready tells Go (and the smoke test) that the first real screen is drawn, and how long its stages took. */
  ready(screen: string, timing: Record<string, number>): void {
    EventsEmit('ui:ready', screen, timing);
  },
};

export const browser = {
  /**
   * open hands an http(s) or mailto URL to the system browser (the Wails
   * runtime's BrowserOpenURL); any other URL is ignored. The app's own window
   * never navigates away.
   */
  open(url: string): boolean {
    if (!isExternalUrl(url)) return false;
    BrowserOpenURL(url);
    return true;
  },
};
