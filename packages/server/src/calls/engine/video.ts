import type { Call } from './call';

/** Whose camera is on in a call, and how long at least one was. */
export interface VideoUse {
  /** The parties whose camera is on now. */
  on: string[];
  /** When the current stretch with a camera on began (null: none is on). */
  since: number | null;
  /** Milliseconds with a camera on, over the stretches that are over. */
  ms: number;
  /** A camera was turned on at some point in the call. */
  used: boolean;
}

export const NO_VIDEO: VideoUse = { on: [], since: null, ms: 0, used: false };

/** A party's camera turned on or off (null when nothing changes: the same state again). */
export function videoTurned(call: Call, userId: string, on: boolean, now: number): Call | null {
  const v = call.video;
  if (v.on.includes(userId) === on) return null;
  const others = v.on.filter((u) => u !== userId);
  const next = on ? [...others, userId] : others;
  if (next.length > 0 && v.since === null) return { ...call, video: { ...v, on: next, since: now, used: true } };
  if (next.length === 0 && v.since !== null)
    return { ...call, video: { ...v, on: [], since: null, ms: closed(v, now) } };
  return { ...call, video: { ...v, on: next } };
}

/** The call ends: every camera is off, and the stretch that ran is counted. */
export const videoStopped = (call: Call, now: number): VideoUse =>
  call.video.since === null ? call.video : { ...call.video, on: [], since: null, ms: closed(call.video, now) };

const closed = (v: VideoUse, now: number) => v.ms + Math.max(0, now - (v.since ?? now));

/** What the log keeps: whole seconds with a camera on, or null for a call that never used video. */
export const videoSecondsOf = (call: Call): number | null =>
  call.video.used ? Math.round(videoStopped(call, call.endedAt ?? call.video.since ?? 0).ms / 1000) : null;
