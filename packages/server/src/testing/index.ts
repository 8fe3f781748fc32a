export * from './cluster';
export { type Coturn, type CoturnOptions, startCoturn } from './coturn';
export { type SimCall, SimDevice } from './sim-client';
export { SOURCE_CONDITION } from './source-condition';
export { type Impairment, type UdpImpairment, udpImpairment } from './udp-impairment';

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BookingStatus, CallLog, Role } from '@calling/protocol';
import { type RunningServer, startServer } from '../app';
import { createTokenService } from '../auth/tokens';
import { loadConfig } from '../config';
import type { Logger } from '../ops/logger';
import { bookingsRepo } from '../store/bookings';
import { callLogsRepo } from '../store/call-logs';
import type { Db } from '../store/db';
import { usersRepo } from '../store/users';
import { openTestDb } from './databases';

export interface TestUser {
  id: string;
  name: string;
  role: Role;
  phone: string;
  token: string;
}
export interface TestServer {
  url: string;
  db: Db;
  server: RunningServer;
  /** Every node (one unless `nodes` was given); `server` is the first. */
  nodes: RunningServer[];
  createUser(input: { role: Role; name?: string; serviceName?: string }): Promise<TestUser>;
  createBooking(input: { userId: string; providerId: string; status?: BookingStatus; serviceName?: string }): Promise<{
    id: string;
  }>;
  callLogs(bookingId: string): Promise<CallLog[]>;
  /** Sign a token with arbitrary claims/expiry (for security tests). */
  sign(claims: { sub: string; role: Role; name: string }, ttlS?: number): Promise<string>;
  /** Stops the server (not the database), stays down for downForMs, starts a new one on the same port and data. */
  restart(env?: Record<string, string>, downForMs?: number): Promise<void>;
  close(): Promise<void>;
}

let phoneCounter = Math.floor(Math.random() * 1e6);
/** Every phone number `createUser` made in this module instance (one per test file), with its owner's id. */
export const createdPhones = new Map<string, string>();

/** A real server on a free loopback port with a throwaway database, for integration tests of any package. */
export async function startTestServer(
  opts: {
    db?: 'pglite' | 'postgres';
    env?: Record<string, string>;
    logger?: Logger;
    /** Several nodes in this process sharing the database and Redis (REDIS_URL, default the local Redis). */
    nodes?: number;
  } = {},
): Promise<TestServer> {
  const nodeCount = opts.nodes ?? 1;
  const { db, drop } = await openTestDb(opts.db ?? (nodeCount > 1 ? 'postgres' : 'pglite'));
  const dataDir = await mkdtemp(join(tmpdir(), 'calling-test-'));
  const secret = randomBytes(32).toString('hex');
  const baseEnv = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    JWT_SECRET: secret,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DEMO: 'off',
    AUTH_RATE_LIMIT_PER_MIN: '100000',
    API_RATE_LIMIT_PER_MIN: '100000',
    CALL_ATTEMPTS_PER_MIN: '100000',
    // Every test client is 127.0.0.1: the per-address connection caps are lifted unless env sets them.
    MAX_CONNECTIONS_PER_IP: '100000',
    NEW_CONNECTIONS_PER_IP_PER_S: '100000',
    ...(nodeCount > 1
      ? {
          REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
          // Each harness has its own keys, so test files running side by side never see each other's calls.
          REDIS_PREFIX: `test-${randomBytes(6).toString('hex')}:`,
          DATABASE_URL: 'shared-test-db',
        }
      : {}),
    ...opts.env,
  };
  const start = (env: Record<string, string>) =>
    startServer(loadConfig(env), { db, ...(opts.logger ? { logger: opts.logger } : {}) });
  const nodes: RunningServer[] = [];
  for (let i = 0; i < nodeCount; i++) {
    nodes.push(await start(nodeCount > 1 ? { ...baseEnv, NODE_ID: `node-${i + 1}` } : baseEnv));
  }
  let server = nodes[0] as RunningServer;
  const users = usersRepo(db);
  const bookings = bookingsRepo(db);
  const logs = callLogsRepo(db);

  const harness: TestServer = {
    get url() {
      return server.url;
    },
    db,
    get server() {
      return server;
    },
    nodes,
    async createUser({ role, name, serviceName }) {
      phoneCounter += 1;
      const phone = `+1999${String(phoneCounter).padStart(7, '0')}`;
      const userName = name ?? `${role === 'user' ? 'Customer' : 'Provider'} ${phoneCounter}`;
      const row = await users.create({
        name: userName,
        phone,
        role,
        passwordHash: 'not-a-login',
        serviceName: role === 'provider' ? (serviceName ?? 'Plumbing') : null,
      });
      if (!row) throw new Error('test user could not be created');
      createdPhones.set(phone, row.id);
      return {
        id: row.id,
        name: row.name,
        role,
        phone,
        token: await harness.sign({ sub: row.id, role, name: row.name }),
      };
    },
    async createBooking({ userId, providerId, status, serviceName }) {
      return {
        id: await bookings.create({
          userId,
          providerId,
          status: status ?? 'accepted',
          serviceName: serviceName ?? 'Plumbing',
        }),
      };
    },
    callLogs: (bookingId) => logs.history(bookingId, 100, undefined),
    sign(claims, ttlS = 3600) {
      return createTokenService({ secret, jwksUrl: null, issuer: null, audience: null, ttlS }).sign(claims);
    },
    async restart(env = {}, downForMs = 0) {
      const port = String(server.port);
      await server.close();
      await new Promise((r) => setTimeout(r, downForMs));
      server = await start({ ...baseEnv, ...env, PORT: port });
      nodes[0] = server;
    },
    async close() {
      for (const node of nodes) await node.close();
      await drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
export * from './push-services';
