// The only module that imports the generated Wails bindings. Everything else
// talks to Go through `api` and `events`, and gets ApiError on failure.
import * as Attachments from '../wailsjs/go/app/Attachments';
import * as Comments from '../wailsjs/go/app/Comments';
import * as Pages from '../wailsjs/go/app/Pages';
import * as Spaces from '../wailsjs/go/app/Spaces';
import * as Transfer from '../wailsjs/go/app/Transfer';
import * as Workspace from '../wailsjs/go/app/Workspace';
import { store } from '../wailsjs/go/models';
import { BrowserOpenURL, EventsEmit, EventsOn } from '../wailsjs/runtime/runtime';
import { isExternalUrl } from '../markdown/links';
import { toApiError } from './errors';
import type { EditView, PageChanged, PageSummary, PageView, SearchHit, SessionView, Splice } from './types';
import type { ThreadView, VersionView } from './types';
import type { MoveInput, NewPageInput, SpaceView, TemplateView } from './types';
import type { AttachmentView, ExportView, ImportView } from './types';

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

  // Images and Markdown files. Paths are full paths; the choose* calls open
  // the system's dialogs and give "" (or []) when the person cancels.
  createAttachment: (name: string, base64: string): Promise<AttachmentView> => call(() => Attachments.Create(name, base64)),
  chooseFolder: (title: string): Promise<string> => call(() => Transfer.ChooseFolder(title)),
  chooseMarkdownFiles: (): Promise<string[]> => call(async () => (await Transfer.ChooseMarkdownFiles()) ?? []),
  chooseExportFile: (title: string): Promise<string> => call(() => Transfer.ChooseExportFile(title)),
  exportPage: (pageId: string, path: string): Promise<ExportView> => call(() => Transfer.ExportPage(pageId, path)),
  exportSpace: (spaceId: string, dir: string): Promise<ExportView> => call(() => Transfer.ExportSpace(spaceId, dir)),
  importFolder: (spaceId: string, dir: string): Promise<ImportView> => call(() => Transfer.ImportFolder(spaceId, dir)),
  importFiles: (spaceId: string, paths: string[]): Promise<ImportView> => call(() => Transfer.ImportFiles(spaceId, paths)),
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
