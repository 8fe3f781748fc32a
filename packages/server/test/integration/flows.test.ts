import { describe, expect, it } from 'vitest';
import { ANSWER, CANDIDATE, connectCall, expectOk, OFFER, ring, sleep } from '../support/calls';
import { everyPayloadReceived } from '../support/sockets';
import { DATABASES, useServer } from '../support/world';

describe.each(DATABASES)('call flows on %s', (db) => {
  const world = useServer(db, { RING_TIMEOUT_S: '2', RECONNECT_GRACE_S: '2' });
  const phones: string[] = [];
  const pair = async (...args: Parameters<typeof world.pair>) => {
    const p = await world.pair(...args);
    phones.push(p.user.phone, p.provider.phone);
    return p;
  };
  const onlyLog = async (bookingId: string) => {
    const logs = await world.server.callLogs(bookingId);
    expect(logs).toHaveLength(1);
    return logs[0];
  };

  it('user calls provider: incoming, accepted, SDP and ICE relayed, hang-up by the user logs completed', async () => {
    const { user, provider, booking, userSocket, providerSocket } = await pair();
    const ack = await userSocket.emit<{ callId: string }>('call:initiate', { bookingId: booking.id });
    expectOk<{ callId: string; receiverId: string; receiverName: string; serviceName: string }>(ack);
    expect(ack).toMatchObject({
      bookingId: booking.id,
      receiverId: provider.id,
      receiverName: provider.name,
      relayOnly: false,
    });
    const incoming = await providerSocket.next('call:incoming');
    expect(incoming).toMatchObject({
      callId: ack.callId,
      bookingId: booking.id,
      callerId: user.id,
      callerName: user.name,
      callerType: 'user',
      serviceName: 'Plumbing',
    });
    expect(Date.parse(String(incoming.expiresAt))).toBeGreaterThan(Date.now());
    const callId = ack.callId;

    const accepted = await providerSocket.emit('call:accept', { bookingId: booking.id, receiverId: provider.id });
    expect(accepted).toMatchObject({ ok: true, callId, callerId: user.id, callerName: user.name });
    expect(await userSocket.next('call:accepted')).toEqual({ callId, bookingId: booking.id, receiverId: provider.id });

    expectOk(await userSocket.emit('call:offer', { bookingId: booking.id, offer: OFFER, to: provider.id }));
    expect(await providerSocket.next('call:offer')).toEqual({
      callId,
      bookingId: booking.id,
      offer: OFFER,
      from: user.id,
    });
    expectOk(await providerSocket.emit('call:answer', { bookingId: booking.id, answer: ANSWER, to: user.id }));
    expect(await userSocket.next('call:answer')).toEqual({
      callId,
      bookingId: booking.id,
      answer: ANSWER,
      from: provider.id,
    });
    expectOk(
      await userSocket.emit('call:ice-candidate', { bookingId: booking.id, candidate: CANDIDATE, to: provider.id }),
    );
    expect(await providerSocket.next('call:ice-candidate')).toEqual({
      callId,
      bookingId: booking.id,
      candidate: CANDIDATE,
      from: user.id,
    });
    expectOk(await providerSocket.emit('call:ice-candidate', { callId, bookingId: booking.id, candidate: null }));
    expect(await userSocket.next('call:ice-candidate')).toMatchObject({ candidate: null, from: provider.id });

    expectOk(await userSocket.emit('call:connected', { callId }));
    await sleep(1100);
    expectOk(await userSocket.emit('call:end', { bookingId: booking.id, userId: user.id }));
    const ended = { callId, bookingId: booking.id, duration: 1, endedBy: user.id, reason: 'completed' };
    expect(await userSocket.next('call:ended')).toEqual(ended);
    expect(await providerSocket.next('call:ended')).toEqual(ended);

    const row = await onlyLog(booking.id);
    expect(row).toMatchObject({
      id: callId,
      caller_type: 'user',
      caller_id: user.id,
      receiver_id: provider.id,
      call_status: 'completed',
      duration: 1,
      end_reason: 'completed',
      ended_by: user.id,
    });
    expect(row?.answered_at && row.connected_at && row.ended_at).toBeTruthy();
  });

  it('provider calls user; the user (receiver) hangs up: completed, ended by the user', async () => {
    const { user, provider, booking, userSocket, providerSocket } = await pair('in_progress');
    const callId = await connectCall(providerSocket, userSocket, booking.id);
    expectOk(await userSocket.emit('call:end', { callId, bookingId: booking.id }));
    const ended = await providerSocket.next('call:ended');
    expect(ended).toMatchObject({ callId, endedBy: user.id, reason: 'completed' });
    expect(await userSocket.next('call:ended')).toEqual(ended);
    expect(await onlyLog(booking.id)).toMatchObject({
      caller_type: 'provider',
      caller_id: provider.id,
      receiver_id: user.id,
      call_status: 'completed',
      end_reason: 'completed',
      ended_by: user.id,
      duration: 0,
    });
  });

  it('reject: the caller gets call:rejected and call:ended; logged rejected/declined', async () => {
    const { provider, booking, userSocket, providerSocket } = await pair();
    const callId = await ring(userSocket, providerSocket, booking.id);
    expectOk(await providerSocket.emit('call:reject', { bookingId: booking.id, reason: 'declined' }));
    expect(await userSocket.next('call:rejected')).toEqual({ callId, bookingId: booking.id, reason: 'declined' });
    expect(await userSocket.next('call:ended')).toEqual({
      callId,
      bookingId: booking.id,
      duration: 0,
      endedBy: provider.id,
      reason: 'declined',
    });
    await providerSocket.next('call:ended');
    expect(await onlyLog(booking.id)).toMatchObject({
      call_status: 'rejected',
      end_reason: 'declined',
      ended_by: provider.id,
      answered_at: null,
      connected_at: null,
    });
  });

  it('reject as busy: logged rejected/busy', async () => {
    const { booking, userSocket, providerSocket } = await pair();
    const callId = await ring(userSocket, providerSocket, booking.id);
    expectOk(await providerSocket.emit('call:reject', { callId, bookingId: booking.id, reason: 'busy' }));
    expect(await userSocket.next('call:rejected')).toMatchObject({ reason: 'busy' });
    expect(await onlyLog(booking.id)).toMatchObject({ call_status: 'rejected', end_reason: 'busy' });
  });

  it('cancel while ringing: the receiver stops ringing; logged missed/cancelled', async () => {
    const { user, booking, userSocket, providerSocket } = await pair();
    const callId = await ring(userSocket, providerSocket, booking.id);
    expectOk(await userSocket.emit('call:end', { bookingId: booking.id }));
    expect(await providerSocket.next('call:ended')).toEqual({
      callId,
      bookingId: booking.id,
      duration: 0,
      endedBy: user.id,
      reason: 'cancelled',
    });
    expect(await onlyLog(booking.id)).toMatchObject({
      call_status: 'missed',
      end_reason: 'cancelled',
      ended_by: user.id,
    });
  });

  it('ring timeout: no answer within RING_TIMEOUT_S ends the call as no_answer', async () => {
    const { booking, userSocket, providerSocket } = await pair();
    const callId = await ring(userSocket, providerSocket, booking.id);
    const ended = await userSocket.next('call:ended', 4000);
    expect(ended).toEqual({ callId, bookingId: booking.id, duration: 0, endedBy: null, reason: 'no_answer' });
    expect(await providerSocket.next('call:ended')).toEqual(ended);
    expect(await onlyLog(booking.id)).toMatchObject({ call_status: 'missed', end_reason: 'no_answer', ended_by: null });
  });

  it('callee offline: the call ends at once as callee_offline and is logged missed', async () => {
    const user = await world.server.createUser({ role: 'user' });
    const provider = await world.server.createUser({ role: 'provider' });
    const booking = await world.server.createBooking({ userId: user.id, providerId: provider.id });
    const userSocket = await world.socketFor(user);
    const ack = await userSocket.emit<{ callId: string }>('call:initiate', { bookingId: booking.id });
    expectOk<{ callId: string }>(ack);
    expect(await userSocket.next('call:ended')).toEqual({
      callId: ack.callId,
      bookingId: booking.id,
      duration: 0,
      endedBy: null,
      reason: 'callee_offline',
    });
    expect(await onlyLog(booking.id)).toMatchObject({ call_status: 'missed', end_reason: 'callee_offline' });
  });

  it('busy: a caller already in a call, and a receiver already in a call, are refused with busy', async () => {
    const a = await pair();
    await connectCall(a.userSocket, a.providerSocket, a.booking.id);
    // The same customer books another provider and tries to call while in the first call.
    const provider2 = await world.server.createUser({ role: 'provider' });
    const booking2 = await world.server.createBooking({ userId: a.user.id, providerId: provider2.id });
    await world.socketFor(provider2);
    const callerBusy = await a.userSocket.emit('call:initiate', { bookingId: booking2.id });
    expect(callerBusy).toMatchObject({ ok: false, error: { code: 'busy' } });
    // Another customer tries to call the provider who is in the first call.
    const user3 = await world.server.createUser({ role: 'user' });
    const booking3 = await world.server.createBooking({ userId: user3.id, providerId: a.provider.id });
    const user3Socket = await world.socketFor(user3);
    const receiverBusy = await user3Socket.emit('call:initiate', { bookingId: booking3.id });
    expect(receiverBusy).toMatchObject({ ok: false, error: { code: 'busy' } });
    // The provider is the busy one on their side too: calling out from the other booking.
    const providerBusy = await a.providerSocket.emit('call:initiate', { bookingId: booking3.id });
    expect(providerBusy).toMatchObject({ ok: false, error: { code: 'busy' } });
    // A second call on the same booking while one is live.
    expect(await a.providerSocket.emit('call:initiate', { bookingId: a.booking.id })).toMatchObject({
      ok: false,
      error: { code: 'busy' },
    });
    expect(await world.server.callLogs(booking2.id)).toEqual([]);
    expect(await world.server.callLogs(booking3.id)).toEqual([]);
  });

  it('two devices of the receiver: one accepts, the other is told answered elsewhere', async () => {
    const { provider, booking, userSocket, providerSocket } = await pair();
    const tablet = await world.socketFor(provider);
    const callId = await ring(userSocket, providerSocket, booking.id);
    expect(await tablet.next('call:incoming')).toMatchObject({ callId });
    expectOk(await tablet.emit('call:accept', { callId, bookingId: booking.id }));
    expect(await providerSocket.next('call:answered-elsewhere')).toEqual({ callId, bookingId: booking.id });
    await tablet.none('call:answered-elsewhere');
    await userSocket.next('call:accepted');
    // Only the accepting device is bound: the other may not relay, and receives nothing relayed.
    expect(await providerSocket.emit('call:answer', { callId, bookingId: booking.id, answer: ANSWER })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expectOk(await userSocket.emit('call:offer', { callId, bookingId: booking.id, offer: OFFER }));
    await tablet.next('call:offer');
    await providerSocket.none('call:offer');
    expectOk(await tablet.emit('call:end', { callId, bookingId: booking.id }));
    await userSocket.next('call:ended');
    expect(await onlyLog(booking.id)).toMatchObject({
      call_status: 'failed',
      end_reason: 'cancelled',
      ended_by: provider.id,
    });
  });

  it('disconnect then resume within grace: the peer is told, the call goes on and completes', async () => {
    const { user, booking, userSocket, providerSocket } = await pair();
    const callId = await connectCall(userSocket, providerSocket, booking.id);
    userSocket.close();
    expect(await providerSocket.next('call:peer-reconnecting')).toMatchObject({ callId, userId: user.id });
    const back = await world.socketFor(user);
    const resumed = await back.emit('call:resume', { callId });
    expect(resumed).toMatchObject({ ok: true, callId, state: 'connected', role: 'caller' });
    expect(await providerSocket.next('call:peer-reconnected')).toEqual({
      callId,
      bookingId: booking.id,
      userId: user.id,
    });
    // Relay works again from the new socket.
    expectOk(await back.emit('call:offer', { callId, bookingId: booking.id, offer: OFFER }));
    await providerSocket.next('call:offer');
    await sleep(2300); // longer than the grace period: the call must still be live
    expectOk(await providerSocket.emit('call:end', { callId, bookingId: booking.id }));
    expect(await back.next('call:ended')).toMatchObject({ reason: 'completed' });
    expect(await onlyLog(booking.id)).toMatchObject({ call_status: 'completed', end_reason: 'completed' });
  });

  it('disconnect past grace: the call ends as connection_lost, still completed since media flowed', async () => {
    const { user, booking, userSocket, providerSocket } = await pair();
    const callId = await connectCall(userSocket, providerSocket, booking.id);
    userSocket.close();
    await providerSocket.next('call:peer-reconnecting');
    const ended = await providerSocket.next('call:ended', 5000);
    expect(ended).toMatchObject({ callId, reason: 'connection_lost', endedBy: user.id });
    expect(await onlyLog(booking.id)).toMatchObject({
      call_status: 'completed',
      end_reason: 'connection_lost',
      ended_by: user.id,
    });
  });

  it('accepted but media never connected, then hung up: logged failed with duration 0', async () => {
    const { booking, userSocket, providerSocket } = await pair();
    const callId = await ring(userSocket, providerSocket, booking.id);
    expectOk(await providerSocket.emit('call:accept', { callId, bookingId: booking.id }));
    expectOk(await userSocket.emit('call:end', { callId, bookingId: booking.id, reason: 'ice_failed' }));
    expect(await providerSocket.next('call:ended')).toMatchObject({ reason: 'ice_failed', duration: 0 });
    expect(await onlyLog(booking.id)).toMatchObject({ call_status: 'failed', end_reason: 'ice_failed', duration: 0 });
  });

  it('seed (protocol 1) clients: the relayed answer counts as the connect time, so the call logs completed', async () => {
    const { booking, userSocket, providerSocket } = await pair('accepted', { userProtocol: 1, providerProtocol: 1 });
    const callId = await ring(userSocket, providerSocket, booking.id);
    expectOk(await providerSocket.emit('call:accept', { bookingId: booking.id }));
    await userSocket.next('call:accepted');
    expectOk(await userSocket.emit('call:offer', { bookingId: booking.id, offer: OFFER }));
    expectOk(await providerSocket.emit('call:answer', { bookingId: booking.id, answer: ANSWER }));
    await userSocket.next('call:answer');
    await sleep(1100);
    expectOk(await userSocket.emit('call:end', { bookingId: booking.id }));
    expect(await providerSocket.next('call:ended')).toMatchObject({ callId, reason: 'completed', duration: 1 });
    expect(await onlyLog(booking.id)).toMatchObject({ call_status: 'completed', duration: 1 });
  });

  it('several calls in a row on one booking each get their own row, newest first', async () => {
    const { booking, userSocket, providerSocket } = await pair();
    const first = await connectCall(userSocket, providerSocket, booking.id);
    expectOk(await userSocket.emit('call:end', { callId: first, bookingId: booking.id }));
    await providerSocket.next('call:ended');
    const second = await connectCall(providerSocket, userSocket, booking.id);
    expectOk(await providerSocket.emit('call:end', { callId: second, bookingId: booking.id }));
    await userSocket.next('call:ended');
    const logs = await world.server.callLogs(booking.id);
    expect(logs.map((l) => [l.id, l.caller_type, l.call_status])).toEqual([
      [second, 'provider', 'completed'],
      [first, 'user', 'completed'],
    ]);
  });

  it('a booking cancelled during a call ends the call for both as not_permitted', async () => {
    const { provider, booking, userSocket, providerSocket } = await pair();
    const callId = await connectCall(userSocket, providerSocket, booking.id);
    const res = await fetch(`${world.server.url}/api/bookings/${booking.id}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${provider.token}` },
    });
    expect(res.status).toBe(200);
    const ended = { callId, bookingId: booking.id, duration: 0, endedBy: provider.id, reason: 'not_permitted' };
    expect(await userSocket.next('call:ended')).toEqual(ended);
    expect(await providerSocket.next('call:ended')).toEqual(ended);
    expect(await onlyLog(booking.id)).toMatchObject({ call_status: 'completed', end_reason: 'not_permitted' });
  });

  it('no payload any socket received in these flows carries a phone number', () => {
    expect(phones.length).toBeGreaterThan(10);
    expect(everyPayloadReceived.length).toBeGreaterThan(50);
    const all = JSON.stringify(everyPayloadReceived);
    for (const phone of phones) expect(all).not.toContain(phone);
    expect(all).not.toMatch(/\+1999\d{7}/);
  });
});
