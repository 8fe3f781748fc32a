/**
 * The browser side of bench/video-negotiation.ts, bundled by it with esbuild. Every try is a fresh audio call
 * between two RTCPeerConnections in this page (fake microphone both ways, loopback), with the signaling
 * (descriptions and candidates) carried through a pipe that delays each message by a fixed one-way time and
 * keeps the order, as a server hop would. Then a "camera tap", in one of two designs:
 *
 *   A: the client's design. The caller's first offer carries an idle two-way video line (offerVideoLine), the
 *      receiver answers it two-way (answerVideoTwoWay), and the tap is sendCamera: replaceTrack plus the sender
 *      parameters. These are the real functions of packages/client/src/peer-video.ts, imported here.
 *   B: the reference, written here (it is not product code): the W3C "perfect negotiation" pattern. The call
 *      starts audio only; the tap is addTrack, negotiationneeded makes an offer with setLocalDescription(), and
 *      an offer that collides with one's own is ignored by the impolite peer (the caller) and taken by the
 *      polite one (the receiver) with an implicit rollback in setRemoteDescription.
 *
 * The time that counts ends at the first frame the peer's receiver track delivers (MediaStreamTrackProcessor:
 * a decoded frame, before any rendering). Each wait has a timeout; each loop a count and a time limit.
 */

import { OFFER_GATHER_MS } from '../../packages/client/src/peer-session';
import {
  answerVideoTwoWay,
  offerVideoLine,
  prioritizeAudio,
  sendCamera,
  videoTransceiver,
} from '../../packages/client/src/peer-video';

export type Design = 'A' | 'B';

export interface TapResult {
  ok: boolean;
  tapper: 'caller' | 'receiver';
  error?: string;
  /** Tap to the peer's first decoded frame (includes opening the camera). */
  tapToFrameMs: number;
  /** getUserMedia for the camera. */
  cameraMs: number;
  /** Camera track ready to the peer's first decoded frame: what the design costs. */
  trackToFrameMs: number;
  /** B: camera track put on the call to the offer's answer applied (the negotiation itself); A: 0. */
  negotiationMs: number;
  /** Camera track ready to its first captured frame (read from a clone of the track): the camera's own start. */
  localFrameMs: number;
  /** Descriptions exchanged because of the tap (B: offer + answer; A: none). */
  descriptions: number;
  frameWidth: number;
  frameHeight: number;
  /** RTP packets on the video line (sent and received, both sides) before the tap: A's idle line sends none. */
  idleVideoPackets: number;
  /** The caller's selected candidate pair after the frame, local/remote candidate types. */
  pair: string;
  /** Right after the first frame: the sender's outbound and the peer's inbound video counters. */
  diag: Record<string, number>;
}

export interface GlareResult {
  ok: boolean;
  error?: string;
  /** Both cameras on the line (same tick) to frames decoded on both sides. */
  bothWaysMs: number;
  /** Offers that arrived while the receiving side had one of its own under way. */
  collisions: number;
  /** Implicit rollbacks at the polite peer. */
  rollbacks: number;
  /** Offers the impolite peer ignored. */
  ignored: number;
  /** Errors thrown by a negotiation step (setLocal/RemoteDescription, addIceCandidate). */
  failures: number;
  descriptions: number;
  /** Both signaling states stable after the frames came (nothing left half-negotiated). */
  stable: boolean;
}

export interface SdpCost {
  bundlePolicy: string;
  audioOnly: OfferSize;
  withVideoLine: OfferSize;
}

export interface OfferSize {
  /** createOffer()'s SDP, bytes (no candidates yet). */
  offerBytes: number;
  /** The local description once gathering completed (or after 2 s), bytes. */
  gatheredBytes: number;
  gatheredComplete: boolean;
  /** setLocalDescription to gathering complete, ms (up to 10 ms late: polled). */
  gatherMs: number;
  /** a=candidate lines per m-section, in order, once gathering completed. */
  candidatesPerSection: number[];
  /** The same in the description the client sends: after at most OFFER_GATHER_MS. */
  candidatesAtOfferWait: number[];
  /** Distinct candidate address:port (a relay candidate each is a TURN allocation of its own). */
  distinctCandidates: number;
}

export interface SdpSamples {
  /** Design A: an ICE restart offer with the camera on (the only renegotiation A makes). */
  aIceRestartOffer: string;
  /** Design B: the offer that turned the camera on. */
  bVideoOffer: string;
}

export interface AppliedParams {
  video: { maxBitrate: number | null; priority: string | null; degradationPreference: string | null };
  audio: { priority: string | null; networkPriority: string | null };
}

interface Msg {
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit;
  video?: boolean;
}

interface Side {
  name: 'caller' | 'receiver';
  polite: boolean;
  pc: RTCPeerConnection;
  mic: MediaStreamTrack;
  camera: MediaStream | null;
  /** Resolves at the first frame of the peer's video, as this side's receiver track delivers it. */
  firstFrame: Deferred<{ at: number; width: number; height: number }>;
  watching: boolean;
  send(m: Msg): void;
  receive(m: Msg): void;
}

interface Counters {
  collisions: number;
  rollbacks: number;
  ignored: number;
  failures: number;
  descriptions: number;
  errors: string[];
  lastOffer: string;
  /** When an offerer last applied the answer (performance.now()). */
  answeredAt: number;
}

interface Call {
  design: Design;
  caller: Side;
  receiver: Side;
  counters: Counters;
  stops: (() => void)[];
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  done: boolean;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  const d: Deferred<T> = {
    promise,
    done: false,
    resolve: (v) => {
      if (d.done) return;
      d.done = true;
      resolve(v);
    },
  };
  return d;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function within<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out (${ms} ms) waiting for ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function until(what: string, ms: number, ok: () => Promise<boolean> | boolean): Promise<void> {
  const end = performance.now() + ms;
  for (let i = 0; i < 10_000 && performance.now() < end; i++) {
    if (await ok()) return;
    await sleep(10);
  }
  throw new Error(`timed out (${ms} ms) waiting for ${what}`);
}

/** Runs fn with no timer clamping (setTimeout(0) nested 5 deep waits 4 ms). */
const channel = new MessageChannel();
const posted: (() => void)[] = [];
channel.port1.onmessage = () => posted.shift()?.();
function post(fn: () => void) {
  posted.push(fn);
  channel.port2.postMessage(0);
}

/**
 * One direction of the signaling: each message arrives delayMs after it was sent, in the order sent, as a
 * structured copy (what goes over a socket is a copy).
 */
function pipe(delayMs: number, deliver: (m: Msg) => void): (m: Msg) => void {
  const queue: { at: number; m: Msg }[] = [];
  let scheduled = false;
  const pump = () => {
    scheduled = false;
    const now = performance.now();
    for (let i = 0; i < 1000 && queue.length && (queue[0]?.at ?? 0) <= now + 0.25; i++) {
      const next = queue.shift();
      if (next) deliver(next.m);
    }
    schedule();
  };
  const schedule = () => {
    const head = queue[0];
    if (scheduled || !head) return;
    scheduled = true;
    const wait = head.at - performance.now();
    if (wait <= 0.25) post(pump);
    else setTimeout(pump, wait);
  };
  return (m) => {
    queue.push({ at: performance.now() + delayMs, m: structuredClone(m) });
    schedule();
  };
}

const wire = (d: RTCSessionDescription | null): RTCSessionDescriptionInit => ({
  type: d?.type ?? 'offer',
  sdp: d?.sdp,
});

// --- the peer's frames ------------------------------------------------------------------------------------

interface VideoFrameLike {
  displayWidth: number;
  displayHeight: number;
  close(): void;
}
type Processor = new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrameLike> };
const TrackProcessor = (globalThis as unknown as { MediaStreamTrackProcessor?: Processor }).MediaStreamTrackProcessor;

/** Reads the receiver track's frames (each closed at once) and resolves side.firstFrame at the first one. */
function watchFrames(call: Call, side: Side, track: MediaStreamTrack) {
  if (side.watching || track.kind !== 'video') return;
  side.watching = true;
  if (!TrackProcessor) throw new Error('this Chromium has no MediaStreamTrackProcessor');
  const reader = new TrackProcessor({ track }).readable.getReader();
  let stopped = false;
  call.stops.push(() => {
    stopped = true;
    void reader.cancel().catch(() => {});
  });
  void (async () => {
    // At most 100 000 frames (over an hour at 24 fps); a try lasts seconds and then cancels the reader.
    for (let i = 0; i < 100_000 && !stopped; i++) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done || !value) return;
      side.firstFrame.resolve({ at: performance.now(), width: value.displayWidth, height: value.displayHeight });
      value.close();
    }
  })();
}

// --- calls ------------------------------------------------------------------------------------------------

let micSource: MediaStreamTrack | null = null;

async function mic(): Promise<MediaStreamTrack> {
  if (!micSource) {
    const s = await navigator.mediaDevices.getUserMedia({ audio: true });
    micSource = s.getAudioTracks()[0] ?? null;
    if (!micSource) throw new Error('no fake microphone');
  }
  return micSource.clone();
}

/** What the client asks for at the tap (call-video.ts's CAMERA). */
const CAMERA = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 24 } };

async function openCamera(side: Side): Promise<MediaStream> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { ...CAMERA, facingMode: 'user' } });
  side.camera = stream;
  return stream;
}

function newCounters(): Counters {
  return {
    collisions: 0,
    rollbacks: 0,
    ignored: 0,
    failures: 0,
    descriptions: 0,
    errors: [],
    lastOffer: '',
    answeredAt: Number.NaN,
  };
}

function failed(call: Call, where: string, err: unknown) {
  call.counters.failures++;
  if (call.counters.errors.length < 5) call.counters.errors.push(`${where}: ${(err as Error)?.message ?? err}`);
}

async function newSide(name: Side['name'], config: RTCConfiguration): Promise<Side> {
  return {
    name,
    polite: name === 'receiver',
    pc: new RTCPeerConnection(config),
    mic: await mic(),
    camera: null,
    firstFrame: deferred(),
    watching: false,
    send: () => {},
    receive: () => {},
  };
}

/** Audio flows both ways (the call is connected, as the client sees it: packets in, not just ICE). */
async function audioFlowing(call: Call) {
  const inbound = async (pc: RTCPeerConnection) => {
    let n = 0;
    (await pc.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') n += s.packetsReceived ?? 0;
    });
    return n;
  };
  await until(
    'audio both ways',
    10_000,
    async () => (await inbound(call.caller.pc)) > 0 && (await inbound(call.receiver.pc)) > 0,
  );
}

/** An audio call, set up the way its design sets it up, connected and with audio flowing both ways. */
async function connectCall(design: Design, delayMs: number, config: RTCConfiguration): Promise<Call> {
  const caller = await newSide('caller', config);
  const receiver = await newSide('receiver', config);
  const call: Call = { design, caller, receiver, counters: newCounters(), stops: [] };
  caller.send = pipe(delayMs, (m) => receiver.receive(m));
  receiver.send = pipe(delayMs, (m) => caller.receive(m));
  for (const side of [caller, receiver]) {
    side.pc.onicecandidate = (e) => {
      if (e.candidate?.candidate) side.send({ candidate: e.candidate.toJSON() });
    };
    side.pc.ontrack = (e) => {
      if (e.track.kind === 'video') watchFrames(call, side, e.track);
    };
  }
  if (design === 'A') await connectA(call);
  else await connectB(call);
  await until(
    'both connected',
    10_000,
    () => caller.pc.connectionState === 'connected' && receiver.pc.connectionState === 'connected',
  );
  await audioFlowing(call);
  return call;
}

/** Design A's call setup, as peer-session.ts does it: the caller offers audio and the idle video line. */
async function connectA(call: Call) {
  const { caller, receiver } = call;
  const sender = caller.pc.addTrack(caller.mic, new MediaStream([caller.mic]));
  void prioritizeAudio(sender);
  offerVideoLine(caller.pc);
  const answered = deferred<void>();
  caller.receive = (m) => {
    if (m.candidate)
      void caller.pc.addIceCandidate(m.candidate).catch((e) => failed(call, 'caller addIceCandidate', e));
    if (m.description?.type === 'answer')
      void caller.pc
        .setRemoteDescription(m.description)
        .then(() => answered.resolve())
        .catch((e) => failed(call, 'caller setRemoteDescription', e));
  };
  const pending: RTCIceCandidateInit[] = [];
  receiver.receive = (m) => {
    if (m.candidate) {
      if (receiver.pc.remoteDescription) void receiver.pc.addIceCandidate(m.candidate).catch(() => {});
      else pending.push(m.candidate);
    }
    if (m.description?.type === 'offer') void answerA(call, m.description, pending);
  };
  await caller.pc.setLocalDescription(await caller.pc.createOffer());
  caller.send({ description: wire(caller.pc.localDescription) });
  await within('the answer', 10_000, answered.promise);
  // Both sides watch the video line's receiver track from the start: it carries frames once the peer's camera is on.
  for (const side of [caller, receiver]) {
    const t = videoTransceiver(side.pc);
    if (!t) throw new Error(`${side.name} has no video line`);
    watchFrames(call, side, t.receiver.track);
  }
}

async function answerA(call: Call, offer: RTCSessionDescriptionInit, pending: RTCIceCandidateInit[]) {
  const pc = call.receiver.pc;
  try {
    await pc.setRemoteDescription(offer);
    const audio = pc.getTransceivers().find((t) => t.receiver.track.kind === 'audio');
    if (audio) {
      audio.direction = 'sendrecv';
      await audio.sender.replaceTrack(call.receiver.mic);
      void prioritizeAudio(audio.sender);
    }
    answerVideoTwoWay(pc);
    await pc.setLocalDescription(await pc.createAnswer());
    call.receiver.send({ description: wire(pc.localDescription) });
    for (const c of pending.splice(0)) await pc.addIceCandidate(c).catch(() => {});
  } catch (e) {
    failed(call, 'receiver answer', e);
  }
}

/**
 * Design B: the W3C perfect negotiation pattern (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example)
 * on both sides from the start; the receiver of the call is the polite peer. The call's first negotiation is
 * the caller's addTrack of its microphone.
 */
function perfectNegotiation(call: Call, side: Side) {
  const pc = side.pc;
  let makingOffer = false;
  let ignoreOffer = false;
  let settingRemoteAnswer = false;
  pc.onnegotiationneeded = async () => {
    try {
      makingOffer = true;
      await pc.setLocalDescription();
      call.counters.descriptions++;
      if (pc.localDescription?.type === 'offer') call.counters.lastOffer = pc.localDescription.sdp;
      side.send({ description: wire(pc.localDescription) });
    } catch (e) {
      failed(call, `${side.name} negotiationneeded`, e);
    } finally {
      makingOffer = false;
    }
  };
  side.receive = async (m) => {
    try {
      if (m.description) {
        const d = m.description;
        const ready = !makingOffer && (pc.signalingState === 'stable' || settingRemoteAnswer);
        const collision = d.type === 'offer' && !ready;
        if (collision) call.counters.collisions++;
        ignoreOffer = !side.polite && collision;
        if (ignoreOffer) {
          call.counters.ignored++;
          return;
        }
        if (collision) call.counters.rollbacks++; // setRemoteDescription rolls this side's offer back
        settingRemoteAnswer = d.type === 'answer';
        await pc.setRemoteDescription(d);
        settingRemoteAnswer = false;
        if (d.type === 'answer') call.counters.answeredAt = performance.now();
        if (d.type === 'offer') {
          // The receiver's microphone goes on the audio line the caller offered (as the client does).
          const audio = pc.getTransceivers().find((t) => t.receiver.track.kind === 'audio');
          if (audio && !audio.sender.track) {
            audio.direction = 'sendrecv';
            await audio.sender.replaceTrack(side.mic);
            void prioritizeAudio(audio.sender);
          }
          await pc.setLocalDescription();
          call.counters.descriptions++;
          side.send({ description: wire(pc.localDescription) });
        }
      } else if (m.candidate) {
        try {
          await pc.addIceCandidate(m.candidate);
        } catch (e) {
          if (!ignoreOffer) throw e;
        }
      }
    } catch (e) {
      failed(call, `${side.name} receive`, e);
    }
  };
}

async function connectB(call: Call) {
  perfectNegotiation(call, call.caller);
  perfectNegotiation(call, call.receiver);
  const sender = call.caller.pc.addTrack(call.caller.mic, new MediaStream([call.caller.mic]));
  void prioritizeAudio(sender);
  await until(
    'the first negotiation',
    10_000,
    () => call.caller.pc.signalingState === 'stable' && !!call.caller.pc.remoteDescription,
  );
  // The audio call's own negotiation is not the tap's.
  call.counters = newCounters();
}

/** The camera goes on the call: A's sendCamera, B's addTrack. */
async function putCamera(call: Call, side: Side, stream: MediaStream) {
  const track = stream.getVideoTracks()[0];
  if (!track) throw new Error('no fake camera track');
  if (call.design === 'A') {
    if (!(await sendCamera(side.pc, track))) throw new Error('no video line');
    // The client tells the peer (call:video) so its screen can ask; no frame waits for this.
    side.send({ video: true });
  } else {
    side.pc.addTrack(track, stream);
  }
}

/** RTP packets of video, sent and received, on this connection. */
async function videoPackets(pc: RTCPeerConnection): Promise<number> {
  let n = 0;
  (await pc.getStats()).forEach((s) => {
    if (s.kind !== 'video') return;
    if (s.type === 'inbound-rtp') n += s.packetsReceived ?? 0;
    if (s.type === 'outbound-rtp') n += s.packetsSent ?? 0;
  });
  return n;
}

/** The sender's outbound and the receiver's inbound video counters (why a first frame came late). */
async function videoCounters(sender: RTCPeerConnection, receiver: RTCPeerConnection): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const take = (prefix: string, s: Record<string, unknown>, keys: string[]) => {
    for (const k of keys)
      if (typeof s[k] === 'number') out[`${prefix}.${k}`] = (out[`${prefix}.${k}`] ?? 0) + (s[k] as number);
  };
  (await sender.getStats()).forEach((s) => {
    if (s.type === 'outbound-rtp' && s.kind === 'video')
      take('out', s, ['pliCount', 'firCount', 'nackCount', 'framesEncoded', 'keyFramesEncoded', 'packetsSent']);
  });
  (await receiver.getStats()).forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video')
      take('in', s, [
        'pliCount',
        'firCount',
        'nackCount',
        'framesDecoded',
        'keyFramesDecoded',
        'packetsReceived',
        'framesDropped',
      ]);
  });
  return out;
}

/** The selected candidate pair's local/remote candidate types. */
async function selectedPair(pc: RTCPeerConnection): Promise<string> {
  // biome-ignore lint/suspicious/noExplicitAny: a stats entry's fields depend on its type
  const stats = new Map<string, any>();
  (await pc.getStats()).forEach((s) => {
    stats.set(s.id, s);
  });
  const transport = [...stats.values()].find((s) => s.type === 'transport' && s.selectedCandidatePairId);
  const pair = transport ? stats.get(transport.selectedCandidatePairId) : null;
  if (!pair) return '?';
  const type = (id: string) => stats.get(id)?.candidateType ?? '?';
  return `${type(pair.localCandidateId)}/${type(pair.remoteCandidateId)}`;
}

/** When the camera delivers its first frame, read from a clone of its track (the sent track has no extra sink). */
async function firstLocalFrame(stream: MediaStream): Promise<number> {
  const track = stream.getVideoTracks()[0]?.clone();
  if (!track || !TrackProcessor) return Number.NaN;
  const reader = new TrackProcessor({ track }).readable.getReader();
  try {
    const { value } = await reader.read();
    const at = performance.now();
    value?.close();
    return at;
  } finally {
    void reader.cancel().catch(() => {});
    track.stop();
  }
}

function peerOf(call: Call, side: Side): Side {
  return side === call.caller ? call.receiver : call.caller;
}

function closeCall(call: Call) {
  for (const stop of call.stops.splice(0)) stop();
  for (const side of [call.caller, call.receiver]) {
    for (const t of side.camera?.getTracks() ?? []) t.stop();
    side.mic.stop();
    side.pc.close();
  }
}

// --- what the bench asks -----------------------------------------------------------------------------------

/** One try: a fresh audio call, one side taps the camera, the time to the first frame at the peer. */
async function tap([design, delayMs, tapper, timeoutMs, config]: [
  Design,
  number,
  'caller' | 'receiver',
  number,
  RTCConfiguration,
]): Promise<TapResult> {
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

/** Both sides turn their camera on in the same tick (both cameras opened first, so the taps really meet). */
async function glare([design, delayMs, timeoutMs, config]: [
  Design,
  number,
  number,
  RTCConfiguration,
]): Promise<GlareResult> {
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
    Object.assign(result, {
      collisions: c.counters.collisions,
      rollbacks: c.counters.rollbacks,
      ignored: c.counters.ignored,
      failures: c.counters.failures,
      descriptions: c.counters.descriptions,
    });
    result.ok = result.stable && result.failures === 0;
    if (c.counters.failures) result.error = c.counters.errors.join('; ');
  } catch (e) {
    if (call) {
      Object.assign(result, {
        collisions: call.counters.collisions,
        rollbacks: call.counters.rollbacks,
        ignored: call.counters.ignored,
        failures: call.counters.failures,
        descriptions: call.counters.descriptions,
      });
    }
    result.error = [(e as Error).message, ...(call?.counters.errors ?? [])].join('; ');
  } finally {
    if (call) closeCall(call);
  }
  return result;
}

/**
 * The caller's first offer without and with the idle video line (what A costs on every call), made as the
 * client makes it: the connection created with its candidate pool, the offer at once, candidates gathered.
 */
async function sdpCost([bundlePolicy, config]: [RTCBundlePolicy, RTCConfiguration]): Promise<SdpCost> {
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
async function sdpSamples([delayMs, config]: [number, RTCConfiguration]): Promise<SdpSamples> {
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

/** The sender parameters sendCamera and prioritizeAudio leave in this Chromium. */
async function appliedParams(): Promise<AppliedParams> {
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

(window as unknown as { __vn: unknown }).__vn = { tap, glare, sdpCost, sdpSamples, appliedParams };
