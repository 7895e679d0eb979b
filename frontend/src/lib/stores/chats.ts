// Chats: the list (with unread counts), and one store per open chat with
// its messages, scheduled messages and "seen". All kept current by
// chat:changed events, never by polling.
import { writable, type Readable } from 'svelte/store';
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
  dispose(): void;
}

/** createChat loads a chat and follows its changes. */
export function createChat(id: string): ChatStore {
  const state = writable<ChatView>({ conversation: null, messages: [], scheduled: [], seen: [], loaded: false });
  async function load(): Promise<void> {
    try {
      const [conversation, messages, scheduled, seen] = await Promise.all([api.chat(id), api.messages(id), api.scheduled(id), api.seen(id)]);
      state.set({ conversation, messages, scheduled, seen, loaded: true });
    } catch (e) {
      state.update((s) => ({ ...s, loaded: true }));
      toasts.error(toApiError(e).message);
    }
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
    dispose: off,
  };
}
