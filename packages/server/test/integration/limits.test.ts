import { describe, expect, it } from 'vitest';
import { api } from '../support/http';
import { DATABASES, useServer } from '../support/world';

const APP = 'http://app.example.test';

describe.each(DATABASES)('rate limits and CORS on %s', (db) => {
  const world = useServer(db, {
    AUTH_RATE_LIMIT_PER_MIN: '3',
    API_RATE_LIMIT_PER_MIN: '40',
    SOCKET_EVENTS_PER_10S: '5',
    CORS_ORIGINS: APP,
  });

  it('socket events past SOCKET_EVENTS_PER_10S get rate_limited; the connection and other sockets go on', async () => {
    const { user, provider, userSocket, providerSocket } = await world.pair();
    const acks = [];
    for (let i = 0; i < 7; i += 1) acks.push(await userSocket.emit('join', user.id));
    expect(acks.slice(0, 5)).toEqual(Array(5).fill({ ok: true, userId: user.id }));
    expect(acks.slice(5)).toEqual(
      Array(2).fill({ ok: false, error: { code: 'rate_limited', message: expect.any(String) } }),
    );
    expect(userSocket.socket.connected).toBe(true);
    expect(await providerSocket.emit('join', provider.id)).toEqual({ ok: true, userId: provider.id });
  });

  it('a hang-up gets through even after the socket used up its event budget', async () => {
    const { user, booking, userSocket, providerSocket } = await world.pair();
    const ring = await userSocket.emit<{ callId: string }>('call:initiate', { bookingId: booking.id });
    if (!ring.ok) throw new Error(`initiate refused: ${JSON.stringify(ring)}`);
    for (let i = 0; i < 6; i += 1) await userSocket.emit('join', user.id);
    expect(await userSocket.emit('join', user.id)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(await userSocket.emit('call:end', { callId: ring.callId, bookingId: booking.id })).toMatchObject({
      ok: true,
      callId: ring.callId,
    });
    expect(await providerSocket.next('call:ended')).toMatchObject({ callId: ring.callId, reason: 'cancelled' });
  });

  it('login attempts past AUTH_RATE_LIMIT_PER_MIN get 429 rate_limited in the error envelope', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i += 1) {
      const res = await api(world.server.url, 'POST', '/api/auth/login', {
        body: { phone: '+15550009999', password: 'wrong-password' },
      });
      statuses.push(res.status);
      if (i === 3)
        expect(res.body).toMatchObject({ status: 'error', code: 'rate_limited', message: expect.any(String) });
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('CORS: only the configured origins are allowed, on REST and on the socket.io handshake', async () => {
    const url = world.server.url;
    const preflight = (origin: string) =>
      fetch(`${url}/api/me`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    expect((await preflight(APP)).headers.get('access-control-allow-origin')).toBe(APP);
    expect((await preflight('http://evil.example.test')).headers.get('access-control-allow-origin')).toBeNull();
    const polling = (origin: string) => fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });
    expect((await polling(APP)).headers.get('access-control-allow-origin')).toBe(APP);
    expect((await polling('http://evil.example.test')).headers.get('access-control-allow-origin')).toBeNull();
  });

  // Last: once the per-IP budget is spent, every later request from this address is refused for a minute.
  it('REST requests past API_RATE_LIMIT_PER_MIN get 429 rate_limited', async () => {
    const u = await world.server.createUser({ role: 'user' });
    const statuses: number[] = [];
    for (let i = 0; i < 45 && !statuses.includes(429); i += 1) {
      statuses.push((await api(world.server.url, 'GET', '/api/me', { token: u.token })).status);
    }
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.length).toBeLessThanOrEqual(41);
    // Probes are never limited: a load balancer checks every node several times a second.
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      expect((await fetch(`${world.server.url}${path}`)).status).toBe(200);
    }
  });
});

describe('behind a load balancer (TRUST_PROXY)', () => {
  const world = useServer('pglite', { TRUST_PROXY: '127.0.0.1', AUTH_RATE_LIMIT_PER_MIN: '2' });

  it('per-IP limits count the client address from X-Forwarded-For, not the balancer', async () => {
    const login = (client: string) =>
      fetch(`${world.server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
        body: JSON.stringify({ phone: '+15550009999', password: 'wrong-password' }),
      }).then((r) => r.status);
    expect([await login('198.51.100.1'), await login('198.51.100.1'), await login('198.51.100.1')]).toEqual([
      401, 401, 429,
    ]);
    expect(await login('198.51.100.2')).toBe(401);
  });
});
