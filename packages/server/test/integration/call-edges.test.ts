import { describe, expect, it } from 'vitest';
import { connectCall, expectOk, ring, sleep } from '../support/calls';
import { DATABASES, useServer } from '../support/world';

describe.each(DATABASES)('the messy edges of a call on %s', (db) => {
  const world = useServer(db, { SETUP_TIMEOUT_S: '1', RECONNECT_GRACE_S: '2' });

  it('answered but media never connects: the server ends it ice_failed at the setup deadline, for both', async () => {
    const { booking, userSocket, providerSocket } = await world.pair();
    const callId = await ring(userSocket, providerSocket, booking.id);
    const acceptedAt = Date.now();
    expectOk(await providerSocket.emit('call:accept', { callId, bookingId: booking.id }));
    // Neither client reports media (a seed client never does; a v2 client may have crashed).
    const [u, p] = await Promise.all([userSocket.next('call:ended', 3000), providerSocket.next('call:ended', 3000)]);
    const after = Date.now() - acceptedAt;
    expect(after).toBeGreaterThanOrEqual(950);
    expect(after).toBeLessThan(2000);
    for (const e of [u, p]) expect(e).toMatchObject({ callId, reason: 'ice_failed', endedBy: null, duration: 0 });
    expect((await world.server.callLogs(booking.id))[0]).toMatchObject({
      id: callId,
      call_status: 'failed',
      end_reason: 'ice_failed',
    });
  });

  it('a call that connects in time is not touched by the setup deadline', async () => {
    const { booking, userSocket, providerSocket } = await world.pair();
    const callId = await connectCall(userSocket, providerSocket, booking.id);
    await userSocket.none('call:ended', 1500);
    expectOk(await userSocket.emit('call:end', { callId, bookingId: booking.id }));
    expect(await providerSocket.next('call:ended')).toMatchObject({ callId, reason: 'completed' });
  });

  it('a party lost for good: connection_lost, and the stored duration is the talk before the loss, not the grace', async () => {
    const { provider, booking, userSocket, providerSocket } = await world.pair();
    const callId = await connectCall(userSocket, providerSocket, booking.id);
    await sleep(1300);
    providerSocket.close();
    expect(await userSocket.next('call:peer-reconnecting')).toMatchObject({ callId, userId: provider.id });
    const ended = await userSocket.next<{ reason: string; duration: number }>('call:ended', 4000);
    expect(ended).toMatchObject({ callId, reason: 'connection_lost', endedBy: provider.id, duration: 1 });
    const row = (await world.server.callLogs(booking.id))[0];
    expect(row).toMatchObject({ id: callId, call_status: 'completed', end_reason: 'connection_lost', duration: 1 });
    // The row still says when the call ended (after the grace): the duration stops at the loss.
    const span = (Date.parse(row?.ended_at ?? '') - Date.parse(row?.connected_at ?? '')) / 1000;
    expect(span).toBeGreaterThan(3);
  });
});
