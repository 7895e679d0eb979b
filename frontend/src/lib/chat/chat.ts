// What chat screens say: names, day groups, "seen" lines. Pure functions.
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

function dayOf(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(Date.parse(iso));
  } catch {
    return iso.slice(0, 10);
  }
}

/** byDay groups messages (oldest first) by their day in my time zone. */
export function byDay(messages: MessageView[], timeZone: string, now: number): DayGroup[] {
  const today = dayOf(new Date(now).toISOString(), timeZone);
  const yesterday = dayOf(new Date(now - 86_400_000).toISOString(), timeZone);
  const out: DayGroup[] = [];
  for (const m of messages) {
    const day = dayOf(m.at, timeZone);
    let g = out[out.length - 1];
    if (!g || g.day !== day) {
      const label =
        day === today
          ? 'Today'
          : day === yesterday
            ? 'Yesterday'
            : new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
                Date.parse(`${day}T12:00:00Z`),
              );
      g = { day, label, messages: [] };
      out.push(g);
    }
    g.messages.push(m);
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

/** timeIn shows a time in a zone, "09:05". */
export function timeIn(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(Date.parse(iso));
  } catch {
    return '';
  }
}

/** whenIn shows a day and time in a zone, "Tue 13 Jan, 09:00". */
export function whenIn(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(Date.parse(iso));
  } catch {
    return '';
  }
}
