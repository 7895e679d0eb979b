// Light, dark, or as the system is: a choice kept on this device. The
// choice is resolved to light or dark here and set on <html> as
// data-theme, which app.css keys its dark colours on, so that "system"
// follows the system as it changes.
import { writable } from 'svelte/store';

export type ThemeChoice = 'system' | 'light' | 'dark';

const key = 'longhand.theme';

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(key);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

/** resolve says which theme a choice shows, given whether the system prefers dark. */
export function resolve(choice: ThemeChoice, systemDark: boolean): 'light' | 'dark' {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

export const theme = writable<ThemeChoice>('system');

/** startTheme applies the stored choice now and whenever it or the system's preference changes. */
export function startTheme(): void {
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  let choice = stored();
  const apply = () => {
    document.documentElement.dataset.theme = resolve(choice, media.matches);
  };
  theme.set(choice);
  apply();
  media.addEventListener('change', apply);
  theme.subscribe((c) => {
    choice = c;
    try {
      if (c === 'system') localStorage.removeItem(key);
      else localStorage.setItem(key, c);
    } catch {
      // A window without storage keeps the choice until it closes.
    }
    apply();
  });
}
