import { execFileSync } from 'node:child_process';
import type { TestServer } from '@calling/server/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inboundAudio } from '../../src/testing/node-webrtc';
import { bookedPair, connect, expectReleased, type Party, reach, startServer, story, until } from './world';

// Network failures, for real: this suite runs in its own loopback-only namespace (scripts/run-tests.mjs),
// so taking `lo` down cuts every path (media and signaling) the way a phone losing its network does.

const setLoopback = (up: boolean) => execFileSync('ip', ['link', 'set', 'lo', up ? 'up' : 'down']);
let server: TestServer;
const opened: Party[] = [];
beforeAll(async () => {
  server = await startServer({ RECONNECT_GRACE_S: '20' });
});
afterEach(() => {
  setLoopback(true);
  for (const p of opened.splice(0)) p.client.close();
});
afterAll(async () => server?.close());

const lastEnded = (p: Party) => [...p.seen].reverse().find((s) => s.state === 'ended');
const iceDown = (p: Party) => ['disconnected', 'failed'].includes(p.webrtc.pcs[0]?.iceConnectionState ?? '');
const iceUfrag = (p: Party) => p.webrtc.pcs[0]?.localDescription?.sdp.match(/a=ice-ufrag:(\S+)/)?.[1];

describe('network loss during a call', () => {
  it('a short outage: ICE disconnects, the caller restarts ICE, audio comes back, same call goes on', async () => {
    const { customer, provider, bookingId } = await bookedPair(server, { iceRestartAfterMs: 2000 });
    opened.push(customer, provider);
    await connect(customer, provider, bookingId);
    const firstUfrag = iceUfrag(customer);
    const connectedAt = customer.client.getSnapshot().connectedAt;
    setLoopback(false);
    await reach(customer, 'reconnecting', 20_000); // told within a second or so (no packets)
    // ICE itself notices later; past iceRestartAfterMs from then, the caller restarts ICE.
    await until(() => iceDown(customer), 'customer ICE disconnected', 20_000);
    await new Promise((r) => setTimeout(r, 3500));
    setLoopback(true);
    // New ICE credentials: an ICE restart happened (after the socket is back; audio may return before it).
    await until(
      () => iceUfrag(customer) !== firstUfrag,
      () => `an ICE restart (${story(customer)})`,
      15_000,
    );
    await reach(customer, 'connected', 30_000);
    await reach(provider, 'connected', 30_000);
    expect(customer.client.getSnapshot().connectedAt).toBe(connectedAt);
    const pc = provider.webrtc.pcs[0];
    if (!pc) throw new Error('no peer connection');
    const before = await inboundAudio(pc);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await inboundAudio(pc)).packets - before.packets).toBeGreaterThan(25);
    await customer.client.end();
    await until(() => lastEnded(provider)?.endReason === 'completed', 'completed');
    expect((await server.callLogs(bookingId))[0]).toMatchObject({ call_status: 'completed', end_reason: 'completed' });
  }, 90_000);

  it('silence nobody is told about: 3 s without any network, both screens say reconnecting within 2 s and connected within 1 s of it coming back', async () => {
    // No ICE restart in the window: what is measured is the notice, not the recovery machinery.
    const { customer, provider, bookingId } = await bookedPair(server, { iceRestartAfterMs: 10_000 });
    opened.push(customer, provider);
    await connect(customer, provider, bookingId);
    setLoopback(false);
    const down = Date.now();
    await Promise.all([reach(customer, 'reconnecting', 2000), reach(provider, 'reconnecting', 2000)]);
    expect(Date.now() - down).toBeLessThan(2000);
    await new Promise((r) => setTimeout(r, Math.max(0, 3000 - (Date.now() - down))));
    setLoopback(true);
    const up = Date.now();
    await Promise.all([reach(customer, 'connected', 1000), reach(provider, 'connected', 1000)]);
    expect(Date.now() - up).toBeLessThan(1000);
    await customer.client.end();
    await until(() => lastEnded(provider)?.endReason === 'completed', 'completed');
    expect((await server.callLogs(bookingId))[0]).toMatchObject({ call_status: 'completed' });
  }, 60_000);

  it('the signaling socket drops and comes back mid-call: the client resumes the call', async () => {
    const { customer, provider, bookingId } = await bookedPair(server);
    opened.push(customer, provider);
    await connect(customer, provider, bookingId);
    setLoopback(false);
    await until(() => !customer.client.getSnapshot().online, 'socket noticed the outage', 30_000);
    setLoopback(true);
    await until(() => customer.client.getSnapshot().online, 'socket back', 30_000);
    // Whichever device resumes last, a hang-up now ends the call as completed for both: a device that was
    // still offline when call:ended went out learns the outcome from the call log when it comes back.
    await reach(customer, 'connected', 30_000);
    await reach(provider, 'connected', 30_000);
    // The resumed socket is bound to the call again: a hang-up from it ends the call normally.
    await customer.client.end();
    await until(() => lastEnded(provider)?.endReason === 'completed', 'completed after resume');
    expect((await server.callLogs(bookingId))[0]).toMatchObject({ call_status: 'completed' });
  }, 90_000);

  it('media not back within the reconnect timeout: the call ends as connection_lost, everything released', async () => {
    const { customer, provider, bookingId } = await bookedPair(server, { reconnectTimeoutMs: 4000 });
    opened.push(customer, provider);
    await connect(customer, provider, bookingId);
    // The provider's device vanishes without a word: its peer connection is simply gone.
    for (const pc of provider.webrtc.pcs) pc.close();
    await reach(customer, 'reconnecting', 20_000);
    await until(() => lastEnded(customer)?.endReason === 'connection_lost', 'connection_lost', 20_000);
    await until(() => lastEnded(provider)?.endReason === 'connection_lost', 'provider told', 10_000);
    await expectReleased(customer);
    await expectReleased(provider);
    expect((await server.callLogs(bookingId))[0]).toMatchObject({
      call_status: 'completed',
      end_reason: 'connection_lost',
    });
  }, 90_000);
});
