import type { Booking, BookingChangedEvent, BookingStatus } from '@calling/protocol';
import { expect } from 'vitest';
import type { TestUser } from '../../src/testing';
import { api, dataOf } from './http';
import type { TestSocket } from './sockets';

/** One party's devices and the name it knows the other party by. */
export interface Party {
  who: TestUser;
  devices: TestSocket[];
  otherName: string;
}

/**
 * Every device of both parties gets `booking:changed` with the booking in `status`, each exactly as
 * GET /api/bookings/:id answers that party now.
 */
export async function expectBothTold(url: string, bookingId: string, status: BookingStatus, parties: Party[]) {
  for (const { who, devices, otherName } of parties) {
    const asRest = dataOf<Booking>(await api(url, 'GET', `/api/bookings/${bookingId}`, { token: who.token }));
    for (const device of devices) {
      const { booking } = await device.next<BookingChangedEvent>('booking:changed', 2000);
      expect(booking).toMatchObject({ id: bookingId, status, otherPartyName: otherName });
      expect(booking).toEqual(asRest);
    }
  }
}

/** None of these devices gets a `booking:changed` (within the socket helper's wait). */
export async function expectNoneTold(devices: TestSocket[]) {
  await Promise.all(devices.map((d) => d.none('booking:changed')));
}
