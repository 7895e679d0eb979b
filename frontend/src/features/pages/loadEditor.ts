// The page editor (CodeMirror, Lezer and the writing extensions: about
// 40% of the app's script) is loaded when a page first needs it, not with
// the rest of the app: the window draws its first screen without parsing it.
import type Editor from './Editor.svelte';

let loaded: typeof Editor | null = null;
let loading: Promise<typeof Editor> | null = null;

/** loadEditor loads the editor once; a failed load is tried again at the next call. */
export function loadEditor(): Promise<typeof Editor> {
  loading ??= import('./Editor.svelte').then(
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
