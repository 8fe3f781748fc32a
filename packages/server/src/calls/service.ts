import { randomUUID } from 'node:crypto';
import { CallingError, type InitiatePayload, type InitiateResult, type Role } from '@calling/protocol';
import type { Logger } from '../ops/logger';
import type { Metrics } from '../ops/metrics';
import type { Presence } from '../presence/presence';
import type { PushRinger } from '../push/ringer';
import type { BookingsRepo } from '../store/bookings';
import type { CallLogsRepo } from '../store/call-logs';
import { admitCaller, busyReason } from './engine/admission';
import { boundSocketOf, type Call, durationOf, isGlare, isRetryOf, statusOf } from './engine/call';
import { createCall, type RelayPolicy } from './engine/create';
import { earlyOfferMessages } from './engine/early-offer';
import type { CallEvent } from './engine/events';
import { addressed, type Notification } from './engine/notifications';
import { ringPushes, ringVia } from './engine/push-ring';
import { nextDeadline, type Timing, transition } from './engine/transitions';
import { type IceConfig, iceServersFor, turnConfigured } from './ice-servers';
import { KeyedSerial } from './keyed-serial';
import { MAILBOX_SLACK_MS, MemoryMailbox, type RelayMailbox } from './live/mailbox';
import type { LiveCallStore, Versioned } from './live/store';
import { observeTransition } from './observe';
import { CallRelay } from './relay';
import { type CallRef, resolveCall } from './resolve-call';
import { incomingNotification, receiverReach, ringOnConnectMessages } from './ringing';

export type { CallRef } from './resolve-call';

export interface Caller {
  userId: string;
  role: Role;
  socketId: string;
  deviceId: string | null;
  protocol: number;
}
export interface CallServiceDeps {
  live: LiveCallStore;
  /** Relayed messages for a party whose socket is away; in memory by default (one node). */
  mailbox?: RelayMailbox;
  presence: Presence;
  /** Wakes a receiver's devices that have no live socket; none: such a receiver is callee_offline. */
  push?: PushRinger | null;
  callLogs: CallLogsRepo;
  bookings: BookingsRepo;
  send(n: Notification): void;
  timing: Timing;
  ice: IceConfig;
  relayPolicy: RelayPolicy;
  logger: Logger;
  metrics: Metrics;
  /** A deadline was set: the sweeper may look at it on time rather than at its next round. */
  onDeadline?(at: number): void;
  now?: () => number;
}
/** The initiate's ack, whether nobody is there to ring, and what the requester gets right after the ack. */
export type InitiateOutcome = InitiateResult & { calleeOffline: boolean; afterAck?: Notification[] };

/** A CAS that loses this many times in a row means the call is being hammered: give up with a clear error. */
const MAX_ATTEMPTS = 8;

/**
 * Runs the pure engine against the shared live-call store: each transition is a compare-and-set on the call,
 * then the parties are told and the call log is brought up to date (an end is logged before it is told).
 */
export class CallService {
  /** Offers, answers and candidates between the two bound devices (or into an away peer's mailbox). */
  readonly relay: CallRelay;
  private readonly serial = new KeyedSerial();
  private readonly now: () => number;
  private stopping = false;

  constructor(private readonly deps: CallServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.relay = new CallRelay({
      live: deps.live,
      mailbox: deps.mailbox ?? new MemoryMailbox(deps.timing.reconnectGraceMs + MAILBOX_SLACK_MS, this.now),
      send: deps.send,
    });
  }

  /** Stops taking events; what is in flight finishes. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.serial.drain();
  }

  iceServers(userId: string) {
    return iceServersFor(this.deps.ice, userId, this.now());
  }

  /** A refresh of ICE servers (GET /api/calls/ice-servers): TURN credentials open a relay, so only in a call. */
  async iceServersInCall(userId: string) {
    const inCall = (await this.deps.live.ofUser(userId)) !== null;
    return iceServersFor(inCall ? this.deps.ice : { ...this.deps.ice, turnUrls: [] }, userId, this.now());
  }

  /** `call:initiate`: the engine makes the call, the store claims its slots, the log gets its row, it rings. */
  async initiate(from: Caller, payload: InitiatePayload): Promise<InitiateOutcome> {
    this.refuseWhileStopping();
    const { live, callLogs, timing } = this.deps;
    const now = this.now();
    const created = createCall(
      {
        callId: randomUUID(),
        booking: await this.deps.bookings.byId(payload.bookingId),
        request: {
          requesterId: from.userId,
          requesterRole: from.role,
          claimedCallerId: payload.callerId,
          claimedReceiverId: payload.receiverId,
          claimedCallerType: payload.callerType,
        },
        callerSocketId: from.socketId,
        callerDeviceId: from.deviceId,
        callerProtocol: from.protocol,
        relayPolicy: this.deps.relayPolicy,
        turnAvailable: turnConfigured(this.deps.ice),
      },
      now,
      timing,
    );
    if (!created.ok) throw new CallingError(created.code, created.message);
    const reach = await receiverReach(this.deps, created.call.receiverId);
    const call = ringVia(created.call, reach, this.now());
    const claim = await live.create(call, nextDeadline(call));
    if (!claim.ok) {
      // The booking's live call may be this device's own (a retry) or the other party's to this person (glare).
      const found = await live.ofBooking(call.bookingId);
      if (found && isRetryOf(found.call, call)) return this.initiateResult(found.call, false);
      const glare = found && payload.onGlare === 'answer' ? await this.answerGlare(from, call, found) : null;
      if (glare) return glare;
      throw new CallingError('busy', busyReason(claim.taken));
    }
    let logged: boolean;
    try {
      logged = await callLogs.insertRinging(call);
    } catch (err) {
      await live.discard(call).catch(() => {});
      throw err;
    }
    if (!logged) {
      await live.discard(call).catch(() => {});
      // Closed since it was read (a cancel raced this call), or its previous call's end is still being written.
      const again = admitCaller(await this.deps.bookings.byId(call.bookingId), {
        requesterId: call.callerId,
        requesterRole: call.callerType,
      });
      if (!again.ok) throw new CallingError(again.code, again.message);
      throw new CallingError('busy', 'this booking already has a live call');
    }
    this.armed(call);
    this.deps.logger.info(
      {
        callId: call.id,
        bookingId: call.bookingId,
        callerType: call.callerType,
        to: 'ringing',
        relayOnly: call.relayOnly,
      },
      'call transition',
    );
    if (reach === 'sockets') this.deps.send(this.incomingFor(call, { userId: call.receiverId }));
    this.pushRings(null, call);
    return this.initiateResult(call, reach === 'none');
  }

  /** The pushes a transition owes the receiver's devices, sent off the path of the call's own messages. */
  private pushRings(before: Call | null, after: Call) {
    const { push } = this.deps;
    if (push) for (const ring of ringPushes(before, after, this.now())) void push.deliver(ring);
  }

  /**
   * The initiate's ack for a call, to its caller (or, for glare, to the receiver answering by dialing: its
   * ICE servers). Also for the same device dialing again while its call is set up (its first ack was lost):
   * it resumes the call next, which binds its new socket and hands it what it missed.
   */
  private initiateResult(call: Call, calleeOffline: boolean, forUserId = call.callerId): InitiateOutcome {
    return {
      callId: call.id,
      bookingId: call.bookingId,
      receiverId: call.receiverId,
      receiverName: call.receiverName,
      serviceName: call.serviceName,
      expiresAt: new Date(call.ringDeadline ?? this.now()).toISOString(),
      iceServers: this.iceServers(forUserId).iceServers,
      relayOnly: call.relayOnly,
      calleeOffline,
    };
  }

  /**
   * Glare: the other party is calling the requester on this booking at this moment. Both want to talk, so the
   * requester's initiate answers that call (as its receiver, from this device) rather than fail as busy. Null
   * when the booking's live call is anything else (then busy stands).
   */
  private async answerGlare(from: Caller, wanted: Call, found: Versioned) {
    if (!isGlare(found.call, wanted)) return null;
    // Answered or ended meanwhile (the accept is refused): then busy stands.
    const accepted = await this.apply(
      found.call.id,
      {
        type: 'accept',
        userId: from.userId,
        socketId: from.socketId,
        deviceId: from.deviceId,
        protocol: from.protocol,
      },
      found,
    ).catch(() => null);
    if (!accepted) return null;
    // The offer that rang with that call follows the ack, as it does for any accept without an answer.
    const early = accepted.earlyOffer;
    const afterAck = early
      ? addressed({ socketId: from.socketId }, earlyOfferMessages(accepted, early, from.protocol))
      : [];
    // This device is the answered call's receiver: its ICE servers, and no ring left to expire.
    return {
      ...this.initiateResult(accepted, false, from.userId),
      afterAck,
      expiresAt: new Date(this.now()).toISOString(),
      answered: { callerId: accepted.callerId, callerName: accepted.callerName },
    };
  }

  /** `call:incoming`, also re-sent to a receiver's device that connects while the call still rings. */
  incomingFor(call: Call, to: Notification['to']): Notification {
    return incomingNotification(call, to, this.iceServers(call.receiverId).iceServers, this.now());
  }

  /**
   * A device that connects while a call rings for its user rings too; a protocol-3 one gets the early offer.
   * The first device to ring a call that rang nowhere yet (woken by push, or back) marks when it rang.
   */
  ringOnConnect(call: Call, socketId: string, protocol: number): Notification[] {
    if (call.ringingAt === null) {
      this.apply(call.id, { type: 'rang' }).catch((err) =>
        this.deps.logger.warn({ callId: call.id, err: (err as Error).message }, 'ringing time not kept'),
      );
    }
    return ringOnConnectMessages(call, socketId, protocol, this.iceServers(call.receiverId).iceServers, this.now());
  }

  /** The live call a participant's event names (one read of the store), or a typed refusal. */
  resolve(userId: string, ref: CallRef): Promise<Versioned> {
    return resolveCall(this.deps.live, userId, ref);
  }

  /** Live calls by state, across the cluster when the store is shared (for metrics). */
  liveCallsByState(): Promise<Record<string, number>> {
    return this.deps.live.countByState().catch(() => ({}));
  }

  /** The call a device that just connected should ring for, if any. */
  async ringingFor(userId: string): Promise<Call | null> {
    const found = await this.deps.live.ofUser(userId);
    return found && found.call.state === 'ringing' && found.call.receiverId === userId ? found.call : null;
  }

  /** A participant's event on the call it names: resolved, applied, and the call as it is afterwards. */
  async act(userId: string, ref: CallRef, event: CallEvent): Promise<Call> {
    const found = await resolveCall(this.deps.live, userId, ref);
    return this.apply(found.call.id, event, found);
  }

  /** Applies one event to one call: serialized per call on this node, a compare-and-set across nodes. */
  apply(callId: string, event: CallEvent, known?: Versioned): Promise<Call> {
    return this.serial.run(callId, async () => {
      this.refuseWhileStopping();
      let current = known ?? null;
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        if (attempt > 0 || !current) current = await this.deps.live.get(callId);
        if (!current) throw new CallingError('no_live_call', 'the call has already ended');
        const now = this.now();
        const result = transition(current.call, event, now, this.deps.timing);
        if (!result.ok) throw new CallingError(result.code, result.message);
        if (!result.changed) return current.call;
        const after = result.call;
        if (!(await this.deps.live.commit(after, current.version, nextDeadline(after)))) continue;
        this.armed(after);
        observeTransition(this.deps, current.call, after, event);
        // A party told that its call ended finds it so in its history: the end is logged first. Progress
        // (answered, connected) is logged after the parties are told, off the path to audio.
        if (after.state === 'ended') await this.recordInLog(current.call, after);
        for (const n of result.notifications) this.deps.send(n);
        this.pushRings(current.call, after);
        if (after.state !== 'ended') await this.recordInLog(current.call, after);
        return after;
      }
      throw new CallingError('unavailable', 'the call kept changing; try again');
    });
  }

  /** The booking stopped being callable: its live call ends not_permitted (by this person, or by the host). */
  async bookingClosed(bookingId: string, byUserId: string | null): Promise<void> {
    const found = await this.deps.live.ofBooking(bookingId);
    if (found) await this.apply(found.call.id, { type: 'revoke', userId: byUserId }, found);
  }

  /** A socket went away: if it was bound to a call, the call enters its reconnect grace period. */
  async socketLost(userId: string, socketId: string): Promise<void> {
    const found = await this.deps.live.ofUser(userId);
    if (found && boundSocketOf(found.call, userId) === socketId) {
      await this.apply(found.call.id, { type: 'socket_lost', socketId }, found);
    }
  }

  /** Writes the log row of an ended call whose first write failed. Idempotent: an ended row is kept. */
  async writeFinished(call: Call): Promise<void> {
    await this.deps.callLogs.finish({ call, status: statusOf(call), duration: durationOf(call) });
    await this.deps.live.finishWritten(call.id);
  }

  /** The log follows the live call: rang, answered and connected as they happen, the row's end exactly once. */
  private async recordInLog(before: Call, after: Call) {
    try {
      if (after.state === 'ended') await this.writeFinished(after);
      else if (
        before.ringingAt !== after.ringingAt ||
        before.answeredAt !== after.answeredAt ||
        before.connectedAt !== after.connectedAt
      ) {
        await this.deps.callLogs.recordProgress(after);
      }
    } catch (err) {
      // The live call moved on; an ended call's row is written again by the sweeper until it lands.
      this.deps.logger.warn({ callId: after.id, err: (err as Error).message }, 'call log write failed');
    }
  }

  private armed(call: Call) {
    const at = nextDeadline(call);
    if (at !== null) this.deps.onDeadline?.(at);
  }

  private refuseWhileStopping() {
    if (this.stopping) throw new CallingError('unavailable', 'the server is shutting down; reconnect');
  }
}
