/**
 * How often getStats is asked for the first inbound audio packets (stops once they arrive). The peer track's
 * unmute (the first packet, in browsers) usually tells sooner.
 */
const MEDIA_POLL_MS = 20;
/** Once audio flowed, how often the inbound packet count is checked, and how long without one is a stall. */
const STALL_POLL_MS = 250;
export const STALL_MS = 1000;

export interface InboundAudioEvents {
  /** Inbound audio packets observed: media really flows (first time, or again after ICE reconnected). */
  mediaFlowing(): void;
  /** No inbound audio for STALL_MS after it flowed: the person hears nothing and should be told. */
  mediaStalled(): void;
  /** Inbound audio again after a stall (what the person hears; ICE recovery is mediaFlowing's). */
  mediaResumed(): void;
}

/**
 * Whether the peer's audio really arrives on a peer connection: ICE connected is not yet audio, and ICE tells
 * of a dead path only seconds after audio stopped. Counts inbound audio packets in getStats.
 */
export class InboundAudioWatch {
  private mediaPoll: ReturnType<typeof setInterval> | null = null;
  private stallPoll: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  private mediaSeen = false;

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly on: InboundAudioEvents,
  ) {}

  /** Inbound audio, first seen by the track's unmute (the packet poll is the fallback). */
  firstMedia() {
    if (this.stopped || this.mediaSeen) return;
    const ice = this.pc.iceConnectionState;
    if (ice !== 'connected' && ice !== 'completed') return;
    this.stopMediaPoll();
    this.mediaSeen = true;
    this.on.mediaFlowing();
    this.watchForStall();
  }

  /** ICE connected is not yet audio: poll getStats until inbound audio packets arrive. */
  watchForMedia() {
    if (this.mediaPoll) return;
    // After a drop the packet counters are already above 0: only new packets prove media is back.
    let baseline: number | null = this.mediaSeen ? null : 0;
    this.mediaPoll = setInterval(async () => {
      const received = await inboundAudioPackets(this.pc);
      if (this.stopped || !this.mediaPoll) return;
      if (received === null) {
        // A stack without usable stats: ICE connected is the best evidence there is.
        this.stopMediaPoll();
        this.mediaSeen = true;
        this.on.mediaFlowing();
        return;
      }
      if (baseline === null) baseline = received;
      else if (received > baseline) {
        this.stopMediaPoll();
        this.mediaSeen = true;
        this.on.mediaFlowing();
        this.watchForStall();
      }
    }, MEDIA_POLL_MS);
  }

  /** The peer connection is closing: no poll is left running. */
  stop() {
    this.stopped = true;
    this.stopMediaPoll();
    if (this.stallPoll) clearInterval(this.stallPoll);
    this.stallPoll = null;
  }

  /**
   * ICE reports a dead path only seconds after audio stops (and not at all while packets merely vanish): the
   * inbound packet count tells within STALL_MS, and tells again the moment packets are back.
   */
  private watchForStall() {
    if (this.stallPoll || this.stopped) return;
    let last = -1;
    let changedAt = Date.now();
    let stalled = false;
    this.stallPoll = setInterval(async () => {
      const received = await inboundAudioPackets(this.pc);
      if (this.stopped || !this.stallPoll || received === null) return;
      const now = Date.now();
      if (received !== last) {
        last = received;
        changedAt = now;
        if (stalled) {
          stalled = false;
          this.on.mediaResumed();
        }
      } else if (!stalled && now - changedAt >= STALL_MS) {
        stalled = true;
        this.on.mediaStalled();
      }
    }, STALL_POLL_MS);
  }

  private stopMediaPoll() {
    if (this.mediaPoll) clearInterval(this.mediaPoll);
    this.mediaPoll = null;
  }
}

async function inboundAudioPackets(pc: RTCPeerConnection): Promise<number | null> {
  try {
    const report = await pc.getStats();
    let packets = 0;
    let seen = false;
    report.forEach((s: { type: string; kind?: string; mediaType?: string; packetsReceived?: number }) => {
      if (s.type === 'inbound-rtp' && (s.kind ?? s.mediaType) === 'audio') {
        seen = true;
        packets += s.packetsReceived ?? 0;
      }
    });
    return seen ? packets : 0;
  } catch {
    return null;
  }
}
