import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ANSWER, CANDIDATE, connectCall, expectOk, OFFER, ring } from '../support/calls';
import { connectError } from '../support/sockets';
import { DATABASES, useServer } from '../support/world';

describe.each(DATABASES)('who may do what, on %s', (db) => {
  const world = useServer(db);

  it('the handshake refuses a missing, forged, tampered or expired token with unauthorized', async () => {
    const url = world.server.url;
    const user = await world.server.createUser({ role: 'user' });
    expect(await connectError(url, {})).toMatchObject({ data: { code: 'unauthorized' } });
    expect(await connectError(url, { token: 'not-a-jwt' })).toMatchObject({ data: { code: 'unauthorized' } });
    const forged = await new SignJWT({ role: 'user', name: 'Mallory' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-secret-that-is-not-the-servers-secret-at-all'));
    expect(await connectError(url, { token: forged })).toMatchObject({
      data: { code: 'unauthorized', message: 'invalid token' },
    });
    const [h, p, s] = user.token.split('.');
    const tampered = `${h}.${p}.${s?.slice(0, -2)}${s?.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await connectError(url, { token: tampered })).toMatchObject({ data: { code: 'unauthorized' } });
    const expired = await world.server.sign({ sub: user.id, role: 'user', name: user.name }, -10);
    expect(await connectError(url, { token: expired })).toMatchObject({
      data: { code: 'unauthorized', message: 'token expired' },
    });
    const alg = await new SignJWT({ role: 'user', name: 'x' })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject(user.id)
      .sign(new Uint8Array(64));
    expect(await connectError(url, { token: alg })).toMatchObject({ data: { code: 'unauthorized' } });
  });

  it('join works only with the token’s own user id', async () => {
    const { user, provider, userSocket } = await world.pair();
    expect(await userSocket.emit('join', user.id)).toEqual({ ok: true, userId: user.id });
    expect(await userSocket.emit('join', provider.id)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await userSocket.emit('join', { userId: provider.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('a stranger cannot call, accept, end or relay into a booking’s call', async () => {
    const { booking, userSocket, providerSocket } = await world.pair();
    const strangerUser = await world.server.createUser({ role: 'user' });
    const stranger = await world.socketFor(strangerUser);
    expect(await stranger.emit('call:initiate', { bookingId: booking.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const callId = await ring(userSocket, providerSocket, booking.id);
    for (const [event, payload] of [
      ['call:accept', { callId, bookingId: booking.id }],
      ['call:reject', { callId, bookingId: booking.id }],
      ['call:end', { bookingId: booking.id }],
      ['call:offer', { callId, bookingId: booking.id, offer: OFFER }],
      ['call:resume', { callId }],
      ['call:connected', { callId }],
    ] as const) {
      expect(await stranger.emit(event, payload), event).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    await stranger.none('call:incoming');
    expectOk(await userSocket.emit('call:end', { callId, bookingId: booking.id }));
  });

  it('the party of another booking is refused on this one', async () => {
    const a = await world.pair();
    const b = await world.pair();
    expect(await b.userSocket.emit('call:initiate', { bookingId: a.booking.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const callId = await connectCall(a.userSocket, a.providerSocket, a.booking.id);
    expect(
      await b.providerSocket.emit('call:answer', { callId, bookingId: a.booking.id, answer: ANSWER }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // Naming their own booking but the other call's id does not match either.
    expect(await b.providerSocket.emit('call:end', { callId, bookingId: b.booking.id })).toMatchObject({
      ok: false,
      error: { code: 'no_live_call' },
    });
    await a.userSocket.none('call:answer');
  });

  it('the wrong role is refused: a token whose role does not match the booking side', async () => {
    const { user, booking } = await world.pair();
    const wrongRole = await world.server.sign({ sub: user.id, role: 'provider', name: user.name });
    const s = await world.socketFor({ ...user, token: wrongRole });
    expect(await s.emit('call:initiate', { bookingId: booking.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await s.emit('call:initiate', { bookingId: booking.id, callerType: 'provider' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('seed fields that disagree with the token are refused (callerId, receiverId)', async () => {
    const { user, provider, booking, userSocket } = await world.pair();
    expect(await userSocket.emit('call:initiate', { bookingId: booking.id, callerId: provider.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await userSocket.emit('call:initiate', { bookingId: booking.id, receiverId: user.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it.each(['pending', 'completed', 'cancelled'] as const)('a %s booking is not callable', async (status) => {
    const { booking, userSocket } = await world.pair(status);
    expect(await userSocket.emit('call:initiate', { bookingId: booking.id })).toMatchObject({
      ok: false,
      error: { code: 'booking_not_callable' },
    });
    expect(await world.server.callLogs(booking.id)).toEqual([]);
  });

  it('relaying to a non-peer is refused and nothing is relayed', async () => {
    const { booking, userSocket, providerSocket } = await world.pair();
    const other = await world.pair();
    const callId = await connectCall(userSocket, providerSocket, booking.id);
    for (const [event, body] of [
      ['call:offer', { offer: OFFER }],
      ['call:answer', { answer: ANSWER }],
      ['call:ice-candidate', { candidate: CANDIDATE }],
    ] as const) {
      expect(
        await userSocket.emit(event, { callId, bookingId: booking.id, ...body, to: other.provider.id }),
        event,
      ).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    await other.providerSocket.none('call:offer');
    await other.providerSocket.none('call:ice-candidate');
    await providerSocket.none('call:ice-candidate');
  });

  it('relaying before the call is answered is refused', async () => {
    const { booking, userSocket, providerSocket } = await world.pair();
    const callId = await ring(userSocket, providerSocket, booking.id);
    expect(await userSocket.emit('call:offer', { callId, bookingId: booking.id, offer: OFFER })).toMatchObject({
      ok: false,
      error: { code: 'no_live_call' },
    });
    await providerSocket.none('call:offer');
  });

  it('events about a call that is not live get no_live_call', async () => {
    const { booking, userSocket, providerSocket } = await world.pair();
    expect(await userSocket.emit('call:end', { bookingId: booking.id })).toMatchObject({
      ok: false,
      error: { code: 'no_live_call' },
    });
    expect(await providerSocket.emit('call:accept', { bookingId: booking.id })).toMatchObject({
      ok: false,
      error: { code: 'no_live_call' },
    });
    const callId = await ring(userSocket, providerSocket, booking.id);
    expectOk(await userSocket.emit('call:end', { callId, bookingId: booking.id }));
    expect(await providerSocket.emit('call:accept', { callId, bookingId: booking.id })).toMatchObject({
      ok: false,
      error: { code: 'no_live_call' },
    });
  });
});
