import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../../src/testing/cluster';
import type { SimCall, SimDevice } from '../../src/testing/sim-client';
import { sleep } from '../support/calls';
import { clusterWorld, onlyOn } from '../support/cluster-world';

type World = Awaited<ReturnType<typeof clusterWorld>>;

async function connectedCall(caller: SimDevice, receiver: SimDevice, bookingId: string): Promise<SimCall> {
  const call = await caller.dial(bookingId);
  if ('error' in call) throw new Error(`dial refused: ${call.error}`);
  await caller.until(() => call.connectedAt !== null, 10_000, 'media connected at the caller');
  await receiver.until(() => (receiver.current?.connectedAt ?? null) !== null, 10_000, 'media at the receiver');
  return call;
}

async function until(what: string, cond: () => Promise<boolean>, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await sleep(50);
  }
  throw new Error(`no ${what} within ${timeoutMs} ms`);
}

describe('three real nodes behind HAProxy: a node dies', () => {
  let cluster: Cluster;
  let world: World;
  beforeAll(async () => {
    cluster = await startCluster({
      nodes: 3,
      env: { RING_TIMEOUT_S: '3', RECONNECT_GRACE_S: '6', NODE_DEAD_AFTER_MS: '2000', LOG_LEVEL: 'warn' },
    });
    world = await clusterWorld(cluster);
  }, 90_000);
  afterAll(async () => {
    await world?.close();
    await cluster?.stop();
  }, 60_000);

  it('kill -9 of the node holding both sockets mid-call: both resume elsewhere; completed once, right duration', async () => {
    const { caller, receiver, bookingId } = await onlyOn(cluster, 'node-1', () => world.pair());
    const call = await connectedCall(caller, receiver, bookingId);
    const oldSockets = [caller.socket.id, receiver.socket.id];
    await sleep(1200);
    await cluster.nodes[0]?.kill();
    // Both reconnect through HAProxy to a live node and resume there.
    await caller.until(() => caller.socket.connected && caller.socket.id !== oldSockets[0], 10_000, 'caller back');
    await receiver.until(
      () => receiver.socket.connected && receiver.socket.id !== oldSockets[1],
      10_000,
      'receiver back',
    );
    await sleep(2500);
    expect(call.endedAt).toBeNull();
    expect(receiver.current?.endedAt).toBeNull();
    const hungUpAt = performance.now();
    expect(await caller.hangUp(call)).toBe(true);
    await receiver.until(() => receiver.current?.endedAt !== null, 5000, 'call:ended at the receiver');
    const rows = await world.rows(bookingId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: call.callId, call_status: 'completed', end_reason: 'completed' });
    const seen = (hungUpAt - (call.connectedAt ?? 0)) / 1000;
    expect(Math.abs((rows[0]?.duration ?? -1) - seen)).toBeLessThanOrEqual(1);
    await cluster.nodes[0]?.restart();
    await cluster.haproxy.waitForServer('node-1', 'up');
  }, 60_000);

  it('kill -9 during ringing: another node ends the call no_answer on time', async () => {
    const { caller, bookingId } = await onlyOn(cluster, 'node-2', () => world.pair({ answer: false }));
    const call = await caller.dial(bookingId);
    if ('error' in call) throw new Error(call.error);
    await cluster.nodes[1]?.kill();
    await until('the ringing call ended', async () => (await world.rows(bookingId))[0]?.call_status != null, 8000);
    const row = (await world.rows(bookingId))[0];
    expect(row).toMatchObject({ id: call.callId, call_status: 'missed', end_reason: 'no_answer' });
    const late = Date.parse(row?.ended_at ?? '') - (Date.parse(row?.created_at ?? '') + 3000);
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(1000);
    await cluster.nodes[1]?.restart();
    await cluster.haproxy.waitForServer('node-2', 'up');
  }, 60_000);

  it('a call nobody resumes after its node died ends connection_lost exactly once', async () => {
    const { caller, receiver, bookingId } = await onlyOn(cluster, 'node-3', () => world.pair());
    const call = await connectedCall(caller, receiver, bookingId);
    // Both devices go away for good, together with their node.
    caller.close();
    receiver.close();
    await cluster.nodes[2]?.kill();
    const diedAt = Date.now();
    await until('the call ended', async () => (await world.rows(bookingId))[0]?.call_status != null, 15_000);
    const rows = await world.rows(bookingId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: call.callId, call_status: 'completed', end_reason: 'connection_lost' });
    // Dead after 2 s, then the 6 s grace.
    expect(Date.parse(rows[0]?.ended_at ?? '') - diedAt).toBeGreaterThanOrEqual(6000);
    await cluster.nodes[2]?.restart();
    await cluster.haproxy.waitForServer('node-3', 'up');
  }, 60_000);

  it('a rolling restart of every node while 50 calls are live ends none of them and writes no duplicate row', async () => {
    const pairs = [];
    for (let i = 0; i < 50; i++) pairs.push(await world.pair());
    const calls = await Promise.all(pairs.map((p) => connectedCall(p.caller, p.receiver, p.bookingId)));
    await cluster.rollingRestart({ pauseMs: 300 });
    await sleep(1000);
    expect(calls.filter((c) => c.endedAt !== null).map((c) => c.reason)).toEqual([]);
    expect(pairs.filter((p) => p.receiver.current?.endedAt !== null)).toHaveLength(0);
    for (const [i, p] of pairs.entries()) expect(await p.caller.hangUp(calls[i] as SimCall)).toBe(true);
    const rows = (await Promise.all(pairs.map((p) => world.rows(p.bookingId)))).map((r) => r.map((x) => x.end_reason));
    expect(rows).toEqual(pairs.map(() => ['completed']));
  }, 180_000);
});
