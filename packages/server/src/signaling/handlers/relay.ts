import { CallingError } from '@calling/protocol';
import { connectsOnAnswer } from '../../calls/engine/call';
import { candidateMessages } from '../../calls/engine/early-offer';
import { message } from '../../calls/engine/notifications';
import { privateCandidate, privateCandidates, privateSdp, sdpWithoutCandidates } from '../../calls/relay-privacy';
import { fromDevice } from '../context';
import { defineHandler } from '../define-handler';

/**
 * Offer, answer and ICE candidates go only between the two bound sockets of a live call, on whichever nodes
 * they are; to a peer whose socket is away they wait in its mailbox for the socket that resumes. This path
 * never touches the database: the route is one read of the shared live-call store. The one exception is a
 * protocol-3 caller's first offer and candidates while the call rings: the call keeps them (the engine's
 * early_offer), for the receiver to answer at its tap.
 */
const PEER_UNREACHABLE = 'the peer is away and has too much waiting for it; try again after it reconnects';

export const offer = defineHandler('call:offer', async (payload, ctx) => {
  const { me, socket, calls } = ctx;
  const found = await calls.resolve(me.userId, payload);
  if (found.call.state === 'ringing') {
    const event = { ...fromDevice(ctx), offer: payload.offer, candidatesDone: payload.candidatesDone ?? false };
    const call = await calls.apply(found.call.id, { type: 'early_offer', ...event }, found);
    return { callId: call.id, bookingId: call.bookingId };
  }
  const route = calls.relay.routeFor(found.call, me.userId, socket.id, payload.to);
  const ids = { callId: route.call.id, bookingId: route.call.bookingId };
  const offer = route.call.relayOnly ? privateSdp(payload.offer) : payload.offer;
  if (!(await calls.relay.toPeer(route, [message('call:offer', { ...ids, offer, from: me.userId })])))
    throw new CallingError('unavailable', PEER_UNREACHABLE);
  return ids;
});

export const answer = defineHandler('call:answer', async (payload, { me, socket, calls, afterAck }) => {
  const route = await calls.relay.route(me.userId, socket.id, payload, payload.to);
  const { call } = route;
  const ids = { callId: call.id, bookingId: call.bookingId };
  const answer = call.relayOnly ? privateSdp(payload.answer) : payload.answer;
  if (!(await calls.relay.toPeer(route, [message('call:answer', { ...ids, answer, from: me.userId })])))
    throw new CallingError('unavailable', PEER_UNREACHABLE);
  // Between two seed clients the relayed answer is the connect time: recorded after the relay, off the hot path.
  if (connectsOnAnswer(call)) afterAck(async () => void (await calls.apply(call.id, { type: 'answer_relayed' })));
  return ids;
});

/**
 * Protocol 3: a ringing device's provisional answer, to the caller's device while it is connected (an
 * optimization: lost, the accept's answer still comes). Never a candidate: it must not reveal the device's
 * network before the tap.
 */
export const pranswer = defineHandler('call:pranswer', async (payload, { me, calls }) => {
  const found = await calls.resolve(me.userId, payload);
  const route = calls.relay.routeToRingingCaller(found.call, me.userId);
  const ids = { callId: route.call.id, bookingId: route.call.bookingId };
  // An early offer is protocol 3's, so the caller speaks it; away, it gets the accept's answer on resume.
  if (!route.peerSocketId) return ids;
  const bare = sdpWithoutCandidates(payload.answer);
  const answer = route.call.relayOnly ? privateSdp(bare) : bare;
  await calls.relay.toPeer(route, [message('call:pranswer', { ...ids, answer, from: me.userId })]);
  return ids;
});

export const iceCandidate = defineHandler('call:ice-candidate', async (payload, { me, socket, calls }) => {
  const route = await calls.relay.route(me.userId, socket.id, payload, payload.to);
  const ids = { callId: route.call.id, bookingId: route.call.bookingId };
  // In a relay-only call a host/srflx/prflx candidate would reveal the sender's address: it is dropped.
  const candidate = route.call.relayOnly ? privateCandidate(payload.candidate) : payload.candidate;
  if (candidate === 'drop') return ids;
  const relayed = message('call:ice-candidate', { ...ids, candidate, from: me.userId });
  if (!(await calls.relay.toPeer(route, [relayed]))) throw new CallingError('unavailable', PEER_UNREACHABLE);
  return ids;
});

/** Protocol 3: a batch of candidates; a peer on an older protocol gets them one event each. */
export const iceCandidates = defineHandler('call:ice-candidates', async (payload, ctx) => {
  const { me, socket, calls } = ctx;
  const found = await calls.resolve(me.userId, payload);
  if (found.call.state === 'ringing') {
    const event = { ...fromDevice(ctx), candidates: payload.candidates, done: payload.done };
    const call = await calls.apply(found.call.id, { type: 'early_candidates', ...event }, found);
    return { callId: call.id, bookingId: call.bookingId };
  }
  const route = calls.relay.routeFor(found.call, me.userId, socket.id, payload.to);
  const ids = { callId: route.call.id, bookingId: route.call.bookingId };
  const candidates = route.call.relayOnly ? privateCandidates(payload.candidates) : payload.candidates;
  const messages = candidateMessages(route.peerProtocol, {
    ...ids,
    from: me.userId,
    candidates,
    done: payload.done,
  });
  if (messages.length && !(await calls.relay.toPeer(route, messages)))
    throw new CallingError('unavailable', PEER_UNREACHABLE);
  return ids;
});
