import { connectsOnAnswer } from '../../calls/engine/call';
import { privateCandidate, privateSdp } from '../../calls/relay-privacy';
import { defineHandler } from '../define-handler';

/**
 * Offer, answer and ICE candidates go only between the two bound sockets of a live call, on whichever nodes
 * they are. This path never touches the database: the route is one read of the shared live-call store.
 */
export const offer = defineHandler('call:offer', async (payload, { me, socket, calls, send }) => {
  const { call, peerSocketId } = await calls.relayRoute(me.userId, socket.id, payload, payload.to);
  const ids = { callId: call.id, bookingId: call.bookingId };
  const offer = call.relayOnly ? privateSdp(payload.offer) : payload.offer;
  if (peerSocketId)
    send({ to: { socketId: peerSocketId }, event: 'call:offer', payload: { ...ids, offer, from: me.userId } });
  return ids;
});

export const answer = defineHandler('call:answer', async (payload, { me, socket, calls, send, afterAck }) => {
  const { call, peerSocketId } = await calls.relayRoute(me.userId, socket.id, payload, payload.to);
  const ids = { callId: call.id, bookingId: call.bookingId };
  const answer = call.relayOnly ? privateSdp(payload.answer) : payload.answer;
  if (peerSocketId)
    send({ to: { socketId: peerSocketId }, event: 'call:answer', payload: { ...ids, answer, from: me.userId } });
  // Between two seed clients the relayed answer is the connect time: recorded after the relay, off the hot path.
  if (connectsOnAnswer(call)) afterAck(async () => void (await calls.apply(call.id, { type: 'answer_relayed' })));
  return ids;
});

export const iceCandidate = defineHandler('call:ice-candidate', async (payload, { me, socket, calls, send }) => {
  const { call, peerSocketId } = await calls.relayRoute(me.userId, socket.id, payload, payload.to);
  const ids = { callId: call.id, bookingId: call.bookingId };
  // In a relay-only call a host/srflx/prflx candidate would reveal the sender's address: it is dropped.
  const candidate = call.relayOnly ? privateCandidate(payload.candidate) : payload.candidate;
  if (peerSocketId && candidate !== 'drop') {
    send({
      to: { socketId: peerSocketId },
      event: 'call:ice-candidate',
      payload: { ...ids, candidate, from: me.userId },
    });
  }
  return ids;
});
