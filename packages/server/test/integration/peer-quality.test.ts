import { describe, expect, it } from 'vitest';
import { connectCall, expectOk } from '../support/calls';
import { DATABASES, useServer } from '../support/world';

/** Each side's quality level reaches the other side only, so a person sees "they can't hear you well". */
describe.each(DATABASES)('call:quality on %s', (db) => {
  const world = useServer(db);

  it('goes to the peer as call:peer-quality, and to nobody else', async () => {
    const { user, provider, booking, userSocket, providerSocket } = await world.pair();
    const callId = await connectCall(userSocket, providerSocket, booking.id);
    const otherDevice = await world.socketFor(provider);
    const ack = await providerSocket.emit('call:quality', {
      callId,
      bookingId: booking.id,
      level: 'poor',
      reasons: ['high_loss', 'high_delay', 'high_loss'],
    });
    expect(ack).toEqual({ ok: true, callId, bookingId: booking.id });
    expect(await userSocket.next('call:peer-quality')).toEqual({
      callId,
      bookingId: booking.id,
      level: 'poor',
      reasons: ['high_loss', 'high_delay'],
      from: provider.id,
    });
    await providerSocket.none('call:peer-quality', 200);
    await otherDevice.none('call:peer-quality', 0);
    expectOk(await userSocket.emit('call:quality', { callId, level: 'good', reasons: [] }));
    expect(await providerSocket.next('call:peer-quality')).toMatchObject({ level: 'good', from: user.id });
  });

  it('refuses strangers, unknown levels and reasons, and a call that is not live', async () => {
    const { booking, userSocket, providerSocket } = await world.pair();
    const callId = await connectCall(userSocket, providerSocket, booking.id);
    const stranger = await world.socketFor(await world.server.createUser({ role: 'user' }));
    const refused = async (payload: unknown) =>
      ((await stranger.emit('call:quality', payload)) as { error?: { code: string } }).error?.code;
    expect(await refused({ callId, level: 'poor', reasons: [] })).toMatch(/forbidden|no_live_call|not_found/);
    const bad = async (payload: unknown) =>
      ((await userSocket.emit('call:quality', payload)) as { error?: { code: string } }).error?.code;
    expect(await bad({ callId, level: 'awful', reasons: [] })).toBe('invalid_payload');
    expect(await bad({ callId, level: 'poor', reasons: ['sunspots'] })).toBe('invalid_payload');
    expect(await bad({ callId, level: 'poor', reasons: [], phone: '+15550100' })).toBe('invalid_payload');
    expectOk(await userSocket.emit('call:end', { callId, bookingId: booking.id }));
    await userSocket.next('call:ended');
    expect(await bad({ callId, level: 'poor', reasons: [] })).toBe('no_live_call');
    await providerSocket.none('call:peer-quality', 100);
  });
});
