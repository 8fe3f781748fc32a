import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src/testing';
import { api } from '../support/http';
import { connect, connectError } from '../support/sockets';

/** Tokens issued by the host marketplace, verified against its JWKS (JWT_JWKS_URL). */
describe('tokens from the host marketplace (JWKS)', () => {
  let jwksServer: Server;
  let server: TestServer;
  let sign: (claims: Record<string, string>, kid?: string) => Promise<string>;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'market-1', alg: 'ES256', use: 'sig' };
    jwksServer = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', () => r()));
    const address = jwksServer.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    server = await startTestServer({
      env: {
        JWT_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
        JWT_ISSUER: 'https://market.example',
        JWT_AUDIENCE: 'calling',
      },
    });
    sign = ({ sub, role, name, aud = 'calling', exp = '5m' }, kid = 'market-1') => {
      const jwt = new SignJWT({ role, name })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setSubject(sub as string)
        .setIssuer('https://market.example');
      if (aud) jwt.setAudience(aud);
      if (exp) jwt.setExpirationTime(exp);
      return jwt.sign(privateKey);
    };
  });
  afterAll(async () => {
    await server?.close();
    await new Promise((r) => jwksServer?.close(r));
  });

  it('accepts a marketplace token on REST and on the socket handshake', async () => {
    const user = await server.createUser({ role: 'user' });
    const token = await sign({ sub: user.id, role: 'user', name: user.name });
    const me = await api(server.url, 'GET', '/api/me', { token });
    expect(me).toMatchObject({ status: 200, body: { data: { id: user.id, phone: user.phone } } });
    const s = await connect(server.url, token);
    expect(await s.emit('join', user.id)).toEqual({ ok: true, userId: user.id });
    s.close();
  });

  it('refuses a token signed by another key, or for another issuer', async () => {
    const user = await server.createUser({ role: 'user' });
    const { privateKey: other } = await generateKeyPair('ES256');
    const foreign = await new SignJWT({ role: 'user', name: 'x' })
      .setProtectedHeader({ alg: 'ES256', kid: 'market-1' })
      .setSubject(user.id)
      .setIssuer('https://market.example')
      .setAudience('calling')
      .setExpirationTime('5m')
      .sign(other);
    expect(await connectError(server.url, { token: foreign })).toMatchObject({ data: { code: 'unauthorized' } });
    expect(await api(server.url, 'GET', '/api/me', { token: foreign })).toMatchObject({
      status: 401,
      body: { status: 'error', code: 'unauthorized' },
    });
    // Our own HS256 tokens must carry the configured issuer too: the harness signs without one.
    expect(await connectError(server.url, { token: user.token })).toMatchObject({ data: { code: 'unauthorized' } });
  });

  it('refuses a host token meant for another audience, with no audience, or that never expires', async () => {
    const user = await server.createUser({ role: 'user' });
    const base = { sub: user.id, role: 'user', name: user.name };
    for (const token of [
      await sign({ ...base, aud: 'payments' }),
      await sign({ ...base, aud: '' }),
      await sign({ ...base, exp: '' }),
    ]) {
      expect(await connectError(server.url, { token })).toMatchObject({ data: { code: 'unauthorized' } });
      expect(await api(server.url, 'GET', '/api/me', { token })).toMatchObject({ status: 401 });
    }
  });
});

describe('host keys that cannot be fetched', () => {
  it('a good token is "unavailable, try again" while the JWKS is unreachable, and accepted once it is back', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'market-2', alg: 'ES256', use: 'sig' };
    // A port that is free now: nothing listens there until the key server starts below.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const address = probe.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await new Promise((r) => probe.close(r));
    const server = await startTestServer({
      env: { JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks`, JWT_AUDIENCE: 'calling' },
    });
    let keys: Server | null = null;
    try {
      const user = await server.createUser({ role: 'user' });
      const token = await new SignJWT({ role: 'user', name: user.name })
        .setProtectedHeader({ alg: 'ES256', kid: 'market-2' })
        .setSubject(user.id)
        .setAudience('calling')
        .setExpirationTime('5m')
        .sign(privateKey);
      expect(await connectError(server.url, { token })).toMatchObject({ data: { code: 'unavailable' } });
      expect(await api(server.url, 'GET', '/api/me', { token })).toMatchObject({
        status: 503,
        body: { status: 'error', code: 'unavailable' },
      });
      keys = createServer((_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys: [jwk] }));
      });
      await new Promise<void>((r) => keys?.listen(port, '127.0.0.1', () => r()));
      expect(await api(server.url, 'GET', '/api/me', { token })).toMatchObject({ status: 200 });
      const s = await connect(server.url, token);
      s.close();
    } finally {
      await server.close();
      if (keys) await new Promise((r) => keys?.close(r));
    }
  });
});
