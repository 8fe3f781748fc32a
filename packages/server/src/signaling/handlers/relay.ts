import { CallingError } from '@calling/protocol';
import { connectsOnAnswer } from '../../calls/engine/call';
import { privateCandidate, privateSdp } from '../../calls/relay-privacy';
import { defineHandler } from '../define-handler';

/**
 * Offer, answer and ICE candidates go only between the two bound sockets of a live call, on whichever nodes
 * they are; to a peer whose socket is away they wait in its mailbox for the socket that resumes. This path
 * never touches the database: the route is one read of the shared live-call store.
 */
const PEER_UNREACHABLE = 'the peer is away and has too much waiting for it; try again after it reconnects';

export const offer = defineHandler('call:offer', async (payload, { me, socket, calls }) => {
  const route = await calls.relay.route(me.userId, socket.id, payload, payload.to);
  const ids = { callId: route.call.id, bookingId: route.call.bookingId };
  const offer = route.call.relayOnly ? privateSdp(payload.offer) : payload.offer;
  if (!(await calls.relay.toPeer(route, 'call:offer', { ...ids, offer, from: me.userId })))
    throw new CallingError('unavailable', PEER_UNREACHABLE);
  return ids;
});

export const answer = defineHandler('call:answer', async (payload, { me, socket, calls, afterAck }) => {
  const route = await calls.relay.route(me.userId, socket.id, payload, payload.to);
  const { call } = route;
  const ids = { callId: call.id, bookingId: call.bookingId };
  const answer = call.relayOnly ? privateSdp(payload.answer) : payload.answer;
  if (!(await calls.relay.toPeer(route, 'call:answer', { ...ids, answer, from: me.userId })))
    throw new CallingError('unavailable', PEER_UNREACHABLE);
  // Between two seed clients the relayed answer is the connect time: recorded after the relay, off the hot path.
  if (connectsOnAnswer(call)) afterAck(async () => void (await calls.apply(call.id, { type: 'answer_relayed' })));
  return ids;
});

export const iceCandidate = defineHandler('call:ice-candidate', async (payload, { me, socket, calls }) => {
  const route = await calls.relay.route(me.userId, socket.id, payload, payload.to);
  const ids = { callId: route.call.id, bookingId: route.call.bookingId };
  // In a relay-only call a host/srflx/prflx candidate would reveal the sender's address: it is dropped.
  const candidate = route.call.relayOnly ? privateCandidate(payload.candidate) : payload.candidate;
  if (candidate === 'drop') return ids;
  if (!(await calls.relay.toPeer(route, 'call:ice-candidate', { ...ids, candidate, from: me.userId })))
    throw new CallingError('unavailable', PEER_UNREACHABLE);
  return ids;
});
