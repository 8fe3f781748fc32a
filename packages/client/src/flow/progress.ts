import { limits, type SessionDescription } from '@calling/protocol';
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
 * The offer rang with the call: the ringing device sets it and makes its answer, but applies nothing (no
 * setLocalDescription, no candidate pool), so no ICE starts, no address is gathered, no microphone opens.
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
  const inOffer = new Set(
    offer.sdp.split(/\r?\n/).flatMap((l) => (l.startsWith('a=') ? [candidateKey(l.slice(2))] : [])),
  );
  leg.heldCandidates = leg.heldCandidates.filter((c) => !inOffer.has(candidateKey(c.candidate)));
  const allInOffer = gathered && leg.heldCandidates.length === 0;
  if (allInOffer) leg.candidatesDone = true;
  // The offer carried the first candidates: the ones after it collect for a batch.
  leg.candidatesSent = true;
  d.do({ type: 'send-offer', ids: legIds(leg), ...addressedTo(leg), offer, candidatesDone: allInOffer });
  if (gathered && !allInOffer) flushCandidates(d, leg);
  else if (leg.heldCandidates.length) openBatch(d, leg);
}

/** The receiver's accept went out: what it gathered meanwhile follows. */
export function acceptSent(d: Draft, leg: CallLeg) {
  leg.acceptSent = true;
  if (leg.gathered || leg.heldCandidates.length) flushCandidates(d, leg);
}

/**
 * A candidate by what makes it one (foundation, component, protocol, priority, address, port, type): the SDP's
 * a=candidate line and the icecandidate event's string differ in their trailing extensions (ufrag...).
 */
const candidateKey = (candidate: string) => candidate.split(' ').slice(0, 8).join(' ');

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
