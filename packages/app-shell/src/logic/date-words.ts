const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number) => String(n).padStart(2, '0');
const sameDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/**
 * When something happened, the way a phone's call list says it, in the device's time zone: "Today, 09:05",
 * "Yesterday, 18:30", "Fri 4 Dec, 09:05" this year, "4 Dec 2025" before. Spelled out here rather than by Intl,
 * so every platform (Hermes included) shows the same words.
 */
export function dateWords(at: Date, now: Date): string {
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  if (sameDay(at, now)) return `Today, ${time}`;
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (sameDay(at, yesterday)) return `Yesterday, ${time}`;
  const day = `${at.getDate()} ${MONTHS[at.getMonth()]}`;
  if (at.getFullYear() === now.getFullYear()) return `${DAYS[at.getDay()]} ${day}, ${time}`;
  return `${day} ${at.getFullYear()}`;
}

/** A call's length in words: "42 s", "3 min 12 s", "5 min", "1 h 2 min". */
export function durationWords(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s < 60) return `${s} s`;
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (hours > 0) return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
  const seconds = s % 60;
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}
