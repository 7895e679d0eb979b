import { readable } from 'svelte/store';

/** now ticks every 20 seconds for relative times and local clocks (no I/O). */
export const now = readable(Date.now(), (set) => {
  const t = setInterval(() => set(Date.now()), 20_000);
  return () => clearInterval(t);
});
