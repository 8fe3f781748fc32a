import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../../src/testing';
import { LocalApns, LocalFcm, LocalWebPushService, makeTestTls, type TestTls } from '../../src/testing/push-services';
import { connect, type TestSocket } from '../support/sockets';
import type { DbKind } from '../support/world';

export const BUNDLE_ID = 'com.example.calling.provider';

/** A server whose push services are local ones that check every push as the real services would. */
export function usePushWorld(db: DbKind, env: Record<string, string> = {}, opts: { nodes?: number } = {}) {
  const ctx = {} as {
    tls: TestTls;
    web: LocalWebPushService;
    apns: LocalApns;
    fcm: LocalFcm;
    server: TestServer;
    dir: string;
    vapidKey: string | null;
    sockets: TestSocket[];
  };
  beforeAll(async () => {
    ctx.sockets = [];
    ctx.tls = makeTestTls();
    ctx.vapidKey = null;
    ctx.web = await LocalWebPushService.start(ctx.tls, () => ctx.vapidKey);
    ctx.apns = await LocalApns.start(ctx.tls, { teamId: 'TEAM123456', keyId: 'KEY1234567', bundleId: BUNDLE_ID });
    ctx.fcm = await LocalFcm.start(ctx.tls, 'calling-test');
    ctx.dir = mkdtempSync(join(tmpdir(), 'push-keys-'));
    writeFileSync(join(ctx.dir, 'apns.p8'), ctx.apns.signingKeyPem);
    writeFileSync(join(ctx.dir, 'fcm.json'), JSON.stringify(ctx.fcm.serviceAccount));
    ctx.server = await startTestServer({
      db,
      ...(opts.nodes ? { nodes: opts.nodes } : {}),
      env: {
        PUSH_CA_FILE: ctx.tls.caFile,
        WEB_PUSH_ENDPOINTS: ctx.web.origin,
        VAPID_SUBJECT: 'mailto:ops@example.com',
        APNS_KEY_FILE: join(ctx.dir, 'apns.p8'),
        APNS_KEY_ID: ctx.apns.keyId,
        APNS_TEAM_ID: ctx.apns.teamId,
        APNS_BUNDLE_ID: BUNDLE_ID,
        APNS_ADDRESS: ctx.apns.address,
        FCM_SERVICE_ACCOUNT_FILE: join(ctx.dir, 'fcm.json'),
        FCM_ENDPOINT: ctx.fcm.origin,
        ...env,
      },
    });
    ctx.vapidKey = await configKey(ctx.server);
  });
  afterAll(async () => {
    for (const s of ctx.sockets) s.close();
    await ctx.server?.close();
    await Promise.all([ctx.web?.close(), ctx.apns?.close(), ctx.fcm?.close()]);
    ctx.tls?.remove();
    if (ctx.dir) rmSync(ctx.dir, { recursive: true, force: true });
  });
  const rest = async (method: string, path: string, token: string | null, body?: unknown) => {
    const res = await fetch(`${ctx.server.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> & { data?: unknown } };
  };
  return {
    get web() {
      return ctx.web;
    },
    get apns() {
      return ctx.apns;
    },
    get fcm() {
      return ctx.fcm;
    },
    get server() {
      return ctx.server;
    },
    rest,
    /** A customer with a socket, a provider with no socket, and an accepted booking between them. */
    async offlineProvider() {
      const user = await ctx.server.createUser({ role: 'user', name: 'Casey Customer' });
      const provider = await ctx.server.createUser({ role: 'provider' });
      const booking = await ctx.server.createBooking({ userId: user.id, providerId: provider.id });
      const userSocket = await this.socketFor(user);
      return { user, provider, booking, userSocket };
    },
    /** A socket of `who`, on node `node` (0: the first) of the cluster. */
    async socketFor(who: TestUser, deviceId?: string, node = 0) {
      const url = ctx.server.nodes[node]?.url ?? ctx.server.url;
      const s = await connect(url, who.token, { protocolVersion: 3, ...(deviceId ? { deviceId } : {}) });
      ctx.sockets.push(s);
      return s;
    },
    /** Registers one device of each kind for `who`; returns their ids and addresses. */
    async registerAllKinds(who: TestUser, opts: { showCallerName?: boolean; apnsDataToken?: boolean } = {}) {
      const web = ctx.web.subscribe();
      const apnsToken = randomBytes(32).toString('hex');
      const apnsDataToken = opts.apnsDataToken === false ? null : randomBytes(32).toString('hex');
      const fcmToken = `fcm:${randomBytes(40).toString('base64url')}`;
      const devices = { web: deviceId('web'), apns: deviceId('ios'), fcm: deviceId('android') };
      const show = opts.showCallerName === undefined ? {} : { showCallerName: opts.showCallerName };
      for (const [id, body] of [
        [devices.web, { kind: 'web', subscription: web.subscription, ...show }],
        [
          devices.apns,
          { kind: 'apns', token: apnsToken, ...(apnsDataToken ? { dataToken: apnsDataToken } : {}), ...show },
        ],
        [devices.fcm, { kind: 'fcm', token: fcmToken, ...show }],
      ] as const) {
        const r = await rest('PUT', `/api/push/devices/${id}`, who.token, body);
        if (r.status !== 200) throw new Error(`register ${id}: ${r.status} ${JSON.stringify(r.json)}`);
      }
      return { devices, web, apnsToken, apnsDataToken, fcmToken };
    },
  };
}

export const deviceId = (kind: string) => `${kind}-${randomBytes(6).toString('hex')}`;

async function configKey(server: TestServer): Promise<string | null> {
  const user = await server.createUser({ role: 'user' });
  const res = await fetch(`${server.url}/api/push/config`, { headers: { authorization: `Bearer ${user.token}` } });
  const body = (await res.json()) as { data: { webPushPublicKey: string | null } };
  return body.data.webPushPublicKey;
}

export const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition') => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
