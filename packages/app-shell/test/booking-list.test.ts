import type { Booking } from '@calling/protocol';
import { describe, expect, it } from 'vitest';
import { mergedBookings, newerBooking, withBooking } from '../src/logic/booking-list';

const booking = (id: string, createdMin: number, updatedMin: number, status: Booking['status'] = 'pending') =>
  ({
    id,
    status,
    createdAt: new Date(Date.UTC(2026, 11, 4, 10, createdMin)).toISOString(),
    updatedAt: new Date(Date.UTC(2026, 11, 4, 10, updatedMin)).toISOString(),
  }) as Booking;

describe('a booking changed while shown', () => {
  it('takes the later picture of the same booking, whatever arrives last', () => {
    const pending = booking('a', 0, 0);
    const accepted = booking('a', 0, 5, 'accepted');
    expect(newerBooking(pending, accepted)).toBe(accepted);
    expect(newerBooking(accepted, pending)).toBe(accepted);
    expect(newerBooking(undefined, pending)).toBe(pending);
    expect(newerBooking(booking('b', 0, 9), pending)).toBe(pending);
  });

  it('puts a change in its place in the list, and a new booking where its creation time puts it', () => {
    const list = [booking('c', 30, 30), booking('b', 20, 20), booking('a', 10, 10)];
    const bAccepted = booking('b', 20, 40, 'accepted');
    expect(withBooking(list, bAccepted).map((b) => [b.id, b.status])).toEqual([
      ['c', 'pending'],
      ['b', 'accepted'],
      ['a', 'pending'],
    ]);
    expect(withBooking(list, booking('b', 20, 15, 'cancelled'))[1]?.status).toBe('pending');
    expect(withBooking(list, booking('d', 40, 40)).map((b) => b.id)).toEqual(['d', 'c', 'b', 'a']);
    expect(withBooking(list, booking('m', 25, 25)).map((b) => b.id)).toEqual(['c', 'm', 'b', 'a']);
    expect(withBooking(list, booking('z', 1, 1)).map((b) => b.id)).toEqual(['c', 'b', 'a', 'z']);
    expect(list.map((b) => b.id)).toEqual(['c', 'b', 'a']);
  });

  it('keeps, over a read that was on its way, what was announced meanwhile', () => {
    const read = [booking('b', 20, 20), booking('a', 10, 10)];
    const shown = [booking('c', 30, 30), booking('b', 20, 25, 'accepted'), booking('a', 10, 5)];
    expect(mergedBookings(read, shown).map((b) => [b.id, b.updatedAt.slice(14, 16)])).toEqual([
      ['c', '30'],
      ['b', '25'],
      ['a', '10'],
    ]);
    expect(mergedBookings(read, undefined)).toEqual(read);
  });
});
