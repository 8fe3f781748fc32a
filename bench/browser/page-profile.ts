/**
 * A page's main-thread JavaScript, sampled by Chromium's profiler over CDP (BENCH_PROFILE=1 in the accept
 * bench), and where its time went inside chosen windows of epoch ms (e.g. call:accepted received →
 * setRemoteDescription called, for every call). Samples are placed on the page's clock by reading
 * performance.now() right after the profiler started (off by at most that round trip, ~1 ms).
 */

import type { Page } from '@playwright/test';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface PageProfile {
  profile: CpuProfile;
  /** Epoch ms (performance.timeOrigin + now()) of the profile's startTime. */
  startEpochMs: number;
}

export async function startPageProfile(page: Page): Promise<() => Promise<PageProfile>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const startEpochMs = await page.evaluate(() => performance.timeOrigin + performance.now());
  return async () => {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    await cdp.detach().catch(() => {});
    return { profile, startEpochMs };
  };
}

const label = (n: ProfileNode) => {
  const f = n.callFrame;
  const file =
    f.url
      .split('/')
      .pop()
      ?.replace(/-[0-9a-f]{32}/, '') ?? '';
  return `${f.functionName || '(anonymous)'} ${file}${file ? `:${f.lineNumber + 1}` : ''}`;
};

/** Self time (ms) by function inside the windows (epoch ms), biggest first, and the windows' total span. */
export function selfTimeIn(p: PageProfile, windows: [number, number][]): { total: number; top: [string, number][] } {
  const byId = new Map(p.profile.nodes.map((n) => [n.id, n]));
  const spans = windows.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const self = new Map<string, number>();
  let t = p.profile.startTime;
  for (let i = 0; i < p.profile.samples.length; i++) {
    t += p.profile.timeDeltas[i] ?? 0;
    const at = p.startEpochMs + (t - p.profile.startTime) / 1000;
    const dt = (p.profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (!spans.some(([a, b]) => at >= a && at < b)) continue;
    const node = byId.get(p.profile.samples[i] ?? -1);
    if (!node) continue;
    const key = label(node);
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  const total = spans.reduce((s, [a, b]) => s + (b - a), 0);
  return { total, top: [...self.entries()].sort((a, b) => b[1] - a[1]) };
}
