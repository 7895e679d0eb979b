// Formatting for people. Pure functions of their inputs.

// Dates and times: the one time model, in the viewer's zone and format.
export { clockIn, fullTime, relativeTime } from './time.svelte';

/** initials for an avatar: "Ada Lovelace" → "AL". */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = Array.from(parts[0])[0] ?? '';
  const last = parts.length > 1 ? (Array.from(parts[parts.length - 1])[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** pageTitle is what to show for a page whose title may be empty. */
export function pageTitle(title: string): string {
  return title.trim() === '' ? 'Untitled' : title;
}
