import type { VideoPayload } from '@calling/protocol';
import { describe, expect, it } from 'vitest';
import { CallVideo } from '../../src/call-video';
import type { PeerSession } from '../../src/peer-session';
import type { CallErrorCode, CallSnapshot, WebRtcApi } from '../../src/types';

type Reply = { ok: true } | { ok: false; error: { code: CallErrorCode } };

/** A connected call's camera with a fake session and camera; the server's replies to call:video are given. */
function camera(replies: Reply[]) {
  const sent: VideoPayload[] = [];
  const waits: number[] = [];
  /** With `held`, each wait between tries lasts until release() (else it ends at once). */
  const held = { on: false, pending: [] as (() => void)[] };
  const track = { kind: 'video', stop() {} } as unknown as MediaStreamTrack;
  const webrtc = {
    getUserMedia: async () => ({ getVideoTracks: () => [track] }) as unknown as MediaStream,
  } as unknown as WebRtcApi;
  const video = new CallVideo({
    webrtc,
    send: async (payload) => {
      sent.push(payload);
      return replies.shift() ?? { ok: true };
    },
    changed: () => {},
    sleep: (ms) => {
      waits.push(ms);
      return held.on ? new Promise<void>((r) => held.pending.push(r)) : Promise.resolve();
    },
  });
  const session = { videoAvailable: true, remoteVideoStream: null, sendCamera: async () => true };
  const snapshot = { state: 'connected', call: { callId: 'call-1' } } as unknown as CallSnapshot;
  video.follow(snapshot, session as unknown as PeerSession);
  // The report runs beside the camera's own steps: settled once its sends and waits are done.
  const settled = () => new Promise((r) => setTimeout(r, 10));
  const release = () => {
    for (const r of held.pending.splice(0)) r();
  };
  return { video, sent, waits, settled, held, release };
}

const timeout: Reply = { ok: false, error: { code: 'timeout' } };

describe("the camera's report to the peer", () => {
  it('a report that timed out is sent again until the server has it', async () => {
    const c = camera([timeout, { ok: false, error: { code: 'not_connected' } }]);
    await c.video.setCamera(true);
    await c.settled();
    expect(c.sent).toEqual([
      { callId: 'call-1', on: true },
      { callId: 'call-1', on: true },
      { callId: 'call-1', on: true },
    ]);
    expect(c.waits).toEqual([500, 1000]);
  });

  it('a refusal is final, and a camera turned off meanwhile is not reported on again', async () => {
    const refused = camera([{ ok: false, error: { code: 'no_live_call' } }]);
    await refused.video.setCamera(true);
    await refused.settled();
    expect(refused.sent).toHaveLength(1);

    const c = camera([timeout]);
    c.held.on = true;
    await c.video.setCamera(true);
    await c.settled();
    await c.video.setCamera(false);
    c.release();
    await c.settled();
    // on (timed out), off; the retry of "on" found the camera off and stopped.
    expect(c.sent).toEqual([
      { callId: 'call-1', on: true },
      { callId: 'call-1', on: false },
    ]);
  });

  it('gives up after four tries', async () => {
    const c = camera([timeout, timeout, timeout, timeout, timeout]);
    await c.video.setCamera(true);
    await c.settled();
    expect(c.sent).toHaveLength(4);
    expect(c.waits).toEqual([500, 1000, 1500]);
  });
});
