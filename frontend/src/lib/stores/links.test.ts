import { describe, expect, it } from 'vitest';
import { linkAction } from './links';

const link = { code: 'LH-ABCDE-FGHIJ', workspaceName: 'Acme', error: '' };

describe('linkAction', () => {
  it('fills the join form on the setup screen', () => {
    expect(linkAction(link, 'setup', '')).toEqual({ fill: 'LH-ABCDE-FGHIJ' });
  });

  it('says why not when this data folder already has a workspace', () => {
    const act = linkAction(link, 'ready', 'Globex');
    expect('error' in act && act.error).toMatch(/join Acme, but this Longhand already has a workspace, Globex.*--data-dir/);
  });

  it('shows why a link was refused, on any screen', () => {
    for (const status of ['setup', 'ready', 'unavailable']) {
      const act = linkAction({ code: '', workspaceName: '', error: 'This link is too long.' }, status, 'Globex');
      expect(act).toEqual({ error: 'Longhand could not open this link. This link is too long.' });
    }
  });

  it('does not join while the data cannot be opened', () => {
    expect(linkAction(link, 'unavailable', '')).toEqual({ error: 'Longhand cannot join a workspace while it cannot open its data.' });
  });
});
