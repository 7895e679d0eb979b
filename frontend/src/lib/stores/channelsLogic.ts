// Pure helpers for the channels store: how lists of channels and posts
// take in a changed item. Kept apart so they are tested without Wails.
import { postTime as timePost } from '../time.svelte';
import type { ChannelView, PostSummaryView } from '../api/types';

/** withChannel puts c in the list: defaults keep their order and come first, then the rest by name. */
export function withChannel(list: ChannelView[], c: ChannelView): ChannelView[] {
  const next = list.some((x) => x.id === c.id) ? list.map((x) => (x.id === c.id ? c : x)) : [...list, c];
  const defaults = next.filter((x) => x.default);
  const others = next.filter((x) => !x.default).sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id));
  return [...defaults, ...others];
}

/** sortFeed orders a feed: pinned first, then the latest activity first. */
export function sortFeed(posts: PostSummaryView[]): PostSummaryView[] {
  return [...posts].sort(
    (a, b) => Number(b.pinned) - Number(a.pinned) || Date.parse(b.lastActivity) - Date.parse(a.lastActivity) || a.id.localeCompare(b.id),
  );
}

/** visibleInFeed: a deleted post stays in the feed only while it has replies. */
export function visibleInFeed(p: PostSummaryView): boolean {
  return !p.deleted || p.replyCount > 0;
}

/** withPost puts a changed post in its channel's feed, or takes it out when it is gone. */
export function withPost(posts: PostSummaryView[], p: PostSummaryView): PostSummaryView[] {
  const rest = posts.filter((x) => x.id !== p.id);
  return sortFeed(visibleInFeed(p) ? [...rest, p] : rest);
}

/** hasUnread: the dot in the sidebar. Muted channels and channels one is not in show none. */
export function hasUnread(c: ChannelView): boolean {
  return c.joined && !c.muted && !c.archived && c.unread > 0;
}

/** reactedBy tells whether a member is among those who reacted with an emoji. */
export function reactedBy(reactions: { emoji: string; members: string[] }[], emoji: string, member: string): boolean {
  return reactions.some((r) => r.emoji === emoji && r.members.includes(member));
}

/** isEmlFile tells whether a dropped or picked file looks like a saved email. */
export function isEmlFile(name: string, type: string): boolean {
  return /\.eml$/i.test(name) || type === 'message/rfc822';
}

/** toBase64 encodes bytes for the bridge, in chunks so large files do not overflow the call stack. */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** postLinkId reads the post ID out of a link back to a post: "#post/<id>". */
export function postLinkId(href: string | null): string | null {
  const m = /^#post\/([0-9a-f]{32})$/.exec(href ?? '');
  return m ? m[1] : null;
}

/** postTime shows when something happened in the reader's own zone: "14:05" today, "1 Dec, 14:05" this year, with the year otherwise. */
export function postTime(iso: string, timeZone: string, now: number): string {
  return timePost(iso, now, timeZone);
}

/** fullTimeIn is the exact date and time in a zone, with the zone's name, for tooltips. */
export { fullTimeIn } from '../time.svelte';

/** The reactions offered in the picker. */
export const reactionChoices = ['👍', '❤️', '🎉', '😄', '👀', '🙏', '✅'];

/** plainExcerpt drops the inline Markdown marks of an excerpt (emphasis, code, links) so a card reads as text. */
export function plainExcerpt(s: string): string {
  return s
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[\[([^\]]*)\]\]/g, '$1')
    .replace(/(\*\*|__|~~|`)/g, '')
    .replace(/(^|[\s(])[*_](\S(?:.*?\S)?)[*_](?=$|[\s).,;:!?])/g, '$1$2');
}

/** isNew: a post someone else started or replied to since the channel was last seen; a first visit marks nothing. */
export function isNew(p: PostSummaryView, lastSeen: string, meId: string): boolean {
  return lastSeen !== '' && p.lastActorId !== meId && Date.parse(p.lastActivity) > Date.parse(lastSeen);
}
