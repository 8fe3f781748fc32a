/**
 * Dial -> push: how long after a caller's `call:initiate` the server's push for a closed app reaches the push
 * service (local web push, APNs and FCM endpoints that check every push as the real services do), side by side
 * with dial -> `call:incoming` on the live socket of an open app, in the same run, call after call.
 *
 *   npx tsx --conditions=@calling/source bench/push-ring.ts --calls 50
 *   npx tsx --conditions=@calling/source bench/push-ring.ts --calls 50 --db postgres
 *
 * One process holds the server, the push services and the clients (loopback only). Every wait has a timeout.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  LocalApns,
  LocalFcm,
  LocalWebPushService,
  makeTestTls,
  startTestServer,
  type TestUser,
} from '@calling/server/testing';
import { io, type Socket } from 'socket.io-client';
import { percentile } from './stats';

const { values } = parseArgs({
  options: { calls: { type: 'string', default: '50' }, db: { type: 'string', default: 'pglite' } },
});
const CALLS = Math.min(500, Math.max(1, Number(values.calls)));
const db = values.db === 'postgres' ? 'postgres' : 'pglite';
const deadline = Date.now() + 10 * 60_000;

const tls = makeTestTls();
let vapidKey: string | null = null;
const web = await LocalWebPushService.start(tls, () => vapidKey);
const apns = await LocalApns.start(tls, { teamId: 'TEAM123456', keyId: 'KEY1234567', bundleId: 'com.example.bench' });
const fcm = await LocalFcm.start(tls, 'calling-bench');
const dir = mkdtempSync(join(tmpdir(), 'push-bench-'));
writeFileSync(join(dir, 'apns.p8'), apns.signingKeyPem);
writeFileSync(join(dir, 'fcm.json'), JSON.stringify(fcm.serviceAccount));
const server = await startTestServer({
  db,
  env: {
    PUSH_CA_FILE: tls.caFile,
    WEB_PUSH_ENDPOINTS: web.origin,
    APNS_KEY_FILE: join(dir, 'apns.p8'),
    APNS_KEY_ID: apns.keyId,
    APNS_TEAM_ID: apns.teamId,
    APNS_BUNDLE_ID: apns.bundleId,
    APNS_ADDRESS: apns.address,
    FCM_SERVICE_ACCOUNT_FILE: join(dir, 'fcm.json'),
    FCM_ENDPOINT: fcm.origin,
    LOG_LEVEL: 'warn',
  },
});

const rest = async (path: string, token: string, method = 'GET', body?: unknown) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: unknown }).data;
};
const socketFor = (who: TestUser) =>
  new Promise<Socket>((resolve, reject) => {
    const s = io(server.url, {
      auth: { token: who.token, protocolVersion: 3 },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
const within = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: timed out`)), ms))]);
const until = async (check: () => boolean, what: string) => {
  const end = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what}: timed out`);
    await new Promise((r) => setTimeout(r, 2));
  }
};

const customer = await server.createUser({ role: 'user' });
vapidKey = ((await rest('/api/push/config', customer.token)) as { webPushPublicKey: string }).webPushPublicKey;
const caller = await socketFor(customer);
const closedApp = await server.createUser({ role: 'provider' });
const openApp = await server.createUser({ role: 'provider' });
const pushBooking = await server.createBooking({ userId: customer.id, providerId: closedApp.id });
const socketBooking = await server.createBooking({ userId: customer.id, providerId: openApp.id });
const sub = web.subscribe();
await rest(`/api/push/devices/web-${randomBytes(4).toString('hex')}`, closedApp.token, 'PUT', {
  kind: 'web',
  subscription: sub.subscription,
});
await rest(`/api/push/devices/ios-${randomBytes(4).toString('hex')}`, closedApp.token, 'PUT', {
  kind: 'apns',
  token: randomBytes(32).toString('hex'),
  dataToken: randomBytes(32).toString('hex'),
});
await rest(`/api/push/devices/android-${randomBytes(4).toString('hex')}`, closedApp.token, 'PUT', {
  kind: 'fcm',
  token: `fcm:${randomBytes(40).toString('base64url')}`,
});
const receiver = await socketFor(openApp);

const samples = { web: [] as number[], apns: [] as number[], fcm: [] as number[], socket: [] as number[] };
const dial = async (bookingId: string) => {
  const t0 = Date.now();
  const ack = (await within(caller.timeout(5000).emitWithAck('call:initiate', { bookingId }), 6000, 'initiate')) as {
    ok: boolean;
    callId: string;
  };
  if (!ack.ok) throw new Error(`initiate: ${JSON.stringify(ack)}`);
  return { t0, callId: ack.callId };
};
const hangUp = async (callId: string, bookingId: string) => {
  await within(caller.timeout(5000).emitWithAck('call:end', { callId, bookingId }), 6000, 'end');
};

for (let i = 0; i < CALLS && Date.now() < deadline; i++) {
  // Interleaved: a pushed ring, then a socket ring, so both see the same machine at the same moment.
  {
    const [w0, a0, f0] = [web.received.length, apns.received.length, fcm.received.length];
    const { t0, callId } = await dial(pushBooking.id);
    await until(
      () => web.received.length > w0 && apns.received.length > a0 && fcm.received.length > f0,
      'three pushes',
    );
    samples.web.push((web.received[w0]?.arrivedAt ?? 0) - t0);
    samples.apns.push((apns.received[a0]?.arrivedAt ?? 0) - t0);
    samples.fcm.push((fcm.received[f0]?.arrivedAt ?? 0) - t0);
    await hangUp(callId, pushBooking.id);
    await until(
      () => web.received.length > w0 + 1 && apns.received.length > a0 + 1 && fcm.received.length > f0 + 1,
      'the stops',
    );
  }
  {
    const incoming = new Promise<number>((resolve) => receiver.once('call:incoming', () => resolve(Date.now())));
    const { t0, callId } = await dial(socketBooking.id);
    samples.socket.push((await within(incoming, 5000, 'call:incoming')) - t0);
    await hangUp(callId, socketBooking.id);
    await new Promise<void>((resolve) => receiver.once('call:ended', () => resolve()));
  }
}

console.log(`\nDial -> ring, ${samples.socket.length} calls each, server on ${db} (ms, wall clock, one process)\n`);
console.log('| ring path | p50 | p90 | max |');
console.log('|---|---|---|---|');
for (const [name, xs] of [
  ['open app: `call:incoming` on its socket (reference)', samples.socket],
  ['closed app: web push request at the push service', samples.web],
  ['closed app: APNs VoIP push request at APNs', samples.apns],
  ['closed app: FCM request at FCM', samples.fcm],
] as const) {
  console.log(`| ${name} | ${percentile(xs, 50)} | ${percentile(xs, 90)} | ${Math.max(...xs)} |`);
}

caller.close();
receiver.close();
await server.close();
await Promise.all([web.close(), apns.close(), fcm.close()]);
tls.remove();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
