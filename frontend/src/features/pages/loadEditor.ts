// The page editor (CodeMirror, Lezer and the writing extensions: nearly
// half of the app's script) is loaded after the window has drawn its first
// screen, not with the rest of the app: the sidebar and a remembered page's
// title show without waiting for it to be parsed.
import { firstPaint } from '../../lib/launchTiming';
import type Editor from './Editor.svelte';

let loaded: typeof Editor | null = null;
let loading: Promise<typeof Editor> | null = null;

/** loadEditor loads the editor once, after the first paint; a failed load is tried again at the next call. */
export function loadEditor(): Promise<typeof Editor> {
  loading ??= firstPaint.then(() => import('./Editor.svelte')).then(
    (m) => (loaded = m.default),
    (e: unknown) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}

/** loadedEditor is the editor if it has loaded, for pages opened after the first. */
export function loadedEditor(): typeof Editor | null {
  return loaded;
}
