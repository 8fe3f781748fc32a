/** The sender parameters the client's sendCamera and prioritizeAudio leave in this Chromium. */

import { videoTransceiver } from '../../../packages/client/src/peer-video';
import { within } from '../page-waits';
import { closeCall, openCamera } from './call';
import { connectCall, putCamera } from './designs';
import type { AppliedParams } from './results';

/** The sender parameters sendCamera and prioritizeAudio leave in this Chromium. */
export async function appliedParams(): Promise<AppliedParams> {
  const call = await connectCall('A', 0, {});
  try {
    await putCamera(call, call.caller, await openCamera(call.caller));
    await within('A frame', 5000, call.receiver.firstFrame.promise);
    const video = videoTransceiver(call.caller.pc)?.sender.getParameters() as
      | (RTCRtpSendParameters & { degradationPreference?: string })
      | undefined;
    const audio = call.caller.pc
      .getSenders()
      .find((s) => s.track?.kind === 'audio')
      ?.getParameters();
    const ve = video?.encodings?.[0] as (RTCRtpEncodingParameters & { priority?: string }) | undefined;
    const ae = audio?.encodings?.[0] as
      | (RTCRtpEncodingParameters & { priority?: string; networkPriority?: string })
      | undefined;
    return {
      video: {
        maxBitrate: ve?.maxBitrate ?? null,
        priority: ve?.priority ?? null,
        degradationPreference: video?.degradationPreference ?? null,
      },
      audio: { priority: ae?.priority ?? null, networkPriority: ae?.networkPriority ?? null },
    };
  } finally {
    closeCall(call);
  }
}
