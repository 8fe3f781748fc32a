import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Cluster, redisPing, startCluster } from '../../src/testing/cluster';
import { isAlive } from '../../src/testing/cluster/pids';
import { waitFor } from '../../src/testing/cluster/proc';

/**
 * The cluster launcher: 2 real server nodes behind HAProxy, with their own Redis and PostgreSQL. Everything
 * listens on 127.0.0.1 and is stopped by PID.
 */
let cluster: Cluster | undefined;
/** Every PID the cluster ever ran (killed and restarted ones too): all must be gone after stop(). */
const seen = new Set<number>();
const c = () => {
  if (!cluster) throw new Error('the cluster did not start');
  return cluster;
};
const remember = () => {
  for (const pid of c().pids()) seen.add(pid);
};

async function get(path: string): Promise<{ status: number; node: string | null; body: string }> {
  const res = await fetch(`${c().url}${path}`, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, node: res.headers.get('x-calling-node'), body: await res.text() };
}
async function healthzTimes(n: number) {
  const out: { status: number; node: string | null; body: string }[] = [];
  for (let i = 0; i < n; i++) out.push(await get('/healthz'));
  return out;
}
async function sql<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: c().databaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  cluster = await startCluster({ nodes: 2, env: { LOG_LEVEL: 'info' } });
  remember();
}, 120_000);
afterAll(async () => {
  await cluster?.stop(); // a no-op when the last test stopped it
}, 60_000);
beforeEach((ctx) => {
  ctx.onTestFailed(() => {
    if (!cluster) return;
    const logs = [...cluster.nodes.map((n) => n.logPath), cluster.haproxy.logPath];
    if (cluster.redis) logs.push(cluster.redis.logPath);
    if (cluster.postgres) logs.push(cluster.postgres.logPath);
    console.error(`cluster logs (removed at stop):\n  ${logs.join('\n  ')}`);
  });
});

describe('startCluster: 2 nodes, own Redis, own PostgreSQL, HAProxy', () => {
  it('starts what it says, on 127.0.0.1, with one JWT secret and distinct node ids', () => {
    const cl = c();
    expect(cl.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(cl.nodes.map((n) => n.nodeId)).toEqual(['node-1', 'node-2']);
    expect(cl.nodes.every((n) => n.url.startsWith('http://127.0.0.1:') && isAlive(n.pid))).toBe(true);
    expect(cl.redisUrl).toBe(`redis://127.0.0.1:${cl.redis?.port}`);
    expect(cl.databaseUrl).toBe(`postgres://postgres@127.0.0.1:${cl.postgres?.port}/postgres`);
    expect(cl.jwtSecret).toMatch(/^[0-9a-f]{64}$/);
    // The PID is the postmaster's own, not runuser's.
    expect(cl.postgres?.pids()).toContain(cl.postgres?.pid);
  });

  it('GET /healthz through HAProxy: 200 from both nodes in turn', async () => {
    const replies = await healthzTimes(6);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(JSON.parse(replies[0]?.body ?? '')).toEqual({ ok: true });
    const served = replies.map((r) => r.node);
    expect(new Set(served)).toEqual(new Set(['node-1', 'node-2']));
    // Between equally idle servers leastconn rotates: never the same node twice in a row.
    expect(served.every((n, i) => i === 0 || n !== served[i - 1])).toBe(true);
    const states = await c().haproxy.serverStates();
    expect(states.map((s) => [s.name, s.status, s.checkStatus])).toEqual([
      ['node-1', 'UP', 'L7OK'],
      ['node-2', 'UP', 'L7OK'],
    ]);
  });

  it('kill -9 one node: HAProxy reports it down within 2 s and requests still get 200', async () => {
    const victim = c().nodes[1];
    if (!victim) throw new Error('no node-2');
    const pid = victim.pid;
    const t0 = performance.now();
    await victim.kill();
    expect(isAlive(pid)).toBe(false);
    // Before HAProxy's next check: a request sent to the dead node is retried on the other one.
    const tm = performance.now();
    const meanwhile = await healthzTimes(4);
    const meanwhileMs = Math.round(performance.now() - tm);
    const down = await c().haproxy.waitForServer('node-2', 'down', 2000);
    const downMs = Math.round(performance.now() - t0);
    console.info(`HAProxy saw the killed node down after ${downMs} ms; 4 requests meanwhile took ${meanwhileMs} ms`);
    expect(down.status).toBe('DOWN');
    expect(down.checkStatus).toBe('L4CON'); // connection refused
    expect(meanwhile.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const after = await healthzTimes(6);
    expect(after.map((r) => [r.status, r.node])).toEqual(Array(6).fill([200, 'node-1']));
  });

  it('restart(): same port, a new process, HAProxy sees it up and sends it traffic again', async () => {
    const node = c().nodes[1];
    if (!node) throw new Error('no node-2');
    const { port, pid } = node;
    const t0 = performance.now();
    await node.restart();
    const up = await c().haproxy.waitForServer('node-2', 'up', 5000);
    console.info(`node-2 restarted and up in HAProxy after ${Math.round(performance.now() - t0)} ms`);
    expect(up.status).toBe('UP');
    expect(node.port).toBe(port);
    expect(node.pid).not.toBe(pid);
    remember();
    const served = new Set((await healthzTimes(6)).map((r) => r.status === 200 && r.node));
    expect(served).toEqual(new Set(['node-1', 'node-2']));
  });

  it('rollingRestart(): every node gets a new process, one at a time, while requests keep getting 200', async () => {
    const before = c().nodes.map((n) => n.pid);
    const statuses: number[] = [];
    let rolling = true;
    const traffic = (async () => {
      while (rolling) statuses.push((await get('/healthz')).status);
    })();
    try {
      await c().rollingRestart({ pauseMs: 100 });
    } finally {
      rolling = false;
      await traffic;
    }
    const after = c().nodes.map((n) => n.pid);
    expect(after.every((pid, i) => pid !== before[i] && isAlive(pid))).toBe(true);
    expect(before.some(isAlive)).toBe(false);
    console.info(`rolling restart: ${statuses.length} requests through HAProxy meanwhile, all 200`);
    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const states = await c().haproxy.serverStates();
    expect(states.every((s) => s.up)).toBe(true);
    remember();
  }, 90_000);

  it('addNode(): node-3 joins HAProxy at runtime and gets requests', async () => {
    const node = await c().addNode();
    remember();
    expect(node.nodeId).toBe('node-3');
    expect((await c().haproxy.serverStates()).map((s) => [s.name, s.status])).toEqual([
      ['node-1', 'UP'],
      ['node-2', 'UP'],
      ['node-3', 'UP'],
    ]);
    const served = new Set((await healthzTimes(9)).map((r) => r.status === 200 && r.node));
    expect(served).toEqual(new Set(['node-1', 'node-2', 'node-3']));
  }, 60_000);

  it('setServerState(): maint takes a node out of rotation, ready puts it back', async () => {
    await c().haproxy.setServerState('node-3', 'maint');
    expect((await c().haproxy.serverStates()).find((s) => s.name === 'node-3')?.status).toBe('MAINT');
    const served = new Set((await healthzTimes(6)).map((r) => r.node));
    expect(served.has('node-3')).toBe(false);
    await c().haproxy.setServerState('node-3', 'ready');
    expect((await c().haproxy.waitForServer('node-3', 'up', 3000)).status).toBe('UP');
  });

  it('Redis restart(): same port, a new process, answers PING', async () => {
    const redis = c().redis;
    if (!redis) throw new Error('no own redis');
    const { port, pid } = redis;
    expect(await redisPing(port)).toBe(true);
    await redis.restart();
    remember();
    expect(redis.port).toBe(port);
    expect(redis.pid).not.toBe(pid);
    expect(isAlive(pid)).toBe(false);
    expect(await redisPing(port)).toBe(true);
  });

  it('PostgreSQL restart(): same port, a new postmaster, the data is still there', async () => {
    const postgres = c().postgres;
    if (!postgres) throw new Error('no own postgres');
    const { port, pid } = postgres;
    await sql('create table launcher_probe (x int)');
    await sql('insert into launcher_probe values (42)');
    await postgres.restart();
    remember();
    expect(postgres.port).toBe(port);
    expect(postgres.pid).not.toBe(pid);
    expect(isAlive(pid)).toBe(false);
    expect(await sql('select x from launcher_probe')).toEqual([{ x: 42 }]);
  });

  it('stop(): no process it ever ran is left, temp dirs are gone, and a second stop() is fine', async () => {
    const cl = c();
    remember();
    const roots = [cl.haproxy.pid, cl.redis?.pid, cl.postgres?.pid, ...cl.nodes.map((n) => n.pid)];
    expect(roots.every((pid) => pid !== undefined && seen.has(pid))).toBe(true);
    expect(seen.size).toBeGreaterThan(roots.length); // PostgreSQL's children, runuser, earlier runs
    await cl.stop();
    await cl.stop();
    const gone = (pid: number) => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    };
    // Children of a stopped node (tsx's esbuild service) exit on their own a moment later and are reaped by init.
    await waitFor('every cluster process to be gone', () => [...seen].every(gone), { timeoutMs: 5000 }).catch(() => {});
    expect([...seen].filter((pid) => !gone(pid))).toEqual([]);
    expect(existsSync(cl.dir)).toBe(false);
  });
});
