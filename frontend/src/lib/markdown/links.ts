// What a click on a link in the read view does. The view never navigates:
// external links go to the system browser, #anchors scroll, the rest is inert.

/**
 * The prefix DOMPurify (SANITIZE_NAMED_PROPS) gives every id in rendered
 * Markdown, so a heading can never shadow a global such as window.go.
 */
export const idPrefix = 'user-content-';

export type LinkAction = { kind: 'external'; url: string } | { kind: 'anchor'; id: string } | { kind: 'none' };

/** isExternalUrl tells whether url may be handed to the system browser: http(s) or mailto, nothing else. */
export function isExternalUrl(url: string): boolean {
  return /^(?:https?:\/\/[^/\\\s]|mailto:[^/\\\s])/i.test(url) && !/[\u0000-\u0020\u007f-\u009f]/.test(url);
}

/** linkAction decides what a click on a link with this href does. */
export function linkAction(href: string | null): LinkAction {
  if (href === null) return { kind: 'none' };
  if (href.startsWith('#')) {
    let frag = href.slice(1);
    try {
      frag = decodeURIComponent(frag);
    } catch {
      // keep it as written
    }
    return frag === '' ? { kind: 'none' } : { kind: 'anchor', id: frag.startsWith(idPrefix) ? frag : idPrefix + frag };
  }
  if (isExternalUrl(href)) return { kind: 'external', url: href };
  return { kind: 'none' };
}
