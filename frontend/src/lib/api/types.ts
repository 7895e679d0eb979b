import type { app } from '../wailsjs/go/models';
/** Plain shapes of what Go sends; the generated classes are only used inside the client. */

export interface SessionView {
  ready: boolean;
  workspaceName: string;
  meId: string;
  meName: string;
  timeZone: string;
  systemTimeZone: string;
  dataDir: string;
  /** The person may read and comment on pages, not change them. */
  guest: boolean;
  /** For a guest: the spaces they may read. */
  guestSpaces: string[];
}

export interface PageSummary {
  id: string;
  title: string;
  excerpt: string;
  // Go always sends these four; they are optional only so that older test
  // fixtures (lib/editor/session.test.ts) still type-check.
  /** The space the page lives in. */
  spaceId?: string;
  /** "" = top level of its space. */
  parentId?: string;
  /** Sort key among siblings (compare as strings, then by id). */
  position?: string;
  /** Templates are not in the tree or search. */
  template?: boolean;
  /** "" for a document, "meeting" for a meeting page. */
  kind?: string;
  /** draft, review or decided. */
  status?: string;
  ownerId?: string;
  updatedAt: string;
  deletedAt: string;
  /** Why the stored page could not be loaded; "" when healthy. Its last saved text is still shown. */
  damaged: string;
}

export interface PageView {
  id: string;
  title: string;
  body: string;
  /** Templates are not reviewed. */
  template?: boolean;
  kind?: string;
  status?: string;
  ownerId?: string;
  /** Opaque revision of the body: send it as the base of the next edit. */
  rev: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string;
  damaged: string;
}

/** Splice positions and counts are Unicode code points. */
export interface Splice {
  pos: number;
  del: number;
  ins: string;
}

export interface EditView {
  prevRev: string;
  rev: string;
  /** The edit was made on an older revision and transformed: reload the body. */
  rebased: boolean;
  page: PageSummary;
}

export interface SearchHit {
  id: string;
  kind: string;
  title: string;
  snippet: string;
  /** For a video found by its transcript (kind "video", id its hash): where the first matched word is said, in ms. */
  atMs?: number;
}

/** "saved": edits were folded into the stored row; the page's excerpt and updatedAt are fresh. */
export type PageChangeKind = 'created' | 'renamed' | 'edited' | 'saved' | 'trashed' | 'restored' | 'purged' | 'moved';

export interface PageChanged {
  kind: PageChangeKind;
  page: PageSummary;
  /** The clientId that made the change; "" for the backend or a peer. */
  origin: string;
  /** For "edited": an editor at prevRev applies splices and is then at rev. */
  prevRev: string;
  rev: string;
  splices: Splice[];
}

export interface ReplyView {
  id: string;
  authorId: string;
  authorName: string;
  /** Markdown. */
  body: string;
  mentions: string[];
  createdAt: string;
}

/** A comment thread; start and end are code points in the page's current text. */
export interface ThreadView {
  id: string;
  pageId: string;
  start: number;
  end: number;
  quote: string;
  /** The text it was on was deleted. */
  detached: boolean;
  resolved: boolean;
  resolvedBy: string;
  resolvedAt: string;
  replies: ReplyView[];
}

/** A run of changes by one person, newest first. */
export interface VersionView {
  id: string;
  authorId: string;
  authorName: string;
  start: string;
  end: string;
  /** 0 for a name given to a state that ends no change of its own. */
  changes: number;
  /** A named version ("Sent to legal"): its name, who named it and when; "" otherwise. */
  name?: string;
  namedById?: string;
  namedByName?: string;
  namedAt?: string;
}

/** A space of the knowledge base; its home page (homeId) stands for the space itself. */
export interface SpaceView {
  id: string;
  name: string;
  description: string;
  icon: string;
  homeId: string;
  /** Spaces sort by position (compare as strings), then createdAt, then id. */
  position?: string;
  createdAt?: string;
  /** RFC 3339; "" unless the space is in the trash. */
  deletedAt?: string;
  /** No page yet but its home, when the list was read. */
  empty?: boolean;
}

/** What a space's settings dialog sends. */
export interface SpaceInput {
  name: string;
  description: string;
  icon: string;
}

export type SpaceChangeKind = 'updated' | 'moved' | 'trashed' | 'restored' | 'purged';

/** space:changed: a space was edited, moved, trashed, restored or purged; its pages come as page:changed. */
export interface SpaceChanged {
  kind: SpaceChangeKind;
  space: SpaceView;
}

/** A starting point for a new page: "builtin:…" or the id of a page saved as a template. */
export interface TemplateView {
  id: string;
  name: string;
  description: string;
  builtin: boolean;
}

/** Where a new page goes and what it starts from; empty spaceId and parentId mean the first space. */
export interface NewPageInput {
  title: string;
  spaceId: string;
  parentId: string;
  /** A template id whose body is copied; "" for a blank page. */
  from: string;
}

/** A page's new place: under parentId ("" = top) in spaceId, just before beforeId ("" = last). */
export interface MoveInput {
  spaceId: string;
  parentId: string;
  beforeId: string;
}

/** A person in the workspace. Working hours are "HH:MM" in their own time zone. */
export interface MemberView {
  id: string;
  name: string;
  timeZone: string;
  role: string;
  team: string;
  managerId: string;
  workStart: string;
  workEnd: string;
  /** Shares how far they read in chats. */
  shareSeen?: boolean;
  /** When their focus session ends (RFC 3339); "" or past when not focusing. */
  focusUntil?: string;
  /** How they read clock times: "" (automatic), "12" or "24". */
  timeFormat?: string;
  /** Their regional format (BCP 47), "" for automatic. */
  locale?: string;
}

export type MemberInput = Omit<MemberView, 'id' | 'shareSeen' | 'focusUntil' | 'timeFormat' | 'locale'>;

export type PageStatus = 'draft' | 'review' | 'decided';
export type ReviewState = 'unread' | 'read' | 'commented' | 'approved';

export interface ReviewerView {
  memberId: string;
  name: string;
  /** The reviewer's own time zone: show the due time in it. */
  timeZone: string;
  state: ReviewState;
  /** The day asked for, YYYY-MM-DD, in the reviewer's calendar. */
  dueDate: string;
  /** RFC 3339: the end of the reviewer's working hours that day. */
  due: string;
}

export interface MeetingView {
  preReadId: string;
  preReadTitle: string;
  preReadStatus: string;
  /** Deleted or in the trash. */
  preReadGone: boolean;
  ready: boolean;
}

export interface DecisionView {
  id: string;
  text: string;
  authorId: string;
  authorName: string;
  at: string;
}

export interface ReviewView {
  pageId: string;
  kind: string;
  status: PageStatus;
  ownerId: string;
  /** YYYY-MM-DD or "". */
  reviewBy: string;
  reviewers: ReviewerView[];
  meeting: MeetingView;
  decisions: DecisionView[];
  decidedAt: string;
  decidedBy: string;
  decidedByName: string;
}

export type ReviewReason = 'reviewer' | 'owner' | 'review-by';

export interface ReviewItemView {
  page: PageSummary;
  reason: ReviewReason;
  due: string;
  dueDate: string;
  state: string;
  pending: number;
  overdue: boolean;
}

/** When a person's working hours and mine next meet. */
export interface OverlapView {
  memberId: string;
  /** false: none in the next two weeks. */
  found: boolean;
  start: string;
  end: string;
  /** They are in their working hours now. */
  working: boolean;
}

// Goals and check-ins.

export type GoalLevel = 'annual' | 'quarterly' | 'monthly' | 'weekly';
export type GoalScope = 'company' | 'division' | 'manager' | 'individual';
export type GoalStatus = 'on_track' | 'at_risk' | 'off_track';

/** kind "number" counts from start to target in unit; "binary" is done / not done. */
export interface MeasureView {
  kind: string;
  unit: string;
  start: number;
  target: number;
  current: number;
  done: boolean;
}

export interface SnapshotView {
  at: string;
  value: number;
  status: string;
  confidence: number;
  byId: string;
  checkInId: string;
  note: string;
}

export interface GoalView {
  id: string;
  title: string;
  /** Markdown. */
  description: string;
  level: string;
  scope: string;
  /** Division name, or a member id for manager and individual goals. */
  scopeTarget: string;
  parentId: string;
  ownerId: string;
  authorId: string;
  periodStart: string;
  periodEnd: string;
  measure: MeasureView;
  status: string;
  confidence: number;
  scoreboard: boolean;
  archived: boolean;
  retrospective: string;
  closedAt: string;
  /** 0–1: its own measure, or the mean of its children's. */
  progress: number;
  /** Oldest first; empty in List. */
  snapshots: SnapshotView[];
  createdAt: string;
  updatedAt: string;
  damaged: string;
}

export interface GoalInput {
  title: string;
  description: string;
  level: string;
  scope: string;
  scopeTarget: string;
  parentId: string;
  ownerId: string;
  periodStart: string;
  periodEnd: string;
  measure: MeasureView;
  status: string;
  confidence: number;
  scoreboard: boolean;
}

export interface ProgressInput {
  value: number;
  done: boolean;
  status: string;
  confidence: number;
  note: string;
}

export interface GoalCheckInView {
  goalId: string;
  title: string;
  value: number;
  done: boolean;
  status: string;
  confidence: number;
  note: string;
}

export interface CheckInCommentView {
  id: string;
  authorId: string;
  /** Markdown. */
  body: string;
  createdAt: string;
}

export interface CheckInView {
  id: string;
  memberId: string;
  /** The person's local date, YYYY-MM-DD. */
  date: string;
  updates: GoalCheckInView[];
  plans: string;
  progress: string;
  problems: string;
  blockers: string;
  comments: CheckInCommentView[];
  createdAt: string;
  damaged: string;
}

export interface CheckInInput {
  updates: GoalCheckInView[];
  plans: string;
  progress: string;
  problems: string;
  blockers: string;
}

export interface ScheduleView {
  /** Sunday = 0. */
  days: number[];
  time: string;
  timeZone: string;
  next: string;
  due: boolean;
  dueAt: string;
  /** The last check-in; "" for none. */
  lastAt: string;
}

/** Where one person's check-ins stand, in their own zone. */
export interface TeamStatusView {
  memberId: string;
  schedule: ScheduleView;
}

export interface CheckInDue {
  dueAt: string;
  timeZone: string;
}

export interface PersonRef {
  id: string;
  name: string;
  timeZone: string;
}

/** A chat of two or three people. */
export interface ConversationView {
  id: string;
  /** Everyone in it, me included. */
  members: PersonRef[];
  lastAt: string;
  /** The newest message, as one line. */
  last: string;
  lastBy: string;
  unread: number;
}

export interface MessageView {
  id: string;
  authorId: string;
  authorName: string;
  /** Markdown: render it sanitized. */
  body: string;
  at: string;
  editedAt: string;
  deleted: boolean;
}

export interface ScheduledView {
  id: string;
  /** A post's title; "" for a chat message. */
  title?: string;
  body: string;
  sendAt: string;
  /** Why it could not be sent; "" while waiting. */
  error: string;
}

export interface SeenView {
  memberId: string;
  name: string;
  at: string;
}

export interface ChatChanged {
  conversationId: string;
  kind: 'message' | 'members' | 'read' | 'scheduled';
}

/** A stored image or file; ref (attachment:<hash>) is how Markdown refers to it. */
export interface AttachmentView {
  hash: string;
  mime: string;
  size: number;
  name: string;
  /** image is true for the images the window shows (PNG, JPEG, GIF, WebP). */
  image: boolean;
  ref: string;
}

/** Whether a file is on this device, and how far it has come while it arrives from a teammate's. */
export interface AttachmentStatus {
  hash: string;
  /** known is false until a teammate's device has said what the file is. */
  known: boolean;
  name: string;
  size: number;
  mime: string;
  image: boolean;
  have: number;
  parts: number;
  complete: boolean;
  /** video is true for a video message the window plays (from /videos/<hash>). */
  video: boolean;
  /** refused says why a file from a teammate's device was refused (a video over 3:00, a third take); "" when it was not. */
  refused: string;
}

/** This device's settings for files, in MB. */
export interface FileSettingsView {
  maxFileMB: number;
  fetchAll: boolean;
  cacheMB: number;
  droppedMB: number;
}

/** What an export wrote: a folder (a space) or a file (a page). */
export interface ExportView {
  path: string;
  pages: number;
  images: number;
  /** Other attached files written. */
  files: number;
  /** Images and files that could not be written, and why. */
  problems: string[];
}

/** A file, by its path inside what was chosen, and why it was skipped or noted. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** A file the folder mirror left as it is, by its path inside the folder, and why. */
export interface MirrorProblem {
  path: string;
  reason: string;
}

/** Whether the live Markdown folder mirror is on, where, and what it could not take in. */
export interface MirrorStatus {
  on: boolean;
  /** The mirrored folder; "" when the mirror is off. */
  folder: string;
  /** Pages that have a file in the folder. */
  pages: number;
  problems: MirrorProblem[];
  /** Why the folder cannot be watched or the mirror paused; "" when all is well. */
  error: string;
}

/** The report of an import. */
export interface ImportView {
  /** The folder import, to resume while stopped; "" for files. */
  id: string;
  /** Cancelled before every page was made: it can be resumed. */
  stopped: boolean;
  pages: number;
  images: number;
  /** Other files attached to the pages (a Confluence import). */
  files: number;
  /** The first page created, to open; "" if none. */
  firstId: string;
  skipped: SkippedFile[];
  /** Files imported with a link or image left as it was. */
  notes: SkippedFile[];
}

/** What a Slack import did. */
export interface SlackImportView {
  people: number;
  channels: number;
  posts: number;
  replies: number;
  /** My direct messages and group DMs, made chats. */
  chats: number;
  messages: number;
  /** Files the export held, attached to their messages. */
  files: number;
  /** What was not carried over, and why. */
  skipped: SkippedFile[];
}

/** What an Automerge export or import did. */
export interface AutomergeView {
  path: string;
  /** Documents written, or pages made. */
  docs: number;
  /** The first page an import made; "" if none. */
  firstId: string;
  skipped: SkippedFile[];
}

/** How far a folder import is: pages made (earlier runs too) of the pages it makes. */
export interface ImportProgress {
  id: string;
  done: number;
  total: number;
}

/** A folder import that was cancelled or cut short, and can be resumed. */
export interface StoppedImport {
  id: string;
  spaceId: string;
  folder: string;
  done: number;
  /** 0 when it stopped before it counted the files. */
  total: number;
  /** RFC 3339. */
  started: string;
}

export type InboxKind = 'mention' | 'comment' | 'reply' | 'review' | 'checkin';

/** One thing that needs me. */
export interface InboxItemView {
  key: string;
  kind: InboxKind | string;
  actorId: string;
  actorName: string;
  pageId: string;
  /** Set when it happened in a channel. */
  postId?: string;
  threadId: string;
  /** For a comment on a check-in: the check-in. */
  checkInId?: string;
  title: string;
  snippet: string;
  at: string;
  due: string;
  read: boolean;
  done: boolean;
  snoozedUntil: string;
}

export interface LaterOption {
  label: string;
  at: string;
}

// Channels and posts.

export interface ChannelView {
  id: string;
  name: string;
  description: string;
  /** An emoji, or "" for a plain #. */
  icon: string;
  default: boolean;
  /** Only admins start posts; everyone replies. */
  adminsOnly: boolean;
  archived: boolean;
  createdBy: string;
  joined: boolean;
  /** Muted on this device. */
  muted: boolean;
  canPost: boolean;
  /** Posts with others' activity since lastSeen. */
  unread: number;
  lastSeen: string;
  lastPost: string;
}

export interface ReactionView {
  emoji: string;
  members: string[];
}

export interface PostSummaryView {
  id: string;
  channelId: string;
  title: string;
  /** Plain text. */
  excerpt: string;
  authorId: string;
  createdAt: string;
  editedAt: string;
  deleted: boolean;
  pinned: boolean;
  replyCount: number;
  lastActivity: string;
  /** Who made the latest activity. */
  lastActorId: string;
  reactions: ReactionView[];
  ackRequested: boolean;
  ackCount: number;
  ackedByMe: boolean;
  promotedTo: string;
  promotedName: string;
  emailFrom: string;
  emailSubject: string;
  mentions: string[];
  /** The post's first video: its thumbnail's hash (at /posters/<hash>; '' without one) and its words, for the feed. */
  videoPoster: string;
  videoSummary: string;
}

export interface PostReplyView {
  id: string;
  authorId: string;
  /** Markdown; "" once deleted. */
  body: string;
  mentions: string[];
  createdAt: string;
  editedAt: string;
  deleted: boolean;
  reactions: ReactionView[];
}

export interface EmailView {
  id: string;
  name: string;
  from: string;
  to: string;
  subject: string;
  date: string;
  size: number;
}

export interface PostView {
  id: string;
  channelId: string;
  title: string;
  /** Markdown, or plain text when email is set. */
  body: string;
  authorId: string;
  createdAt: string;
  editedAt: string;
  deleted: boolean;
  pinned: boolean;
  mentions: string[];
  ackRequested: boolean;
  acks: { memberId: string; at: string }[];
  reactions: ReactionView[];
  replies: PostReplyView[];
  promotedTo: string;
  promotedName: string;
  email: EmailView | null;
  lastActivity: string;
}

export interface NewPostInput {
  channelId: string;
  title: string;
  body: string;
  requestAck: boolean;
}

export type PostChangeKind = 'created' | 'edited' | 'deleted' | 'replied' | 'reacted' | 'pinned' | 'acknowledged' | 'promoted';

export interface PostChanged {
  kind: PostChangeKind;
  post: PostSummaryView;
}

// Devices, identity and invitations (app/devices.go).
export type KeyStorage = 'keystore' | 'file';

export interface IdentityView {
  /** Eight groups of four base32 characters, to compare by eye. */
  fingerprint: string;
  keyStorage: KeyStorage | string;
  /** The keystore entry or the key file's path. */
  keyWhere: string;
  /** The signed membership log lists this device. */
  inLog: boolean;
}

export interface DeviceView {
  id: string;
  fingerprint: string;
  memberId: string;
  memberName: string;
  role: 'admin' | 'member' | 'guest' | string;
  addedAt: string;
  thisDevice: boolean;
}

export type InviteStatus = 'open' | 'used' | 'revoked' | 'expired';

export interface InviteView {
  id: string;
  role: string;
  expires: string;
  /** Only when just created: the secret is not kept, so it cannot be shown again. */
  code?: string;
  link?: string;
  status: InviteStatus | string;
  createdAt: string;
  /** The person it is for (a profile made before they joined, or a member's new device); '' for a new person. */
  memberId: string;
  memberName: string;
  /** Once used: the fingerprint of the device that joined with it, whose device it is, and when. */
  usedBy: string;
  usedByName: string;
  usedAt: string;
}

export interface NewInviteInput {
  role: 'admin' | 'member' | 'guest';
  /** 0 for the default, 7 days. */
  days: number;
  /** For a guest: the spaces they may see. */
  spaces: string[];
  /** The person from the directory it is for: they join as that profile. Omitted for a new person. */
  memberId?: string;
}

/** A longhand:// link Longhand was opened with: an invitation's code, or why the link cannot be used. */
export interface LinkView {
  code: string;
  workspaceName: string;
  error: string;
}

export interface InvitePreview {
  workspaceName: string;
  inviterName: string;
  inviterFingerprint: string;
  role: string;
  expires: string;
  expired: boolean;
  /** When the invitation is for a person whose profile exists: who the joiner joins as. */
  personName: string;
}

/** One peer device as sync last saw it. */
export interface PeerStatusView {
  device: string;
  name: string;
  address: string;
  /** syncing, in sync, unsent, behind, unreachable, never */
  state: string;
  lastSync: string;
  lastError: string;
  inSync: number;
  unsent: number;
  behind: number;
}

/** Sync with other devices: peers, the session running, typed-in addresses. */
export interface SyncStatusView {
  available: boolean;
  why: string;
  syncing: boolean;
  done: number;
  total: number;
  peers: PeerStatusView[];
  addresses: string[];
  listening: string;
}

/** A document's status with one peer. */
export interface DocPeerView {
  name: string;
  inSync: boolean;
  lastSync: string;
}

/** A recurring focus block: days (0 Sunday … 6 Saturday) and times in my zone. */
export interface FocusBlockView {
  days: number[];
  start: string;
  end: string;
  /** "Mon–Fri 09:00–11:00" */
  label: string;
}

/** The Notifications & focus settings, and whether the tray and notifications work here. */
export interface FocusSettingsView {
  mentionsBreakThrough: boolean;
  blocks: FocusBlockView[];
  keepInTray: boolean;
  /** This device does not tell others which page I have open (it never does while I focus). */
  hidePresence: boolean;
  startAtLogin: boolean;
  startAtLoginOk: boolean;
  tray: boolean;
  trayProblem: string;
  notifications: boolean;
  notifyProblem: string;
}

export interface FocusSettingsInput {
  mentionsBreakThrough: boolean;
  blocks: Omit<FocusBlockView, 'label'>[];
  keepInTray: boolean;
  hidePresence: boolean;
  startAtLogin: boolean;
}

/** Someone else who has a page open now (app/presence.go). */
export type PresenceView = app.PresenceView;

// Relays this device syncs through (app/relay.go).
export type RelayState = 'connecting' | 'reachable' | 'unreachable' | 'unavailable';

export interface RelayView {
  /** wss://host/v1 */
  url: string;
  state: RelayState | string;
  /** The last stream position applied from the relay. */
  position: number;
  /** When it last answered (RFC 3339), or ''. */
  lastOkAt: string;
  lastError: string;
  /** Documents changed here that the relay has not confirmed yet. */
  queued: number;
}

/** A page as the sidebar's tree shows it; children is counted by the database. */
export interface TreeRowView {
  id: string;
  title: string;
  spaceId: string;
  /** As stored: a row at the top may have a parent (a stray). */
  parentId: string;
  position: string;
  children: number;
  updatedAt: string;
  damaged: string;
}

/** Rows offset..offset+rows.length of a branch of total rows. */
export interface BranchView {
  total: number;
  offset: number;
  rows: TreeRowView[];
}

/** One page on the way down to a page: the branch it shows in and its index there. */
export interface TreeStepView {
  id: string;
  parentId: string;
  index: number;
  stray: boolean;
}

export interface TreePathView {
  spaceId: string;
  steps: TreeStepView[];
}

/** Video messages: the generated types of app.Videos, named here for the components. */
export type RecordingView = app.RecordingView;
export type TakeView = app.TakeView;
export type NativeTakeView = app.NativeTakeView;
export type VideoView = app.VideoView;
export type TranscriptView = app.TranscriptView;
export type VideoSeenView = app.VideoSeenView;
