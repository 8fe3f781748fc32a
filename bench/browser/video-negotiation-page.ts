/**
 * The browser side of bench/video-negotiation.ts, bundled by it with esbuild. Every try is a fresh audio call
 * between two RTCPeerConnections in this page (fake microphone both ways, loopback), with the signaling
 * (descriptions and candidates) carried through a pipe that delays each message by a fixed one-way time and
 * keeps the order, as a server hop would. Then a "camera tap", in one of two designs:
 *
 *   A: the client's design. The caller's first offer carries an idle two-way video line (offerVideoLine), the
 *      receiver answers it two-way (answerVideoTwoWay), and the tap is sendCamera: replaceTrack plus the sender
 *      parameters. These are the real functions of packages/client/src/peer-video.ts.
 *   B: the reference, written in video-negotiation/designs.ts (it is not product code): the W3C "perfect negotiation" pattern. The call
 *      starts audio only; the tap is addTrack, negotiationneeded makes an offer with setLocalDescription(), and
 *      an offer that collides with one's own is ignored by the impolite peer (the caller) and taken by the
 *      polite one (the receiver) with an implicit rollback in setRemoteDescription.
 *
 * The time that counts ends at the first frame the peer's receiver track delivers (MediaStreamTrackProcessor:
 * a decoded frame, before any rendering). Each wait has a timeout; each loop a count and a time limit.
 *
 * The parts are in video-negotiation/: the call and its signaling pipe, the two designs, and the measurements
 * (tap, glare, sdp, sender-params); results.ts holds what they hand back.
 */

import { glare } from './video-negotiation/glare';
import { sdpCost, sdpSamples } from './video-negotiation/sdp';
import { appliedParams } from './video-negotiation/sender-params';
import { tap } from './video-negotiation/tap';

const api = { tap, glare, sdpCost, sdpSamples, appliedParams };
/** What the page offers the bench, as window.__vn. */
export type VideoNegotiationApi = typeof api;
(window as unknown as { __vn: VideoNegotiationApi }).__vn = api;
