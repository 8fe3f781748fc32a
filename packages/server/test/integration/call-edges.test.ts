import { describe, expect, it } from 'vitest';
import { ANSWER, connectCall, expectOk, OFFER, ring, sleep } from '../support/calls';
import { connect } from '../support/sockets';
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

  it('a call is bound to the device that answered it: another device of the same person cannot take it, report media or end it', async () => {
    const { user, provider, booking } = await world.pair();
    const caller = await connect(world.server.url, user.token, { deviceId: 'customer-phone-1' });
    const tablet = await connect(world.server.url, provider.token, { deviceId: 'provider-tablet-1' });
    const laptop = await connect(world.server.url, provider.token, { deviceId: 'provider-laptop-1' });
    try {
      const callId = await ring(caller, tablet, booking.id);
      expectOk(await tablet.emit('call:accept', { callId, bookingId: booking.id }));
      await caller.next('call:accepted');
      const ids = { callId, bookingId: booking.id };
      for (const event of ['call:resume', 'call:connected', 'call:end']) {
        expect(await laptop.emit(event, ids), event).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
      // The tablet still holds the call: media, then a hang-up, from it.
      expectOk(await caller.emit('call:offer', { ...ids, offer: OFFER }));
      await tablet.next('call:offer');
      expectOk(await tablet.emit('call:answer', { ...ids, answer: ANSWER }));
      expectOk(await tablet.emit('call:connected', ids));
      expectOk(await tablet.emit('call:end', ids));
      expect(await caller.next('call:ended')).toMatchObject({ callId, reason: 'completed', endedBy: provider.id });
    } finally {
      for (const s of [caller, tablet, laptop]) s.close();
    }
  });

  it('the bound device reconnecting on a new socket takes its call back at once, before its old socket is noticed gone', async () => {
    const { user, provider, booking } = await world.pair();
    const caller = await connect(world.server.url, user.token, { deviceId: 'customer-phone-2' });
    const oldSocket = await connect(world.server.url, provider.token, { deviceId: 'provider-phone-2' });
    const newSocket = await connect(world.server.url, provider.token, { deviceId: 'provider-phone-2' });
    try {
      const callId = await connectCall(caller, oldSocket, booking.id);
      const ids = { callId, bookingId: booking.id };
      expect(await newSocket.emit('call:resume', ids)).toMatchObject({ ok: true, state: 'connected' });
      // What the peer sends now goes to the new socket only.
      expectOk(await caller.emit('call:offer', { ...ids, offer: OFFER }));
      await newSocket.next('call:offer');
      await oldSocket.none('call:offer', 300);
      expectOk(await newSocket.emit('call:end', ids));
      expect(await caller.next('call:ended')).toMatchObject({ callId, reason: 'completed' });
    } finally {
      for (const s of [caller, oldSocket, newSocket]) s.close();
    }
  });

  it('glare: both parties call each other at the same moment; one call, the second initiate answers the first', async () => {
    const { user, provider, booking, userSocket, providerSocket } = await world.pair();
    const [a, b] = await Promise.all([
      userSocket.emit<{ callId: string; answered?: object }>('call:initiate', {
        bookingId: booking.id,
        onGlare: 'answer',
      }),
      providerSocket.emit<{ callId: string; answered?: object }>('call:initiate', {
        bookingId: booking.id,
        onGlare: 'answer',
      }),
    ]);
    expectOk<{ callId: string; answered?: object }>(a);
    expectOk<{ callId: string; answered?: object }>(b);
    expect(a.callId).toBe(b.callId);
    const [first, second, secondSocket, firstSocket] = a.answered
      ? [provider, user, userSocket, providerSocket]
      : [user, provider, providerSocket, userSocket];
    expect((a.answered ?? b.answered) as object).toEqual({ callerId: first.id, callerName: first.name });
    const ids = { callId: a.callId, bookingId: booking.id };
    expect(await firstSocket.next('call:accepted')).toMatchObject({ ...ids, receiverId: second.id });
    expectOk(await firstSocket.emit('call:offer', { ...ids, offer: OFFER }));
    await secondSocket.next('call:offer');
    expectOk(await secondSocket.emit('call:answer', { ...ids, answer: ANSWER }));
    await firstSocket.next('call:answer');
    expectOk(await secondSocket.emit('call:connected', ids));
    expectOk(await firstSocket.emit('call:end', ids));
    expect(await secondSocket.next('call:ended')).toMatchObject({ ...ids, reason: 'completed' });
    const rows = await world.server.callLogs(booking.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: a.callId,
      caller_id: first.id,
      receiver_id: second.id,
      call_status: 'completed',
    });
  });

  it('without onGlare (older clients) the second call is busy, as before', async () => {
    const { booking, userSocket, providerSocket } = await world.pair();
    const callId = await ring(userSocket, providerSocket, booking.id);
    expect(await providerSocket.emit('call:initiate', { bookingId: booking.id })).toMatchObject({
      ok: false,
      error: { code: 'busy' },
    });
    expectOk(await userSocket.emit('call:end', { callId, bookingId: booking.id }));
  });

  it('accept, then decline right away (a Decline tap while the accept was on its way): both told declined, at once', async () => {
    const { user, provider, booking, userSocket, providerSocket } = await world.pair();
    const callId = await ring(userSocket, providerSocket, booking.id);
    const ids = { callId, bookingId: booking.id };
    const [accepted, declined] = await Promise.all([
      providerSocket.emit('call:accept', ids),
      providerSocket.emit('call:reject', { ...ids, reason: 'declined' }),
    ]);
    expectOk(accepted);
    expectOk(declined);
    expect(await userSocket.next('call:rejected')).toMatchObject({ ...ids, reason: 'declined' });
    expect(await userSocket.next('call:ended')).toMatchObject({ ...ids, reason: 'declined', endedBy: provider.id });
    expect((await world.server.callLogs(booking.id))[0]).toMatchObject({
      id: callId,
      caller_id: user.id,
      call_status: 'rejected',
      end_reason: 'declined',
    });
  });

  it('a peer whose network vanishes: billed until the other side stopped hearing it, not until its socket was noticed gone', async () => {
    const { provider, booking, userSocket, providerSocket } = await world.pair();
    const callId = await connectCall(userSocket, providerSocket, booking.id);
    await sleep(2200);
    // The customer hears nothing since 1 s ago; the server notices the provider's socket gone 2 s later.
    expectOk(await userSocket.emit('call:media', { callId, hearing: false, silentMs: 1000 }));
    await sleep(2000);
    providerSocket.close();
    const ended = await userSocket.next<{ duration: number }>('call:ended', 5000);
    expect(ended).toMatchObject({ callId, reason: 'connection_lost', endedBy: provider.id, duration: 1 });
    expect((await world.server.callLogs(booking.id))[0]).toMatchObject({ id: callId, duration: 1 });
  });
});
