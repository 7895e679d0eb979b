// Sessions of pages that were closed while edits were still on their way.
// A page opened again waits for them, so the body it loads includes them
// (their echoes carry this window's clientId and would be ignored).
import type { EditSession } from './session';

const closing = new Map<string, Set<EditSession>>();

/** retire keeps s until it has sent everything. */
export function retire(s: EditSession): void {
  if (!s.busy) return;
  let set = closing.get(s.pageId);
  if (!set) closing.set(s.pageId, (set = new Set()));
  set.add(s);
  void s.idle().then(() => {
    set.delete(s);
    if (set.size === 0 && closing.get(s.pageId) === set) closing.delete(s.pageId);
  });
}

/**
 * settled resolves once no closed session of the page has edits in flight,
 * or after `limit` ms (a session stuck retrying must not block the page).
 */
export async function settled(pageId: string, limit = 3000): Promise<void> {
  const set = closing.get(pageId);
  if (!set) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, limit)));
  await Promise.race([Promise.all(Array.from(set, (s) => s.idle())), late]);
  clearTimeout(timer);
}
