import type { CallVideoView } from '@calling/client';

/** The line that asks this side to show its camera too, after the peer turned theirs on. */
export function videoRequestLine(peerName: string | null): string {
  return `${peerName?.trim() || 'The other side'} turned on their camera`;
}

/** What the call screen draws of the call's video: the peer's picture, one's own, or neither. */
export function videoPanes(view: CallVideoView | null): { peer: MediaStream | null; self: MediaStream | null } {
  return {
    peer: view?.remote && view.remoteStream ? view.remoteStream : null,
    self: view?.local && view.localStream ? view.localStream : null,
  };
}
