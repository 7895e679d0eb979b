import { describe, expect, it } from 'vitest';
import { isExternalUrl, linkAction } from './links';

describe('linkAction', () => {
  it('sends http, https and mailto to the system browser', () => {
    expect(linkAction('https://example.com/a?b=1')).toEqual({ kind: 'external', url: 'https://example.com/a?b=1' });
    expect(linkAction('HTTP://example.com')).toEqual({ kind: 'external', url: 'HTTP://example.com' });
    expect(linkAction('mailto:ada@example.com')).toEqual({ kind: 'external', url: 'mailto:ada@example.com' });
  });
  it('scrolls to anchors, which the sanitizer prefixed', () => {
    expect(linkAction('#intro')).toEqual({ kind: 'anchor', id: 'user-content-intro' });
    expect(linkAction('#caf%C3%A9')).toEqual({ kind: 'anchor', id: 'user-content-café' });
    expect(linkAction('#user-content-intro')).toEqual({ kind: 'anchor', id: 'user-content-intro' });
    expect(linkAction('#%E0%A4%A')).toEqual({ kind: 'anchor', id: 'user-content-%E0%A4%A' });
  });
  it('does nothing for anything else', () => {
    for (const href of [null, '', '#', 'javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'other.md', '/wails/ipc.js', '//example.com', 'ftp://example.com', 'https:/x', 'https://', 'https://exa mple.com', 'https://\nexample.com']) {
      expect(linkAction(href), String(href)).toEqual({ kind: 'none' });
    }
  });
  it('isExternalUrl rejects control characters anywhere', () => {
    expect(isExternalUrl('https://example.com/\u0000')).toBe(false);
    expect(isExternalUrl('https://example.com/ok')).toBe(true);
  });
});
