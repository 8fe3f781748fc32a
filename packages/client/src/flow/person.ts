import { beforeMedia, isLive } from '../state';
import { type Draft, legIds } from './draft';
import { acceptSent } from './progress';

/** What the person does: dial, answer, decline, hang up, close the page, mute. */

export function dial(d: Draft, bookingId: string) {
  if (d.leg || isLive(d.snapshot))
    return d.show({ type: 'error', error: { code: 'busy', message: 'a call is already live' } });
  d.do({ type: 'ended-timer', on: false });
  d.show({ type: 'dial', bookingId });
  const leg = d.startLeg(bookingId, 'caller', null, null);
  // The microphone prompt and the ring happen together: neither waits for the other.
  d.do({ type: 'acquire-mic', leg: leg.id });
  d.do({ type: 'initiate', leg: leg.id, bookingId });
}

export function accept(d: Draft) {
  const leg = d.leg;
  if (leg?.role !== 'receiver' || d.snapshot.state !== 'ringing') return;
  // At the tap, not when the ack lands: the screen stops ringing, and a Decline now declines the answered call.
  leg.answered = true;
  d.show({ type: 'answered' });
  d.do({ type: 'acquire-mic', leg: leg.id });
  // The offer rang with the call: its answer (prepared while ringing) is applied now and rides with the accept.
  if (leg.remoteOffer && leg.sessionOpen) {
    leg.answeredOfferSdp = leg.remoteOffer.sdp;
    return d.do({ type: 'answer-at-tap', leg: leg.id, offer: leg.remoteOffer });
  }
  d.do({ type: 'accept', leg: leg.id, ids: legIds(leg) });
  acceptSent(d, leg);
}

/** Declines an incoming call: while it rings, or answered but before any media (the server agrees). */
export function reject(d: Draft, reason: 'declined' | 'busy') {
  const leg = d.leg;
  if (leg?.role !== 'receiver' || !beforeMedia(d.snapshot)) return;
  d.finish(reason);
  d.do({ type: 'reject', ids: legIds(leg), reason });
}

/** Hang up: cancels an outgoing call, declines an incoming one, ends a live one. */
export function hangUp(d: Draft) {
  const leg = d.leg;
  if (!leg || !isLive(d.snapshot)) return;
  if (leg.role === 'receiver' && beforeMedia(d.snapshot)) return reject(d, 'declined');
  const reason = d.snapshot.state === 'calling' ? 'cancelled' : 'completed';
  d.finish(reason);
  // Not named yet: the initiate ack will find the call ended and end it on the server.
  if (leg.callId) d.do({ type: 'hang-up', ids: { bookingId: leg.bookingId, callId: leg.callId } });
}

/** A closing page: the call ends here at once, the server hears it by beacon (socket.io would drop it). */
export function pageHide(d: Draft) {
  const leg = d.leg;
  if (!leg?.callId || !isLive(d.snapshot)) return;
  if (leg.role === 'receiver' && beforeMedia(d.snapshot)) return reject(d, 'declined');
  d.finish(d.snapshot.state === 'calling' ? 'cancelled' : 'completed');
  d.do({ type: 'beacon', callId: leg.callId });
}

export function mute(d: Draft, muted: boolean) {
  if (!d.leg || !isLive(d.snapshot)) return;
  // track.enabled: silence without renegotiation.
  d.do({ type: 'set-muted', muted });
  d.show({ type: 'muted', muted });
}
