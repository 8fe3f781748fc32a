import type { Ack, ServerEventName } from '@calling/protocol';
import { io, type Socket } from 'socket.io-client';
import { socketRecords } from './privacy';

export interface Received {
  event: string;
  payload: unknown;
}

export interface TestSocket {
  socket: Socket;
  received: Received[];
  emit<T extends object = Record<string, unknown>>(event: string, payload?: unknown): Promise<Ack<T>>;
  /** The next `event` (already received and not yet taken, or arriving within timeoutMs). */
  next<T = Record<string, unknown>>(event: ServerEventName, timeoutMs?: number): Promise<T>;
  /** Asserts nothing of `event` arrives within ms. */
  none(event: ServerEventName, ms?: number): Promise<void>;
  close(): void;
}

export async function connect(
  url: string,
  token: string | null,
  opts: { protocolVersion?: number | null; deviceId?: string; extraHeaders?: Record<string, string> } = {},
): Promise<TestSocket> {
  const auth: Record<string, unknown> = {};
  if (token !== null) auth.token = token;
  if (opts.protocolVersion !== null) auth.protocolVersion = opts.protocolVersion ?? 2;
  if (opts.deviceId) auth.deviceId = opts.deviceId;
  const socket = io(url, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(opts.extraHeaders ? { extraHeaders: opts.extraHeaders } : {}),
  });
  const received: Received[] = [];
  const taken = new Set<Received>();
  const waiters: (() => void)[] = [];
  // Everything a socket receives (events, acks, connect errors) also goes to the privacy check (privacy.ts).
  socket.onAny((event: string, payload: unknown) => {
    const r = { event, payload };
    received.push(r);
    socketRecords.push(r);
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err: Error & { data?: unknown }) => {
      socketRecords.push({ event: 'connect_error', payload: { message: err.message, data: err.data } });
      reject(err);
    });
  });
  const findUntaken = (event: string) => received.find((r) => r.event === event && !taken.has(r));
  return {
    socket,
    received,
    async emit(event, payload) {
      const ack = await socket.timeout(5000).emitWithAck(event, payload);
      socketRecords.push({ event: `ack of ${event}`, payload: ack });
      return ack;
    },
    next(event, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const r = findUntaken(event);
          if (!r) return false;
          taken.add(r);
          clearTimeout(timer);
          resolve(r.payload as never);
          return true;
        };
        const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
        const wait = () => {
          if (!check()) waiters.push(wait);
        };
        wait();
      });
    },
    async none(event, ms = 300) {
      await new Promise((r) => setTimeout(r, ms));
      const r = findUntaken(event);
      if (r) throw new Error(`unexpected ${event}: ${JSON.stringify(r.payload)}`);
    },
    close: () => socket.disconnect(),
  };
}

/** Connects and fails with the server's connect_error data. */
export async function connectError(
  url: string,
  auth: Record<string, unknown>,
  opts: { extraHeaders?: Record<string, string> } = {},
): Promise<{ message: string; data: unknown }> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true, ...opts });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.disconnect();
      reject(new Error('connected, but should have been refused'));
    });
    socket.once('connect_error', (err: Error & { data?: unknown }) => {
      socket.disconnect();
      socketRecords.push({ event: 'connect_error', payload: { message: err.message, data: err.data } });
      resolve({ message: err.message, data: err.data });
    });
  });
}
