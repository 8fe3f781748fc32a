/**
 * Issue 15: turning the camera on in a voice call, two designs side by side in Chromium.
 *   A (the client's): the caller's first offer carries an idle two-way video line, and the tap is replaceTrack
 *     with the sender parameters (packages/client/src/peer-video.ts's real functions);
 *   B (the reference): W3C perfect negotiation on an audio-only call: addTrack, negotiationneeded, offer and
 *     answer, the receiver of the call polite, an implicit rollback on glare.
 * Every try is a fresh audio call between two RTCPeerConnections in one page on loopback (fake microphone and
 * camera), the signaling carried through a pipe with a fixed one-way delay (bench/browser/
 * video-negotiation-page.ts, bundled here with esbuild). Measured:
 *   - tap: one side opens its camera and puts it on the call; the time to the first frame the peer's receiver
 *     track delivers (and the part after the camera track is ready: what the design itself costs);
 *   - glare: both sides put their camera on in the same tick; how many tries end with frames both ways and
 *     both sides stable, the failed negotiation steps, collisions and rollbacks;
 *   - the bytes of the caller's first offer without and with the idle video line (A's cost on every call);
 *   - the same taps and glare on a relay-only call (iceTransportPolicy 'relay', a local coturn);
 *   - the server's relay-only scrubbing (privateSdp) on the SDP each design relays after the call started;
 *   - the sender parameters sendCamera and prioritizeAudio leave in this Chromium.
 *
 *   unshare -n sh -c 'ip link set lo up && exec npx tsx --conditions=@calling/source bench/video-negotiation.ts'   # as root
 *
 * Options: --tries N (20, per cell) --delays MS,MS (0,20: one-way signaling delay) --relay MS (20: the delay of
 *   the relay-only cells, through a coturn started here on loopback and stopped by its PID; off: none)
 *   --timeout-ms MS (5000, per try) --json FILE (.ci/out/video-negotiation.json, or BENCH_OUT)
 *
 * Bounded: every page step has a timeout, every loop a count, the whole run a deadline (4 min 45 s); the
 * browser is closed at the end, on an error or on SIGINT/SIGTERM. Traffic stays on loopback.
 */

import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Coturn, startCoturn } from '@calling/server/testing';
import type { Browser } from '@playwright/test';
import { turnCredential } from '../packages/server/src/calls/ice-servers';
import { boundRun, bundlePage, launchChromium, openPage } from './browser/page-harness';
import { BENCH_OUT } from './browser/paths';
import { type ScrubCheck, scrub } from './browser/relay-scrub-check';
import type {
  Design,
  GlareArgs,
  GlareResult,
  SdpCost,
  SdpCostArgs,
  SdpSamplesArgs,
  TapArgs,
  TapResult,
} from './browser/video-negotiation/results';
import type { VideoNegotiationApi } from './browser/video-negotiation-page';
import { type Cell, type Path, report } from './browser/video-negotiation-report';
import { clamp } from './options';

const { values: a } = parseArgs({
  options: {
    tries: { type: 'string', default: '20' },
    delays: { type: 'string', default: '0,20' },
    'timeout-ms': { type: 'string', default: '5000' },
    relay: { type: 'string', default: '20' },
    json: { type: 'string' },
  },
});
const TRIES = clamp(a.tries, 1, 100, 20);
const DELAYS = (a.delays ?? '0,20')
  .split(',')
  .map((d) => clamp(d, 0, 500, 0))
  .slice(0, 4);
const TIMEOUT_MS = clamp(a['timeout-ms'], 500, 20_000, 5000);
/** The one-way delay of the relay-only cells (through a coturn on loopback), or null: none. */
const RELAY_DELAY = a.relay === 'off' ? null : clamp(a.relay, 0, 500, 20);
const OUT = a.json ?? join(BENCH_OUT, 'video-negotiation.json');
const DEADLINE_MS = 285_000;
const DESIGNS: Design[] = ['A', 'B'];

/** The page's functions, as page.evaluate reaches them. */
type Vn = { __vn: VideoNegotiationApi };

// --- the run ---------------------------------------------------------------------------------------------

async function run(): Promise<void> {
  const started = Date.now();
  const js = await bundlePage('video-negotiation-page.ts');
  let browser: Browser | null = null;
  let turn: Coturn | null = null;
  const stop = async () => {
    const b = browser;
    browser = null;
    await b?.close().catch(() => {});
    const t = turn;
    turn = null;
    await t?.stop();
  };
  const clearDeadline = boundRun(DEADLINE_MS, stop);

  try {
    // As the server hands it out: coturn's shared-secret credential, and iceTransportPolicy 'relay'.
    let relayConfig: RTCConfiguration | null = null;
    if (RELAY_DELAY !== null) {
      turn = await startCoturn();
      const cred = turnCredential(turn.secret, 'bench', Math.floor(Date.now() / 1000) + 3600);
      relayConfig = { iceServers: [{ urls: [turn.url], ...cred }], iceTransportPolicy: 'relay' };
    }
    const direct: RTCConfiguration = {};
    const configOf = (p: Path) => (p.relay && relayConfig ? relayConfig : direct);
    const paths: Path[] = [
      ...DELAYS.map((d) => ({ label: `${d} ms`, delayMs: d, relay: false })),
      ...(RELAY_DELAY !== null ? [{ label: `${RELAY_DELAY} ms relay`, delayMs: RELAY_DELAY, relay: true }] : []),
    ];

    browser = await launchChromium();
    const version = browser.version();
    const page = await openPage(browser, js, { name: 'video-negotiation', timeoutMs: 30_000 });
    // page.evaluate serializes each function into the page: it refers only to its argument and the page's __vn.
    const vn = {
      tap: (args: TapArgs) => page.evaluate((x) => (window as unknown as Vn).__vn.tap(x), args),
      glare: (args: GlareArgs) => page.evaluate((x) => (window as unknown as Vn).__vn.glare(x), args),
      sdpCost: (args: SdpCostArgs) => page.evaluate((x) => (window as unknown as Vn).__vn.sdpCost(x), args),
      sdpSamples: (args: SdpSamplesArgs) => page.evaluate((x) => (window as unknown as Vn).__vn.sdpSamples(x), args),
    };

    const applied = await page.evaluate(() => (window as unknown as Vn).__vn.appliedParams());
    const sdpCosts: (SdpCost & { path: string })[] = [];
    // The client's caller: a candidate pool of one (peerConfig's gatherEarly).
    const offerPaths: [string, RTCConfiguration][] = [
      ['direct', { iceCandidatePoolSize: 1 }],
      ...(relayConfig
        ? [['relay-only', { ...relayConfig, iceCandidatePoolSize: 1 }] as [string, RTCConfiguration]]
        : []),
    ];
    for (const [name, config] of offerPaths) {
      for (const policy of ['balanced', 'max-bundle'] as RTCBundlePolicy[])
        sdpCosts.push({ path: name, ...(await vn.sdpCost([policy, config])) });
    }
    const scrubs: ScrubCheck[] = [];
    for (const [name, config] of [['direct', direct], ...(relayConfig ? [['relay-only', relayConfig]] : [])] as [
      string,
      RTCConfiguration,
    ][]) {
      const samples = await vn.sdpSamples([0, config]);
      scrubs.push(scrub(`${name}, A: ICE restart offer, camera on`, samples.aIceRestartOffer));
      scrubs.push(scrub(`${name}, B: renegotiation offer turning the camera on`, samples.bVideoOffer));
    }

    const taps: Cell<TapResult>[] = [];
    const glares: Cell<GlareResult>[] = [];
    const budgetLeft = () => DEADLINE_MS - 15_000 - (Date.now() - started);
    let cut = false;
    for (const path of paths) {
      const cells = DESIGNS.map((design) => ({ design, path, results: [] as TapResult[] }));
      const gcells = DESIGNS.map((design) => ({ design, path, results: [] as GlareResult[] }));
      taps.push(...cells);
      glares.push(...gcells);
      const config = configOf(path);
      for (let i = 0; i < TRIES && !cut; i++) {
        // A and B alternate which goes first; the tapping side alternates between caller and receiver.
        const order = i % 2 ? [1, 0] : [0, 1];
        for (const k of order) {
          const cell = cells[k] as Cell<TapResult>;
          const tapper = i % 2 ? 'receiver' : 'caller';
          cell.results.push(await vn.tap([cell.design, path.delayMs, tapper, TIMEOUT_MS, config]));
        }
        for (const k of order) {
          const cell = gcells[k] as Cell<GlareResult>;
          cell.results.push(await vn.glare([cell.design, path.delayMs, TIMEOUT_MS, config]));
        }
        if (budgetLeft() < 4 * TIMEOUT_MS + 8000) {
          cut = true;
          console.error(`time budget: stopping after try ${i + 1} of ${path.label}`);
        }
      }
    }

    report(
      { chromium: version, tries: TRIES, paths, timeoutMs: TIMEOUT_MS, taps, glares, sdpCosts, scrubs, applied },
      started,
      OUT,
    );
  } finally {
    clearDeadline();
    await stop();
  }
}

run().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
