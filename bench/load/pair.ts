/**
 * One caller/callee pair, one call at a time. A call is the 17 client messages of a real call:
 *
 *   caller  call:initiate                      -> callee gets call:incoming
 *   callee  call:accept                        -> caller gets call:accepted
 *   caller  call:offer + 6 call:ice-candidate  -> callee gets them; callee answers:
 *   callee  call:answer + 6 call:ice-candidate -> caller gets them ("set up": see below)
 *   caller  call:end                           -> both get call:ended (bare relay: the callee gets call:end)
 *
 * Setup latency: from the moment call:initiate is sent until both sides hold all of the other's media setup
 * messages (the caller the answer and the callee's 6th candidate, the callee the offer and the caller's 6th
 * candidate); in practice the caller's last candidate is the last of them.
 *
 * Against the real server every message carries an ack, as packages/client/src/signaling.ts sends them
 * (initiate, accept and end awaited with a timeout; offer, answer and candidates fire-and-forget), and every
 * ack must be ok: a refused payload fails the call. Against the bare relay the same messages go without acks,
 * addressed with `to`, and arrive under the names they were sent with.
 */

import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { Side } from './sdp';
import type { PairAccounts } from './setup';

export type Mode = 'server' | 'relay';

export interface Collector {
  measuring: boolean;
  calls: number;
  setupMs: number[];
  failures: number;
  errors: Map<string, number>;
}

export const newCollector = (): Collector => ({
  measuring: false,
  calls: 0,
  setupMs: [],
  failures: 0,
  errors: new Map(),
});

export interface Payloads {
  offer(): Side;
  answer(): Side;
}

const ACK_TIMEOUT_MS = 10_000;
const CANDIDATES = 6;

/** What a side receives under which name. */
const EVENTS = {
  server: { incoming: 'call:incoming', accepted: 'call:accepted', ended: 'call:ended' },
  relay: { incoming: 'call:initiate', accepted: 'call:accept', ended: 'call:end' },
} as const;

interface Current {
  callId: string | null;
  t0: number;
  setupAt: number | null;
  callerAnswer: boolean;
  callerCandidates: number;
  calleeOffer: boolean;
  calleeCandidates: number;
  callerEnded: boolean;
  calleeEnded: boolean;
  done(setupMs: number): void;
  fail(reason: string): void;
}

type Ack = { ok: true; callId?: string } | { ok: false; error: { code: string; message: string } };
type Payload = Record<string, unknown> & { callId?: string; bookingId?: string; reason?: string };

export class PairRunner {
  readonly caller: Socket;
  readonly callee: Socket;
  private cur: Current | null = null;
  private consecutiveFailures = 0;

  constructor(
    private readonly mode: Mode,
    callerUrl: string,
    calleeUrl: string,
    private readonly acc: PairAccounts,
    private readonly payloads: Payloads,
    private readonly collector: Collector,
    private readonly callTimeoutMs: number,
  ) {
    const opts = (userId: string, token: string) => ({
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      autoConnect: false,
      timeout: 10_000,
      // Protocol 2's message set (17 per call), as in every earlier round of this bench; protocol 3 sends fewer.
      auth: mode === 'server' ? { token, protocolVersion: 2 } : { userId },
    });
    this.caller = io(callerUrl, opts(acc.callerId, acc.callerToken));
    this.callee = io(calleeUrl, opts(acc.calleeId, acc.calleeToken));
    this.wire();
  }

  connect(): Promise<void> {
    const one = (s: Socket, who: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${who} socket: no connection within 10 s`)), 10_000);
        s.once('connect', () => {
          clearTimeout(timer);
          resolve();
        });
        s.once('connect_error', (err: Error & { data?: { code?: string } }) => {
          clearTimeout(timer);
          reject(new Error(`${who} socket refused: ${err.data?.code ?? ''} ${err.message}`));
        });
        s.connect();
      });
    return Promise.all([one(this.caller, 'caller'), one(this.callee, 'callee')]).then(() => {});
  }

  close(): void {
    this.caller.removeAllListeners();
    this.callee.removeAllListeners();
    this.caller.disconnect();
    this.callee.disconnect();
  }

  /** Calls until stopped(); throws when this pair cannot go on (3 failed calls in a row). */
  async loop(stopped: () => boolean): Promise<void> {
    while (!stopped()) {
      try {
        const setupMs = await this.call();
        this.consecutiveFailures = 0;
        if (this.collector.measuring) {
          this.collector.calls++;
          this.collector.setupMs.push(setupMs);
        }
      } catch (err) {
        const msg = (err as Error).message;
        this.collector.failures++;
        this.collector.errors.set(msg, (this.collector.errors.get(msg) ?? 0) + 1);
        if (++this.consecutiveFailures >= 3) throw new Error(`3 calls in a row failed; last: ${msg}`);
        await this.cleanUp();
      }
    }
  }

  private ids() {
    return { bookingId: this.acc.bookingId, ...(this.cur?.callId ? { callId: this.cur.callId } : {}) };
  }

  /** Server: every ack must be ok. Relay: no acks at all. */
  private emit(s: Socket, event: string, payload: object, awaited: boolean): void {
    if (this.mode === 'relay') {
      s.emit(event, payload);
      return;
    }
    const cur = this.cur;
    const check = (ack: Ack) => {
      if (!ack?.ok) cur?.fail(`${event} refused: ${ack?.error?.code} (${ack?.error?.message})`);
      else if (cur && !cur.callId && ack.callId) cur.callId = ack.callId;
    };
    if (awaited) {
      s.timeout(ACK_TIMEOUT_MS).emit(event, payload, (err: Error | null, ack: Ack) =>
        err ? cur?.fail(`no ack to ${event} within ${ACK_TIMEOUT_MS} ms`) : check(ack),
      );
    } else s.emit(event, payload, check);
  }

  private call(): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => cur.fail(`call not done within ${this.callTimeoutMs} ms`), this.callTimeoutMs);
      const settle = () => {
        clearTimeout(timer);
        if (this.cur === cur) this.cur = null;
      };
      const cur: Current = {
        callId: this.mode === 'relay' ? randomUUID() : null,
        t0: performance.now(),
        setupAt: null,
        callerAnswer: false,
        callerCandidates: 0,
        calleeOffer: false,
        calleeCandidates: 0,
        callerEnded: false,
        calleeEnded: false,
        done: (ms) => {
          settle();
          resolve(ms);
        },
        fail: (reason) => {
          if (this.cur !== cur) return;
          settle();
          this.lastFailedCallId = cur.callId;
          reject(new Error(reason));
        },
      };
      this.cur = cur;
      const initiate =
        this.mode === 'relay'
          ? { ...this.ids(), to: this.acc.calleeId, callerId: this.acc.callerId, callerName: 'Bench caller' }
          : { bookingId: this.acc.bookingId };
      cur.t0 = performance.now();
      this.emit(this.caller, 'call:initiate', initiate, true);
    });
  }

  private lastFailedCallId: string | null = null;

  /** After a failed call the server may still hold it live: hang it up from both sides, best effort. */
  private async cleanUp(): Promise<void> {
    if (this.mode === 'relay') return;
    const callId = this.lastFailedCallId;
    const end = (s: Socket) =>
      new Promise<void>((r) => {
        if (!s.connected) return r();
        s.timeout(2_000).emit(
          'call:end',
          { bookingId: this.acc.bookingId, ...(callId ? { callId } : {}), reason: 'unknown_error' },
          () => r(),
        );
      });
    await Promise.all([end(this.caller), end(this.callee)]);
    await new Promise((r) => setTimeout(r, 200));
  }

  private matches(p: Payload): Current | null {
    const cur = this.cur;
    if (!cur) return null;
    if (cur.callId && p.callId && p.callId !== cur.callId) return null;
    return cur;
  }

  private checkSetup(cur: Current): void {
    if (cur.setupAt !== null) return;
    if (!cur.callerAnswer || !cur.calleeOffer) return;
    if (cur.callerCandidates < CANDIDATES || cur.calleeCandidates < CANDIDATES) return;
    cur.setupAt = performance.now();
    const end = { ...this.ids(), reason: 'completed', ...(this.mode === 'relay' ? { to: this.acc.calleeId } : {}) };
    this.emit(this.caller, 'call:end', end, true);
  }

  private sendSide(s: Socket, kind: 'offer' | 'answer', to: string): void {
    const side = kind === 'offer' ? this.payloads.offer() : this.payloads.answer();
    this.emit(s, `call:${kind}`, { ...this.ids(), [kind]: side.sdp, to }, false);
    for (const candidate of side.candidates)
      this.emit(s, 'call:ice-candidate', { ...this.ids(), candidate, to }, false);
  }

  private ended(cur: Current, side: 'caller' | 'callee', p: Payload): void {
    if (cur.setupAt === null) {
      cur.fail(`call ended before setup, reason ${p.reason ?? '?'} (${side} told)`);
      return;
    }
    if (side === 'caller') cur.callerEnded = true;
    else cur.calleeEnded = true;
    if (cur.calleeEnded && (cur.callerEnded || this.mode === 'relay')) cur.done(cur.setupAt - cur.t0);
  }

  private wire(): void {
    const ev = EVENTS[this.mode];
    const { caller, callee, acc } = this;
    const on = (s: Socket, event: string, fn: (cur: Current, p: Payload) => void) =>
      s.on(event, (p: Payload) => {
        const cur = this.matches(p);
        if (cur) fn(cur, p);
      });

    on(callee, ev.incoming, (cur, p) => {
      if (p.bookingId !== acc.bookingId) return;
      if (p.callId) cur.callId = p.callId;
      const accept = { ...this.ids(), ...(this.mode === 'relay' ? { to: acc.callerId } : {}) };
      this.emit(callee, 'call:accept', accept, true);
    });
    on(caller, ev.accepted, () => this.sendSide(caller, 'offer', acc.calleeId));
    on(callee, 'call:offer', (cur) => {
      cur.calleeOffer = true;
      this.sendSide(callee, 'answer', acc.callerId);
      this.checkSetup(cur);
    });
    on(callee, 'call:ice-candidate', (cur) => {
      cur.calleeCandidates++;
      this.checkSetup(cur);
    });
    on(caller, 'call:answer', (cur) => {
      cur.callerAnswer = true;
      this.checkSetup(cur);
    });
    on(caller, 'call:ice-candidate', (cur) => {
      cur.callerCandidates++;
      this.checkSetup(cur);
    });
    on(callee, ev.ended, (cur, p) => this.ended(cur, 'callee', p));
    if (this.mode === 'server') on(caller, ev.ended, (cur, p) => this.ended(cur, 'caller', p));
    for (const [s, who] of [
      [caller, 'caller'],
      [callee, 'callee'],
    ] as const) {
      s.on('disconnect', (reason) => this.cur?.fail(`${who} socket disconnected (${reason})`));
    }
  }
}
