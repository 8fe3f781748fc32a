import { execFileSync } from 'node:child_process';
import {
  createTopology,
  NsProcess,
  SERVER_RUNNER,
  SERVICE_ADDR,
  type ServerReady,
  startNsCoturn,
} from '@calling/server/testing/netns';
import { type Browser, expect, test } from '@playwright/test';
import { byTestId, expectAudioFlowing, expectCallState, login, openBooking } from '../support/app';
import { chromiumIn } from '../support/netns';
import { placeAndAnswer } from '../support/scenario';
import { type Api, bookedPair, openApp, unwrap } from '../support/world';

// Each person on a network of their own: the customer's Chromium in one namespace, the provider's in another,
// the server and coturn in a third that both reach (@calling/server/testing/netns), so the provider's network
// can vanish while the customer's stays. Needs real root (`ip netns`), like CI.

const SECRET = 'e2e-netns-turn-secret';
const TALK_MS = 4000;

test('a network that vanishes for good mid-call: connection_lost, billed the talk before the loss (within 1 s), and the history says it dropped', async () => {
  test.setTimeout(180_000);
  const net = createTopology(`e2e-${process.pid}-${Date.now().toString(36)}`);
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    const coturn = await startNsCoturn(net.srv, SECRET);
    cleanup.push(() => coturn.stop());
    const server = await NsProcess.start<ServerReady>(
      'server',
      net.srv,
      SERVER_RUNNER,
      { host: SERVICE_ADDR, env: { TURN_URLS: coturn.url, TURN_SECRET: SECRET, RECONNECT_GRACE_S: '3' } },
      90_000,
    );
    cleanup.push(() => server.stop());
    // This process cannot reach the server's namespace: REST goes through the server's own process.
    const api: Api = async (path, init = {}) => unwrap(path, await server.request('http', { path, ...init }));
    const pair = await bookedPair('dropped', api);
    const origin = server.ready.url;
    const browsers: Browser[] = await Promise.all([chromiumIn(net.pa, origin), chromiumIn(net.pb, origin)]);
    cleanup.push(() => Promise.all(browsers.map((b) => b.close())));
    const [customer, provider] = await Promise.all([
      openApp(browsers[0] as Browser, 'user', origin),
      openApp(browsers[1] as Browser, 'provider', origin),
    ]);
    await login(customer.page, pair.customer);
    await login(provider.page, pair.provider);
    await openBooking(customer.page, pair.bookingId);
    await openBooking(provider.page, pair.bookingId);

    await placeAndAnswer(customer.page, provider.page, pair.customer.name);
    await expectAudioFlowing(customer.page);
    await expectAudioFlowing(provider.page);
    await customer.page.waitForTimeout(TALK_MS - 2000); // the two audio checks took about 2 s

    // The provider's phone loses its network for good: no more audio from it, its socket goes silent (no close).
    const lostAt = Date.now();
    execFileSync('ip', ['-n', net.pb, 'link', 'set', 'eth0', 'down']);
    await expectCallState(customer.page, 'reconnecting', 3000);
    // The server notices at socket.io's ping timeout, then waits the grace; the customer is told the end.
    await expectCallState(customer.page, /ended|idle/i, 40_000);
    const noticedAfterMs = Date.now() - lostAt;

    const rows = await server.request<Record<string, unknown>[]>('callLogs', { bookingId: pair.bookingId });
    expect(rows).toHaveLength(1);
    const row = rows[0] as { duration: number; connected_at: string | null };
    expect(row).toMatchObject({ call_status: 'completed', end_reason: 'connection_lost', ended_by: pair.provider.id });
    const talkS = (lostAt - new Date(row.connected_at ?? 0).getTime()) / 1000;
    expect(talkS).toBeGreaterThan(TALK_MS / 1000 - 1);
    expect(Math.abs(row.duration - talkS)).toBeLessThanOrEqual(1);
    // Billing until the server noticed would have been this much longer:
    expect(noticedAfterMs).toBeGreaterThan(5000);
    await expect(byTestId(customer.page, 'call-history-item').first()).toContainText(
      /You called .+ · dropped after \d+ s/,
      {
        timeout: 10_000,
      },
    );
    console.info(
      `dropped call: talk ${talkS.toFixed(1)} s, stored ${row.duration} s, the server noticed after ${noticedAfterMs} ms`,
    );
  } finally {
    for (const stop of cleanup.reverse()) await stop().catch(() => {});
    net.destroy();
  }
});
