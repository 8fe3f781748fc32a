import type { PathSample } from './e-model';

/** One entry of an RTCStatsReport, as a plain object (the report is a map of them by id). */
export type StatEntry = { id: string; type: string; timestamp: number } & Record<string, unknown>;
export type StatsMap = ReadonlyMap<string, StatEntry>;

/** What one second of a call looks like, read from two getStats() reports a moment apart. */
export interface QualitySample extends PathSample {
  /** Share of the audio played that was concealment (lost or late packets filled in), percent. */
  concealmentPercent: number;
  bitrateInKbps: number;
  bitrateOutKbps: number;
  codec: string | null;
  localCandidateType: string | null;
  remoteCandidateType: string | null;
  /** How this side reaches its TURN server, when its candidate is a relay one: udp, tcp or tls. */
  relayProtocol: string | null;
  /** The peer's video over this interval, when frames came (null: its camera is off, or audio only). */
  video: VideoSample | null;
}

export interface VideoSample {
  framesPerSecond: number;
  frameHeight: number;
  bitrateKbps: number;
  lossPercent: number;
}

/** Copies a report into a map of plain entries (so samples can be kept and compared). */
export function statsMap(report: { forEach(cb: (s: StatEntry) => void): void }): Map<string, StatEntry> {
  const out = new Map<string, StatEntry>();
  report.forEach((s) => {
    out.set(s.id, { ...s });
  });
  return out;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
const find = (stats: StatsMap, pred: (s: StatEntry) => boolean) => [...stats.values()].find(pred);

/** When a report was taken: its entries' latest timestamp (ms). */
export function reportTime(stats: StatsMap): number {
  let t = 0;
  for (const s of stats.values()) t = Math.max(t, num(s.timestamp));
  return t;
}

function selectedPair(stats: StatsMap): StatEntry | undefined {
  const transport = find(stats, (s) => s.type === 'transport' && typeof s.selectedCandidatePairId === 'string');
  const byTransport = transport ? stats.get(String(transport.selectedCandidatePairId)) : undefined;
  // Browsers without transport stats (react-native-webrtc's older builds) mark the pair itself.
  return byTransport ?? find(stats, (s) => s.type === 'candidate-pair' && s.selected === true && s.nominated === true);
}

const audioIn = (stats: StatsMap) => find(stats, (s) => s.type === 'inbound-rtp' && s.kind === 'audio');
const audioOut = (stats: StatsMap) => find(stats, (s) => s.type === 'outbound-rtp' && s.kind === 'audio');
const videoIn = (stats: StatsMap) => find(stats, (s) => s.type === 'inbound-rtp' && s.kind === 'video');

/** The peer's video between two reports: only an interval in which frames were decoded counts. */
function videoSample(before: StatsMap | null, now: StatsMap): VideoSample | null {
  const after = videoIn(now);
  const earlier = before ? videoIn(before) : undefined;
  if (!after || !earlier) return null;
  const seconds = (after.timestamp - earlier.timestamp) / 1000;
  const frames = num(after.framesDecoded) - num(earlier.framesDecoded);
  if (seconds <= 0 || frames <= 0) return null;
  const lost = num(after.packetsLost) - num(earlier.packetsLost);
  const received = num(after.packetsReceived) - num(earlier.packetsReceived);
  return {
    framesPerSecond: frames / seconds,
    frameHeight: num(after.frameHeight),
    bitrateKbps: kbps(earlier, after, 'bytesReceived'),
    lossPercent: lost > 0 && lost + received > 0 ? (100 * lost) / (lost + received) : 0,
  };
}

/** kbit/s of a byte counter between two reports (0 without the earlier one). */
function kbps(before: StatEntry | undefined, after: StatEntry | undefined, field: string): number {
  if (!before || !after) return 0;
  const seconds = (after.timestamp - before.timestamp) / 1000;
  return seconds > 0 ? Math.max(0, (num(after[field]) - num(before[field])) * 8) / 1000 / seconds : 0;
}

/** A sample of the path from `now`, with rates and loss over the time since `before` (or since the start). */
export function qualitySample(before: StatsMap | null, now: StatsMap): QualitySample {
  const pair = selectedPair(now);
  const local = pair ? now.get(String(pair.localCandidateId)) : undefined;
  const remote = pair ? now.get(String(pair.remoteCandidateId)) : undefined;
  const inbound = audioIn(now);
  const inboundBefore = before ? audioIn(before) : undefined;
  const remoteInbound = find(now, (s) => s.type === 'remote-inbound-rtp' && s.kind === 'audio');
  // The worse of the two latest measurements: the pair's (a consent check every ~2.5 s, some lost on a lossy path)
  // and RTCP's (a report every few seconds). A path turning slow shows at whichever notices first.
  const rttSeconds = Math.max(num(pair?.currentRoundTripTime), num(remoteInbound?.roundTripTime));

  const lost = num(inbound?.packetsLost) - num(inboundBefore?.packetsLost);
  const received = num(inbound?.packetsReceived) - num(inboundBefore?.packetsReceived);
  const concealed = num(inbound?.concealedSamples) - num(inboundBefore?.concealedSamples);
  const samples = num(inbound?.totalSamplesReceived) - num(inboundBefore?.totalSamplesReceived);
  const codec = inbound ? now.get(String(inbound.codecId)) : undefined;
  return {
    rttMs: rttSeconds * 1000,
    jitterMs: num(inbound?.jitter) * 1000,
    lossPercent: lost > 0 && lost + received > 0 ? (100 * lost) / (lost + received) : 0,
    concealmentPercent: concealed > 0 && samples > 0 ? Math.min(100, (100 * concealed) / samples) : 0,
    bitrateInKbps: kbps(inboundBefore, inbound, 'bytesReceived'),
    bitrateOutKbps: kbps(before ? audioOut(before) : undefined, audioOut(now), 'bytesSent'),
    codec: str(codec?.mimeType),
    localCandidateType: str(local?.candidateType),
    remoteCandidateType: str(remote?.candidateType),
    relayProtocol: local?.candidateType === 'relay' ? str(local.relayProtocol) : null,
    video: videoSample(before, now),
  };
}
