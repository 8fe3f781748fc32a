import { z } from 'zod';
import { CallerType, CallStatus, ClientEndReason, EndReason, IceServer, Id, Name } from '../domain';
import { limits } from '../limits';
import { DeviceId } from './auth';

/** POST /api/calls/initiate: the seed's request and response. */
export const CallInitiateBody = z.object({ bookingId: Id, callerType: CallerType.optional() });
export type CallInitiateBody = z.infer<typeof CallInitiateBody>;
export const CallInfo = z.object({
  bookingId: Id,
  callerId: Id,
  callerName: Name,
  receiverId: Id,
  receiverName: Name,
  serviceName: z.string(),
});
export type CallInfo = z.infer<typeof CallInfo>;

/** Optional quality summary a client may attach to its call's log. */
export const CallQuality = z
  .object({
    rttMs: z.number().min(0).max(600_000).optional(),
    jitterMs: z.number().min(0).max(600_000).optional(),
    packetsLost: z.number().int().min(0).max(1e9).optional(),
    packetsReceived: z.number().int().min(0).max(1e9).optional(),
    mos: z.number().min(1).max(5).optional(),
    candidateType: z.enum(['host', 'srflx', 'prflx', 'relay']).optional(),
  })
  .strict();
export type CallQuality = z.infer<typeof CallQuality>;

const ms = z.number().min(0).max(600_000);
const percent = z.number().min(0).max(100);
const spreadOf = <T extends z.ZodNumber>(n: T) => z.object({ avg: n, p95: n, max: n }).strict();

/**
 * A party's own summary of its call's quality, from its client's samples (about one a second): the server keeps
 * one per party with the call and never lets it change the call's status or duration.
 */
export const QualitySummary = z
  .object({
    samples: z.number().int().min(0).max(1_000_000),
    rttMs: spreadOf(ms),
    jitterMs: spreadOf(ms),
    lossPercent: spreadOf(percent),
    mos: z.object({ min: z.number().min(0).max(5), avg: z.number().min(0).max(5) }).strict(),
    codec: z.string().max(64).nullable(),
    /** relay: this side's media went through TURN; direct: it did not. */
    path: z.enum(['relay', 'direct']).nullable(),
    relayProtocol: z.enum(['udp', 'tcp', 'tls']).nullable(),
    iceRestarts: z.number().int().min(0).max(1000),
    acceptToAudioMs: ms.nullable(),
    /** The peer's video as it arrived here, over the seconds it had frames (absent: none came). */
    video: z
      .object({
        seconds: z.number().int().min(0).max(1_000_000),
        framesPerSecond: z.object({ avg: z.number().min(0).max(240), min: z.number().min(0).max(240) }).strict(),
        frameHeight: z.object({ avg: z.number().min(0).max(8192), max: z.number().min(0).max(8192) }).strict(),
        bitrateKbps: z.object({ avg: z.number().min(0).max(1_000_000) }).strict(),
        lossPercent: z.object({ avg: percent, max: percent }).strict(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type QualitySummary = z.infer<typeof QualitySummary>;

/** POST /api/calls/log: the seed's body, plus optional callId, quality and the party's quality summary. */
export const CallLogBody = z.object({
  bookingId: Id,
  callId: Id.optional(),
  duration: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .optional(),
  callerType: CallerType.optional(),
  status: CallStatus.optional(),
  quality: CallQuality.optional(),
  summary: QualitySummary.optional(),
});
export type CallLogBody = z.infer<typeof CallLogBody>;

/** A call_logs row as its participants see it (the seed's fields first). */
export const CallLog = z.object({
  id: Id,
  booking_id: Id,
  caller_type: CallerType,
  caller_id: Id,
  receiver_id: Id,
  call_status: CallStatus.nullable(),
  duration: z.number().int(),
  end_reason: EndReason.nullable(),
  ended_by: Id.nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  /** When a receiver's device was first sent the ring (null: none was). */
  ringing_at: z.string().nullable(),
  answered_at: z.string().nullable(),
  connected_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  quality: CallQuality.nullable(),
  /** Each party's own quality summary, as its client reported it (null until it did). */
  caller_quality: QualitySummary.nullable(),
  receiver_quality: QualitySummary.nullable(),
  /** Whole seconds during which at least one camera was on (null: video was never used). */
  video_seconds: z.number().int().min(0).nullable(),
});
export type CallLog = z.infer<typeof CallLog>;

export const CallHistoryParams = z.object({ bookingId: Id });
export const CallHistoryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(limits.historyPageMax).default(20),
  before: z.iso.datetime({ offset: true }).optional(),
});
export type CallHistoryQuery = z.infer<typeof CallHistoryQuery>;
export const CallHistory = z.object({ calls: z.array(CallLog) });
export type CallHistory = z.infer<typeof CallHistory>;

export const IceServersResult = z.object({ iceServers: z.array(IceServer), ttlSeconds: z.number().int().nullable() });
export type IceServersResult = z.infer<typeof IceServersResult>;

/**
 * POST /api/calls/:callId/end: a hang-up over REST, for a device whose socket is down or a page that is
 * closing. `navigator.sendBeacon` cannot set headers, so the token may come in the body instead, and the body
 * may be sent as text/plain (no CORS preflight). `socketId`/`deviceId` name the device the call is bound to.
 */
export const CallEndParams = z.object({ callId: Id });
export const CallEndBody = z
  .object({
    reason: ClientEndReason.optional(),
    deviceId: DeviceId.optional(),
    socketId: z.string().min(1).max(64).optional(),
    token: z.string().min(1).max(4096).optional(),
  })
  .strict();
export type CallEndBody = z.infer<typeof CallEndBody>;
export const CallEndResult = z.object({ callId: Id, bookingId: Id, reason: EndReason, duration: z.number().int() });
export type CallEndResult = z.infer<typeof CallEndResult>;
