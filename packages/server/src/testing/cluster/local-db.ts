import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The machine's own PostgreSQL (left running: only the database made here is dropped). */
export const LOCAL_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

/** A fresh database calling_cluster_<random> on an existing server; drop() removes it (and only it). */
export async function createDatabase(adminUrl = LOCAL_ADMIN_URL): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `calling_cluster_${randomBytes(6).toString('hex')}`;
  try {
    await admin(adminUrl, (c) => c.query(`create database ${name}`));
  } catch (err) {
    throw new Error(`could not create a database at ${adminUrl}: ${(err as Error).message}`);
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await admin(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
