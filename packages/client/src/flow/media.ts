import { addressedTo, type Draft, legIds } from './draft';
import {
  acceptSent,
  dropCandidatesIn,
  flushCandidates,
  openSessionWhenReady,
  queueCandidate,
  sendOffer,
} from './progress';
import type { FlowInput } from './types';

/** What the media says: the microphone, the offer, candidates, audio flowing or not, the watchdog's calls. */

type Input<T extends FlowInput['type']> = Extract<FlowInput, { type: T }>;

export function micSettled(d: Draft, { leg: id, error }: Input<'mic'>) {
  const leg = d.current(id);
  if (!leg) return;
  if (error) {
    d.finish('media_permission_denied', { error });
    // Not named yet: the initiate ack ends it on the server.
    if (leg.callId) d.do({ type: 'end', ids: legIds(leg), reason: 'media_permission_denied' });
    return;
  }
  leg.micReady = true;
  // A receiver that answered before its microphone was open: the track joins the running connection.
  if (leg.sessionOpen) d.do({ type: 'attach-mic', leg: leg.id });
  else openSessionWhenReady(d, leg);
}

export function offerReady(d: Draft, { leg: id, offer, gathered }: Input<'offer-ready'>) {
  const leg = d.current(id);
  if (!leg || leg.offer) return;
  leg.offer = offer;
  if (gathered) leg.gathered = true;
  sendOffer(d, leg);
}

/**
 * The ringing receiver's answer is applied: the caller may set it up already (a provisional answer, with no
 * candidate: it tells nothing of this device's network), so little is left to do after the tap.
 */
export function answerPrepared(d: Draft, { leg: id, answer }: Input<'answer-prepared'>) {
  const leg = d.current(id);
  if (leg?.role !== 'receiver' || leg.answered || leg.pranswerSent || !leg.callId) return;
  leg.pranswerSent = true;
  d.do({ type: 'send-pranswer', ids: legIds(leg), answer });
}

/**
 * The receiver's answer to the offer that rang: it goes with the accept, so the caller has it at once, with
 * the candidates gathered while it rang in its SDP (those are not sent again).
 */
export function answerReady(d: Draft, { leg: id, answer }: Input<'answer-ready'>) {
  const leg = d.current(id);
  if (leg?.role !== 'receiver' || leg.acceptSent) return;
  d.do({ type: 'accept', leg: leg.id, ids: legIds(leg), answer });
  dropCandidatesIn(leg, answer.sdp);
  acceptSent(d, leg);
}

export function localCandidate(d: Draft, { leg: id, candidate }: Input<'local-candidate'>) {
  const leg = d.current(id);
  // The draft's leg holds its own copy of the list: pushing onto it leaves the previous state untouched.
  if (leg) queueCandidate(d, leg, candidate);
}

export function candidatesDue(d: Draft, { leg: id }: Input<'flush-candidates'>) {
  const leg = d.current(id);
  if (leg?.batchOpen) flushCandidates(d, leg);
}

export function mediaFlowing(d: Draft, { leg: id, at }: Input<'media-flowing'>) {
  const leg = d.current(id);
  if (!leg) return;
  d.do({ type: 'connect-timer', leg: leg.id, on: false });
  leg.mediaDropped = false;
  d.show({ type: 'media-up', at });
  if (!leg.reportedConnected && leg.callId) {
    leg.reportedConnected = true;
    d.do({ type: 'report-connected', callId: leg.callId, bookingId: leg.bookingId });
  }
}

export function mediaDropped(d: Draft, { leg: id }: Input<'media-dropped'>) {
  const leg = d.current(id);
  if (!leg) return;
  leg.mediaDropped = true;
  leg.droppedSinceSocketUp = true;
  d.show({ type: 'media-down' });
}

/** Silence the network caused: the screen says "reconnecting" until packets are back. */
export function mediaStalled(d: Draft, { leg: id, silentMs }: Input<'media-stalled'>) {
  const leg = d.current(id);
  if (!leg) return;
  d.show({ type: 'media-down' });
  // The server bills a peer that never comes back until this silence began, not until it notices.
  if (leg.callId)
    d.do({ type: 'report-hearing', callId: leg.callId, bookingId: leg.bookingId, hearing: false, silentMs });
}

export function mediaResumed(d: Draft, { leg: id, at }: Input<'media-resumed'>) {
  const leg = d.current(id);
  if (!leg) return;
  d.show({ type: 'media-up', at });
  if (leg.callId) d.do({ type: 'report-hearing', callId: leg.callId, bookingId: leg.bookingId, hearing: true });
}

/**
 * The caller drives ICE restarts (it made the first offer), so the two sides never offer at once; not before
 * the call is answered and its offer went out (nothing to restart), and not while the socket is down.
 */
export function restartWanted(d: Draft, { leg: id }: Input<'restart-wanted'>) {
  const leg = d.current(id);
  if (leg?.role !== 'caller' || !leg.answered || !leg.offerSent || !d.snapshot.online) return;
  d.do({ type: 'restart-ice', leg: leg.id, ids: legIds(leg), ...addressedTo(leg) });
}

export function giveUp(d: Draft, { leg: id, reason }: Input<'give-up'>) {
  const leg = d.current(id);
  if (!leg) return;
  d.finish(reason);
  d.do({ type: 'end', ids: legIds(leg), reason });
}
