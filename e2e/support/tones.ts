import { type Browser, chromium, expect, type Page } from '@playwright/test';
import { CHROMIUM, chromiumArgs } from './chromium';
import type { InitScript } from './world';

export type ToneName = 'ringtone' | 'ringback';

interface ToneLog {
  /** The call tones' media events (`playing`, `pause`), by the page's clock (Date.now: one clock for all pages). */
  events: { tone: string; type: string; at: number }[];
  /** Every pointerdown, under each testID it landed in: when a person's tap began. */
  presses: { id: string; at: number }[];
}

/** Runs in every page before the app: writes down the call tones' media events and the taps, with their times. */
function recordTones() {
  const log: ToneLog = { events: [], presses: [] };
  (window as unknown as { __tones: ToneLog }).__tones = log;
  for (const type of ['playing', 'pause']) {
    // Media events do not bubble, but a capturing listener on the document sees them.
    document.addEventListener(
      type,
      (e) => {
        const el = e.target;
        if (el instanceof HTMLAudioElement && el.dataset.role === 'call-tone')
          log.events.push({ tone: el.dataset.tone ?? '', type, at: Date.now() });
      },
      true,
    );
  }
  document.addEventListener(
    'pointerdown',
    (e) => {
      // Every testID on the way up: the tap may land on an icon (with its own testID) inside the button.
      const at = Date.now();
      for (let el = e.target as Element | null; el; el = el.parentElement) {
        const id = el.getAttribute('data-testid');
        if (id) log.presses.push({ id, at });
      }
    },
    true,
  );
}
export const toneRecorder: InitScript = { fn: recordTones };

/** The tone's <audio> element as the page has it, or null before the app made it. */
export function toneElement(page: Page, tone: ToneName) {
  return page.evaluate((t) => {
    const el = document.querySelector<HTMLAudioElement>(`audio[data-role="call-tone"][data-tone="${t}"]`);
    return el ? { paused: el.paused, currentTime: el.currentTime, duration: el.duration, loop: el.loop } : null;
  }, tone);
}

/**
 * The loudest RMS of what the tone's element puts out over up to `ms` (its stream, captured and read by a Web
 * Audio AnalyserNode in the page), stopping early once it is above `enough`.
 */
export function toneOutputLevel(page: Page, tone: ToneName, ms: number, enough = Number.POSITIVE_INFINITY) {
  return page.evaluate(
    async ({ t, ms, enough }) => {
      const el = document.querySelector(`audio[data-role="call-tone"][data-tone="${t}"]`) as
        | (HTMLAudioElement & { captureStream(): MediaStream })
        | null;
      if (!el) return 0;
      const ctx = new AudioContext();
      const source = ctx.createMediaStreamSource(el.captureStream());
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 2048;
      source.connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      let loudest = 0;
      const until = performance.now() + ms;
      while (performance.now() < until && loudest <= enough) {
        await new Promise((r) => setTimeout(r, 40));
        analyser.getFloatTimeDomainData(samples);
        let sum = 0;
        for (const v of samples) sum += v * v;
        loudest = Math.max(loudest, Math.sqrt(sum / samples.length));
      }
      source.disconnect();
      await ctx.close();
      return loudest;
    },
    { t: tone, ms, enough },
  );
}

/** The tone plays: its element is not paused, its time moves on, and what it puts out is not silence. */
export async function expectToneSounding(page: Page, tone: ToneName) {
  await expect.poll(async () => (await toneElement(page, tone))?.paused, { timeout: 10_000 }).toBe(false);
  const before = await toneElement(page, tone);
  await page.waitForTimeout(300);
  const after = await toneElement(page, tone);
  expect(after?.loop).toBe(true);
  // Looped: the time may have wrapped around the cycle's end.
  const cycle = after?.duration ?? 1;
  const moved = ((after?.currentTime ?? 0) - (before?.currentTime ?? 0) + cycle) % cycle;
  expect(moved).toBeGreaterThan(0.15);
  // The ringback is on for 2 s of each 6 s cycle: listen for a whole cycle at most.
  expect(await toneOutputLevel(page, tone, 6500, 0.05)).toBeGreaterThan(0.05);
}

/** When the page last paused the tone (Date.now), or null if it never did. */
function lastPause(page: Page, tone: ToneName): Promise<number | null> {
  return page.evaluate(
    (t) =>
      (window as unknown as { __tones: ToneLog }).__tones.events
        .filter((e) => e.tone === t && e.type === 'pause')
        .at(-1)?.at ?? null,
    tone,
  );
}

/** When the page's last tap on `testId` began (Date.now). */
export async function pressedAt(page: Page, testId: string): Promise<number> {
  const at = await page.evaluate(
    (id) => (window as unknown as { __tones: ToneLog }).__tones.presses.filter((p) => p.id === id).at(-1)?.at ?? null,
    testId,
  );
  if (at === null) throw new Error(`no tap on ${testId} was seen`);
  return at;
}

/**
 * The tone stopped no later than `withinMs` after `since` (Date.now), stays stopped and puts out silence.
 * Returns how long after `since` it stopped, in ms.
 */
export async function expectToneStopped(page: Page, tone: ToneName, since: number, withinMs = 200): Promise<number> {
  await expect.poll(async () => (await toneElement(page, tone))?.paused, { timeout: 5000 }).toBe(true);
  const pausedAt = await lastPause(page, tone);
  expect(pausedAt, `${tone} was never paused`).not.toBeNull();
  const late = (pausedAt ?? 0) - since;
  expect(late, `${tone} stopped ${late} ms after the ringing ended`).toBeLessThanOrEqual(withinMs);
  // Not before it (a few ms of slack: the server's clock is read in whole milliseconds, in another process).
  expect(late, `${tone} stopped ${-late} ms before the ringing ended`).toBeGreaterThanOrEqual(-20);
  expect(await toneOutputLevel(page, tone, 300)).toBeLessThan(0.001);
  expect(await toneElement(page, tone)).toMatchObject({ paused: true, currentTime: 0 });
  const replayed = await page.evaluate(
    ({ t, after }) =>
      (window as unknown as { __tones: ToneLog }).__tones.events.filter(
        (e) => e.tone === t && e.type === 'playing' && e.at > after,
      ).length,
    { t: tone, after: pausedAt ?? 0 },
  );
  expect(replayed, `${tone} played again after it stopped`).toBe(0);
  return late;
}

/** A Chromium that lets a page play sound only after a tap in it (the policy of a browser a person uses). */
export function launchBrowserNeedingTap(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      ...chromiumArgs().filter((a) => !a.startsWith('--autoplay-policy=')),
      '--autoplay-policy=document-user-activation-required',
    ],
  });
}

/**
 * Reads a page through the DevTools protocol without a user gesture. Playwright's evaluate and its locators'
 * waits run as a gesture, after which the page may play sound: a page that must stay untouched is only read so.
 */
export async function readWithoutGesture(page: Page) {
  const session = await page.context().newCDPSession(page);
  const read = async <T>(expression: string): Promise<T> => {
    const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
      expression,
      returnByValue: true,
      awaitPromise: true,
    });
    if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.text}`);
    return result.value as T;
  };
  return {
    read,
    /** Waits until the expression is true. */
    until: (expression: string, timeout = 15_000) =>
      expect.poll(() => read<boolean>(expression).catch(() => false), { timeout }).toBe(true),
  };
}
