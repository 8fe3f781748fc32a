import type { TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundAudio } from '../../src/testing/node-webrtc';
import { bookedPair, type Party, reach, startServer } from './world';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

async function hears(p: Party) {
  const pc = p.webrtc.pcs.at(-1);
  if (!pc) throw new Error(`${p.name}: no peer connection`);
  const before = await inboundAudio(pc);
  await new Promise((r) => setTimeout(r, 400));
  return (await inboundAudio(pc)).packets - before.packets;
}

describe('glare: customer and provider call each other at the same moment', () => {
  it('5 times in a row both end up in one connected call with audio, and the log has one call each time', async () => {
    const { customer, provider, bookingId } = await bookedPair(server);
    try {
      for (let round = 1; round <= 5; round++) {
        await Promise.all([customer.client.startCall(bookingId), provider.client.startCall(bookingId)]);
        await reach(customer, 'connected', 10_000);
        await reach(provider, 'connected', 10_000);
        const [c, p] = [customer.client.getSnapshot().call, provider.client.getSnapshot().call];
        expect(c?.callId, `round ${round}: one call`).toBe(p?.callId);
        expect(await hears(customer)).toBeGreaterThan(5);
        expect(await hears(provider)).toBeGreaterThan(5);
        await (round % 2 ? customer : provider).client.end();
        await reach(customer, 'idle');
        await reach(provider, 'idle');
        const rows = await server.callLogs(bookingId);
        expect(rows).toHaveLength(round);
        expect(rows[0]).toMatchObject({ id: c?.callId, call_status: 'completed', end_reason: 'completed' });
      }
    } finally {
      customer.client.close();
      provider.client.close();
    }
  }, 90_000);
});
