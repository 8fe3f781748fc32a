import { z } from 'zod';
import { CallState, IceServer, Id, Name } from '../domain';
import type { ErrorBody } from '../errors';

export type AckError = { ok: false; error: ErrorBody };
export type AckOk<T extends object = object> = { ok: true } & T;
export type Ack<T extends object = object> = AckOk<T> | AckError;
export type AckCallback<T extends object = object> = (ack: Ack<T>) => void;

/** What the caller learns when a call starts ringing. */
export const InitiateResult = z.object({
  callId: Id,
  bookingId: Id,
  receiverId: Id,
  receiverName: Name,
  serviceName: z.string(),
  expiresAt: z.string(),
  iceServers: z.array(IceServer),
  relayOnly: z.boolean(),
  /**
   * Set when the initiate answered the other party's ringing call instead (glare, `onGlare: 'answer'`):
   * `callId` is theirs, this device is its receiver (`receiverId` is the requester), and the offer comes next.
   */
  answered: z.object({ callerId: Id, callerName: Name }).optional(),
});
export type InitiateResult = z.infer<typeof InitiateResult>;

export const AcceptResult = z.object({
  callId: Id,
  bookingId: Id,
  callerId: Id,
  callerName: Name,
  iceServers: z.array(IceServer),
  relayOnly: z.boolean(),
});
export type AcceptResult = z.infer<typeof AcceptResult>;

/** `call:resume` tells the returning device where the call stands. */
export const ResumeResult = z.object({
  callId: Id,
  bookingId: Id,
  state: CallState,
  peerId: Id,
  role: z.enum(['caller', 'receiver']),
});
export type ResumeResult = z.infer<typeof ResumeResult>;

export type CallRefResult = { callId: string; bookingId: string };

/** The ack each client event answers with, when it succeeds. */
export interface ClientAckResults {
  join: { userId: string };
  'call:initiate': InitiateResult;
  'call:accept': AcceptResult;
  'call:pranswer': CallRefResult;
  'call:reject': CallRefResult;
  'call:offer': CallRefResult;
  'call:answer': CallRefResult;
  'call:ice-candidate': CallRefResult;
  'call:ice-candidates': CallRefResult;
  'call:end': CallRefResult;
  'call:connected': CallRefResult;
  'call:media': CallRefResult;
  'call:quality': CallRefResult;
  'call:video': CallRefResult;
  'call:resume': ResumeResult;
}
