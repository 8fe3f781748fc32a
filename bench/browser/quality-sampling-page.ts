/**
 * The browser side of bench/quality-sampling.ts, bundled by it with esbuild: N audio calls held in this page,
 * each a pair of RTCPeerConnections (caller and receiver) joined on loopback, both sending the fake
 * microphone and playing what they receive, with the idle two-way video line the app's calls carry (unless
 * audio only), as the app does. `monitors(ms)` runs the client's real
 * QualityMonitor on every peer connection at that interval (each party samples its own connection), or none
 * (0: the reference). Every sample is timed with performance.now(): the synchronous getStats() call, the wait
 * for its report (other threads; wall time, not CPU) and the JavaScript from the report to onSample
 * (statsMap, qualitySample, the summary and the level).
 */

import { QualityMonitor, type QualitySample, qualitySample, type StatEntry, statsMap } from '@calling/client';
import { sleep, until } from './page-waits';

interface Call {
  pcs: [RTCPeerConnection, RTCPeerConnection];
  players: HTMLAudioElement[];
}

export interface SampleTiming {
  samples: number;
  /** Summed over every sample, ms. */
  callMs: number;
  waitMs: number;
  jsMs: number;
  /** The slowest sample's call + js, ms. */
  maxMainMs: number;
  levels: Record<string, number>;
}

export interface Flow {
  /** Summed over every peer connection. */
  packetsReceived: number;
  packetsSent: number;
  connected: number;
}

export interface Microbench {
  entries: number;
  types: Record<string, number>;
  getStatsWallMs: number;
  statsMapMs: number;
  qualitySampleMs: number;
  iterations: number;
}

const calls: Call[] = [];
let running: QualityMonitor[] = [];
let timing: SampleTiming = emptyTiming();

function emptyTiming(): SampleTiming {
  return { samples: 0, callMs: 0, waitMs: 0, jsMs: 0, maxMainMs: 0, levels: {} };
}

async function inbound(pc: RTCPeerConnection): Promise<{ received: number; sent: number }> {
  let received = 0;
  let sent = 0;
  (await pc.getStats()).forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') received += s.packetsReceived ?? 0;
    if (s.type === 'outbound-rtp' && s.kind === 'audio') sent += s.packetsSent ?? 0;
  });
  return { received, sent };
}

async function connect(mic: MediaStreamTrack, videoLine: boolean): Promise<Call> {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  const players: HTMLAudioElement[] = [];
  a.onicecandidate = (e) => void (e.candidate && b.addIceCandidate(e.candidate));
  b.onicecandidate = (e) => void (e.candidate && a.addIceCandidate(e.candidate));
  for (const pc of [a, b]) {
    const track = mic.clone();
    pc.addTrack(track, new MediaStream([track]));
    pc.ontrack = (e) => {
      const player = new Audio();
      player.srcObject = e.streams[0] ?? new MediaStream([e.track]);
      void player.play();
      players.push(player);
    };
  }
  // As the client's peer-video.ts: the caller offers an idle two-way video line, the receiver answers it two-way.
  if (videoLine) a.addTransceiver('video', { direction: 'sendrecv' });
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription as RTCSessionDescriptionInit);
  for (const t of b.getTransceivers()) {
    if (t.receiver.track.kind === 'video' && t.direction === 'recvonly') t.direction = 'sendrecv';
  }
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription as RTCSessionDescriptionInit);
  const call: Call = { pcs: [a, b], players };
  await until(
    'both ends connected',
    15_000,
    () => a.connectionState === 'connected' && b.connectionState === 'connected',
    50,
  );
  await until(
    'audio both ways',
    15_000,
    async () => (await inbound(a)).received > 0 && (await inbound(b)).received > 0,
    50,
  );
  return call;
}

/** Opens the fake microphone once and sets up n calls, one after another (with the app's idle video line). */
async function setup([n, videoLine]: [number, boolean]): Promise<number> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const mic = stream.getAudioTracks()[0];
  if (!mic) throw new Error('no fake microphone');
  for (let i = 0; i < n; i++) calls.push(await connect(mic, videoLine));
  return calls.length;
}

/** One QualityMonitor per peer connection at intervalMs (0: none), as call-quality.ts runs it. */
function monitors(intervalMs: number): number {
  for (const m of running) m.stop();
  running = [];
  if (intervalMs <= 0) return 0;
  for (const call of calls) {
    for (const pc of call.pcs) {
      let resolvedAt = 0;
      const monitor = new QualityMonitor({
        intervalMs,
        getStats: async () => {
          const t0 = performance.now();
          const pending = pc.getStats();
          const t1 = performance.now();
          const report = await pending;
          resolvedAt = performance.now();
          timing.callMs += t1 - t0;
          timing.waitMs += resolvedAt - t1;
          return report as unknown as { forEach(cb: (s: StatEntry) => void): void };
        },
        onSample: (state) => {
          const js = performance.now() - resolvedAt;
          timing.samples++;
          timing.jsMs += js;
          timing.levels[state.level] = (timing.levels[state.level] ?? 0) + 1;
          timing.maxMainMs = Math.max(timing.maxMainMs, js);
        },
      });
      monitor.start();
      running.push(monitor);
    }
  }
  return running.length;
}

/** The timing since the last call (and starts a new one). */
function takeTiming(): SampleTiming {
  const t = timing;
  timing = emptyTiming();
  return t;
}

async function flow(): Promise<Flow> {
  const out: Flow = { packetsReceived: 0, packetsSent: 0, connected: 0 };
  for (const call of calls) {
    for (const pc of call.pcs) {
      const f = await inbound(pc);
      out.packetsReceived += f.received;
      out.packetsSent += f.sent;
      if (pc.connectionState === 'connected') out.connected++;
    }
  }
  return out;
}

/** What one sample's parts cost on one live connection: getStats() 60 ms apart, then the JS on its reports. */
async function microbench(iterations: number): Promise<Microbench> {
  const pc = calls[0]?.pcs[0];
  if (!pc) throw new Error('no call');
  const t0 = performance.now();
  const reports: { forEach(cb: (s: StatEntry) => void): void }[] = [];
  let waited = 0;
  for (let i = 0; i < iterations; i++) {
    // Chromium keeps a report for 50 ms and hands it out again: ask after that, as a monitor does.
    const w = performance.now();
    await sleep(60);
    waited += performance.now() - w;
    reports.push((await pc.getStats()) as unknown as { forEach(cb: (s: StatEntry) => void): void });
  }
  const getStatsWallMs = (performance.now() - t0 - waited) / iterations;
  const t1 = performance.now();
  const maps = reports.map((r) => statsMap(r));
  const statsMapMs = (performance.now() - t1) / iterations;
  const t2 = performance.now();
  let sink: QualitySample | null = null;
  for (let i = 1; i < maps.length; i++) sink = qualitySample(maps[i - 1] ?? null, maps[i] ?? new Map());
  const qualitySampleMs = (performance.now() - t2) / Math.max(1, maps.length - 1);
  const types: Record<string, number> = {};
  for (const s of maps[0]?.values() ?? []) types[s.type] = (types[s.type] ?? 0) + 1;
  return {
    entries: maps[0]?.size ?? 0,
    types,
    getStatsWallMs,
    statsMapMs,
    qualitySampleMs: sink ? qualitySampleMs : Number.NaN,
    iterations,
  };
}

const api = { setup, monitors, takeTiming, flow, microbench };
/** What the page offers the bench, as window.__qs. */
export type QualitySamplingApi = typeof api;
(window as unknown as { __qs: QualitySamplingApi }).__qs = api;
