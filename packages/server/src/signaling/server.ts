import type { Server as HttpServer } from 'node:http';
import {
  CallingError,
  type ClientEventName,
  HandshakeAuth,
  limits,
  PROTOCOL_VERSION,
  type ServerToClientEvents,
  type UntrustedClientEvents,
} from '@calling/protocol';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { Server, type ServerOptions } from 'socket.io';
import type { TokenService } from '../auth/tokens';
import type { Notification } from '../calls/engine/notifications';
import type { CallService } from '../calls/service';
import type { Logger } from '../ops/logger';
import type { Metrics } from '../ops/metrics';
import type { Presence } from '../presence/presence';
import { coalesceWebSocketWrites } from './coalesced-writes';
import {
  type HandlerContext,
  identityOf,
  protocol3Room,
  type SocketData,
  type SocketIdentity,
  userRoom,
} from './context';
import { errorAck } from './define-handler';
import type { forwardedCaps } from './forwarded-caps';
import { handlers } from './handlers';
import { envelopeTransportErrors } from './transport-errors';

/**
 * notify() checked each notification's payload against its event; socket.io's typed emit cannot follow a union
 * of events to their payloads (a notification's event is any of them), so it is called untyped here.
 */
const untyped = (target: object) => target as { emit(event: string, payload: unknown): boolean };

/** Hanging up or declining is never refused as rate_limited: a call must always be endable. */
const NEVER_LIMITED: ReadonlySet<ClientEventName> = new Set(['call:end', 'call:reject']);

export interface SignalingDeps {
  tokens: TokenService;
  logger: Logger;
  metrics: Metrics;
  presence: Presence;
  corsOrigins: string[];
  /** Per connection, per 10 s. */
  socketEvents: RateLimiterAbstract;
  /** Per person, across every node: call:initiate attempts. */
  callAttempts: RateLimiterAbstract;
  /** Per person, across every node: open sockets. */
  maxSocketsPerUser: number;
  /** A client that opened its transport must complete the socket.io handshake within this. */
  handshakeTimeoutMs?: number;
  /** Connection caps by forwarded address, for clients behind a trusted load balancer. */
  forwarded?: ReturnType<typeof forwardedCaps>;
  adapter?: ServerOptions['adapter'];
}

export function createSignaling(http: HttpServer, deps: SignalingDeps) {
  const io = new Server<UntrustedClientEvents, ServerToClientEvents, Record<string, never>, SocketData>(http, {
    maxHttpBufferSize: limits.messageBytes,
    // A dead network is noticed within ~15 s, so the reconnect grace period starts promptly.
    pingInterval: 10_000,
    pingTimeout: 5_000,
    ...(deps.handshakeTimeoutMs ? { connectTimeout: deps.handshakeTimeoutMs } : {}),
    cors: { origin: deps.corsOrigins.length ? deps.corsOrigins : false, credentials: true },
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
  });
  envelopeTransportErrors(io.engine);
  coalesceWebSocketWrites(http);
  let draining = false;

  /** Where a notification goes: a socket (this node's directly), a person's devices but one, or all of them. */
  const targetOf = (to: Notification['to']) => {
    // A socket on this node needs no trip through Redis; one on another node goes through the adapter.
    if ('socketId' in to) return (io.of('/').sockets.has(to.socketId) ? io.local : io).to(to.socketId);
    if ('exceptSocketId' in to) return io.to(userRoom(to.userId)).except(to.exceptSocketId);
    if ('protocolAtLeast' in to) {
      // Protocol 3 is the newest: its room holds every device that speaks it.
      return to.protocolAtLeast > PROTOCOL_VERSION ? null : io.to(protocol3Room(to.userId));
    }
    return io.to(userRoom(to.userId));
  };
  const send = (n: Notification) => {
    const target = targetOf(n.to);
    if (target) untyped(target).emit(n.event, n.payload);
  };

  // The handshake must carry a valid token; identity and the personal room come from it alone.
  io.use(async (socket, next) => {
    const auth = HandshakeAuth.safeParse(socket.handshake.auth);
    try {
      if (draining) throw new CallingError('unavailable', 'this server is restarting; reconnect');
      const release = (await deps.forwarded?.admit(socket.request)) ?? (() => {});
      socket.once('disconnect', release);
      const claims = await deps.tokens.verify(auth.success ? auth.data.token : null).catch((err) => {
        release();
        throw err;
      });
      if ((await deps.presence.devices(claims.sub)) >= deps.maxSocketsPerUser) {
        throw new CallingError('rate_limited', 'too many open connections for this account');
      }
      const identity: SocketIdentity = {
        userId: claims.sub,
        role: claims.role,
        name: claims.name,
        protocol: auth.success ? (auth.data.protocolVersion ?? 1) : 1,
        deviceId: auth.success ? (auth.data.deviceId ?? null) : null,
      };
      socket.data.identity = identity;
      next();
    } catch (err) {
      const body =
        err instanceof CallingError
          ? err.toBody()
          : { code: 'unavailable', message: 'the server cannot take connections now' };
      next(Object.assign(new Error(body.message), { data: body }));
    }
  });

  function attach(calls: CallService) {
    io.on('connection', (socket) => {
      const me = identityOf(socket);
      socket.join(userRoom(me.userId));
      if (me.protocol >= 3) socket.join(protocol3Room(me.userId));
      // One socket's events run one at a time, in arrival order: a candidate never overtakes its offer, and
      // a hang-up sent just before the socket closes is handled before the disconnect.
      let queue: Promise<void> = Promise.resolve();
      const inOrder = (fn: () => Promise<void>) => {
        queue = queue.then(fn, fn);
      };
      inOrder(async () => {
        await deps.presence.add(me.userId, socket.id).catch((err) => refused('connect', err));
        // A device that comes online while a call rings for this user rings too.
        const ringing = await calls.ringingFor(me.userId).catch(() => null);
        if (ringing) for (const n of calls.ringOnConnect(ringing, socket.id, me.protocol)) send(n);
      });
      for (const handler of handlers) {
        socket.on(handler.event, (...args: unknown[]) => inOrder(() => runHandler(handler, socket, me, args)));
      }
      socket.on('disconnect', () => {
        deps.socketEvents.delete(socket.id).catch(() => {});
        // A drained socket reconnects to another node and resumes there; the node that lets go of this one
        // after it stops (or the grace period) covers a client that never comes back.
        if (draining) return;
        // The call hears of it before presence lets go: a node killed between the two leaves the socket in its
        // presence, and whoever cleans up after the node tells the call again (a second socket_lost is a no-op).
        inOrder(async () => {
          await calls.socketLost(me.userId, socket.id).catch((err) => refused('disconnect', err));
          await deps.presence.remove(me.userId, socket.id).catch(() => {});
        });
      });
    });

    async function runHandler(
      handler: (typeof handlers)[number],
      socket: HandlerContext['socket'],
      me: SocketIdentity,
      args: unknown[],
    ) {
      const last = args[args.length - 1];
      const ack = typeof last === 'function' ? (last as (a: unknown) => void) : () => {};
      const afters: (() => Promise<void> | void)[] = [];
      const ctx: HandlerContext = { socket, me, calls, send, afterAck: (fn) => afters.push(fn) };
      try {
        if (!NEVER_LIMITED.has(handler.event))
          await consume(deps.socketEvents, socket.id, 'too many events; slow down');
        const run = handler.prepare(args[0]);
        if (handler.event === 'call:initiate') {
          await consume(deps.callAttempts, me.userId, 'too many call attempts from this account; wait a minute');
        }
        ack({ ok: true, ...(await run(ctx)) });
      } catch (err) {
        refused(handler.event, err);
        ack(errorAck(err));
        return;
      }
      // Bookkeeping after the ack (a database write) must not hold up this socket's next relayed message.
      void (async () => {
        for (const fn of afters) {
          try {
            await fn();
          } catch (err) {
            refused(handler.event, err);
          }
        }
      })();
    }
  }

  async function consume(limiter: RateLimiterAbstract, key: string, message: string) {
    try {
      await limiter.consume(key);
    } catch (err) {
      if (err instanceof Error) throw new CallingError('unavailable', 'rate limits are unreachable; try again');
      throw new CallingError('rate_limited', message);
    }
  }

  function refused(event: ClientEventName | 'connect' | 'disconnect', err: unknown) {
    const code = err instanceof CallingError ? err.code : 'internal';
    deps.metrics.refused.inc({ event, code });
    if (code === 'internal') deps.logger.error({ event, err: (err as Error).message }, 'event handler failed');
    else deps.logger.debug({ event, code }, 'event refused');
  }

  /**
   * SIGTERM on one node of many: take no new sockets, and close every transport so clients reconnect at once
   * (through the load balancer, to another node) and resume their calls there. Calls go on.
   */
  function drain() {
    draining = true;
    for (const socket of io.of('/').sockets.values()) socket.conn.close();
  }

  return { io, send, attach, drain };
}
export type Signaling = ReturnType<typeof createSignaling>;
