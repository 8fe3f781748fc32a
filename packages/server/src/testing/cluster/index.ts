import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type Haproxy, startHaproxy } from './haproxy';
import { createDatabase, LOCAL_ADMIN_URL } from './local-db';
import { type ServerNode, startNode } from './node';
import { makeDir, removeDir } from './owned';
import { descendants, isAlive } from './pids';
import { type PostgresServer, startPostgres } from './postgres';
import { sleep } from './proc';
import { type RedisServer, startRedis } from './redis';

export type { Haproxy, HaproxyBackend, ServerState } from './haproxy';
export type { ServerNode } from './node';
export type { PostgresServer } from './postgres';
export { type RedisServer, redisPing } from './redis';
export { startHaproxy, startNode, startPostgres, startRedis };

export interface ClusterOptions {
  nodes: number;
  /** Extra env for every node (DEMO=on, RING_TIMEOUT_S, ...). */
  env?: Record<string, string | undefined>;
  /** 'own' (default): a redis-server of its own; or a redis:// URL to use as is. */
  redis?: 'own' | string;
  /** 'own' (default): a PostgreSQL cluster of its own; 'local': a fresh database on 127.0.0.1:5432; or a URL. */
  postgres?: 'own' | 'local' | string;
  /** HAProxy's port; default a free one. */
  port?: number;
}

export interface Cluster {
  /** HAProxy's URL: what clients use. */
  url: string;
  nodes: ServerNode[];
  /** null when redis was given as a URL. */
  redis: RedisServer | null;
  /** null when postgres was 'local' or a URL. */
  postgres: PostgresServer | null;
  haproxy: Haproxy;
  jwtSecret: string;
  databaseUrl: string;
  redisUrl: string;
  /** The temp dir holding every component's dir and log. */
  dir: string;
  /** Starts node-<N+1> with the same env and adds it to HAProxy; resolves when HAProxy sees it up. */
  addNode(): Promise<ServerNode>;
  /** One node at a time: drain in HAProxy, SIGTERM, start again, wait until HAProxy sees it up, pause, next. */
  rollingRestart(opts?: { pauseMs?: number }): Promise<void>;
  /** Every process the cluster runs now (including PostgreSQL's children). */
  pids(): number[];
  /** Stops everything it started, by PID, drops a 'local' database, removes the temp dirs. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts the promises together; if any fails, disposes the ones that started and throws the first error. */
async function allOrNothing<T extends { dispose(): Promise<void> }>(starts: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(starts);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (!failed) return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
  await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.dispose().catch(() => {}) : null)));
  throw failed.reason;
}

/** Redis, PostgreSQL, N server nodes as real processes and HAProxy in front: a cluster on 127.0.0.1. */
export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  if (!Number.isInteger(opts.nodes) || opts.nodes < 1) throw new Error(`nodes must be >= 1, got ${opts.nodes}`);
  const dir = await makeDir('cluster');
  const cleanups: (() => Promise<void>)[] = []; // run in reverse order by stop()
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      const errors: unknown[] = [];
      for (const fn of cleanups.reverse()) await fn().catch((err) => errors.push(err));
      removeDir(dir);
      if (errors.length) throw new AggregateError(errors, `cluster stop: ${errors.length} step(s) failed`);
    })();
    return stopping;
  };

  try {
    const redisOpt = opts.redis ?? 'own';
    const pgOpt = opts.postgres ?? 'own';
    const [redisStart, pgStart] = await Promise.allSettled([
      redisOpt === 'own' ? startRedis({ dir: join(dir, 'redis') }) : null,
      pgOpt === 'own' ? startPostgres({ dir: join(dir, 'postgres') }) : null,
    ]);
    const redis = redisStart.status === 'fulfilled' ? redisStart.value : null;
    const postgres = pgStart.status === 'fulfilled' ? pgStart.value : null;
    if (redis) cleanups.push(() => redis.dispose());
    if (postgres) cleanups.push(() => postgres.dispose());
    if (redisStart.status === 'rejected') throw redisStart.reason;
    if (pgStart.status === 'rejected') throw pgStart.reason;
    let databaseUrl: string;
    if (postgres) databaseUrl = postgres.url;
    else if (pgOpt === 'local') {
      const db = await createDatabase(LOCAL_ADMIN_URL);
      cleanups.push(() => db.drop());
      databaseUrl = db.url;
    } else databaseUrl = pgOpt;
    const redisUrl = redis ? redis.url : redisOpt;
    const jwtSecret = opts.env?.JWT_SECRET ?? randomBytes(32).toString('hex');

    const env = {
      // Nodes believe HAProxy's X-Forwarded-For (probes are never limited); every test client is 127.0.0.1 too,
      // so per-IP limits are lifted unless env sets them.
      TRUST_PROXY: '127.0.0.1',
      API_RATE_LIMIT_PER_MIN: '100000',
      AUTH_RATE_LIMIT_PER_MIN: '100000',
      MAX_CONNECTIONS_PER_IP: '100000',
      NEW_CONNECTIONS_PER_IP_PER_S: '100000',
      ...opts.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      JWT_SECRET: jwtSecret,
    };
    const nodes: ServerNode[] = [];
    cleanups.push(async () => {
      await Promise.all(nodes.map((n) => n.dispose()));
    });
    const launch = (i: number) => startNode({ nodeId: `node-${i}`, env, dir: join(dir, `node-${i}`) });
    // node-1 alone first: it migrates the database and seeds demo data (DEMO=on), which the others then find
    // done. Started together, the nodes race on the demo seed (migrations are serialised by an advisory lock).
    nodes.push(await launch(1));
    const ids = Array.from({ length: opts.nodes - 1 }, (_, i) => i + 2);
    nodes.push(...(await allOrNothing(ids.map(launch))));

    const backend = (n: ServerNode) => ({ name: n.nodeId, host: '127.0.0.1', port: n.port });
    const haproxy = await startHaproxy({
      backends: nodes.map(backend),
      dir: join(dir, 'haproxy'),
      ...(opts.port ? { port: opts.port } : {}),
    });
    cleanups.push(() => haproxy.dispose());
    for (const n of nodes) await haproxy.waitForServer(n.nodeId, 'up');

    return {
      url: haproxy.url,
      nodes,
      redis,
      postgres,
      haproxy,
      jwtSecret,
      databaseUrl,
      redisUrl,
      dir,
      async addNode() {
        const node = await launch(nodes.length + 1);
        nodes.push(node);
        await haproxy.addServer(backend(node));
        await haproxy.waitForServer(node.nodeId, 'up');
        return node;
      },
      async rollingRestart({ pauseMs = 0 } = {}) {
        for (const [i, node] of nodes.entries()) {
          if (i > 0) await sleep(pauseMs);
          await haproxy.setServerState(node.nodeId, 'drain'); // no new connections while it shuts down
          await node.stop();
          await haproxy.waitForServer(node.nodeId, 'down', 5000); // its checks failed: HAProxy saw it go
          await node.restart();
          await haproxy.setServerState(node.nodeId, 'ready');
          await haproxy.waitForServer(node.nodeId, 'up');
        }
      },
      pids() {
        const roots = [haproxy.pid, ...nodes.map((n) => n.pid), ...(redis ? [redis.pid] : [])];
        const own = roots.filter((p) => p > 0 && isAlive(p)).flatMap((p) => [p, ...descendants(p)]);
        return [...new Set([...own, ...(postgres?.pids() ?? [])])];
      },
      stop,
    };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}
