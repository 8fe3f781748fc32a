// A Decline picked on CallKit / the Android call notification, as the native JS sends it (createDecliner with the
// session enable() stored), against a real server whose APNs is a local one that checks pushes as Apple does. The
// tokens are registered with the body the app builds (pushTargetBody).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LocalApns,
  makeTestTls,
  SimDevice,
  startTestServer,
  type TestServer,
  type TestTls,
} from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../src/api/api';
import { createDecliner, type DeclineStore } from '../src/push/native/decline';
import { pushTargetBody } from '../src/push/native/target';

const BUNDLE_ID = 'com.example.calling.provider';
let tls: TestTls;
let apns: LocalApns;
let server: TestServer;
let dir: string;
const devices: SimDevice[] = [];

beforeAll(async () => {
  tls = makeTestTls();
  apns = await LocalApns.start(tls, { teamId: 'TEAM123456', keyId: 'KEY1234567', bundleId: BUNDLE_ID });
  dir = mkdtempSync(join(tmpdir(), 'native-decline-'));
  writeFileSync(join(dir, 'apns.p8'), apns.signingKeyPem);
  server = await startTestServer({
    db: 'pglite',
    env: {
      PUSH_CA_FILE: tls.caFile,
      APNS_KEY_FILE: join(dir, 'apns.p8'),
      APNS_KEY_ID: apns.keyId,
      APNS_TEAM_ID: apns.teamId,
      APNS_BUNDLE_ID: BUNDLE_ID,
      APNS_ADDRESS: apns.address,
    },
  });
}, 60_000);
afterAll(async () => {
  for (const d of devices) d.socket.close();
  await server?.close();
  await apns?.close();
  tls?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const hex = () => randomBytes(32).toString('hex');
const until = async (check: () => boolean, what: string, ms = 8000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
function memoryStore(): DeclineStore & { value: string | null } {
  const store = {
    value: null as string | null,
    load: async () => store.value,
    save: async (v: string) => {
      store.value = v;
    },
    remove: async () => {
      store.value = null;
    },
  };
  return store;
}

describe('declining a pushed ring from a closed app', () => {
  it('declines over REST as this iPhone; the other iPhone gets the stop as a background push to its device token', async () => {
    const user = await server.createUser({ role: 'user', name: 'Casey Customer' });
    const provider = await server.createUser({ role: 'provider', name: 'Pat Provider' });
    const booking = await server.createBooking({ userId: user.id, providerId: provider.id });
    const api = createApi(server.url, provider.token);
    const phone = { id: `ios-${hex().slice(0, 12)}`, voip: hex(), data: hex() };
    const other = { id: `ios-${hex().slice(0, 12)}`, voip: hex(), data: hex() };
    for (const d of [phone, other]) {
      await api.registerPushTarget(d.id, pushTargetBody('apns', { token: d.voip, dataToken: d.data }, true));
    }
    const store = memoryStore();
    const decliner = createDecliner(store);
    await decliner.remember({ serverUrl: server.url, token: provider.token, deviceId: phone.id });

    const caller = new SimDevice(server.url, user.token, { answer: false });
    devices.push(caller);
    await caller.ready();
    const call = await caller.dial(booking.id);
    if ('error' in call) throw new Error(call.error);
    await until(() => apns.received.filter((p) => p.pushType === 'voip').length === 2, 'two VoIP rings');
    const ring = apns.received.find((p) => p.token === phone.voip);
    expect(ring).toMatchObject({ topic: `${BUNDLE_ID}.voip`, payload: { type: 'call_ringing', callId: call.callId } });

    expect(await decliner.decline(call.callId)).toBe(true);
    await caller.until(() => call.endedAt !== null, 8000, 'call:ended');
    expect(call.reason).toBe('declined');
    await until(() => apns.received.some((p) => p.token === other.data), 'the stop to the other device token');
    const stop = apns.received.find((p) => p.token === other.data);
    // What the AppDelegate's didReceiveRemoteNotification reads: the message's keys beside aps.
    expect(stop).toMatchObject({ pushType: 'background', topic: BUNDLE_ID, priority: 5 });
    expect(stop?.payload).toMatchObject({
      aps: { 'content-available': 1 },
      type: 'call_ring_stopped',
      callId: call.callId,
      reason: 'declined',
    });
    // No stop ever goes to a VoIP token.
    expect(apns.received.filter((p) => p.pushType === 'voip').every((p) => p.payload.type === 'call_ringing')).toBe(
      true,
    );

    // A second pick (the notification's button and the system event) finds it over: nothing left to decline.
    expect(await decliner.decline(call.callId)).toBe(true);
  });

  it('reports a decline the server did not take, so the pick waits for the app', async () => {
    const store = memoryStore();
    const decliner = createDecliner(store);
    const callId = '8d3f1c2e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
    expect(await decliner.decline(callId)).toBe(false); // nothing stored (never enabled, or disabled)
    await decliner.remember({ serverUrl: server.url, token: 'not-a-token', deviceId: 'ios-abcdef123456' });
    expect(await decliner.decline(callId)).toBe(false); // token refused
    await decliner.remember({ serverUrl: 'http://127.0.0.1:9', token: 'x', deviceId: 'ios-abcdef123456' });
    expect(await decliner.decline(callId)).toBe(false); // offline
    await decliner.forget();
    expect(store.value).toBeNull();
  });
});
