import type { TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundAudio } from '../../src/testing/node-webrtc';
import { bookedPair, type Party, party, reach, startServer, until } from './world';

// Issue 12: a ringing device's answer is applied while it rings, so it sends the caller a provisional answer
// (no candidate in it) that the caller sets while the call rings: after the tap only checks and DTLS are left.
// Until the accept's answer comes the caller's microphone is off the line and the peer's media is not
// surfaced. With two ringing devices, the caller sets the first one's; the other may still be the one to answer.

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

type RawSocket = { on(event: string, fn: (payload: { answer: { sdp: string } }) => void): void };
function pranswersTo(client: Party['client']) {
  const socket = (client as unknown as { signaling: { socket: RawSocket } }).signaling.socket;
  const seen: string[] = [];
  socket.on('call:pranswer', (e) => seen.push(e.answer.sdp));
  return seen;
}
const ufrag = (sdp: string | undefined) => /a=ice-ufrag:(\S+)/.exec(sdp ?? '')?.[1];
const callerPc = (p: Party) => {
  const pc = p.webrtc.pcs[0];
  if (!pc) throw new Error('no caller connection');
  return pc;
};
const audioSender = (pc: RTCPeerConnection) =>
  pc.getTransceivers().find((t) => t.receiver.track?.kind === 'audio')?.sender ?? null;

async function audioBothWays(a: Party, b: Party) {
  for (const p of [a, b]) {
    const pc = p.webrtc.pcs.at(-1);
    if (!pc) throw new Error(`${p.name}: no connection`);
    const before = (await inboundAudio(pc)).packets;
    await new Promise((r) => setTimeout(r, 400));
    expect((await inboundAudio(pc)).packets, `${p.name} hears the other`).toBeGreaterThan(before);
  }
}

describe('the provisional answer of a ringing device', () => {
  it('is set by the caller while it rings, with its microphone off the line; the tap connects the call', async () => {
    const { customer, provider, bookingId } = await bookedPair(server);
    try {
      const pranswers = pranswersTo(customer.client);
      void customer.client.startCall(bookingId);
      await reach(provider, 'ringing');
      await until(() => callerPc(customer).signalingState === 'have-remote-pranswer', 'the pranswer set');
      const pc = callerPc(customer);
      expect(pranswers).toHaveLength(1);
      expect(pranswers[0]).not.toMatch(/a=candidate/);
      expect(ufrag(pc.remoteDescription?.sdp)).toBe(ufrag(provider.webrtc.pcs[0]?.localDescription?.sdp));
      // Nothing goes to a device that has not answered: no track on the caller's audio sender.
      expect(audioSender(pc)?.track ?? null).toBeNull();
      expect(customer.client.getSnapshot().state).toBe('calling');

      await provider.client.accept();
      await reach(customer, 'connected');
      await reach(provider, 'connected');
      expect(pc.signalingState).toBe('stable');
      expect(audioSender(pc)?.track?.kind).toBe('audio');
      await audioBothWays(customer, provider);
      await customer.client.end();
      await reach(provider, 'idle');
    } finally {
      customer.client.close();
      provider.client.close();
    }
  });

  it('with two ringing devices the caller sets the first; the other answering still connects, with audio', async () => {
    const { customer, provider, bookingId } = await bookedPair(server);
    const tablet = await party(server, provider);
    try {
      const pranswers = pranswersTo(customer.client);
      void customer.client.startCall(bookingId);
      await reach(provider, 'ringing');
      await reach(tablet, 'ringing');
      await until(() => pranswers.length === 2, 'both devices sent their provisional answer');
      await until(() => callerPc(customer).signalingState === 'have-remote-pranswer', 'the pranswer set');
      const set = ufrag(callerPc(customer).remoteDescription?.sdp);
      const devices = [provider, tablet];
      const other = devices.find((d) => ufrag(d.webrtc.pcs[0]?.localDescription?.sdp) !== set);
      const first = devices.find((d) => d !== other);
      if (!other || !first) throw new Error('the pranswer set is neither device’s');

      await other.client.accept();
      await reach(customer, 'connected');
      await reach(other, 'connected');
      await reach(first, 'idle');
      expect(ufrag(callerPc(customer).remoteDescription?.sdp)).toBe(ufrag(other.webrtc.pcs[0]?.localDescription?.sdp));
      expect(first.webrtc.tracks, 'the device that did not answer never opened its microphone').toHaveLength(0);
      await audioBothWays(customer, other);
      await customer.client.end();
      await reach(other, 'idle');
    } finally {
      customer.client.close();
      provider.client.close();
      tablet.client.close();
    }
  });
});
