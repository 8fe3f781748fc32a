/**
 * The signaling between the two sides of a call in the page: descriptions and candidates, each direction a pipe
 * that delays every message by a fixed one-way time and keeps the order, as a server hop would.
 */

export interface Msg {
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit;
  video?: boolean;
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
export function pipe(delayMs: number, deliver: (m: Msg) => void): (m: Msg) => void {
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

/** A description as it goes to the peer: its type and SDP. */
export const wire = (d: RTCSessionDescription | null): RTCSessionDescriptionInit => ({
  type: d?.type ?? 'offer',
  sdp: d?.sdp,
});
