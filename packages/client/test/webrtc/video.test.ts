import type { TestServer } from '@calling/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundAudio, inboundVideo } from '../../src/testing/node-webrtc';
import { bookedPair, connect, type Party, reach, startServer, until } from './world';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

const video = (p: Party) => p.client.getVideo();
const pcOf = (p: Party) => {
  const pc = p.webrtc.pcs.at(-1);
  if (!pc) throw new Error(`${p.name} has no peer connection`);
  return pc;
};
/** Frames from the peer's camera keep arriving here. */
async function framesArrive(p: Party) {
  const before = (await inboundVideo(pcOf(p))).frames;
  const deadline = Date.now() + 5000;
  for (;;) {
    const now = (await inboundVideo(pcOf(p))).frames;
    if (now > before + 5) return now;
    if (Date.now() > deadline) throw new Error(`${p.name}: no new video frames (${before} → ${now})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('video in a voice call (Node WebRTC)', () => {
  it("one side's camera reaches the other, who is asked and not switched on; both on, both off; the log keeps the time", async () => {
    const { customer, provider, bookingId } = await bookedPair(server);
    try {
      await connect(customer, provider, bookingId);
      for (const p of [customer, provider]) {
        await until(() => video(p)?.available === true, `${p.name}: two-way video negotiated`);
      }
      const cameras = () => customer.webrtc.tracks.filter((t) => t.kind === 'video').length;
      expect(cameras(), 'no camera before the tap').toBe(0);

      // Two taps at once open one camera.
      await Promise.all([customer.client.setCamera(true), customer.client.setCamera(true)]);
      expect(cameras()).toBe(1);
      expect(video(customer)).toMatchObject({ local: true, remote: false, error: null });
      expect(video(provider)?.remoteStream?.getVideoTracks()).toHaveLength(1);
      await until(() => video(provider)?.remote === true, "the provider hears of the customer's camera");
      expect(video(provider)).toMatchObject({ local: false, asked: true });
      expect(provider.webrtc.tracks.filter((t) => t.kind === 'video')).toHaveLength(0);
      await framesArrive(provider);
      const audioBefore = (await inboundAudio(pcOf(provider))).packets;

      await provider.client.setCamera(true);
      expect(video(provider)).toMatchObject({ local: true, asked: false });
      await until(() => video(customer)?.remote === true, "the customer hears of the provider's camera");
      await framesArrive(customer);
      expect((await inboundAudio(pcOf(provider))).packets, 'audio goes on').toBeGreaterThan(audioBefore);
      // Some seconds of video both ways (the quality samples come about once a second).
      await new Promise((r) => setTimeout(r, 2500));

      await customer.client.setCamera(false);
      await provider.client.setCamera(false);
      await until(() => video(customer)?.remote === false && video(provider)?.remote === false, 'both off');
      expect(
        [...customer.webrtc.tracks, ...provider.webrtc.tracks].filter(
          (t) => t.kind === 'video' && t.readyState !== 'ended',
        ),
      ).toEqual([]);
      await new Promise((r) => setTimeout(r, 1200));
      await customer.client.end();
      await reach(customer, 'idle');
      await expect
        .poll(async () => (await server.callLogs(bookingId))[0]?.video_seconds, { timeout: 5000 })
        .toBeGreaterThanOrEqual(1);
      expect(video(customer)).toBeNull();
      // Each side's quality summary says how the other's video came.
      await expect
        .poll(async () => (await server.callLogs(bookingId))[0]?.receiver_quality?.video?.seconds ?? 0)
        .toBeGreaterThanOrEqual(1);
      const row = (await server.callLogs(bookingId))[0];
      expect(row?.receiver_quality?.video?.framesPerSecond.avg).toBeGreaterThan(0);
      expect(row?.receiver_quality?.video?.frameHeight.max).toBe(240);
    } finally {
      customer.client.close();
      provider.client.close();
    }
  });

  it('a refused camera leaves the voice call as it was; an audio-only call logs no video', async () => {
    const { customer, provider, bookingId } = await bookedPair(server);
    try {
      await connect(customer, provider, bookingId);
      await until(() => video(customer)?.available === true, 'video negotiated');
      customer.webrtc.denyMicrophone('NotAllowedError');
      await customer.client.setCamera(true);
      expect(video(customer)).toMatchObject({ local: false, error: { code: 'camera_denied' } });
      expect(customer.client.getSnapshot().state).toBe('connected');
      const before = (await inboundAudio(pcOf(provider))).packets;
      await new Promise((r) => setTimeout(r, 500));
      expect((await inboundAudio(pcOf(provider))).packets).toBeGreaterThan(before);
      await customer.client.end();
      await reach(customer, 'idle');
      await expect.poll(async () => (await server.callLogs(bookingId))[0]?.call_status).toBe('completed');
      expect((await server.callLogs(bookingId))[0]?.video_seconds).toBeNull();
    } finally {
      customer.client.close();
      provider.client.close();
    }
  });
});
