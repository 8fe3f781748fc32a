import type { TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundAudio } from '../../src/testing/node-webrtc';
import { proxiedPair, reach, startServer, until } from './world';

// A phone switching from Wi-Fi to LTE while the call is being set up: its signaling socket drops and comes
// back on a new connection. What the other side did meanwhile (accepting, answering) must not be lost.
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ RECONNECT_GRACE_S: '15', RING_TIMEOUT_S: '30' });
});
afterAll(async () => server?.close());

async function ringing() {
  // The caller is the one whose network switches: it reaches the server through the proxy.
  const { proxy, customer: caller, provider: receiver, bookingId } = await proxiedPair(server, 'customer');
  await caller.client.startCall(bookingId);
  await reach(receiver, 'ringing');
  return { proxy, caller, receiver, bookingId };
}

async function expectAudioBothWays(a: Awaited<ReturnType<typeof ringing>>['caller'], b: typeof a) {
  for (const side of [a, b]) {
    const pc = side.webrtc.pcs[0];
    if (!pc) throw new Error(`${side.name}: no peer connection`);
    const before = await inboundAudio(pc);
    await new Promise((r) => setTimeout(r, 500));
    expect((await inboundAudio(pc)).packets - before.packets, `${side.name} hears`).toBeGreaterThan(10);
  }
}

describe('a socket drop during call setup', () => {
  it("the initiate's answer lost with the socket: the caller asks again, learns the same call, and it connects", async () => {
    const { proxy, customer: caller, provider: receiver, bookingId } = await proxiedPair(server, 'customer');
    try {
      proxy.loseAnswerTo('call:initiate');
      const dialed = Date.now();
      void caller.client.startCall(bookingId);
      await reach(receiver, 'ringing');
      await until(() => !caller.client.getSnapshot().online, 'the caller loses its socket');
      await until(() => Boolean(caller.client.getSnapshot().call), 'the caller learns its call', 15_000);
      const learnedAfterMs = Date.now() - dialed;
      expect(caller.client.getSnapshot()).toMatchObject({
        state: 'calling',
        call: { callId: receiver.client.getSnapshot().call?.callId },
      });
      await receiver.client.accept();
      await reach(caller, 'connected', 5000);
      await reach(receiver, 'connected', 5000);
      await expectAudioBothWays(caller, receiver);
      await caller.client.end();
      await reach(receiver, 'idle');
      const logs = await server.callLogs(bookingId);
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatchObject({ call_status: 'completed', end_reason: 'completed' });
      console.info(`lost initiate ack: the caller knew its call ${learnedAfterMs} ms after dialing`);
    } finally {
      caller.client.close();
      receiver.client.close();
      await proxy.close();
    }
  });

  it('dropped at the accept moment: the caller learns it was answered from its resume and connects within 3 s of coming back', async () => {
    const { proxy, caller, receiver, bookingId } = await ringing();
    try {
      proxy.hold(true);
      proxy.cut();
      await until(() => !caller.client.getSnapshot().online, 'caller offline');
      // Give the server the close, so the accept finds the caller away and its call:accepted goes nowhere.
      await new Promise((r) => setTimeout(r, 300));
      await receiver.client.accept();
      await new Promise((r) => setTimeout(r, 1000));
      expect(caller.client.getSnapshot().state).toBe('calling');
      proxy.hold(false);
      await until(() => caller.client.getSnapshot().online, 'caller back online', 10_000);
      const back = Date.now();
      await reach(caller, 'connected', 3000);
      await reach(receiver, 'connected', 3000);
      expect(Date.now() - back).toBeLessThan(3000);
      await expectAudioBothWays(caller, receiver);
      await caller.client.end();
      await reach(receiver, 'idle');
      expect((await server.callLogs(bookingId))[0]).toMatchObject({
        call_status: 'completed',
        end_reason: 'completed',
      });
    } finally {
      caller.client.close();
      receiver.client.close();
      await proxy.close();
    }
  });

  it('dropped after the offer went out: the answer and candidates wait for the caller and reach its new socket', async () => {
    const { proxy, caller, receiver, bookingId } = await ringing();
    try {
      // The receiver answers while the caller's socket is gone: its answer and candidates are queued.
      const answered = receiver.client.accept();
      await until(() => caller.client.getSnapshot().state === 'connecting', 'caller told it was answered');
      proxy.hold(true);
      proxy.cut();
      await answered;
      await new Promise((r) => setTimeout(r, 1500));
      proxy.hold(false);
      await until(() => caller.client.getSnapshot().online, 'caller back online', 10_000);
      const back = Date.now();
      await reach(caller, 'connected', 3000);
      await reach(receiver, 'connected', 3000);
      expect(Date.now() - back).toBeLessThan(3000);
      await expectAudioBothWays(caller, receiver);
      await receiver.client.end();
      await reach(caller, 'idle');
      expect((await server.callLogs(bookingId))[0]).toMatchObject({ call_status: 'completed' });
    } finally {
      caller.client.close();
      receiver.client.close();
      await proxy.close();
    }
  });
});
