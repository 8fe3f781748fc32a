import type { ClientToServerEvents, ServerToClientEvents } from '@calling/protocol';
import type { Socket } from 'socket.io-client';
import type { Signaling } from '../../src/signaling';

// Compiled by `npm run typecheck`, never run. Each @ts-expect-error fails the typecheck if the mistake under it
// ever stops being a type error, so the event maps keep checking what a client sends and receives.
declare const socket: Socket<ServerToClientEvents, ClientToServerEvents>;
declare const signaling: Signaling;

export function mistakesTheEventMapsCatch() {
  // @ts-expect-error a booking id is a string
  socket.emit('call:initiate', { bookingId: 42 }, () => {});
  // @ts-expect-error no such event
  socket.emit('call:dial', { bookingId: 'b' }, () => {});
  // @ts-expect-error an offer carries a session description, not a string
  socket.emit('offer', { bookingId: 'b', callId: 'c', offer: 'v=0' }, () => {});
  // @ts-expect-error every call event names its booking
  void signaling.request('call:accept', { callId: 'c' });
  // @ts-expect-error candidates are sent with their booking
  signaling.send('ice-candidate', { candidate: null });
  // @ts-expect-error a hang-up's reason is one of the protocol's end reasons
  void signaling.request('call:end', { bookingId: 'b', callId: 'c', reason: 'bored' });
  socket.on('call:incoming', (incoming) => {
    // @ts-expect-error an incoming call never carries a phone number
    void incoming.callerPhone;
  });
}

export function whatTheyLetThrough() {
  socket.emit('call:initiate', { bookingId: 'b' }, (ack) => {
    if (ack.ok) void ack.callId;
  });
  void signaling.request('call:end', { bookingId: 'b', callId: 'c', reason: 'completed' });
  socket.on('call:incoming', (incoming) => void incoming.callId);
}
