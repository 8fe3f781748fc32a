import type { PeerVideoEvent, VideoPayload } from '@calling/protocol';
import type { PeerSession } from './peer-session';
import type { CallErrorCode, CallSnapshot, WebRtcApi } from './types';

export type CameraFacing = 'user' | 'environment';

/** Why the camera did not turn on; the voice call goes on untouched either way. */
export interface CameraError {
  code: 'camera_denied' | 'camera_unavailable' | 'video_unavailable';
  message: string;
}

/** What the call screen shows about video while a call is connected. */
export interface CallVideoView {
  callId: string;
  /** The call negotiated two-way video (an older peer's did not: no camera button). */
  available: boolean;
  /** This device's camera is on and sending. */
  local: boolean;
  /** The peer says its camera is on. */
  remote: boolean;
  /** The peer turned its camera on while this one is off: the screen asks; it never turns on by itself. */
  asked: boolean;
  facing: CameraFacing;
  error: CameraError | null;
  localStream: MediaStream | null;
  remoteStream: MediaStream | null;
}

const CAMERA = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 24 } };

/** A camera report that did not land for one of these is sent again (after 0.5, 1, 1.5 s) while it still holds. */
const REPORT_AGAIN_ON: ReadonlySet<CallErrorCode> = new Set([
  'timeout',
  'not_connected',
  'unavailable',
  'rate_limited',
]);
const REPORT_TRIES = 4;
const REPORT_RETRY_MS = 500;

/**
 * The camera of the current call: on and off on the call's idle video line (no renegotiation), front/back,
 * the peer's camera as it reports it, and the request to show one's own. It opens the camera only when the
 * person turns it on, and closes it when the call ends.
 */
export class CallVideo {
  view: CallVideoView | null = null;
  private session: PeerSession | null = null;
  private track: MediaStreamTrack | null = null;
  /** A camera being opened: a second tap meanwhile waits for it rather than open another. */
  private pending: Promise<void> | null = null;
  /** The peer's camera report that came before this side saw the call connected. */
  private early: PeerVideoEvent | null = null;

  constructor(
    private readonly d: {
      webrtc: WebRtcApi;
      send(payload: VideoPayload): Promise<{ ok: true } | { ok: false; error: { code: CallErrorCode } }>;
      changed(view: CallVideoView | null): void;
      sleep?(ms: number): Promise<void>;
    },
  ) {}

  /** Every snapshot change: video exists while the call is connected (or reconnecting) on a session. */
  follow(snapshot: CallSnapshot, session: PeerSession | null): void {
    const callId = snapshot.call?.callId ?? null;
    const live = snapshot.state === 'connected' || snapshot.state === 'reconnecting';
    if (!live || !callId || !session) {
      if (snapshot.state !== 'connecting') this.stop();
      return;
    }
    if (this.view?.callId === callId && this.session === session) return;
    this.stop();
    this.session = session;
    this.set({
      callId,
      available: session.videoAvailable,
      local: false,
      remote: false,
      asked: false,
      facing: 'user',
      error: null,
      localStream: null,
      remoteStream: session.remoteVideoStream,
    });
    const early = this.early;
    this.early = null;
    if (early) this.peer(early);
  }

  /** The peer's video track arrived with the connection (it has frames only while their camera is on). */
  remoteVideo(stream: MediaStream): void {
    if (this.view) this.set({ ...this.view, remoteStream: stream });
  }

  peer(e: PeerVideoEvent): void {
    if (this.view?.callId !== e.callId) {
      this.early = e;
      return;
    }
    this.set({ ...this.view, remote: e.on, asked: e.on && !this.view.local });
  }

  /** The person turns the camera on (asking for the permission only now) or off. */
  async setCamera(on: boolean, facing: CameraFacing = this.view?.facing ?? 'user'): Promise<void> {
    while (this.pending) await this.pending;
    const turning = this.turn(on, facing);
    this.pending = turning.finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async turn(on: boolean, facing: CameraFacing): Promise<void> {
    const view = this.view;
    const session = this.session;
    if (!view || !session || view.local === on) return;
    if (!view.available) return this.set({ ...view, error: unavailable() });
    if (!on) {
      this.closeCamera();
      await session.sendCamera(null).catch(() => false);
      void this.report(view.callId, false);
      return this.update({ local: false, localStream: null });
    }
    const stream = await this.openCamera(facing);
    if (!stream) return;
    if (this.view?.callId !== view.callId || this.session !== session) return void this.closeCamera();
    await session.sendCamera(this.track).catch(() => false);
    void this.report(view.callId, true);
    this.update({ local: true, asked: false, facing, error: null, localStream: stream });
  }

  /** Front to back and back: a new camera track on the same line, no new offer. */
  async switchCamera(): Promise<void> {
    const view = this.view;
    const session = this.session;
    if (!view?.local || !session) return;
    const facing: CameraFacing = view.facing === 'user' ? 'environment' : 'user';
    const old = this.track;
    this.track = null;
    // A phone opens one camera at a time: the old one is closed first.
    old?.stop();
    const stream = await this.openCamera(facing);
    if (!stream) {
      await session.sendCamera(null).catch(() => false);
      void this.report(view.callId, false);
      return this.update({ local: false, localStream: null });
    }
    await session.sendCamera(this.track).catch(() => false);
    this.update({ facing, localStream: stream });
  }

  /** The person said no to showing their camera: the request goes away; their camera stays off. */
  dismiss(): void {
    if (this.view?.asked) this.update({ asked: false });
  }

  stop(): void {
    this.closeCamera();
    this.session = null;
    if (this.view) this.set(null);
  }

  /**
   * Tells the peer (through the server) whether this camera is on. One that did not land is sent again while
   * the camera is still as it says: else the peer would show a stale pane, or none, for the rest of the call.
   */
  private async report(callId: string, on: boolean): Promise<void> {
    const sleep = this.d.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 1; attempt <= REPORT_TRIES; attempt++) {
      const result = await this.d.send({ callId, on });
      if (result.ok || !REPORT_AGAIN_ON.has(result.error.code) || attempt === REPORT_TRIES) return;
      await sleep(REPORT_RETRY_MS * attempt);
      if (this.view?.callId !== callId || this.view.local !== on) return;
    }
  }

  private async openCamera(facing: CameraFacing): Promise<MediaStream | null> {
    try {
      const stream = await this.d.webrtc.getUserMedia({ audio: false, video: { ...CAMERA, facingMode: facing } });
      this.track = stream.getVideoTracks()[0] ?? null;
      return stream;
    } catch (err) {
      this.update({ error: cameraError(err) });
      return null;
    }
  }

  private closeCamera() {
    this.track?.stop();
    this.track = null;
  }

  private update(change: Partial<CallVideoView>) {
    if (this.view) this.set({ ...this.view, ...change });
  }

  private set(view: CallVideoView | null) {
    this.view = view;
    this.d.changed(view);
  }
}

const unavailable = (): CameraError => ({
  code: 'video_unavailable',
  message: "The other side's app cannot show video in this call.",
});

function cameraError(err: unknown): CameraError {
  const name = (err as { name?: string } | null)?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') {
    return { code: 'camera_denied', message: 'Camera access was denied. The call goes on with voice only.' };
  }
  return {
    code: 'camera_unavailable',
    message: name === 'NotFoundError' ? 'No camera was found.' : 'The camera could not be opened.',
  };
}
