// Pure logic of the inbox screen.
import type { InboxItemView } from '../api/types';

/** verb says what happened, for an item's first line. */
export function verb(it: InboxItemView): string {
  switch (it.kind) {
    case 'mention':
      return 'mentioned you on';
    case 'comment':
      return 'commented on';
    case 'reply':
      return 'replied in a thread on';
    case 'review':
      return 'asked you to review';
    case 'post-mention':
      return 'mentioned you in';
    case 'post-reply':
      return 'replied in';
    case 'ack':
      return 'asks you to acknowledge';
    case 'checkin':
      return 'commented on';
    default:
      return 'updated';
  }
}

/**
 * seenLongEnough tracks how long each item has been on screen and returns
 * the keys shown for at least minMs that are not read yet: an item is read
 * only when a person could actually have read it.
 */
export function seenLongEnough(visibleSince: Map<string, number>, unread: Set<string>, now: number, minMs = 800): string[] {
  const out: string[] = [];
  for (const [key, since] of visibleSince) if (unread.has(key) && now - since >= minMs) out.push(key);
  return out;
}
