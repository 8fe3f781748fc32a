import type { TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, proxiedPair, reach, startServer, until } from './world';

// A long grace, so a hang-up that got lost would show as connection_lost only after it, never within the test's
// "at once".
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ RECONNECT_GRACE_S: '15' });
});
afterAll(async () => server?.close());

async function callThroughProxy() {
  const pair = await proxiedPair(server, 'provider');
  await connect(pair.customer, pair.provider, pair.bookingId);
  return { ...pair, providerId: pair.provider.id };
}
const endedAs = (p: { seen: { state: string; endReason?: string | null }[] }) =>
  [...p.seen].reverse().find((s) => s.state === 'ended')?.endReason;

describe('hang-ups that the socket cannot carry', () => {
  it('hanging up while the signaling socket is down: the hang-up goes over REST and the other side hears it at once', async () => {
    const { proxy, customer, provider, bookingId, providerId } = await callThroughProxy();
    try {
      await new Promise((r) => setTimeout(r, 1200));
      proxy.cut();
      await until(() => !provider.client.getSnapshot().online, 'provider socket down');
      const at = Date.now();
      await provider.client.end();
      await reach(customer, 'idle');
      expect(Date.now() - at).toBeLessThan(3000);
      expect(endedAs(customer)).toBe('completed');
      expect((await server.callLogs(bookingId))[0]).toMatchObject({
        call_status: 'completed',
        end_reason: 'completed',
        ended_by: providerId,
        duration: 1,
      });
    } finally {
      customer.client.close();
      provider.client.close();
      await proxy.close();
    }
  });

  it('a page that closes mid-call: endOnPageHide sends the hang-up by beacon (text/plain, token in the body)', async () => {
    const { proxy, customer, provider, bookingId } = await callThroughProxy();
    const beacons: { url: string; body: string }[] = [];
    // What a browser's navigator.sendBeacon does: a POST that outlives the page, no headers of the page's own.
    const sendBeacon = (url: string, body: string) => {
      beacons.push({ url, body });
      void fetch(url, { method: 'POST', body, headers: { 'content-type': 'text/plain;charset=UTF-8' } });
      return true;
    };
    try {
      expect(provider.client.endOnPageHide(sendBeacon)).toBe(true);
      // The page is gone: its socket with it.
      proxy.cut();
      provider.client.close();
      await reach(customer, 'idle', 3000);
      expect(endedAs(customer)).toBe('completed');
      expect(beacons).toHaveLength(1);
      expect(JSON.parse(beacons[0]?.body ?? '{}')).toMatchObject({ deviceId: provider.client.deviceId });
      expect((await server.callLogs(bookingId))[0]).toMatchObject({
        call_status: 'completed',
        end_reason: 'completed',
      });
      // No live call: nothing to send.
      expect(customer.client.endOnPageHide(sendBeacon)).toBe(false);
    } finally {
      customer.client.close();
      await proxy.close();
    }
  });
});
