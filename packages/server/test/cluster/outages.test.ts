import { beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from '../../src/testing/cluster';
import type { SimCall } from '../../src/testing/sim-client';
import { sleep } from '../support/calls';
import { type ClusterWorld, connectedCall, until, useCluster } from '../support/cluster-world';

type Pair = Awaited<ReturnType<ClusterWorld['pair']>>;

async function readyz(cluster: Cluster) {
  return Promise.all(
    cluster.nodes.map(async (n) => {
      const res = await fetch(`${n.url}/readyz`, { signal: AbortSignal.timeout(5000) });
      return { status: res.status, body: (await res.json()) as { dependencies: Record<string, string> } };
    }),
  );
}
const allReady = (cluster: Cluster) => async () => (await readyz(cluster)).every((r) => r.status === 200);

/** Hangs up every call and checks each booking has exactly one row, completed, with the duration the caller saw. */
async function hangUpAll(world: ClusterWorld, pairs: Pair[], calls: SimCall[]) {
  const seen: number[] = [];
  for (const [i, p] of pairs.entries()) {
    seen.push((performance.now() - ((calls[i] as SimCall).connectedAt ?? 0)) / 1000);
    expect(await p.caller.hangUp(calls[i] as SimCall)).toBe(true);
  }
  for (const p of pairs) await p.receiver.until(() => p.receiver.current?.endedAt !== null, 5000, 'call:ended');
  for (const [i, p] of pairs.entries()) {
    const rows = await world.rows(p.bookingId);
    expect(rows.map((r) => [r.call_status, r.end_reason])).toEqual([['completed', 'completed']]);
    expect(Math.abs((rows[0]?.duration ?? -1) - (seen[i] as number))).toBeLessThanOrEqual(1);
  }
}

describe('Redis and PostgreSQL restarted while calls run (two real nodes behind HAProxy)', () => {
  const ctx = useCluster({ nodes: 2, env: { LOG_LEVEL: 'warn', DB_TIMEOUT_MS: '1000' } });
  let cluster: Cluster;
  let world: ClusterWorld;
  beforeAll(() => {
    ({ cluster, world } = ctx);
  });

  it('Redis away: /readyz says so, events get unavailable, calls stay up; back: nothing lost or duplicated', async () => {
    const pairs: Pair[] = [];
    for (let i = 0; i < 6; i++) pairs.push(await world.pair());
    const calls = await Promise.all(pairs.map((p) => connectedCall(p.caller, p.receiver, p.bookingId)));
    await cluster.redis?.stop();
    const down = await readyz(cluster);
    expect(down.map((r) => [r.status, r.body.dependencies.redis])).toEqual([
      [503, 'down'],
      [503, 'down'],
    ]);
    const first = pairs[0] as Pair;
    const refusedEnd = await first.caller.emit('call:connected', {
      callId: (calls[0] as SimCall).callId,
      bookingId: first.bookingId,
    });
    expect(refusedEnd).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    // A new connection needs presence: refused while Redis is away, with the typed error.
    const newcomer = await world.device();
    await newcomer.until(() => newcomer.lastRefusal !== null, 5000, 'a refused handshake');
    expect(newcomer.lastRefusal).toMatchObject({ code: 'unavailable' });
    await sleep(1500);
    expect(calls.every((c) => c.endedAt === null)).toBe(true);
    await cluster.redis?.restart();
    await until('both nodes ready', allReady(cluster), 15_000);
    expect(calls.every((c) => c.endedAt === null)).toBe(true);
    await hangUpAll(world, pairs, calls);
    // And new calls work again.
    const fresh = await world.pair();
    const call = await connectedCall(fresh.caller, fresh.receiver, fresh.bookingId);
    await hangUpAll(world, [fresh], [call]);
  }, 120_000);

  it('PostgreSQL away: new calls get unavailable, live calls go on and can end; their rows land when it is back', async () => {
    const pairs: Pair[] = [];
    for (let i = 0; i < 4; i++) pairs.push(await world.pair());
    const calls = await Promise.all(pairs.map((p) => connectedCall(p.caller, p.receiver, p.bookingId)));
    const spare = await world.pair();
    await cluster.postgres?.stop();
    const down = await readyz(cluster);
    expect(down.map((r) => [r.status, r.body.dependencies.database])).toEqual([
      [503, 'down'],
      [503, 'down'],
    ]);
    expect(await spare.caller.dial(spare.bookingId)).toEqual({ error: 'unavailable' });
    // A hang-up while the database is away: both parties are told; the row is written once it is back.
    const last = pairs.pop() as Pair;
    const lastCall = calls.pop() as SimCall;
    const seen = (performance.now() - (lastCall.connectedAt ?? 0)) / 1000;
    expect(await last.caller.hangUp(lastCall)).toBe(true);
    await last.receiver.until(() => last.receiver.current?.endedAt !== null, 5000, 'call:ended while PG is away');
    await sleep(1000);
    expect(calls.every((c) => c.endedAt === null)).toBe(true);
    await cluster.postgres?.restart();
    await until('both nodes ready', allReady(cluster), 15_000);
    await until(
      'the row of the call that ended during the outage',
      async () => (await world.rows(last.bookingId))[0]?.call_status === 'completed',
      10_000,
    );
    const rows = await world.rows(last.bookingId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ end_reason: 'completed' });
    expect(Math.abs((rows[0]?.duration ?? -1) - seen)).toBeLessThanOrEqual(1);
    await hangUpAll(world, pairs, calls);
  }, 120_000);
});
