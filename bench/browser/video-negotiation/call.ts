/**
 * A call in the page: its two sides (caller and receiver, each an RTCPeerConnection with a clone of the fake
 * microphone, the camera once opened), what its negotiation counted, and closing it.
 */

import { type Deferred, deferred } from '../page-waits';
import type { Design } from './results';
import type { Msg } from './signaling';

export interface Side {
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

export interface Counters {
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

export interface Call {
  design: Design;
  caller: Side;
  receiver: Side;
  counters: Counters;
  stops: (() => void)[];
}

/** The fake microphone, opened once for the page: every side gets a clone. */
let micSource: MediaStreamTrack | null = null;

export async function mic(): Promise<MediaStreamTrack> {
  if (!micSource) {
    const s = await navigator.mediaDevices.getUserMedia({ audio: true });
    micSource = s.getAudioTracks()[0] ?? null;
    if (!micSource) throw new Error('no fake microphone');
  }
  return micSource.clone();
}

/** What the client asks for at the tap (call-video.ts's CAMERA). */
const CAMERA = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 24 } };

export async function openCamera(side: Side): Promise<MediaStream> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { ...CAMERA, facingMode: 'user' } });
  side.camera = stream;
  return stream;
}

export function newCounters(): Counters {
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

/** A negotiation step threw: counted, and its message kept (the first five). */
export function failed(call: Call, where: string, err: unknown) {
  call.counters.failures++;
  if (call.counters.errors.length < 5) call.counters.errors.push(`${where}: ${(err as Error)?.message ?? err}`);
}

export async function newSide(name: Side['name'], config: RTCConfiguration): Promise<Side> {
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

export function peerOf(call: Call, side: Side): Side {
  return side === call.caller ? call.receiver : call.caller;
}

export function closeCall(call: Call) {
  for (const stop of call.stops.splice(0)) stop();
  for (const side of [call.caller, call.receiver]) {
    for (const t of side.camera?.getTracks() ?? []) t.stop();
    side.mic.stop();
    side.pc.close();
  }
}
