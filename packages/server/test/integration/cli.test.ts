import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SOURCE_CONDITION } from '../../src/testing';
import { api, dataOf } from '../support/http';

const serverDir = fileURLToPath(new URL('../../', import.meta.url));

/** `npm start` as a newcomer runs it: embedded database, demo data, URL and accounts printed, SIGTERM exits. */
describe('the server CLI', () => {
  let child: ChildProcess | undefined;
  let dataDir = '';
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('starts on the embedded database with demo accounts, serves them, and shuts down on SIGTERM', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'calling-cli-'));
    const proc = spawn(process.execPath, [SOURCE_CONDITION, '--import', 'tsx', 'src/cli.ts'], {
      cwd: serverDir,
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let out = '';
    proc.stdout?.on('data', (d) => {
      out += d;
    });
    proc.stderr?.on('data', (d) => {
      out += d;
    });
    const deadline = Date.now() + 30_000;
    while (!/Demo accounts[\s\S]*provider/.test(out)) {
      if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const url = /Private calling server: (http:\/\/\S+)/.exec(out)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(out).toContain(`embedded (${dataDir}/pglite)`);
    const phone = /user\s+Alice Customer\s+(\+\d+) \/ (\S+)/.exec(out);
    const base = String(url);
    const accounts = dataOf<{ accounts: unknown[] }>(await api(base, 'GET', '/api/demo/accounts'));
    expect(accounts.accounts).toContainEqual({
      name: 'Alice Customer',
      phone: phone?.[1],
      password: phone?.[2],
      role: 'user',
    });
    const login = dataOf<{ token: string }>(
      await api(base, 'POST', '/api/auth/login', { body: { phone: phone?.[1], password: phone?.[2] } }),
    );
    const me = dataOf(await api(base, 'GET', '/api/me', { token: login.token }));
    expect(me).toMatchObject({ name: 'Alice Customer', phone: phone?.[1] });
    const bookings = dataOf<{ status: string }[]>(await api(base, 'GET', '/api/bookings', { token: login.token }));
    const statuses = new Set(bookings.map((b) => b.status));
    expect([...statuses].sort()).toEqual(['accepted', 'cancelled', 'completed', 'in_progress', 'pending']);

    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    const t0 = Date.now();
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
