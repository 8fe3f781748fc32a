import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing';
import { connectCall } from '../support/calls';
import { api } from '../support/http';
import { connect } from '../support/sockets';

const API_KEY = 'host-backend-key-0123456789abcdefghij';

/**
 * This test is the host marketplace's backend: it keeps its own users and bookings, provisions them here with
 * its API key, and signs its users' tokens itself (ES256, served as a JWKS). No phone number anywhere.
 */
describe.each(['pglite', 'postgres'] as const)('a host provisions its users and bookings (%s)', (db) => {
  let jwks: Server;
  let server: TestServer;
  let userToken: (sub: string, role: 'user' | 'provider', name: string) => Promise<string>;
  const host = (method: string, path: string, body?: unknown, key: string | null = API_KEY) =>
    api(server.url, method, `/api/host${path}`, {
      ...(body === undefined ? {} : { body }),
      ...(key === null ? {} : { headers: { authorization: `Bearer ${key}` } }),
    });

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'host-1', alg: 'ES256', use: 'sig' };
    jwks = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', () => r()));
    server = await startTestServer({
      db,
      env: {
        HOST_API_KEY: API_KEY,
        JWT_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
        JWT_AUDIENCE: 'calling',
      },
    });
    userToken = (sub, role, name) =>
      new SignJWT({ role, name })
        .setProtectedHeader({ alg: 'ES256', kid: 'host-1' })
        .setSubject(sub)
        .setAudience('calling')
        .setExpirationTime('10m')
        .sign(privateKey);
  });
  afterAll(async () => {
    await server?.close();
    await new Promise((r) => jwks?.close(r));
  });

  async function provisioned() {
    const customerId = randomUUID();
    const providerId = randomUUID();
    const bookingId = randomUUID();
    expect(await host('PUT', `/users/${customerId}`, { name: 'Dana Customer', role: 'user' })).toMatchObject({
      status: 201,
      body: { data: { id: customerId, name: 'Dana Customer', role: 'user', serviceName: null } },
    });
    expect(
      await host('PUT', `/users/${providerId}`, { name: 'Eli Plumber', role: 'provider', serviceName: 'Plumbing' }),
    ).toMatchObject({ status: 201, body: { data: { id: providerId, serviceName: 'Plumbing' } } });
    const booking = await host('PUT', `/bookings/${bookingId}`, {
      userId: customerId,
      providerId,
      serviceName: 'Leaking tap',
      status: 'accepted',
    });
    expect(booking).toMatchObject({ status: 201, body: { data: { id: bookingId, status: 'accepted' } } });
    return { customerId, providerId, bookingId };
  }

  it('its users call each other on its booking with its own tokens; cancelling the booking ends the call', async () => {
    const { customerId, providerId, bookingId } = await provisioned();
    const customer = await connect(server.url, await userToken(customerId, 'user', 'Dana Customer'));
    const provider = await connect(server.url, await userToken(providerId, 'provider', 'Eli Plumber'));
    const callId = await connectCall(customer, provider, bookingId);

    const cancelled = await host('PATCH', `/bookings/${bookingId}`, { status: 'cancelled' });
    expect(cancelled).toMatchObject({ status: 200, body: { data: { status: 'cancelled' } } });
    const ended = { callId, bookingId, duration: 0, endedBy: null, reason: 'not_permitted' };
    expect(await customer.next('call:ended')).toEqual(ended);
    expect(await provider.next('call:ended')).toEqual(ended);
    const [row] = await server.callLogs(bookingId);
    expect(row).toMatchObject({ id: callId, end_reason: 'not_permitted', call_status: 'completed' });

    // Closed for calls now: a new attempt is refused.
    expect(await customer.emit('call:initiate', { bookingId })).toMatchObject({
      ok: false,
      error: { code: 'booking_not_callable' },
    });
    const me = await api(server.url, 'GET', '/api/me', { token: await userToken(customerId, 'user', 'Dana') });
    expect(me.body).toMatchObject({ data: { id: customerId, phone: null } });
    customer.close();
    provider.close();
  });

  it('is idempotent: the same request twice changes nothing the second time', async () => {
    const { customerId, providerId, bookingId } = await provisioned();
    const before = (await server.db.query('select * from bookings where id = $1', [bookingId])).rows;
    const again = await host('PUT', `/bookings/${bookingId}`, {
      userId: customerId,
      providerId,
      serviceName: 'Leaking tap',
      status: 'accepted',
    });
    expect(again.status).toBe(200);
    expect((await server.db.query('select * from bookings where id = $1', [bookingId])).rows).toEqual(before);
    const user = await host('PUT', `/users/${customerId}`, { name: 'Dana Customer', role: 'user' });
    expect(user).toMatchObject({ status: 200, body: { data: { id: customerId } } });
    expect((await host('PATCH', `/bookings/${bookingId}`, { status: 'accepted' })).status).toBe(200);
    expect((await server.db.query('select * from bookings where id = $1', [bookingId])).rows).toEqual(before);
  });

  it("refuses what would change a person's side or a booking's parties", async () => {
    const { customerId, providerId, bookingId } = await provisioned();
    expect(await host('PUT', `/users/${customerId}`, { name: 'Dana', role: 'provider' })).toMatchObject({
      status: 409,
      body: { status: 'error', code: 'conflict' },
    });
    const other = randomUUID();
    await host('PUT', `/users/${other}`, { name: 'Fay Customer', role: 'user' });
    const moved = await host('PUT', `/bookings/${bookingId}`, {
      userId: other,
      providerId,
      serviceName: 'Leaking tap',
      status: 'accepted',
    });
    expect(moved).toMatchObject({ status: 409, body: { code: 'conflict' } });
    const wrongSides = await host('PUT', `/bookings/${randomUUID()}`, {
      userId: providerId,
      providerId: customerId,
      serviceName: 'x',
      status: 'accepted',
    });
    expect(wrongSides).toMatchObject({ status: 404, body: { code: 'not_found' } });
  });

  it('a deleted user can no longer be booked, and its open bookings are cancelled', async () => {
    const { customerId, providerId, bookingId } = await provisioned();
    expect((await host('DELETE', `/users/${providerId}`)).status).toBe(204);
    expect((await host('DELETE', `/users/${providerId}`)).status).toBe(404);
    expect((await server.db.query('select status from bookings where id = $1', [bookingId])).rows).toEqual([
      { status: 'cancelled' },
    ]);
    const rebook = await host('PUT', `/bookings/${randomUUID()}`, {
      userId: customerId,
      providerId,
      serviceName: 'Again',
      status: 'accepted',
    });
    expect(rebook).toMatchObject({ status: 404, body: { code: 'not_found' } });
  });

  it('refuses a wrong or missing key, and a user token as a key, changing nothing', async () => {
    const { customerId, bookingId } = await provisioned();
    const before = (await server.db.query('select * from bookings where id = $1', [bookingId])).rows;
    const userJwt = await userToken(customerId, 'user', 'Dana Customer');
    for (const key of [null, 'wrong-key', `${API_KEY}x`, API_KEY.slice(0, -1), userJwt]) {
      const res = await host('PATCH', `/bookings/${bookingId}`, { status: 'cancelled' }, key);
      expect(res).toMatchObject({ status: 401, body: { status: 'error', code: 'unauthorized' } });
      expect(res.text).not.toContain(API_KEY);
    }
    const ownUserToken = await api(server.url, 'PUT', `/api/host/users/${randomUUID()}`, {
      token: userJwt,
      body: { name: 'Mallory', role: 'user' },
    });
    expect(ownUserToken.status).toBe(401);
    expect((await server.db.query('select * from bookings where id = $1', [bookingId])).rows).toEqual(before);
  });

  it('refuses malformed bodies and ids with invalid_payload, changing nothing', async () => {
    const { customerId, bookingId } = await provisioned();
    const before = (await server.db.query('select * from bookings where id = $1', [bookingId])).rows;
    const bad: [string, string, unknown][] = [
      ['PUT', '/users/not-a-uuid', { name: 'X', role: 'user' }],
      ['PUT', `/users/${randomUUID()}`, { name: 'X', role: 'admin' }],
      ['PUT', `/users/${randomUUID()}`, { name: 'X', role: 'user', phone: '+15550001111' }],
      ['PUT', `/users/${randomUUID()}`, { name: 'x'.repeat(500), role: 'user' }],
      ['PATCH', `/bookings/${bookingId}`, { status: 'archived' }],
      ['PATCH', `/bookings/${bookingId}`, { status: 'cancelled', userId: customerId }],
      ['PUT', `/bookings/${bookingId}`, { userId: customerId }],
    ];
    for (const [method, path, body] of bad) {
      expect(await host(method, path, body)).toMatchObject({
        status: 400,
        body: { status: 'error', code: 'invalid_payload' },
      });
    }
    expect((await host('PATCH', `/bookings/${randomUUID()}`, { status: 'cancelled' })).status).toBe(404);
    expect((await server.db.query('select * from bookings where id = $1', [bookingId])).rows).toEqual(before);
  });
});

describe('without HOST_API_KEY', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it('the provisioning API is off for everyone', async () => {
    const res = await api(server.url, 'PUT', `/api/host/users/${randomUUID()}`, {
      headers: { authorization: `Bearer ${API_KEY}` },
      body: { name: 'X', role: 'user' },
    });
    expect(res).toMatchObject({ status: 403, body: { status: 'error', code: 'forbidden' } });
  });
});
