import { afterEach, describe, expect, it } from 'vitest';
import { serviceWorld } from '../support/service-world';

describe('a booking closed while a call starts', () => {
  let w: Awaited<ReturnType<typeof serviceWorld>> | null = null;
  afterEach(async () => {
    await w?.close();
    w = null;
  });

  it('a cancel that lands right after the call read its booking refuses the call: nothing rings, nothing stays live', async () => {
    let cancelled = false;
    w = await serviceWorld({
      // The cancel route's two steps, between the call's booking read and its live slot: the status write,
      // then bookingClosed, which finds no live call yet.
      afterBookingRead: async (bookingId) => {
        if (cancelled || !w) return;
        cancelled = true;
        expect(await w.bookings.setStatus(bookingId, 'accepted', 'cancelled')).toBe(true);
        await w.calls.bookingClosed(bookingId, w.userId);
      },
    });
    await expect(w.ring()).rejects.toMatchObject({ code: 'booking_not_callable' });
    expect(cancelled).toBe(true);
    expect(await w.live.ofBooking(w.bookingId)).toBeNull();
    expect(await w.live.ofUser(w.userId)).toBeNull();
    expect(await w.row()).toBeUndefined();
    expect(w.sent).not.toContain('call:incoming');
  });

  it('a cancel after the call is live ends it not_permitted', async () => {
    w = await serviceWorld();
    const { callId } = await w.ring();
    expect(await w.bookings.setStatus(w.bookingId, 'accepted', 'cancelled')).toBe(true);
    await w.calls.bookingClosed(w.bookingId, w.userId);
    expect(await w.live.get(callId)).toBeNull();
    expect(await w.row()).toMatchObject({ id: callId, end_reason: 'not_permitted' });
  });
});
