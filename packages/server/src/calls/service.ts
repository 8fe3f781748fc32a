import { randomUUID } from 'node:crypto';
import { CallingError, type InitiatePayload, type InitiateResult, type Role } from '@calling/protocol';
import type { Logger } from '../ops/logger';
import type { Metrics } from '../ops/metrics';
import type { BookingsRepo } from '../store/bookings';
import type { CallLogsRepo } from '../store/call-logs';
import type { UsersRepo } from '../store/users';
import { Deadlines } from './deadlines';
import { admitCaller, busyReason } from './engine/admission';
import { boundSocketOf, type Call, peerOf, roleOf, statusOf } from './engine/call';
import type { CallEvent } from './engine/events';
import { type Notification, notify } from './engine/notifications';
import { nextDeadline, type Timing, transition } from './engine/transitions';
import { type IceConfig, iceServersFor, turnConfigured } from './ice-servers';
import { LiveCalls } from './live-calls';
import { SerialQueue } from './serial';

export interface Caller {
  userId: string;
  role: Role;
  socketId: string;
  legacy: boolean;
}
export interface CallServiceDeps {
  calls: CallLogsRepo;
  bookings: BookingsRepo;
  users: UsersRepo;
  send(n: Notification): void;
  isOnline(userId: string): boolean;
  timing: Timing;
  ice: IceConfig;
  relayPolicy: 'always' | 'never' | 'per-user';
  logger: Logger;
  metrics: Metrics;
  now?: () => number;
}
/** How a client event names its call: the seed's bookingId alone, or a callId too. */
export interface CallRef {
  callId?: string | undefined;
  bookingId?: string | undefined;
}

/** Runs the pure engine against live state: persists first, then tells the parties, then re-arms deadlines. */
export class CallService {
  readonly live = new LiveCalls();
  private readonly queue = new SerialQueue();
  private readonly deadlines = new Deadlines((id) => {
    this.apply(id, { type: 'deadline' }).catch((err) => this.failed(id, 'deadline', err));
  });
  private readonly now: () => number;
  private stopping = false;

  constructor(private readonly deps: CallServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Loads calls that were live when the server last stopped; their sockets are gone, so parties are away. */
  async start(): Promise<void> {
    const now = this.now();
    for (const stored of await this.deps.calls.live()) {
      let call = stored;
      if (call.state !== 'ringing') {
        call = {
          ...call,
          awayUserIds: [call.callerId, call.receiverId],
          graceDeadline: call.graceDeadline ?? now + this.deps.timing.reconnectGraceMs,
        };
        await this.deps.calls.updateLive(call);
      }
      this.live.put(call);
      this.deadlines.set(call.id, nextDeadline(call), now);
      this.deps.logger.info({ callId: call.id, state: call.state }, 'call restored after restart');
    }
  }

  /**
   * Stops taking events: sockets closing during shutdown are not "lost" (every party counts as away after the
   * next start anyway), and deadlines are left to the database for the next start.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.deadlines.clearAll();
    await this.queue.drain();
    this.deadlines.clearAll();
  }

  iceServers(userId: string) {
    return iceServersFor(this.deps.ice, userId, this.now());
  }

  /** `call:initiate`: admission, the ringing row, `call:incoming` to every device of the receiver. */
  initiate(from: Caller, payload: InitiatePayload): Promise<InitiateResult & { calleeOffline: boolean }> {
    return this.queue.run(async () => {
      const booking = await this.deps.bookings.byId(payload.bookingId);
      const admission = admitCaller(
        booking && { id: booking.id, userId: booking.user_id, providerId: booking.provider_id, status: booking.status },
        {
          requesterId: from.userId,
          requesterRole: from.role,
          claimedCallerId: payload.callerId,
          claimedReceiverId: payload.receiverId,
          claimedCallerType: payload.callerType,
        },
      );
      if (!admission.ok) throw new CallingError(admission.code, admission.message);
      if (!booking) throw new CallingError('not_found', 'no such booking');
      const busy = busyReason({
        booking: this.live.ofBooking(booking.id) !== null,
        caller: this.live.ofUser(from.userId) !== null,
        receiver: this.live.ofUser(admission.receiverId) !== null,
      });
      if (busy) throw new CallingError('busy', busy);

      const [caller, receiver] = await Promise.all([
        this.deps.users.byId(from.userId),
        this.deps.users.byId(admission.receiverId),
      ]);
      if (!caller || !receiver) throw new CallingError('not_found', 'account not found');
      const policy = this.deps.relayPolicy;
      const relayOnly = policy === 'always' || (policy === 'per-user' && (caller.relay_only || receiver.relay_only));
      if (relayOnly && !turnConfigured(this.deps.ice)) {
        throw new CallingError('relay_unavailable', 'this call must be relayed, but no TURN server is configured');
      }

      const now = this.now();
      const call: Call = {
        id: randomUUID(),
        bookingId: booking.id,
        serviceName: booking.service_name,
        callerId: caller.id,
        callerName: caller.name,
        callerType: admission.callerType,
        receiverId: receiver.id,
        receiverName: receiver.name,
        state: 'ringing',
        relayOnly,
        callerLegacy: from.legacy,
        receiverLegacy: false,
        callerSocketId: from.socketId,
        receiverSocketId: null,
        awayUserIds: [],
        ringDeadline: now + this.deps.timing.ringTimeoutMs,
        graceDeadline: null,
        createdAt: now,
        answeredAt: null,
        answerRelayedAt: null,
        connectedAt: null,
        endedAt: null,
        endReason: null,
        endedBy: null,
      };
      try {
        await this.deps.calls.insertRinging(call);
      } catch (err) {
        // The partial unique index: another node (or a race) already rings on this booking.
        if ((err as { code?: string }).code === '23505')
          throw new CallingError('busy', 'this booking already has a live call');
        throw err;
      }
      this.live.put(call);
      this.deadlines.set(call.id, call.ringDeadline, now);
      this.deps.logger.info(
        { callId: call.id, bookingId: call.bookingId, callerType: call.callerType, to: 'ringing', relayOnly },
        'call transition',
      );
      const calleeOffline = !this.deps.isOnline(receiver.id);
      if (!calleeOffline) this.deps.send(this.incomingFor(call, { userId: receiver.id }));
      return {
        callId: call.id,
        bookingId: call.bookingId,
        receiverId: receiver.id,
        receiverName: receiver.name,
        serviceName: call.serviceName,
        expiresAt: new Date(call.ringDeadline ?? now).toISOString(),
        iceServers: this.iceServers(caller.id).iceServers,
        relayOnly,
        calleeOffline,
      };
    });
  }

  /** `call:incoming`, also re-sent to a receiver's device that connects while the call still rings. */
  incomingFor(call: Call, to: Notification['to']): Notification {
    return notify(to, 'call:incoming', {
      callId: call.id,
      bookingId: call.bookingId,
      callerId: call.callerId,
      callerName: call.callerName,
      callerType: call.callerType,
      serviceName: call.serviceName,
      expiresAt: new Date(call.ringDeadline ?? this.now()).toISOString(),
      iceServers: this.iceServers(call.receiverId).iceServers,
      relayOnly: call.relayOnly,
    });
  }

  /** Finds the live call a user's event refers to, or throws the error the client should see. */
  resolve(userId: string, ref: CallRef): Call {
    const call = ref.callId ? this.live.get(ref.callId) : ref.bookingId ? this.live.ofBooking(ref.bookingId) : null;
    if (!call || (ref.bookingId && ref.callId && call.bookingId !== ref.bookingId)) {
      throw new CallingError('no_live_call', 'no live call matches this callId/bookingId');
    }
    if (!roleOf(call, userId)) throw new CallingError('forbidden', 'not a participant of this call');
    return call;
  }

  /** Offer/answer/ICE: memory only, no database. Returns the peer's bound socket (null while it is away). */
  relayRoute(userId: string, socketId: string, ref: CallRef, to: string | undefined) {
    const call = this.resolve(userId, ref);
    if (call.state === 'ringing') throw new CallingError('no_live_call', 'the call has not been answered yet');
    if (boundSocketOf(call, userId) !== socketId) {
      throw new CallingError('forbidden', 'this device is not the one in the call');
    }
    const peerId = peerOf(call, userId);
    if (to !== undefined && to !== peerId) throw new CallingError('forbidden', '`to` is not your peer in this call');
    return { call, peerId, peerSocketId: boundSocketOf(call, peerId) };
  }

  /** Applies one event to one call, serialized with every other transition. */
  apply(callId: string, event: CallEvent): Promise<Call> {
    return this.queue.run(async () => {
      if (this.stopping) throw new CallingError('internal', 'the server is shutting down');
      const call = this.live.get(callId);
      if (!call) throw new CallingError('no_live_call', 'the call has already ended');
      const now = this.now();
      const result = transition(call, event, now, this.deps.timing);
      if (!result.ok) throw new CallingError(result.code, result.message);
      if (!result.changed) return call;
      const after = result.call;
      const written =
        after.state === 'ended' ? await this.deps.calls.finish(after) : await this.deps.calls.updateLive(after);
      if (!written) {
        // Another node finished it first: drop our copy, tell nobody twice.
        this.live.put({ ...after, state: 'ended' });
        this.deadlines.clear(callId);
        throw new CallingError('no_live_call', 'the call has already ended');
      }
      this.live.put(after);
      this.deadlines.set(callId, nextDeadline(after), now);
      this.observe(call, after, event);
      for (const n of result.notifications) this.deps.send(n);
      return after;
    });
  }

  /** The booking stopped being callable (cancelled, completed): its live call ends as not_permitted. */
  async bookingClosed(bookingId: string, byUserId: string): Promise<void> {
    const call = this.live.ofBooking(bookingId);
    if (call) await this.apply(call.id, { type: 'revoke', userId: byUserId });
  }

  /** A socket went away: if it was bound to a call, the call enters its reconnect grace period. */
  async socketLost(userId: string, socketId: string): Promise<void> {
    if (this.stopping) return;
    const call = this.live.ofUser(userId);
    if (call && boundSocketOf(call, userId) === socketId) await this.apply(call.id, { type: 'socket_lost', socketId });
  }

  private observe(before: Call, after: Call, event: CallEvent) {
    const { metrics, logger } = this.deps;
    if (before.answeredAt === null && after.answeredAt !== null) {
      metrics.ringToAnswer.observe((after.answeredAt - after.createdAt) / 1000);
    }
    if (before.connectedAt === null && after.connectedAt !== null && after.answeredAt !== null) {
      metrics.answerToConnected.observe((after.connectedAt - after.answeredAt) / 1000);
    }
    const ended = after.state === 'ended';
    if (ended) metrics.callsEnded.inc({ reason: after.endReason ?? 'unknown_error', status: statusOf(after) });
    if (before.state !== after.state || ended || event.type === 'socket_lost' || event.type === 'resume') {
      logger.info(
        {
          callId: after.id,
          bookingId: after.bookingId,
          event: event.type,
          from: before.state,
          to: after.state,
          ...(ended ? { reason: after.endReason, status: statusOf(after), endedBy: after.endedBy } : {}),
          away: after.awayUserIds.length || undefined,
        },
        'call transition',
      );
    }
  }

  private failed(callId: string, what: string, err: unknown) {
    if (err instanceof CallingError) return;
    this.deps.logger.error({ callId, what, err: (err as Error).message }, 'call transition failed');
  }
}
