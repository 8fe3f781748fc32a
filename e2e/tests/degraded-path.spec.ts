import {
  type Coturn,
  startCoturn,
  startTestServer,
  type TestServer,
  type UdpImpairment,
  udpImpairment,
} from '@calling/server/testing';
import { expect, type Page, test } from '@playwright/test';
import { byTestId, expectAudioFlowing, expectCallState } from '../support/app';
import { bothOnBooking, placeAndAnswer } from '../support/scenario';

// Issue 14: the call screen's quality indicator on a path made bad on purpose, in Chromium with both apps. The
// run's server talks to coturn directly, so this file has its own: every call relay-only, its TURN URL a UDP
// impairment proxy in front of a coturn of its own, so all media crosses the proxy (the Node WebRTC version of
// this is packages/client/test/webrtc/degraded-path.test.ts).

let coturn: Coturn;
let proxy: UdpImpairment;
let server: TestServer;
test.beforeAll(async () => {
  coturn = await startCoturn({ secret: 'e2e-impaired-turn-secret' });
  proxy = await udpImpairment({ host: '127.0.0.1', port: coturn.port });
  server = await startTestServer({
    db: 'pglite',
    env: {
      TURN_URLS: `turn:127.0.0.1:${proxy.port}?transport=udp`,
      TURN_SECRET: coturn.secret,
      RELAY_ONLY: 'always',
      RING_TIMEOUT_S: '30',
    },
  });
  if (server.server.webApps.length < 2) throw new Error('the apps are not built: run `npm run build:apps` first');
});
test.afterAll(async () => {
  await server?.close();
  proxy?.close();
  await coturn?.stop();
});

const GOOD = /^Good connection$/;
/** Poor, and why in words: the loss first (it is the worst), maybe the delay after it. */
const POOR_LOSS = /^Poor connection: audio is getting lost\b/;
/** What a page shows when the other side reports its own connection poor for loss. */
const PEER_POOR_LOSS = /^They can't hear you well \(audio is getting lost\b.* on their side\)$/;

/** Milliseconds from `since` until the page's test id shows text matching `pattern`, or throws after `timeoutMs`. */
async function msUntil(page: Page, testId: string, pattern: RegExp, since: number, timeoutMs: number) {
  await page
    .waitForFunction(
      ({ id, source }) =>
        new RegExp(source).test(document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? ''),
      { id: testId, source: pattern.source },
      { polling: 50, timeout: Math.max(1, since + timeoutMs - Date.now()) },
    )
    .catch(async (e: Error) => {
      const shown = await byTestId(page, testId).allTextContents();
      throw new Error(
        `${testId} not ${pattern} within ${timeoutMs} ms, it shows ${JSON.stringify(shown)}: ${e.message}`,
      );
    });
  return Date.now() - since;
}

test('degraded relay path: good on both pages at 0 % loss; at 15 % loss and ~300 ms RTT both show poor within 5 s, with the reason, and the peer poor too', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  proxy.set({ loss: 0, delayMs: 0, jitterMs: 0 });
  const s = await bothOnBooking(browser, 'degraded', [], server.url);
  const pages = [s.customer.page, s.provider.page] as const;
  await placeAndAnswer(s.customer.page, s.provider.page, s.customer.name);
  for (const page of pages) {
    const stats = await expectAudioFlowing(page);
    expect(stats.localCandidateType).toBe('relay');
    expect(stats.remoteCandidateType).toBe('relay');
  }

  // The line reads good before the first sample too, so it has to stay good over several (one a second).
  const steadyUntil = Date.now() + 3000;
  while (Date.now() < steadyUntil) {
    for (const page of pages) {
      await expect(byTestId(page, 'call-quality')).toHaveText(GOOD, { timeout: 1000 });
      await expect(byTestId(page, 'call-peer-quality')).toHaveCount(0, { timeout: 1000 });
    }
    await s.customer.page.waitForTimeout(250);
  }
  expect(proxy.counts.dropped).toBe(0);

  // Each leg from coturn to a browser drops 15 % and waits 150 ms: each side loses 15 % inbound, RTT ~300 ms.
  proxy.set({ loss: 0.15, delayMs: 150, jitterMs: 0 });
  const impairedAt = Date.now();
  // Watched side by side: each page's own line, and its line for the other side's reported level.
  const own = (page: Page) => msUntil(page, 'call-quality', POOR_LOSS, impairedAt, 5000);
  const peer = (page: Page) => msUntil(page, 'call-peer-quality', PEER_POOR_LOSS, impairedAt, 6000);
  const [customerPoorMs, providerPoorMs, customerPeerMs, providerPeerMs] = await Promise.all([
    own(s.customer.page),
    own(s.provider.page),
    peer(s.customer.page),
    peer(s.provider.page),
  ]);
  // The other side's level is sent when it changes, through signaling (which the proxy does not touch): a page
  // shows the peer poor within a second of the peer's own screen showing it.
  expect(customerPeerMs).toBeLessThanOrEqual(providerPoorMs + 1000);
  expect(providerPeerMs).toBeLessThanOrEqual(customerPoorMs + 1000);
  for (const page of pages) {
    await expect(byTestId(page, 'call-quality')).toHaveText(POOR_LOSS);
    await expect(byTestId(page, 'call-peer-quality')).toHaveText(PEER_POOR_LOSS);
    await expect(byTestId(page, 'call-quality')).toHaveAttribute('aria-live', 'polite');
  }
  expect(proxy.counts.dropped).toBeGreaterThan(0);
  const shown = await Promise.all(pages.map((page) => byTestId(page, 'call-quality').textContent()));
  const timing =
    `poor ${customerPoorMs} ms (customer), ${providerPoorMs} ms (provider) after the impairment; ` +
    `the peer's poor ${customerPeerMs} ms, ${providerPeerMs} ms; shown "${shown[0]}", "${shown[1]}"`;
  test.info().annotations.push({ type: 'time to poor', description: timing });
  console.log(`degraded path (Chromium): ${timing}`);

  await byTestId(s.provider.page, 'call-end').click();
  await expectCallState(s.customer.page, /ended|idle/i);
  await s.close();
});
