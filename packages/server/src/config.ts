import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type PushSettings, pushEnv, pushSettings } from './push/settings';

const seconds = (def: number) => z.coerce.number().int().min(1).max(86_400).default(def);
const list = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

/** Every environment variable the server reads, validated once at start. README documents each. */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:._-]{1,64}$/)
    .default('calling:'),
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'NODE_ID: letters, digits, . _ - (at most 64)')
    .optional(),
  NODE_DEAD_AFTER_MS: z.coerce.number().int().min(500).max(600_000).default(5000),
  DB_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  DATA_DIR: z.string().default('.data'),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  JWT_JWKS_URL: z.url().optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWT_TTL_S: seconds(24 * 3600),
  RING_TIMEOUT_S: seconds(45),
  RECONNECT_GRACE_S: seconds(20),
  SETUP_TIMEOUT_S: seconds(30),
  STUN_URLS: list,
  TURN_URLS: list,
  TURN_SECRET: z.string().optional(),
  TURN_TTL_S: seconds(3600),
  RELAY_ONLY: z.enum(['always', 'never', 'per-user']).default('per-user'),
  CORS_ORIGINS: list,
  TRUST_PROXY: list,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  REGISTRATION: z.enum(['open', 'closed', 'verified']).default('open'),
  REGISTRATION_CODE_TTL_S: z.coerce.number().int().min(60).max(3600).default(600),
  HOST_API_KEY: z.string().min(32, 'HOST_API_KEY must be at least 32 characters').optional(),
  OPERATOR_API_KEY: z.string().min(32, 'OPERATOR_API_KEY must be at least 32 characters').optional(),
  HOST_WEBHOOK_URL: z.url().optional(),
  HOST_WEBHOOK_SECRET: z
    .string()
    .regex(/^(whsec_)?[A-Za-z0-9+/]{32,}={0,2}$/, 'HOST_WEBHOOK_SECRET: whsec_ and base64 of at least 24 bytes')
    .optional(),
  HOST_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  HOST_WEBHOOK_RETRY_MAX_S: z.coerce.number().int().min(1).max(3600).default(300),
  METRICS_TOKEN: z.string().min(16).optional(),
  AUTH_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(1).default(20),
  API_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(1).default(600),
  SOCKET_EVENTS_PER_10S: z.coerce.number().int().min(1).default(300),
  MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).default(10),
  CALL_ATTEMPTS_PER_MIN: z.coerce.number().int().min(1).default(30),
  WEB_APPS_DIR: z.string().optional(),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(500).max(600_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  HTTP_KEEPALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  SOCKET_HANDSHAKE_TIMEOUT_MS: z.coerce.number().int().min(500).max(600_000).default(10_000),
  MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(256),
  NEW_CONNECTIONS_PER_IP_PER_S: z.coerce.number().int().min(1).max(1_000_000).default(64),
  ...pushEnv,
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | null;
  /** Set: this node is one of many, sharing live calls and presence through Redis. */
  redisUrl: string | null;
  /** Every key a cluster writes in Redis starts with this, so clusters (or test runs) can share one Redis. */
  redisPrefix: string;
  nodeId: string;
  nodeDeadAfterMs: number;
  /** Connect and statement timeout for PostgreSQL. */
  dbTimeoutMs: number;
  dataDir: string;
  jwtSecret: string | null;
  jwksUrl: string | null;
  jwtIssuer: string | null;
  /** The `aud` a host's (JWKS) token must name; required with JWT_JWKS_URL. */
  jwtAudience: string | null;
  jwtTtlS: number;
  ringTimeoutS: number;
  reconnectGraceS: number;
  /** Accept to media: an answered call that has not connected by then ends ice_failed. */
  setupTimeoutS: number;
  stunUrls: string[];
  turnUrls: string[];
  turnSecret: string | null;
  turnTtlS: number;
  relayOnly: 'always' | 'never' | 'per-user';
  corsOrigins: string[];
  /** Addresses of load balancers whose X-Forwarded-For is believed (Fastify trustProxy); empty: none. */
  trustProxy: string[] | false;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  /** Demo data and GET /api/demo/accounts: on by default only on the embedded database. */
  demo: boolean;
  /**
   * open: anyone signs up at once (a taken phone gets 409). closed: no sign-ups (a host marketplace brings its
   * accounts). verified: the host texts a one-time code and the answer never says whether a phone is taken.
   */
  registration: 'open' | 'closed' | 'verified';
  registrationCodeTtlS: number;
  /** The key the host's backend calls the provisioning API (/api/host/...) with; null: that API is off. */
  hostApiKey: string | null;
  /** The key operators' analytics (/api/ops/analytics) is read with; null: that API is off. */
  operatorApiKey: string | null;
  /** The host marketplace's backend, told of sign-up codes (and signed with its secret); null: none. */
  hostWebhook: { url: string; secret: string; timeoutMs: number; retryMaxS: number } | null;
  /** Bearer token for GET /metrics; without it /metrics answers loopback clients only. */
  metricsToken: string | null;
  authRateLimitPerMin: number;
  apiRateLimitPerMin: number;
  socketEventsPer10s: number;
  maxSocketsPerUser: number;
  callAttemptsPerMin: number;
  webAppsDir: string | null;
  push: PushSettings;
  connections: ConnectionLimits;
};

/** How long a client may take and how many connections one address may hold (docs in the README). */
export interface ConnectionLimits {
  /** The whole request head must be in by then, counted from the connection (a silent one included). */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** A socket.io client must complete its handshake (the namespace connect) within this. */
  handshakeTimeoutMs: number;
  /** Per client address; a trusted proxy's own address is not capped (many clients come through it). */
  maxPerIp: number;
  newPerIpPerS: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.TURN_URLS.length > 0 && !e.TURN_SECRET) throw new ConfigError('TURN_URLS is set but TURN_SECRET is not');
  if (e.JWT_JWKS_URL) {
    requireHttps('JWT_JWKS_URL', e.JWT_JWKS_URL);
    // A host's identity provider signs tokens for many services: only those meant for this one may pass.
    if (!e.JWT_AUDIENCE) throw new ConfigError('JWT_JWKS_URL is set but JWT_AUDIENCE is not');
  }
  if (e.HOST_WEBHOOK_URL) {
    requireHttps('HOST_WEBHOOK_URL', e.HOST_WEBHOOK_URL);
    if (!e.HOST_WEBHOOK_SECRET) throw new ConfigError('HOST_WEBHOOK_URL is set but HOST_WEBHOOK_SECRET is not');
  }
  if (e.REGISTRATION === 'verified' && !e.HOST_WEBHOOK_URL) {
    throw new ConfigError('REGISTRATION=verified needs HOST_WEBHOOK_URL: the host texts the sign-up codes');
  }
  const databaseUrl = e.DATABASE_URL?.trim() || null;
  if (e.REDIS_URL?.trim() && !databaseUrl) {
    throw new ConfigError('REDIS_URL is set but DATABASE_URL is not: nodes of a cluster share one PostgreSQL');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl,
    redisUrl: e.REDIS_URL?.trim() || null,
    redisPrefix: e.REDIS_PREFIX,
    nodeId: e.NODE_ID ?? `node-${randomBytes(4).toString('hex')}`,
    nodeDeadAfterMs: e.NODE_DEAD_AFTER_MS,
    dbTimeoutMs: e.DB_TIMEOUT_MS,
    dataDir: e.DATA_DIR,
    jwtSecret: e.JWT_SECRET ?? null,
    jwksUrl: e.JWT_JWKS_URL ?? null,
    jwtIssuer: e.JWT_ISSUER ?? null,
    jwtAudience: e.JWT_AUDIENCE ?? null,
    jwtTtlS: e.JWT_TTL_S,
    ringTimeoutS: e.RING_TIMEOUT_S,
    reconnectGraceS: e.RECONNECT_GRACE_S,
    setupTimeoutS: e.SETUP_TIMEOUT_S,
    stunUrls: e.STUN_URLS,
    turnUrls: e.TURN_URLS,
    turnSecret: e.TURN_SECRET ?? null,
    turnTtlS: e.TURN_TTL_S,
    relayOnly: e.RELAY_ONLY,
    corsOrigins: e.CORS_ORIGINS,
    trustProxy: e.TRUST_PROXY.length ? e.TRUST_PROXY : false,
    logLevel: e.LOG_LEVEL,
    demo: e.DEMO === 'on' || (e.DEMO === 'auto' && databaseUrl === null),
    registration: e.REGISTRATION,
    registrationCodeTtlS: e.REGISTRATION_CODE_TTL_S,
    hostApiKey: e.HOST_API_KEY ?? null,
    operatorApiKey: e.OPERATOR_API_KEY ?? null,
    hostWebhook:
      e.HOST_WEBHOOK_URL && e.HOST_WEBHOOK_SECRET
        ? {
            url: e.HOST_WEBHOOK_URL,
            secret: e.HOST_WEBHOOK_SECRET,
            timeoutMs: e.HOST_WEBHOOK_TIMEOUT_MS,
            retryMaxS: e.HOST_WEBHOOK_RETRY_MAX_S,
          }
        : null,
    metricsToken: e.METRICS_TOKEN ?? null,
    authRateLimitPerMin: e.AUTH_RATE_LIMIT_PER_MIN,
    apiRateLimitPerMin: e.API_RATE_LIMIT_PER_MIN,
    socketEventsPer10s: e.SOCKET_EVENTS_PER_10S,
    maxSocketsPerUser: e.MAX_SOCKETS_PER_USER,
    callAttemptsPerMin: e.CALL_ATTEMPTS_PER_MIN,
    webAppsDir: e.WEB_APPS_DIR ?? null,
    push: readPushSettings(e),
    connections: {
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: Math.max(e.HTTP_REQUEST_TIMEOUT_MS, e.HTTP_HEADERS_TIMEOUT_MS),
      keepAliveTimeoutMs: e.HTTP_KEEPALIVE_TIMEOUT_MS,
      handshakeTimeoutMs: e.SOCKET_HANDSHAKE_TIMEOUT_MS,
      maxPerIp: e.MAX_CONNECTIONS_PER_IP,
      newPerIpPerS: e.NEW_CONNECTIONS_PER_IP_PER_S,
    },
  };
}

/** The push services' settings; a key file that cannot be read is a configuration error like any other. */
function readPushSettings(e: Parameters<typeof pushSettings>[0]): PushSettings {
  try {
    return pushSettings(e);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

/** Secrets and keys travel only over TLS; plain http is allowed to this machine alone (development, tests). */
function requireHttps(name: string, url: string): void {
  const at = new URL(url);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(at.hostname);
  if (at.protocol !== 'https:' && !loopback) {
    throw new ConfigError(`${name} must be https (plain http only to a loopback address)`);
  }
}
