import { describe, expect, it } from 'vitest';
import { exportSummary, importSummary } from './transfer';

describe('transfer summaries', () => {
  it('counts pages, images and skipped files', () => {
    expect(importSummary({ pages: 3, images: 2, firstId: 'x', skipped: [{ path: 'a.bin', reason: 'r' }], notes: [] })).toBe(
      'Imported 3 pages and 2 images; 1 file skipped.',
    );
    expect(importSummary({ pages: 1, images: 0, firstId: 'x', skipped: [], notes: [] })).toBe('Imported 1 page.');
    expect(importSummary({ pages: 0, images: 0, firstId: '', skipped: [{ path: 'a', reason: 'r' }], notes: [] })).toBe('Nothing was imported.');
    expect(importSummary({ pages: 0, images: 0, firstId: '', skipped: [], notes: [] })).toBe('There were no Markdown files to import.');
    expect(exportSummary(1, 1, '/tmp/x')).toBe('Exported 1 page and 1 image to /tmp/x');
    expect(exportSummary(4, 0, '/tmp/x')).toBe('Exported 4 pages to /tmp/x');
  });
});
