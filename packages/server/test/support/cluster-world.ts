import { createTokenService } from '../../src/auth/tokens';
import { bookingsRepo } from '../../src/store/bookings';
import { callLogsRepo } from '../../src/store/call-logs';
import { type Db, openPostgres } from '../../src/store/db';
import { usersRepo } from '../../src/store/users';
import type { Cluster } from '../../src/testing/cluster';
import { SimDevice } from '../../src/testing/sim-client';

let counter = Math.floor(Math.random() * 1e6);

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
  const tokens = createTokenService({ secret: cluster.jwtSecret, jwksUrl: null, issuer: null, ttlS: 3600 });
  const devices: SimDevice[] = [];
  const person = async (role: 'user' | 'provider') => {
    counter += 1;
    const account = await users.create({
      name: `${role} ${counter}`,
      phone: `+1888${String(counter).padStart(7, '0')}`,
      role,
      passwordHash: 'not-a-login',
      serviceName: role === 'provider' ? 'Plumbing' : null,
    });
    if (!account) throw new Error('could not create a test account');
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
    booking,
    /** A customer and a provider with an accepted booking, each on a device that answers calls. */
    async pair(opts: { url?: string; answer?: boolean } = {}) {
      const url = opts.url ?? cluster.url;
      const { user, provider, bookingId } = await booking();
      const caller = new SimDevice(url, user.token);
      const receiver = new SimDevice(url, provider.token, { answer: opts.answer ?? true });
      devices.push(caller, receiver);
      await Promise.all([caller.ready(), receiver.ready()]);
      return { user, provider, bookingId, caller, receiver };
    },
    /** A device of a new customer that has not (yet) connected. */
    async device() {
      const d = new SimDevice(cluster.url, (await person('user')).token);
      devices.push(d);
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
