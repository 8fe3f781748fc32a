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

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Coturn, startCoturn } from '@calling/server/testing';
import { type Browser, chromium, type Page } from '@playwright/test';
import { build, stop as stopEsbuild } from 'esbuild';
import { CHROMIUM, chromiumArgs } from '../e2e/support/chromium';
import { OFFER_GATHER_MS } from '../packages/client/src/peer-session';
import { turnCredential } from '../packages/server/src/calls/ice-servers';
import { privateSdp } from '../packages/server/src/calls/relay-privacy';
import type {
  AppliedParams,
  Design,
  GlareResult,
  SdpCost,
  SdpSamples,
  TapResult,
} from './browser/video-negotiation-page';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(benchDir, '..');

const { values: a } = parseArgs({
  options: {
    tries: { type: 'string', default: '20' },
    delays: { type: 'string', default: '0,20' },
    'timeout-ms': { type: 'string', default: '5000' },
    relay: { type: 'string', default: '20' },
    json: { type: 'string' },
  },
});
const clamp = (v: string | undefined, lo: number, hi: number, def: number) => {
  const n = Number(v);
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : def;
};
const TRIES = clamp(a.tries, 1, 100, 20);
const DELAYS = (a.delays ?? '0,20')
  .split(',')
  .map((d) => clamp(d, 0, 500, 0))
  .slice(0, 4);
const TIMEOUT_MS = clamp(a['timeout-ms'], 500, 20_000, 5000);
/** The one-way delay of the relay-only cells (through a coturn on loopback), or null: none. */
const RELAY_DELAY = a.relay === 'off' ? null : clamp(a.relay, 0, 500, 20);
const OUT = a.json ?? join(process.env.BENCH_OUT ?? join(repoRoot, '.ci', 'out'), 'video-negotiation.json');
const DEADLINE_MS = 285_000;
const DESIGNS: Design[] = ['A', 'B'];
const NAMES: Record<Design, string> = {
  A: 'A idle video line + replaceTrack',
  B: 'B perfect negotiation',
};

type Vn = {
  __vn: {
    tap(args: [Design, number, 'caller' | 'receiver', number, RTCConfiguration]): Promise<TapResult>;
    glare(args: [Design, number, number, RTCConfiguration]): Promise<GlareResult>;
    sdpCost(args: [RTCBundlePolicy, RTCConfiguration]): Promise<SdpCost>;
    sdpSamples(args: [number, RTCConfiguration]): Promise<SdpSamples>;
    appliedParams(): Promise<AppliedParams>;
  };
};

async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [join(benchDir, 'browser', 'video-negotiation-page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    conditions: ['@calling/source'],
    logLevel: 'warning',
  });
  await stopEsbuild();
  const js = out.outputFiles[0]?.text;
  if (!js) throw new Error('esbuild wrote nothing');
  return js;
}

const ORIGIN = 'http://127.0.0.1:9';

async function openPage(browser: Browser, js: string): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  // Served by Playwright itself: no server, nothing on the network. 127.0.0.1 is a secure origin.
  await page.route(`${ORIGIN}/**`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>video negotiation</title>' }),
  );
  await page.goto(`${ORIGIN}/video-negotiation`);
  await page.addScriptTag({ content: js });
  return page;
}

// --- statistics ----------------------------------------------------------------------------------------

/** Nearest-rank percentile of the finite values (NaN when there are none). */
function pct(xs: number[], p: number): number {
  const s = xs.filter(Number.isFinite).sort((x, y) => x - y);
  if (s.length === 0) return Number.NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
}
const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)}` : '–');
const pad = (s: string | number, n: number) => String(s).padEnd(n);
const lpad = (s: string | number, n: number) => String(s).padStart(n);

// --- the relay-only check --------------------------------------------------------------------------------

interface ScrubCheck {
  what: string;
  sections: string[];
  candidatesBefore: Record<string, number>;
  candidatesAfter: Record<string, number>;
  addressesAfter: string[];
  ok: boolean;
}

function candidateTypes(sdp: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of sdp.matchAll(/^a=candidate:.*\btyp\s+(\w+)/gm)) out[m[1] as string] = (out[m[1] as string] ?? 0) + 1;
  return out;
}

/** privateSdp on an SDP from the page: no candidate but relay, no address in c=, o= or a=rtcp. */
function scrub(what: string, sdp: string): ScrubCheck {
  const after = privateSdp({ type: 'offer', sdp }).sdp;
  const candidatesAfter = candidateTypes(after);
  const addressesAfter = [...after.matchAll(/^(?:c=IN IP[46] |a=rtcp:\d+ IN IP[46] |o=.* IN IP[46] )(\S+)/gm)].map(
    (m) => m[1] as string,
  );
  const leaked = addressesAfter.filter((x) => x !== '0.0.0.0' && x !== '127.0.0.1');
  const oOk = /^o=.* IN IP4 127\.0\.0\.1$/m.test(after);
  const cOk = [...after.matchAll(/^c=IN IP[46] (\S+)/gm)].every((m) => m[1] === '0.0.0.0');
  return {
    what,
    sections: [...sdp.matchAll(/^m=(\w+)/gm)].map((m) => m[1] as string),
    candidatesBefore: candidateTypes(sdp),
    candidatesAfter,
    addressesAfter: [...new Set(addressesAfter)],
    ok:
      sdp.length > 0 &&
      Object.keys(candidatesAfter).every((t) => t === 'relay') &&
      leaked.length === 0 &&
      oOk &&
      cOk &&
      !/raddr (?!0\.0\.0\.0)/.test(after),
  };
}

// --- the run ---------------------------------------------------------------------------------------------

/** A network path of the cells: direct (host candidates on loopback) or relay-only through a local coturn. */
interface Path {
  label: string;
  delayMs: number;
  relay: boolean;
}

interface Cell<T> {
  design: Design;
  path: Path;
  results: T[];
}

async function run(): Promise<void> {
  const started = Date.now();
  const js = await bundle();
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
  const deadline = setTimeout(() => {
    console.error(`deadline (${DEADLINE_MS / 1000} s) passed: stopping`);
    void stop().finally(() => process.exit(2));
  }, DEADLINE_MS);
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => void stop().finally(() => process.exit(130)));

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

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: chromiumArgs() });
    const version = browser.version();
    const page = await openPage(browser, js);
    // page.evaluate serializes each function into the page: it refers only to its argument and the page's __vn.
    const vn = {
      tap: (args: [Design, number, 'caller' | 'receiver', number, RTCConfiguration]) =>
        page.evaluate((x) => (window as unknown as Vn).__vn.tap(x), args),
      glare: (args: [Design, number, number, RTCConfiguration]) =>
        page.evaluate((x) => (window as unknown as Vn).__vn.glare(x), args),
      sdpCost: (args: [RTCBundlePolicy, RTCConfiguration]) =>
        page.evaluate((x) => (window as unknown as Vn).__vn.sdpCost(x), args),
      sdpSamples: (args: [number, RTCConfiguration]) =>
        page.evaluate((x) => (window as unknown as Vn).__vn.sdpSamples(x), args),
    };

    const applied = await page.evaluate(() => (window as unknown as Vn).__vn.appliedParams());
    const sdpCosts: (SdpCost & { path: string })[] = [];
    // The client's caller: a candidate pool of one (PeerSession.configFor's gatherEarly).
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

    // --- report ---
    console.log(`\nvideo-negotiation: Chromium ${version}, ${TRIES} tries per cell, a fresh audio call per try`);
    console.log('one-way delay on every description and candidate; loopback; fake microphone and camera\n');
    console.log('Camera tap to the first decoded frame at the peer (ms)');
    console.log(
      `${pad('design', 34)}${pad('path', 13)}${pad('ok', 7)}${lpad('tap→frame p50', 14)}${lpad('p90', 6)}` +
        `${lpad('track→frame p50', 17)}${lpad('p90', 6)}${lpad('gUM p50', 9)}${lpad('1st capture p50', 17)}${lpad('negotiation p50', 17)}` +
        `${lpad('SDP msgs', 10)}${lpad('idle pkts', 11)}  by tapper caller/receiver: tap→frame p50, 1st frame size; pairs`,
    );
    for (const c of taps) {
      const ok = c.results.filter((r) => r.ok);
      const f = (k: keyof TapResult) => ok.map((r) => r[k] as number);
      const pairs = [...new Set(ok.map((r) => r.pair))].join(',');
      const idle = c.results.reduce((s, r) => s + r.idleVideoPackets, 0);
      const size = (t: TapResult['tapper']) =>
        [...new Set(ok.filter((r) => r.tapper === t).map((r) => `${r.frameWidth}x${r.frameHeight}`))].join('|');
      const by = (t: TapResult['tapper']) =>
        ms(
          pct(
            ok.filter((r) => r.tapper === t).map((r) => r.tapToFrameMs),
            50,
          ),
        );
      console.log(
        `${pad(NAMES[c.design], 34)}${pad(c.path.label, 13)}${pad(`${ok.length}/${c.results.length}`, 7)}` +
          `${lpad(ms(pct(f('tapToFrameMs'), 50)), 14)}${lpad(ms(pct(f('tapToFrameMs'), 90)), 6)}` +
          `${lpad(ms(pct(f('trackToFrameMs'), 50)), 17)}${lpad(ms(pct(f('trackToFrameMs'), 90)), 6)}` +
          `${lpad(ms(pct(f('cameraMs'), 50)), 9)}${lpad(ms(pct(f('localFrameMs'), 50)), 17)}` +
          `${lpad(ms(pct(f('negotiationMs'), 50)), 17)}` +
          `${lpad(pct(f('descriptions'), 50), 10)}${lpad(idle, 11)}  ${by('caller')}/${by('receiver')}, ${size('caller')}/${size('receiver')}; ${pairs}`,
      );
    }
    console.log('\nGlare: both sides put their camera on in the same tick (times from that tick)');
    console.log(
      `${pad('design', 34)}${pad('path', 13)}${pad('both ways', 11)}${lpad('failed steps', 13)}` +
        `${lpad('collisions', 11)}${lpad('rollbacks', 10)}${lpad('ignored', 8)}${lpad('SDP msgs', 9)}` +
        `${lpad('both-ways p50', 15)}${lpad('p90', 6)}`,
    );
    for (const c of glares) {
      const ok = c.results.filter((r) => r.ok);
      const sum = (k: keyof GlareResult) => c.results.reduce((s, r) => s + (r[k] as number), 0);
      const both = ok.map((r) => r.bothWaysMs);
      console.log(
        `${pad(NAMES[c.design], 34)}${pad(c.path.label, 13)}${pad(`${ok.length}/${c.results.length}`, 11)}` +
          `${lpad(sum('failures'), 13)}${lpad(sum('collisions'), 11)}${lpad(sum('rollbacks'), 10)}` +
          `${lpad(sum('ignored'), 8)}${lpad(sum('descriptions'), 9)}${lpad(ms(pct(both, 50)), 15)}` +
          `${lpad(ms(pct(both, 90)), 6)}`,
      );
    }
    const errors = [...taps, ...glares].flatMap((c) =>
      (c.results as (TapResult | GlareResult)[])
        .filter((r) => r.error)
        .map((r) => `${c.design} ${c.path.label}: ${r.error}`),
    );
    if (errors.length) {
      console.log(`\nerrors (${errors.length}, first 10):`);
      for (const e of errors.slice(0, 10)) console.log(`  ${e}`);
    }

    console.log("\nThe caller's first offer: one audio line, plus A's idle video line (bytes)");
    console.log(
      `${pad('path', 12)}${pad('bundlePolicy', 14)}${pad('SDP', 17)}${lpad('createOffer', 12)}${lpad('gathered', 10)}` +
        `${lpad('gather ms', 11)}  candidates per m-section: at ${OFFER_GATHER_MS} ms; at the end (distinct)`,
    );
    for (const c of sdpCosts) {
      for (const [name, s] of [
        ['audio only', c.audioOnly],
        ['with video line', c.withVideoLine],
      ] as const) {
        console.log(
          `${pad(c.path, 12)}${pad(c.bundlePolicy, 14)}${pad(name, 17)}${lpad(s.offerBytes, 12)}${lpad(s.gatheredBytes, 10)}` +
            `${lpad(ms(s.gatherMs), 11)}  ${s.candidatesAtOfferWait.join(' / ')}; ${s.candidatesPerSection.join(' / ')} (${s.distinctCandidates})` +
            `${s.gatheredComplete ? '' : ' (gathering not complete in 2 s)'}`,
        );
      }
      console.log(
        `${pad('', 26)}${pad('idle line costs', 17)}${lpad(`+${c.withVideoLine.offerBytes - c.audioOnly.offerBytes}`, 12)}` +
          `${lpad(`+${c.withVideoLine.gatheredBytes - c.audioOnly.gatheredBytes}`, 10)}`,
      );
    }

    console.log("\nRelay-only scrubbing (the server's privateSdp) on SDP relayed after the call started");
    for (const s of scrubs) {
      console.log(
        `  ${s.ok ? 'ok  ' : 'FAIL'} ${s.what}: m=${s.sections.join(',')}; candidates ${JSON.stringify(s.candidatesBefore)}` +
          ` → ${JSON.stringify(s.candidatesAfter)}; o=/c=/a=rtcp addresses after: ${s.addressesAfter.join(', ') || 'none'}`,
      );
    }

    console.log('\nSender parameters in this Chromium after sendCamera / prioritizeAudio');
    console.log(`  video: ${JSON.stringify(applied.video)}`);
    console.log(`  audio: ${JSON.stringify(applied.audio)}`);
    console.log(`\n${Math.round((Date.now() - started) / 1000)} s`);

    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(
      OUT,
      JSON.stringify(
        {
          chromium: version,
          tries: TRIES,
          paths,
          timeoutMs: TIMEOUT_MS,
          taps,
          glares,
          sdpCosts,
          scrubs,
          applied,
        },
        null,
        2,
      ),
    );
    console.log(`wrote ${OUT}`);
  } finally {
    clearTimeout(deadline);
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
