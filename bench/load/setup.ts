/**
 * What a run needs before the first call: a fresh PostgreSQL database (dropped afterwards), the users and
 * accepted bookings of every pair (inserted into PostgreSQL directly, or registered through the REST API when
 * the database is embedded in the server), tokens signed with the server's JWT_SECRET, and an empty Redis DB.
 */

import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import pg from 'pg';

export interface PairAccounts {
  callerId: string;
  callerToken: string;
  calleeId: string;
  calleeToken: string;
  bookingId: string;
}

export interface BenchDb {
  name: string;
  url: string;
  /** The cluster's postmaster, for its CPU; null when it cannot be read (not on this machine). */
  postmasterPid: number | null;
  drop(): Promise<void>;
  /** xact_commit + xact_rollback of this database (pg_stat_database: flushed by backends about once a second). */
  transactions(): Promise<number>;
}

const withClient = async <T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> => {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000, query_timeout: 30_000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
};

/** `create database calling_bench_<random>` on the cluster at adminUrl, with synchronous_commit if given. */
export async function createBenchDb(adminUrl: string, synchronousCommit: 'on' | 'off' | null): Promise<BenchDb> {
  const name = `calling_bench_${randomBytes(5).toString('hex')}`;
  const dataDir = await withClient(adminUrl, async (c) => {
    await c.query(`create database ${name}`);
    // A setting of this database alone (a diagnostic: is the server waiting on WAL flushes?).
    if (synchronousCommit) await c.query(`alter database ${name} set synchronous_commit = ${synchronousCommit}`);
    return (await c.query<{ data_directory: string }>('show data_directory')).rows[0]?.data_directory ?? null;
  }).catch((err: Error) => {
    throw new Error(
      `PostgreSQL is unreachable at ${adminUrl} (${err.message}); start it: ` +
        'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    );
  });
  let postmasterPid: number | null = null;
  for (const file of [dataDir && join(dataDir, 'postmaster.pid'), '/var/lib/postgresql/15/main/postmaster.pid']) {
    if (!file) continue;
    try {
      const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
      if (pid > 0) {
        postmasterPid = pid;
        break;
      }
    } catch {}
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    postmasterPid,
    drop: () => withClient(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`).then(() => {})),
    transactions: () =>
      withClient(adminUrl, async (c) => {
        const { rows } = await c.query<{ n: string }>(
          'select xact_commit + xact_rollback as n from pg_stat_database where datname = $1',
          [name],
        );
        return Number(rows[0]?.n ?? Number.NaN);
      }),
  };
}

const sign = (secret: string, sub: string, role: 'user' | 'provider', name: string) =>
  new SignJWT({ role, name })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('6h')
    .sign(new TextEncoder().encode(secret));

/** Straight into the tables of migrations/001_initial.sql, after the server ran its migrations. */
export async function accountsBySql(dbUrl: string, jwtSecret: string, pairs: number): Promise<PairAccounts[]> {
  const out: PairAccounts[] = [];
  await withClient(dbUrl, async (c) => {
    await c.query('begin');
    for (let i = 0; i < pairs; i++) {
      const callerId = randomUUID();
      const calleeId = randomUUID();
      const bookingId = randomUUID();
      const phone = (k: number) => `+1555${String(2 * i + k).padStart(7, '0')}`;
      await c.query(
        `insert into users (id, name, phone, role, password_hash, service_name) values
           ($1, $2, $3, 'user', 'bench: no login', null), ($4, $5, $6, 'provider', 'bench: no login', 'Bench service')`,
        [callerId, `Bench caller ${i}`, phone(0), calleeId, `Bench provider ${i}`, phone(1)],
      );
      await c.query(
        `insert into bookings (id, user_id, provider_id, service_name, status) values ($1, $2, $3, 'Bench service', 'accepted')`,
        [bookingId, callerId, calleeId],
      );
      out.push({
        callerId,
        calleeId,
        bookingId,
        callerToken: await sign(jwtSecret, callerId, 'user', `Bench caller ${i}`),
        calleeToken: await sign(jwtSecret, calleeId, 'provider', `Bench provider ${i}`),
      });
    }
    await c.query('commit');
  });
  return out;
}

async function api<T>(base: string, path: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body ?? {}),
    signal: AbortSignal.timeout(30_000),
  });
  const json = (await res.json()) as { status: string; data?: T; code?: string; message?: string };
  if (json.status !== 'success' || json.data === undefined) {
    throw new Error(`POST ${path}: ${res.status} ${json.code ?? ''} ${json.message ?? ''}`);
  }
  return json.data;
}

/** Through the REST API (register, book, accept): for the embedded database, which only the server can open. */
export async function accountsByRest(baseUrl: string, pairs: number): Promise<PairAccounts[]> {
  const tag = randomBytes(2).readUInt16BE(0) % 1000;
  const one = async (i: number): Promise<PairAccounts> => {
    type Reg = { token: string; user: { id: string } };
    const phone = (k: number) => `+1556${String(tag).padStart(3, '0')}${String(2 * i + k).padStart(5, '0')}`;
    const password = 'bench-password';
    const caller = await api<Reg>(baseUrl, '/api/auth/register', {
      name: `Bench caller ${i}`,
      phone: phone(0),
      password,
      role: 'user',
    });
    const callee = await api<Reg>(baseUrl, '/api/auth/register', {
      name: `Bench provider ${i}`,
      phone: phone(1),
      password,
      role: 'provider',
      serviceName: 'Bench service',
    });
    const booking = await api<{ id: string }>(
      baseUrl,
      '/api/bookings',
      { providerId: callee.user.id, serviceName: 'Bench service' },
      caller.token,
    );
    await api(baseUrl, `/api/bookings/${booking.id}/accept`, {}, callee.token);
    return {
      callerId: caller.user.id,
      callerToken: caller.token,
      calleeId: callee.user.id,
      calleeToken: callee.token,
      bookingId: booking.id,
    };
  };
  const out: PairAccounts[] = new Array(pairs);
  let next = 0;
  // A few at a time: registration hashes a password (scrypt) on the server's single core.
  await Promise.all(
    Array.from({ length: Math.min(4, pairs) }, async () => {
      while (next < pairs) {
        const i = next++;
        out[i] = await one(i);
      }
    }),
  );
  return out;
}

/** Users for the bare relay: ids only, no tokens. */
export const relayAccounts = (pairs: number): PairAccounts[] =>
  Array.from({ length: pairs }, () => ({
    callerId: randomUUID(),
    calleeId: randomUUID(),
    bookingId: randomUUID(),
    callerToken: '',
    calleeToken: '',
  }));

/**
 * Sends commands to the Redis DB named by the URL (redis://[user:pass@]host:port/DB) over a bare RESP
 * connection and returns the reply to each (simple strings, integers and bulk strings; an error reply throws).
 */
async function redis(redisUrl: string, ...commands: string[][]): Promise<string[]> {
  const u = new URL(redisUrl);
  const db = Number(u.pathname.replace('/', '') || '0');
  const enc = (args: string[]) =>
    `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  const auth = u.password ? [u.username ? ['AUTH', u.username, u.password] : ['AUTH', u.password]] : [];
  const all = [...auth, ['SELECT', String(db)], ...commands];
  const replies = await new Promise<string[]>((resolve, reject) => {
    const sock = createConnection({ host: u.hostname, port: Number(u.port || 6379) });
    const timer = setTimeout(() => fail(new Error('no answer within 5 s')), 5_000);
    let buf = Buffer.alloc(0);
    const fail = (err: Error) => {
      clearTimeout(timer);
      sock.destroy();
      reject(new Error(`Redis at ${redisUrl}: ${err.message}`));
    };
    /** Whole replies at the front of buf, or null while one is still incomplete. */
    const parse = (): string[] | null => {
      const out: string[] = [];
      let at = 0;
      while (out.length < all.length) {
        const eol = buf.indexOf('\r\n', at);
        if (eol < 0) return null;
        const line = buf.subarray(at, eol).toString();
        if (line.startsWith('-')) throw new Error(line.slice(1));
        if (line.startsWith('$')) {
          const len = Number(line.slice(1));
          if (buf.length < eol + 2 + Math.max(0, len) + 2) return null;
          out.push(len < 0 ? '' : buf.subarray(eol + 2, eol + 2 + len).toString());
          at = eol + 2 + Math.max(0, len) + 2;
        } else {
          out.push(line.slice(1));
          at = eol + 2;
        }
      }
      return out;
    };
    sock.on('error', fail);
    sock.on('connect', () => sock.write(all.map(enc).join('')));
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      try {
        const done = parse();
        if (!done) return;
        clearTimeout(timer);
        sock.end();
        resolve(done);
      } catch (err) {
        fail(err as Error);
      }
    });
  });
  return replies.slice(all.length - commands.length);
}

/** FLUSHDB on the Redis DB named by the URL. */
export async function flushRedisDb(redisUrl: string): Promise<void> {
  await redis(redisUrl, ['FLUSHDB']);
}

/** The redis-server's PID (INFO server), so its CPU counts as part of a multi-node run; null if not local. */
export async function redisPid(redisUrl: string): Promise<number | null> {
  const [info = ''] = await redis(redisUrl, ['INFO', 'server']);
  const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
  if (!(pid > 0)) return null;
  try {
    readFileSync(`/proc/${pid}/stat`);
    return pid;
  } catch {
    return null;
  }
}
