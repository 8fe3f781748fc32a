/** The glare measurement: both sides of a fresh audio call turn their camera on in the same tick. */

import { sleep, until, within } from '../page-waits';
import { type Call, type Counters, closeCall, openCamera } from './call';
import { connectCall, putCamera } from './designs';
import type { GlareArgs, GlareResult } from './results';

/** What the negotiation counted, as the result reports it. */
const counted = (c: Counters) => ({
  collisions: c.collisions,
  rollbacks: c.rollbacks,
  ignored: c.ignored,
  failures: c.failures,
  descriptions: c.descriptions,
});

/** Both sides turn their camera on in the same tick (both cameras opened first, so the taps really meet). */
export async function glare([design, delayMs, timeoutMs, config]: GlareArgs): Promise<GlareResult> {
  let call: Call | null = null;
  const result: GlareResult = {
    ok: false,
    bothWaysMs: Number.NaN,
    collisions: 0,
    rollbacks: 0,
    ignored: 0,
    failures: 0,
    descriptions: 0,
    stable: false,
  };
  try {
    call = await connectCall(design, delayMs, config);
    await sleep(200);
    const c = call;
    const [sc, sr] = await Promise.all([openCamera(c.caller), openCamera(c.receiver)]);
    const t0 = performance.now();
    await Promise.all([putCamera(c, c.caller, sc), putCamera(c, c.receiver, sr)]);
    const frames = await within(
      'frames both ways',
      timeoutMs,
      Promise.all([c.caller.firstFrame.promise, c.receiver.firstFrame.promise]),
    );
    result.bothWaysMs = Math.max(...frames.map((f) => f.at)) - t0;
    // Anything still negotiating settles within a second (a polite peer may offer again after its rollback).
    await until(
      'both stable',
      1000,
      () => c.caller.pc.signalingState === 'stable' && c.receiver.pc.signalingState === 'stable',
    )
      .then(() => {
        result.stable = true;
      })
      .catch(() => {});
    Object.assign(result, counted(c.counters));
    result.ok = result.stable && result.failures === 0;
    if (c.counters.failures) result.error = c.counters.errors.join('; ');
  } catch (e) {
    if (call) Object.assign(result, counted(call.counters));
    result.error = [(e as Error).message, ...(call?.counters.errors ?? [])].join('; ');
  } finally {
    if (call) closeCall(call);
  }
  return result;
}
