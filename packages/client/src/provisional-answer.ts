import type { SessionDescription } from '@calling/protocol';
import { takeCandidates } from './sdp-candidates';

const iceUfrag = (sdp: string) => /a=ice-ufrag:(\S+)/.exec(sdp)?.[1] ?? null;
const fingerprint = (sdp: string) => /a=fingerprint:([^\r\n]+)/.exec(sdp)?.[1]?.trim() ?? null;

/**
 * A ringing device's provisional answer, set on the caller's connection until the accept's answer comes. Until
 * then the caller's microphone is off the line and the peer's media is held back (`held`): a device that made
 * a path without answering (a modified client knows the offer's candidates) hears nothing and plays nothing.
 */
export class ProvisionalAnswer {
  /** What the peer sent while this was set, surfaced when the accept's answer comes. */
  readonly held = { audio: false, video: false, unmuted: false };
  /** The answer as set: no candidate (the server drops any). */
  readonly sdp: string;
  private readonly ufrag: string | null;
  private readonly fingerprint: string | null;
  private mic: { sender: RTCRtpSender; track: MediaStreamTrack } | null = null;

  constructor(answer: SessionDescription) {
    this.sdp = takeCandidates(answer.sdp).sdp;
    this.ufrag = iceUfrag(this.sdp);
    this.fingerprint = fingerprint(this.sdp);
  }

  /** The accept's answer is this one's device: same ICE credentials, same DTLS certificate. */
  sameDevice(answer: SessionDescription): boolean {
    return this.ufrag !== null && this.ufrag === iceUfrag(answer.sdp) && this.fingerprint === fingerprint(answer.sdp);
  }

  /** Takes the microphone's track off the audio sender: no RTP goes to a device that has not answered. */
  async holdMic(pc: RTCPeerConnection): Promise<void> {
    const sender = pc.getSenders().find((x) => x.track?.kind === 'audio');
    if (!sender?.track) return;
    this.mic = { sender, track: sender.track };
    await sender.replaceTrack(null).catch(() => {});
  }

  /** The microphone back on the line (no renegotiation). */
  releaseMic(): void {
    const mic = this.mic;
    this.mic = null;
    if (mic) void mic.sender.replaceTrack(mic.track).catch(() => {});
  }
}
