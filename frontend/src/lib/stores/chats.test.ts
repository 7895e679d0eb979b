// One chat's store against a fake client holding 450 messages: it shows the
// newest page, brings earlier pages one by one without losing or repeating
// a message (even several in one millisecond across a page's edge), and a
// reload keeps every page the person had scrolled back to.
import { get } from 'svelte/store';
import { describe, expect, it, vi } from 'vitest';
import type { MessageView } from '../api/types';

const h = vi.hoisted(() => ({
  all: [] as MessageView[],
  changed: null as ((ev: { conversationId: string }) => void) | null,
  asked: 0,
}));

vi.mock('../api/client', () => ({
  api: {
    chat: async (id: string) => ({ id, members: [], lastAt: '', last: '', lastBy: '', unread: 0 }),
    scheduled: async () => [],
    seen: async () => [],
    // As Go does: up to limit messages strictly before a time, oldest first.
    messages: async (_id: string, before: string, limit: number) => {
      h.asked++;
      const b = before ? Date.parse(before) : Infinity;
      return h.all.filter((m) => Date.parse(m.at) < b).slice(-limit);
    },
  },
  events: { onChatChanged: (f: (ev: { conversationId: string }) => void) => ((h.changed = f), () => {}) },
}));
vi.mock('./toasts', () => ({ toasts: { error: () => {}, info: () => {} } }));

const { createChat, MESSAGE_PAGE, withOlder } = await import('./chats');

// 450 messages, one a second, except that five share the millisecond that
// falls on the first page's edge.
function messages(): MessageView[] {
  const out: MessageView[] = [];
  for (let k = 0; k < 450; k++) {
    const s = k >= 248 && k <= 252 ? 250 : k;
    out.push({ id: `m${k}`, authorId: 'ada', authorName: 'Ada', body: `${k}`, at: new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString(), editedAt: '', deleted: false });
  }
  return out;
}

describe('a chat read upwards', () => {
  it('puts older messages first and never twice', () => {
    const [a, b, c] = messages();
    expect(withOlder([b, c], [a, b]).map((m) => m.id)).toEqual(['m0', 'm1', 'm2']);
  });

  it('loads the newest page, then earlier pages down to the first message, and keeps them on reload', async () => {
    h.all = messages();
    const chat = createChat('c');
    const stop = chat.subscribe(() => {});
    await vi.waitFor(() => expect(get(chat).loaded).toBe(true));
    let s = get(chat);
    expect(s.messages).toHaveLength(MESSAGE_PAGE);
    expect(s.messages.at(-1)?.id).toBe('m449');
    expect(s.older).toBe(true);

    while (get(chat).older) await chat.older();
    s = get(chat);
    expect(s.messages.map((m) => m.id)).toEqual(h.all.map((m) => m.id));

    // A new message: the reload asks for every page down to the first again.
    h.all.push({ ...h.all[449], id: 'm450', at: new Date(Date.parse(h.all[449].at) + 1000).toISOString() });
    h.changed?.({ conversationId: 'c' });
    await vi.waitFor(() => expect(get(chat).messages.at(-1)?.id).toBe('m450'));
    expect(get(chat).messages.map((m) => m.id)).toEqual(h.all.map((m) => m.id));
    expect(get(chat).older).toBe(false);
    stop();
    chat.dispose();
  });
});
