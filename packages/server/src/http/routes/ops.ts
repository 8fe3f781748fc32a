import { timingSafeEqual } from 'node:crypto';
import { CallingError } from '@calling/protocol';
import type { FastifyInstance } from 'fastify';
import { turnConfigured } from '../../calls/ice-servers';
import type { HttpDeps } from '../deps';
import { defineRoute } from '../route';

const isLoopback = (ip: string) => ip === '::1' || /^(::ffff:)?127\./.test(ip);
const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Probes and metrics: plain responses for orchestrators and Prometheus, outside the API envelope. */
export function registerOpsRoutes(app: FastifyInstance, { db, mode, metrics, config, isShuttingDown }: HttpDeps) {
  // Probes are never rate limited: a load balancer checks every node several times a second.
  const probe = { config: { rateLimit: false } };
  app.get('/healthz', probe, async () => ({ ok: true }));
  app.get('/readyz', probe, async (_req, reply) => {
    if (isShuttingDown()) return reply.status(503).send({ ready: false, reason: 'shutting down' });
    const [database, redis] = await Promise.all([
      db.ping().then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      mode.kind === 'single'
        ? ('none' as const)
        : mode.ping().then(
            () => 'up' as const,
            () => 'down' as const,
          ),
    ]);
    const down = [database === 'down' && 'database', redis === 'down' && 'redis'].filter(Boolean);
    const turn = turnConfigured(config);
    const body = {
      ready: down.length === 0,
      node: mode.nodeId,
      database: db.kind,
      dependencies: { database, redis },
      turn,
      ...(down.length ? { reason: `${down.join(' and ')} unreachable` } : {}),
      ...(turn ? {} : { warning: 'no TURN server configured: calls between networks that block direct UDP will fail' }),
    };
    return reply.status(down.length ? 503 : 200).send(body);
  });
  app.get('/metrics', probe, async (req, reply) => {
    // Call counts and node names are an operator's, not the public's: a token, or this machine only.
    if (config.metricsToken) {
      if (!sameSecret(req.headers.authorization ?? '', `Bearer ${config.metricsToken}`)) {
        throw new CallingError('unauthorized', 'GET /metrics needs the METRICS_TOKEN bearer token');
      }
    } else if (!isLoopback(req.ip)) {
      throw new CallingError(
        'forbidden',
        '/metrics answers this machine only (set METRICS_TOKEN to scrape it remotely)',
      );
    }
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}

/** Demo mode only: the login screens list these accounts so a newcomer can call in seconds. */
export const demoRoutes = ({ demoAccounts }: HttpDeps) => [
  defineRoute({
    method: 'GET',
    url: '/api/demo/accounts',
    auth: false,
    async handler() {
      if (!demoAccounts) throw new CallingError('not_found', 'demo mode is off');
      return { accounts: demoAccounts };
    },
  }),
];
