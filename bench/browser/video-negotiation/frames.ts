/**
 * Frames read in the page with MediaStreamTrackProcessor: the peer's first decoded frame as a receiver track
 * delivers it (before any rendering), and the camera's own first frame.
 */

import type { Call, Side } from './call';

interface VideoFrameLike {
  displayWidth: number;
  displayHeight: number;
  close(): void;
}
type Processor = new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrameLike> };
const TrackProcessor = (globalThis as unknown as { MediaStreamTrackProcessor?: Processor }).MediaStreamTrackProcessor;

/** Reads the receiver track's frames (each closed at once) and resolves side.firstFrame at the first one. */
export function watchFrames(call: Call, side: Side, track: MediaStreamTrack) {
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

/** When the camera delivers its first frame, read from a clone of its track (the sent track has no extra sink). */
export async function firstLocalFrame(stream: MediaStream): Promise<number> {
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
