import { describe, expect, it } from 'vitest';
import { connectCall, expectOk, OFFER, ring, sleep } from '../support/calls';
import { connect } from '../support/sockets';
import { DATABASES, useServer } from '../support/world';

describe.each(DATABASES)('calls survive a server restart on %s', (db) => {
  const world = useServer(db, { RING_TIMEOUT_S: '2', RECONNECT_GRACE_S: '3' });

  it('a call ringing when the server restarts is finished as no_answer once its deadline passes', async () => {
    const { booking, userSocket, providerSocket } = await world.pair();
    const callId = await ring(userSocket, providerSocket, booking.id);
    await world.server.restart();
    // Still live right after the restart: the deadline (2 s after ringing) has not passed yet.
    expect((await world.server.callLogs(booking.id))[0]).toMatchObject({ id: callId, call_status: null });
    await sleep(2500);
    expect((await world.server.callLogs(booking.id))[0]).toMatchObject({
      id: callId,
      call_status: 'missed',
      end_reason: 'no_answer',
      ended_by: null,
    });
  });

  it('a deadline that passed while the server was down is finished at start', async () => {
    const { booking, userSocket, providerSocket } = await world.pair();
    const callId = await ring(userSocket, providerSocket, booking.id);
    await world.server.restart({}, 2500);
    await sleep(200);
    expect((await world.server.callLogs(booking.id))[0]).toMatchObject({
      id: callId,
      call_status: 'missed',
      end_reason: 'no_answer',
    });
  });

  it('a receiver device that connects after the restart still rings for the live call', async () => {
    const { provider, booking, userSocket, providerSocket } = await world.pair();
    const callId = await ring(userSocket, providerSocket, booking.id);
    await world.server.restart({ RING_TIMEOUT_S: '2' });
    const fresh = await connect(world.server.url, provider.token);
    expect(await fresh.next('call:incoming')).toMatchObject({ callId, bookingId: booking.id });
    fresh.close();
  });

  it('a connected call resumes on the restarted server and completes normally', async () => {
    const { user, provider, booking, userSocket, providerSocket } = await world.pair();
    const callId = await connectCall(userSocket, providerSocket, booking.id);
    await world.server.restart();
    const u = await connect(world.server.url, user.token);
    const p = await connect(world.server.url, provider.token);
    expect(await u.emit('call:resume', { callId })).toMatchObject({ ok: true, state: 'connected' });
    expect(await p.emit('call:resume', { callId })).toMatchObject({ ok: true, state: 'connected' });
    expectOk(await u.emit('call:offer', { callId, bookingId: booking.id, offer: OFFER }));
    await p.next('call:offer');
    expectOk(await p.emit('call:end', { callId, bookingId: booking.id }));
    expect(await u.next('call:ended')).toMatchObject({ callId, reason: 'completed', endedBy: provider.id });
    expect((await world.server.callLogs(booking.id))[0]).toMatchObject({
      call_status: 'completed',
      end_reason: 'completed',
    });
    u.close();
    p.close();
  });

  it('nobody resumes after a restart: the call ends as connection_lost after the grace period', async () => {
    const { booking, userSocket, providerSocket } = await world.pair();
    const callId = await connectCall(userSocket, providerSocket, booking.id);
    await world.server.restart();
    await sleep(3500);
    expect((await world.server.callLogs(booking.id))[0]).toMatchObject({
      id: callId,
      call_status: 'completed',
      end_reason: 'connection_lost',
    });
  });
});
