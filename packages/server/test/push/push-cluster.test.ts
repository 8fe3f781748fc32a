import { describe, expect, it } from 'vitest';
import { expectOk } from '../support/calls';
import { until, usePushWorld } from './push-world';

/** Two nodes on one PostgreSQL and one Redis: the node that rang by push need not be the one that stops it. */
describe('push ringing across nodes', () => {
  const world = usePushWorld('postgres', { RING_TIMEOUT_S: '5' }, { nodes: 2 });

  it('rung from node 1, answered by the woken phone on node 2: node 2 sends the stops, with the same VAPID key', async () => {
    const { booking, provider, userSocket } = await world.offlineProvider();
    const { devices, web } = await world.registerAllKinds(provider);
    const ack = (await userSocket.emit('call:initiate', { bookingId: booking.id })) as { ok: true; callId: string };
    expectOk(ack);
    const callId = ack.callId;
    const ofCall = () => world.web.received.filter((p) => p.subscriptionId === web.id);
    await until(() => ofCall().length === 1 && world.apns.received.some((p) => p.payload.callId === callId));
    const phone = await world.socketFor(provider, devices.apns, 1);
    expect((await phone.next<{ callId: string }>('call:incoming')).callId).toBe(callId);
    expectOk(await phone.emit('call:accept', { callId, bookingId: booking.id }));
    await until(() => ofCall().length === 2, 5000, 'the stop from node 2');
    expect(JSON.parse(ofCall()[1]?.payload ?? '')).toEqual({ type: 'call_ring_stopped', callId, reason: 'answered' });
    // Both nodes sign with the one key the browser subscribed with (made once, kept in the database).
    expect(new Set(ofCall().map((p) => p.vapid.publicKey)).size).toBe(1);
    expect(world.web.refused.filter((r) => r.subscriptionId === web.id)).toEqual([]);
    expectOk(await phone.emit('call:end', { callId, bookingId: booking.id }));
  });
});
