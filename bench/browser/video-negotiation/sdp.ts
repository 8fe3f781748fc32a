/**
 * The SDP the designs make: the caller's first offer without and with the idle video line (A's cost on every
 * call), and the SDP each design relays after the call started (for the Node side's relay-only scrubbing check).
 */

import { OFFER_GATHER_MS } from '../../../packages/client/src/peer-session';
import { offerVideoLine } from '../../../packages/client/src/peer-video';
import { until, within } from '../page-waits';
import { closeCall, mic, openCamera } from './call';
import { connectCall, putCamera } from './designs';
import type { OfferSize, SdpCost, SdpCostArgs, SdpSamples, SdpSamplesArgs } from './results';

/**
 * The caller's first offer without and with the idle video line (what A costs on every call), made as the
 * client makes it: the connection created with its candidate pool, the offer at once, candidates gathered.
 */
export async function sdpCost([bundlePolicy, config]: SdpCostArgs): Promise<SdpCost> {
  const size = async (videoLine: boolean): Promise<OfferSize> => {
    const pc = new RTCPeerConnection({ ...config, bundlePolicy });
    const track = await mic();
    try {
      pc.addTrack(track, new MediaStream([track]));
      if (videoLine) offerVideoLine(pc);
      const offer = await pc.createOffer();
      const t0 = performance.now();
      await pc.setLocalDescription(offer);
      const candidates = () => {
        const sections = (pc.localDescription?.sdp ?? '').split(/\r?\nm=/).slice(1);
        return sections.map((x) => x.split(/\r?\n/).filter((l) => l.startsWith('a=candidate:')).length);
      };
      // What createFirstOffer sends: the local description after at most OFFER_GATHER_MS.
      await until('gathering', OFFER_GATHER_MS, () => pc.iceGatheringState === 'complete').catch(() => {});
      const atOfferWait = candidates();
      const complete = await until('gathering', 2000, () => pc.iceGatheringState === 'complete')
        .then(() => true)
        .catch(() => false);
      const gatherMs = performance.now() - t0;
      const sdp = pc.localDescription?.sdp ?? '';
      return {
        offerBytes: new TextEncoder().encode(offer.sdp ?? '').length,
        gatheredBytes: new TextEncoder().encode(sdp).length,
        gatheredComplete: complete,
        gatherMs: complete ? gatherMs : Number.NaN,
        candidatesPerSection: candidates(),
        candidatesAtOfferWait: atOfferWait,
        distinctCandidates: new Set(
          [...sdp.matchAll(/^a=candidate:\S+ \d+ \w+ \d+ (\S+) (\d+) typ/gm)].map((m) => `${m[1]}:${m[2]}`),
        ).size,
      };
    } finally {
      track.stop();
      pc.close();
    }
  };
  const audioOnly = await size(false);
  const withVideoLine = await size(true);
  return { bundlePolicy, audioOnly, withVideoLine };
}

/** SDP the server would relay after the call started, in each design, for the Node side to scrub. */
export async function sdpSamples([delayMs, config]: SdpSamplesArgs): Promise<SdpSamples> {
  const a = await connectCall('A', delayMs, config);
  let aIceRestartOffer = '';
  try {
    await putCamera(a, a.caller, await openCamera(a.caller));
    await within('A frame', 5000, a.receiver.firstFrame.promise);
    await a.caller.pc.setLocalDescription(await a.caller.pc.createOffer({ iceRestart: true }));
    const pc = a.caller.pc;
    // The restart gathers anew: its candidates are in the local description once gathering completes.
    await until(
      'restart gathering',
      1500,
      () => pc.iceGatheringState === 'complete' && !!pc.localDescription?.sdp.includes('a=candidate:'),
    ).catch(() => {});
    aIceRestartOffer = pc.localDescription?.sdp ?? '';
  } finally {
    closeCall(a);
  }
  const b = await connectCall('B', delayMs, config);
  let bVideoOffer = '';
  try {
    await putCamera(b, b.caller, await openCamera(b.caller));
    await within('B frame', 5000, b.receiver.firstFrame.promise);
    bVideoOffer = b.counters.lastOffer;
  } finally {
    closeCall(b);
  }
  return { aIceRestartOffer, bVideoOffer };
}
