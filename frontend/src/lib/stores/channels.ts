// Channels, the feeds of the channels on screen and of the last few shown,
// and the thread on screen, loaded on demand and kept current by
// channel:changed and post:changed events — never by polling.
import { derived, readable, writable, type Readable } from 'svelte/store';
import { api, events } from '../api/client';
import { ApiError, toApiError } from '../api/errors';
import type { ChannelView, NewPostInput, PostSummaryView, PostView } from '../api/types';
import { isEmlFile, toBase64, withChannel, withPost } from './channelsLogic';
import { toasts } from './toasts';

export interface ChannelsState {
  loaded: boolean;
  list: ChannelView[];
}

export interface FeedState {
  loaded: boolean;
  posts: PostSummaryView[];
  error: string;
  /** How many posts were asked for; when that many came, there may be older ones. */
  limit: number;
  more: boolean;
}

const pageSize = 100;
const emptyFeed: FeedState = { loaded: false, posts: [], error: '', limit: pageSize, more: false };

/**
 * keptFeeds is how many feeds stay after their screen closes, the most
 * recently shown: back from a thread, its channel shows at once. The rest
 * are dropped, or a window would hold (and keep current) the posts of every
 * channel it ever showed.
 */
const keptFeeds = 3;
/** shown counts the screens showing each feed; recent lists the feeds last shown, newest first. */
const shown = new Map<string, number>();
let recent: string[] = [];

/** forget drops the feeds no screen shows that are not among the last few shown. */
function forget(): void {
  feeds.update((f) => {
    const gone = Object.keys(f).filter((id) => !shown.has(id) && !recent.includes(id));
    if (gone.length === 0) return f;
    const rest = { ...f };
    for (const id of gone) delete rest[id];
    return rest;
  });
}

async function loadFeed(channelId: string, limit: number): Promise<void> {
  // A feed dropped while its posts were on their way stays dropped.
  try {
    const posts = await api.listPosts(channelId, limit);
    feeds.update((f) =>
      f[channelId]
        ? { ...f, [channelId]: { loaded: true, posts: f[channelId].posts.reduce(withPost, posts), error: '', limit, more: posts.length >= limit } }
        : f,
    );
  } catch (e) {
    feeds.update((f) => (f[channelId] ? { ...f, [channelId]: { ...emptyFeed, loaded: true, error: toApiError(e).message } } : f));
  }
}

const state = writable<ChannelsState>({ loaded: false, list: [] });
const feeds = writable<Record<string, FeedState>>({});
let started = false;

function put(c: ChannelView): void {
  state.update((s) => ({ ...s, list: withChannel(s.list, c) }));
}

export const channels = {
  subscribe: state.subscribe,

  async start(): Promise<void> {
    if (started) return;
    started = true;
    const early: ChannelView[] = [];
    let loading = true;
    events.onChannelChanged((c) => {
      if (loading) early.push(c);
      else put(c);
    });
    events.onPostChanged((ev) => {
      feeds.update((f) => {
        const feed = f[ev.post.channelId];
        return feed ? { ...f, [ev.post.channelId]: { ...feed, posts: withPost(feed.posts, ev.post) } } : f;
      });
    });
    try {
      let list = await api.listChannels();
      for (const c of early) list = withChannel(list, c);
      state.set({ loaded: true, list });
    } catch (e) {
      state.update((s) => ({ ...s, loaded: true }));
      toasts.error(toApiError(e).message);
    } finally {
      loading = false;
    }
  },

  /**
   * feed returns a channel's feed, loaded when it is first subscribed to
   * unless it is still here; it stays while subscribed and while among the
   * last keptFeeds shown.
   */
  feed(channelId: string): Readable<FeedState> {
    return readable(emptyFeed, (set) => {
      shown.set(channelId, (shown.get(channelId) ?? 0) + 1);
      recent = [channelId, ...recent.filter((id) => id !== channelId)].slice(0, keptFeeds);
      let known = false;
      feeds.update((f) => {
        known = !!f[channelId];
        return known ? f : { ...f, [channelId]: emptyFeed };
      });
      if (!known) void loadFeed(channelId, pageSize);
      forget();
      const stop = feeds.subscribe((f) => set(f[channelId] ?? emptyFeed));
      return () => {
        stop();
        const n = (shown.get(channelId) ?? 1) - 1;
        if (n > 0) shown.set(channelId, n);
        else shown.delete(channelId);
        forget();
      };
    });
  },

  /** older loads the next page of older posts of a feed. */
  older(channelId: string): Promise<void> {
    let limit = pageSize;
    feeds.update((f) => {
      limit = (f[channelId]?.limit ?? 0) + pageSize;
      return f;
    });
    return loadFeed(channelId, limit);
  },

  /** run calls Go and shows a failure as a toast; the event brings the change. */
  async run<T>(f: () => Promise<T>): Promise<T | null> {
    try {
      return await f();
    } catch (e) {
      toasts.error(toApiError(e).message);
      return null;
    }
  },

  async create(name: string, description: string): Promise<ChannelView> {
    const c = await api.createChannel(name, description);
    put(c);
    return c;
  },
  join: (id: string, joined: boolean) => channels.run(async () => put(await api.joinChannel(id, joined))),
  mute: (id: string, muted: boolean) => channels.run(async () => put(await api.muteChannel(id, muted))),
  archive: (id: string, archived: boolean) => channels.run(async () => put(await api.archiveChannel(id, archived))),
  see: (id: string) => channels.run(async () => put(await api.seeChannel(id))),

  /** post starts a post; it throws ApiError so the composer can keep the text and say why. */
  post: (input: NewPostInput): Promise<PostView> => api.createPost(input),

  /** attachEmail makes a post from a saved email; it throws ApiError with what was wrong. */
  async attachEmail(channelId: string, file: File): Promise<PostView> {
    if (!isEmlFile(file.name, file.type)) throw new ApiError('invalid', `“${file.name}” is not a saved email. Save the email as an .eml file and drop that.`);
    if (file.size > maxEmailBytes) throw new ApiError('invalid', `“${file.name}” is larger than 10 MB, the most Longhand takes.`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    return api.attachEmail(channelId, file.name, toBase64(bytes));
  },
};

const maxEmailBytes = 10 << 20;

/** channelById looks channels up by ID. */
export const channelById = derived(state, (s) => new Map(s.list.map((c) => [c.id, c])));

export interface ThreadState {
  loaded: boolean;
  post: PostView | null;
  error: string;
}

/** thread loads a post with its replies and reloads it when post:changed names it. */
export function thread(id: string): Readable<ThreadState> & { set(p: PostView): void; stop(): void } {
  const s = writable<ThreadState>({ loaded: false, post: null, error: '' });
  let seq = 0;
  async function load() {
    const n = ++seq;
    try {
      const post = await api.openPost(id);
      if (n === seq) s.set({ loaded: true, post, error: '' });
    } catch (e) {
      if (n === seq) s.set({ loaded: true, post: null, error: toApiError(e).message });
    }
  }
  const off = events.onPostChanged((ev) => {
    if (ev.post.id === id) void load();
  });
  void load();
  return {
    subscribe: s.subscribe,
    set(post: PostView) {
      seq++;
      s.set({ loaded: true, post, error: '' });
    },
    stop: off,
  };
}
