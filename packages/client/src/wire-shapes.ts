import type { IceCandidate, SessionDescription } from '@calling/protocol';

/** A session description as the protocol carries it (the W3C object's other fields stay behind). */
export function toWire(d: RTCSessionDescriptionInit): SessionDescription {
  return { type: d.type as SessionDescription['type'], sdp: d.sdp ?? '' };
}

/** A local ICE candidate as the protocol carries it: plain fields, absent ones null. */
export function serializeCandidate(c: RTCIceCandidate): IceCandidate {
  return {
    candidate: c.candidate,
    sdpMid: c.sdpMid ?? null,
    sdpMLineIndex: c.sdpMLineIndex ?? null,
    usernameFragment: c.usernameFragment ?? null,
  };
}
