import type { TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallClient } from '../../src';
import { bookedPair, type Party, reach, startServer, until } from './world';

// A ringing device has the caller's offer (protocol 3), but until the person answers it must not start ICE
// or open the microphone: no media path to a caller who was not answered, no receiver address revealed.

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

/** Candidates the caller's peer connection learned of its peer (none: no path towards the receiver). */
async function remoteCandidates(p: Party): Promise<number> {
  const pc = p.webrtc.pcs[0];
  if (!pc) return 0;
  let n = 0;
  (await pc.getStats()).forEach((s: { type: string }) => {
    if (s.type === 'remote-candidate') n += 1;
  });
  return n;
}

describe('a receiver that never answers', () => {
  for (const ending of ['declines', 'is cancelled by the caller', 'times out'] as const) {
    it(`${ending}: it sent no ICE candidate and never opened its microphone or a peer connection`, async () => {
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
        // The caller's connection, while it still exists, knows no candidate of the receiver.
        expect(await remoteCandidates(customer)).toBe(0);
        if (ending === 'declines') await provider.client.reject();
        else if (ending === 'is cancelled by the caller') await customer.client.end();
        else await reach(customer, 'ended', 12_000);
        await reach(customer, 'idle', 12_000);
        await reach(provider, 'idle', 12_000);
        // From the receiver's own API: no getUserMedia, no RTCPeerConnection.
        expect(provider.webrtc.tracks).toHaveLength(0);
        expect(provider.webrtc.pcs).toHaveLength(0);
        // From the caller's side: nothing about the receiver's network or an answer ever arrived.
        expect(toCaller).toEqual([]);
      } finally {
        customer.client.close();
        provider.client.close();
      }
    });
  }
});
