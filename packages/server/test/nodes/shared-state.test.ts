import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../../src/testing';
import { ANSWER, CANDIDATE, expectOk, OFFER, ring, sleep } from '../support/calls';
import { expectEvents, expectNoPhoneInAnyPayload, expectOnlyRow } from '../support/flows';
import { connect, connectError, type TestSocket } from '../support/sockets';

/** Three nodes in this process, sharing one PostgreSQL database and one Redis (own key prefix). */
describe('nodes sharing live calls over Redis and PostgreSQL', () => {
  let cluster: TestServer;
  const sockets: TestSocket[] = [];
  const on = async (node: number, who: TestUser) => {
    const s = await connect(cluster.nodes[node]?.url ?? '', who.token);
    sockets.push(s);
    return s;
  };
  const people = async () => {
    const user = await cluster.createUser({ role: 'user' });
    const provider = await cluster.createUser({ role: 'provider' });
    const booking = await cluster.createBooking({ userId: user.id, providerId: provider.id });
    return { user, provider, booking };
  };

  beforeAll(async () => {
    cluster = await startTestServer({ nodes: 3, env: { RING_TIMEOUT_S: '1', RECONNECT_GRACE_S: '2' } });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await cluster?.close();
  });

  it('a caller on node 1 and a receiver on node 2 hold a whole call; the row is written once', async () => {
    const { user, provider, booking } = await people();
    const caller = await on(0, user);
    const receiver = await on(1, provider);
    const callId = await ring(caller, receiver, booking.id);
    expectOk(await receiver.emit('call:accept', { callId, bookingId: booking.id }));
    expect(await caller.next('call:accepted')).toMatchObject({
      callId,
      bookingId: booking.id,
      receiverId: provider.id,
    });
    expectOk(await caller.emit('call:offer', { callId, bookingId: booking.id, offer: OFFER }));
    expectOk(await caller.emit('call:ice-candidate', { callId, bookingId: booking.id, candidate: CANDIDATE }));
    expect(await receiver.next('call:offer')).toMatchObject({
      callId,
      bookingId: booking.id,
      offer: OFFER,
      from: user.id,
    });
    await receiver.next('call:ice-candidate');
    expectOk(await receiver.emit('call:answer', { callId, bookingId: booking.id, answer: ANSWER }));
    await caller.next('call:answer');
    expectOk(await caller.emit('call:connected', { callId, bookingId: booking.id }));
    await sleep(1100);
    expectOk(await receiver.emit('call:end', { callId, bookingId: booking.id }));
    expect(await caller.next('call:ended')).toMatchObject({
      callId,
      bookingId: booking.id,
      reason: 'completed',
      endedBy: provider.id,
    });
    await receiver.next('call:ended');
    await expectOnlyRow(cluster, {
      id: callId,
      bookingId: booking.id,
      callerType: 'user',
      callerId: user.id,
      receiverId: provider.id,
      callStatus: 'completed',
      endReason: 'completed',
      endedBy: provider.id,
      duration: 'measured',
      answered: true,
      connected: true,
    });
    await expectEvents({
      caller: [caller, ['call:accepted', 'call:answer', 'call:ended']],
      receiver: [receiver, ['call:incoming', 'call:offer', 'call:ice-candidate', 'call:ended']],
    });
  });

  it('a receiver with devices on two nodes rings on both; one answers, the other is told', async () => {
    const { user, provider, booking } = await people();
    const phone = await on(1, provider);
    const tablet = await on(2, provider);
    const caller = await on(0, user);
    const ack = await caller.emit<{ callId: string; calleeOffline: boolean }>('call:initiate', {
      bookingId: booking.id,
    });
    expectOk<{ callId: string }>(ack);
    const callId = ack.callId;
    expect(await phone.next('call:incoming')).toMatchObject({ callId, bookingId: booking.id });
    expect(await tablet.next('call:incoming')).toMatchObject({ callId, bookingId: booking.id });
    expectOk(await tablet.emit('call:accept', { callId, bookingId: booking.id }));
    expect(await phone.next('call:answered-elsewhere')).toMatchObject({ callId, bookingId: booking.id });
    await caller.next('call:accepted');
    // The device that did not answer is not in the call.
    expect(await phone.emit('call:answer', { callId, bookingId: booking.id, answer: ANSWER })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expectOk(await caller.emit('call:end', { callId, bookingId: booking.id }));
    await tablet.next('call:ended');
  });

  it('a receiver whose device just left node 3 is rung from node 1 and gets the call on node 2 when back', async () => {
    const { user, provider, booking } = await people();
    const leaving = await on(2, provider);
    leaving.close();
    await sleep(200);
    const caller = await on(0, user);
    const ack = await caller.emit<{ callId: string }>('call:initiate', { bookingId: booking.id });
    expectOk<{ callId: string }>(ack);
    await caller.none('call:ended', 300);
    const back = await on(1, provider);
    expect(await back.next('call:incoming')).toMatchObject({ callId: ack.callId });
    expectOk(await caller.emit('call:end', { callId: ack.callId, bookingId: booking.id }));
    await caller.next('call:ended');
  });

  it('a receiver whose only device is on another node is online, not callee_offline', async () => {
    const { user, provider, booking } = await people();
    const receiver = await on(2, provider);
    const caller = await on(0, user);
    const ack = await caller.emit<{ callId: string }>('call:initiate', { bookingId: booking.id });
    expectOk<{ callId: string }>(ack);
    expect(await receiver.next('call:incoming')).toMatchObject({ callId: ack.callId });
    await caller.none('call:ended');
    expectOk(await caller.emit('call:end', { callId: ack.callId, bookingId: booking.id }));
    await caller.next('call:ended');
  });

  it('one live call per booking and per person holds across nodes', async () => {
    const a = await people();
    const caller = await on(0, a.user);
    const receiver = await on(1, a.provider);
    const callId = await ring(caller, receiver, a.booking.id);
    // The same booking from the receiver's side, on a third node.
    const receiverElsewhere = await on(2, a.provider);
    expect(await receiverElsewhere.emit('call:initiate', { bookingId: a.booking.id })).toMatchObject({
      ok: false,
      error: { code: 'busy' },
    });
    // The provider on another booking, called from node 3.
    const other = await cluster.createUser({ role: 'user' });
    const booking2 = await cluster.createBooking({ userId: other.id, providerId: a.provider.id });
    const otherSocket = await on(2, other);
    expect(await otherSocket.emit('call:initiate', { bookingId: booking2.id })).toMatchObject({
      ok: false,
      error: { code: 'busy', message: 'the other party is in another call' },
    });
    expect(await cluster.callLogs(booking2.id)).toEqual([]);
    expectOk(await caller.emit('call:end', { callId, bookingId: a.booking.id }));
    await receiver.next('call:ended');
  });

  it('a ring timeout fires exactly once across three sweeping nodes', async () => {
    const noAnswers = async () => {
      const counts = await Promise.all(
        cluster.nodes.map(async (n) => {
          const text = await (await fetch(`${n.url}/metrics`)).text();
          const m = /^calling_calls_ended_total\{reason="no_answer",status="missed"\} (\d+)/m.exec(text);
          return Number(m?.[1] ?? 0);
        }),
      );
      return counts.reduce((x, y) => x + y, 0);
    };
    const before = await noAnswers();
    const { user, provider, booking } = await people();
    const caller = await on(0, user);
    const receivers = [await on(1, provider), await on(2, provider)];
    const callId = await ring(caller, receivers[0] as TestSocket, booking.id);
    const ended = await caller.next('call:ended', 3000);
    expect(ended).toMatchObject({ callId, bookingId: booking.id, reason: 'no_answer', endedBy: null });
    await sleep(600);
    expect(caller.received.filter((r) => r.event === 'call:ended')).toHaveLength(1);
    for (const r of receivers) expect(r.received.filter((e) => e.event === 'call:ended')).toHaveLength(1);
    const rows = await cluster.callLogs(booking.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ call_status: 'missed', end_reason: 'no_answer' });
    expect((await noAnswers()) - before).toBe(1);
  });

  it('a device that lost its socket resumes on another node; the peer hears it left and came back', async () => {
    const { user, provider, booking } = await people();
    const caller = await on(0, user);
    const receiver = await on(1, provider);
    const callId = await ring(caller, receiver, booking.id);
    expectOk(await receiver.emit('call:accept', { callId, bookingId: booking.id }));
    await caller.next('call:accepted');
    caller.close();
    expect(await receiver.next('call:peer-reconnecting')).toMatchObject({
      callId,
      bookingId: booking.id,
      userId: user.id,
    });
    const back = await on(2, user);
    expect(await back.emit('call:resume', { callId, bookingId: booking.id })).toMatchObject({
      ok: true,
      state: 'connecting',
      role: 'caller',
    });
    expect(await receiver.next('call:peer-reconnected')).toMatchObject({
      callId,
      bookingId: booking.id,
      userId: user.id,
    });
    expectOk(await back.emit('call:offer', { callId, bookingId: booking.id, offer: OFFER }));
    await receiver.next('call:offer');
    expectOk(await back.emit('call:end', { callId, bookingId: booking.id }));
    await receiver.next('call:ended');
  });

  it('an account may hold only so many open sockets across all nodes', async () => {
    const capped = await startTestServer({ nodes: 2, env: { MAX_SOCKETS_PER_USER: '2' } });
    try {
      const user = await capped.createUser({ role: 'user' });
      const first = await connect(capped.nodes[0]?.url ?? '', user.token);
      const second = await connect(capped.nodes[1]?.url ?? '', user.token);
      const third = await connectError(capped.nodes[0]?.url ?? '', { token: user.token, protocolVersion: 2 });
      expect(third.data).toEqual({ code: 'rate_limited', message: 'too many open connections for this account' });
      second.close();
      await sleep(200);
      const again = await connect(capped.nodes[1]?.url ?? '', user.token);
      again.close();
      first.close();
    } finally {
      await capped.close();
    }
  });

  it('call attempts of one account are capped across nodes (CALL_ATTEMPTS_PER_MIN)', async () => {
    const capped = await startTestServer({ nodes: 2, env: { CALL_ATTEMPTS_PER_MIN: '2' } });
    try {
      const user = await capped.createUser({ role: 'user' });
      const provider = await capped.createUser({ role: 'provider' });
      const booking = await capped.createBooking({ userId: user.id, providerId: provider.id });
      const providerSocket = await connect(capped.nodes[0]?.url ?? '', provider.token);
      const one = await connect(capped.nodes[0]?.url ?? '', user.token);
      const two = await connect(capped.nodes[1]?.url ?? '', user.token);
      const ringAndCancel = async (from: typeof one) => {
        const ack = await from.emit<{ callId: string }>('call:initiate', { bookingId: booking.id });
        expectOk<{ callId: string }>(ack);
        expectOk(await from.emit('call:end', { callId: ack.callId, bookingId: booking.id }));
        await providerSocket.next('call:ended');
      };
      await ringAndCancel(one);
      await ringAndCancel(two);
      expect(await one.emit('call:initiate', { bookingId: booking.id })).toEqual({
        ok: false,
        error: { code: 'rate_limited', message: 'too many call attempts from this account; wait a minute' },
      });
      // The other account is not held back by this one's attempts.
      await ringAndCancel(providerSocket);
      for (const s of [one, two, providerSocket]) s.close();
    } finally {
      await capped.close();
    }
  });

  it('no payload any socket received here carries a phone number', () => {
    expectNoPhoneInAnyPayload(8, 30);
  });
});
