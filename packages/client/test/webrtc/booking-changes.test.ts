import type { Booking } from '@calling/protocol';
import type { TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { party, startServer, until } from './world';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

const act = async (token: string, bookingId: string, action: string) => {
  const res = await fetch(`${server.url}/api/bookings/${bookingId}/${action}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
};

describe('booking changes on the CallClient', () => {
  it("'booking-changed' brings each party its booking as it changes, callable with it; a stranger hears nothing", async () => {
    const u = await server.createUser({ role: 'user', name: 'Cara Customer' });
    const p = await server.createUser({ role: 'provider', name: 'Pete Provider' });
    const s = await server.createUser({ role: 'user', name: 'Sam Stranger' });
    const { id: bookingId } = await server.createBooking({ userId: u.id, providerId: p.id, status: 'pending' });
    const people = [await party(server, u), await party(server, p), await party(server, s)];
    const heard = people.map((who) => {
      const seen: Booking[] = [];
      who.client.on('booking-changed', (b) => seen.push(b));
      return seen;
    });
    const [customerHeard, providerHeard, strangerHeard] = heard as [Booking[], Booking[], Booking[]];
    try {
      await act(p.token, bookingId, 'accept');
      await until(() => customerHeard.length === 1 && providerHeard.length === 1, 'both told of the accept', 3000);
      expect(customerHeard[0]).toMatchObject({
        id: bookingId,
        status: 'accepted',
        callable: true,
        otherPartyName: p.name,
      });
      expect(providerHeard[0]).toMatchObject({
        id: bookingId,
        status: 'accepted',
        callable: true,
        otherPartyName: u.name,
      });

      await act(u.token, bookingId, 'cancel');
      await until(() => customerHeard.length === 2 && providerHeard.length === 2, 'both told of the cancel', 3000);
      expect(customerHeard[1]).toMatchObject({ status: 'cancelled', callable: false });
      expect(providerHeard[1]).toMatchObject({ status: 'cancelled', callable: false });
      await new Promise((r) => setTimeout(r, 200));
      expect(strangerHeard).toEqual([]);
    } finally {
      for (const who of people) who.client.close();
    }
  });
});
