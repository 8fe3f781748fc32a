import { join } from 'node:path';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { apiKey } from './auth/api-key';
import { createTokenService, resolveJwtSecret } from './auth/tokens';
import { verifiedRegistration } from './auth/verified-registration';
import { bookingNews } from './bookings/booking-news';
import { turnConfigured } from './calls/ice-servers';
import { MAILBOX_SLACK_MS } from './calls/live/mailbox';
import { CallService } from './calls/service';
import { Sweeper } from './calls/sweeper';
import { clusterNode } from './cluster/cluster-node';
import type { NodeMode } from './cluster/node-mode';
import { singleNode } from './cluster/single-node';
import type { Config } from './config';
import { type DemoAccount, seedDemo } from './demo/seed';
import { callEvents } from './host/call-events';
import { hostWebhook } from './host/webhook';
import { answerExpectations, clientErrorReply } from './http/client-errors';
import { guardConnections, trustedProxy } from './http/connection-guard';
import type { HttpDeps } from './http/deps';
import { errorReply, installErrorHandling } from './http/errors';
import { registerOpsDashboard } from './http/ops-dashboard';
import { registerRoutes } from './http/route';
import { analyticsRoutes } from './http/routes/analytics';
import { authRoutes } from './http/routes/auth';
import { bookingRoutes } from './http/routes/bookings';
import { callRoutes } from './http/routes/calls';
import { hostRoutes } from './http/routes/host';
import { meRoutes } from './http/routes/me';
import { demoRoutes, registerOpsRoutes } from './http/routes/ops';
import { pushRoutes } from './http/routes/push';
import { registerWebApps } from './http/web-apps';
import { createLogger, type Logger } from './ops/logger';
import { createMetrics } from './ops/metrics';
import { createPush } from './push/setup';
import { forwardedCaps } from './signaling/forwarded-caps';
import { createSignaling } from './signaling/server';
import { bookingsRepo } from './store/bookings';
import { callLogsRepo } from './store/call-logs';
import { type Db, openPglite, openPostgres } from './store/db';
import { hostDeliveriesRepo } from './store/host-deliveries';
import { migrate } from './store/migrate';
import { pushTargetsRepo } from './store/push-targets';
import { registrationCodesRepo } from './store/registration-codes';
import { usersRepo } from './store/users';

/** Every node looks for due deadlines this often (a deadline it set itself it looks at on time). */
const SWEEP_INTERVAL_MS = 200;
/** How often each node looks for call events owed to the host's webhook. */
const HOST_EVENTS_INTERVAL_MS = 1000;
/** After telling its clients to reconnect elsewhere, a stopping cluster node waits this long before closing. */
const DRAIN_MS = 500;
/** How often Node checks connections against the header and request timeouts (its default is 30 s). */
const CONNECTION_CHECK_MS = 1000;

export interface RunningServer {
  url: string;
  port: number;
  config: Config;
  db: Db;
  calls: CallService;
  mode: NodeMode;
  logger: Logger;
  demoAccounts: DemoAccount[] | null;
  webApps: string[];
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** An already open database (tests share one PGlite across restarts). Not closed by close(). */
  db?: Db;
}

/** Opens the store, wires REST + signaling on one HTTP server, restores live calls, listens. */
export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const ownsDb = !opts.db;
  const db =
    opts.db ??
    (config.databaseUrl
      ? await openPostgres(config.databaseUrl, config.dbTimeoutMs)
      : await openPglite(join(config.dataDir, 'pglite')));
  await migrate(db);

  const tokens = createTokenService({
    secret: await resolveJwtSecret(config.jwtSecret, config.dataDir),
    jwksUrl: config.jwksUrl,
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
    ttlS: config.jwtTtlS,
  });
  const users = usersRepo(db);
  const bookings = bookingsRepo(db);
  const callLogs = callLogsRepo(db);
  // Nodes starting together seed the demo one at a time (the second finds the accounts there).
  const demoAccounts = config.demo
    ? await db.transaction(async (tx) => {
        await tx.query('select pg_advisory_xact_lock(727275)');
        return seedDemo(usersRepo(tx), bookingsRepo(tx));
      })
    : null;

  const app = Fastify({
    // Behind a load balancer: the client's address (for per-IP limits) comes from X-Forwarded-For.
    trustProxy: config.trustProxy,
    // Request lines are noise at this volume; errors still log at warn and above.
    loggerInstance: logger.child({ part: 'http' }, { level: 'warn' }) as FastifyBaseLogger,
    bodyLimit: 64 * 1024,
    // Malformed or overlong paths are refused before routing; they get the error envelope too.
    frameworkErrors: errorReply,
    // So are what Node's parser refuses and what times out, and a request without a Host (refused in a hook).
    clientErrorHandler: clientErrorReply,
    http: { requireHostHeader: false, connectionsCheckingInterval: CONNECTION_CHECK_MS },
    requestTimeout: config.connections.requestTimeoutMs,
    keepAliveTimeout: config.connections.keepAliveTimeoutMs,
  }) as unknown as FastifyInstance;
  app.server.headersTimeout = config.connections.headersTimeoutMs;
  answerExpectations(app.server);
  guardConnections(app.server, { ...config.connections, trusted: trustedProxy(config.trustProxy) });
  let shuttingDown = false;
  const timing = {
    ringTimeoutMs: config.ringTimeoutS * 1000,
    reconnectGraceMs: config.reconnectGraceS * 1000,
    setupTimeoutMs: config.setupTimeoutS * 1000,
  };
  const mode = config.redisUrl
    ? await clusterNode({
        redisUrl: config.redisUrl,
        nodeId: config.nodeId,
        prefix: config.redisPrefix,
        deadAfterMs: config.nodeDeadAfterMs,
        mailboxKeepMs: timing.reconnectGraceMs + MAILBOX_SLACK_MS,
        rejoinWindowMs: timing.reconnectGraceMs,
        logger: logger.child({ part: 'cluster' }),
      })
    : singleNode({ nodeId: config.nodeId, callLogs, timing, logger: logger.child({ part: 'calls' }) });
  const metrics = createMetrics({
    connectedSockets: () => signaling.io.engine.clientsCount,
    liveCallsByState: () => service.liveCallsByState(),
  });
  const signaling = createSignaling(app.server, {
    tokens,
    logger: logger.child({ part: 'signaling' }),
    metrics,
    presence: mode.presence,
    corsOrigins: config.corsOrigins,
    // A socket lives on one node: its own budget needs no shared store (no Redis trip per event).
    socketEvents: new RateLimiterMemory({ points: config.socketEventsPer10s, duration: 10 }),
    callAttempts: mode.limiter('call-attempts', config.callAttemptsPerMin, 60),
    maxSocketsPerUser: config.maxSocketsPerUser,
    handshakeTimeoutMs: config.connections.handshakeTimeoutMs,
    forwarded: forwardedCaps({ ...config.connections, trustProxy: config.trustProxy }),
    ...(mode.adapter ? { adapter: mode.adapter } : {}),
  });
  const push = await createPush({ settings: config.push, db, logger: logger.child({ part: 'push' }), metrics });
  let sweeper: Sweeper | null = null;
  const service = new CallService({
    push: push.ringer,
    live: mode.live,
    mailbox: mode.mailbox,
    presence: mode.presence,
    callLogs,
    bookings,
    send: signaling.send,
    timing,
    ice: config,
    relayPolicy: config.relayOnly,
    logger: logger.child({ part: 'calls', node: mode.nodeId }),
    metrics,
    onDeadline: (at) => sweeper?.wake(at),
  });
  sweeper = new Sweeper({
    live: mode.live,
    calls: service,
    logger: logger.child({ part: 'sweeper' }),
    intervalMs: SWEEP_INTERVAL_MS,
    finishRetryMs: 2000,
    ...(mode.sweepExtra ? { also: () => mode.sweepExtra?.(service) ?? Promise.resolve() } : {}),
  });

  installErrorHandling(app);
  await app.register(cors, { origin: config.corsOrigins.length ? config.corsOrigins : false });
  await app.register(rateLimit, { max: config.apiRateLimitPerMin, timeWindow: 60_000 });
  const webhook = config.hostWebhook ? hostWebhook(config.hostWebhook) : null;
  const deps: HttpDeps = {
    config,
    db,
    tokens,
    users,
    bookings,
    bookingNews: bookingNews({ byId: bookings.byId, send: signaling.send }),
    callLogs,
    calls: service,
    mode,
    metrics,
    push,
    pushTargets: pushTargetsRepo(db),
    demoAccounts,
    verifiedRegistration:
      config.registration === 'verified' && webhook
        ? verifiedRegistration({
            users,
            codes: registrationCodesRepo(db),
            webhook,
            codeTtlS: config.registrationCodeTtlS,
          })
        : null,
    isShuttingDown: () => shuttingDown,
  };
  registerOpsRoutes(app, deps);
  const hostKey = apiKey(config.hostApiKey, 'the provisioning API is off here (HOST_API_KEY is not set)');
  const operatorKey = apiKey(config.operatorApiKey, 'the operator API is off here (OPERATOR_API_KEY is not set)');
  registerRoutes(app, { tokens, hostKey, operatorKey }, [
    ...authRoutes(deps),
    ...meRoutes(deps),
    ...bookingRoutes(deps),
    ...callRoutes(deps),
    ...demoRoutes(deps),
    ...hostRoutes(deps),
    ...pushRoutes(deps),
    ...analyticsRoutes(deps),
  ]);
  registerOpsDashboard(app);
  const webApps = await registerWebApps(app, config.webAppsDir);
  app.setNotFoundHandler((req, reply) => {
    const spa = req.method === 'GET' ? webApps.fallback(req.url.split('?')[0] ?? '') : null;
    if (spa) return reply.sendFile('index.html', spa.root);
    return reply
      .status(404)
      .send({ status: 'error', code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` });
  });

  await mode.start(service, signaling);
  signaling.attach(service);
  sweeper.start();
  await sweeper.sweep();
  // The host's webhook hears of every call's start, answer and end (found in the call log; docs/API.md).
  const hostCallEvents =
    webhook && config.hostWebhook
      ? callEvents({
          deliveries: hostDeliveriesRepo(db),
          callLogs,
          webhook,
          logger: logger.child({ part: 'host-events' }),
          intervalMs: HOST_EVENTS_INTERVAL_MS,
          retry: { firstS: 1, maxS: config.hostWebhook.retryMaxS },
        })
      : null;
  await hostCallEvents?.start();
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  if (!turnConfigured(config)) {
    logger.warn(
      'no TURN server configured (TURN_URLS/TURN_SECRET): calls between networks that block direct UDP will fail',
    );
  }

  return {
    url,
    port,
    config,
    db,
    calls: service,
    mode,
    logger,
    demoAccounts,
    webApps: webApps.served,
    async close() {
      shuttingDown = true;
      if (mode.kind === 'cluster') {
        // Clients reconnect through the load balancer to another node and resume; calls go on there.
        signaling.drain();
        await new Promise((r) => setTimeout(r, DRAIN_MS));
      }
      await sweeper?.stop();
      await hostCallEvents?.stop();
      await service.stop();
      await push.ringer?.close();
      await new Promise<void>((resolve) => signaling.io.close(() => resolve()));
      await mode.stop();
      await app.close().catch(() => {});
      if (ownsDb) await db.close();
    },
  };
}
