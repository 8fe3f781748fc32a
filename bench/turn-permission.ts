/**
 * Issue 12, relay-only: where the receiver's ~48 ms after the tap go, and whether a TURN permission made while
 * it rings takes them away. In Chromium, one relay-only call at a time between two RTCPeerConnections in one
 * page (bench/browser/turn-permission-page.ts), through a coturn started here on loopback, set up as the
 * client sets up a protocol-3 call. Per try: ICE connected at the caller and at the receiver, ms after the tap,
 * without and with the caller's permission hint (its own relay address as a remote candidate while it rings).
 *
 *   unshare -n sh -c 'ip link set lo up && exec npx tsx --conditions=@calling/source bench/turn-permission.ts'   # as root
 *
 * Options: --tries N (10 per variant, alternating) --ring-ms MS (500: how long it rings) --delay-ms MS (5: the
 *   accept's one-way trip through the server)
 *
 * Bounded: every page step has a timeout, the loop a count, the run a deadline (3 min); coturn is stopped by
 * its PID and the browser closed at the end, on an error or on SIGINT/SIGTERM. Traffic stays on loopback.
 */

import { parseArgs } from 'node:util';
import { startCoturn } from '@calling/server/testing';
import { turnCredential } from '../packages/server/src/calls/ice-servers';
import { boundRun, bundlePage, launchChromium, openPage } from './browser/page-harness';
import type { PermissionTry, TurnPermissionApi } from './browser/turn-permission-page';
import { median } from './stats';

const { values } = parseArgs({
  options: {
    tries: { type: 'string', default: '10' },
    'ring-ms': { type: 'string', default: '500' },
    'delay-ms': { type: 'string', default: '5' },
  },
});
const tries = Number(values.tries);
const ringMs = Number(values['ring-ms']);
const delayMs = Number(values['delay-ms']);

const js = await bundlePage('turn-permission-page.ts');
const coturn = await startCoturn();
const browser = await launchChromium();
const stop = async () => {
  await browser.close().catch(() => {});
  await coturn.stop();
};
const clearDeadline = boundRun(180_000, stop);
try {
  const page = await openPage(browser, js, { name: 'turn-permission', timeoutMs: 20_000 + ringMs });
  const cred = turnCredential(coturn.secret, 'bench', Math.floor(Date.now() / 1000) + 3600);
  const iceServer = { urls: `turn:127.0.0.1:${coturn.port}?transport=udp`, ...cred };
  const results: PermissionTry[] = [];
  for (let i = 0; i < 2 * tries; i++) {
    const hint = i % 2 === 1;
    results.push(
      await page.evaluate((o) => (window as unknown as { __tp: TurnPermissionApi }).__tp.run(o), {
        iceServer,
        hint,
        ringMs,
        delayMs,
      }),
    );
  }
  console.log(`relay-only, rings ${ringMs} ms, the accept ${delayMs} ms to the caller; ICE connected after the tap:`);
  for (const hint of [false, true]) {
    const rows = results.filter((r) => r.hint === hint);
    const at = (k: 'callerConnected' | 'receiverConnected') => rows.map((r) => r[k]);
    const states = [...new Set(rows.map((r) => r.callerStateAtTap))].join(', ');
    console.log(
      `  ${hint ? 'with the permission hint' : 'as the client does    '}: caller p50 ${median(at('callerConnected'))} ms ` +
        `[${at('callerConnected').join(' ')}], receiver p50 ${median(at('receiverConnected'))} ms ` +
        `[${at('receiverConnected').join(' ')}]; the caller's ICE at the tap: ${states}`,
    );
  }
} finally {
  clearDeadline();
  await stop();
}
