import { beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from '../../src/testing/cluster';
import type { SimCall } from '../../src/testing/sim-client';
import { sleep } from '../support/calls';
import { type ClusterWorld, connectedCall, onlyOn, until, useCluster } from '../support/cluster-world';

describe('three real nodes behind HAProxy: a node dies', () => {
  const ctx = useCluster({
    nodes: 3,
    env: { RING_TIMEOUT_S: '3', RECONNECT_GRACE_S: '6', NODE_DEAD_AFTER_MS: '2000', LOG_LEVEL: 'warn' },
  });
  let cluster: Cluster;
  let world: ClusterWorld;
  beforeAll(() => {
    ({ cluster, world } = ctx);
  });

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

  it('a receiver with devices on two nodes rings on both; one answers, the other is told it was answered elsewhere', async () => {
    const { user, provider, bookingId } = await world.booking();
    const phone = await onlyOn(cluster, 'node-1', () =>
      world.device({ token: provider.token, answer: false, connected: true }),
    );
    const tablet = await onlyOn(cluster, 'node-2', () =>
      world.device({ token: provider.token, answer: false, connected: true }),
    );
    const caller = await onlyOn(cluster, 'node-3', () => world.device({ token: user.token, connected: true }));
    const call = await caller.dial(bookingId);
    if ('error' in call) throw new Error(call.error);
    await phone.until(() => phone.events.includes('call:incoming'), 5000, 'ringing on the phone');
    await tablet.until(() => tablet.events.includes('call:incoming'), 5000, 'ringing on the tablet');
    expect((await tablet.emit('call:accept', { callId: call.callId, bookingId })).ok).toBe(true);
    await phone.until(() => phone.events.includes('call:answered-elsewhere'), 5000, 'answered elsewhere');
    await caller.until(() => caller.events.includes('call:accepted'), 5000, 'accepted at the caller');
    expect(tablet.events).not.toContain('call:answered-elsewhere');
    expect(await caller.hangUp(call)).toBe(true);
    await phone.until(() => phone.events.includes('call:ended'), 5000, 'the phone told the call ended');
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

  it('a node killed and started again at once (same NODE_ID): the calls its last run held still end, once', async () => {
    const { caller, receiver, bookingId } = await onlyOn(cluster, 'node-2', () => world.pair());
    const call = await connectedCall(caller, receiver, bookingId);
    caller.close();
    receiver.close();
    await cluster.nodes[1]?.kill();
    const diedAt = Date.now();
    await cluster.nodes[1]?.restart();
    await cluster.haproxy.waitForServer('node-2', 'up');
    // The new run is a new member: the old one's silence is noticed and its sockets let go of.
    await until('the call ended', async () => (await world.rows(bookingId))[0]?.call_status != null, 20_000);
    const rows = await world.rows(bookingId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: call.callId, call_status: 'completed', end_reason: 'connection_lost' });
    expect(Date.parse(rows[0]?.ended_at ?? '') - diedAt).toBeGreaterThanOrEqual(6000);
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
