import { type Coturn, startCoturn, type TestServer, type UdpImpairment, udpImpairment } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectedPath } from '../../src/testing/node-webrtc';
import { bookedPair, connect, type Party, startServer, until } from './world';

// Issue 14: the live quality indicator on a path made bad on purpose. A UDP impairment proxy sits in front of
// coturn and every call is relay-only, so all media crosses it.

let coturn: Coturn;
let proxy: UdpImpairment;
let server: TestServer;
beforeAll(async () => {
  coturn = await startCoturn({ secret: 'impaired-secret' });
  proxy = await udpImpairment({ host: '127.0.0.1', port: coturn.port });
  server = await startServer({
    TURN_URLS: `turn:127.0.0.1:${proxy.port}?transport=udp`,
    TURN_SECRET: coturn.secret,
    RELAY_ONLY: 'always',
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  proxy?.close();
  await coturn?.stop();
});

/** Inbound audio loss over the whole call so far, percent, from the connection's own counters. */
async function measuredLoss(p: Party): Promise<number> {
  const pc = p.webrtc.pcs[0];
  if (!pc) throw new Error('no peer connection');
  let lost = 0;
  let received = 0;
  (await pc.getStats()).forEach(
    (s: { type: string; kind?: string; packetsLost?: number; packetsReceived?: number }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        lost += s.packetsLost ?? 0;
        received += s.packetsReceived ?? 0;
      }
    },
  );
  return lost + received > 0 ? (100 * lost) / (lost + received) : 0;
}

const level = (p: Party) => p.client.getQuality()?.own?.level;

describe('the quality indicator on a degraded relay path', () => {
  it('good with no loss; poor within 5 s at 15 % loss and 300 ms RTT, with the reasons, on both sides', async () => {
    proxy.set({ loss: 0, delayMs: 0, jitterMs: 0 });
    const { customer, provider, bookingId } = await bookedPair(server);
    await connect(customer, provider, bookingId);
    const pc = customer.webrtc.pcs[0];
    if (!pc) throw new Error('no peer connection');
    expect(await selectedPath(pc)).toEqual({ local: 'relay', remote: 'relay' });
    for (const p of [customer, provider]) {
      await until(() => level(p) === 'good' && p.client.getQuality()?.peer?.level === 'good', 'good both ways', 5000);
    }

    // Each leg from coturn to a client drops 15 % and waits 150 ms: each side loses 15 % inbound, RTT ~300 ms.
    proxy.set({ loss: 0.15, delayMs: 150, jitterMs: 0 });
    const impairedAt = Date.now();
    await until(() => level(customer) === 'poor' && level(provider) === 'poor', 'poor on both sides', 5000);
    const toPoorMs = Date.now() - impairedAt;
    expect(toPoorMs).toBeLessThanOrEqual(5000);
    for (const p of [customer, provider]) {
      expect(p.client.getQuality()?.own?.reasons).toContain('high_loss');
      await until(() => p.client.getQuality()?.peer?.level === 'poor', "the other side's poor level", 3000);
    }
    await until(() => customer.client.getQuality()?.own?.reasons.includes('high_delay') ?? false, 'high delay', 8000);

    // Some seconds at that loss, then the summaries against the connections' own counters.
    await new Promise((r) => setTimeout(r, 6000));
    const measured = { caller: await measuredLoss(customer), receiver: await measuredLoss(provider) };
    await customer.client.end();
    let row = (await server.callLogs(bookingId))[0];
    const deadline = Date.now() + 5000;
    while ((!row?.caller_quality || !row.receiver_quality) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      row = (await server.callLogs(bookingId))[0];
    }
    for (const [side, summary] of [
      ['caller', row?.caller_quality],
      ['receiver', row?.receiver_quality],
    ] as const) {
      expect(summary?.path).toBe('relay');
      expect(summary?.relayProtocol).toBe('udp');
      // The per-second average over the call is the call's loss, within a few points.
      expect(Math.abs((summary?.lossPercent.avg ?? -100) - measured[side])).toBeLessThan(3);
      expect(summary?.lossPercent.max).toBeGreaterThan(8);
      expect(summary?.mos.min).toBeLessThan(3.1);
    }
    expect(proxy.counts.dropped).toBeGreaterThan(0);
    console.log(
      `degraded path: poor ${toPoorMs} ms after the impairment; loss measured caller ${measured.caller.toFixed(1)} %, ` +
        `receiver ${measured.receiver.toFixed(1)} %; summaries ${row?.caller_quality?.lossPercent.avg.toFixed(1)} %, ` +
        `${row?.receiver_quality?.lossPercent.avg.toFixed(1)} %`,
    );
  });
});
