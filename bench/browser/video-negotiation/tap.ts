/** The tap measurement: one side of a fresh audio call turns its camera on, the time to the peer's first frame. */

import { sleep, within } from '../page-waits';
import { type Call, closeCall, openCamera, peerOf } from './call';
import { connectCall, putCamera } from './designs';
import { firstLocalFrame } from './frames';
import { selectedPair, videoCounters, videoPackets } from './peer-stats';
import type { TapArgs, TapResult } from './results';

/** One try: a fresh audio call, one side taps the camera, the time to the first frame at the peer. */
export async function tap([design, delayMs, tapper, timeoutMs, config]: TapArgs): Promise<TapResult> {
  let call: Call | null = null;
  const result: TapResult = {
    ok: false,
    tapper,
    tapToFrameMs: Number.NaN,
    cameraMs: Number.NaN,
    trackToFrameMs: Number.NaN,
    localFrameMs: Number.NaN,
    negotiationMs: Number.NaN,
    descriptions: 0,
    frameWidth: 0,
    frameHeight: 0,
    idleVideoPackets: 0,
    pair: '',
    diag: {},
  };
  try {
    call = await connectCall(design, delayMs, config);
    await sleep(200); // the call runs a moment before the tap
    result.idleVideoPackets = (await videoPackets(call.caller.pc)) + (await videoPackets(call.receiver.pc));
    const side = tapper === 'caller' ? call.caller : call.receiver;
    const peer = peerOf(call, side);
    const t0 = performance.now();
    const stream = await openCamera(side);
    const t1 = performance.now();
    const local = firstLocalFrame(stream);
    await putCamera(call, side, stream);
    const frame = await within('the first frame at the peer', timeoutMs, peer.firstFrame.promise);
    result.localFrameMs = (await within('the first local frame', timeoutMs, local)) - t1;
    result.diag = await videoCounters(side.pc, peer.pc);
    result.negotiationMs = design === 'A' ? 0 : call.counters.answeredAt - t1;
    result.pair = await selectedPair(call.caller.pc);
    Object.assign(result, {
      ok: call.counters.failures === 0,
      tapToFrameMs: frame.at - t0,
      cameraMs: t1 - t0,
      trackToFrameMs: frame.at - t1,
      descriptions: call.counters.descriptions,
      frameWidth: frame.width,
      frameHeight: frame.height,
    });
    if (call.counters.failures) result.error = call.counters.errors.join('; ');
  } catch (e) {
    result.error = [(e as Error).message, ...(call?.counters.errors ?? [])].join('; ');
  } finally {
    if (call) closeCall(call);
  }
  return result;
}
