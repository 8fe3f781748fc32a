/**
 * The call's video line, negotiated with the first offer and answer and idle until a camera turns on: turning
 * it on or off is a replaceTrack, with no new offer, so the two sides can never glare, and nothing is sent
 * before a camera track is there (docs/video.md argues the choice).
 */

/** Video keeps to this (bits/s) on a P2P path; audio (~32 kbit/s Opus) goes first when the path is short. */
export const VIDEO_MAX_BITRATE = 800_000;

const isVideo = (t: RTCRtpTransceiver) => t.receiver.track?.kind === 'video' && t.direction !== 'stopped';

export function videoTransceiver(pc: RTCPeerConnection): RTCRtpTransceiver | null {
  return pc.getTransceivers?.().find(isVideo) ?? null;
}

/** The caller's offer carries a two-way video line with no track yet. */
export function offerVideoLine(pc: RTCPeerConnection): void {
  if (!videoTransceiver(pc)) pc.addTransceiver('video', { direction: 'sendrecv' });
}

/** The receiver answers the video line two-way too, so either side can show its camera later. */
export function answerVideoTwoWay(pc: RTCPeerConnection): void {
  const t = videoTransceiver(pc);
  if (t && t.direction === 'recvonly') t.direction = 'sendrecv';
}

/** Both sides agreed to a two-way video line (an older peer's answer has none, or a receive-only one). */
export function videoAvailable(pc: RTCPeerConnection): boolean {
  return videoTransceiver(pc)?.currentDirection === 'sendrecv';
}

/**
 * Puts the camera's track on the video line (null: off). On a bad path the encoder keeps the frame rate and
 * lowers the resolution (motion matters more than detail when showing a leak), capped at VIDEO_MAX_BITRATE.
 */
export async function sendCamera(pc: RTCPeerConnection, track: MediaStreamTrack | null): Promise<boolean> {
  const t = videoTransceiver(pc);
  if (!t) return false;
  await t.sender.replaceTrack(track);
  if (track) await limitVideo(t.sender);
  return true;
}

// The object getParameters() returned is changed and handed back, not a copy: react-native-webrtc converts
// its own parameter objects for the native side (a plain copy fails there, and the failure is silent).
async function limitVideo(sender: RTCRtpSender) {
  try {
    const params = sender.getParameters() as RTCRtpSendParameters & { degradationPreference?: string };
    if (!params.encodings?.length) params.encodings = [{}];
    for (const e of params.encodings) {
      e.maxBitrate = VIDEO_MAX_BITRATE;
      (e as { priority?: string }).priority = 'low';
    }
    params.degradationPreference = 'maintain-framerate';
    await sender.setParameters(params);
  } catch {
    // A stack without these parameters (or without encodings before the first frame) sends as it would.
  }
}

/** Audio is what a call cannot lose: its packets go first when the path is congested. */
export async function prioritizeAudio(sender: RTCRtpSender): Promise<void> {
  try {
    const params = sender.getParameters();
    if (!params.encodings?.length) return;
    for (const e of params.encodings) Object.assign(e, { priority: 'high', networkPriority: 'high' });
    await sender.setParameters(params);
  } catch {
    // As above: the default priority is what the stack does.
  }
}
