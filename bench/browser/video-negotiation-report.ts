/**
 * The report of bench/video-negotiation.ts: per design and path, tap to the peer's first frame and how glare
 * ended; the caller's first offer without and with the idle video line; the relay-only scrubbing; the sender
 * parameters. Printed, and written with every try's numbers as JSON.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { OFFER_GATHER_MS } from '../../packages/client/src/peer-session';
import { nearestRank } from '../stats';
import type { ScrubCheck } from './relay-scrub-check';
import type { AppliedParams, Design, GlareResult, SdpCost, TapResult } from './video-negotiation/results';

/** A network path of the cells: direct (host candidates on loopback) or relay-only through a local coturn. */
export interface Path {
  label: string;
  delayMs: number;
  relay: boolean;
}

export interface Cell<T> {
  design: Design;
  path: Path;
  results: T[];
}

/** Everything the run measured, as the JSON holds it. */
export interface Measured {
  chromium: string;
  tries: number;
  paths: Path[];
  timeoutMs: number;
  taps: Cell<TapResult>[];
  glares: Cell<GlareResult>[];
  sdpCosts: (SdpCost & { path: string })[];
  scrubs: ScrubCheck[];
  applied: AppliedParams;
}

const NAMES: Record<Design, string> = {
  A: 'A idle video line + replaceTrack',
  B: 'B perfect negotiation',
};

const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)}` : '–');
const pad = (s: string | number, n: number) => String(s).padEnd(n);
const lpad = (s: string | number, n: number) => String(s).padStart(n);

/** Prints the tables, then writes m to the JSON file out; started: when the run began (Date.now()). */
export function report(m: Measured, started: number, out: string): void {
  const { taps, glares, sdpCosts, scrubs, applied } = m;
  console.log(`\nvideo-negotiation: Chromium ${m.chromium}, ${m.tries} tries per cell, a fresh audio call per try`);
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
        nearestRank(
          ok.filter((r) => r.tapper === t).map((r) => r.tapToFrameMs),
          50,
        ),
      );
    console.log(
      `${pad(NAMES[c.design], 34)}${pad(c.path.label, 13)}${pad(`${ok.length}/${c.results.length}`, 7)}` +
        `${lpad(ms(nearestRank(f('tapToFrameMs'), 50)), 14)}${lpad(ms(nearestRank(f('tapToFrameMs'), 90)), 6)}` +
        `${lpad(ms(nearestRank(f('trackToFrameMs'), 50)), 17)}${lpad(ms(nearestRank(f('trackToFrameMs'), 90)), 6)}` +
        `${lpad(ms(nearestRank(f('cameraMs'), 50)), 9)}${lpad(ms(nearestRank(f('localFrameMs'), 50)), 17)}` +
        `${lpad(ms(nearestRank(f('negotiationMs'), 50)), 17)}` +
        `${lpad(nearestRank(f('descriptions'), 50), 10)}${lpad(idle, 11)}  ${by('caller')}/${by('receiver')}, ${size('caller')}/${size('receiver')}; ${pairs}`,
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
        `${lpad(sum('ignored'), 8)}${lpad(sum('descriptions'), 9)}${lpad(ms(nearestRank(both, 50)), 15)}` +
        `${lpad(ms(nearestRank(both, 90)), 6)}`,
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

  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(m, null, 2));
  console.log(`wrote ${out}`);
}
