import { initialSnapshot } from '../state';
import { Draft } from './draft';
import * as media from './media';
import * as person from './person';
import { answeredByPeer } from './progress';
import * as server from './server';
import type { FlowEffect, FlowInput, FlowState } from './types';

type Handlers = { [T in FlowInput['type']]: (d: Draft, input: Extract<FlowInput, { type: T }>) => void };

/** One handler per input. */
const handlers: Handlers = {
  dial: (d, i) => person.dial(d, i.bookingId),
  accept: (d) => person.accept(d),
  reject: (d, i) => person.reject(d, i.reason),
  'hang-up': (d) => person.hangUp(d),
  'page-hide': (d) => person.pageHide(d),
  mute: (d, i) => person.mute(d, i.muted),
  'initiate-ack': server.initiateAcked,
  'accept-ack': server.acceptAcked,
  'resume-ack': server.resumeAcked,
  outcome: server.outcomeKnown,
  incoming: server.incoming,
  accepted: (d, i) => answeredByPeer(d, i.callId, i.bookingId, i.answer),
  'remote-offer': server.remoteOffer,
  pranswer: server.pranswer,
  ended: (d, { type: _, reason, ...o }) => d.finish(reason, o),
  socket: server.socketChanged,
  refused: (d, i) => d.show({ type: 'error', error: i.error }),
  'peer-reconnecting': server.peerReconnecting,
  mic: media.micSettled,
  'offer-ready': media.offerReady,
  'answer-prepared': media.answerPrepared,
  'answer-ready': media.answerReady,
  'local-candidate': media.localCandidate,
  'flush-candidates': media.candidatesDue,
  'media-flowing': media.mediaFlowing,
  'media-dropped': media.mediaDropped,
  'media-stalled': media.mediaStalled,
  'media-resumed': media.mediaResumed,
  'restart-wanted': media.restartWanted,
  'give-up': media.giveUp,
  'ended-held': (d) => d.show({ type: 'reset' }),
};

/**
 * The client's call flow as one pure state machine: every input (the person's action, a server event or ack,
 * a media event, a timer) gives the next state and the effects the I/O shell (CallClient) carries out.
 * Results of effects come back as inputs naming their leg, so a late ack or microphone of a call that already
 * ended is recognised here, not in the shell. No I/O, no timers, no clock.
 */
export function stepFlow(state: FlowState, input: FlowInput): { state: FlowState; effects: FlowEffect[] } {
  const d = new Draft(state);
  (handlers[input.type] as (d: Draft, input: FlowInput) => void)(d, input);
  return d.done();
}

export const initialFlow: FlowState = Object.freeze({ snapshot: initialSnapshot, leg: null, unnamed: [], nextLeg: 1 });
export { addressedTo, legIds } from './draft';
export type { CallIds, CallLeg, FlowEffect, FlowInput, FlowState } from './types';
