import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { turnCredential } from '../../src/calls/ice-servers';
import { startTestServer, type TestServer } from '../../src/testing';
import { type Coturn, startCoturn } from '../../src/testing/coturn';
import { ring } from '../support/calls';
import { api, dataOf } from '../support/http';
import { connect, type TestSocket } from '../support/sockets';
import { turnAllocate } from '../support/turn-allocate';

describe('TURN credentials against a real coturn', () => {
  let coturn: Coturn;
  let server: TestServer;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    coturn = await startCoturn();
    server = await startTestServer({ env: { TURN_URLS: coturn.url, TURN_SECRET: coturn.secret, TURN_TTL_S: '300' } });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
    await coturn?.stop();
  });

  it('the credentials the server hands out in a call allocate a relay on coturn; outside a call there are none', async () => {
    const user = await server.createUser({ role: 'user' });
    const provider = await server.createUser({ role: 'provider' });
    const booking = await server.createBooking({ userId: user.id, providerId: provider.id });
    const ice = async () =>
      dataOf<{ iceServers: { urls: string[]; username?: string }[]; ttlSeconds: number | null }>(
        await api(server.url, 'GET', '/api/calls/ice-servers', { token: user.token }),
      );
    expect(await ice()).toEqual({ iceServers: [], ttlSeconds: null });
    const customer = await connect(server.url, user.token);
    const receiver = await connect(server.url, provider.token);
    sockets.push(customer, receiver);
    await ring(customer, receiver, booking.id);
    const data = dataOf<{
      iceServers: { urls: string[]; username?: string; credential?: string }[];
      ttlSeconds: number;
    }>(await api(server.url, 'GET', '/api/calls/ice-servers', { token: user.token }));
    expect(data.ttlSeconds).toBe(300);
    const turn = data.iceServers.find((s) => s.username);
    expect(turn?.urls).toEqual([coturn.url]);
    expect(await turnAllocate(coturn.port, String(turn?.username), String(turn?.credential))).toMatchObject({
      success: true,
      errorCode: null,
    });
  });

  it('coturn refuses expired credentials and a wrong secret', async () => {
    const past = Math.floor(Date.now() / 1000) - 60;
    const expired = turnCredential(coturn.secret, 'someone', past);
    expect(await turnAllocate(coturn.port, expired.username, expired.credential)).toMatchObject({
      success: false,
      errorCode: 401,
    });
    const future = Math.floor(Date.now() / 1000) + 600;
    const forged = turnCredential('not-the-secret', 'someone', future);
    expect(await turnAllocate(coturn.port, forged.username, forged.credential)).toMatchObject({
      success: false,
      errorCode: 401,
    });
  });

  it('ice-servers needs a signed-in user', async () => {
    expect(await api(server.url, 'GET', '/api/calls/ice-servers')).toMatchObject({
      status: 401,
      body: { status: 'error', code: 'unauthorized' },
    });
  });
});
