import type { TestSocket } from './sockets';

export const OFFER = { type: 'offer' as const, sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' };
export const ANSWER = { type: 'answer' as const, sdp: 'v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' };
export const CANDIDATE = {
  candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0',
  sdpMid: '0',
  sdpMLineIndex: 0,
};

export function expectOk<T extends object>(ack: { ok: boolean } & object): asserts ack is { ok: true } & T {
  if (!ack.ok) throw new Error(`expected ok ack, got ${JSON.stringify(ack)}`);
}

/** Caller rings; receiver sees call:incoming. Returns the callId. */
export async function ring(caller: TestSocket, receiver: TestSocket, bookingId: string) {
  const ack = await caller.emit<{ callId: string }>('call:initiate', { bookingId });
  expectOk<{ callId: string }>(ack);
  const incoming = await receiver.next<{ callId: string }>('call:incoming');
  if (incoming.callId !== ack.callId) throw new Error('incoming callId mismatch');
  return ack.callId;
}

/** Ring, accept, offer/answer, media connected: a call in the 'connected' state. */
export async function connectCall(caller: TestSocket, receiver: TestSocket, bookingId: string) {
  const callId = await ring(caller, receiver, bookingId);
  expectOk(await receiver.emit('call:accept', { callId, bookingId }));
  await caller.next('call:accepted');
  expectOk(await caller.emit('call:offer', { callId, bookingId, offer: OFFER }));
  await receiver.next('call:offer');
  expectOk(await receiver.emit('call:answer', { callId, bookingId, answer: ANSWER }));
  await caller.next('call:answer');
  expectOk(await caller.emit('call:connected', { callId, bookingId }));
  return callId;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
