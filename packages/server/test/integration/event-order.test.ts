import { describe, expect, it } from 'vitest';
import { CANDIDATE, connectCall, OFFER, ring } from '../support/calls';
import { DATABASES, useServer } from '../support/world';

// A socket's events are handled in the order they were sent, and its disconnect after all of them.
describe.each(DATABASES)('event order (%s)', (db) => {
  const t = useServer(db, { RECONNECT_GRACE_S: '5' });

  it('a hang-up sent just before the socket closes ends the call as completed, not connection_lost', async () => {
    const { user, booking, userSocket, providerSocket } = await t.pair();
    const callId = await connectCall(userSocket, providerSocket, booking.id);
    // No waiting for the ack: the page is closing.
    userSocket.socket.emit('call:end', { callId, bookingId: booking.id });
    await new Promise((r) => setTimeout(r, 5)); // socket.io drops events that arrive with the disconnect itself
    userSocket.socket.disconnect();
    const ended = await providerSocket.next<{ reason: string; endedBy: string }>('call:ended', 3000);
    expect(ended).toMatchObject({ reason: 'completed', endedBy: user.id });
    expect((await t.server.callLogs(booking.id))[0]).toMatchObject({ call_status: 'completed' });
  });

  it('an offer and the candidates sent right after it reach the peer in that order', async () => {
    const { booking, userSocket, providerSocket } = await t.pair();
    const callId = await ring(userSocket, providerSocket, booking.id);
    await providerSocket.emit('call:accept', { callId, bookingId: booking.id });
    await userSocket.next('call:accepted');
    userSocket.socket.emit('call:offer', { callId, bookingId: booking.id, offer: OFFER });
    for (let i = 0; i < 5; i++) {
      userSocket.socket.emit('call:ice-candidate', {
        callId,
        bookingId: booking.id,
        candidate: { ...CANDIDATE, candidate: CANDIDATE.candidate.replace('50000', String(50000 + i)) },
      });
    }
    await providerSocket.next('call:offer');
    for (let i = 0; i < 5; i++) await providerSocket.next('call:ice-candidate');
    const relayed = providerSocket.received
      .filter((r) => r.event === 'call:offer' || r.event === 'call:ice-candidate')
      .map((r) => (r.event === 'call:offer' ? 'offer' : /\s(500\d\d)\s/.exec(JSON.stringify(r.payload))?.[1]));
    expect(relayed).toEqual(['offer', '50000', '50001', '50002', '50003', '50004']);
    await userSocket.emit('call:end', { callId, bookingId: booking.id });
  });
});
