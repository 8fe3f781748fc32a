import type { BookingStatus } from '@calling/protocol';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../../src/testing';
import { connect, type TestSocket } from './sockets';

export const DATABASES = ['pglite', 'postgres'] as const;
export type DbKind = (typeof DATABASES)[number];

/** One server per describe block; each test makes its own users and booking so tests never share state. */
export function useServer(db: DbKind, env: Record<string, string> = {}) {
  const ctx = { server: undefined as unknown as TestServer, sockets: [] as TestSocket[] };
  beforeAll(async () => {
    ctx.server = await startTestServer({ db, env });
  });
  afterAll(async () => {
    for (const s of ctx.sockets) s.close();
    await ctx.server?.close();
  });
  return {
    get server() {
      return ctx.server;
    },
    /** A customer, a provider, a booking between them, and a connected socket for each. */
    async pair(status: BookingStatus = 'accepted', opts: { userProtocol?: number; providerProtocol?: number } = {}) {
      const user = await ctx.server.createUser({ role: 'user' });
      const provider = await ctx.server.createUser({ role: 'provider' });
      const booking = await ctx.server.createBooking({ userId: user.id, providerId: provider.id, status });
      const userSocket = await this.socketFor(user, opts.userProtocol);
      const providerSocket = await this.socketFor(provider, opts.providerProtocol);
      return { user, provider, booking, userSocket, providerSocket };
    },
    async socketFor(who: TestUser, protocolVersion?: number) {
      const s = await connect(ctx.server.url, who.token, { protocolVersion: protocolVersion ?? 2 });
      ctx.sockets.push(s);
      return s;
    },
  };
}

/** `count` nodes in this process sharing PostgreSQL and Redis, for a describe block; `on` connects to one. */
export function useNodes(count: number, env: Record<string, string> = {}) {
  const ctx = { cluster: undefined as unknown as TestServer, sockets: [] as TestSocket[] };
  beforeAll(async () => {
    ctx.cluster = await startTestServer({ nodes: count, env });
  });
  afterAll(async () => {
    for (const s of ctx.sockets) s.close();
    await ctx.cluster?.close();
  });
  return {
    get cluster() {
      return ctx.cluster;
    },
    /** A socket of `who` on node `node` (0-based), closed after the block. */
    async on(node: number, who: TestUser) {
      const s = await connect(ctx.cluster.nodes[node]?.url ?? '', who.token);
      ctx.sockets.push(s);
      return s;
    },
  };
}
