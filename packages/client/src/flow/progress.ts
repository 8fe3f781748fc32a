import { addressedTo, type Draft, legIds } from './draft';
import type { CallLeg } from './types';

/** The rules of setup every path shares: what has to be there before each next step happens. */

/** The peer connection opens once the microphone and the ack's ICE servers are both here, whichever came first. */
export function openSessionWhenReady(d: Draft, leg: CallLeg) {
  if (!leg.micReady || !leg.media || leg.sessionOpen) return;
  leg.sessionOpen = true;
  d.do({ type: 'open-session', leg: leg.id, ...leg.media, makeOffer: leg.role === 'caller' });
}

/** The caller's offer goes out once it is made and the call is answered, with the candidates held for it. */
export function sendOfferWhenAnswered(d: Draft, leg: CallLeg) {
  if (leg.role !== 'caller' || !leg.answered || !leg.offer || leg.offerSent) return;
  leg.offerSent = true;
  d.do({ type: 'send-offer', ids: legIds(leg), ...addressedTo(leg), offer: leg.offer, candidates: leg.heldCandidates });
  leg.heldCandidates = [];
}

/** The caller learns it was answered (call:accepted, or a resume that says so). */
export function answeredByPeer(d: Draft, callId: string, bookingId: string) {
  const leg = d.leg;
  if (leg?.role !== 'caller' || leg.bookingId !== bookingId || leg.answered) return;
  if (leg.callId && leg.callId !== callId) return;
  leg.answered = true;
  d.show({ type: 'answered' });
  d.do({ type: 'connect-timer', leg: leg.id, on: true });
  sendOfferWhenAnswered(d, leg);
}
