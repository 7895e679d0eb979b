// Files attached to pages, posts and chats, as the read view shows them: a
// chip that opens the file with the system's app, and for an image or a
// file still arriving from a teammate's device, how far it has come.
import { api, events } from '../api/client';
import type { AttachmentStatus } from '../api/types';

/** fileSize writes a size the way file managers do: 820 bytes, 14 KB, 2.7 MB, 1.2 GB. */
export function fileSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** arrival says how far a file not yet here has come, in words. */
export function arrival(s: AttachmentStatus): string {
  if (s.complete) return '';
  if (!s.known || s.parts === 0) return 'on its way from a teammate’s device';
  return `arriving, ${Math.floor((100 * s.have) / s.parts)}%`;
}

const watchers = new Map<string, Set<(s: AttachmentStatus) => void>>();
let unsubscribe: (() => void) | null = null;

/**
 * watchFile tells fn how a file stands now, and again each time more of it
 * arrives; it returns the function that stops watching.
 */
export function watchFile(hash: string, fn: (s: AttachmentStatus) => void): () => void {
  let set = watchers.get(hash);
  if (!set) watchers.set(hash, (set = new Set()));
  set.add(fn);
  unsubscribe ??= events.onAttachmentProgress((p) => {
    const fns = watchers.get(p.hash);
    if (!fns) return;
    // The event carries the counts; the rest (name, size) comes with a fresh look.
    void api.attachmentStatus(p.hash).then(
      (s) => fns.forEach((f) => f(s)),
      () => {},
    );
  });
  void api.attachmentStatus(hash).then(
    (s) => set.has(fn) && fn(s),
    () => {},
  );
  return () => {
    set.delete(fn);
    if (set.size === 0) watchers.delete(hash);
  };
}

/**
 * insertAt puts text into value at a textarea's caret, on a line of its
 * own, and returns the new value and where the caret goes.
 */
export function insertAt(value: string, start: number, end: number, text: string): { value: string; caret: number } {
  const before = start > 0 && value[start - 1] !== '\n' ? '\n' : '';
  const after = end < value.length && value[end] !== '\n' ? '\n' : '';
  const insert = before + text + after;
  return { value: value.slice(0, start) + insert + value.slice(end), caret: start + before.length + text.length };
}
