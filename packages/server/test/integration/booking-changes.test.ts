import { randomUUID } from 'node:crypto';
import type { Booking, BookingAction, BookingStatus } from '@calling/protocol';
import { describe, expect, it } from 'vitest';
import type { TestUser } from '../../src/testing';
import { expectBothTold, expectNoneTold, type Party } from '../support/booking-news';
import { api, dataOf } from '../support/http';
import { DATABASES, useServer } from '../support/world';

const HOST_API_KEY = 'host-backend-key-0123456789abcdefghij';

/**
 * `booking:changed`: every stored change to a booking reaches both parties' devices at once, over the sockets
 * they already have, as each of them sees the booking; nobody else hears of it.
 */
describe.each(DATABASES)('booking changes reach both parties (%s)', (db) => {
  const world = useServer(db, { HOST_API_KEY });
  const url = () => world.server.url;
  const rest = (method: string, path: string, token: string) => api(url(), method, path, { token });
  const host = (method: string, path: string, body?: unknown) =>
    api(url(), method, `/api/host${path}`, {
      ...(body === undefined ? {} : { body }),
      headers: { authorization: `Bearer ${HOST_API_KEY}` },
    });

  /** A customer with two devices, a provider with one, and a stranger with one; no booking yet. */
  async function people() {
    const customer = await world.server.createUser({ role: 'user', name: `Cara ${randomUUID().slice(0, 4)}` });
    const provider = await world.server.createUser({ role: 'provider', name: `Pete ${randomUUID().slice(0, 4)}` });
    const stranger = await world.server.createUser({ role: 'user' });
    const parties: Party[] = [
      {
        who: customer,
        devices: [await world.socketFor(customer), await world.socketFor(customer, 3)],
        otherName: provider.name,
      },
      { who: provider, devices: [await world.socketFor(provider)], otherName: customer.name },
    ];
    return { customer, provider, parties, strangerDevice: await world.socketFor(stranger) };
  }
  const book = async (customer: TestUser, provider: TestUser) =>
    dataOf<Booking>(
      await api(url(), 'POST', '/api/bookings', {
        token: customer.token,
        body: { providerId: provider.id, serviceName: 'Leaking tap' },
      }),
      201,
    ).id;
  const act = async (by: TestUser, bookingId: string, action: BookingAction) =>
    dataOf<Booking>(await rest('POST', `/api/bookings/${bookingId}/${action}`, by.token));
  /** Two bookings of the pair, both parties told of each step: one declined (over), and the open one, returned. */
  async function openAndOver(customer: TestUser, provider: TestUser, parties: Party[]) {
    const open = await book(customer, provider);
    await expectBothTold(url(), open, 'pending', parties);
    const done = await book(customer, provider);
    await expectBothTold(url(), done, 'pending', parties);
    await act(provider, done, 'decline');
    await expectBothTold(url(), done, 'cancelled', parties);
    return open;
  }

  it('a new booking, accepted, started and completed: each step reaches every device of both parties, a stranger none', async () => {
    const { customer, provider, parties, strangerDevice } = await people();
    const bookingId = await book(customer, provider);
    await expectBothTold(url(), bookingId, 'pending', parties);
    const steps: [BookingAction, BookingStatus, boolean][] = [
      ['accept', 'accepted', true],
      ['start', 'in_progress', true],
      ['complete', 'completed', false],
    ];
    for (const [action, status, callable] of steps) {
      expect(await act(provider, bookingId, action)).toMatchObject({ status, callable });
      await expectBothTold(url(), bookingId, status, parties);
    }
    await expectNoneTold([strangerDevice]);
  });

  it('declined by the provider, cancelled by the customer, cancelled by the provider: both parties hear each', async () => {
    const { customer, provider, parties, strangerDevice } = await people();
    const moves: [TestUser, BookingAction[]][] = [
      [provider, ['decline']],
      [customer, ['cancel']],
      [provider, ['accept', 'cancel']],
    ];
    for (const [by, actions] of moves) {
      const bookingId = await book(customer, provider);
      await expectBothTold(url(), bookingId, 'pending', parties);
      for (const action of actions) {
        // An accept is always the provider's; the last action is the one under test.
        await act(action === 'accept' ? provider : by, bookingId, action);
        await expectBothTold(url(), bookingId, action === 'accept' ? 'accepted' : 'cancelled', parties);
      }
    }
    await expectNoneTold([strangerDevice]);
  });

  it('a refused move (wrong side, wrong state) changes nothing and tells nobody', async () => {
    const { customer, provider, parties, strangerDevice } = await people();
    const bookingId = await book(customer, provider);
    await expectBothTold(url(), bookingId, 'pending', parties);
    expect((await rest('POST', `/api/bookings/${bookingId}/accept`, customer.token)).status).toBe(403);
    expect((await rest('POST', `/api/bookings/${bookingId}/complete`, provider.token)).status).toBe(409);
    await expectNoneTold([...parties.flatMap((p) => p.devices), strangerDevice]);
  });

  it("the host's provisioning tells both parties of a new booking and each move, never of a repeated request", async () => {
    const { customer, provider, parties, strangerDevice } = await people();
    const bookingId = randomUUID();
    const body = { userId: customer.id, providerId: provider.id, serviceName: 'Roof repair', status: 'accepted' };
    expect((await host('PUT', `/bookings/${bookingId}`, body)).status).toBe(201);
    await expectBothTold(url(), bookingId, 'accepted', parties);
    expect((await host('PUT', `/bookings/${bookingId}`, body)).status).toBe(200);
    await expectNoneTold(parties.flatMap((p) => p.devices));

    expect((await host('PATCH', `/bookings/${bookingId}`, { status: 'in_progress' })).status).toBe(200);
    await expectBothTold(url(), bookingId, 'in_progress', parties);
    expect((await host('PATCH', `/bookings/${bookingId}`, { status: 'in_progress' })).status).toBe(200);
    await expectNoneTold(parties.flatMap((p) => p.devices));
    expect((await host('PUT', `/bookings/${bookingId}`, { ...body, status: 'completed' })).status).toBe(200);
    await expectBothTold(url(), bookingId, 'completed', parties);
    await expectNoneTold([strangerDevice]);
  });

  it("the host renames a person: the other party's open bookings show the new name at once; a repeat tells nobody", async () => {
    const { customer, provider, parties, strangerDevice } = await people();
    const open = await openAndOver(customer, provider, parties);

    const renamed = `Carla ${randomUUID().slice(0, 4)}`;
    const user = { name: renamed, role: 'user' };
    expect((await host('PUT', `/users/${customer.id}`, user)).status).toBe(200);
    const [customerSide, providerSide] = parties as [Party, Party];
    // The provider sees the customer's new name; the customer, on their own devices, the provider's as before.
    await expectBothTold(url(), open, 'pending', [customerSide, { ...providerSide, otherName: renamed }]);
    // Only the booking not over yet, and only once: the same name again is no rename.
    expect((await host('PUT', `/users/${customer.id}`, user)).status).toBe(200);
    await expectNoneTold([...parties.flatMap((p) => p.devices), strangerDevice]);
  });

  it("a person the host deletes: their open bookings' cancellation reaches the other party", async () => {
    const { customer, provider, parties } = await people();
    const open = await openAndOver(customer, provider, parties);

    expect((await host('DELETE', `/users/${customer.id}`)).status).toBe(204);
    const providerSide = parties[1] as Party;
    await expectBothTold(url(), open, 'cancelled', [providerSide]);
    // The booking that was over already is not announced again.
    await expectNoneTold(providerSide.devices);
  });
});
