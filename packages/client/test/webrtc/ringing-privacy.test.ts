import type { TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallClient } from '../../src';
import { bookedPair, type Party, reach, startServer, until } from './world';

// A ringing device has the caller's offer (protocol 3) and prepares its answer, but until the person answers
// there must be no media path to the caller, nothing of the receiver's network revealed to it, and no
// microphone. Its peer connection has the offer set without the caller's candidates and its answer applied: it
// gathers its own candidates (only the operator's STUN/TURN servers hear from it), but it knows no address of
// the caller, so no ICE check can leave, and it sends none of its candidates before the accept.

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

type Listener = (payload: { callId?: string }) => void;
type RawSocket = { on(event: string, fn: Listener): void };

/** Every server event about candidates, answers or acceptance that reaches this client's socket. */
function peerSignals(client: CallClient) {
  const socket = (client as unknown as { signaling: { socket: RawSocket } }).signaling.socket;
  const seen: string[] = [];
  for (const event of ['call:ice-candidate', 'call:ice-candidates', 'call:answer', 'call:accepted']) {
    socket.on(event, () => seen.push(event));
  }
  return seen;
}

/** Candidates of a kind in a party's first peer connection (`remote-candidate`: what it learned of its peer). */
async function candidates(p: Party, type: 'local-candidate' | 'remote-candidate' | 'candidate-pair') {
  const pc = p.webrtc.pcs[0];
  if (!pc) return 0;
  let n = 0;
  (await pc.getStats()).forEach((s: { type: string }) => {
    if (s.type === type) n += 1;
  });
  return n;
}

describe('a receiver that never answers', () => {
  for (const ending of ['declines', 'is cancelled by the caller', 'times out'] as const) {
    it(`${ending}: it knew no candidate of the caller, checked nothing, sent nothing, never opened its microphone`, async () => {
      const { customer, provider, bookingId } = await bookedPair(server);
      try {
        const toCaller = peerSignals(customer.client);
        void customer.client.startCall(bookingId);
        await reach(provider, 'ringing');
        // Long enough for the caller's offer and its candidates to have rung on the receiver.
        await until(() => (customer.webrtc.pcs[0]?.iceGatheringState ?? 'new') === 'complete', 'caller gathered');
        await new Promise((r) => setTimeout(r, 300));
        const callId = customer.client.getSnapshot().call?.callId ?? '';
        expect(provider.client.messagesOf(callId).received, 'the offer rang on the receiver').toBeGreaterThanOrEqual(2);
        // The caller's connection, while it still exists, knows no candidate of the receiver (a check from the
        // receiver would have made a peer-reflexive one).
        expect(await candidates(customer, 'remote-candidate')).toBe(0);
        // The receiver's prepared connection: the offer set with no candidate in it, its answer applied and its
        // own candidates gathered, but no remote candidate, so no pair and no check.
        const ringingPc = provider.webrtc.pcs[0];
        expect(provider.webrtc.pcs).toHaveLength(1);
        expect(ringingPc?.remoteDescription?.type).toBe('offer');
        expect(ringingPc?.remoteDescription?.sdp).not.toMatch(/a=candidate:/);
        expect(customer.webrtc.pcs[0]?.localDescription?.sdp, 'the offer that rang had candidates').toMatch(
          /a=candidate:/,
        );
        expect(ringingPc?.localDescription?.type).toBe('answer');
        await until(() => ringingPc?.iceGatheringState === 'complete', 'the ringing receiver gathered');
        expect(await candidates(provider, 'local-candidate')).toBeGreaterThan(0);
        expect(await candidates(provider, 'remote-candidate')).toBe(0);
        expect(await candidates(provider, 'candidate-pair')).toBe(0);
        expect(ringingPc?.iceConnectionState).toBe('new');
        if (ending === 'declines') await provider.client.reject();
        else if (ending === 'is cancelled by the caller') await customer.client.end();
        else await reach(customer, 'ended', 12_000);
        await reach(customer, 'idle', 12_000);
        await reach(provider, 'idle', 12_000);
        // From the receiver's own API: getUserMedia never called; its connection closed with the call.
        expect(provider.webrtc.tracks).toHaveLength(0);
        expect(provider.webrtc.pcs.map((pc) => pc.signalingState)).toEqual(['closed']);
        // From the caller's side: nothing about the receiver's network or an answer ever arrived.
        expect(toCaller).toEqual([]);
      } finally {
        customer.client.close();
        provider.client.close();
      }
    });
  }
});
