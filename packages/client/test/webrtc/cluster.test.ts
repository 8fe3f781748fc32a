import { readFileSync } from 'node:fs';
import { type Cluster, startCluster } from '@calling/server/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clusterWorld, onlyOn } from '../../../server/test/support/cluster-world';
import { inboundAudio } from '../../src/testing/node-webrtc';
import type { CallSnapshot } from '../../src/types';
import { connect, expectReleased, type Party, party, reach, stateOf, until } from './world';

// Two real CallClients with real audio against three real server nodes (own Redis and PostgreSQL) behind
// HAProxy: a call whose two sides live on different nodes, and a call whose node is killed under it.

type World = Awaited<ReturnType<typeof clusterWorld>>;

/** Short, so the kill test can outlast it: a party that never resumed would be ended connection_lost. */
const GRACE_S = 3;
let cluster: Cluster;
let world: World;
const opened: Party[] = [];

beforeAll(async () => {
  cluster = await startCluster({
    nodes: 3,
    env: { LOG_LEVEL: 'warn', RING_TIMEOUT_S: '15', RECONNECT_GRACE_S: String(GRACE_S), NODE_DEAD_AFTER_MS: '2000' },
  });
  world = await clusterWorld(cluster);
}, 90_000);
afterEach(() => {
  for (const p of opened.splice(0)) p.client.close();
});
afterAll(async () => {
  await world?.close();
  await cluster?.stop();
}, 60_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const lastEnded = (p: Party) => [...p.seen].reverse().find((s) => s.state === 'ended');
/** The reason of every time the call entered `ended` (a later call:ended refining it is the same end). */
const endings = (p: Party) =>
  p.seen.filter((s, i) => s.state === 'ended' && p.seen[i - 1]?.state !== 'ended').map((s) => s.endReason);
const pcOf = (p: Party) => {
  const pc = p.webrtc.pcs[0];
  if (!pc) throw new Error(`${p.name} has no peer connection`);
  return pc;
};

/** Audio arrives at `p`: over one second, inbound-rtp packets and bytes rise. */
async function expectAudioIn(p: Party) {
  const before = await inboundAudio(pcOf(p));
  await sleep(1000);
  const after = await inboundAudio(pcOf(p));
  expect(after.packets - before.packets, `${p.name} packets in 1 s`).toBeGreaterThan(25);
  expect(after.bytes, `${p.name} bytes`).toBeGreaterThan(before.bytes);
}

interface StoredRow {
  id: string;
  state: string;
  call_status: string | null;
  end_reason: string | null;
  ended_by: string | null;
  duration: number;
  /** ended_at - connected_at in ms, as PostgreSQL computes it. */
  span_ms: number | null;
  updated_at: Date;
}
/** The booking's rows in call_logs, straight from the cluster's database. */
async function storedRows(bookingId: string): Promise<StoredRow[]> {
  const { rows } = await world.db.query<StoredRow>(
    `select id, state, call_status, end_reason, ended_by, duration, updated_at,
            (extract(epoch from ended_at - connected_at) * 1000)::float8 as span_ms
       from call_logs where booking_id = $1`,
    [bookingId],
  );
  return rows;
}
/** Waits for the booking's one row to be ended, checks it is completed by `endedBy`; returns it. */
async function completedRow(bookingId: string, callId: string | undefined, endedBy: string): Promise<StoredRow> {
  await expect.poll(async () => (await storedRows(bookingId))[0]?.state, { timeout: 5000 }).toBe('ended');
  const rows = await storedRows(bookingId);
  expect(rows).toHaveLength(1);
  const row = rows[0] as StoredRow;
  expect(row).toMatchObject({ id: callId, call_status: 'completed', end_reason: 'completed', ended_by: endedBy });
  expect(row.span_ms).not.toBeNull();
  expect(row.duration).toBe(Math.floor((row.span_ms ?? -1) / 1000));
  return row;
}

interface Sample {
  at: number;
  packets: number;
}
/** Inbound audio packets of each party's peer connection, sampled every `everyMs` until stopAfter(at). */
function sampleInboundAudio(parties: Party[], everyMs: number) {
  const series: Sample[][] = parties.map(() => []);
  let endAt = Number.POSITIVE_INFINITY;
  let lastAt = 0;
  const loop = (async () => {
    while (lastAt < endAt) {
      const started = Date.now();
      const counts = await Promise.all(parties.map((p) => inboundAudio(pcOf(p))));
      lastAt = Date.now();
      counts.forEach((c, i) => {
        series[i]?.push({ at: lastAt, packets: c.packets });
      });
      if (lastAt < endAt) await sleep(Math.max(0, everyMs - (Date.now() - started)));
    }
  })();
  return {
    /** Resolves with the series once a sample was taken at `at` or later. */
    async stopAfter(at: number) {
      endAt = at;
      await loop;
      return series;
    },
  };
}
/** The longest time the packet count did not rise, over the whole series (to its last sample). */
function longestStall(series: Sample[]): number {
  let lastRise = series[0]?.at ?? 0;
  let longest = 0;
  for (let i = 1; i < series.length; i++) {
    const s = series[i] as Sample;
    longest = Math.max(longest, s.at - lastRise);
    if (s.packets > (series[i - 1] as Sample).packets) lastRise = s.at;
  }
  return longest;
}

/** On failure, the tail of every node's log (warn and above) in the test output. */
function dumpNodeLogsOnFailure(onTestFailed: (fn: () => void) => void) {
  onTestFailed(() => {
    for (const n of cluster.nodes) {
      const log = readFileSync(n.logPath, 'utf8');
      console.error(`--- ${n.nodeId} ${n.logPath} (tail) ---\n${log.slice(-4000)}`);
    }
  });
}

describe('CallClients with real audio on a three-node cluster behind HAProxy', () => {
  it('caller on node-1, receiver on node-2: ringing, accept, audio both ways, hang-up; one completed row', async ({
    onTestFailed,
  }) => {
    dumpNodeLogsOnFailure(onTestFailed);
    const [node1, node2] = cluster.nodes;
    if (!node1 || !node2) throw new Error('the cluster has fewer than two nodes');
    const { user, provider: pro, bookingId } = await world.booking();
    const customer = await party({ url: node1.url }, user);
    opened.push(customer);
    const provider = await party({ url: node2.url }, pro);
    opened.push(provider);

    void customer.client.startCall(bookingId);
    await reach(provider, 'ringing');
    expect(provider.client.getSnapshot().call).toMatchObject({
      bookingId,
      direction: 'incoming',
      peerId: customer.id,
      peerName: customer.name,
    });
    expect(customer.client.getSnapshot()).toMatchObject({ state: 'calling', call: { peerName: provider.name } });
    await provider.client.accept();
    await reach(customer, 'connected');
    await reach(provider, 'connected');
    await expectAudioIn(customer);
    await expectAudioIn(provider);

    const callId = customer.client.getSnapshot().call?.callId;
    const connectedAt = customer.client.getSnapshot().connectedAt ?? Number.NaN;
    const hungUpAt = Date.now();
    await customer.client.end();
    await reach(customer, 'idle');
    await reach(provider, 'idle');
    expect(customer.seen.map((s) => s.state)).toEqual(
      expect.arrayContaining(['calling', 'connecting', 'connected', 'ended', 'idle']),
    );
    expect(endings(customer)).toEqual(['completed']);
    expect(endings(provider)).toEqual(['completed']);
    await expectReleased(customer);
    await expectReleased(provider);

    const row = await completedRow(bookingId, callId, customer.id);
    expect(Math.abs(row.duration - (hungUpAt - connectedAt) / 1000)).toBeLessThanOrEqual(1);
    expect(lastEnded(provider)?.duration).toBe(row.duration);
  });

  it('kill -9 of the node holding both sockets mid-call: both resume on another node, audio never stops, one completed row', async ({
    onTestFailed,
  }) => {
    dumpNodeLogsOnFailure(onTestFailed);
    const doomed = cluster.nodes[2];
    if (!doomed) throw new Error('the cluster has fewer than three nodes');
    const { user, provider: pro, bookingId } = await world.booking();
    // Both sockets go through HAProxy to node-3 (the only node in rotation while they connect).
    const [customer, provider] = await onlyOn(cluster, doomed.nodeId, async () => {
      const c = await party({ url: cluster.url }, user);
      opened.push(c);
      const p = await party({ url: cluster.url }, pro);
      opened.push(p);
      return [c, p] as const;
    });
    const sessionsOn = async (names: string[]) =>
      (await cluster.haproxy.serverStates()).filter((s) => names.includes(s.name)).reduce((n, s) => n + s.sessions, 0);
    expect(await sessionsOn([doomed.nodeId])).toBeGreaterThanOrEqual(2);
    await connect(customer, provider, bookingId);
    const callId = customer.client.getSnapshot().call?.callId;
    const connectedAt = customer.client.getSnapshot().connectedAt ?? Number.NaN;

    const sampler = sampleInboundAudio([customer, provider], 200);
    await sleep(1000);
    const seenBefore = [customer.seen.length, provider.seen.length];
    const killedAt = Date.now();
    await doomed.kill();
    expect(doomed.running()).toBe(false);
    const series = await sampler.stopAfter(killedAt + 3000);

    // Audio went on peer to peer the whole time, on the same peer connection.
    for (const [i, p] of [customer, provider].entries()) {
      const s = series[i] ?? [];
      expect(s[0]?.at, `${p.name} sampled before the kill`).toBeLessThan(killedAt - 500);
      expect(s.at(-1)?.at, `${p.name} sampled 3 s after`).toBeGreaterThanOrEqual(killedAt + 3000);
      expect(s.every((x, j) => j === 0 || x.packets >= (s[j - 1] as Sample).packets)).toBe(true);
      expect((s.at(-1)?.packets ?? 0) - (s[0]?.packets ?? 0), `${p.name} packets over ~4 s`).toBeGreaterThan(150);
      expect(longestStall(s), `${p.name}: longest time without new packets (ms)`).toBeLessThanOrEqual(1000);
      expect(p.webrtc.pcs).toHaveLength(1);
    }

    // Both signaling sockets dropped with the node and came back through HAProxy to the other nodes.
    for (const p of [customer, provider]) {
      await until(() => p.client.getSnapshot().online, `${p.name} back online`, 10_000);
      await until(() => !p.client.getSnapshot().peerReconnecting, `${p.name}: peer no longer reconnecting`, 10_000);
    }
    const sinceKill = [customer.seen.slice(seenBefore[0]), provider.seen.slice(seenBefore[1])];
    for (const [i, p] of [customer, provider].entries()) {
      const seen = sinceKill[i] as CallSnapshot[];
      expect(
        seen.some((s) => !s.online),
        `${p.name} noticed its socket drop`,
      ).toBe(true);
      // The call itself never left `connected`: no reconnecting media, no end, same call.
      expect([...new Set(seen.map((s) => s.state))]).toEqual(['connected']);
      expect(p.client.getSnapshot()).toMatchObject({ state: 'connected', online: true, call: { callId } });
    }
    expect(doomed.running()).toBe(false);
    // Resumed for real: once another node let go of node-3's sockets, a party still bound to its old socket
    // would be away and ended connection_lost after the grace period. Outlast that: the call is still up.
    const survivors = cluster.nodes.filter((n) => n !== doomed);
    await until(
      () => survivors.some((n) => readFileSync(n.logPath, 'utf8').includes('node is gone; letting go of its sockets')),
      'a surviving node to let go of node-3 sockets',
      10_000,
    );
    await sleep(GRACE_S * 1000 + 1000);
    for (const p of [customer, provider]) {
      expect(p.client.getSnapshot()).toMatchObject({ state: 'connected', online: true, peerReconnecting: false });
    }
    expect(endings(customer).concat(endings(provider))).toEqual([]);
    expect(await sessionsOn(survivors.map((n) => n.nodeId))).toBeGreaterThanOrEqual(2);
    await expectAudioIn(customer);
    await expectAudioIn(provider);

    // Hang up from the new node: completed for both, once.
    const hungUpAt = Date.now();
    await customer.client.end();
    await reach(customer, 'idle');
    await until(
      () => lastEnded(provider)?.endReason === 'completed',
      `${provider.name} told completed (is ${stateOf(provider)})`,
    );
    await reach(provider, 'idle');
    for (const p of [customer, provider]) {
      expect(endings(p)).toEqual(['completed']);
      await expectReleased(p);
    }

    const row = await completedRow(bookingId, callId, customer.id);
    expect(Math.abs(row.duration - (hungUpAt - connectedAt) / 1000)).toBeLessThanOrEqual(1);
    expect(lastEnded(provider)?.duration).toBe(row.duration);
  }, 60_000);
});
