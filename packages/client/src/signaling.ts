import {
  type Ack,
  type ClientAckResults,
  type ClientEventName,
  type ClientEventPayload,
  type ClientToServerEvents,
  PROTOCOL_VERSION,
  type ServerEventName,
  type ServerEventPayload,
  type ServerToClientEvents,
  serverEventSchemas,
} from '@calling/protocol';
import { io, type Socket } from 'socket.io-client';
import { handshakeRetryDelay } from './handshake-retry';
import { callIdOf, type MessageCount, MessageCounter } from './message-count';
import type { CallError, RequestResult } from './types';

const ACK_TIMEOUT_MS = 10_000;

/**
 * For a generic event name socket.io's typed `emit` cannot look its arguments up (a mapped type indexed by a
 * type parameter); `request` and `send` have already checked them against the same event map.
 */
const emitter = (socket: object) => socket as { emit(event: string, ...args: unknown[]): unknown };

type ServerHandlers = { [E in ServerEventName]?: (payload: ServerEventPayload<E>) => void };

export interface SignalingHandlers extends ServerHandlers {
  connect?: (firstTime: boolean) => void;
  disconnect?: () => void;
  /** The handshake was refused (bad or expired token). */
  refused?: (error: CallError) => void;
}

/**
 * The socket.io connection to the calling server: token in the handshake, every client event sent with an
 * ack (and a timeout), every server event parsed with the protocol's schema before anyone sees it.
 */
export class Signaling {
  /** Typed from the protocol's event maps: an event's payload and ack are checked where they are sent. */
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private connectedOnce = false;
  private refusals = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly counter = new MessageCounter();

  constructor(
    serverUrl: string,
    who: { token: () => string | Promise<string>; deviceId: string; refreshableToken: boolean },
    handlers: SignalingHandlers,
    socketOptions: Record<string, unknown> = {},
  ) {
    this.socket = io(serverUrl, {
      autoConnect: false,
      transports: ['websocket'],
      reconnectionDelay: 250,
      reconnectionDelayMax: 2000,
      ...socketOptions,
      // Asked again on every reconnect, so a refreshed token is used.
      auth: (cb) => {
        const { deviceId } = who;
        Promise.resolve(who.token()).then(
          (t) => cb({ token: t, protocolVersion: PROTOCOL_VERSION, deviceId }),
          () => cb({ token: '', protocolVersion: PROTOCOL_VERSION, deviceId }),
        );
      },
    });
    this.socket.on('connect', () => {
      this.refusals = 0;
      const first = !this.connectedOnce;
      this.connectedOnce = true;
      handlers.connect?.(first);
    });
    this.socket.on('disconnect', () => handlers.disconnect?.());
    this.socket.on('connect_error', (err: Error & { data?: { code?: string; message?: string } }) => {
      // Transport failures carry no data and socket.io retries them; a refusal by the server it does not.
      if (!err.data || this.socket.active) return;
      const delay = handshakeRetryDelay(err.data.code, this.refusals, who.refreshableToken);
      this.refusals += 1;
      if (delay !== null) {
        this.retryTimer = setTimeout(() => this.socket.connect(), delay);
        return;
      }
      handlers.refused?.({
        code: err.data.code === 'unauthorized' ? 'unauthorized' : 'internal',
        message: err.data.message ?? 'the server refused the connection',
      });
    });
    for (const event of Object.keys(serverEventSchemas) as ServerEventName[]) {
      this.socket.on(event, (raw: unknown) => {
        this.counter.received(callIdOf(raw));
        const parsed = serverEventSchemas[event].safeParse(raw);
        if (!parsed.success) return; // not from a server that speaks our protocol: ignore rather than guess
        (handlers[event] as ((p: unknown) => void) | undefined)?.(parsed.data);
      });
    }
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** This connection's socket id while connected: the server binds a call to it. */
  get socketId(): string | null {
    return this.socket.connected ? (this.socket.id ?? null) : null;
  }

  connect(): void {
    this.socket.connect();
  }

  close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  /**
   * Sends a client event; resolves with the server's ack, or the client's own `not_connected` (the socket is
   * down) or `timeout` (no ack in time): neither means the server refused anything.
   */
  request<E extends ClientEventName>(
    event: E,
    payload: ClientEventPayload<E>,
  ): Promise<RequestResult<ClientAckResults[E]>> {
    if (!this.socket.connected) {
      return Promise.resolve({ ok: false, error: { code: 'not_connected', message: 'not connected to the server' } });
    }
    const named = callIdOf(payload);
    this.counter.sent(named);
    return new Promise((resolve) => {
      emitter(this.socket.timeout(ACK_TIMEOUT_MS)).emit(
        event,
        payload,
        (err: Error | null, ack: Ack<ClientAckResults[E]>) => {
          if (err) {
            resolve({ ok: false, error: { code: 'timeout', message: `no answer from the server to ${event}` } });
            return;
          }
          // The initiate names its call only in the ack: the request is counted for that call now.
          const callId = named ?? callIdOf(ack);
          if (!named) this.counter.sent(callId);
          this.counter.received(callId);
          resolve(ack);
        },
      );
    });
  }

  /**
   * Fire-and-forget with no ack asked for (protocol 3's offer, candidates and connected report): one message,
   * where an acked one is two. A refusal is not heard; the call's own timers cover what could go wrong.
   */
  post<E extends ClientEventName>(event: E, payload: ClientEventPayload<E>): void {
    if (!this.socket.connected) return;
    this.counter.sent(callIdOf(payload));
    emitter(this.socket).emit(event, payload);
  }

  /** Fire-and-forget with an ack (the server logs what it refuses). */
  send<E extends ClientEventName>(event: E, payload: ClientEventPayload<E>): void {
    if (!this.socket.connected) return;
    const callId = callIdOf(payload);
    this.counter.sent(callId);
    emitter(this.socket).emit(event, payload, () => this.counter.received(callId));
  }

  /** Messages sent and received for one call, acks included. */
  messagesOf(callId: string): MessageCount {
    return this.counter.of(callId);
  }

  /** Number of listeners on the underlying socket (tests check close() leaves none). */
  listenerCount(): number {
    return this.socket.listenersAny().length + this.socket.listeners('connect').length;
  }
}
