import type { CallingSocket } from '../../src/signaling/context';

// Compiled by `npm run typecheck`, never run. Each @ts-expect-error fails the typecheck if the mistake under it
// ever stops being a type error: what the server sends is checked against the protocol's event map, and what
// it receives is `unknown` until the event's schema parsed it.
declare const socket: CallingSocket;

export function mistakesTheEventMapsCatch() {
  // @ts-expect-error a call id is a string
  socket.emit('call:ended', { callId: 7, reason: 'hangup' });
  // @ts-expect-error the server has no such event
  socket.emit('call:ringing-elsewhere', { callId: 'c' });
  socket.on('call:initiate', (payload) => {
    // @ts-expect-error a client's payload is not trusted before it is parsed
    void payload.bookingId;
  });
}
