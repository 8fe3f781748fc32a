import { limits, type SessionDescription } from '@calling/protocol';
import { candidateKey, candidateKeysIn } from '../sdp-candidates';
import { addressedTo, type Draft, legIds } from './draft';
import type { CallLeg } from './types';

/** The rules of setup every path shares: what has to be there before each next step happens. */

/**
 * The peer connection opens once the microphone and the ICE servers are both here, whichever came first (a
 * receiver's only once it answered). A receiver answering the offer that rang has its connection already.
 */
export function openSessionWhenReady(d: Draft, leg: CallLeg) {
  if (!leg.micReady || !leg.media || leg.sessionOpen) return;
  if (leg.role === 'receiver' && !leg.answered) return;
  leg.sessionOpen = true;
  d.do({ type: 'open-session', leg: leg.id, ...leg.media, makeOffer: leg.role === 'caller' });
}

/**
 * The offer rang with the call: the ringing device sets it and applies its answer, so its candidates are
 * gathered while it rings, but learns none of the caller's candidates before the tap and sends none of its
 * own (they wait for the accept): no ICE check can leave, nothing of its network reaches the caller, and no
 * microphone opens.
 */
export function prepareAnswer(d: Draft, leg: CallLeg) {
  if (!leg.media || !leg.remoteOffer || leg.sessionOpen) return;
  leg.sessionOpen = true;
  d.do({ type: 'prepare-answer', leg: leg.id, ...leg.media, offer: leg.remoteOffer });
}

/**
 * The caller's offer goes out as soon as it is made, while the call rings: the server rings it on the
 * receiver's devices, which answer at the tap. Candidates it does not already hold follow in a batch.
 */
export function sendOffer(d: Draft, leg: CallLeg) {
  if (leg.role !== 'caller' || !leg.offer || leg.offerSent) return;
  leg.offerSent = true;
  const gathered = leg.gathered;
  const offer = leg.offer;
  dropCandidatesIn(leg, offer.sdp);
  const allInOffer = gathered && leg.heldCandidates.length === 0;
  if (allInOffer) leg.candidatesDone = true;
  // The offer carried the first candidates (or was the first word): the ones after it collect for a batch.
  leg.candidatesSent = true;
  d.do({ type: 'send-offer', ids: legIds(leg), ...addressedTo(leg), offer, candidatesDone: allInOffer });
  if (gathered && !allInOffer) flushCandidates(d, leg);
  else if (leg.heldCandidates.length) openBatch(d, leg);
}

/** The held candidates an SDP that went out already carries are not sent again. */
export function dropCandidatesIn(leg: CallLeg, sdp: string) {
  const sent = candidateKeysIn(sdp);
  if (!sent.size) return;
  leg.candidatesSent = true;
  leg.heldCandidates = leg.heldCandidates.filter((c) => !sent.has(candidateKey(c.candidate)));
}

/**
 * The receiver's accept went out: what it gathered and its answer did not carry follows. All of it in the
 * answer, gathering over: nothing more to send (trickle ICE needs no end marker).
 */
export function acceptSent(d: Draft, leg: CallLeg) {
  leg.acceptSent = true;
  if (leg.gathered && leg.heldCandidates.length === 0 && leg.candidatesSent) {
    leg.candidatesDone = true;
    return;
  }
  if (leg.gathered || leg.heldCandidates.length) flushCandidates(d, leg);
}

/** Whether this device's candidates may go: after the caller's offer, after the receiver's accept. */
export const candidatesMayGo = (leg: CallLeg) => (leg.role === 'caller' ? leg.offerSent : leg.acceptSent);

/** A local candidate (null: gathering is over) joins the open batch, or waits for the offer or accept. */
export function queueCandidate(d: Draft, leg: CallLeg, candidate: CallLeg['heldCandidates'][number] | null) {
  if (leg.candidatesDone) return;
  if (candidate) leg.heldCandidates.push(candidate);
  else leg.gathered = true;
  if (!candidatesMayGo(leg)) return;
  // The first one goes at once (a relay-only call's path is its first relay candidate); later ones wait for
  // the end of gathering, so they go in one more batch (or when the batch timer gives up waiting).
  if (!candidate || !leg.candidatesSent) return flushCandidates(d, leg);
  openBatch(d, leg);
}

function openBatch(d: Draft, leg: CallLeg) {
  if (leg.batchOpen) return;
  leg.batchOpen = true;
  d.do({ type: 'batch-timer', leg: leg.id });
}

/** What is held goes now, in batches of the protocol's most, the last one marked `done` once gathering is over. */
export function flushCandidates(d: Draft, leg: CallLeg) {
  leg.batchOpen = false;
  const done = leg.gathered;
  if (leg.candidatesDone) return;
  const held = leg.heldCandidates;
  leg.heldCandidates = [];
  if (done) leg.candidatesDone = true;
  if (!held.length && !done) return;
  leg.candidatesSent = true;
  const most = limits.candidatesPerBatch;
  for (let i = 0; i < held.length || (i === 0 && done); i += most) {
    const candidates = held.slice(i, i + most);
    const last = i + most >= held.length;
    d.do({ type: 'send-candidates', ids: legIds(leg), ...addressedTo(leg), candidates, done: done && last });
  }
}

/** The caller learns it was answered (call:accepted, or a resume that says so), with the answer in protocol 3. */
export function answeredByPeer(d: Draft, callId: string, bookingId: string, answer?: SessionDescription) {
  const leg = d.leg;
  if (leg?.role !== 'caller' || leg.bookingId !== bookingId || leg.answered) return;
  if (leg.callId && leg.callId !== callId) return;
  leg.answered = true;
  d.show({ type: 'answered' });
  d.do({ type: 'connect-timer', leg: leg.id, on: true });
  if (answer) d.do({ type: 'accept-answer', leg: leg.id, answer });
}
