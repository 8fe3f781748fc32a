import { afterAll, beforeAll, expect } from 'vitest';
import { createTokenService } from '../../src/auth/tokens';
import { bookingsRepo } from '../../src/store/bookings';
import { callLogsRepo } from '../../src/store/call-logs';
import { type Db, openPostgres } from '../../src/store/db';
import { usersRepo } from '../../src/store/users';
import { type Cluster, type ClusterOptions, startCluster } from '../../src/testing/cluster';
import type { SimCall } from '../../src/testing/sim-client';
import { SimDevice } from '../../src/testing/sim-client';
import { sleep } from './calls';

let counter = Math.floor(Math.random() * 1e6);
const phoneOf = (n: number) => `+1888${String(n).padStart(7, '0')}`;

/**
 * Only `node` takes new connections while `fn` runs (the others are in maintenance in HAProxy); afterwards the
 * others are back in rotation and HAProxy sees them up.
 */
export async function onlyOn<T>(cluster: Cluster, node: string, fn: () => Promise<T>): Promise<T> {
  const others = cluster.nodes.map((n) => n.nodeId).filter((id) => id !== node);
  for (const id of others) await cluster.haproxy.setServerState(id, 'maint');
  try {
    return await fn();
  } finally {
    for (const id of others) await cluster.haproxy.setServerState(id, 'ready');
    for (const id of others) await cluster.haproxy.waitForServer(id, 'up');
  }
}

/** People, bookings and devices in a real-process cluster's database, reached through its load balancer. */
export async function clusterWorld(cluster: Cluster) {
  const db: Db = await openPostgres(cluster.databaseUrl);
  const users = usersRepo(db);
  const bookings = bookingsRepo(db);
  const logs = callLogsRepo(db);
  const tokens = createTokenService({
    secret: cluster.jwtSecret,
    jwksUrl: null,
    issuer: null,
    audience: null,
    ttlS: 3600,
  });
  const devices: SimDevice[] = [];
  // Every phone number made here, and every payload any device received, checked against them as it arrives.
  const phones = new Set<string>();
  const privacy = { payloads: 0, leaks: [] as string[] };
  const watch = (d: SimDevice) => {
    devices.push(d);
    d.socket.onAny((event: string, payload: unknown) => {
      privacy.payloads += 1;
      const text = JSON.stringify(payload) ?? '';
      for (const phone of phones) if (text.includes(phone)) privacy.leaks.push(`${event} carried ${phone}`);
    });
    return d;
  };
  const person = async (role: 'user' | 'provider') => {
    counter += 1;
    const account = await users.create({
      name: `${role} ${counter}`,
      phone: phoneOf(counter),
      role,
      passwordHash: 'not-a-login',
      serviceName: role === 'provider' ? 'Plumbing' : null,
    });
    if (!account) throw new Error('could not create a test account');
    phones.add(phoneOf(counter));
    return {
      id: account.id,
      name: account.name,
      token: await tokens.sign({ sub: account.id, role, name: account.name }),
    };
  };
  /** A customer and a provider (accounts and tokens) with an accepted booking; no device yet. */
  const booking = async () => {
    const user = await person('user');
    const provider = await person('provider');
    const bookingId = await bookings.create({
      userId: user.id,
      providerId: provider.id,
      serviceName: 'Plumbing',
      status: 'accepted',
    });
    return { user, provider, bookingId };
  };
  return {
    db,
    /** How many payloads the devices received, and any that carried a phone number. */
    privacy,
    booking,
    /** A customer and a provider with an accepted booking, each on a device that answers calls. */
    async pair(opts: { url?: string; answer?: boolean } = {}) {
      const url = opts.url ?? cluster.url;
      const { user, provider, bookingId } = await booking();
      const caller = new SimDevice(url, user.token);
      const receiver = new SimDevice(url, provider.token, { answer: opts.answer ?? true });
      watch(caller);
      watch(receiver);
      await Promise.all([caller.ready(), receiver.ready()]);
      return { user, provider, bookingId, caller, receiver };
    },
    /** A device (of a new customer unless a token is given); `connected`: resolves once it is connected. */
    async device(opts: { token?: string; answer?: boolean; connected?: boolean } = {}) {
      const d = new SimDevice(cluster.url, opts.token ?? (await person('user')).token, { answer: opts.answer ?? true });
      watch(d);
      if (opts.connected) await d.ready();
      return d;
    },
    /** Calls still live in the cluster's Redis, and ended ones whose row is not written yet. */
    async liveInRedis() {
      const { Redis } = await import('ioredis');
      const redis = new Redis(cluster.redisUrl, { lazyConnect: true });
      await redis.connect();
      try {
        return (await redis.keys('calling:call:*')).length + (await redis.hlen('calling:finishing'));
      } finally {
        redis.disconnect();
      }
    },
    rows: (bookingId: string) => logs.history(bookingId, 100, undefined),
    async close() {
      for (const d of devices) d.close();
      await db.close();
    },
  };
}

export type ClusterWorld = Awaited<ReturnType<typeof clusterWorld>>;

/** One real-process cluster (and its world) for a test file: started before, stopped after. */
export function useCluster(opts: ClusterOptions) {
  const ctx = { cluster: undefined as unknown as Cluster, world: undefined as unknown as ClusterWorld };
  beforeAll(async () => {
    ctx.cluster = await startCluster(opts);
    ctx.world = await clusterWorld(ctx.cluster);
  }, 90_000);
  afterAll(async () => {
    const privacy = ctx.world?.privacy;
    await ctx.world?.close();
    await ctx.cluster?.stop();
    // No payload any device received carried a phone number (and the check saw payloads).
    expect(privacy?.leaks).toEqual([]);
    expect(privacy?.payloads).toBeGreaterThan(0);
  }, 60_000);
  return ctx;
}

/** Dials and waits until both devices have reported media (bounded). */
export async function connectedCall(caller: SimDevice, receiver: SimDevice, bookingId: string): Promise<SimCall> {
  const call = await caller.dial(bookingId);
  if ('error' in call) throw new Error(`dial refused: ${call.error}`);
  await caller.until(() => call.connectedAt !== null, 10_000, 'media connected at the caller');
  await receiver.until(() => (receiver.current?.connectedAt ?? null) !== null, 10_000, 'media at the receiver');
  return call;
}

/** Polls `cond` until it holds (bounded). */
export async function until(what: string, cond: () => Promise<boolean>, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await sleep(50);
  }
  throw new Error(`no ${what} within ${timeoutMs} ms`);
}
