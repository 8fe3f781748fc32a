import { describe, expect, it } from 'vitest';
import { ANSWER, expectOk, ring } from '../support/calls';
import { DATABASES, useServer } from '../support/world';

// Protocol 3: the caller's offer rings with the call, the receiver answers in its accept, candidates go in
// batches; devices on protocols 1 and 2 see exactly what they always saw.

const TURN = { TURN_URLS: 'turn:127.0.0.1:3478?transport=udp', TURN_SECRET: 'test-turn-secret' };
const host = (n: number) => ({
  candidate: `candidate:${n} 1 udp 2122260223 192.0.2.10 ${50000 + n} typ host`,
  sdpMid: '0',
  sdpMLineIndex: 0,
});
const relay = {
  candidate: 'candidate:9 1 udp 41885439 127.0.0.1 61000 typ relay raddr 198.51.100.7 rport 40000',
  sdpMid: '0',
  sdpMLineIndex: 0,
};
const sdpWith = (type: 'offer' | 'answer', ...lines: string[]) => ({
  type,
  sdp: ['v=0', 'o=- 1 2 IN IP4 192.0.2.10', 's=-', 't=0 0', 'c=IN IP4 192.0.2.10', ...lines, ''].join('\r\n'),
});
const OFFER3 = sdpWith('offer', `a=${host(1).candidate}`);

type Ids = { callId: string; bookingId: string };

describe.each(DATABASES)('protocol 3 on %s', (db) => {
  const world = useServer(db);

  it('the offer and its candidates ring on the receiver’s protocol-3 devices only, also on one that connects late; the answer rides with the accept', async () => {
    const { user, provider, booking, userSocket, providerSocket } = await world.pair('accepted', {
      userProtocol: 3,
      providerProtocol: 3,
    });
    const olderDevice = await world.socketFor(provider, 2);
    const callId = await ring(userSocket, providerSocket, booking.id);
    const ids: Ids = { callId, bookingId: booking.id };
    // Fire and forget, as the client sends them: no ack asked for.
    userSocket.socket.emit('call:offer', { ...ids, offer: OFFER3 });
    userSocket.socket.emit('call:ice-candidates', { ...ids, candidates: [host(2), host(3)], done: true });
    expect(await providerSocket.next<{ offer: unknown; from: string }>('call:offer')).toMatchObject({
      ...ids,
      offer: OFFER3,
      candidatesDone: false,
    });
    expect(await providerSocket.next('call:ice-candidates')).toEqual({
      ...ids,
      candidates: [host(2), host(3)],
      done: true,
      from: user.id,
    });
    const late = await world.socketFor(provider, 3);
    await late.next('call:incoming');
    expect(await late.next('call:offer')).toMatchObject({ offer: OFFER3 });
    expect(await late.next('call:ice-candidates')).toMatchObject({ candidates: [host(2), host(3)], done: true });
    await olderDevice.none('call:offer', 200);
    await olderDevice.none('call:ice-candidate', 0);

    expectOk(await providerSocket.emit('call:accept', { ...ids, answer: ANSWER }));
    expect(await userSocket.next('call:accepted')).toEqual({ ...ids, receiverId: provider.id, answer: ANSWER });
    await olderDevice.next('call:answered-elsewhere');
    await late.next('call:answered-elsewhere');
    // After the accept, batches go straight to the device that answered.
    userSocket.socket.emit('call:ice-candidates', { ...ids, candidates: [host(4)], done: true });
    expect(await providerSocket.next('call:ice-candidates')).toMatchObject({ candidates: [host(4)] });
    userSocket.socket.emit('call:ice-candidates', { ...ids, candidates: [host(5)], done: true });
    providerSocket.socket.emit('call:ice-candidates', { ...ids, candidates: [host(6)], done: true });
    expect(await userSocket.next('call:ice-candidates')).toMatchObject({ candidates: [host(6)], done: true });
    expectOk(await userSocket.emit('call:end', ids));
  });

  it('a protocol-2 receiver answers as always: the offer, then each candidate and the end marker, after its accept ack', async () => {
    const { provider, booking, userSocket, providerSocket } = await world.pair('accepted', {
      userProtocol: 3,
      providerProtocol: 2,
    });
    const callId = await ring(userSocket, providerSocket, booking.id);
    const ids: Ids = { callId, bookingId: booking.id };
    userSocket.socket.emit('call:offer', { ...ids, offer: OFFER3 });
    userSocket.socket.emit('call:ice-candidates', { ...ids, candidates: [host(2)], done: true });
    await providerSocket.none('call:offer', 300);
    const accepted = await providerSocket.emit('call:accept', ids);
    expectOk(accepted);
    // No candidatesDone for a protocol-2 device: the payload it always had.
    expect(await providerSocket.next('call:offer')).toEqual({ ...ids, offer: OFFER3, from: expect.any(String) });
    expect(await providerSocket.next('call:ice-candidate')).toMatchObject({ candidate: host(2) });
    expect(await providerSocket.next('call:ice-candidate')).toMatchObject({ candidate: null });
    await providerSocket.none('call:ice-candidates', 100);
    expect(await userSocket.next('call:accepted')).toEqual({ ...ids, receiverId: provider.id });
    // Its answer and single candidates reach the protocol-3 caller as they are; the caller's batch is unpacked.
    expectOk(await providerSocket.emit('call:answer', { ...ids, answer: ANSWER }));
    expect(await userSocket.next('call:answer')).toMatchObject({ answer: ANSWER });
    userSocket.socket.emit('call:ice-candidates', { ...ids, candidates: [host(7), host(8)], done: false });
    expect(await providerSocket.next('call:ice-candidate')).toMatchObject({ candidate: host(7) });
    expect(await providerSocket.next('call:ice-candidate')).toMatchObject({ candidate: host(8) });
    expectOk(await userSocket.emit('call:end', ids));
  });

  it('a ringing device’s provisional answer reaches a protocol-3 caller with no candidate in it; refused from the caller, after the accept, and unsent to a protocol-2 caller', async () => {
    const { provider, booking, userSocket, providerSocket } = await world.pair('accepted', {
      userProtocol: 3,
      providerProtocol: 3,
    });
    const secondDevice = await world.socketFor(provider, 3);
    const ids: Ids = { callId: await ring(userSocket, providerSocket, booking.id), bookingId: booking.id };
    await secondDevice.next('call:incoming');
    const pranswer = sdpWith('answer', 'a=ice-ufrag:abcd', `a=${host(7).candidate}`, 'a=end-of-candidates');
    expect(await providerSocket.emit('call:pranswer', { ...ids, answer: pranswer })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', message: 'there is no offer to answer yet' },
    });
    expectOk(await userSocket.emit('call:offer', { ...ids, offer: OFFER3 }));
    await secondDevice.next('call:offer');
    expectOk(await providerSocket.emit('call:pranswer', { ...ids, answer: pranswer }));
    const got = await userSocket.next<{ answer: { type: string; sdp: string }; from: string }>('call:pranswer');
    expect(got).toMatchObject({ ...ids, from: provider.id });
    expect(got.answer.type).toBe('answer');
    expect(got.answer.sdp).toContain('a=ice-ufrag:abcd');
    expect(got.answer.sdp).not.toMatch(/a=candidate|a=end-of-candidates/);
    // Each ringing device may send its own; the caller uses the first.
    expectOk(await secondDevice.emit('call:pranswer', { ...ids, answer: pranswer }));
    await userSocket.next('call:pranswer');
    expect(await userSocket.emit('call:pranswer', { ...ids, answer: pranswer })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expectOk(await providerSocket.emit('call:accept', { ...ids, answer: ANSWER }));
    expect(await userSocket.next('call:accepted')).toMatchObject({ answer: ANSWER });
    expect(await secondDevice.emit('call:pranswer', { ...ids, answer: pranswer })).toMatchObject({
      ok: false,
      error: { code: 'no_live_call' },
    });
    await userSocket.none('call:pranswer', 100);
    expectOk(await userSocket.emit('call:end', ids));

    const v2 = await world.pair('accepted', { userProtocol: 2, providerProtocol: 3 });
    const v2ids = { callId: await ring(v2.userSocket, v2.providerSocket, v2.booking.id), bookingId: v2.booking.id };
    // A protocol-2 caller sends no early offer, so there is nothing a ringing device could answer.
    expect(await v2.providerSocket.emit('call:pranswer', { ...v2ids, answer: pranswer })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    await v2.userSocket.none('call:pranswer', 200);
    expectOk(await v2.userSocket.emit('call:end', v2ids));
  });

  it('refused with typed errors: an early offer from the receiver or a protocol-2 caller, an answer with nothing to answer, too many candidates', async () => {
    const v2 = await world.pair('accepted', { userProtocol: 2, providerProtocol: 3 });
    const v2ids = { callId: await ring(v2.userSocket, v2.providerSocket, v2.booking.id), bookingId: v2.booking.id };
    expect(await v2.userSocket.emit('call:offer', { ...v2ids, offer: OFFER3 })).toMatchObject({
      ok: false,
      error: { code: 'no_live_call' },
    });
    expect(await v2.providerSocket.emit('call:accept', { ...v2ids, answer: ANSWER })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expectOk(await v2.userSocket.emit('call:end', v2ids));

    const v3 = await world.pair('accepted', { userProtocol: 3, providerProtocol: 3 });
    const ids = { callId: await ring(v3.userSocket, v3.providerSocket, v3.booking.id), bookingId: v3.booking.id };
    expect(await v3.providerSocket.emit('call:offer', { ...ids, offer: OFFER3 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      await v3.userSocket.emit('call:ice-candidates', { ...ids, candidates: [host(1)], done: false }),
    ).toMatchObject({ ok: false, error: { code: 'no_live_call' } });
    expectOk(await v3.userSocket.emit('call:offer', { ...ids, offer: OFFER3 }));
    const batch = Array.from({ length: 16 }, (_, i) => host(i + 10));
    expectOk(await v3.userSocket.emit('call:ice-candidates', { ...ids, candidates: batch, done: false }));
    expectOk(await v3.userSocket.emit('call:ice-candidates', { ...ids, candidates: batch, done: false }));
    expect(
      await v3.userSocket.emit('call:ice-candidates', { ...ids, candidates: [host(99)], done: false }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    // The call goes on: the receiver still answers it.
    expectOk(await v3.providerSocket.emit('call:accept', { ...ids, answer: ANSWER }));
    expect(await v3.userSocket.next('call:accepted')).toMatchObject({ answer: ANSWER });
    expectOk(await v3.userSocket.emit('call:end', ids));
  });
});

describe('protocol 3 in a relay-only call', () => {
  const world = useServer('pglite', { ...TURN, RELAY_ONLY: 'always' });

  it('the early offer, its candidates, the provisional answer and the answer in the accept are scrubbed of every address', async () => {
    const { booking, userSocket, providerSocket } = await world.pair('accepted', {
      userProtocol: 3,
      providerProtocol: 3,
    });
    const callId = await ring(userSocket, providerSocket, booking.id);
    const ids: Ids = { callId, bookingId: booking.id };
    userSocket.socket.emit('call:offer', {
      ...ids,
      offer: sdpWith('offer', `a=${host(1).candidate}`, `a=${relay.candidate}`),
    });
    userSocket.socket.emit('call:ice-candidates', { ...ids, candidates: [host(2), relay], done: true });
    const offer = await providerSocket.next<{ offer: { sdp: string } }>('call:offer');
    expect(offer.offer.sdp).not.toContain('192.0.2.10');
    expect(offer.offer.sdp).not.toContain('198.51.100.7');
    expect(offer.offer.sdp).toContain('typ relay');
    const batch = await providerSocket.next<{ candidates: { candidate: string }[] }>('call:ice-candidates');
    expect(batch.candidates.map((c) => c.candidate)).toEqual([
      'candidate:9 1 udp 41885439 127.0.0.1 61000 typ relay raddr 0.0.0.0 rport 0',
    ]);
    expectOk(await providerSocket.emit('call:pranswer', { ...ids, answer: sdpWith('answer', `a=${relay.candidate}`) }));
    const pranswer = await userSocket.next<{ answer: { sdp: string } }>('call:pranswer');
    expect(pranswer.answer.sdp).not.toMatch(/192\.0\.2\.10|a=candidate/);
    const answer = sdpWith('answer', `a=${host(3).candidate}`);
    expectOk(await providerSocket.emit('call:accept', { ...ids, answer }));
    const accepted = await userSocket.next<{ answer: { sdp: string } }>('call:accepted');
    expect(accepted.answer.sdp).not.toContain('192.0.2.10');
    expect(accepted.answer.sdp).not.toContain('typ host');
    expectOk(await userSocket.emit('call:end', ids));
  });
});
