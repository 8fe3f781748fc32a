import type { Booking } from '@calling/protocol';

const time = (iso: string) => Date.parse(iso);

/**
 * The later of two pictures of one booking. A change can arrive after a later one (a slow reply, an event
 * through another server node): it never undoes what is shown.
 */
export function newerBooking(shown: Booking | undefined, incoming: Booking): Booking {
  if (!shown || shown.id !== incoming.id) return incoming;
  return time(incoming.updatedAt) >= time(shown.updatedAt) ? incoming : shown;
}

/**
 * A list of bookings, newest first (as GET /api/bookings orders it), with one booking put in: in its place
 * when the list has it, else where its creation time puts it.
 */
export function withBooking(list: readonly Booking[], incoming: Booking): Booking[] {
  const at = list.findIndex((b) => b.id === incoming.id);
  if (at >= 0) return list.map((b, i) => (i === at ? newerBooking(b, incoming) : b));
  const before = list.findIndex((b) => time(b.createdAt) < time(incoming.createdAt));
  return before < 0 ? [...list, incoming] : [...list.slice(0, before), incoming, ...list.slice(before)];
}

/**
 * A freshly read list with what was shown kept where it is newer, or missing from the read (a booking created
 * while the read was on its way; bookings are never deleted, only cancelled).
 */
export function mergedBookings(loaded: readonly Booking[], shown: readonly Booking[] | undefined): Booking[] {
  return (shown ?? []).reduce(withBooking, [...loaded]);
}
