import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RegistrationCodeRequested } from '@calling/protocol';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { startTestServer, type TestServer } from '../../src/testing';
import { api } from '../support/http';

const SECRET = `whsec_${Buffer.from('a host and this server share these bytes').toString('base64')}`;

/** The host marketplace's backend: checks our signature and keeps what it would text to each phone. */
async function fakeHost() {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  let answerStatus = 204;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answerStatus;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/calling`;
  return {
    url,
    received,
    answerWith: (status: number) => (answerStatus = status),
    /** The last event, verified the way a host would, with the Standard Webhooks library. */
    lastEvent() {
      const last = received.at(-1);
      if (!last) throw new Error('the host received nothing');
      const verified = new Webhook(SECRET).verify(last.body, last.headers as Record<string, string>) as {
        type: string;
        data: unknown;
      };
      return { type: verified.type, data: RegistrationCodeRequested.parse(verified.data) };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const signUp = (url: string, phone: string, password = 'a-long-password') =>
  api(url, 'POST', '/api/auth/register', { body: { name: 'New Person', phone, password, role: 'user' } });
const verify = (url: string, phone: string, code: string) =>
  api(url, 'POST', '/api/auth/register/verify', { body: { phone, code } });
const login = (url: string, phone: string, password: string) =>
  api(url, 'POST', '/api/auth/login', { body: { phone, password } });

let phoneSeq = Math.floor(Math.random() * 1e6);
const freshPhone = () => `+1444${String(phoneSeq++).padStart(7, '0')}`;

describe.each(['pglite', 'postgres'] as const)('REGISTRATION=verified on %s', (db) => {
  let host: Awaited<ReturnType<typeof fakeHost>>;
  let server: TestServer;
  beforeAll(async () => {
    host = await fakeHost();
    server = await startTestServer({
      db,
      env: { REGISTRATION: 'verified', HOST_WEBHOOK_URL: host.url, HOST_WEBHOOK_SECRET: SECRET },
    });
  });
  afterAll(async () => {
    await server?.close();
    await host?.close();
  });
  beforeEach(() => host.answerWith(204));

  it('answers a taken phone exactly as a free one; only the host learns which it was', async () => {
    const existing = await server.createUser({ role: 'user' });
    const taken = await signUp(server.url, existing.phone);
    const takenEvent = host.lastEvent();
    const free = await signUp(server.url, freshPhone());
    const freeEvent = host.lastEvent();

    expect(taken.status).toBe(202);
    expect(free.status).toBe(202);
    expect(taken.text).toBe(free.text);
    expect(free.body).toEqual({ status: 'success', data: { status: 'code_sent', expiresInS: 600 } });

    expect(takenEvent).toEqual({
      type: 'registration.code_requested',
      data: { phone: existing.phone, accountExists: true, code: null, expiresAt: null },
    });
    expect(freeEvent.type).toBe('registration.code_requested');
    expect(freeEvent.data).toMatchObject({ accountExists: false, code: expect.stringMatching(/^\d{6}$/) });
  });

  it('creates the account with the code the host sent, once', async () => {
    const phone = freshPhone();
    expect((await signUp(server.url, phone, 'my-own-password')).status).toBe(202);
    const { code } = host.lastEvent().data;
    expect((await login(server.url, phone, 'my-own-password')).status).toBe(401);

    const verified = await verify(server.url, phone, code as string);
    expect(verified).toMatchObject({ status: 201, body: { status: 'success', data: { user: { role: 'user' } } } });
    expect(verified.text).not.toContain(phone);
    const me = await api(server.url, 'GET', '/api/me', {
      token: (verified.body.data as { token: string }).token,
    });
    expect(me.body).toMatchObject({ data: { phone, name: 'New Person' } });
    expect((await login(server.url, phone, 'my-own-password')).status).toBe(200);

    const again = await verify(server.url, phone, code as string);
    expect(again).toMatchObject({ status: 401, body: { status: 'error', code: 'unauthorized' } });
  });

  it("never completes a sign-up on a taken phone, and leaves its owner's account as it was", async () => {
    const existing = await server.createUser({ role: 'user' });
    const stored = () => server.db.query('select * from users where phone = $1', [existing.phone]);
    const before = (await stored()).rows;
    await signUp(server.url, existing.phone, 'an-intruders-password');
    const wrongForTaken = await verify(server.url, existing.phone, '123456');
    const free = freshPhone();
    await signUp(server.url, free);
    const rightCode = host.lastEvent().data.code as string;
    const wrongCode = rightCode === '000000' ? '000001' : '000000';
    const wrongForFree = await verify(server.url, free, wrongCode);

    expect(wrongForTaken.status).toBe(401);
    expect(wrongForTaken.text).toBe(wrongForFree.text);
    expect((await login(server.url, existing.phone, 'an-intruders-password')).status).toBe(401);
    expect((await stored()).rows).toEqual(before);
  });

  it('refuses the right code after five wrong guesses', async () => {
    const phone = freshPhone();
    await signUp(server.url, phone);
    const code = host.lastEvent().data.code as string;
    const wrong = code === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i++) expect((await verify(server.url, phone, wrong)).status).toBe(401);
    expect((await verify(server.url, phone, code)).status).toBe(401);
    expect((await login(server.url, phone, 'a-long-password')).status).toBe(401);
  });

  it('refuses an expired code, and a newer sign-up replaces the older code', async () => {
    const phone = freshPhone();
    await signUp(server.url, phone);
    const first = host.lastEvent().data.code as string;
    await server.db.query(`update registration_codes set expires_at = now() - interval '1 second' where phone = $1`, [
      phone,
    ]);
    expect((await verify(server.url, phone, first)).status).toBe(401);

    await signUp(server.url, phone);
    const second = host.lastEvent().data.code as string;
    if (second !== first) expect((await verify(server.url, phone, first)).status).toBe(401);
    expect((await verify(server.url, phone, second)).status).toBe(201);
  });

  it('tells the requester to try again when the host does not take the code, and creates nothing', async () => {
    host.answerWith(500);
    const phone = freshPhone();
    const res = await signUp(server.url, phone);
    expect(res).toMatchObject({ status: 503, body: { status: 'error', code: 'unavailable' } });
    expect(res.text).not.toContain(host.url);
    const users = await server.db.query('select 1 from users where phone = $1', [phone]);
    expect(users.rows).toHaveLength(0);
  });

  it('refuses malformed verification bodies with invalid_payload', async () => {
    for (const body of [{ phone: freshPhone() }, { phone: freshPhone(), code: '12345' }, { code: '123456' }]) {
      expect(await api(server.url, 'POST', '/api/auth/register/verify', { body })).toMatchObject({
        status: 400,
        body: { status: 'error', code: 'invalid_payload' },
      });
    }
  });
});

describe('code verification off', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it('has no verify step when sign-ups are open', async () => {
    expect(await verify(server.url, freshPhone(), '123456')).toMatchObject({
      status: 403,
      body: { status: 'error', code: 'forbidden' },
    });
  });
});

describe('REGISTRATION=verified configuration', () => {
  it('needs a host webhook, signed, over TLS unless it is this machine', () => {
    expect(() => loadConfig({ REGISTRATION: 'verified' })).toThrow(ConfigError);
    expect(() => loadConfig({ REGISTRATION: 'verified', HOST_WEBHOOK_URL: 'http://127.0.0.1:9/hooks' })).toThrow(
      /HOST_WEBHOOK_SECRET/,
    );
    expect(() =>
      loadConfig({
        REGISTRATION: 'verified',
        HOST_WEBHOOK_URL: 'http://hooks.example.com/x',
        HOST_WEBHOOK_SECRET: SECRET,
      }),
    ).toThrow(/https/);
    expect(() => loadConfig({ HOST_WEBHOOK_URL: 'https://hooks.example.com/x', HOST_WEBHOOK_SECRET: 'short' })).toThrow(
      /HOST_WEBHOOK_SECRET/,
    );
    const ok = loadConfig({
      REGISTRATION: 'verified',
      HOST_WEBHOOK_URL: 'https://hooks.example.com/x',
      HOST_WEBHOOK_SECRET: SECRET,
    });
    expect(ok).toMatchObject({ registration: 'verified', hostWebhook: { url: 'https://hooks.example.com/x' } });
  });
});
