import { type Notification, notify } from '../calls/engine/notifications';
import { type BookingRecord, toBooking } from '../store/bookings';

/**
 * `booking:changed` for each party of a booking, on every device of theirs, each with the booking as that party
 * sees it (the other party's name differs by side). Pure: the news below sends them.
 */
export function bookingChangedNotifications(b: BookingRecord): Notification[] {
  return [b.userId, b.providerId].map((partyId) =>
    notify({ userId: partyId }, 'booking:changed', { booking: toBooking(b, partyId) }),
  );
}

/**
 * Tells both parties of a booking how it stands now, once its change is stored, through the personal rooms
 * (so a device on another node hears it through the adapter, as it hears its calls' events). Nothing is
 * waited for: a party with no device online simply reads the booking the next time it looks.
 */
export function bookingNews(deps: { byId(id: string): Promise<BookingRecord | null>; send(n: Notification): void }) {
  const told = (b: BookingRecord) => {
    for (const n of bookingChangedNotifications(b)) deps.send(n);
  };
  return {
    /** The booking as just read after its change. */
    told,
    /** Reads the booking first (a change made by id, such as a cancel of every booking of a deleted person). */
    async changed(bookingId: string): Promise<void> {
      const b = await deps.byId(bookingId);
      if (b) told(b);
    },
  };
}
export type BookingNews = ReturnType<typeof bookingNews>;
