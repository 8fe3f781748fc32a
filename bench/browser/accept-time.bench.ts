/**
 * How fast a call connects after the receiver taps Accept, in Chromium with both real web apps (a benchmark:
 * it asserts that each call works, never how fast). The customer (apps/user) calls the provider
 * (apps/provider) from a booking; the provider's page rings; ~1 s after the ring showed (as a person would)
 * the provider taps Accept; both screens reach "connected", audio is checked flowing both ways for 1 s, the
 * customer hangs up and both pages go back to idle. N calls (BENCH_CALLS, default 30, at most 200) in each
 * mode (BENCH_MODES, default "direct,relay-only"): direct (default ICE) and relay-only (the customer's
 * relay-only setting, as e2e/tests/relay-only.spec.ts, through the real coturn; each call's selected pair
 * must be relay/relay).
 *
 * Everything is measured in the pages, by bench/browser/instrument-accept.ts (see its header for how), in
 * epoch ms: both pages are in one browser on one machine, so their clocks agree (checked at the start: each
 * page's reading falls between two readings of the other). The tap is the Accept click's dispatch in the
 * provider page; first audio is the inbound-rtp lastPacketReceivedTimestamp at the first getStats poll (every
 * BENCH_POLL_MS, default 3 ms, after the previous one resolved) that shows packetsReceived > 0.
 *
 * The server runs in the Playwright runner process (global-setup.ts), which also times its database statements
 * and event-loop stalls during each call (accept-bench-server.json, a section of accept-bench.md).
 *
 * Writes .ci/out/accept-bench.json (every call's numbers, both pages' raw records) and .ci/out/accept-bench.md
 * (BENCH_OUT overrides the directory), and prints the markdown. As root:
 *
 *   npm run build:apps
 *   unshare -n sh -c 'ip link set lo up && exec env NODE_OPTIONS=--conditions=@calling/source npx playwright test -c bench/browser/playwright.config.ts'
 *
 * Bounded: N calls, each step with its own timeout (15 s), the test's timeout from N (playwright.config.ts);
 * more than 3 failed calls end the run.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { byTestId, expectAudioFlowing, expectCallState } from '../../e2e/support/app';
import { bothOnBooking } from '../../e2e/support/scenario';
import { setRelayOnly } from '../../e2e/support/world';
import { analyseCall, type CallMetrics } from './accept-metrics';
import { markdown, summary } from './accept-report';
import { type BenchRecord, instrumentAcceptTimes } from './instrument-accept';
import { type PageProfile, selfTimeIn, startPageProfile } from './page-profile';
import { BENCH_OUT, benchModes, modeFile, ROOT } from './paths';

const N = Math.min(200, Math.max(1, Number(process.env.BENCH_CALLS ?? 30)));
const MODES = benchModes();
const POLL_MS = Math.min(50, Math.max(0, Number(process.env.BENCH_POLL_MS ?? 3)));
/** How long the ring shows before the tap. */
const RING_MS = 1000;
const MAX_FAILED = 3;
/** BENCH_PROFILE=1: both pages' JavaScript sampled, and where it went between the steps of the setup. */
const PROFILE = process.env.BENCH_PROFILE === '1';

type Bench = {
  __bench: BenchRecord & { now(): number; reset(): void; waitForState(p: string, ms: number): Promise<boolean> };
};
const read = (page: Page) =>
  page.evaluate(() => {
    const { now: _n, reset: _r, waitForState: _w, ...record } = (window as unknown as Bench).__bench;
    return JSON.parse(JSON.stringify(record)) as BenchRecord;
  });
const waitForState = (page: Page, state: string, timeoutMs = 15_000) =>
  page.evaluate(([pattern, ms]) => (window as unknown as Bench).__bench.waitForState(pattern, ms), [
    `^\\s*${state}\\b`,
    timeoutMs,
  ] as [string, number]);
const reset = (page: Page) => page.evaluate(() => (window as unknown as Bench).__bench.reset());

/** Both pages' clocks: page B's reading must fall between two readings of page A, and the other way round. */
async function clockCheck(a: Page, b: Page, rounds = 5) {
  const reading = (p: Page) =>
    p.evaluate(() => ({
      perf: performance.timeOrigin + performance.now(),
      date: Date.now(),
      visibility: document.visibilityState,
    }));
  const out: { bracketMs: number; inside: boolean; dateMinusPerfA: number; dateMinusPerfB: number }[] = [];
  let visibility = '';
  for (let i = 0; i < rounds; i++) {
    const [x, y] = i % 2 ? [b, a] : [a, b];
    const first = await reading(x);
    const mid = await reading(y);
    const last = await reading(x);
    visibility = `${first.visibility}/${mid.visibility}`;
    out.push({
      bracketMs: last.perf - first.perf,
      inside: first.perf <= mid.perf && mid.perf <= last.perf,
      dateMinusPerfA: first.date - first.perf,
      dateMinusPerfB: mid.date - mid.perf,
    });
  }
  return { rounds: out, allInside: out.every((r) => r.inside), visibility };
}

async function oneCall(i: number, mode: string, caller: Page, receiver: Page): Promise<CallMetrics> {
  await Promise.all([reset(caller), reset(receiver)]);
  await expect(byTestId(caller, 'call-button')).toBeEnabled({ timeout: 15_000 });
  await byTestId(caller, 'call-button').click();
  await expect(byTestId(receiver, 'call-accept')).toBeVisible({ timeout: 15_000 });
  // The person looks at the ring for ~1 s (counted from when the page showed it), then taps Accept.
  await receiver.evaluate(async (ringMs) => {
    const b = (window as unknown as Bench).__bench;
    const shown = b.ringShown[0]?.t ?? b.now();
    await new Promise((r) => setTimeout(r, Math.max(0, shown + ringMs - b.now())));
  }, RING_MS);
  await byTestId(receiver, 'call-accept').click();
  // Waiting in the pages (their MutationObserver), not by polling them over CDP while the call connects.
  const connected = await Promise.all([waitForState(caller, 'connected'), waitForState(receiver, 'connected')]);
  expect(connected, `call ${i}: both screens say connected within 15 s`).toEqual([true, true]);
  await expectCallState(caller, 'connected');
  await expectCallState(receiver, 'connected');
  const [callerAudio, receiverAudio] = await Promise.all([expectAudioFlowing(caller), expectAudioFlowing(receiver)]);
  const pair = {
    caller: `${callerAudio.localCandidateType}/${callerAudio.remoteCandidateType}`,
    receiver: `${receiverAudio.localCandidateType}/${receiverAudio.remoteCandidateType}`,
  };
  if (mode === 'relay-only') {
    expect(pair.caller, `call ${i}: caller's selected pair`).toBe('relay/relay');
    expect(pair.receiver, `call ${i}: receiver's selected pair`).toBe('relay/relay');
  }
  await byTestId(caller, 'call-end').click();
  await expectCallState(caller, 'idle', 15_000);
  await expectCallState(receiver, 'idle', 15_000);
  const [c, r] = await Promise.all([read(caller), read(receiver)]);
  return { ...analyseCall(i, c, r, pair), raw: { caller: c, receiver: r } };
}

/** After a failed call: hang up wherever a call is still up and wait for idle (bounded by the timeouts). */
async function recover(caller: Page, receiver: Page) {
  for (const page of [caller, receiver]) {
    const end = byTestId(page, 'call-end');
    if (await end.isVisible().catch(() => false)) await end.click({ timeout: 5000 }).catch(() => {});
    const reject = byTestId(page, 'call-reject');
    if (await reject.isVisible().catch(() => false)) await reject.click({ timeout: 5000 }).catch(() => {});
  }
  await expectCallState(caller, 'idle', 15_000).catch(() => {});
  await expectCallState(receiver, 'idle', 15_000).catch(() => {});
}

const OUT = BENCH_OUT;
const fileOf = modeFile;

test.beforeAll(() => {
  for (const mode of MODES) rmSync(fileOf(mode), { force: true });
});

for (const mode of MODES) {
  test(`accept → audio, ${mode}: ${N} calls`, async ({ browser }) => {
    if (mode !== 'direct' && mode !== 'relay-only') throw new Error(`unknown mode ${mode}`);
    const s = await bothOnBooking(browser, `bench-${mode}`, [
      { fn: instrumentAcceptTimes as (arg: never) => void, arg: { pollMs: POLL_MS } },
    ]);
    const caller = s.customer.page;
    const receiver = s.provider.page;
    try {
      if (mode === 'relay-only') await setRelayOnly(s.customer, true);
      const clock = await clockCheck(caller, receiver);
      expect(clock.allInside, `the two pages' clocks disagree: ${JSON.stringify(clock)}`).toBe(true);
      const loadavgBefore = loadavg();
      const calls: CallMetrics[] = [];
      const failures: { call: number; error: string }[] = [];
      const stopProfiles = PROFILE ? await Promise.all([startPageProfile(caller), startPageProfile(receiver)]) : null;
      for (let i = 1; i <= N; i++) {
        try {
          calls.push(await oneCall(i, mode, caller, receiver));
        } catch (err) {
          failures.push({ call: i, error: String(err).slice(0, 2000) });
          console.log(`call ${i} failed: ${String(err).split('\n')[0]}`);
          if (failures.length > MAX_FAILED) throw err;
          await recover(caller, receiver);
        }
      }
      const meta = {
        loadavgBefore,
        loadavgAfter: loadavg(),
        mode,
        calls: N,
        pollMs: POLL_MS,
        ringMs: RING_MS,
        date: new Date().toISOString(),
        commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim(),
        chromium: browser.version(),
        node: process.version,
      };
      const metaLine = `Chromium ${meta.chromium}, commit ${meta.commit}, ${meta.date}, getStats poll ${POLL_MS} ms, ring ${RING_MS} ms before the tap; clocks: ${clock.rounds.length} brackets all inside (widest ${Math.max(...clock.rounds.map((r) => r.bracketMs)).toFixed(1)} ms), pages ${clock.visibility}; load average before ${loadavgBefore.map((l) => l.toFixed(2)).join(' ')}, after ${meta.loadavgAfter.map((l) => l.toFixed(2)).join(' ')}.`;
      if (stopProfiles) {
        const [c, r] = await Promise.all(stopProfiles.map((stop) => stop()));
        profileReport(mode, calls, c as PageProfile, r as PageProfile);
      }
      const md = markdown(mode, calls, failures.length, metaLine);
      console.log(`\n${md}`);
      mkdirSync(OUT, { recursive: true });
      writeFileSync(
        fileOf(mode),
        JSON.stringify({ meta, clock, failures, summary: summary(calls), markdown: md, calls }, null, 1),
      );
      expect(failures, 'failed calls').toEqual([]);
    } finally {
      if (mode === 'relay-only') await setRelayOnly(s.customer, false).catch(() => {});
      await s.close();
    }
  });
}

test.afterAll(() => {
  const modes = MODES.filter((m) => existsSync(fileOf(m))).map((m) => JSON.parse(readFileSync(fileOf(m), 'utf8')));
  if (modes.length === 0) return;
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'accept-bench.json'), JSON.stringify({ modes }, null, 1));
  writeFileSync(join(OUT, 'accept-bench.md'), modes.map((m: { markdown: string }) => m.markdown).join('\n'));
  console.log(`wrote ${join(OUT, 'accept-bench.json')} and accept-bench.md`);
});

/** Where each page's JavaScript went in the steps of setup that wait on it (BENCH_PROFILE=1). */
function profileReport(mode: string, calls: CallMetrics[], caller: PageProfile, receiver: PageProfile) {
  const span = (c: CallMetrics, from: string | number, to: string): [number, number] => {
    const a = typeof from === 'number' ? from : c.ms[from];
    const b = c.ms[to];
    return typeof a === 'number' && typeof b === 'number' ? [c.tap + a, c.tap + b] : [0, 0];
  };
  const sections: [string, PageProfile, (c: CallMetrics) => [number, number]][] = [
    [
      'caller: call:accepted received → setRemoteDescription(answer) called',
      caller,
      (c) => span(c, 'C accepted received', 'C srd start'),
    ],
    ['caller: setRemoteDescription(answer) called → resolved', caller, (c) => span(c, 'C srd start', 'C srd end')],
    ['caller: tap → first audio packet', caller, (c) => span(c, 0, 'tap→audio est caller')],
    ['receiver: pointerdown → call:accept sent', receiver, (c) => span(c, 'tap pointerdown→click', 'R accept sent')],
    ['receiver: tap → first audio packet', receiver, (c) => span(c, 0, 'tap→audio est receiver')],
  ];
  const out: Record<string, unknown> = {};
  for (const [name, profile, window] of sections) {
    const windows = calls.map((c) => {
      const w = window(c);
      // pointerdown comes before the tap: its offset is negative of the interval
      return name.startsWith('receiver: pointerdown')
        ? ([c.tap - (c.ms['tap pointerdown→click'] ?? 0), w[1]] as [number, number])
        : w;
    });
    const { total, top } = selfTimeIn(profile, windows);
    out[name] = { windowsMs: total, top: top.slice(0, 25) };
    console.log(
      `\n${mode}, ${name}: ${calls.length} windows, ${total.toFixed(0)} ms in all; JavaScript self time, ms:`,
    );
    for (const [fn, t] of top.slice(0, 15)) console.log(`  ${t.toFixed(1).padStart(7)}  ${fn}`);
  }
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, `accept-profile-${mode}.json`), JSON.stringify(out, null, 1));
}
