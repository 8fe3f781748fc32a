import type { TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookedPair, connect, startServer, until } from './world';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

describe("a call's live quality", () => {
  it('both sides estimate their path from getStats() and see the level the other side reported', async () => {
    const { customer, provider, bookingId } = await bookedPair(server, { qualityIntervalMs: 250 });
    const seen: unknown[] = [];
    customer.client.on('quality', (v) => seen.push(v));
    await connect(customer, provider, bookingId);
    for (const p of [customer, provider]) {
      await until(
        () => p.client.getQuality()?.own?.mos !== undefined && p.client.getQuality()?.peer !== null,
        'quality both ways',
        5000,
      );
      const q = p.client.getQuality();
      // A loopback path: no loss, a millisecond or two of RTT.
      expect(q?.own).toMatchObject({ level: 'good', reasons: [] });
      expect(q?.own?.mos).toBeGreaterThan(4.3);
      expect(q?.peer).toEqual({ level: 'good', reasons: [] });
      expect(q?.callId).toBe(p.client.getSnapshot().call?.callId);
    }
    await new Promise((r) => setTimeout(r, 600));
    await customer.client.end();
    await until(() => customer.client.getQuality() === null && provider.client.getQuality() === null, 'cleared');
    expect(seen.at(-1)).toBeNull();
    // Each side's summary lands with the call, on its own side.
    let row = (await server.callLogs(bookingId))[0];
    const deadline = Date.now() + 5000;
    while ((!row?.caller_quality || !row.receiver_quality) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      row = (await server.callLogs(bookingId))[0];
    }
    for (const side of [row?.caller_quality, row?.receiver_quality]) {
      expect(side?.samples).toBeGreaterThanOrEqual(2);
      expect(side).toMatchObject({ codec: 'audio/opus', path: 'direct', relayProtocol: null, iceRestarts: 0 });
      expect(side?.lossPercent.max).toBeLessThan(1);
      expect(side?.mos.min).toBeGreaterThan(4);
      expect(side?.acceptToAudioMs).toBeGreaterThan(0);
      expect(side?.acceptToAudioMs).toBeLessThan(5000);
    }
    expect(row?.call_status).toBe('completed');
  });
});
