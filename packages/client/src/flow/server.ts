import type { ClientEndReason, EndReason } from '@calling/protocol';
import { endReasonForRefusal } from '../errors';
import type { CallInfo } from '../types';
import type { Draft } from './draft';
import { addressedTo, legIds } from './draft';
import { answeredByPeer, openSessionWhenReady, prepareAnswer } from './progress';
import type { CallLeg, FlowInput } from './types';

/** What the server says: acks of this device's requests, and events about its call. */

type Input<T extends FlowInput['type']> = Extract<FlowInput, { type: T }>;

export function initiateAcked(d: Draft, { leg: id, result }: Input<'initiate-ack'>) {
  const leg = d.current(id);
  if (!result.ok) {
    if (leg && initiateLost(d, leg, result.error.code)) return;
    if (leg) d.finish(endReasonForRefusal(result.error.code), { error: result.error });
    return;
  }
  if (!leg) {
    // Ended here while the ack was on its way (hung up, microphone refused): end it on the server too.
    const ended = d.unnamed.find((u) => u.leg === id);
    if (!ended) return;
    d.unnamed = d.unnamed.filter((u) => u !== ended);
    const call = { callId: result.callId, bookingId: result.bookingId };
    // The call it answered (glare) ends for the server's usual reason; our own dial for ours.
    return d.do({ type: 'end', ids: call, ...(result.answered ? {} : { reason: clientReason(ended.reason) }) });
  }
  leg.callId = result.callId;
  leg.media = { iceServers: result.iceServers, relayOnly: result.relayOnly };
  const call: CallInfo = {
    callId: result.callId,
    bookingId: leg.bookingId,
    direction: 'outgoing',
    peerId: result.receiverId,
    peerName: result.receiverName,
    serviceName: result.serviceName,
    relayOnly: result.relayOnly,
  };
  if (result.answered) {
    // Glare: the peer called at the same moment and the server answered its call for this device instead of
    // refusing ours. This device is that call's receiver (the microphone opened for the dial carries over).
    leg.role = 'receiver';
    leg.peerId = result.answered.callerId;
    leg.answered = true;
    // Answered by the server, so no accept of its own to wait for: its candidates may go.
    leg.acceptSent = true;
    d.show({
      type: 'dialed',
      call: { ...call, direction: 'incoming', peerId: result.answered.callerId, peerName: result.answered.callerName },
    });
    d.show({ type: 'answered' });
    d.do({ type: 'connect-timer', leg: leg.id, on: true });
  } else {
    leg.peerId = result.receiverId;
    d.show({ type: 'dialed', call });
  }
  openSessionWhenReady(d, leg);
  // Named by a retry: the call may have moved on meanwhile and this socket is not bound to it yet.
  if (leg.initiate.unanswered > 0) d.do({ type: 'resume', leg: leg.id, callId: result.callId });
}

/** How many unanswered initiates a caller takes before it gives up (the server answers a retry with the same call). */
export const INITIATE_TRIES = 2;

/**
 * No answer to the initiate (the socket or the node went away mid-request): the server may have made the call,
 * so ask again, now or once the socket is back. A first request that never left (not connected) is no loss.
 */
function initiateLost(d: Draft, leg: CallLeg, code: string): boolean {
  if (leg.callId) return false;
  if (code === 'timeout') leg.initiate.unanswered += 1;
  else if (code !== 'not_connected' || leg.initiate.unanswered === 0) return false;
  if (leg.initiate.unanswered >= INITIATE_TRIES) return false;
  leg.initiate.waiting = true;
  // Not connected: the socket's next `connect` asks (asking now would only be refused again).
  if (code === 'timeout' && d.snapshot.online) askAgain(d, leg);
  return true;
}

function askAgain(d: Draft, leg: CallLeg) {
  leg.initiate.waiting = false;
  d.do({ type: 'initiate', leg: leg.id, bookingId: leg.bookingId });
}

export function acceptAcked(d: Draft, { leg: id, result }: Input<'accept-ack'>) {
  const leg = d.current(id);
  if (!leg) return;
  if (!result.ok) return d.finish(endReasonForRefusal(result.error.code), { error: result.error });
  // The call:incoming's servers are already in use when the answer rode with the accept.
  if (!leg.sessionOpen) leg.media = { iceServers: result.iceServers, relayOnly: result.relayOnly };
  d.do({ type: 'connect-timer', leg: leg.id, on: true });
  openSessionWhenReady(d, leg);
}

export function incoming(d: Draft, { call, media }: Input<'incoming'>) {
  if (d.leg) return; // the same call rung again after a reconnect, or one the server should not send
  const leg = d.startLeg(call.bookingId, 'receiver', call.callId, call.peerId);
  leg.media = media;
  d.show({ type: 'incoming', call });
}

/**
 * The caller's offer. While this device rings its answer is prepared (prepareAnswer): no ICE check, nothing
 * sent, no microphone until the person answers. Otherwise (answered, or an ICE restart) it is answered at once.
 */
export function remoteOffer(d: Draft, { callId, offer }: Input<'remote-offer'>) {
  const leg = d.leg;
  if (leg?.role !== 'receiver' || leg.callId !== callId) return;
  if (!leg.answered) {
    leg.remoteOffer = offer;
    prepareAnswer(d, leg);
    return;
  }
  if (!leg.acceptSent) return; // the tap's own answer is being made for the offer that rang
  // The same offer again: the answer already made goes again, nothing is renegotiated.
  if (offer.sdp === leg.answeredOfferSdp) {
    return d.do({ type: 'resend-answer', leg: leg.id, ids: legIds(leg), ...addressedTo(leg) });
  }
  leg.answeredOfferSdp = offer.sdp;
  d.do({ type: 'answer-offer', leg: leg.id, ids: legIds(leg), ...addressedTo(leg), offer });
}

/**
 * A ringing device's provisional answer (the first one only: a receiver with several devices may send one
 * each). Set while it rings, it leaves only connectivity checks and DTLS for after the tap.
 */
export function pranswer(d: Draft, { callId, answer }: Input<'pranswer'>) {
  const leg = d.leg;
  if (leg?.role !== 'caller' || leg.callId !== callId || leg.answered || leg.pranswerSet || !leg.offerSent) return;
  leg.pranswerSet = true;
  d.do({ type: 'set-pranswer', leg: leg.id, answer });
}

export function socketChanged(d: Draft, { up, firstTime }: Input<'socket'>) {
  d.show({ type: 'online', online: up });
  const leg = d.leg;
  if (up && leg?.initiate.waiting) askAgain(d, leg);
  if (up && !firstTime && leg?.callId) d.do({ type: 'resume', leg: leg.id, callId: leg.callId });
}

export function resumeAcked(d: Draft, { leg: id, result, iceConnected }: Input<'resume-ack'>) {
  const leg = d.current(id);
  if (!leg?.callId) return;
  if (!result.ok) {
    // No answer is not a refusal: the call goes on, and is resumed again (now, or at the socket's next connect).
    if (result.error.code === 'not_connected') return;
    if (result.error.code === 'timeout') {
      if (d.snapshot.online) d.do({ type: 'resume', leg: leg.id, callId: leg.callId });
      return;
    }
    // The call ended while this device was offline, so its call:ended never arrived: ask the log how.
    return d.do({
      type: 'ask-outcome',
      leg: leg.id,
      bookingId: leg.bookingId,
      callId: leg.callId,
      error: result.error,
    });
  }
  // Answered while this device was away: its call:accepted (and the answer in it) went nowhere, the resume
  // says so instead.
  if (result.state !== 'ringing') answeredByPeer(d, leg.callId, leg.bookingId);
  // Only the caller restarts ICE, only in an answered call, and only an offer that went out before.
  const offerWasOut = leg.role === 'caller' && leg.answered && leg.offerSent;
  // Media dropped while the socket was away: the network probably changed, and the old path, even if it
  // answers again here, may not for long; before any media, the first candidates may lead nowhere now.
  const dropped = leg.droppedSinceSocketUp;
  leg.droppedSinceSocketUp = false;
  if (offerWasOut && (dropped || leg.mediaDropped || !iceConnected)) d.do({ type: 'restart-now' });
}

export function outcomeKnown(d: Draft, { leg: id, outcome, error }: Input<'outcome'>) {
  const leg = d.current(id);
  if (!leg) return;
  if (outcome)
    return d.finish(outcome.reason, { ...(leg.callId ? { callId: leg.callId } : {}), duration: outcome.duration });
  d.finish('connection_lost', { error });
}

export function peerReconnecting(d: Draft, { callId, reconnecting }: Input<'peer-reconnecting'>) {
  const leg = d.leg;
  if (!leg || leg.callId !== callId) return;
  d.show({ type: 'peer-reconnecting', reconnecting });
  // The peer's new socket lost the candidates sent meanwhile: a fresh ICE round reaches it.
  if (!reconnecting && leg.mediaDropped) d.do({ type: 'restart-now' });
}

/** The end reason this device reports for a call it ended itself. */
function clientReason(r: EndReason): ClientEndReason {
  return r === 'media_permission_denied' || r === 'ice_failed' || r === 'connection_lost' ? r : 'cancelled';
}
