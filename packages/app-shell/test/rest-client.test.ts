// The apps' REST client against a real server (embedded database, demo data on).
import { startTestServer, type TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../src/api/api';
import { ApiError } from '../src/api/http';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ db: 'pglite', env: { DEMO: 'on' } });
}, 60_000);
afterAll(() => server?.close());

describe('app REST client', () => {
  it('lists the demo accounts and signs one in', async () => {
    const anonymous = createApi(server.url, null);
    const accounts = await anonymous.demoAccounts();
    const customer = accounts.find((a) => a.role === 'user');
    expect(customer).toBeDefined();
    const result = await anonymous.login({ phone: customer?.phone ?? '', password: customer?.password ?? '' });
    expect(result.user.role).toBe('user');
    expect(result.token.length).toBeGreaterThan(20);
  });

  it('books a provider, who accepts; both see it callable, and the history starts empty', async () => {
    const customer = await server.createUser({ role: 'user', name: 'Cara Client' });
    const provider = await server.createUser({ role: 'provider', name: 'Pete Client', serviceName: 'Plumbing' });
    const asCustomer = createApi(server.url, customer.token);
    const asProvider = createApi(server.url, provider.token);
    expect((await asCustomer.providers()).map((p) => p.id)).toContain(provider.id);
    const booking = await asCustomer.createBooking(provider.id, 'Plumbing');
    expect(booking.status).toBe('pending');
    expect(booking.callable).toBe(false);
    await asProvider.bookingAction(booking.id, 'accept');
    const seen = await asCustomer.bookings();
    expect(seen.find((b) => b.id === booking.id)).toMatchObject({ status: 'accepted', callable: true });
    expect((await asProvider.booking(booking.id)).otherPartyName).toBe('Cara Client');
    expect(await asCustomer.callHistory(booking.id)).toEqual([]);
  });

  it('saves the relay-only choice', async () => {
    const person = await server.createUser({ role: 'user' });
    const api = createApi(server.url, person.token);
    expect((await api.me()).relayOnly).toBe(false);
    expect((await api.setRelayOnly(true)).relayOnly).toBe(true);
    expect((await api.me()).relayOnly).toBe(true);
  });

  it('turns error envelopes into ApiError with the server code', async () => {
    const error = await createApi(server.url, 'not-a-token')
      .bookings()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
    const wrong = await createApi(server.url, null)
      .login({ phone: '+15550009999', password: 'wrong-password' })
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ApiError);
  });
});
