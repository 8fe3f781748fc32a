import type { CallLog } from '@calling/protocol';
import type { Cluster } from '../../src/testing/cluster';
import type { SimCall, SimDevice } from '../../src/testing/sim-client';
import { sleep } from './calls';
import type { ClusterWorld as World } from './cluster-world';

export interface SoakOptions {
  calls: number;
  pairs: number;
  /** The whole soak gives up after this (bounded even if the cluster misbehaves). */
  maxMs: number;
  /** A random node is killed (kill -9) this often, and started again a moment later. */
  killEveryMs: number;
  /** A random device drops its connection this often (it reconnects and resumes by itself). */
  dropEveryMs: number;
  /** Ring timeout + reconnect grace + node death detection: after this nothing may still be live. */
  settleMs: number;
}
interface Attempt {
  call: SimCall;
  bookingId: string;
  /** performance.now() when the caller's hang-up was acknowledged, if it was. */
  hungUpAt: number | null;
}
export interface SoakReport {
  started: number;
  completed: number;
  lost: number;
  duplicated: number;
  stuck: number;
  /** Calls whose initiate ack was lost with a dropped socket: the row exists, the caller never knew the id. */
  unacknowledged: number;
  endReasons: Record<string, number>;
  /** Worst |ended_at − connected_at (stored, ms precision) − what the caller saw|, seconds. */
  worstDurationErrorS: number;
  /** The same against the billed whole seconds (floor), so up to 1 s of it is the rounding down. */
  worstBilledErrorS: number;
  durationsCompared: number;
  kills: number;
  drops: number;
  seconds: number;
}

const random = (n: number) => Math.floor(Math.random() * n);

/** One pair's loop: dial, talk a little, hang up; again, until the soak has its calls or runs out of time. */
async function pairLoop(p: Awaited<ReturnType<World['pair']>>, attempts: Attempt[], wanted: number, until: number) {
  while (attempts.length < wanted && performance.now() < until) {
    const call = await p.caller.dial(p.bookingId);
    if ('error' in call) {
      await sleep(200); // busy while the previous call finishes, or a node just died: try again
      continue;
    }
    const attempt: Attempt = { call, bookingId: p.bookingId, hungUpAt: null };
    attempts.push(attempt);
    const ringing = random(10) === 0;
    await p.caller
      .until(() => call.connectedAt !== null || call.endedAt !== null, ringing ? 300 : 8000, 'connected')
      .catch(() => {});
    if (call.connectedAt !== null) await sleep(300 + random(1200));
    // Hang up (cancel if it never connected); a hang-up lost with a dropped socket is sent again.
    const stopBy = performance.now() + 15_000;
    while (call.endedAt === null && performance.now() < stopBy) {
      if (p.caller.socket.connected && (await p.caller.hangUp(call))) {
        attempt.hungUpAt = performance.now();
        break;
      }
      await sleep(200);
    }
    await p.caller.until(() => call.endedAt !== null, 10_000, 'call:ended').catch(() => {});
  }
}

/** At least `calls` calls over the cluster while nodes are killed and devices drop; then the books are checked. */
export async function chaosSoak(cluster: Cluster, world: World, o: SoakOptions): Promise<SoakReport> {
  const t0 = performance.now();
  const until = t0 + o.maxMs;
  const pairs = [];
  for (let i = 0; i < o.pairs; i++) pairs.push(await world.pair());
  const devices: SimDevice[] = pairs.flatMap((p) => [p.caller, p.receiver]);
  const attempts: Attempt[] = [];
  let kills = 0;
  let drops = 0;
  let running = true;
  const chaos = (async () => {
    let lastKill = performance.now();
    while (running && performance.now() < until) {
      await sleep(o.dropEveryMs);
      drops += 1;
      devices[random(devices.length)]?.drop();
      if (performance.now() - lastKill >= o.killEveryMs) {
        lastKill = performance.now();
        const node = cluster.nodes[random(cluster.nodes.length)];
        if (node?.running()) {
          kills += 1;
          await node.kill();
          await sleep(500);
          await node.restart();
        }
      }
    }
  })();
  await Promise.all(pairs.map((p) => pairLoop(p, attempts, o.calls, until)));
  running = false;
  await chaos;
  for (const n of cluster.nodes) if (!n.running()) await n.restart();
  await sleep(o.settleMs);
  return {
    ...(await audit(world, attempts, devices)),
    kills,
    drops,
    seconds: Math.round((performance.now() - t0) / 1000),
  };
}

async function audit(world: World, attempts: Attempt[], devices: SimDevice[]) {
  const byBooking = new Map<string, Attempt[]>();
  for (const a of attempts) byBooking.set(a.bookingId, [...(byBooking.get(a.bookingId) ?? []), a]);
  let lost = 0;
  let unacknowledged = 0;
  let stuck = 0;
  let completed = 0;
  let worst = 0;
  let worstBilled = 0;
  let compared = 0;
  const endReasons: Record<string, number> = {};
  for (const [bookingId, made] of byBooking) {
    const rows: CallLog[] = await world.rows(bookingId);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const r of rows) {
      if (r.call_status === null) stuck += 1;
      if (!made.some((a) => a.call.callId === r.id)) unacknowledged += 1;
    }
    for (const a of made) {
      const row = byId.get(a.call.callId);
      if (!row) {
        lost += 1;
        continue;
      }
      if (row.call_status === null) continue;
      endReasons[row.end_reason ?? 'null'] = (endReasons[row.end_reason ?? 'null'] ?? 0) + 1;
      if (row.call_status === 'completed') completed += 1;
      // What the caller saw: from its connected ack to its acknowledged hang-up.
      if (row.end_reason === 'completed' && a.hungUpAt !== null && a.call.connectedAt !== null) {
        compared += 1;
        const seen = (a.hungUpAt - a.call.connectedAt) / 1000;
        const stored = (Date.parse(row.ended_at ?? '') - Date.parse(row.connected_at ?? '')) / 1000;
        worst = Math.max(worst, Math.abs(stored - seen));
        worstBilled = Math.max(worstBilled, Math.abs(row.duration - seen));
      }
    }
  }
  // A device told twice that one call ended: the end was applied twice somewhere.
  const duplicated = devices.reduce((n, d) => n + [...d.endedEvents.values()].filter((c) => c > 1).length, 0);
  const live = await world.liveInRedis();
  return {
    started: attempts.length,
    completed,
    lost,
    duplicated,
    stuck: stuck + live,
    unacknowledged,
    endReasons,
    worstDurationErrorS: Math.round(worst * 1000) / 1000,
    worstBilledErrorS: Math.round(worstBilled * 1000) / 1000,
    durationsCompared: compared,
  };
}
