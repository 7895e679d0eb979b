// What a clicked desktop notification opens: the inbox item it is about
// (its page, post or check-in), my check-in, or the inbox itself.
import { api } from '../../lib/api/client';
import type { InboxItemView } from '../../lib/api/types';
import { goalsUi } from '../../lib/stores/goalsUi';
import { inbox } from '../../lib/stores/inbox';
import { ui } from '../../lib/stores/ui';

/** openItem shows where an inbox item happened, and marks it read. */
export function openItem(it: InboxItemView): void {
  void inbox.read([it.key]);
  if (it.kind === 'checkin-due') {
    ui.showGoals();
    goalsUi.checkIn(true);
  } else if (it.postId) ui.openPost(it.postId);
  else if (it.pageId) ui.openPage(it.pageId);
  else if (it.checkInId) {
    goalsUi.person('');
    ui.showGoals();
  } else ui.show('inbox');
}

export async function openNotification(key: string): Promise<void> {
  if (key === 'checkin-due') {
    ui.showGoals();
    goalsUi.checkIn(true);
    return;
  }
  if (key) {
    try {
      const item = (await api.inbox('')).find((it) => it.key === key);
      if (item) return openItem(item);
    } catch {
      // the inbox shows why it cannot load
    }
  }
  inbox.show('');
  ui.show('inbox');
}
