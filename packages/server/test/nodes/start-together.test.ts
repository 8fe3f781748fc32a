import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startServer } from '../../src/app';
import { loadConfig } from '../../src/config';
import { openTestDb } from '../../src/testing/databases';

it('nodes starting at the same moment on one database migrate and seed the demo once', async () => {
  const { db, drop } = await openTestDb('postgres');
  const dataDir = await mkdtemp(join(tmpdir(), 'calling-together-'));
  const env = {
    PORT: '0',
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    DEMO: 'on',
    DATABASE_URL: 'shared-test-db',
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `test-${randomBytes(6).toString('hex')}:`,
  };
  try {
    const nodes = await Promise.all(
      ['a', 'b', 'c'].map((id) => startServer(loadConfig({ ...env, NODE_ID: `node-${id}` }), { db })),
    );
    const { rows } = await db.query<{ n: number }>("select count(*)::int as n from users where phone like '+1555000%'");
    expect(rows[0]?.n).toBe(4);
    const bookings = await db.query<{ n: number }>('select count(*)::int as n from bookings');
    expect(bookings.rows[0]?.n).toBe(7);
    for (const node of nodes) expect(node.demoAccounts?.map((a) => a.phone)).toHaveLength(4);
    for (const node of nodes) await node.close();
  } finally {
    await drop();
    await rm(dataDir, { recursive: true, force: true });
  }
});
