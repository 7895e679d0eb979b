// longhand:// links Longhand was opened with: from the desktop at start, or
// handed on by a second launch while this window runs.
import { writable } from 'svelte/store';
import { api, events } from '../api/client';
import type { LinkView } from '../api/types';
import { toasts } from './toasts';

/** The invitation code the setup screen's join form takes next; '' when none waits. */
export const joinCode = writable('');

export type LinkAction = { fill: string } | { error: string };

/**
 * linkAction decides what a link does on the screen now shown: a code
 * fills the join form on the setup screen; with a workspace already open
 * on this data folder it cannot, and says how to join instead.
 */
export function linkAction(link: LinkView, status: string, workspaceName: string): LinkAction {
  if (link.error) return { error: `Longhand could not open this link. ${link.error}` };
  if (status === 'setup') return { fill: link.code };
  if (status === 'ready') {
    return {
      error:
        `This invitation is to join ${link.workspaceName}, but this Longhand already has a workspace, ${workspaceName}, and a data folder holds one. ` +
        'To join it as well, start Longhand with another data folder (longhand --data-dir ~/Longhand-2) and paste the invitation into its join form.',
    };
  }
  return { error: 'Longhand cannot join a workspace while it cannot open its data.' };
}

/** listenForLinks acts on the link Longhand started with and on each one after; it returns the unsubscribe function. */
export function listenForLinks(now: () => { status: string; workspaceName: string }): () => void {
  const take = async () => {
    let link: LinkView | null;
    try {
      link = await api.takeLink();
    } catch {
      return; // no Wails runtime (a plain browser): there are no links
    }
    if (!link) return;
    const { status, workspaceName } = now();
    const act = linkAction(link, status, workspaceName);
    if ('fill' in act) joinCode.set(act.fill);
    else toasts.error(act.error);
  };
  void take();
  try {
    return events.onLinkOpened(() => void take());
  } catch {
    return () => {};
  }
}
