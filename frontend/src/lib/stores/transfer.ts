// Markdown export and import: asks Go for a path through the system's
// dialog, then runs the export or import and says what happened.
import { api } from '../api/client';
import { toApiError } from '../api/errors';
import type { ImportView, SlackImportView, SpaceView, StoppedImport } from '../api/types';
import { timeLocale } from '../time.svelte';
import { toasts } from './toasts';

/** count writes a number as the regional format in use does ("2,130", "2 130"). */
function count(n: number): string {
  return new Intl.NumberFormat(timeLocale()).format(n);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** exportSummary says what an export wrote, for a toast. */
export function exportSummary(pages: number, images: number, path: string, files = 0): string {
  const extras = [images > 0 ? plural(images, 'image') : '', files > 0 ? plural(files, 'attached file') : ''].filter(Boolean);
  const what = extras.length > 0 ? `${plural(pages, 'page')} and ${extras.join(' and ')}` : plural(pages, 'page');
  return `Exported ${what} to ${path}`;
}

/** importSummary is the headline of an import report. */
export function importSummary(r: ImportView): string {
  if (r.pages === 0 && !r.stopped) return r.skipped.length > 0 ? 'Nothing was imported.' : 'There were no Markdown files to import.';
  const extras = [r.images > 0 ? plural(r.images, 'image') : '', r.files > 0 ? plural(r.files, 'attached file') : ''].filter(Boolean);
  const what = extras.length > 0 ? `${plural(r.pages, 'page')} and ${extras.join(' and ')}` : plural(r.pages, 'page');
  const skipped = r.skipped.length > 0 ? `; ${plural(r.skipped.length, 'file')} skipped` : '';
  if (r.stopped) return `Stopped after ${what}${skipped}. Resume to import the rest.`;
  return `Imported ${what}${skipped}.`;
}

/** slackSummary is the headline of a Slack import's report. */
export function slackSummary(r: SlackImportView): string {
  const chats = r.chats > 0 ? `, ${plural(r.chats, 'chat')} of ${plural(r.messages, 'message')}` : '';
  const files = r.files > 0 ? `, with ${plural(r.files, 'file')}` : '';
  return `Imported from Slack: ${plural(r.people, 'new person', 'new people')}, ${plural(r.channels, 'channel')}, ${plural(r.posts, 'post')} and ${plural(r.replies, 'reply', 'replies')}${chats}${files}.`;
}

/** progressText says how far an import is, as "1,234 of 10,000 pages". */
export function progressText(done: number, total: number): string {
  return total > 0 ? `${count(done)} of ${plural(total, 'page')}` : 'Looking through the folder…';
}

/** stoppedText describes an import that stopped, for the offer to resume it. */
export function stoppedText(s: StoppedImport): string {
  const folder = s.folder.split(/[\\/]/).filter(Boolean).pop() ?? s.folder;
  const far = s.total > 0 ? `${progressText(s.done, s.total)} made` : `${plural(s.done, 'page')} made`;
  return `The import of “${folder}” stopped: ${far}.`;
}

/** exportPage saves a page as a Markdown file chosen in the system's dialog. */
export async function exportPage(pageId: string, title: string): Promise<void> {
  try {
    const path = await api.chooseExportFile(title.trim() || 'Untitled');
    if (!path) return;
    const r = await api.exportPage(pageId, path);
    toasts.info(exportSummary(r.pages, r.images, r.path, r.files));
    for (const p of r.problems) toasts.error(p);
  } catch (e) {
    toasts.error(toApiError(e).message);
  }
}

/** exportSpace writes a space as a folder of Markdown files inside a folder chosen in the system's dialog. */
export async function exportSpace(space: SpaceView): Promise<void> {
  try {
    const dir = await api.chooseFolder(`Export “${space.name}” into…`);
    if (!dir) return;
    const r = await api.exportSpace(space.id, dir);
    toasts.info(exportSummary(r.pages, r.images, r.path, r.files));
    for (const p of r.problems) toasts.error(p);
  } catch (e) {
    toasts.error(toApiError(e).message);
  }
}

/**
 * exportAutomerge writes a page and its subpages, a space's pages or the whole workspace as
 * Automerge files with a manifest, into a folder chosen in the system's dialog.
 */
export async function exportAutomerge(scope: 'page' | 'space' | 'workspace', id: string, name: string): Promise<void> {
  try {
    const dir = await api.chooseFolder(`Export “${name}” as Automerge files into…`);
    if (!dir) return;
    const r = await api.exportAutomerge(scope, id, dir);
    toasts.info(`Exported ${plural(r.docs, 'document')} to ${r.path}`);
  } catch (e) {
    toasts.error(toApiError(e).message);
  }
}

/** importAutomerge makes pages of an Automerge export's page documents, with their history, in a space. */
export async function importAutomerge(spaceId: string, dir: string): Promise<ImportView> {
  const r = await api.importAutomerge(spaceId, dir);
  return { id: '', stopped: false, pages: r.docs, images: 0, files: 0, firstId: r.firstId, skipped: r.skipped, notes: [] };
}

/** chooseImport asks for a folder or for files to import; null when cancelled. */
export async function chooseImport(kind: 'folder' | 'files', spaceName: string): Promise<{ kind: 'folder'; dir: string } | { kind: 'files'; paths: string[] } | null> {
  if (kind === 'folder') {
    const dir = await api.chooseFolder(`Import a folder into “${spaceName}”`);
    return dir ? { kind, dir } : null;
  }
  const paths = await api.chooseMarkdownFiles();
  return paths.length > 0 ? { kind, paths } : null;
}

/** runImport imports what was chosen into a space. */
export function runImport(spaceId: string, what: { kind: 'folder'; dir: string } | { kind: 'files'; paths: string[] }): Promise<ImportView> {
  return what.kind === 'folder' ? api.importFolder(spaceId, what.dir) : api.importFiles(spaceId, what.paths);
}
