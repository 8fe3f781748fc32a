import { describe, expect, it } from 'vitest';
import { bookingMove } from '../../src/bookings/transitions';
import { admitCaller } from '../../src/calls/engine/admission';

const booking = { id: 'b', userId: 'u', providerId: 'p', status: 'accepted' as const };

describe('who may call whom', () => {
  it('either party of an accepted booking calls the other', () => {
    expect(admitCaller(booking, { requesterId: 'u', requesterRole: 'user' })).toEqual({
      ok: true,
      callerType: 'user',
      receiverId: 'p',
    });
    expect(admitCaller(booking, { requesterId: 'p', requesterRole: 'provider' })).toEqual({
      ok: true,
      callerType: 'provider',
      receiverId: 'u',
    });
  });
  it.each([
    ['a missing booking', null, { requesterId: 'u', requesterRole: 'user' as const }, 'not_found'],
    ['a stranger', booking, { requesterId: 'x', requesterRole: 'user' as const }, 'forbidden'],
    ['the wrong role claim', booking, { requesterId: 'u', requesterRole: 'provider' as const }, 'forbidden'],
    [
      'a forged callerId',
      booking,
      { requesterId: 'u', requesterRole: 'user' as const, claimedCallerId: 'p' },
      'forbidden',
    ],
    [
      'a wrong receiverId',
      booking,
      { requesterId: 'u', requesterRole: 'user' as const, claimedReceiverId: 'x' },
      'forbidden',
    ],
    [
      'a wrong callerType',
      booking,
      { requesterId: 'u', requesterRole: 'user' as const, claimedCallerType: 'provider' as const },
      'forbidden',
    ],
    [
      'a pending booking',
      { ...booking, status: 'pending' as const },
      { requesterId: 'u', requesterRole: 'user' as const },
      'booking_not_callable',
    ],
    [
      'a completed booking',
      { ...booking, status: 'completed' as const },
      { requesterId: 'u', requesterRole: 'user' as const },
      'booking_not_callable',
    ],
  ])('refuses %s', (_name, b, req, code) => {
    expect(admitCaller(b, req)).toMatchObject({ ok: false, code });
  });
});

describe('booking transitions', () => {
  it('follow the provider-driven lifecycle', () => {
    expect(bookingMove('accept', 'pending', 'provider')).toEqual({ ok: true, from: 'pending', to: 'accepted' });
    expect(bookingMove('start', 'accepted', 'provider')).toMatchObject({ ok: true, to: 'in_progress' });
    expect(bookingMove('complete', 'in_progress', 'provider')).toMatchObject({ ok: true, to: 'completed' });
    expect(bookingMove('cancel', 'accepted', 'user')).toMatchObject({ ok: true, to: 'cancelled' });
  });
  it('refuse the wrong role and invalid moves', () => {
    expect(bookingMove('accept', 'pending', 'user')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(bookingMove('complete', 'accepted', 'provider')).toMatchObject({ ok: false, code: 'conflict' });
    expect(bookingMove('cancel', 'completed', 'user')).toMatchObject({ ok: false, code: 'conflict' });
  });
});
