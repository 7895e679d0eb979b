// What a page's header says of the others who have it open, and how this window says which page it shows.

/** presenceSentence: "Ana Alves has this page open", "Ana Alves and Bo Berg have …", "Ana, Bo and 2 others have …". */
export function presenceSentence(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} has this page open`;
  if (names.length <= 3) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} have this page open`;
  const more = names.length - 2;
  return `${names[0]}, ${names[1]} and ${more} others have this page open`;
}

/** shownAvatars is how many faces a header shows before "+N". */
export const shownAvatars = 3;

let told: Promise<unknown> = Promise.resolve();

/**
 * tellOpen says which page this window shows ('' for none), each call
 * after the one before has been answered: leaving one page and opening the
 * next must reach Go in that order.
 */
export function tellOpen(pageId: string, open: (id: string) => Promise<void>): Promise<unknown> {
  told = told.then(() => open(pageId)).catch(() => {});
  return told;
}
