// What chat screens say: names, day groups, "seen" lines. Pure functions.
import { addDays, calendarDate, clock, dateTime, dayKey } from '../time.svelte';
import type { ConversationView, MessageView, PersonRef, SeenView } from '../api/types';

/** others are the people in a chat besides me. */
export function others(c: ConversationView, meId: string): PersonRef[] {
  return c.members.filter((m) => m.id !== meId);
}

/** chatName names a chat by the others in it: "Bo" or "Bo and Cy". */
export function chatName(c: ConversationView, meId: string): string {
  const names = others(c, meId).map((m) => m.name);
  if (names.length === 0) return 'Just you';
  return names.join(' and ');
}

export interface DayGroup {
  day: string; // YYYY-MM-DD in my zone
  label: string; // "Today", "Yesterday", "Mon 12 Jan"
  messages: MessageView[];
}

/** byDay groups messages (oldest first) by their day in my time zone. */
export function byDay(messages: MessageView[], timeZone: string, now: number): DayGroup[] {
  const today = dayKey(now, timeZone);
  const yesterday = addDays(today, -1);
  const out: DayGroup[] = [];
  for (const m of messages) {
    const day = dayKey(m.at, timeZone) || m.at.slice(0, 10);
    let g = out[out.length - 1];
    if (!g || g.day !== day) {
      const label =
        day === today
          ? 'Today'
          : day === yesterday
            ? 'Yesterday'
            : calendarDate(day, { weekday: 'short', now });
      g = { day, label, messages: [] };
      out.push(g);
    }
    g.messages.push(m);
  }
  return out;
}

/** A chat's list, one row per day heading or message, as the virtual list draws it. */
export type ChatRow = { kind: 'day'; key: string; label: string } | { kind: 'message'; key: string; message: MessageView };

/** chatRows lays the day groups out as one list: each day's heading, then its messages. */
export function chatRows(groups: DayGroup[]): ChatRow[] {
  const out: ChatRow[] = [];
  for (const g of groups) {
    out.push({ kind: 'day', key: `day:${g.day}`, label: g.label });
    for (const m of g.messages) out.push({ kind: 'message', key: m.id, message: m });
  }
  return out;
}

/** seenLine says who has seen my newest message, or "". */
export function seenLine(messages: MessageView[], seen: SeenView[], meId: string): string {
  const last = [...messages].reverse().find((m) => !m.deleted);
  if (!last || last.authorId !== meId) return '';
  const t = Date.parse(last.at);
  const names = seen.filter((s) => Date.parse(s.at) >= t).map((s) => s.name);
  return names.length === 0 ? '' : `Seen by ${names.join(' and ')}`;
}

/** timeIn shows a time in a zone, "09:05" (or "9:05 am" for a 12-hour reader). */
export function timeIn(iso: string, timeZone: string): string {
  return clock(iso, timeZone);
}

/** whenIn shows a day and time in a zone, "Tue 13 Jan, 09:00" in the reader's order. */
export function whenIn(iso: string, timeZone: string): string {
  return dateTime(iso, { weekday: 'short', year: 'never' }, timeZone);
}
