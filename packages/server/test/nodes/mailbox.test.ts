import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAILBOX_LIMIT, MemoryMailbox } from '../../src/calls/live/mailbox';
import { startTestServer, type TestServer, type TestUser } from '../../src/testing';
import { ANSWER, CANDIDATE, expectOk, OFFER, ring } from '../support/calls';
import { connect, type TestSocket } from '../support/sockets';

const relayed = (n: number) => ({ event: 'call:ice-candidate' as const, payload: { n } as never });

describe('the relay mailbox in memory', () => {
  it("keeps a party's messages in order until taken, bounded, and forgets them after its time", async () => {
    let now = 1000;
    const box = new MemoryMailbox(500, () => now);
    for (let i = 0; i < MAILBOX_LIMIT; i++) expect(await box.put('c1', 'u1', relayed(i))).toBe(true);
    expect(await box.put('c1', 'u1', relayed(MAILBOX_LIMIT))).toBe(false);
    expect(await box.put('c1', 'u2', relayed(0))).toBe(true);
    const taken = await box.take('c1', 'u1');
    expect(taken.map((m) => (m.payload as unknown as { n: number }).n)).toEqual([...Array(MAILBOX_LIMIT).keys()]);
    expect(await box.take('c1', 'u1')).toEqual([]);
    now += 501;
    expect(await box.take('c1', 'u2')).toEqual([]);
  });
});

/** Two nodes sharing Redis: what was relayed to a party on one node reaches it after it resumes on the other. */
describe('the relay mailbox across nodes', () => {
  let cluster: TestServer;
  const sockets: TestSocket[] = [];
  const on = async (node: number, who: TestUser) => {
    const s = await connect(cluster.nodes[node]?.url ?? '', who.token);
    sockets.push(s);
    return s;
  };
  beforeAll(async () => {
    cluster = await startTestServer({ nodes: 2, env: { RECONNECT_GRACE_S: '10' } });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await cluster?.close();
  });

  it('the callee answers while the caller is away; the caller resumes on the other node and gets answer and candidates, in order', async () => {
    const user = await cluster.createUser({ role: 'user' });
    const provider = await cluster.createUser({ role: 'provider' });
    const booking = await cluster.createBooking({ userId: user.id, providerId: provider.id });
    const caller = await on(0, user);
    const receiver = await on(1, provider);
    const callId = await ring(caller, receiver, booking.id);
    const ids = { callId, bookingId: booking.id };
    expectOk(await receiver.emit('call:accept', ids));
    await caller.next('call:accepted');
    expectOk(await caller.emit('call:offer', { ...ids, offer: OFFER }));
    await receiver.next('call:offer');
    caller.close();
    await receiver.next('call:peer-reconnecting');
    // Acked ok: queued for the caller, not dropped.
    expectOk(await receiver.emit('call:answer', { ...ids, answer: ANSWER }));
    for (let i = 0; i < 3; i++) {
      const candidate = { ...CANDIDATE, candidate: `${CANDIDATE.candidate} ${i}` };
      expectOk(await receiver.emit('call:ice-candidate', { ...ids, candidate }));
    }
    const back = await on(1, user);
    expect(await back.emit('call:resume', { callId })).toMatchObject({ ok: true, state: 'connecting' });
    expect(await back.next('call:answer')).toMatchObject({ ...ids, answer: ANSWER, from: provider.id });
    for (let i = 0; i < 3; i++) {
      expect(await back.next<{ candidate: { candidate: string } }>('call:ice-candidate')).toMatchObject({
        candidate: { candidate: `${CANDIDATE.candidate} ${i}` },
      });
    }
    // Taken once: a second resume gets nothing again.
    expect(await back.emit('call:resume', { callId })).toMatchObject({ ok: true });
    await back.none('call:answer', 300);
    expectOk(await back.emit('call:end', ids));
    expect(await receiver.next('call:ended')).toMatchObject({ callId });
  });
});
