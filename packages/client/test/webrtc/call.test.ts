import type { TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundAudio } from '../../src/testing/node-webrtc';
import { bookedPair, expectReleased, reach, startServer } from './world';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

describe('two CallClients in Node hold a real audio call through the real server', () => {
  it('customer calls provider: ringing, accepted, audio flows both ways, hang-up releases everything', async () => {
    const { customer, provider, bookingId } = await bookedPair(server);
    void customer.client.startCall(bookingId);
    await reach(provider, 'ringing');
    expect(provider.client.getSnapshot().call).toMatchObject({
      bookingId,
      direction: 'incoming',
      peerId: customer.id,
      peerName: 'Cara Customer',
      serviceName: 'Plumbing',
    });
    expect(customer.client.getSnapshot()).toMatchObject({ state: 'calling', call: { peerName: 'Pete Provider' } });
    await provider.client.accept();
    await reach(customer, 'connected');
    await reach(provider, 'connected');

    for (const p of [customer, provider]) {
      const pc = p.webrtc.pcs[0];
      if (!pc) throw new Error('no peer connection');
      const before = await inboundAudio(pc);
      await new Promise((r) => setTimeout(r, 1000));
      const after = await inboundAudio(pc);
      expect(after.packets - before.packets).toBeGreaterThan(25);
      expect(after.bytes).toBeGreaterThan(before.bytes);
    }
    expect(customer.client.remoteStream?.getAudioTracks().length).toBe(1);

    await customer.client.end();
    await reach(customer, 'idle');
    await reach(provider, 'idle');
    expect(customer.seen.map((s) => s.state)).toEqual(
      expect.arrayContaining(['calling', 'connecting', 'connected', 'ended', 'idle']),
    );
    expect(provider.seen.find((s) => s.state === 'ended')?.endReason).toBe('completed');
    await expectReleased(customer);
    await expectReleased(provider);
    const [log] = await server.callLogs(bookingId);
    expect(log).toMatchObject({ call_status: 'completed', end_reason: 'completed', ended_by: customer.id });
    expect(log?.connected_at).not.toBeNull();
    customer.client.close();
    provider.client.close();
  });
});
