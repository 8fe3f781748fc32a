import type { TestServer } from '@calling/server/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bookedPair, connect, expectReleased, type Party, party, reach, startServer, until } from './world';

// Every way a call ends: both sides see the reason, and each releases the microphone, closes its peer
// connection and drops its listeners; the server's log says the same.

let server: TestServer;
const opened: Party[] = [];
beforeAll(async () => {
  server = await startServer({ RING_TIMEOUT_S: '2' });
});
afterEach(() => {
  for (const p of opened.splice(0)) p.client.close();
});
afterAll(async () => server?.close());

async function pair() {
  const p = await bookedPair(server);
  opened.push(p.customer, p.provider);
  return p;
}
const lastEnded = (p: Party) => [...p.seen].reverse().find((s) => s.state === 'ended');
async function expectEndedBoth(a: Party, b: Party, reasonA: string, reasonB = reasonA) {
  await until(() => lastEnded(a)?.endReason === reasonA, `${a.name} ended as ${reasonA}`);
  await until(() => lastEnded(b)?.endReason === reasonB, `${b.name} ended as ${reasonB}`);
  await reach(a, 'idle');
  await reach(b, 'idle');
  await expectReleased(a);
  await expectReleased(b);
  // Only the test's own subscriber remains: no peer-connection listener outlives the call.
  expect(a.client.listenerCount).toBe(1);
  expect(b.client.listenerCount).toBe(1);
}

describe('end paths', () => {
  it('provider calls customer; the customer hangs up: completed for both, duration from the server', async () => {
    const { customer, provider, bookingId } = await pair();
    await connect(provider, customer, bookingId);
    await new Promise((r) => setTimeout(r, 1100));
    await customer.client.end();
    await expectEndedBoth(customer, provider, 'completed');
    expect(lastEnded(provider)?.duration).toBeGreaterThanOrEqual(1);
    const [log] = await server.callLogs(bookingId);
    expect(log).toMatchObject({ caller_type: 'provider', call_status: 'completed', ended_by: customer.id });
  });

  it('reject: the caller sees declined; nothing connects; logged rejected', async () => {
    const { customer, provider, bookingId } = await pair();
    void customer.client.startCall(bookingId);
    await reach(provider, 'ringing');
    await provider.client.reject();
    await expectEndedBoth(customer, provider, 'declined');
    expect(customer.webrtc.pcs.every((pc) => pc.connectionState !== 'connected')).toBe(true);
    expect((await server.callLogs(bookingId))[0]).toMatchObject({ call_status: 'rejected', end_reason: 'declined' });
  });

  it('cancel while ringing: the receiver stops ringing; logged missed/cancelled', async () => {
    const { customer, provider, bookingId } = await pair();
    void customer.client.startCall(bookingId);
    await reach(provider, 'ringing');
    await until(() => customer.webrtc.pcs.length === 1, 'offer prepared while ringing');
    await customer.client.end();
    await expectEndedBoth(customer, provider, 'cancelled');
    expect((await server.callLogs(bookingId))[0]).toMatchObject({ call_status: 'missed', end_reason: 'cancelled' });
  });

  it('no answer: the ring timeout ends it for both as no_answer', async () => {
    const { customer, provider, bookingId } = await pair();
    void customer.client.startCall(bookingId);
    await reach(provider, 'ringing');
    await expectEndedBoth(customer, provider, 'no_answer');
    expect((await server.callLogs(bookingId))[0]).toMatchObject({ call_status: 'missed', end_reason: 'no_answer' });
  });

  it('busy: calling someone already in a call ends at once as busy with a typed error', async () => {
    const { customer, provider, bookingId } = await pair();
    await connect(customer, provider, bookingId);
    const other = await party(server, await server.createUser({ role: 'user', name: 'Olga Other' }));
    opened.push(other);
    const booking2 = await server.createBooking({ userId: other.id, providerId: provider.id });
    await other.client.startCall(booking2.id);
    await until(() => lastEnded(other)?.endReason === 'busy', 'busy');
    expect(lastEnded(other)?.error?.code).toBe('busy');
    await expectReleased(other);
    expect(provider.client.getSnapshot().state).toBe('connected');
    await provider.client.end();
    await expectEndedBoth(customer, provider, 'completed');
  });

  it('answered elsewhere: the provider’s second device stops ringing when the first accepts', async () => {
    const { customer, provider, bookingId } = await pair();
    const tablet = await party(server, provider);
    opened.push(tablet);
    void customer.client.startCall(bookingId);
    await reach(provider, 'ringing');
    await reach(tablet, 'ringing');
    await provider.client.accept();
    await until(() => lastEnded(tablet)?.endReason === 'answered_elsewhere', 'answered elsewhere');
    expect(tablet.webrtc.tracks).toHaveLength(0); // the other device never opened its microphone
    await reach(customer, 'connected');
    await reach(provider, 'connected');
    await customer.client.end();
    await expectEndedBoth(customer, provider, 'completed');
  });

  it('microphone denied on the caller: ends as media_permission_denied with a clear error, logged', async () => {
    const { customer, provider, bookingId } = await pair();
    customer.webrtc.denyMicrophone('NotAllowedError');
    await customer.client.startCall(bookingId);
    await until(() => lastEnded(customer)?.endReason === 'media_permission_denied', 'denied');
    expect(lastEnded(customer)?.error).toMatchObject({ code: 'media_permission_denied' });
    expect(lastEnded(customer)?.error?.message).toMatch(/microphone/i);
    await expect.poll(async () => (await server.callLogs(bookingId))[0]?.end_reason).toBe('media_permission_denied');
    await reach(customer, 'idle');
    await reach(provider, 'idle');
    await expectReleased(customer);
  });

  it('no microphone on the receiver: accepting ends the call as media_permission_denied, error media_unavailable', async () => {
    const { customer, provider, bookingId } = await pair();
    provider.webrtc.denyMicrophone('NotFoundError');
    void customer.client.startCall(bookingId);
    await reach(provider, 'ringing');
    await provider.client.accept();
    await until(() => lastEnded(provider)?.endReason === 'media_permission_denied', 'provider ended');
    expect(lastEnded(provider)?.error?.code).toBe('media_unavailable');
    await until(() => lastEnded(customer)?.endReason === 'media_permission_denied', 'customer told');
    await expectReleased(customer);
    await expectReleased(provider);
    expect((await server.callLogs(bookingId))[0]).toMatchObject({
      call_status: 'failed',
      end_reason: 'media_permission_denied',
    });
  });

  it('mute and unmute without renegotiation: the track goes silent and comes back, SDP unchanged', async () => {
    const { customer, provider, bookingId } = await pair();
    await connect(customer, provider, bookingId);
    const pc = customer.webrtc.pcs[0];
    const sdpBefore = pc?.localDescription?.sdp;
    customer.client.toggleMute();
    expect(customer.client.getSnapshot().muted).toBe(true);
    expect(customer.webrtc.tracks[0]?.enabled).toBe(false);
    customer.client.toggleMute();
    expect(customer.client.getSnapshot().muted).toBe(false);
    expect(customer.webrtc.tracks[0]?.enabled).toBe(true);
    expect(pc?.localDescription?.sdp).toBe(sdpBefore);
    expect(pc?.signalingState).toBe('stable');
    await customer.client.end();
    await expectEndedBoth(customer, provider, 'completed');
  });

  it('close() during a call ends it, releases media and leaves no listener', async () => {
    const { customer, provider, bookingId } = await pair();
    await connect(customer, provider, bookingId);
    customer.client.close();
    await until(() => lastEnded(provider)?.endReason === 'completed', 'provider sees the call end');
    await expectReleased(customer);
    await expectReleased(provider);
    expect(customer.client.listenerCount).toBe(0);
  });
});
