import wrtc from '@roamhq/wrtc';
import type { WebRtcApi } from '../types';

/**
 * @roamhq/wrtc as the client's WebRTC API, instrumented like a browser test would be: every peer connection
 * and microphone track is recorded, so a test can prove none is left open. The "microphone" is a steady
 * 440 Hz tone fed through wrtc's nonstandard RTCAudioSource, 10 ms at a time, until the track stops.
 */
export interface NodeWebRtc extends WebRtcApi {
  pcs: RTCPeerConnection[];
  tracks: MediaStreamTrack[];
  /** How many tone feeders still run (one per open microphone). */
  feeding(): number;
  /** Make the next getUserMedia fail like a browser does when permission is refused or no mic exists. */
  denyMicrophone(name: 'NotAllowedError' | 'NotFoundError' | null): void;
}

const SAMPLE_RATE = 48_000;
const FRAMES = SAMPLE_RATE / 100;

export function nodeWebRtc(): NodeWebRtc {
  const pcs: RTCPeerConnection[] = [];
  const tracks: MediaStreamTrack[] = [];
  const feeders = new Set<ReturnType<typeof setInterval>>();
  let deny: string | null = null;
  const Base = wrtc.RTCPeerConnection as unknown as new (c: RTCConfiguration) => RTCPeerConnection;
  class RecordedPeerConnection extends Base {
    constructor(config: RTCConfiguration) {
      super(config);
      pcs.push(this);
    }
  }
  return {
    RTCPeerConnection: RecordedPeerConnection,
    MediaStream: wrtc.MediaStream as unknown as NonNullable<WebRtcApi['MediaStream']>,
    pcs,
    tracks,
    feeding: () => feeders.size,
    denyMicrophone(name) {
      deny = name;
    },
    async getUserMedia(constraints) {
      if (deny) {
        const err = new Error(`getUserMedia refused (${deny})`);
        err.name = deny;
        throw err;
      }
      if (constraints.video) {
        const camera = cameraTrack(feeders);
        tracks.push(camera);
        return new wrtc.MediaStream([camera as never]) as unknown as MediaStream;
      }
      const source = new wrtc.nonstandard.RTCAudioSource();
      const track = source.createTrack();
      let phase = 0;
      const samples = new Int16Array(FRAMES);
      const feeder = setInterval(() => {
        if (track.readyState === 'ended') {
          clearInterval(feeder);
          feeders.delete(feeder);
          return;
        }
        for (let i = 0; i < FRAMES; i++) {
          samples[i] = Math.round(Math.sin(phase) * 12_000);
          phase += (2 * Math.PI * 440) / SAMPLE_RATE;
        }
        source.onData({ samples, sampleRate: SAMPLE_RATE, bitsPerSample: 16, channelCount: 1, numberOfFrames: FRAMES });
      }, 10);
      feeders.add(feeder);
      tracks.push(track as unknown as MediaStreamTrack);
      return new wrtc.MediaStream([track]) as unknown as MediaStream;
    },
  };
}

/** A "camera": 320×240 grey frames at 15 fps through wrtc's nonstandard RTCVideoSource, until the track stops. */
function cameraTrack(feeders: Set<ReturnType<typeof setInterval>>): MediaStreamTrack {
  const width = 320;
  const height = 240;
  const source = new wrtc.nonstandard.RTCVideoSource();
  const track = source.createTrack();
  const data = new Uint8Array(width * height * 1.5).fill(128);
  const feeder = setInterval(() => {
    if (track.readyState === 'ended') {
      clearInterval(feeder);
      feeders.delete(feeder);
      return;
    }
    source.onFrame({ width, height, data });
  }, 66);
  feeders.add(feeder);
  return track as unknown as MediaStreamTrack;
}

/** Inbound video of a peer connection, from getStats(): what the peer's camera sent that arrived here. */
export async function inboundVideo(pc: RTCPeerConnection) {
  const report = await pc.getStats();
  let packets = 0;
  let frames = 0;
  report.forEach(
    (s: { type: string; kind?: string; packetsReceived?: number; framesDecoded?: number; framesReceived?: number }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        packets += s.packetsReceived ?? 0;
        frames += s.framesDecoded ?? s.framesReceived ?? 0;
      }
    },
  );
  return { packets, frames };
}

/** Inbound audio of a peer connection, from getStats(). */
export async function inboundAudio(pc: RTCPeerConnection) {
  const report = await pc.getStats();
  let packets = 0;
  let bytes = 0;
  report.forEach((s: { type: string; kind?: string; packetsReceived?: number; bytesReceived?: number }) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      packets += s.packetsReceived ?? 0;
      bytes += s.bytesReceived ?? 0;
    }
  });
  return { packets, bytes };
}

/** The selected candidate pair's local and remote candidate types (host, srflx, relay). */
export async function selectedPath(pc: RTCPeerConnection) {
  const report = await pc.getStats();
  const byId = new Map<string, Record<string, unknown>>();
  report.forEach((s: Record<string, unknown>) => {
    byId.set(String(s.id), s);
  });
  for (const s of byId.values()) {
    if (s.type === 'candidate-pair' && (s.nominated || s.selected) && s.state === 'succeeded') {
      return {
        local: String(byId.get(String(s.localCandidateId))?.candidateType ?? ''),
        remote: String(byId.get(String(s.remoteCandidateId))?.candidateType ?? ''),
      };
    }
  }
  return null;
}
