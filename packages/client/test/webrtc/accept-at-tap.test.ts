import type { TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookedPair, reach, startServer, until } from './world';

// Issue 12: a page re-renders on the tap's state change in a microtask, before any awaited step of the tap
// would run (~6-8 ms in Chromium here). The answer was applied while ringing (its candidates gathered), so the
// tap only hands the connection the caller's held candidates and sends the accept, with the receiver's
// candidates in the answer, within its own task: both have happened when accept() returns.

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

describe('the tap on a ringing call whose answer is prepared', () => {
  it("adds the caller's candidates and sends the accept before accept() returns; the call connects", async () => {
    const { customer, provider, bookingId } = await bookedPair(server);
    try {
      void customer.client.startCall(bookingId);
      await reach(provider, 'ringing');
      // The offer rings right after the call (the caller makes it once its microphone is open).
      await until(
        () => provider.webrtc.pcs[0]?.localDescription?.type === 'answer',
        'the answer applied while ringing',
      );
      const pc = provider.webrtc.pcs[0];
      if (!pc) throw new Error('no prepared peer connection');
      await until(() => pc.iceGatheringState === 'complete', 'the ringing receiver gathered');
      const callId = provider.client.getSnapshot().call?.callId ?? '';
      const sentBefore = provider.client.messagesOf(callId).sent;
      const added: string[] = [];
      const addCandidate = pc.addIceCandidate.bind(pc);
      pc.addIceCandidate = ((c?: RTCIceCandidateInit) => {
        added.push(c?.candidate ?? '');
        return addCandidate(c);
      }) as typeof pc.addIceCandidate;

      const accepting = provider.client.accept();
      // Nothing has been awaited yet: the caller's candidates are in (the offer's ones at least), the accept left.
      expect(added.length).toBeGreaterThan(0);
      expect(added.every((c) => c.startsWith('candidate:'))).toBe(true);
      expect(provider.client.messagesOf(callId).sent).toBe(sentBefore + 1);
      await accepting;
      await reach(customer, 'connected');
      await reach(provider, 'connected');
    } finally {
      customer.client.close();
      provider.client.close();
    }
  });
});
