import type { EndReason } from '@calling/protocol';
import { io, type Socket } from 'socket.io-client';

/** SDP and a candidate that pass the protocol's schemas; a simulated device has no media. */
const SDP = (type: 'offer' | 'answer') => ({
  type,
  sdp: `v=0\r\no=- ${Date.now()} 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n`,
});
const CANDIDATE = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 };

export interface SimCall {
  callId: string;
  bookingId: string;
  /** performance.now() when this device saw media start (its call:connected ack) and when it learned the end. */
  connectedAt: number | null;
  endedAt: number | null;
  reason: EndReason | 'never_ended' | 'no_live_call_on_resume' | null;
}

/**
 * A person's device speaking the signaling protocol without media: it rings, answers, exchanges offer, answer
 * and candidates, reports connected, and after a reconnect (to any node) resumes its call as the real client
 * does. For cluster tests and the chaos soak, where hundreds of calls must run in one process.
 */
export class SimDevice {
  readonly socket: Socket;
  current: SimCall | null = null;
  readonly calls: SimCall[] = [];
  /** Every server event this device got, in order (names only). */
  readonly events: string[] = [];
  /** How many `call:ended` this device got per call: more than one would be a duplicated end. */
  readonly endedEvents = new Map<string, number>();
  /** The typed error of the last refused handshake, if any. */
  lastRefusal: { code: string; message: string } | null = null;
  private waiters: (() => void)[] = [];
  private wasConnected = false;

  constructor(
    url: string,
    token: string,
    /** `answer: false`: it never accepts a ring. `connects: false`: it accepts, but its media never comes. */
    private readonly opts: { answer?: boolean; connects?: boolean } = {},
  ) {
    this.socket = io(url, {
      auth: { token, protocolVersion: 2 },
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      randomizationFactor: 0.3,
    });
    this.socket.on('connect', () => {
      if (this.wasConnected && this.current && this.current.endedAt === null) void this.resume(this.current);
      this.wasConnected = true;
      this.wake();
    });
    this.socket.onAny((event: string) => {
      this.events.push(event);
      this.wake();
    });
    this.socket.on('connect_error', (err: Error & { data?: { code: string; message: string } }) => {
      this.lastRefusal = err.data ?? null;
      this.wake();
    });
    this.socket.on('call:incoming', (p: { callId: string; bookingId: string }) => {
      if (this.opts.answer === false || (this.current && this.current.endedAt === null)) return;
      this.track(p.callId, p.bookingId);
      void this.emit('call:accept', { callId: p.callId, bookingId: p.bookingId });
    });
    this.socket.on('call:offer', async (p: { callId: string; bookingId: string }) => {
      if (this.opts.connects === false) return;
      await this.emit('call:answer', { ...ids(p), answer: SDP('answer') });
      for (let i = 0; i < 6; i++) await this.emit('call:ice-candidate', { ...ids(p), candidate: CANDIDATE });
      await this.markConnected(p.callId, p.bookingId);
    });
    this.socket.on('call:accepted', async (p: { callId: string; bookingId: string }) => {
      await this.emit('call:offer', { ...ids(p), offer: SDP('offer') });
      for (let i = 0; i < 6; i++) await this.emit('call:ice-candidate', { ...ids(p), candidate: CANDIDATE });
    });
    this.socket.on('call:answer', (p: { callId: string; bookingId: string }) => {
      void this.markConnected(p.callId, p.bookingId);
    });
    this.socket.on('call:ended', (p: { callId: string; reason: EndReason }) => {
      this.endedEvents.set(p.callId, (this.endedEvents.get(p.callId) ?? 0) + 1);
      const call = this.calls.find((c) => c.callId === p.callId);
      if (call && call.endedAt === null) {
        call.endedAt = performance.now();
        call.reason = p.reason;
      }
      this.wake();
    });
  }

  /** Resolves once connected (bounded). */
  ready(timeoutMs = 10_000) {
    return this.until(() => this.socket.connected, timeoutMs, 'connect');
  }

  /** Rings the other party of a booking; the returned call fills in as it goes. */
  async dial(bookingId: string): Promise<SimCall | { error: string }> {
    const ack = await this.emit('call:initiate', { bookingId });
    if (!ack.ok) return { error: String((ack.error as { code?: string } | undefined)?.code) };
    return this.track(String(ack.callId), bookingId);
  }

  async hangUp(call: SimCall) {
    const ack = await this.emit('call:end', { callId: call.callId, bookingId: call.bookingId });
    return ack.ok;
  }

  /** Waits until `cond` holds, re-checked on every event this device gets (bounded). */
  until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        if (cond()) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      check();
    });
  }

  /** Drops the connection as a network change would; socket.io reconnects by itself (maybe to another node). */
  drop() {
    this.socket.io.engine?.close();
  }

  close() {
    this.socket.disconnect();
  }

  private track(callId: string, bookingId: string): SimCall {
    const call: SimCall = { callId, bookingId, connectedAt: null, endedAt: null, reason: null };
    this.current = call;
    this.calls.push(call);
    return call;
  }

  private async markConnected(callId: string, bookingId: string) {
    const ack = await this.emit('call:connected', { callId, bookingId });
    const call = this.calls.find((c) => c.callId === callId);
    if (ack.ok && call && call.connectedAt === null) call.connectedAt = performance.now();
    this.wake();
  }

  private async resume(call: SimCall) {
    const ack = await this.emit('call:resume', { callId: call.callId, bookingId: call.bookingId });
    if (!ack.ok && call.endedAt === null && (ack.error as { code?: string } | undefined)?.code === 'no_live_call') {
      // It ended while this device was away (call:ended went to a socket that was gone).
      call.endedAt = performance.now();
      call.reason = 'no_live_call_on_resume';
    }
    this.wake();
  }

  /** One client event and its ack (a timeout counts as `{ ok: false, error: { code: 'timeout' } }`). */
  async emit(event: string, payload: object): Promise<{ ok: boolean } & Record<string, unknown>> {
    try {
      return await this.socket.timeout(5000).emitWithAck(event, payload);
    } catch {
      return { ok: false, error: { code: 'timeout' } };
    }
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }
}

const ids = (p: { callId: string; bookingId: string }) => ({ callId: p.callId, bookingId: p.bookingId });
