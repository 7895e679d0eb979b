// Chats: the list (with unread counts), and one store per open chat with
// its messages, scheduled messages and "seen". All kept current by
// chat:changed events, never by polling.
import { get, writable, type Readable } from 'svelte/store';
import { api, events } from '../api/client';
import { toApiError } from '../api/errors';
import type { ConversationView, MessageView, ScheduledView, SeenView } from '../api/types';
import { toasts } from './toasts';

export interface ChatsState {
  loaded: boolean;
  list: ConversationView[];
}

const list = writable<ChatsState>({ loaded: false, list: [] });
let started = false;
let timer: ReturnType<typeof setTimeout> | undefined;

async function reload(): Promise<void> {
  try {
    list.set({ loaded: true, list: await api.listChats() });
  } catch (e) {
    list.update((s) => ({ ...s, loaded: true }));
    toasts.error(toApiError(e).message);
  }
}

export const chats = {
  subscribe: list.subscribe,
  start(): void {
    if (started) return;
    started = true;
    // At most 100 ms after a change, however many follow it: a stream of
    // events must not put the reload off for ever.
    events.onChatChanged(() => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void reload();
      }, 100);
    });
    void reload();
  },
  /** startWith opens (or finds) a chat; it throws ApiError for the dialog to show. */
  async startWith(ids: string[]): Promise<ConversationView> {
    const c = await api.startChat(ids);
    await reload();
    return c;
  },
};

export interface ChatView {
  conversation: ConversationView | null;
  messages: MessageView[];
  scheduled: ScheduledView[];
  seen: SeenView[];
  loaded: boolean;
  /** older: messages before the first one loaded exist; older() brings them */
  older: boolean;
}

export interface ChatStore extends Readable<ChatView> {
  send(body: string): Promise<boolean>;
  schedule(body: string, at: string): Promise<boolean>;
  scheduleInTheirMorning(body: string): Promise<boolean>;
  cancel(scheduledId: string): Promise<boolean>;
  edit(messageId: string, body: string): Promise<boolean>;
  remove(messageId: string): Promise<boolean>;
  add(memberId: string): Promise<boolean>;
  /** shareSeen turns my "seen" on or off; the chat then shows the others' "seen" or not. */
  shareSeen(on: boolean): Promise<boolean>;
  markRead(): Promise<void>;
  /** older loads the page of messages before the first one shown. */
  older(): Promise<void>;
  dispose(): void;
}

/** A page of messages, as the store asks for them. */
export const MESSAGE_PAGE = 200;

/**
 * withOlder puts a page of older messages before those loaded, without the
 * ones already there (a page is asked for from just after the oldest loaded
 * message's time, so messages sharing its millisecond are not skipped).
 */
export function withOlder(loaded: MessageView[], page: MessageView[]): MessageView[] {
  const have = new Set(loaded.map((m) => m.id));
  return [...page.filter((m) => !have.has(m.id)), ...loaded];
}

/** justAfter is the moment one millisecond after an RFC 3339 time. */
function justAfter(at: string): string {
  return new Date(Date.parse(at) + 1).toISOString();
}

/** createChat loads a chat and follows its changes. */
export function createChat(id: string): ChatStore {
  const state = writable<ChatView>({ conversation: null, messages: [], scheduled: [], seen: [], loaded: false, older: false });
  // The oldest message the person has scrolled back to: a reload (a new
  // message, an edit) asks again for every page down to it, so what they
  // are reading neither vanishes nor goes stale.
  let reachedBack = '';

  /** olderPage asks for the page before messages; more tells whether it was full. */
  async function olderPage(messages: MessageView[]): Promise<{ messages: MessageView[]; more: boolean }> {
    const page = await api.messages(id, justAfter(messages[0].at), MESSAGE_PAGE);
    const next = withOlder(messages, page);
    // A full page of messages all already here (hundreds in one
    // millisecond) would ask for the same page for ever: stop there.
    return { messages: next, more: page.length === MESSAGE_PAGE && next.length > messages.length };
  }

  async function loadMessages(): Promise<{ messages: MessageView[]; more: boolean }> {
    let r = { messages: await api.messages(id, '', MESSAGE_PAGE), more: false };
    r.more = r.messages.length === MESSAGE_PAGE;
    while (r.more && reachedBack && Date.parse(r.messages[0].at) > Date.parse(reachedBack)) r = await olderPage(r.messages);
    return r;
  }

  async function load(): Promise<void> {
    try {
      const [conversation, r, scheduled, seen] = await Promise.all([api.chat(id), loadMessages(), api.scheduled(id), api.seen(id)]);
      state.set({ conversation, messages: r.messages, scheduled, seen, loaded: true, older: r.more });
    } catch (e) {
      state.update((s) => ({ ...s, loaded: true }));
      toasts.error(toApiError(e).message);
    }
  }

  let fetching: Promise<void> | null = null;
  function older(): Promise<void> {
    const s = get(state);
    if (!s.older || s.messages.length === 0) return Promise.resolve();
    fetching ??= (async () => {
      try {
        const r = await olderPage(s.messages);
        reachedBack = r.messages[0].at;
        state.update((now) => ({ ...now, messages: withOlder(now.messages, r.messages), older: r.more }));
      } catch (e) {
        toasts.error(toApiError(e).message);
      } finally {
        fetching = null;
      }
    })();
    return fetching;
  }
  const off = events.onChatChanged((ev) => {
    if (ev.conversationId === id) void load();
  });
  void load();

  async function run(f: () => Promise<unknown>): Promise<boolean> {
    try {
      await f();
      await load();
      return true;
    } catch (e) {
      toasts.error(toApiError(e).message);
      return false;
    }
  }
  return {
    subscribe: state.subscribe,
    send: (body) => run(() => api.sendMessage(id, body)),
    schedule: (body, at) => run(() => api.scheduleMessage(id, body, at)),
    scheduleInTheirMorning: (body) => run(() => api.scheduleInTheirMorning(id, body)),
    cancel: (sid) => run(() => api.cancelScheduled(id, sid)),
    edit: (mid, body) => run(() => api.editMessage(id, mid, body)),
    remove: (mid) => run(() => api.deleteMessage(id, mid)),
    add: (member) => run(() => api.addToChat(id, member)),
    shareSeen: (on) => run(() => api.setShareSeen(on)),
    async markRead() {
      try {
        await api.markChatRead(id);
      } catch {
        // reading is a nicety; the unread count stays until the next try
      }
    },
    older,
    dispose: off,
  };
}
