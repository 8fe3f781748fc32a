import type { Page } from '@playwright/test';

// Clocks: both pages run in one browser, so `performance.timeOrigin + performance.now()` in either is the same
// wall clock, and a tap in one page can be timed against a frame in the other.

/** Starts sampling the page's inbound audio `packetsReceived` every ~50 ms (until audioWatchResult). */
export async function watchAudio(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as {
      __calling: { pcs: RTCPeerConnection[] };
      __audioWatch?: { samples: [number, number][]; timer: ReturnType<typeof setInterval> };
    };
    const pc = w.__calling.pcs.filter((p) => p.connectionState !== 'closed').at(-1);
    const receiver = pc?.getReceivers().find((r) => r.track?.kind === 'audio');
    if (!receiver) throw new Error('no audio receiver to watch');
    const samples: [number, number][] = [];
    let busy = false;
    const timer = setInterval(async () => {
      if (busy) return;
      busy = true;
      try {
        (await receiver.getStats()).forEach((s) => {
          const r = s as { type: string; kind?: string; packetsReceived?: number; timestamp: number };
          // The report's own timestamp: when these counts were taken (a cached report keeps its first one).
          if (r.type === 'inbound-rtp' && r.kind === 'audio') samples.push([r.timestamp, r.packetsReceived ?? 0]);
        });
      } finally {
        busy = false;
      }
    }, 50);
    w.__audioWatch = { samples, timer };
  });
}

export interface AudioWatch {
  samples: number;
  spanMs: number;
  packets: number;
  /** The longest time two samples were apart with no packet in between (proof of a gap at least this long). */
  longestStallMs: number;
  /** The longest time between two samples (how blind the watch was at worst). */
  longestSampleGapMs: number;
}

export async function audioWatchResult(page: Page): Promise<AudioWatch> {
  const samples = await page.evaluate(() => {
    const w = window as unknown as { __audioWatch?: { samples: [number, number][]; timer: number } };
    if (!w.__audioWatch) throw new Error('watchAudio was not started');
    clearInterval(w.__audioWatch.timer);
    return w.__audioWatch.samples;
  });
  let longestStallMs = 0;
  let longestSampleGapMs = 0;
  let since = samples[0];
  for (let i = 1; i < samples.length; i += 1) {
    const [t, packets] = samples[i] as [number, number];
    longestSampleGapMs = Math.max(longestSampleGapMs, t - (samples[i - 1] as [number, number])[0]);
    if (!since || packets > since[1]) since = samples[i];
    else longestStallMs = Math.max(longestStallMs, t - since[0]);
  }
  const first = samples[0] ?? [0, 0];
  const last = samples.at(-1) ?? first;
  return {
    samples: samples.length,
    spanMs: last[0] - first[0],
    packets: last[1] - first[1],
    longestStallMs,
    longestSampleGapMs,
  };
}

/**
 * Arms the page to note the first frame of its peer's camera from now on: when its inbound video's
 * `framesDecoded` first rises (getStats polled every few ms), and when the call screen's peer view first
 * presents a frame (requestVideoFrameCallback on the <video>, hooked the moment it is inserted).
 */
export async function armFirstFrame(page: Page) {
  await page.evaluate(async () => {
    const w = window as unknown as {
      __calling: { pcs: RTCPeerConnection[] };
      __firstFrame?: { decodedAt: number | null; shownAt: number | null; stop(): void };
    };
    const pc = w.__calling.pcs.filter((p) => p.connectionState !== 'closed').at(-1);
    const receiver = pc?.getReceivers().find((r) => r.track?.kind === 'video');
    if (!receiver) throw new Error('no video receiver');
    const decoded = async () => {
      let n = 0;
      (await receiver.getStats()).forEach((s) => {
        const r = s as { type: string; kind?: string; framesDecoded?: number };
        if (r.type === 'inbound-rtp' && r.kind === 'video') n = r.framesDecoded ?? 0;
      });
      return n;
    };
    if (document.querySelector('video[data-testid="call-peer-video"]')) throw new Error('the peer view is still up');
    const base = await decoded();
    let stopped = false;
    const probe = {
      decodedAt: null as number | null,
      shownAt: null as number | null,
      stop: () => {
        stopped = true;
        observer.disconnect();
      },
    };
    const hooked = new WeakSet<HTMLVideoElement>();
    const observer = new MutationObserver(() => {
      const video = document.querySelector('video[data-testid="call-peer-video"]') as HTMLVideoElement | null;
      if (!video || hooked.has(video)) return;
      hooked.add(video);
      video.requestVideoFrameCallback((_now, meta) => {
        probe.shownAt ??= performance.timeOrigin + meta.presentationTime;
      });
    });
    observer.observe(document.body, { childList: true, subtree: true });
    void (async () => {
      while (!stopped && probe.decodedAt === null) {
        if ((await decoded()) > base) probe.decodedAt = performance.timeOrigin + performance.now();
        else await new Promise((r) => setTimeout(r, 2));
      }
    })();
    w.__firstFrame = probe;
  });
}

/** Presses the page's `testId` and returns the moment of the tap. */
export function tap(page: Page, testId: string): Promise<number> {
  return page.evaluate((id) => {
    const button = document.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
    if (!button) throw new Error(`no ${id} to tap`);
    const at = performance.timeOrigin + performance.now();
    button.click();
    return at;
  }, testId);
}

/** Milliseconds from `tapAt` to the armed page's first decoded frame and its first frame shown. */
export async function firstFrameSince(page: Page, tapAt: number, timeoutMs = 10_000) {
  await page.waitForFunction(
    () => {
      const p = (window as unknown as { __firstFrame?: { decodedAt: number | null; shownAt: number | null } })
        .__firstFrame;
      return p?.decodedAt != null && p.shownAt != null;
    },
    undefined,
    { timeout: timeoutMs, polling: 20 },
  );
  const { decodedAt, shownAt } = await page.evaluate(() => {
    const w = window as unknown as { __firstFrame: { decodedAt: number; shownAt: number; stop(): void } };
    w.__firstFrame.stop();
    return { decodedAt: w.__firstFrame.decodedAt, shownAt: w.__firstFrame.shownAt };
  });
  return { decodedMs: decodedAt - tapAt, shownMs: shownAt - tapAt };
}

/** The nearest-rank percentile of `values`. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
