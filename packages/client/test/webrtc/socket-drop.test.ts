import type { TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundAudio } from '../../src/testing/node-webrtc';
import { connect, proxiedPair, reach, startServer, until } from './world';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ RECONNECT_GRACE_S: '10' });
});
afterAll(async () => server?.close());

describe('one side loses its signaling socket mid-call', () => {
  it('the other side sees the peer reconnecting, audio keeps flowing peer to peer, then the peer resumes', async () => {
    // The provider's device reaches the server through the proxy, so the test can cut just its connection.
    const { proxy, customer, provider, bookingId } = await proxiedPair(server, 'provider');
    try {
      await connect(customer, provider, bookingId);
      proxy.cut();
      await until(() => customer.client.getSnapshot().peerReconnecting, 'customer told the peer is reconnecting');
      expect(customer.client.getSnapshot().state).toBe('connected');
      const pc = customer.webrtc.pcs[0];
      if (!pc) throw new Error('no peer connection');
      const before = await inboundAudio(pc);
      await new Promise((r) => setTimeout(r, 1000));
      expect((await inboundAudio(pc)).packets - before.packets).toBeGreaterThan(25); // media never needed the server
      await until(() => !customer.client.getSnapshot().peerReconnecting, 'peer reconnected', 15_000);
      expect(provider.client.getSnapshot()).toMatchObject({ state: 'connected', online: true });
      await provider.client.end();
      await reach(customer, 'idle');
      expect(customer.seen.find((s) => s.state === 'ended')?.endReason).toBe('completed');
      expect((await server.callLogs(bookingId))[0]).toMatchObject({ call_status: 'completed', ended_by: provider.id });
    } finally {
      customer.client.close();
      provider.client.close();
      await proxy.close();
    }
  });
});
