import { mkdir } from 'node:fs/promises';
import { CallingError } from '@calling/protocol';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** The little the repositories need from a database: same SQL on PostgreSQL and on embedded PGlite. */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}
export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A database that does not answer: a typed `unavailable`, never a hang (SQL errors pass through as they are). */
function unreachable(err: unknown): unknown {
  const code = (err as { code?: string }).code ?? '';
  const sqlError = /^[0-9A-Z]{5}$/.test(code) && !/^(08|53|57)/.test(code);
  return sqlError ? err : new CallingError('unavailable', 'the database is unreachable; try again');
}

export async function openPostgres(url: string, timeoutMs = 5000): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs + 1000,
  });
  // An idle client's error (e.g. the server restarted) must not crash the process.
  pool.on('error', () => {});
  await pool.query('select 1');
  return {
    kind: 'postgres',
    query: async (sql, params) => {
      try {
        return await pool.query(sql, params as unknown[]);
      } catch (err) {
        throw unreachable(err);
      }
    },
    async transaction(fn) {
      const client = await pool.connect().catch((err) => {
        throw unreachable(err);
      });
      try {
        await client.query('begin');
        const out = await fn({ query: async (sql, params) => client.query(sql, params as unknown[]) });
        await client.query('commit');
        return out;
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    ping: async () => {
      await pool.query('select 1');
    },
    close: () => pool.end(),
  };
}

/** Embedded PostgreSQL (WASM) for the demo and tests: `dir` null means in memory. */
export async function openPglite(dir: string | null): Promise<Db> {
  if (dir) await mkdir(dir, { recursive: true });
  const db = new PGlite(dir ?? undefined);
  await db.waitReady;
  let closed = false;
  return {
    kind: 'pglite',
    query: async (sql, params) => db.query(sql, params as unknown[]),
    transaction: (fn) =>
      db.transaction((tx) => fn({ query: async (sql, params) => tx.query(sql, params as unknown[]) })),
    ping: async () => {
      if (closed) throw new Error('database closed');
      await db.query('select 1');
    },
    close: async () => {
      closed = true;
      await db.close();
    },
  };
}
