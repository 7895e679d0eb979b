import { describe, expect, it } from 'vitest';
import { configureTime } from '../time.svelte';
import { exportSummary, importSummary, progressText, stoppedText } from './transfer';

describe('transfer summaries', () => {
  it('counts pages, images and skipped files', () => {
    expect(importSummary({ id: '', stopped: false, pages: 3, images: 2, files: 0, firstId: 'x', skipped: [{ path: 'a.bin', reason: 'r' }], notes: [] })).toBe(
      'Imported 3 pages and 2 images; 1 file skipped.',
    );
    expect(importSummary({ id: '', stopped: false, pages: 1, images: 0, files: 0, firstId: 'x', skipped: [], notes: [] })).toBe('Imported 1 page.');
    expect(importSummary({ id: '', stopped: false, pages: 2, images: 1, files: 3, firstId: 'x', skipped: [], notes: [] })).toBe('Imported 2 pages and 1 image and 3 attached files.');
    expect(importSummary({ id: '', stopped: false, pages: 0, images: 0, files: 0, firstId: '', skipped: [{ path: 'a', reason: 'r' }], notes: [] })).toBe('Nothing was imported.');
    expect(importSummary({ id: '', stopped: false, pages: 0, images: 0, files: 0, firstId: '', skipped: [], notes: [] })).toBe('There were no Markdown files to import.');
    expect(importSummary({ id: 'i', stopped: true, pages: 150, images: 0, files: 0, firstId: 'x', skipped: [], notes: [] })).toBe(
      'Stopped after 150 pages. Resume to import the rest.',
    );
    expect(importSummary({ id: 'i', stopped: true, pages: 0, images: 0, files: 0, firstId: '', skipped: [], notes: [] })).toBe(
      'Stopped after 0 pages. Resume to import the rest.',
    );
    expect(exportSummary(1, 1, '/tmp/x')).toBe('Exported 1 page and 1 image to /tmp/x');
    expect(exportSummary(4, 0, '/tmp/x')).toBe('Exported 4 pages to /tmp/x');
  });

  it('says how far an import is', () => {
    configureTime({ locale: 'en-US' });
    expect(progressText(1234, 10000)).toBe('1,234 of 10,000 pages');
    configureTime({ locale: 'sv-SE' });
    expect(progressText(1234, 10000)).toBe('1\u00a0234 of 10\u00a0000 pages');
    configureTime({ locale: 'en-US' });
    expect(progressText(0, 1)).toBe('0 of 1 page');
    expect(progressText(0, 0)).toBe('Looking through the folder…');
    const s = { id: 'i', spaceId: 's', folder: '/home/ada/notes/', done: 3, total: 5, started: '' };
    expect(stoppedText(s)).toBe('The import of “notes” stopped: 3 of 5 pages made.');
    expect(stoppedText({ ...s, total: 0 })).toBe('The import of “notes” stopped: 3 pages made.');
  });
});
