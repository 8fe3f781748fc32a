import type { TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallClient } from '../../src';
import { bookedPair, type Party, reach, startServer, until } from './world';

// A ringing device has the caller's offer (protocol 3) and prepares its answer, but until the person answers it
// must not start ICE or open the microphone: no media path to a caller who was not answered, no receiver
// address revealed. Its peer connection exists (the offer is set, the answer made) and has gathered nothing.

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
    it(`${ending}: it gathered and sent no ICE candidate, checked nothing, never opened its microphone`, async () => {
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
        // The receiver's prepared connection: the offer set, nothing gathered, ICE not started.
        const ringingPc = provider.webrtc.pcs[0];
        expect(provider.webrtc.pcs).toHaveLength(1);
        expect(ringingPc?.remoteDescription?.type).toBe('offer');
        expect(ringingPc?.localDescription).toBeNull();
        expect(ringingPc?.iceGatheringState).toBe('new');
        expect(ringingPc?.iceConnectionState).toBe('new');
        expect(await candidates(provider, 'local-candidate')).toBe(0);
        expect(await candidates(provider, 'candidate-pair')).toBe(0);
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
