import type { Call } from '../../src/calls/engine/call';
import { transition } from '../../src/calls/engine/transitions';
import { NO_VIDEO } from '../../src/calls/engine/video';

/** A call between alice (caller, socket sA) and bob (receiver, socket sB), and the steps the engine tests share. */
export const timing = { ringTimeoutMs: 45_000, reconnectGraceMs: 20_000, setupTimeoutMs: 30_000 };
export const T0 = 1_000_000;
export const ringing = (over: Partial<Call> = {}): Call => ({
  id: 'call-1',
  bookingId: 'booking-1',
  serviceName: 'Plumbing',
  callerId: 'alice',
  callerName: 'Alice',
  callerType: 'user',
  receiverId: 'bob',
  receiverName: 'Bob',
  state: 'ringing',
  relayOnly: false,
  callerProtocol: 2,
  receiverProtocol: 2,
  earlyOffer: null,
  ringsByPush: false,
  callerSocketId: 'sA',
  receiverSocketId: null,
  callerDeviceId: null,
  receiverDeviceId: null,
  awayUserIds: [],
  ringDeadline: T0 + 45_000,
  setupDeadline: null,
  graceDeadline: null,
  lostAt: null,
  silentSince: null,
  createdAt: T0,
  ringingAt: T0,
  answeredAt: null,
  answerRelayedAt: null,
  connectedAt: null,
  endedAt: null,
  endReason: null,
  endedBy: null,
  video: NO_VIDEO,
  ...over,
});
export function step(call: Call, event: Parameters<typeof transition>[1], at: number) {
  const r = transition(call, event, at, timing);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r;
}
export const connected = () => {
  const accepted = step(
    ringing(),
    { type: 'accept', userId: 'bob', socketId: 'sB', deviceId: null, protocol: 2 },
    T0 + 3000,
  ).call;
  return step(accepted, { type: 'media_connected', userId: 'alice', socketId: 'sA', deviceId: null }, T0 + 3500).call;
};
