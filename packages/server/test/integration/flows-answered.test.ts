import { describe, expect, it } from 'vitest';
import { ANSWER, CANDIDATE, connectCall, expectOk, OFFER, ring, sleep } from '../support/calls';
import { expectEvents, expectNoPhoneInAnyPayload, expectOnlyRow, expectRow } from '../support/flows';
import { api } from '../support/http';
import { DATABASES, useServer } from '../support/world';

/** Calls that are answered: hang-ups by each side, two devices, reconnects, failures, seed clients. */
describe.each(DATABASES)('answered call flows on %s', (db) => {
  const world = useServer(db, { RING_TIMEOUT_S: '2', RECONNECT_GRACE_S: '2' });
  const CALLER = ['call:accepted', 'call:answer'];
  const RECEIVER = ['call:incoming', 'call:offer'];
  /** The row fields fixed by who called whom on which booking. */
  const parties = (callId: string, bookingId: string, caller: { id: string; role: string }, receiverId: string) =>
    ({
      id: callId,
      bookingId,
      callerType: caller.role as 'user' | 'provider',
      callerId: caller.id,
      receiverId,
    }) as const;

  /** A call that had media: stored as completed whatever ended it. */
  const completedRow = (
    who: ReturnType<typeof parties>,
    endReason: 'completed' | 'connection_lost' | 'not_permitted',
    endedBy: string,
    duration: number | 'measured',
  ) => ({ ...who, callStatus: 'completed', endReason, endedBy, duration, answered: true, connected: true }) as const;

  it('user calls provider: incoming, accepted, SDP and ICE relayed, hang-up by the user logs completed', async () => {
    const { user, provider, booking, userSocket, providerSocket } = await world.pair();
    const ack = await userSocket.emit<{ callId: string }>('call:initiate', { bookingId: booking.id });
    expectOk<{ callId: string }>(ack);
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
    const ref = { callId, bookingId: booking.id };

    const accepted = await providerSocket.emit('call:accept', { bookingId: booking.id, receiverId: provider.id });
    expect(accepted).toMatchObject({ ok: true, callId, callerId: user.id, callerName: user.name });
    expect(await userSocket.next('call:accepted')).toEqual({ ...ref, receiverId: provider.id });

    expectOk(await userSocket.emit('call:offer', { bookingId: booking.id, offer: OFFER, to: provider.id }));
    expect(await providerSocket.next('call:offer')).toEqual({ ...ref, offer: OFFER, from: user.id });
    expectOk(await providerSocket.emit('call:answer', { bookingId: booking.id, answer: ANSWER, to: user.id }));
    expect(await userSocket.next('call:answer')).toEqual({ ...ref, answer: ANSWER, from: provider.id });
    expectOk(
      await userSocket.emit('call:ice-candidate', { bookingId: booking.id, candidate: CANDIDATE, to: provider.id }),
    );
    expect(await providerSocket.next('call:ice-candidate')).toEqual({ ...ref, candidate: CANDIDATE, from: user.id });
    expectOk(await providerSocket.emit('call:ice-candidate', { ...ref, candidate: null }));
    expect(await userSocket.next('call:ice-candidate')).toEqual({ ...ref, candidate: null, from: provider.id });

    expectOk(await userSocket.emit('call:connected', { callId }));
    await sleep(1100);
    expectOk(await userSocket.emit('call:end', { bookingId: booking.id, userId: user.id }));
    const ended = { ...ref, duration: 1, endedBy: user.id, reason: 'completed' };
    expect(await userSocket.next('call:ended')).toEqual(ended);
    expect(await providerSocket.next('call:ended')).toEqual(ended);
    await expectEvents({
      caller: [userSocket, [...CALLER, 'call:ice-candidate', 'call:ended']],
      receiver: [providerSocket, [...RECEIVER, 'call:ice-candidate', 'call:ended']],
    });
    await expectOnlyRow(
      world.server,
      completedRow(parties(callId, booking.id, user, provider.id), 'completed', user.id, 1),
    );
  });

  it('provider calls user; the user (receiver) hangs up: completed, ended by the user', async () => {
    const { user, provider, booking, userSocket, providerSocket } = await world.pair('in_progress');
    const callId = await connectCall(providerSocket, userSocket, booking.id);
    expectOk(await userSocket.emit('call:end', { callId, bookingId: booking.id }));
    const ended = { callId, bookingId: booking.id, duration: 0, endedBy: user.id, reason: 'completed' };
    expect(await providerSocket.next('call:ended')).toEqual(ended);
    expect(await userSocket.next('call:ended')).toEqual(ended);
    await expectEvents({
      caller: [providerSocket, [...CALLER, 'call:ended']],
      receiver: [userSocket, [...RECEIVER, 'call:ended']],
    });
    await expectOnlyRow(
      world.server,
      completedRow(parties(callId, booking.id, provider, user.id), 'completed', user.id, 0),
    );
  });

  it('two devices of the receiver: one accepts, the other is told answered elsewhere', async () => {
    const { user, provider, booking, userSocket, providerSocket } = await world.pair();
    const tablet = await world.socketFor(provider);
    const callId = await ring(userSocket, providerSocket, booking.id);
    expect(await tablet.next('call:incoming')).toMatchObject({ callId });
    expectOk(await tablet.emit('call:accept', { callId, bookingId: booking.id }));
    expect(await providerSocket.next('call:answered-elsewhere')).toEqual({ callId, bookingId: booking.id });
    await userSocket.next('call:accepted');
    // Only the accepting device is bound: the other may not relay, and receives nothing relayed.
    expect(await providerSocket.emit('call:answer', { callId, bookingId: booking.id, answer: ANSWER })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expectOk(await userSocket.emit('call:offer', { callId, bookingId: booking.id, offer: OFFER }));
    await tablet.next('call:offer');
    expectOk(await tablet.emit('call:end', { callId, bookingId: booking.id }));
    const ended = { callId, bookingId: booking.id, duration: 0, endedBy: provider.id, reason: 'cancelled' };
    expect(await userSocket.next('call:ended')).toEqual(ended);
    expect(await tablet.next('call:ended')).toEqual(ended);
    expect(await providerSocket.next('call:ended')).toEqual(ended);
    await expectEvents({
      caller: [userSocket, ['call:accepted', 'call:ended']],
      phone: [providerSocket, ['call:incoming', 'call:answered-elsewhere', 'call:ended']],
      tablet: [tablet, [...RECEIVER, 'call:ended']],
    });
    await expectOnlyRow(world.server, {
      ...parties(callId, booking.id, user, provider.id),
      callStatus: 'failed',
      endReason: 'cancelled',
      endedBy: provider.id,
      duration: 0,
      answered: true,
      connected: false,
    });
  });

  it('disconnect then resume within grace: the peer is told, the call goes on and completes', async () => {
    const { user, provider, booking, userSocket, providerSocket } = await world.pair();
    const callId = await connectCall(userSocket, providerSocket, booking.id);
    userSocket.close();
    expect(await providerSocket.next('call:peer-reconnecting')).toMatchObject({ callId, userId: user.id });
    const back = await world.socketFor(user);
    const resumed = await back.emit('call:resume', { callId });
    expect(resumed).toMatchObject({ ok: true, callId, state: 'connected', role: 'caller', peerId: provider.id });
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
    const ended = await back.next('call:ended');
    expect(ended).toMatchObject({ callId, bookingId: booking.id, endedBy: provider.id, reason: 'completed' });
    expect(await providerSocket.next('call:ended')).toEqual(ended);
    await expectEvents({
      callerBefore: [userSocket, CALLER],
      callerAfter: [back, ['call:ended']],
      receiver: [
        providerSocket,
        [...RECEIVER, 'call:peer-reconnecting', 'call:peer-reconnected', 'call:offer', 'call:ended'],
      ],
    });
    const row = await expectOnlyRow(
      world.server,
      completedRow(parties(callId, booking.id, user, provider.id), 'completed', provider.id, 'measured'),
    );
    expect(row.duration).toBeGreaterThanOrEqual(2);
    expect(ended).toMatchObject({ duration: row.duration });
  });

  it('disconnect past grace: the call ends as connection_lost, still completed since media flowed', async () => {
    const { user, provider, booking, userSocket, providerSocket } = await world.pair();
    const callId = await connectCall(userSocket, providerSocket, booking.id);
    userSocket.close();
    await providerSocket.next('call:peer-reconnecting');
    const ended = await providerSocket.next('call:ended', 5000);
    expect(ended).toMatchObject({ callId, bookingId: booking.id, reason: 'connection_lost', endedBy: user.id });
    await expectEvents({
      caller: [userSocket, CALLER],
      receiver: [providerSocket, [...RECEIVER, 'call:peer-reconnecting', 'call:ended']],
    });
    const row = await expectOnlyRow(
      world.server,
      // Closed right after media connected: no whole second of talk before the loss (the grace is not billed).
      completedRow(parties(callId, booking.id, user, provider.id), 'connection_lost', user.id, 0),
    );
    expect(ended).toMatchObject({ duration: row.duration });
  });

  it('accepted but media never connected, then ended as ice_failed: logged failed with duration 0', async () => {
    const { user, provider, booking, userSocket, providerSocket } = await world.pair();
    const callId = await ring(userSocket, providerSocket, booking.id);
    expectOk(await providerSocket.emit('call:accept', { callId, bookingId: booking.id }));
    await userSocket.next('call:accepted');
    expectOk(await userSocket.emit('call:end', { callId, bookingId: booking.id, reason: 'ice_failed' }));
    const ended = { callId, bookingId: booking.id, duration: 0, endedBy: user.id, reason: 'ice_failed' };
    expect(await providerSocket.next('call:ended')).toEqual(ended);
    expect(await userSocket.next('call:ended')).toEqual(ended);
    await expectEvents({
      caller: [userSocket, ['call:accepted', 'call:ended']],
      receiver: [providerSocket, ['call:incoming', 'call:ended']],
    });
    await expectOnlyRow(world.server, {
      ...parties(callId, booking.id, user, provider.id),
      callStatus: 'failed',
      endReason: 'ice_failed',
      endedBy: user.id,
      duration: 0,
      answered: true,
      connected: false,
    });
  });

  it('seed (protocol 1) clients: the relayed answer counts as the connect time, so the call logs completed', async () => {
    const { user, provider, booking, userSocket, providerSocket } = await world.pair('accepted', {
      userProtocol: 1,
      providerProtocol: 1,
    });
    const callId = await ring(userSocket, providerSocket, booking.id);
    expectOk(await providerSocket.emit('call:accept', { bookingId: booking.id }));
    await userSocket.next('call:accepted');
    expectOk(await userSocket.emit('call:offer', { bookingId: booking.id, offer: OFFER }));
    expectOk(await providerSocket.emit('call:answer', { bookingId: booking.id, answer: ANSWER }));
    await userSocket.next('call:answer');
    await sleep(1100);
    expectOk(await userSocket.emit('call:end', { bookingId: booking.id }));
    const ended = { callId, bookingId: booking.id, duration: 1, endedBy: user.id, reason: 'completed' };
    expect(await providerSocket.next('call:ended')).toEqual(ended);
    expect(await userSocket.next('call:ended')).toEqual(ended);
    await expectEvents({
      caller: [userSocket, [...CALLER, 'call:ended']],
      receiver: [providerSocket, [...RECEIVER, 'call:ended']],
    });
    await expectOnlyRow(
      world.server,
      completedRow(parties(callId, booking.id, user, provider.id), 'completed', user.id, 1),
    );
  });

  it('several calls in a row on one booking each get their own row, newest first', async () => {
    const { user, provider, booking, userSocket, providerSocket } = await world.pair();
    const first = await connectCall(userSocket, providerSocket, booking.id);
    expectOk(await userSocket.emit('call:end', { callId: first, bookingId: booking.id }));
    await providerSocket.next('call:ended');
    const second = await connectCall(providerSocket, userSocket, booking.id);
    expectOk(await providerSocket.emit('call:end', { callId: second, bookingId: booking.id }));
    await userSocket.next('call:ended');
    await expectEvents({
      user: [userSocket, [...CALLER, 'call:ended', ...RECEIVER, 'call:ended']],
      provider: [providerSocket, [...RECEIVER, 'call:ended', ...CALLER, 'call:ended']],
    });
    const [newest, oldest] = await world.server.callLogs(booking.id);
    const done = {
      callStatus: 'completed',
      endReason: 'completed',
      duration: 0,
      answered: true,
      connected: true,
    } as const;
    expectRow(newest, { ...parties(second, booking.id, provider, user.id), ...done, endedBy: provider.id });
    expectRow(oldest, { ...parties(first, booking.id, user, provider.id), ...done, endedBy: user.id });
    expect(await world.server.callLogs(booking.id)).toHaveLength(2);
  });

  it('a booking cancelled during a call ends the call for both as not_permitted', async () => {
    const { user, provider, booking, userSocket, providerSocket } = await world.pair();
    const callId = await connectCall(userSocket, providerSocket, booking.id);
    const res = await api(world.server.url, 'POST', `/api/bookings/${booking.id}/cancel`, { token: provider.token });
    expect(res).toMatchObject({ status: 200, body: { data: { status: 'cancelled' } } });
    const ended = { callId, bookingId: booking.id, duration: 0, endedBy: provider.id, reason: 'not_permitted' };
    expect(await userSocket.next('call:ended')).toEqual(ended);
    expect(await providerSocket.next('call:ended')).toEqual(ended);
    // The call ends before the parties hear of the cancelled booking itself.
    await expectEvents({
      caller: [userSocket, [...CALLER, 'call:ended', 'booking:changed']],
      receiver: [providerSocket, [...RECEIVER, 'call:ended', 'booking:changed']],
    });
    await expectOnlyRow(
      world.server,
      completedRow(parties(callId, booking.id, user, provider.id), 'not_permitted', provider.id, 0),
    );
  });

  it('no payload any socket received in these flows carries a phone number', () => {
    expectNoPhoneInAnyPayload(15, 80);
  });
});
