import { describe, expect, it } from 'vitest';
import { connectCall, expectOk, ring } from '../support/calls';
import { expectEvents, expectNoPhoneInAnyPayload, expectOnlyRow, expectRow } from '../support/flows';
import { connect } from '../support/sockets';
import { DATABASES, useServer } from '../support/world';

/** Calls that are never answered: declined, busy, cancelled, timed out, nobody online, refused as busy. */
describe.each(DATABASES)('unanswered call flows on %s', (db) => {
  const world = useServer(db, { RING_TIMEOUT_S: '2', RECONNECT_GRACE_S: '2' });
  const ringing = async () => {
    const p = await world.pair();
    const callId = await ring(p.userSocket, p.providerSocket, p.booking.id);
    const row = { id: callId, bookingId: p.booking.id, callerType: 'user', callerId: p.user.id } as const;
    return { ...p, callId, row: { ...row, receiverId: p.provider.id, answered: false, connected: false, duration: 0 } };
  };

  it('reject: the caller gets call:rejected and call:ended; logged rejected/declined', async () => {
    const { provider, booking, userSocket, providerSocket, callId, row } = await ringing();
    expectOk(await providerSocket.emit('call:reject', { bookingId: booking.id, reason: 'declined' }));
    expect(await userSocket.next('call:rejected')).toEqual({ callId, bookingId: booking.id, reason: 'declined' });
    const ended = { callId, bookingId: booking.id, duration: 0, endedBy: provider.id, reason: 'declined' };
    expect(await userSocket.next('call:ended')).toEqual(ended);
    expect(await providerSocket.next('call:ended')).toEqual(ended);
    await expectEvents({
      caller: [userSocket, ['call:rejected', 'call:ended']],
      receiver: [providerSocket, ['call:incoming', 'call:ended']],
    });
    await expectOnlyRow(world.server, { ...row, callStatus: 'rejected', endReason: 'declined', endedBy: provider.id });
  });

  it('reject as busy: the caller gets call:rejected busy and call:ended; logged rejected/busy', async () => {
    const { provider, booking, userSocket, providerSocket, callId, row } = await ringing();
    expectOk(await providerSocket.emit('call:reject', { callId, bookingId: booking.id, reason: 'busy' }));
    expect(await userSocket.next('call:rejected')).toEqual({ callId, bookingId: booking.id, reason: 'busy' });
    const ended = { callId, bookingId: booking.id, duration: 0, endedBy: provider.id, reason: 'busy' };
    expect(await userSocket.next('call:ended')).toEqual(ended);
    expect(await providerSocket.next('call:ended')).toEqual(ended);
    await expectEvents({
      caller: [userSocket, ['call:rejected', 'call:ended']],
      receiver: [providerSocket, ['call:incoming', 'call:ended']],
    });
    await expectOnlyRow(world.server, { ...row, callStatus: 'rejected', endReason: 'busy', endedBy: provider.id });
  });

  it('cancel while ringing: the receiver stops ringing; logged missed/cancelled', async () => {
    const { user, booking, userSocket, providerSocket, callId, row } = await ringing();
    expectOk(await userSocket.emit('call:end', { bookingId: booking.id }));
    const ended = { callId, bookingId: booking.id, duration: 0, endedBy: user.id, reason: 'cancelled' };
    expect(await providerSocket.next('call:ended')).toEqual(ended);
    expect(await userSocket.next('call:ended')).toEqual(ended);
    await expectEvents({
      caller: [userSocket, ['call:ended']],
      receiver: [providerSocket, ['call:incoming', 'call:ended']],
    });
    await expectOnlyRow(world.server, { ...row, callStatus: 'missed', endReason: 'cancelled', endedBy: user.id });
  });

  it('ring timeout: no answer within RING_TIMEOUT_S ends the call as no_answer for both', async () => {
    const { booking, userSocket, providerSocket, callId, row } = await ringing();
    const ended = await userSocket.next('call:ended', 4000);
    expect(ended).toEqual({ callId, bookingId: booking.id, duration: 0, endedBy: null, reason: 'no_answer' });
    expect(await providerSocket.next('call:ended')).toEqual(ended);
    await expectEvents({
      caller: [userSocket, ['call:ended']],
      receiver: [providerSocket, ['call:incoming', 'call:ended']],
    });
    await expectOnlyRow(world.server, { ...row, callStatus: 'missed', endReason: 'no_answer', endedBy: null });
  });

  it('callee offline: the call ends at once as callee_offline, logged missed; a later socket gets nothing', async () => {
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
    const providerLater = await world.socketFor(provider);
    await expectEvents({ caller: [userSocket, ['call:ended']], receiver: [providerLater, []] });
    await expectOnlyRow(world.server, {
      id: ack.callId,
      bookingId: booking.id,
      callerType: 'user',
      callerId: user.id,
      receiverId: provider.id,
      callStatus: 'missed',
      endReason: 'callee_offline',
      endedBy: null,
      duration: 0,
      answered: false,
      connected: false,
    });
  });

  it('a receiver between two networks (its device left just now) is rung: back within the window, it gets the call and answers', async () => {
    const user = await world.server.createUser({ role: 'user' });
    const provider = await world.server.createUser({ role: 'provider' });
    const booking = await world.server.createBooking({ userId: user.id, providerId: provider.id });
    const userSocket = await world.socketFor(user);
    const away = await world.socketFor(provider);
    away.close();
    await new Promise((r) => setTimeout(r, 200)); // the server has the disconnect
    const ack = await userSocket.emit<{ callId: string }>('call:initiate', { bookingId: booking.id });
    expectOk<{ callId: string }>(ack);
    await userSocket.none('call:ended', 300);
    const back = await world.socketFor(provider);
    expect(await back.next('call:incoming')).toMatchObject({ callId: ack.callId, bookingId: booking.id });
    expectOk(await back.emit('call:accept', { callId: ack.callId, bookingId: booking.id }));
    expect(await userSocket.next('call:accepted')).toMatchObject({ callId: ack.callId });
    expectOk(await userSocket.emit('call:end', { callId: ack.callId, bookingId: booking.id }));
    expect(await userSocket.next('call:ended')).toMatchObject({ callId: ack.callId });
    // Gone for longer than the window (the reconnect grace, 2 s here): callee_offline as before.
    await new Promise((r) => setTimeout(r, 2300));
    const booking2 = await world.server.createBooking({ userId: user.id, providerId: provider.id });
    back.close();
    await new Promise((r) => setTimeout(r, 2300));
    const late = await userSocket.emit<{ callId: string }>('call:initiate', { bookingId: booking2.id });
    expectOk<{ callId: string }>(late);
    expect(await userSocket.next('call:ended')).toMatchObject({ callId: late.callId, reason: 'callee_offline' });
  });

  it('the same device dialing again while its call rings gets that call (its ack was lost); once talking, busy', async () => {
    const user = await world.server.createUser({ role: 'user' });
    const provider = await world.server.createUser({ role: 'provider' });
    const booking = await world.server.createBooking({ userId: user.id, providerId: provider.id });
    const first = await connect(world.server.url, user.token, { deviceId: 'phone-of-cara' });
    const again = await connect(world.server.url, user.token, { deviceId: 'phone-of-cara' });
    const otherDevice = await connect(world.server.url, user.token, { deviceId: 'tablet-of-cara' });
    const providerSocket = await world.socketFor(provider);
    try {
      const ack = await first.emit<{ callId: string }>('call:initiate', { bookingId: booking.id });
      expectOk<{ callId: string }>(ack);
      await providerSocket.next('call:incoming');
      const retried = await again.emit<{ callId: string }>('call:initiate', { bookingId: booking.id });
      expectOk<{ callId: string }>(retried);
      expect(retried.callId).toBe(ack.callId);
      expect(await otherDevice.emit('call:initiate', { bookingId: booking.id })).toMatchObject({
        ok: false,
        error: { code: 'busy' },
      });
      await providerSocket.none('call:incoming', 200); // rung once, not twice
      expectOk(await again.emit('call:resume', { callId: ack.callId }));
      expectOk(await providerSocket.emit('call:accept', { callId: ack.callId, bookingId: booking.id }));
      await again.next('call:accepted');
      expectOk(await again.emit('call:connected', { callId: ack.callId, bookingId: booking.id }));
      expect(await first.emit('call:initiate', { bookingId: booking.id })).toMatchObject({
        ok: false,
        error: { code: 'busy' },
      });
      expectOk(await again.emit('call:end', { callId: ack.callId, bookingId: booking.id }));
      expect(await providerSocket.next('call:ended')).toMatchObject({ callId: ack.callId, reason: 'completed' });
      expect(await world.server.callLogs(booking.id)).toHaveLength(1);
    } finally {
      for (const s of [first, again, otherDevice]) s.close();
    }
  });

  it('busy, each side: a caller or a receiver already in a call is refused; nobody else hears of it', async () => {
    const a = await world.pair();
    const callId = await connectCall(a.userSocket, a.providerSocket, a.booking.id);
    // The same customer books another provider and tries to call while in the first call.
    const provider2 = await world.server.createUser({ role: 'provider' });
    const booking2 = await world.server.createBooking({ userId: a.user.id, providerId: provider2.id });
    const provider2Socket = await world.socketFor(provider2);
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
    // The would-be receivers never rang; the live call's parties heard nothing beyond their own call.
    await expectEvents({
      caller: [a.userSocket, ['call:accepted', 'call:answer']],
      receiver: [a.providerSocket, ['call:incoming', 'call:offer']],
      wouldBeReceiver: [provider2Socket, []],
      wouldBeCaller: [user3Socket, []],
    });
    expect(await world.server.callLogs(booking2.id)).toEqual([]);
    expect(await world.server.callLogs(booking3.id)).toEqual([]);
    const live = {
      id: callId,
      bookingId: a.booking.id,
      callerType: 'user',
      callerId: a.user.id,
      receiverId: a.provider.id,
      duration: 0,
      answered: true,
      connected: true,
    } as const;
    expectRow((await world.server.callLogs(a.booking.id))[0], {
      ...live,
      callStatus: null,
      endReason: null,
      endedBy: null,
      ended: false,
    });
    expectOk(await a.userSocket.emit('call:end', { callId, bookingId: a.booking.id }));
    await a.providerSocket.next('call:ended');
    await expectOnlyRow(world.server, { ...live, callStatus: 'completed', endReason: 'completed', endedBy: a.user.id });
  });

  it('no payload any socket received in these flows carries a phone number', () => {
    expectNoPhoneInAnyPayload(10, 30);
  });
});
