/** Resolves true once the connection's ICE gathering is complete (or it closed), false after `waitMs`. */
export function gatheringDone(pc: RTCPeerConnection, waitMs: number, closed: () => boolean): Promise<boolean> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState !== 'complete' && !closed()) return;
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', done);
      resolve(true);
    };
    const timer = setTimeout(() => {
      pc.removeEventListener('icegatheringstatechange', done);
      resolve(false);
    }, waitMs);
    pc.addEventListener('icegatheringstatechange', done);
  });
}
