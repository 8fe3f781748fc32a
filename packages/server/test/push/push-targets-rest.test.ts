import { describe, expect, it } from 'vitest';
import { startTestServer } from '../../src/testing';
import { DATABASES } from '../support/world';
import { deviceId, usePushWorld } from './push-world';

const hex64 = 'ab'.repeat(32);

describe.each(DATABASES)('push targets over REST on %s', (db) => {
  const world = usePushWorld(db);

  it('a device registers, lists (never the token), replaces and removes its target', async () => {
    const me = await world.server.createUser({ role: 'provider' });
    const id = deviceId('ios');
    const put = await world.rest('PUT', `/api/push/devices/${id}`, me.token, { kind: 'apns', token: hex64 });
    expect(put.status).toBe(200);
    expect(put.json.data).toMatchObject({ deviceId: id, kind: 'apns', showCallerName: true });
    const sub = world.web.subscribe().subscription;
    const again = await world.rest('PUT', `/api/push/devices/${id}`, me.token, {
      kind: 'web',
      subscription: sub,
      showCallerName: false,
    });
    expect(again.json.data).toMatchObject({ deviceId: id, kind: 'web', showCallerName: false });
    const list = await world.rest('GET', '/api/push/devices', me.token);
    expect(list.json.data).toEqual({ devices: [expect.objectContaining({ deviceId: id, kind: 'web' })] });
    expect(JSON.stringify(list.json)).not.toContain(sub.endpoint);
    expect(JSON.stringify(list.json)).not.toContain(sub.keys.auth);
    expect((await world.rest('DELETE', `/api/push/devices/${id}`, me.token)).json.data).toEqual({ removed: true });
    expect((await world.rest('DELETE', `/api/push/devices/${id}`, me.token)).json.data).toEqual({ removed: false });
    expect((await world.rest('GET', '/api/push/devices', me.token)).json.data).toEqual({ devices: [] });
  });

  it('a token registered by another account moves to it: one phone rings for whoever signed in last', async () => {
    const first = await world.server.createUser({ role: 'provider' });
    const second = await world.server.createUser({ role: 'provider' });
    const token = 'cd'.repeat(32);
    await world.rest('PUT', `/api/push/devices/${deviceId('a')}`, first.token, { kind: 'apns', token });
    await world.rest('PUT', `/api/push/devices/${deviceId('b')}`, second.token, { kind: 'apns', token });
    expect((await world.rest('GET', '/api/push/devices', first.token)).json.data).toEqual({ devices: [] });
    expect(
      ((await world.rest('GET', '/api/push/devices', second.token)).json.data as { devices: [] }).devices,
    ).toHaveLength(1);
  });

  it('GET /api/push/config names what this server sends, with the VAPID key browsers subscribe with', async () => {
    const me = await world.server.createUser({ role: 'user' });
    const { json } = await world.rest('GET', '/api/push/config', me.token);
    expect(json.data).toEqual({
      webPushPublicKey: expect.stringMatching(/^[A-Za-z0-9_-]{87}$/),
      apns: true,
      fcm: true,
    });
  });

  it.each([
    ['no kind', { token: hex64 }],
    ['an unknown kind', { kind: 'sms', token: hex64 }],
    ['an APNs token that is not hex', { kind: 'apns', token: 'z'.repeat(64) }],
    ['an APNs data token that is not hex', { kind: 'apns', token: hex64, dataToken: 'not-hex' }],
    ['an FCM token with spaces', { kind: 'fcm', token: `${'a'.repeat(40)} b` }],
    [
      'an http endpoint',
      {
        kind: 'web',
        subscription: { endpoint: 'http://127.0.0.1/x', keys: { p256dh: 'a'.repeat(87), auth: 'b'.repeat(22) } },
      },
    ],
    [
      'keys of the wrong size',
      { kind: 'web', subscription: { endpoint: 'https://fcm.googleapis.com/x', keys: { p256dh: 'a', auth: 'b' } } },
    ],
    ['an extra field', { kind: 'apns', token: hex64, phone: '+15551234567' }],
    [
      'an endpoint on no known push service',
      {
        kind: 'web',
        subscription: {
          endpoint: 'https://169.254.169.254/latest',
          keys: { p256dh: 'a'.repeat(87), auth: 'b'.repeat(22) },
        },
      },
    ],
  ])('refuses %s with invalid_payload and stores nothing', async (_what, body) => {
    const me = await world.server.createUser({ role: 'user' });
    const r = await world.rest('PUT', `/api/push/devices/${deviceId('x')}`, me.token, body);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ status: 'error', code: 'invalid_payload' });
    expect((await world.rest('GET', '/api/push/devices', me.token)).json.data).toEqual({ devices: [] });
  });

  it('refuses a malformed device id, and strangers', async () => {
    const me = await world.server.createUser({ role: 'user' });
    const bad = await world.rest('PUT', '/api/push/devices/no', me.token, { kind: 'apns', token: hex64 });
    expect(bad).toMatchObject({ status: 400, json: { code: 'invalid_payload' } });
    const stranger = await world.rest('PUT', `/api/push/devices/${deviceId('s')}`, null, {
      kind: 'apns',
      token: hex64,
    });
    expect(stranger).toMatchObject({ status: 401, json: { code: 'unauthorized' } });
    expect((await world.rest('GET', '/api/push/devices', 'not-a-token')).status).toBe(401);
  });
});

describe('a server with no push credentials', () => {
  it('sends nothing: APNs and FCM targets are refused as unavailable, web push can be switched off', async () => {
    const server = await startTestServer({ env: { WEB_PUSH: 'off' } });
    try {
      const me = await server.createUser({ role: 'provider' });
      const call = (method: string, path: string, body?: unknown) =>
        fetch(`${server.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${me.token}`, 'content-type': 'application/json' },
          ...(body ? { body: JSON.stringify(body) } : {}),
        }).then(async (r) => ({ status: r.status, json: await r.json() }));
      expect((await call('GET', '/api/push/config')).json.data).toEqual({
        webPushPublicKey: null,
        apns: false,
        fcm: false,
      });
      for (const body of [
        { kind: 'apns', token: hex64 },
        { kind: 'fcm', token: 'f'.repeat(40) },
      ]) {
        expect(await call('PUT', `/api/push/devices/${deviceId('n')}`, body)).toMatchObject({
          status: 503,
          json: { code: 'unavailable' },
        });
      }
    } finally {
      await server.close();
    }
  });
});
