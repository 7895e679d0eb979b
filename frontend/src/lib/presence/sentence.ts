// What a page's header says of the others who have it open.

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
