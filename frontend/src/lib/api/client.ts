// The only module that imports the generated Wails bindings. Everything else
// talks to Go through `api` and `events`, and gets ApiError on failure.
import * as Channels from '../wailsjs/go/app/Channels';
import * as Comments from '../wailsjs/go/app/Comments';
import * as Members from '../wailsjs/go/app/Members';
import * as Pages from '../wailsjs/go/app/Pages';
import * as Reviews from '../wailsjs/go/app/Reviews';
import * as Spaces from '../wailsjs/go/app/Spaces';
import * as Workspace from '../wailsjs/go/app/Workspace';
import { store } from '../wailsjs/go/models';
import { BrowserOpenURL, EventsEmit, EventsOn } from '../wailsjs/runtime/runtime';
import { isExternalUrl } from '../markdown/links';
import { toApiError } from './errors';
import type { EditView, PageChanged, PageSummary, PageView, SearchHit, SessionView, Splice } from './types';
import type { ThreadView, VersionView } from './types';
import type { MoveInput, NewPageInput, SpaceView, TemplateView } from './types';
import type { MemberInput, MemberView, PageStatus, ReviewItemView, ReviewView } from './types';
import type { ChannelView, NewPostInput, PostChanged, PostSummaryView, PostView } from './types';

async function call<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw toApiError(e);
  }
}

export const api = {
  session: (): Promise<SessionView> => call(() => Workspace.Session()),
  setup: (personName: string, timeZone: string, workspaceName: string): Promise<SessionView> =>
    call(() => Workspace.Setup(personName, timeZone, workspaceName)),
  timeZones: (): Promise<string[]> => call(() => Workspace.TimeZones()),

  listPages: (): Promise<PageSummary[]> => call(() => Pages.List()),
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
  backlinks: (pageId: string): Promise<PageSummary[]> => call(async () => (await Pages.Backlinks(pageId)) ?? []),
  resolveLink: (title: string): Promise<PageSummary> => call(() => Pages.ResolveLink(title)),
  createPageIn: (title: string, spaceId: string): Promise<PageView> => call(() => Pages.Create({ title, spaceId, parentId: '', from: '' })),

  // Spaces, the page tree and templates.
  listSpaces: (): Promise<SpaceView[]> => call(async () => (await Spaces.List()) ?? []),
  createSpace: (name: string, description: string, icon: string): Promise<SpaceView> => call(() => Spaces.Create(name, description, icon)),
  createPageWith: (input: NewPageInput): Promise<PageView> => call(() => Pages.Create(input)),
  movePage: (id: string, to: MoveInput): Promise<PageSummary> => call(() => Pages.Move(id, to)),
  templates: (): Promise<TemplateView[]> => call(async () => (await Pages.Templates()) ?? []),
  saveAsTemplate: (id: string): Promise<PageView> => call(() => Pages.SaveAsTemplate(id)),

  // People.
  listMembers: (): Promise<MemberView[]> => call(async () => (await Members.List()) ?? []),
  addMember: (input: MemberInput): Promise<MemberView> => call(() => Members.Add(input)),
  updateMember: (id: string, input: MemberInput): Promise<MemberView> => call(() => Members.Update(id, input)),

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

export type Api = typeof api;

export const events = {
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
  /** ready tells Go (and the smoke test) that the first real screen is drawn. */
  ready(screen: string): void {
    EventsEmit('ui:ready', screen);
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
